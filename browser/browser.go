// Package browser is extsim's simulated browser: extensions, windows, tabs,
// frames, documents and the JavaScript contexts that live in them, with
// their lifecycles (navigation, back/forward cache, service-worker idle
// stops, extension reloads) on the scheduler's virtual clock.
//
// It is pure Go. Code runs in contexts through a Host (the JavaScript layer,
// or Go functions in tests); messaging between contexts goes through the
// router, for which the Browser is the World: it says which extensions are
// installed, which tabs exist, and starts a stopped background when a
// message needs it.
package browser

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/url"
	"slices"
	"strings"

	"github.com/extsim/extsim/router"
	"github.com/extsim/extsim/router/serial"
	"github.com/extsim/extsim/sim"
	"github.com/extsim/extsim/trace"
)

// Options configures a Browser. The zero value is a Chrome browser with an
// empty web and no code.
type Options struct {
	Profile *Profile // Chrome() when nil
	Web     Web      // EmptyWeb when nil
	Host    Host     // NopHost when nil
	// Seeded and Seed select the scheduler's seeded order (sim.Options).
	Seeded bool
	Seed   uint64
	// TaskBudget caps the tasks of one Run call (sim.Options).
	TaskBudget    int
	Trace         trace.Sink
	TracePayloads bool
	// LazyListeners says the host reports the event listeners of
	// backgrounds (Extension.SetListening): then a browser event reaches a
	// background only when it listens to it, and wakes a stopped one only
	// for a listener its scripts registered during their top-level run
	// (Chrome's lazy listeners, Firefox's persistent listeners). Without
	// it (hosts that cannot tell, like browsertest's), every event reaches
	// the background and wakes it.
	LazyListeners bool
}

// Browser is one simulated browser. Drive it from one goroutine: call its
// methods, then Run to let the scheduler deliver what they caused.
type Browser struct {
	Sched  *sim.Scheduler
	Router *router.Router

	profile *Profile
	web     Web
	host    Host
	sink    trace.Sink
	seed    uint64
	queue   *sim.Queue // the browser's own tasks: navigation steps

	extensions []*Extension
	windows    []*Window
	focused    *Window
	tabs       []*Tab // open tabs in creation order
	contexts   map[router.EndpointID]*Context
	nextWindow int
	nextTab    int
	nextFrame  int
	nextDoc    uint64
	nextUUID   uint64
	lazy       bool // Options.LazyListeners
}

// New returns a browser configured by opts.
func New(opts Options) *Browser {
	prof := opts.Profile
	if prof == nil {
		prof = Chrome()
	}
	b := &Browser{
		profile:  prof,
		web:      opts.Web,
		host:     opts.Host,
		sink:     opts.Trace,
		seed:     opts.Seed,
		lazy:     opts.LazyListeners,
		contexts: map[router.EndpointID]*Context{},
	}
	if b.web == nil {
		b.web = EmptyWeb{}
	}
	if b.host == nil {
		b.host = NopHost{}
	}
	b.Sched = sim.New(sim.Options{Seeded: opts.Seeded, Seed: opts.Seed, TaskBudget: opts.TaskBudget})
	b.Router = router.New(b.Sched, router.Options{Profile: prof.Router, World: (*world)(b), Trace: opts.Trace, TracePayloads: opts.TracePayloads})
	b.queue = b.Sched.Queue("browser")
	return b
}

// Profile returns the browser's profile.
func (b *Browser) Profile() *Profile { return b.profile }

// Run runs the scheduler until nothing is left to do.
func (b *Browser) Run() error { return b.Sched.RunUntilIdle() }

func (b *Browser) emit(e trace.Event) {
	if b.sink != nil {
		e.At = b.Sched.Elapsed()
		b.sink.Emit(e)
	}
}

// newDocumentID returns a Chrome-style documentId: 32 upper-case hex digits,
// derived from the seed and a counter so that runs are reproducible.
func (b *Browser) newDocumentID() string {
	b.nextDoc++
	sum := sha256.Sum256(fmt.Appendf(nil, "doc:%d:%d", b.seed, b.nextDoc))
	return strings.ToUpper(hex.EncodeToString(sum[:16]))
}

// newUUID returns a reproducible random-looking UUID (Firefox's
// moz-extension:// host).
func (b *Browser) newUUID() string {
	b.nextUUID++
	sum := sha256.Sum256(fmt.Appendf(nil, "uuid:%d:%d", b.seed, b.nextUUID))
	h := hex.EncodeToString(sum[:16])
	return h[0:8] + "-" + h[8:12] + "-4" + h[13:16] + "-a" + h[17:20] + "-" + h[20:32]
}

// startContext creates a context, starts it in the host and registers it
// with the router. The context is not yet running any script.
func (b *Browser) startContext(c *Context, id router.Identity) error {
	c.b = b
	if c.Label == "" {
		c.Label = id.Label
	}
	c.Queue = b.Sched.Queue(c.Label)
	ep, err := b.host.Start(c)
	if err != nil {
		c.Queue.Close()
		return fmt.Errorf("starting %s: %w", c.Label, err)
	}
	if ep == nil {
		ep = nopEndpoint{}
	}
	c.endpoint = ep
	id.Label = c.Label
	c.ID = b.Router.Register(id, ep, c.Queue)
	c.alive = true
	b.contexts[c.ID] = c
	b.emit(trace.Event{Kind: "context.start", From: b.Router.Label(c.ID)})
	return nil
}

// runScripts queues scripts to run in c.
func (b *Browser) runScripts(c *Context, scripts []Script, then func()) {
	c.Queue.Post(func() {
		if c.alive && len(scripts) > 0 {
			b.host.RunScripts(c, scripts)
		}
		if then != nil {
			then()
		}
	})
}

// stopContext ends a context for reason.
func (b *Browser) stopContext(c *Context, reason router.Reason) {
	if !c.alive {
		return
	}
	c.alive = false
	b.emit(trace.Event{Kind: "context.stop", From: b.Router.Label(c.ID), Reason: reason.String()})
	b.Router.Close(c.ID, reason)
	b.host.Stop(c, reason)
	c.Queue.Close()
	delete(b.contexts, c.ID)
}

func (b *Browser) freezeContext(c *Context) {
	if c.alive && !c.frozen {
		c.frozen = true
		b.Router.Freeze(c.ID)
	}
}

func (b *Browser) thawContext(c *Context) {
	if c.alive && c.frozen {
		c.frozen = false
		b.Router.Thaw(c.ID)
	}
}

// Context returns the live context with endpoint id.
func (b *Browser) Context(id router.EndpointID) (*Context, bool) {
	c, ok := b.contexts[id]
	return c, ok
}

// Contexts returns every live context, in start order.
func (b *Browser) Contexts() []*Context {
	cs := make([]*Context, 0, len(b.contexts))
	for _, c := range b.contexts {
		cs = append(cs, c)
	}
	slices.SortFunc(cs, func(x, y *Context) int { return int(x.ID) - int(y.ID) })
	return cs
}

// Fetch returns the bytes of any URL the browser can load: extension files
// for extension URLs, the virtual web for the rest. Hosts use it to load
// script files.
func (b *Browser) Fetch(raw string) ([]byte, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("fetch %q: %w", raw, err)
	}
	if ext := b.extensionForURL(u); ext != nil {
		data, err := fs.ReadFile(ext.Files, strings.TrimPrefix(u.Path, "/"))
		if err != nil {
			return nil, fmt.Errorf("fetch %s: %w", raw, err)
		}
		return data, nil
	}
	if u.Scheme == "about" || u.Scheme == "data" {
		return nil, fmt.Errorf("fetch %s: not a fetchable URL", raw)
	}
	res, err := b.web.Fetch(u)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", raw, err)
	}
	if res.Status >= 400 {
		return res.Body, fmt.Errorf("fetch %s: status %d", raw, res.Status)
	}
	return res.Body, nil
}

// Stats counts what the browser holds, for leak checks.
type Stats struct {
	Contexts int
	Tabs     int
	Frames   int // frames of open tabs
	Router   router.Stats
	Timers   bool // whether any timer is pending
}

// Stats reports current counts.
func (b *Browser) Stats() Stats {
	s := Stats{Contexts: len(b.contexts), Tabs: len(b.tabs), Router: b.Router.Stats(), Timers: !b.Sched.Idle()}
	for _, t := range b.tabs {
		t.main.walk(func(*Frame) { s.Frames++ })
	}
	return s
}

// world is the Browser seen by the router.
type world Browser

func (w *world) b() *Browser { return (*Browser)(w) }

// Extension implements router.World.
func (w *world) Extension(id string) (router.ExtensionInfo, bool) {
	e := w.b().ExtensionByID(id)
	if e == nil || !e.enabled {
		return router.ExtensionInfo{}, false
	}
	return e.routerInfo(), true
}

// Tab implements router.World.
func (w *world) Tab(id int) (*serial.Object, bool) {
	t := w.b().TabByID(id)
	if t == nil || t.discarded || t.crashed {
		return nil, false // D2: the tab needs a reload
	}
	return t.Object(), true
}

// WakeExtension implements router.World: a stopped background starts before
// the message is routed (B11, FF-78).
func (w *world) WakeExtension(id string) {
	if e := w.b().ExtensionByID(id); e != nil && e.enabled {
		e.wake()
	}
}

// Activity implements router.ActivityObserver (H8, FF-76).
func (w *world) Activity(id router.EndpointID) {
	if c, ok := w.contexts[id]; ok && c.Extension != nil {
		c.Extension.activity(c)
	}
}

// Keepalive implements router.ActivityObserver (H9).
func (w *world) Keepalive(id router.EndpointID, delta int) {
	if c, ok := w.contexts[id]; ok && c.Extension != nil {
		c.Extension.keepalive(c, delta)
	}
}
