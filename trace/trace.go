// Package trace is the event log of a simulated browser: every connect,
// dispatch, message, disconnect and one-off reply, stamped with virtual time.
//
// Producers (the router today; the browser model and the JS layer later) emit
// Events to a Sink. A Log collects them in memory and writes them as JSON
// lines, the format `extsim run --trace` produces. Because the scheduler is
// deterministic, two runs with the same inputs and seed write the same bytes,
// which is what the determinism tests compare.
package trace

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"time"
)

// Event is one observable step. Empty fields are omitted from the JSON form.
type Event struct {
	// At is the virtual time since the browser started.
	At time.Duration `json:"t"`
	// Kind names the step, e.g. "port.connect", "port.deliver".
	Kind string `json:"kind"`
	// Channel is the channel (port or one-off message) the step belongs to.
	Channel uint64 `json:"ch,omitempty"`
	// From and To label the contexts involved (see router.Identity.Label).
	From string `json:"from,omitempty"`
	To   string `json:"to,omitempty"`
	// Name is the port name of a connect.
	Name string `json:"name,omitempty"`
	// Size is the serialized size of a message in bytes.
	Size int `json:"size,omitempty"`
	// Error is the error text a step carries (lastError / port.error).
	Error string `json:"error,omitempty"`
	// Reason says why a context closed or a message was dropped.
	Reason string `json:"reason,omitempty"`
	// Payload is the message as JSON, when the producer recorded it.
	Payload json.RawMessage `json:"payload,omitempty"`
}

// Sink receives events. Implementations are called on the scheduler's
// goroutine only, so they need no locking.
type Sink interface {
	Emit(Event)
}

// Log is a Sink that keeps every event in order.
type Log struct {
	Events []Event
}

// Emit appends e.
func (l *Log) Emit(e Event) { l.Events = append(l.Events, e) }

// WriteJSONL writes one JSON object per line.
func (l *Log) WriteJSONL(w io.Writer) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	for i, e := range l.Events {
		if err := enc.Encode(e); err != nil {
			return fmt.Errorf("trace: writing event %d (%s): %w", i, e.Kind, err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("trace: flushing: %w", err)
	}
	return nil
}
