// Package wsrpc is a small JSON request/response client over a websocket,
// the shape shared by the Chrome DevTools protocol and WebDriver BiDi: a
// request carries an "id", its answer carries the same id, and anything
// without a known id is an event. The conformance targets use it to drive
// real browsers.
package wsrpc

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	"github.com/coder/websocket"
)

// Conn is one websocket connection. Call may be used from several
// goroutines; events arrive on Events in the order the browser sent them.
type Conn struct {
	ws     *websocket.Conn
	events chan json.RawMessage

	mu      sync.Mutex
	nextID  int64
	waiting map[int64]chan json.RawMessage
	err     error // why the read loop ended
	done    chan struct{}
}

// Dial connects to url. Events that nobody reads are kept up to the
// buffer's size and then dropped oldest-first is not attempted: a full
// buffer blocks the reader, so callers that do not want events should
// drain Events.
func Dial(ctx context.Context, url string) (*Conn, error) {
	ws, _, err := websocket.Dial(ctx, url, nil)
	if err != nil {
		return nil, fmt.Errorf("wsrpc: dialing %s: %w", url, err)
	}
	ws.SetReadLimit(64 << 20)
	c := &Conn{
		ws:      ws,
		events:  make(chan json.RawMessage, 1024),
		waiting: map[int64]chan json.RawMessage{},
		done:    make(chan struct{}),
	}
	go c.readLoop()
	return c, nil
}

// Events delivers every message that is not the answer to a Call.
func (c *Conn) Events() <-chan json.RawMessage { return c.events }

// Done is closed when the connection ended; Err says why.
func (c *Conn) Done() <-chan struct{} { return c.done }

// Err is why the connection ended, once Done is closed.
func (c *Conn) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

func (c *Conn) readLoop() {
	defer close(c.events)
	for {
		_, data, err := c.ws.Read(context.Background())
		if err != nil {
			c.mu.Lock()
			c.err = err
			for id, ch := range c.waiting {
				close(ch)
				delete(c.waiting, id)
			}
			c.mu.Unlock()
			close(c.done)
			return
		}
		var head struct {
			ID *int64 `json:"id"`
		}
		if json.Unmarshal(data, &head) == nil && head.ID != nil {
			c.mu.Lock()
			ch, ok := c.waiting[*head.ID]
			delete(c.waiting, *head.ID)
			c.mu.Unlock()
			if ok {
				ch <- data
				continue
			}
		}
		c.events <- data
	}
}

// Call sends {"id": n, "method": method, "params": params} plus the extra
// top-level fields (e.g. CDP's "sessionId") and returns the whole answer
// message, raw: CDP and BiDi shape results and errors differently.
func (c *Conn) Call(ctx context.Context, method string, params any, extra map[string]any) (json.RawMessage, error) {
	c.mu.Lock()
	if c.err != nil {
		err := c.err
		c.mu.Unlock()
		return nil, fmt.Errorf("wsrpc: %s: connection closed: %w", method, err)
	}
	c.nextID++
	id := c.nextID
	ch := make(chan json.RawMessage, 1)
	c.waiting[id] = ch
	c.mu.Unlock()

	msg := map[string]any{"id": id, "method": method, "params": params}
	if params == nil {
		msg["params"] = map[string]any{}
	}
	for k, v := range extra {
		msg[k] = v
	}
	data, err := json.Marshal(msg)
	if err != nil {
		return nil, fmt.Errorf("wsrpc: encoding %s: %w", method, err)
	}
	if err := c.ws.Write(ctx, websocket.MessageText, data); err != nil {
		return nil, fmt.Errorf("wsrpc: sending %s: %w", method, err)
	}
	select {
	case ans, ok := <-ch:
		if !ok {
			return nil, fmt.Errorf("wsrpc: %s: connection closed before the answer: %w", method, c.Err())
		}
		return ans, nil
	case <-ctx.Done():
		c.mu.Lock()
		delete(c.waiting, id)
		c.mu.Unlock()
		return nil, fmt.Errorf("wsrpc: %s: %w", method, ctx.Err())
	}
}

// Close closes the connection.
func (c *Conn) Close() error {
	err := c.ws.Close(websocket.StatusNormalClosure, "")
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}
