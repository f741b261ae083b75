package wsrpc

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/coder/websocket"
)

// echoServer answers every request with {"id": id, "result": method} after
// first sending an event, so that a test sees both kinds of message.
func echoServer(t *testing.T) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ws, err := websocket.Accept(w, r, nil)
		if err != nil {
			t.Errorf("accept: %v", err)
			return
		}
		defer ws.CloseNow()
		for {
			_, data, err := ws.Read(r.Context())
			if err != nil {
				return
			}
			var req struct {
				ID     int64  `json:"id"`
				Method string `json:"method"`
			}
			if err := json.Unmarshal(data, &req); err != nil {
				t.Errorf("bad request %s: %v", data, err)
				return
			}
			if req.Method == "bye" {
				ws.Close(websocket.StatusNormalClosure, "bye")
				return
			}
			ev, _ := json.Marshal(map[string]any{"method": "event." + req.Method})
			ans, _ := json.Marshal(map[string]any{"id": req.ID, "result": req.Method})
			if ws.Write(r.Context(), websocket.MessageText, ev) != nil || ws.Write(r.Context(), websocket.MessageText, ans) != nil {
				return
			}
		}
	}))
}

func TestCallGetsItsAnswerAndEventsGoToEvents(t *testing.T) {
	srv := echoServer(t)
	defer srv.Close()
	ctx := context.Background()
	c, err := Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, m := range []string{"a.one", "b.two"} {
		ans, err := c.Call(ctx, m, nil, map[string]any{"sessionId": "s"})
		if err != nil {
			t.Fatal(err)
		}
		var got struct{ Result string }
		if err := json.Unmarshal(ans, &got); err != nil || got.Result != m {
			t.Fatalf("answer to %s = %s (%v)", m, ans, err)
		}
		ev := <-c.Events()
		if !strings.Contains(string(ev), "event."+m) {
			t.Fatalf("event for %s = %s", m, ev)
		}
	}
}

func TestCallAfterCloseFailsWithContext(t *testing.T) {
	srv := echoServer(t)
	defer srv.Close()
	ctx := context.Background()
	c, err := Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http"))
	if err != nil {
		t.Fatal(err)
	}
	// The server hangs up instead of answering "bye".
	if _, err := c.Call(ctx, "bye", nil, nil); err == nil {
		t.Fatal("Call answered by a hang-up returned no error")
	}
	<-c.Done()
	if _, err := c.Call(ctx, "x.y", nil, nil); err == nil || !strings.Contains(err.Error(), "x.y") {
		t.Fatalf("Call after close: %v", err)
	}
}
