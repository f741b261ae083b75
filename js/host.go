// Package js runs extension JavaScript: one github.com/grafana/sobek
// runtime (a realm) per browser context, driven by the browser's scheduler.
//
// Host implements browser.Host. Every JavaScript entry (a script, a timer, a
// message dispatched by the router) runs inside a task of the context's
// queue, so realms are only ever touched by the scheduler's goroutine. Sobek
// drains the microtask queue when the outermost call returns, which gives
// each task its microtask checkpoint. APIs (the chrome and browser
// namespaces) are installed into each realm by Installers, such as
// js/webext's; this package knows nothing about them.
package js

import (
	"fmt"
	"strings"
	"time"

	"github.com/grafana/sobek"
	"github.com/grafana/sobek/parser"

	"github.com/extsim/extsim/browser"
	"github.com/extsim/extsim/js/dom"
	"github.com/extsim/extsim/router"
	"github.com/extsim/extsim/router/serial"
)

// ConsoleEntry is one line of console output (or an uncaught error) of a
// context.
type ConsoleEntry struct {
	At      time.Duration // virtual time since the browser started
	Context string        // the context's label, e.g. "tab 1 frame 0 content demo"
	Level   string        // "log", "info", "warn", "error", "debug"
	Text    string
	// Uncaught is set for errors no script caught: exceptions escaping a
	// script, a timer or an event listener, and unhandled rejections.
	Uncaught bool
}

func (e ConsoleEntry) String() string {
	return fmt.Sprintf("[%s] %s", e.Context, e.Text)
}

// Installer adds APIs to a new realm before any script runs.
type Installer func(r *Realm) error

// Options configures a Host.
type Options struct {
	// Install runs for every new realm, in order.
	Install []Installer
	// Console receives every console line and uncaught error. When nil the
	// host keeps them in Host.Console.
	Console func(ConsoleEntry)
	// ScriptTimeout interrupts a single JavaScript entry (a script, a
	// listener, a timer callback) that runs longer than this in real time:
	// a runaway loop must not hang the browser. 0 means 10 s.
	ScriptTimeout time.Duration
	// MaxCallStackSize limits recursion depth; 0 means 10000.
	MaxCallStackSize int
}

// Host runs every context's scripts in its own realm.
type Host struct {
	opts Options
	// The preludes every realm runs, compiled once: parsing them per realm
	// was most of a new context's cost.
	globalsProg *sobek.Program
	domGlue     *dom.Glue
	b           *browser.Browser
	realms      map[*browser.Context]*Realm
	trees       map[*browser.Document]*dom.Tree // each document's DOM
	srcMaps     sourceMaps
	parserOpts  []parser.Option // every realm's; one slice, no allocation per realm
	// Console holds the output when Options.Console is nil.
	Console []ConsoleEntry
}

// NewHost returns a host; Attach it to the browser it serves.
func NewHost(opts Options) *Host {
	if opts.ScriptTimeout <= 0 {
		opts.ScriptTimeout = 10 * time.Second
	}
	if opts.MaxCallStackSize <= 0 {
		opts.MaxCallStackSize = 10000
	}
	h := &Host{opts: opts, realms: map[*browser.Context]*Realm{}, trees: map[*browser.Document]*dom.Tree{}, parserOpts: []parser.Option{parser.WithDisableSourceMaps}}
	h.globalsProg = sobek.MustCompile("extsim:globals.js", globalsPrelude, true)
	glue, err := dom.Compile()
	if err != nil {
		panic(err) // the glue is part of extsim: a test catches a broken one
	}
	h.domGlue = glue
	return h
}

// Attach tells the host which browser it runs in. Call it right after
// browser.New, before anything loads.
func (h *Host) Attach(b *browser.Browser) { h.b = b }

// Browser returns the attached browser.
func (h *Host) Browser() *browser.Browser { return h.b }

// Realm returns the realm of a live context.
func (h *Host) Realm(c *browser.Context) (*Realm, bool) {
	r, ok := h.realms[c]
	return r, ok
}

func (h *Host) console(e ConsoleEntry) {
	if h.opts.Console != nil {
		h.opts.Console(e)
		return
	}
	h.Console = append(h.Console, e)
}

// Start implements browser.Host: it creates the realm and installs the
// APIs.
func (h *Host) Start(c *browser.Context) (router.Endpoint, error) {
	if h.b == nil {
		return nil, fmt.Errorf("js: host not attached to a browser")
	}
	r := newRealm(h, c)
	for _, install := range h.opts.Install {
		if err := install(r); err != nil {
			return nil, fmt.Errorf("js: installing APIs in %s: %w", c.Label, err)
		}
	}
	h.realms[c] = r
	return endpoint{r}, nil
}

// RunScripts implements browser.Host: each script is fetched and run in
// order; one that fails to load or throws is reported and the next runs.
func (h *Host) RunScripts(c *browser.Context, scripts []browser.Script) {
	r := h.realms[c]
	if r == nil {
		return
	}
	for _, s := range scripts {
		if s.Module {
			if h.runModuleScript(r, s) != nil {
				return
			}
			continue
		}
		src := s.Source
		if !s.Inline {
			data, err := h.b.Fetch(s.URL)
			if err != nil {
				r.report("error", fmt.Sprintf("Failed to load script %s: %v", s.URL, err))
				continue
			}
			src = string(data)
			h.noteScript(s.URL, src)
		}
		r.RunScript(s.URL, src)
	}
}

// runModuleScript runs one module script. In Chrome a module service worker
// whose graph fails to load is not registered: the background fails to
// start (Extension.FailBackground) and the error is returned, so that no
// further script runs.
func (h *Host) runModuleScript(r *Realm, s browser.Script) error {
	c := r.Ctx
	worker := c.Kind == router.KindServiceWorker
	if worker {
		r.moduleWorker = true
	}
	src := ""
	if s.Inline {
		src = s.Source
	}
	err := r.RunModule(s.URL, src, s.Inline)
	if err == nil || !worker || c.Extension == nil {
		return nil
	}
	r.report("error", "Service worker registration failed. Status code: 3")
	c.Extension.FailBackground(c, err)
	return err
}

// DispatchEvent implements browser.EventHost.
func (h *Host) DispatchEvent(c *browser.Context, name string, args []serial.Value) {
	if r := h.realms[c]; r != nil && r.onEvent != nil {
		r.onEvent(name, args)
	}
}

// Stop implements browser.Host: timers stop and nothing runs in the realm
// any more.
func (h *Host) Stop(c *browser.Context, _ router.Reason) {
	if r := h.realms[c]; r != nil {
		r.close()
		delete(h.realms, c)
	}
}

// endpoint forwards the router's events to whatever the installers set.
type endpoint struct{ r *Realm }

func (e endpoint) DispatchConnect(p *router.Port) bool {
	if e.r.Endpoint == nil || e.r.dead {
		return false
	}
	return e.r.Endpoint.DispatchConnect(p)
}

func (e endpoint) DispatchMessage(p *router.Port, m serial.Message) {
	if e.r.Endpoint != nil && !e.r.dead {
		e.r.Endpoint.DispatchMessage(p, m)
	}
}

func (e endpoint) DispatchDisconnect(p *router.Port, err *router.Error) {
	if e.r.Endpoint != nil && !e.r.dead {
		e.r.Endpoint.DispatchDisconnect(p, err)
	}
}

func (e endpoint) DispatchRequest(q *router.Request) router.Disposition {
	if e.r.Endpoint == nil || e.r.dead {
		return router.NoListener
	}
	return e.r.Endpoint.DispatchRequest(q)
}

func (e endpoint) DispatchOutcome(c *router.Call, o router.Outcome) {
	if e.r.Endpoint != nil && !e.r.dead {
		e.r.Endpoint.DispatchOutcome(c, o)
	}
}

// ExceptionText renders a JS exception the way a browser console shows an
// uncaught one: "Uncaught Error: message", plus the stack's first frame.
func ExceptionText(err error) string {
	if so, ok := err.(*sobek.StackOverflowError); ok {
		return "Uncaught RangeError: Maximum call stack size exceeded" + locationSuffix(&so.Exception)
	}
	if ex, ok := err.(*sobek.Exception); ok {
		s := ex.String()
		return "Uncaught " + strings.TrimSpace(strings.SplitN(s, "\n", 2)[0]) + locationSuffix(ex)
	}
	if ie, ok := err.(*sobek.InterruptedError); ok {
		// One line, like other uncaught errors: the message and where the
		// script was when it was stopped.
		return "Uncaught " + fmt.Sprint(ie.Value()) + stackSuffix(ie.Stack())
	}
	return "Uncaught " + err.Error()
}

func locationSuffix(ex *sobek.Exception) string { return stackSuffix(ex.Stack()) }

func stackSuffix(stack []sobek.StackFrame) string {
	for _, f := range stack {
		if pos := f.Position(); f.SrcName() != "" && pos.Line > 0 {
			return fmt.Sprintf(" (at %s:%d:%d)", f.SrcName(), pos.Line, pos.Column)
		}
	}
	return ""
}
