// Package server is the conformance harness's loopback HTTP server: it
// serves the shared pages (conformance/web/ at /) and each case's pages
// (cases/<name>/web/ at /c/<name>/), and collects the shim's reports
// (POST /__report) by token, implementing suite.Reports for the real
// browsers' targets.
package server

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/extsim/extsim/conformance/internal/suite"
)

// maxReport bounds one report's body; cases log short lines.
const maxReport = 1 << 20

// Server serves pages and collects reports. Create it with New.
type Server struct {
	pages http.Handler
	ln    net.Listener
	srv   *http.Server

	mu   sync.Mutex
	runs map[string]*run // by token
}

// run is one token's state.
type run struct {
	rec      *suite.Record
	ended    chan struct{} // closed at the first done / fail
	controls chan suite.Control
}

// New returns a server for the shared pages in webDir and the given cases'
// web folders; call Start to listen.
func New(webDir string, cases []*suite.Case) *Server {
	return &Server{pages: Pages(webDir, cases), runs: map[string]*run{}}
}

// Pages serves webDir at / and each case's web/ at /c/<name>/: the
// handler both the loopback server and the extsim targets use.
func Pages(webDir string, cases []*suite.Case) http.Handler {
	mux := http.NewServeMux()
	for _, c := range cases {
		if c.WebDir == "" {
			continue
		}
		prefix := "/c/" + c.Name + "/"
		mux.Handle(prefix, http.StripPrefix(prefix, http.FileServer(http.Dir(c.WebDir))))
	}
	if webDir != "" {
		mux.Handle("/", http.FileServer(http.Dir(webDir)))
	} else {
		mux.Handle("/", http.NotFoundHandler())
	}
	return mux
}

// Pages returns the page handler (without /__report).
func (s *Server) Pages() http.Handler { return s.pages }

// Start listens on 127.0.0.1 on a free port.
func (s *Server) Start() error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("server: listening on loopback: %w", err)
	}
	s.ln = ln
	s.srv = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = s.srv.Serve(ln) }()
	return nil
}

// BaseURL is "http://127.0.0.1:PORT" once started.
func (s *Server) BaseURL() string { return "http://" + s.ln.Addr().String() }

// Close stops the server.
func (s *Server) Close() error {
	if s.srv == nil {
		return nil
	}
	return s.srv.Close()
}

// ServeHTTP serves /__report and the pages.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/__report" {
		s.pages.ServeHTTP(w, r)
		return
	}
	w.Header().Set("Access-Control-Allow-Origin", "*")
	switch r.Method {
	case http.MethodOptions:
		w.Header().Set("Access-Control-Allow-Methods", "POST")
		w.Header().Set("Access-Control-Allow-Headers", "Content-Type")
		w.WriteHeader(http.StatusNoContent)
		return
	case http.MethodPost:
	default:
		http.Error(w, "/__report takes POST", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxReport))
	if err != nil {
		http.Error(w, "reading the report: "+err.Error(), http.StatusBadRequest)
		return
	}
	msgs, err := suite.ParseMessages(body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var ack <-chan error
	for _, m := range msgs {
		ack = s.add(m)
	}
	if ack == nil {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	// A control request waits for the target's answer (a long poll).
	w.Header().Set("Content-Type", "application/json")
	var answer struct {
		Error string `json:"error,omitempty"`
	}
	select {
	case err := <-ack:
		if err != nil {
			answer.Error = err.Error()
		}
	case <-r.Context().Done():
		return
	}
	_ = json.NewEncoder(w).Encode(answer)
}

// add records m; for a control request it returns the channel the answer
// will come on.
func (s *Server) add(m suite.Message) <-chan error {
	s.mu.Lock()
	defer s.mu.Unlock()
	rn := s.runLocked(m.Token)
	wasEnded := rn.rec.Ended()
	rn.rec.Add(m)
	if !wasEnded && rn.rec.Ended() {
		close(rn.ended)
	}
	if m.Kind != "control" {
		return nil
	}
	ack := make(chan error, 1)
	c := suite.Control{Action: m.Action, Arg: m.Arg, Ack: func(err error) {
		select {
		case ack <- err:
		default:
		}
	}}
	select {
	case rn.controls <- c:
	default:
		c.Ack(fmt.Errorf("T.control(%q): too many requests not yet handled", m.Action))
	}
	return ack
}

func (s *Server) runLocked(token string) *run {
	rn := s.runs[token]
	if rn == nil {
		rn = &run{rec: suite.NewRecord(), ended: make(chan struct{}), controls: make(chan suite.Control, 16)}
		s.runs[token] = rn
	}
	return rn
}

func (s *Server) get(token string) *run {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.runLocked(token)
}

// Wait implements suite.Reports: it returns when the case with this token
// ended and suite.Grace has passed for late reports, or when ctx is done
// (then the outcome is Timeout). The token's state is dropped afterwards;
// late reports of it start a new, unread record.
func (s *Server) Wait(ctx context.Context, token string) *suite.Result {
	rn := s.get(token)
	select {
	case <-rn.ended:
		t := time.NewTimer(suite.Grace)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
		}
	case <-ctx.Done():
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !rn.rec.Ended() {
		rn.rec.Timeout("neither T.done nor T.fail within the case's limit")
	}
	delete(s.runs, token)
	return rn.rec.Result()
}

// Controls implements suite.Reports.
func (s *Server) Controls(token string) <-chan suite.Control { return s.get(token).controls }

var _ suite.Reports = (*Server)(nil)
