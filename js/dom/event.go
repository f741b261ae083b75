package dom

import (
	"github.com/grafana/sobek"
	"golang.org/x/net/html"

	"github.com/extsim/extsim/js/jsvalue"
	"github.com/extsim/extsim/router/serial"
)

// Event phases, as Event.eventPhase reports them.
const (
	PhaseNone      = 0
	PhaseCapturing = 1
	PhaseAtTarget  = 2
	PhaseBubbling  = 3
)

// Kind is an event's interface.
type Kind uint8

// The event interfaces extsim has.
const (
	KindEvent Kind = iota
	KindCustom
	KindMessage
	KindMouse
	KindPageTransition
)

// target is anything listeners are added to: a node, the window, or an
// EventTarget a script made (which lives in one world only).
type target struct {
	node      *html.Node
	isWindow  bool
	owner     *sobek.Object // a script's EventTarget: the object itself
	listeners []*listener
}

type listener struct {
	world   *World
	typ     string
	fn      sobek.Value // a function, or an object with handleEvent
	capture bool
	once    bool
	removed bool
}

func (t *target) add(l *listener) {
	for _, o := range t.listeners {
		if o.world == l.world && o.typ == l.typ && o.capture == l.capture && o.fn.SameAs(l.fn) {
			return
		}
	}
	t.listeners = append(t.listeners, l)
}

func (t *target) remove(w *World, typ string, fn sobek.Value, capture bool) {
	for i, o := range t.listeners {
		if o.world == w && o.typ == typ && o.capture == capture && o.fn.SameAs(fn) {
			o.removed = true
			t.listeners = append(t.listeners[:i:i], t.listeners[i+1:]...)
			return
		}
	}
}

// MouseInit is the state of a MouseEvent.
type MouseInit struct {
	ClientX, ClientY, ScreenX, ScreenY, Button, Buttons, Detail float64
	CtrlKey, ShiftKey, AltKey, MetaKey                          bool
}

// Event is one event, shared by every world it reaches; each world sees
// it through its own wrapper.
type Event struct {
	Type                          string
	Kind                          Kind
	Bubbles, Cancelable, Composed bool
	Trusted                       bool
	TimeStamp                     float64
	Mouse                         MouseInit
	Persisted                     bool // pagehide / pageshow
	Origin                        string
	// Data is a MessageEvent's data or a CustomEvent's detail, as a
	// serialized value every world materializes for itself; when a script
	// made the event, payload holds its value in that world instead.
	Data           *serial.Value
	payload        sobek.Value
	payloadWorld   *World
	perWorld       map[*World]sobek.Value // materialized payloads
	wrappers       map[*World]*sobek.Object
	target         *target
	current        *target
	phase          int
	path           []*target
	dispatching    bool
	stop, stopNow  bool
	canceled       bool
	dispatchedOnce bool
}

// payloadIn returns the event's data or detail as world w sees it: the
// script's own value in the world that made it, a structured clone in the
// others (null when it cannot be cloned), as Chromium's CustomEvent does.
func (e *Event) payloadIn(w *World) sobek.Value {
	if e.payloadWorld == w && e.payload != nil {
		return e.payload
	}
	if v, ok := e.perWorld[w]; ok {
		return v
	}
	if e.Data == nil && e.payload != nil && e.payloadWorld != nil {
		if sv, err := jsvalue.ToSerial(e.payloadWorld.rt, e.payload, serial.StructuredClone); err == nil {
			if m, err := serial.Serialize(serial.StructuredClone, sv, 0); err == nil {
				e.Data = &m.Value
			}
		}
	}
	v := sobek.Null()
	if e.Data != nil {
		v = jsvalue.FromSerial(w.rt, *e.Data)
	}
	if e.perWorld == nil {
		e.perWorld = map[*World]sobek.Value{}
	}
	e.perWorld[w] = v
	return v
}

func (t *Tree) targetOf(n *html.Node) *target {
	tg := t.targets[n]
	if tg == nil {
		tg = &target{node: n}
		t.targets[n] = tg
	}
	return tg
}

// Dispatch dispatches e at node n (the window when n is nil): capture
// phase from the window down, the target, then the bubble phase back up if
// e bubbles. Listeners of every live world run, each in its own world, in
// the order they were added. It returns false if a listener canceled it.
func (t *Tree) Dispatch(e *Event, n *html.Node) bool {
	var tg *target
	var path []*target
	if n == nil {
		tg = t.window
		path = []*target{t.window}
	} else {
		tg = t.targetOf(n)
		for p := n; p != nil; p = p.Parent {
			path = append(path, t.targetOf(p))
			if p.Type == html.DocumentNode && p == t.Doc {
				path = append(path, t.window)
			}
		}
	}
	return dispatchPath(t.worlds, e, tg, path)
}

// DispatchLoad dispatches the window's load event, whose target is the
// document but whose path is the window alone.
func (t *Tree) DispatchLoad(e *Event) {
	dispatchPath(t.worlds, e, t.targetOf(t.Doc), []*target{t.window})
}

// dispatchPath runs the dispatch of e at tg along path (tg first, the
// window last); worlds are those whose on<type> properties count.
func dispatchPath(worlds []*World, e *Event, tg *target, path []*target) bool {
	e.dispatching, e.dispatchedOnce = true, true
	e.target, e.path = tg, path
	e.stop, e.stopNow = false, false
	for i := len(path) - 1; i > 0 && !e.stop; i-- {
		e.phase = PhaseCapturing
		invoke(worlds, e, path[i], true, false)
	}
	if !e.stop {
		// At the target, capture listeners run first, then the others
		// (the DOM standard since 2021, Chrome 89).
		e.phase = PhaseAtTarget
		invoke(worlds, e, path[0], true, false)
		if !e.stop {
			invoke(worlds, e, path[0], false, true)
		}
	}
	if e.Bubbles {
		for i := 1; i < len(path) && !e.stop; i++ {
			e.phase = PhaseBubbling
			invoke(worlds, e, path[i], false, true)
		}
	}
	e.phase, e.current, e.dispatching = PhaseNone, nil, false
	e.stop, e.stopNow = false, false
	return !e.canceled
}

// invoke runs the listeners of tg for e: capture ones when capture is set,
// the others when bubble is set (both at the target), then, in the bubble
// or target phase, each world's on<type> handler property.
func invoke(worlds []*World, e *Event, tg *target, capture, bubble bool) {
	e.current = tg
	if bubble {
		for _, w := range worlds {
			if e.stopNow {
				return
			}
			if w.dead || (w.Alive != nil && !w.Alive()) {
				continue
			}
			w.callHandlerProperty(e, tg)
		}
	}
	if len(tg.listeners) == 0 {
		return
	}
	ls := append([]*listener(nil), tg.listeners...)
	for _, l := range ls {
		if e.stopNow {
			return
		}
		if l.removed || l.typ != e.Type || (l.capture && !capture) || (!l.capture && !bubble) {
			continue
		}
		if l.world.dead || (l.world.Alive != nil && !l.world.Alive()) {
			continue
		}
		if l.once {
			tg.remove(l.world, l.typ, l.fn, l.capture)
		}
		l.world.callListener(e, tg, l.fn)
	}
}
