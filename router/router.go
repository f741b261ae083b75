// Package router is extsim's messaging system: runtime.connect,
// tabs.connect, runtime.Port and one-off messages (runtime.sendMessage,
// tabs.sendMessage), with the routing, ordering, sender, serialization,
// disconnect and error rules of Chrome or Firefox, chosen by a Profile.
//
// The router has no JavaScript and no browser model. The browser registers
// each context as an endpoint with its Identity, an Endpoint that receives
// events, and the sim.Queue the context's tasks run on. It answers a few
// questions through the World interface (is this extension installed, does
// this tab exist). Everything observable about messaging is decided here:
// who receives a connect (B4, B5, D3), that dispatch is asynchronous (B10),
// that contexts without listeners drop out (B9), FIFO order per channel (J1),
// who gets onDisconnect with which error (D8, D9, E11-E13, H1-H7), the first
// response that wins a one-off message (G5-G10), and the browser's exact
// error strings.
//
// All methods must be called on the scheduler's goroutine (from tasks, or
// from the goroutine driving the scheduler). Events reach endpoints only
// from tasks run on their own queue, never re-entrantly inside the call that
// caused them.
package router

import (
	"errors"
	"fmt"
	"slices"

	"github.com/extsim/extsim/router/serial"
	"github.com/extsim/extsim/sim"
	"github.com/extsim/extsim/trace"
)

// Endpoint receives the events of one context. The router calls these
// methods only from tasks running on the context's queue.
type Endpoint interface {
	// DispatchConnect fires runtime.onConnect (or onConnectExternal, see
	// p.Event) with p if the context has a listener for it, and reports
	// whether it did. A context that returns false is dropped from the
	// channel (B9).
	DispatchConnect(p *Port) bool
	// DispatchMessage fires p.onMessage with m.
	DispatchMessage(p *Port, m serial.Message)
	// DispatchDisconnect fires p.onDisconnect. err is the error the profile
	// attaches (runtime.lastError in Chrome, port.error in Firefox), or nil.
	DispatchDisconnect(p *Port, err *Error)
	// DispatchRequest fires runtime.onMessage (or onMessageExternal) for a
	// one-off message and reports how the listeners took it.
	DispatchRequest(req *Request) Disposition
	// DispatchOutcome tells the sender of a one-off message how it ended.
	DispatchOutcome(c *Call, o Outcome)
}

// ExtensionInfo is what the router needs to know about an installed,
// enabled extension.
type ExtensionInfo struct {
	// Format is the extension's message serialization (manifest key
	// "message_serialization"; JSON by default).
	Format serial.Format
	// Externally is the manifest's externally_connectable, or nil when the
	// key is absent.
	Externally *ExternallyConnectable
}

// ExternallyConnectable is an extension's externally_connectable policy (C1,
// C2, C7).
type ExternallyConnectable struct {
	// IDs lists the extensions allowed to connect; "*" allows all.
	IDs []string
	// MatchesURL reports whether a web page at url may connect; nil when the
	// key has no matches.
	MatchesURL func(url string) bool
	// AcceptsTLSChannelID adds tlsChannelId: "" to external senders (C7).
	AcceptsTLSChannelID bool
}

// World answers the questions about the browser that only the browser model
// can answer. browser.Browser implements it; routertest has a simple one.
type World interface {
	// Extension reports whether extension id is installed and enabled.
	Extension(id string) (ExtensionInfo, bool)
	// Tab returns the tabs.Tab object of tab id for sender.tab, and false if
	// the tab does not exist or cannot receive (discarded, D2).
	Tab(id int) (*serial.Object, bool)
	// WakeExtension is called before the receivers of a runtime message to
	// extension id are looked up, so that a stopped event page or service
	// worker can be started (registered) first (B11, FF-78).
	WakeExtension(id string)
}

// ActivityObserver may be implemented by a World to learn about messaging
// activity that keeps service workers and event pages alive.
type ActivityObserver interface {
	// Activity is called when an event is dispatched to endpoint id: each
	// counts as activity that resets an idle timer (H8, FF-76).
	Activity(id EndpointID)
	// Keepalive is called with +1 when a one-off message opens with id as a
	// receiver, and -1 when that message is finished (H9).
	Keepalive(id EndpointID, delta int)
}

// Options configures a Router.
type Options struct {
	// Profile is the browser to behave like; Chrome() when nil.
	Profile *Profile
	// World answers questions about extensions and tabs. Required.
	World World
	// Trace receives an event for every step, when not nil.
	Trace trace.Sink
	// TracePayloads adds each message's JSON to its trace events.
	TracePayloads bool
}

// Router routes messages between registered endpoints.
type Router struct {
	sched    *sim.Scheduler
	prof     *Profile
	world    World
	activity ActivityObserver
	sink     trace.Sink
	payloads bool

	endpoints map[EndpointID]*endpoint
	order     []*endpoint // live endpoints in registration order
	nextEP    EndpointID
	nextCh    uint64
	channels  map[uint64]*channel
	calls     map[uint64]*Call
}

type epState uint8

const (
	epLive   epState = iota
	epFrozen         // in the back/forward cache (Firefox profile): skipped, receives nothing
	epClosed         // gone: every call from it fails with S3
)

type endpoint struct {
	id      EndpointID
	ident   Identity
	label   string
	handler Endpoint
	queue   *sim.Queue
	state   epState
	ports   []*Port    // open ports living in this context
	reqs    []*Request // one-off messages this context received and may still answer
	calls   []*Call    // one-off messages this context sent, still pending
	// bfcached holds ports closed by Chrome's back/forward cache rule; their
	// onDisconnect (S8) fires if the page is restored (errata 6).
	bfcached []*Port
}

// New returns a router that schedules its work on s.
func New(s *sim.Scheduler, opts Options) *Router {
	if opts.World == nil {
		panic("router: Options.World is required")
	}
	prof := opts.Profile
	if prof == nil {
		prof = Chrome()
	}
	r := &Router{
		sched:     s,
		prof:      prof,
		world:     opts.World,
		sink:      opts.Trace,
		payloads:  opts.TracePayloads,
		endpoints: make(map[EndpointID]*endpoint),
		channels:  make(map[uint64]*channel),
		calls:     make(map[uint64]*Call),
	}
	r.activity, _ = opts.World.(ActivityObserver)
	return r
}

// Profile returns the router's profile.
func (r *Router) Profile() *Profile { return r.prof }

// Register adds a context. Its events are dispatched as tasks on q.
func (r *Router) Register(id Identity, h Endpoint, q *sim.Queue) EndpointID {
	if h == nil || q == nil {
		panic("router: Register needs an Endpoint and a Queue")
	}
	r.nextEP++
	ep := &endpoint{id: r.nextEP, ident: id, handler: h, queue: q}
	ep.label = fmt.Sprintf("%s#%d", id.label(), ep.id)
	r.endpoints[ep.id] = ep
	r.order = append(r.order, ep)
	r.emit(trace.Event{Kind: "endpoint.register", From: ep.label})
	return ep.id
}

// Identity returns the identity of a registered endpoint.
func (r *Router) Identity(id EndpointID) (Identity, bool) {
	ep, ok := r.endpoints[id]
	if !ok {
		return Identity{}, false
	}
	return ep.ident, true
}

// Label returns the trace label of a registered endpoint.
func (r *Router) Label(id EndpointID) string {
	if ep, ok := r.endpoints[id]; ok {
		return ep.label
	}
	return fmt.Sprintf("#%d", id)
}

// ErrUnknownEndpoint is returned for an EndpointID that was never registered.
var ErrUnknownEndpoint = errors.New("router: unknown endpoint")

// caller finds the endpoint making an API call. A closed endpoint yields S3
// (E9, H6): the context was invalidated.
func (r *Router) caller(id EndpointID) (*endpoint, error) {
	ep, ok := r.endpoints[id]
	if !ok {
		if id > 0 && id <= r.nextEP {
			return nil, r.prof.err(CodeContextInvalidated)
		}
		return nil, fmt.Errorf("%w %d", ErrUnknownEndpoint, id)
	}
	if ep.state == epClosed {
		return nil, r.prof.err(CodeContextInvalidated)
	}
	return ep, nil
}

// TargetKind says whether a message goes to an extension or into a tab.
type TargetKind uint8

// The target kinds.
const (
	ToExtension TargetKind = iota // runtime.connect / runtime.sendMessage
	ToTab                         // tabs.connect / tabs.sendMessage
)

// AllFrames targets every frame of a tab.
const AllFrames = -1

// Target says where a connect or one-off message goes. Build it with
// ExtensionTarget or TabTarget.
type Target struct {
	Kind TargetKind
	// Extension is the target extension for ToExtension; "" means the
	// sender's own extension (B1).
	Extension string
	// Tab, Frame and Document select receivers for ToTab (D3). Frame is
	// AllFrames unless a frameId was given; Document is "" unless a
	// documentId was given.
	Tab      int
	Frame    int
	Document string
}

// ExtensionTarget targets extension id ("" for the caller's own).
func ExtensionTarget(id string) Target { return Target{Kind: ToExtension, Extension: id} }

// TabTarget targets every frame of tab.
func TabTarget(tab int) Target { return Target{Kind: ToTab, Tab: tab, Frame: AllFrames} }

// FrameTarget targets one frame of tab.
func FrameTarget(tab, frame int) Target { return Target{Kind: ToTab, Tab: tab, Frame: frame} }

// Event is the listener event a connect or message fires on receivers.
type Event uint8

// The receiving events (B8).
const (
	OnConnect Event = iota + 1
	OnConnectExternal
	OnMessage
	OnMessageExternal
)

func (e Event) String() string {
	switch e {
	case OnConnect:
		return "runtime.onConnect"
	case OnConnectExternal:
		return "runtime.onConnectExternal"
	case OnMessage:
		return "runtime.onMessage"
	case OnMessageExternal:
		return "runtime.onMessageExternal"
	}
	return fmt.Sprintf("Event(%d)", e)
}

// route is the result of resolving a target: who receives, with which event,
// format and sender.
type route struct {
	receivers []*endpoint
	// parked are contexts of a cached document named by documentId: a
	// one-off message to them waits (Profile.CachedDocumentMessagesWait).
	parked   []*endpoint
	external bool
	format   serial.Format
	sender   *Sender
	fail     *Error // set when the open fails (S1, S9): reported asynchronously (K6)
}

// validateTarget performs the synchronous checks of B1 (S11).
func (r *Router) validateTarget(from *endpoint, t Target) (Target, error) {
	if t.Kind == ToExtension {
		if t.Extension == "" {
			t.Extension = from.ident.Extension
		} else if !r.prof.validExtensionID(t.Extension) {
			return t, r.prof.err(CodeInvalidExtensionID, t.Extension)
		}
		return t, nil
	}
	if from.ident.Extension == "" {
		return t, fmt.Errorf("router: tabs messaging from %s, which belongs to no extension", from.label)
	}
	return t, nil
}

// resolve computes the receivers of a message from `from` to t.
func (r *Router) resolve(from *endpoint, t Target) route {
	var rt route
	srcInfo, srcKnown := r.world.Extension(from.ident.Extension)
	if t.Kind == ToTab {
		rt.format = r.format(srcInfo, srcKnown)
		rt.sender = r.senderFor(from, true, false, nil)
		if _, ok := r.world.Tab(t.Tab); !ok {
			rt.fail = r.prof.err(CodeNoReceiver) // D2, FF-15
			return rt
		}
		for _, ep := range r.order {
			cached := ep.state == epFrozen && t.Document != "" && r.prof.CachedDocumentMessagesWait
			if (ep.state != epLive && !cached) || ep.ident.Extension != from.ident.Extension || ep.ident.Tab != t.Tab || !ep.ident.InTab() {
				continue
			}
			if ep.ident.Kind != KindContentScript && ep.ident.Kind != KindExtensionPage { // D4, FF-6
				continue
			}
			if t.Document != "" && ep.ident.Document != t.Document { // D3, FF-14
				continue
			}
			// Firefox replaces the frame filter by the document filter (FF-14);
			// Chrome requires both to name the same frame (D3).
			if t.Frame != AllFrames && !(t.Document != "" && r.prof.DocumentReplacesFrame) && ep.ident.Frame != t.Frame {
				continue
			}
			if r.excluded(from, ep) {
				continue
			}
			if cached {
				rt.parked = append(rt.parked, ep)
				continue
			}
			rt.receivers = append(rt.receivers, ep)
		}
		if len(rt.receivers) == 0 {
			rt.fail = r.prof.err(CodeNoReceiver)
		}
		return rt
	}

	rt.external = from.ident.Kind == KindWebPage || from.ident.Extension != t.Extension
	if from.ident.Kind == KindWebPage && !r.prof.WebPagesCanMessage {
		rt.fail = r.prof.err(CodeNoReceiver) // FF-4
		return rt
	}
	r.world.WakeExtension(t.Extension)
	info, ok := r.world.Extension(t.Extension)
	if !ok {
		rt.fail = r.prof.err(CodeNoReceiver) // B7
		rt.format = r.format(srcInfo, srcKnown)
		rt.sender = r.senderFor(from, false, false, nil)
		return rt
	}
	if rt.external && !r.externalAllowed(from, info) {
		rt.fail = r.prof.err(CodeNoReceiver) // C3: indistinguishable from not installed
		rt.format = r.format(srcInfo, srcKnown)
		rt.sender = r.senderFor(from, false, true, info.Externally)
		return rt
	}
	switch {
	case from.ident.Kind == KindWebPage:
		rt.format = r.format(info, true) // F8: web pages adapt to the extension
	default:
		rt.format = r.format(srcInfo, srcKnown)
		if dst := r.format(info, true); dst != rt.format {
			rt.fail = r.prof.err(CodeFormatMismatch) // F7
		}
	}
	rt.sender = r.senderFor(from, false, rt.external, info.Externally)
	if rt.fail != nil {
		return rt
	}
	for _, ep := range r.order {
		if ep.state != epLive || ep.ident.Extension != t.Extension || !ep.ident.Kind.isExtensionView() {
			continue // B4: content scripts never receive runtime messages
		}
		if r.excluded(from, ep) {
			continue
		}
		rt.receivers = append(rt.receivers, ep)
	}
	if len(rt.receivers) == 0 {
		rt.fail = r.prof.err(CodeNoReceiver)
	}
	return rt
}

// excluded applies sender exclusion: a context never receives its own
// message (B5, FF-2); in Chrome neither does any other context of the same
// document.
func (r *Router) excluded(from, ep *endpoint) bool {
	if ep == from {
		return true
	}
	return r.prof.ExcludeSenderDocument && from.ident.Document != "" && ep.ident.Document == from.ident.Document
}

func (r *Router) format(info ExtensionInfo, known bool) serial.Format {
	if r.prof.StructuredCloneOnly {
		return serial.StructuredClone
	}
	if !known {
		return serial.JSON
	}
	return info.Format
}

// externalAllowed applies externally_connectable (C1, C2).
func (r *Router) externalAllowed(from *endpoint, info ExtensionInfo) bool {
	ec := info.Externally
	if from.ident.Kind == KindWebPage {
		return ec != nil && ec.MatchesURL != nil && ec.MatchesURL(from.ident.URL)
	}
	if ec == nil || !r.prof.ExternallyConnectableLimitsExtensions {
		return true // C1: any extension may connect when the key is absent; FF-4: Firefox ignores it
	}
	return slices.Contains(ec.IDs, "*") || slices.Contains(ec.IDs, from.ident.Extension)
}

func (r *Router) emit(e trace.Event) {
	if r.sink == nil {
		return
	}
	e.At = r.sched.Elapsed()
	r.sink.Emit(e)
}

func (r *Router) payload(m serial.Message) []byte {
	if !r.payloads {
		return nil
	}
	if m.Format == serial.JSON {
		return serial.EncodeJSON(m.Value)
	}
	jm, err := serial.Serialize(serial.JSON, m.Value, 0)
	if err != nil {
		return nil
	}
	return serial.EncodeJSON(jm.Value)
}

func (r *Router) noteActivity(ep *endpoint) {
	if r.activity != nil {
		r.activity.Activity(ep.id)
	}
}

// Stats counts what the router holds; tests use it to prove nothing leaks.
type Stats struct {
	Endpoints int // registered, not closed
	Channels  int // open port channels
	Calls     int // one-off messages still pending
	Ports     int // open ports held by live endpoints
	Requests  int // one-off messages received and still answerable
}

// Stats reports current counts.
func (r *Router) Stats() Stats {
	s := Stats{Endpoints: len(r.order), Channels: len(r.channels), Calls: len(r.calls)}
	for _, ep := range r.order {
		s.Ports += len(ep.ports)
		s.Requests += len(ep.reqs)
	}
	return s
}

func removeItem[T comparable](s []T, v T) []T {
	if i := slices.Index(s, v); i >= 0 {
		return slices.Delete(s, i, i+1)
	}
	return s
}
