// Package routertest runs the router with recording Go endpoints, in the
// style of net/http/httptest: a router, a scheduler and a world in one line,
// with every event a context observes written to one ordered log that tests
// compare against the browser's behaviour.
//
// The conformance suite in this package's tests checks the rules of
// shared/spec/ one test per rule, with the rule id in the test name.
package routertest

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/extsim/extsim/router"
	"github.com/extsim/extsim/router/serial"
	"github.com/extsim/extsim/sim"
	"github.com/extsim/extsim/trace"
)

// World is a router.World backed by maps. Tests add extensions and tabs.
type World struct {
	Extensions map[string]router.ExtensionInfo
	Tabs       map[int]*serial.Object
	// OnWake, when set, is called by WakeExtension: a test can register a
	// lazily started background there (B11).
	OnWake func(id string)
	// Woken lists the extension ids WakeExtension was called with.
	Woken []string
	// Keepalives holds the keepalive count per endpoint (H9); Activities
	// counts the events dispatched to each endpoint (H8).
	Keepalives map[router.EndpointID]int
	Activities map[router.EndpointID]int
}

// NewWorld returns an empty world.
func NewWorld() *World {
	return &World{
		Extensions: map[string]router.ExtensionInfo{},
		Tabs:       map[int]*serial.Object{},
		Keepalives: map[router.EndpointID]int{},
		Activities: map[router.EndpointID]int{},
	}
}

// Extension implements router.World.
func (w *World) Extension(id string) (router.ExtensionInfo, bool) {
	info, ok := w.Extensions[id]
	return info, ok
}

// Tab implements router.World.
func (w *World) Tab(id int) (*serial.Object, bool) {
	t, ok := w.Tabs[id]
	return t, ok
}

// WakeExtension implements router.World.
func (w *World) WakeExtension(id string) {
	w.Woken = append(w.Woken, id)
	if w.OnWake != nil {
		w.OnWake(id)
	}
}

// Activity implements router.ActivityObserver.
func (w *World) Activity(id router.EndpointID) { w.Activities[id]++ }

// Keepalive implements router.ActivityObserver.
func (w *World) Keepalive(id router.EndpointID, delta int) { w.Keepalives[id] += delta }

var (
	_ router.World            = (*World)(nil)
	_ router.ActivityObserver = (*World)(nil)
	_ router.Endpoint         = (*Recorder)(nil)
)

// Config configures a Harness.
type Config struct {
	Profile *router.Profile // Chrome() when nil
	Seeded  bool
	Seed    uint64
}

// Harness is a router with a scheduler, a world and a shared log.
type Harness struct {
	T      testing.TB
	Sched  *sim.Scheduler
	Router *router.Router
	World  *World
	Trace  *trace.Log
	// Log holds what every context observed, in order, one line per event:
	// "<label>: <event>".
	Log []string
}

// New returns a harness for t.
func New(t testing.TB, cfg Config) *Harness {
	t.Helper()
	w := NewWorld()
	s := sim.New(sim.Options{Seeded: cfg.Seeded, Seed: cfg.Seed, TaskBudget: 1_000_000})
	tl := &trace.Log{}
	r := router.New(s, router.Options{Profile: cfg.Profile, World: w, Trace: tl, TracePayloads: true})
	return &Harness{T: t, Sched: s, Router: r, World: w, Trace: tl}
}

// Chrome and Firefox are shorthands for the two profiles.
func Chrome(t testing.TB) *Harness  { return New(t, Config{Profile: router.Chrome()}) }
func Firefox(t testing.TB) *Harness { return New(t, Config{Profile: router.Firefox()}) }

// Both runs f once per profile, as subtests named chrome and firefox.
func Both(t *testing.T, f func(t *testing.T, h *Harness)) {
	for _, p := range []*router.Profile{router.Chrome(), router.Firefox()} {
		t.Run(p.Name, func(t *testing.T) { f(t, New(t, Config{Profile: p})) })
	}
}

// IsFirefox reports whether the harness runs the firefox profile.
func (h *Harness) IsFirefox() bool { return h.Router.Profile().Name == "firefox" }

// Msg returns the profile's text for code.
func (h *Harness) Msg(code router.Code, args ...any) string {
	return h.Router.Profile().Message(code, args...)
}

// AddExtension installs an extension with JSON serialization and no
// externally_connectable.
func (h *Harness) AddExtension(id string) { h.World.Extensions[id] = router.ExtensionInfo{} }

// AddTab adds a tab whose tabs.Tab object is {id, index, windowId, url,
// active}.
func (h *Harness) AddTab(id int, url string) {
	h.World.Tabs[id] = &serial.Object{Props: []serial.Prop{
		{Key: "id", Value: serial.Number(id)},
		{Key: "index", Value: serial.Number(id - 1)},
		{Key: "windowId", Value: serial.Number(1)},
		{Key: "url", Value: serial.String(url)},
		{Key: "active", Value: serial.Bool(true)},
	}}
}

// Run runs the scheduler until idle and fails the test on a scheduler error.
func (h *Harness) Run() {
	h.T.Helper()
	if err := h.Sched.RunUntilIdle(); err != nil {
		h.T.Fatalf("RunUntilIdle: %v", err)
	}
}

// Expect compares the log with want, then clears it.
func (h *Harness) Expect(want ...string) {
	h.T.Helper()
	if !slices.Equal(h.Log, want) {
		h.T.Fatalf("log mismatch\n got:\n  %s\nwant:\n  %s", strings.Join(h.Log, "\n  "), strings.Join(want, "\n  "))
	}
	h.Log = nil
}

// ExpectLeakFree fails unless the router holds no channel, port, call or
// request any more.
func (h *Harness) ExpectLeakFree() {
	h.T.Helper()
	s := h.Router.Stats()
	if s.Channels != 0 || s.Calls != 0 || s.Ports != 0 || s.Requests != 0 {
		h.T.Fatalf("router leaks: %+v", s)
	}
}

// Recorder is a router.Endpoint that writes every event it observes to a
// shared log, "<Name>: <event>", and does what its fields say. Harness
// contexts use it, and so does browsertest's Go host.
type Recorder struct {
	Name string
	// Log is where lines go; several recorders share one to keep the
	// global order.
	Log *[]string

	// ConnectListener: the context has a runtime.onConnect (and
	// onConnectExternal) listener that accepts every port.
	ConnectListener bool
	// OnConnect, when set, runs after a port is accepted.
	OnConnect func(p *router.Port)
	// OnPortMessage, when set, runs after a port message is logged.
	OnPortMessage func(p *router.Port, m serial.Message)
	// OnDisconnect, when set, runs after onDisconnect is logged.
	OnDisconnect func(p *router.Port, err *router.Error)
	// OnRequest handles one-off messages. nil means no onMessage listener.
	OnRequest func(q *router.Request) router.Disposition
	// OnOutcome, when set, runs after an outcome is logged.
	OnOutcome func(c *router.Call, o router.Outcome)

	// Ports holds every port this context received, in order.
	Ports []*router.Port
	// Requests holds every one-off message this context received.
	Requests []*router.Request
}

func (c *Recorder) logf(format string, args ...any) {
	*c.Log = append(*c.Log, c.Name+": "+fmt.Sprintf(format, args...))
}

// DispatchConnect implements router.Endpoint.
func (c *Recorder) DispatchConnect(p *router.Port) bool {
	if !c.ConnectListener {
		return false
	}
	c.Ports = append(c.Ports, p)
	c.logf("%s name=%q from=%s", p.Event(), p.Name(), SenderString(p.Sender()))
	if c.OnConnect != nil {
		c.OnConnect(p)
	}
	return true
}

// DispatchMessage implements router.Endpoint.
func (c *Recorder) DispatchMessage(p *router.Port, m serial.Message) {
	c.logf("port%d message %s", c.portIndex(p), Show(m.Value))
	if c.OnPortMessage != nil {
		c.OnPortMessage(p, m)
	}
}

// DispatchDisconnect implements router.Endpoint.
func (c *Recorder) DispatchDisconnect(p *router.Port, err *router.Error) {
	c.logf("port%d disconnect%s", c.portIndex(p), errSuffix(err))
	if c.OnDisconnect != nil {
		c.OnDisconnect(p, err)
	}
}

// DispatchRequest implements router.Endpoint.
func (c *Recorder) DispatchRequest(q *router.Request) router.Disposition {
	if c.OnRequest == nil {
		return router.NoListener
	}
	c.Requests = append(c.Requests, q)
	c.logf("%s %s", q.Event(), Show(q.Message().Value))
	return c.OnRequest(q)
}

// DispatchOutcome implements router.Endpoint.
func (c *Recorder) DispatchOutcome(call *router.Call, o router.Outcome) {
	switch o.Kind {
	case router.Responded:
		c.logf("reply %s", Show(o.Response.Value))
	default:
		c.logf("%s%s", o.Kind, errSuffix(o.Err))
	}
	if c.OnOutcome != nil {
		c.OnOutcome(call, o)
	}
}

// portIndex numbers ports: received ports count from 1; the context's own
// (opener) ports are 0.
func (c *Recorder) portIndex(p *router.Port) int {
	if i := slices.Index(c.Ports, p); i >= 0 {
		return i + 1
	}
	return 0
}

func errSuffix(err *router.Error) string {
	if err == nil {
		return ""
	}
	return " error=" + strconv.Quote(err.Message)
}

// Listen makes the recorder accept connections and take one-off messages
// without answering them.
func (c *Recorder) Listen() {
	c.ConnectListener = true
	c.OnRequest = func(*router.Request) router.Disposition { return router.Handled }
}

// Context is a context registered in a Harness, recording into its log.
type Context struct {
	*Recorder
	h  *Harness
	ID router.EndpointID
}

// Add registers a context named name (the name prefixes its log lines).
func (h *Harness) Add(name string, id router.Identity) *Context {
	c := &Context{Recorder: &Recorder{Name: name, Log: &h.Log}, h: h}
	if id.Label == "" {
		id.Label = name
	}
	c.ID = h.Router.Register(id, c.Recorder, h.Sched.Queue(name))
	return c
}

// Listening registers a context that accepts connections and answers no
// one-off message (it has an onMessage listener that returns nothing).
func (h *Harness) Listening(name string, id router.Identity) *Context {
	c := h.Add(name, id)
	c.Listen()
	return c
}

// Connect opens a port from c and fails the test on a synchronous error.
func (c *Context) Connect(t router.Target, name string) *router.Port {
	c.h.T.Helper()
	p, err := c.h.Router.Connect(c.ID, t, name)
	if err != nil {
		c.h.T.Fatalf("%s: Connect(%+v): %v", c.Name, t, err)
	}
	return p
}

// Send sends a one-off message from c and fails the test on a synchronous
// error.
func (c *Context) Send(t router.Target, v serial.Value) *router.Call {
	c.h.T.Helper()
	call, err := c.h.Router.SendMessage(c.ID, t, v)
	if err != nil {
		c.h.T.Fatalf("%s: SendMessage(%+v): %v", c.Name, t, err)
	}
	return call
}

// Respond returns an OnRequest handler that answers every message with v
// synchronously (sendResponse inside the listener).
func Respond(v serial.Value) func(*router.Request) router.Disposition {
	return func(q *router.Request) router.Disposition {
		if err := q.Respond(v); err != nil {
			panic(err)
		}
		return router.Handled
	}
}

// Await returns an OnRequest handler that returns true (answer later).
func Await() func(*router.Request) router.Disposition {
	return func(*router.Request) router.Disposition { return router.AwaitingResponse }
}

// SenderString renders a sender compactly for logs: its keys and values,
// with the tab reduced to its id.
func SenderString(s *router.Sender) string {
	if s == nil {
		return "none"
	}
	var b strings.Builder
	b.WriteByte('{')
	for i, p := range s.Object().Props {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(p.Key)
		b.WriteByte(':')
		if tab, ok := p.Value.(*serial.Object); ok && p.Key == "tab" {
			for _, tp := range tab.Props {
				if tp.Key == "id" {
					b.WriteString("tab" + Show(tp.Value))
				}
			}
			continue
		}
		b.WriteString(Show(p.Value))
	}
	b.WriteByte('}')
	return b.String()
}

// Show renders a value compactly and unambiguously for logs: JSON-like for
// JSON values, with the structured-clone types spelled out.
func Show(v serial.Value) string {
	var b strings.Builder
	show(&b, v, map[any]int{})
	return b.String()
}

func show(b *strings.Builder, v serial.Value, seen map[any]int) {
	switch v := v.(type) {
	case nil:
		b.WriteString("<hole>")
	case serial.Undefined:
		b.WriteString("undefined")
	case serial.Null:
		b.WriteString("null")
	case serial.Bool:
		b.WriteString(strconv.FormatBool(bool(v)))
	case serial.Number:
		f := float64(v)
		switch {
		case math.IsNaN(f):
			b.WriteString("NaN")
		case f == 0 && math.Signbit(f):
			b.WriteString("-0")
		default:
			b.WriteString(strconv.FormatFloat(f, 'g', -1, 64))
		}
	case serial.String:
		b.WriteString(strconv.Quote(string(v)))
	case serial.BigInt:
		b.WriteString(string(v) + "n")
	case *serial.Object:
		if ref(b, v, seen) {
			return
		}
		b.WriteByte('{')
		for i, p := range v.Props {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Quote(p.Key) + ":")
			show(b, p.Value, seen)
		}
		b.WriteByte('}')
	case *serial.Array:
		if ref(b, v, seen) {
			return
		}
		b.WriteByte('[')
		for i, e := range v.Elems {
			if i > 0 {
				b.WriteByte(',')
			}
			show(b, e, seen)
		}
		b.WriteByte(']')
	case *serial.Date:
		fmt.Fprintf(b, "Date(%v)", v.Time)
	case *serial.Map:
		if ref(b, v, seen) {
			return
		}
		b.WriteString("Map{")
		for i, e := range v.Entries {
			if i > 0 {
				b.WriteByte(',')
			}
			show(b, e.Key, seen)
			b.WriteString("=>")
			show(b, e.Value, seen)
		}
		b.WriteByte('}')
	case *serial.Set:
		if ref(b, v, seen) {
			return
		}
		b.WriteString("Set{")
		for i, e := range v.Elems {
			if i > 0 {
				b.WriteByte(',')
			}
			show(b, e, seen)
		}
		b.WriteByte('}')
	default:
		fmt.Fprintf(b, "%T", v)
	}
}

// ref writes a back-reference for a node already being shown (cycles,
// shared references) and reports whether it did.
func ref(b *strings.Builder, v any, seen map[any]int) bool {
	if n, ok := seen[v]; ok {
		fmt.Fprintf(b, "<ref %d>", n)
		return true
	}
	seen[v] = len(seen) + 1
	return false
}
