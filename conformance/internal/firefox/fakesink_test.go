package firefox

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/extsim/extsim/conformance/internal/suite"
)

// fakeReports stands in for the harness's loopback server: it serves the
// test page and collects the test extension's reports by token. The test
// extension does not use the real shim; it posts {token, ctx, kind, text}.
type fakeReports struct {
	srv *httptest.Server

	mu    sync.Mutex
	cases map[string]*fakeCase
	// onWait, if set, runs when Wait is called (before it waits).
	onWait func()
}

type fakeCase struct {
	log      map[string][]string
	result   *suite.Result
	finished chan struct{}
}

func newFakeReports(t *testing.T) *fakeReports {
	f := &fakeReports{cases: map[string]*fakeCase{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /page.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<!doctype html><title>test page</title><p>loopback page"))
	})
	mux.HandleFunc("POST /report", func(w http.ResponseWriter, r *http.Request) {
		// The background's fetch is cross-origin: allow it whatever the
		// extension's host permissions, so that "granted false" arrives.
		w.Header().Set("Access-Control-Allow-Origin", "*")
		var rep struct{ Token, Ctx, Kind, Text string }
		if err := json.NewDecoder(r.Body).Decode(&rep); err != nil {
			t.Errorf("bad report: %v", err)
			return
		}
		f.add(rep.Token, rep.Ctx, rep.Kind, rep.Text)
	})
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeReports) get(token string) *fakeCase {
	c := f.cases[token]
	if c == nil {
		c = &fakeCase{log: map[string][]string{}, finished: make(chan struct{})}
		f.cases[token] = c
	}
	return c
}

func (f *fakeReports) add(token, ctx, kind, text string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := f.get(token)
	if c.result != nil {
		return
	}
	switch kind {
	case "log":
		c.log[ctx] = append(c.log[ctx], text)
	case "done", "fail":
		out := suite.Pass
		if kind == "fail" {
			out = suite.Fail
		}
		c.result = &suite.Result{Outcome: out, Message: text, Log: c.log}
		close(c.finished)
	}
}

// logOf is what arrived for token so far.
func (f *fakeReports) logOf(token string) map[string][]string {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string][]string{}
	for k, v := range f.get(token).log {
		out[k] = append([]string(nil), v...)
	}
	return out
}

func (f *fakeReports) Wait(ctx context.Context, token string) *suite.Result {
	f.mu.Lock()
	c := f.get(token)
	hook := f.onWait
	f.mu.Unlock()
	if hook != nil {
		hook()
	}
	select {
	case <-c.finished:
		return c.result
	case <-ctx.Done():
		return nil
	}
}

func (f *fakeReports) Controls(token string) <-chan suite.Control { return nil }
