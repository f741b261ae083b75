// Package browsertest runs a simulated browser in a test, in the style of
// net/http/httptest: a browser in one line, extensions from an
// fstest.MapFS, and Go functions standing in for extension scripts.
//
//	b := browsertest.New(t)
//	b.Script("background.js", func(c *browsertest.Ctx) { c.Listen() })
//	ext := b.Load(fstest.MapFS{"manifest.json": ..., "background.js": ...})
//	tab := b.Tab("https://example.com/", "")
//	b.Run()
//
// Every context records what it observes (onConnect, messages,
// onDisconnect, scripts run, stops) into one ordered log, b.Log.
package browsertest

import (
	"net/url"
	"path"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/extsim/extsim/browser"
	"github.com/extsim/extsim/router"
	"github.com/extsim/extsim/router/routertest"
	"github.com/extsim/extsim/router/serial"
)

// ScriptFunc stands in for a script: it runs in the context when the
// browser runs the script.
type ScriptFunc func(c *Ctx)

// B is a browser under test.
type B struct {
	*browser.Browser
	T    testing.TB
	Host *Host
	// Log is what every context observed, in order: "<label>: <event>".
	Log []string
}

// Option adjusts the browser's options.
type Option func(*browser.Options)

// WithProfile selects the browser profile.
func WithProfile(p *browser.Profile) Option { return func(o *browser.Options) { o.Profile = p } }

// WithWeb serves the virtual web with w.
func WithWeb(w browser.Web) Option { return func(o *browser.Options) { o.Web = w } }

// WithSeed makes the scheduler's order seeded.
func WithSeed(seed uint64) Option {
	return func(o *browser.Options) { o.Seeded, o.Seed = true, seed }
}

// New returns a Chrome browser with a Go host. The test fails if a
// scheduler run errors; cleanup closes every tab.
func New(t testing.TB, opts ...Option) *B {
	t.Helper()
	b := &B{T: t}
	b.Host = &Host{scripts: map[string]ScriptFunc{}, log: &b.Log, ctxs: map[*browser.Context]*Ctx{}}
	o := browser.Options{Host: b.Host, TaskBudget: 5_000_000}
	for _, opt := range opts {
		opt(&o)
	}
	b.Browser = browser.New(o)
	b.Host.b = b
	t.Cleanup(func() {
		for _, tab := range b.Tabs() {
			tab.Close()
		}
	})
	return b
}

// Firefox returns a browser with the Firefox profile.
func Firefox(t testing.TB, opts ...Option) *B {
	return New(t, append([]Option{WithProfile(browser.Firefox())}, opts...)...)
}

// Script registers fn as the script called name: a file name such as
// "background.js" (matched against the end of the script's URL), or a page
// URL for a page's inline scripts.
func (b *B) Script(name string, fn ScriptFunc) { b.Host.scripts[name] = fn }

// Load installs an extension from files and fails the test on an error.
func (b *B) Load(files fstest.MapFS) *browser.Extension {
	b.T.Helper()
	e, err := b.LoadExtension(files, browser.LoadOptions{})
	if err != nil {
		b.T.Fatalf("LoadExtension: %v", err)
	}
	return e
}

// Tab opens a tab at url (with html as its content when not empty) and
// fails the test on an error.
func (b *B) Tab(url, html string) *browser.Tab {
	b.T.Helper()
	t, err := b.NewTab(url, browser.TabOptions{HTML: html})
	if err != nil {
		b.T.Fatalf("NewTab: %v", err)
	}
	return t
}

// Run runs the scheduler until idle.
func (b *B) Run() {
	b.T.Helper()
	if err := b.Browser.Run(); err != nil {
		b.T.Fatalf("Run: %v", err)
	}
}

// RunFor runs the scheduler for d of virtual time. Prefer it to Run when a
// service worker must stay up: Run goes until idle, past its 30 s idle stop.
func (b *B) RunFor(d time.Duration) {
	b.T.Helper()
	if err := b.Sched.RunFor(d); err != nil {
		b.T.Fatalf("RunFor(%v): %v", d, err)
	}
}

// Expect compares the log with want and clears it.
func (b *B) Expect(want ...string) {
	b.T.Helper()
	if !slices.Equal(b.Log, want) {
		b.T.Fatalf("log mismatch\n got:\n  %s\nwant:\n  %s", strings.Join(b.Log, "\n  "), strings.Join(want, "\n  "))
	}
	b.Log = nil
}

// Ctx returns the test view of a live context.
func (b *B) Ctx(c *browser.Context) *Ctx {
	b.T.Helper()
	x, ok := b.Host.ctxs[c]
	if !ok {
		b.T.Fatalf("context %s is not running", c.Label)
	}
	return x
}

// Ctx is a context as a test sees it: the browser's context plus a
// recording endpoint whose fields say which listeners it has.
type Ctx struct {
	*routertest.Recorder
	*browser.Context
	b *B
	// OnEvent, when set, receives browser events (action clicks...).
	OnEvent func(name string, args []serial.Value)
}

// Connect opens a port from the context.
func (c *Ctx) Connect(t router.Target, name string) (*router.Port, error) {
	return c.b.Router.Connect(c.ID, t, name)
}

// Send sends a one-off message from the context.
func (c *Ctx) Send(t router.Target, v serial.Value) (*router.Call, error) {
	return c.b.Router.SendMessage(c.ID, t, v)
}

// Host is a browser.Host that runs ScriptFuncs.
type Host struct {
	b       *B
	scripts map[string]ScriptFunc
	log     *[]string
	ctxs    map[*browser.Context]*Ctx
}

// Start implements browser.Host.
func (h *Host) Start(c *browser.Context) (router.Endpoint, error) {
	x := &Ctx{Recorder: &routertest.Recorder{Name: c.Label, Log: h.log}, Context: c, b: h.b}
	h.ctxs[c] = x
	return x.Recorder, nil
}

// RunScripts implements browser.Host: each script logs "run <name>" and
// calls its ScriptFunc, if one is registered.
func (h *Host) RunScripts(c *browser.Context, scripts []browser.Script) {
	x := h.ctxs[c]
	for _, s := range scripts {
		name := scriptName(s)
		*h.log = append(*h.log, c.Label+": run "+name)
		if fn := h.lookup(s); fn != nil && x != nil {
			fn(x)
		}
	}
}

// DispatchEvent implements browser.EventHost: it logs "event <name>" and
// calls the context's OnEvent, if set.
func (h *Host) DispatchEvent(c *browser.Context, name string, args []serial.Value) {
	*h.log = append(*h.log, c.Label+": event "+name)
	if x := h.ctxs[c]; x != nil && x.OnEvent != nil {
		x.OnEvent(name, args)
	}
}

// Stop implements browser.Host.
func (h *Host) Stop(c *browser.Context, reason router.Reason) {
	*h.log = append(*h.log, c.Label+": stop "+reason.String())
	delete(h.ctxs, c)
}

func (h *Host) lookup(s browser.Script) ScriptFunc {
	if s.Inline {
		return h.scripts[s.URL]
	}
	if fn, ok := h.scripts[s.URL]; ok {
		return fn
	}
	u, err := url.Parse(s.URL)
	if err != nil {
		return nil
	}
	p := strings.TrimPrefix(u.Path, "/")
	for name, fn := range h.scripts {
		if p == name || strings.HasSuffix(p, "/"+name) {
			return fn
		}
	}
	return nil
}

func scriptName(s browser.Script) string {
	if s.Inline {
		return "inline"
	}
	u, err := url.Parse(s.URL)
	if err != nil {
		return s.URL
	}
	return path.Base(u.Path)
}
