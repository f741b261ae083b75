package dom

import (
	"github.com/grafana/sobek"
	"golang.org/x/net/html"

	"github.com/extsim/extsim/router/serial"
)

// eventOf returns the Go event behind a world's Event wrapper.
func (w *World) eventOf(v sobek.Value) *Event {
	if o, ok := v.(*sobek.Object); ok {
		e, _ := w.handle(o).(*Event)
		return e
	}
	return nil
}

// kindOf tells an event's interface from its wrapper's prototype chain
// (new CustomEvent(...) runs Event's constructor).
func (w *World) kindOf(o *sobek.Object) Kind {
	for p := o.Prototype(); p != nil; p = p.Prototype() {
		switch p {
		case w.protos["CustomEvent"]:
			return KindCustom
		case w.protos["MessageEvent"]:
			return KindMessage
		case w.protos["MouseEvent"]:
			return KindMouse
		case w.protos["PageTransitionEvent"]:
			return KindPageTransition
		case w.protos["Event"]:
			return KindEvent
		}
	}
	return KindEvent
}

// newEvent is the constructor of Event and its subclasses.
func (w *World) newEvent(o *sobek.Object, typ string, init sobek.Value) sobek.Value {
	e := &Event{Type: typ, Kind: w.kindOf(o)}
	if w.opts.Now != nil {
		e.TimeStamp = w.opts.Now()
	}
	if io, ok := init.(*sobek.Object); ok {
		get := func(k string) sobek.Value { return io.Get(k) }
		flag := func(k string) bool { v := get(k); return v != nil && v.ToBoolean() }
		num := func(k string) float64 {
			if v := get(k); v != nil && !sobek.IsUndefined(v) {
				return v.ToFloat()
			}
			return 0
		}
		e.Bubbles, e.Cancelable, e.Composed = flag("bubbles"), flag("cancelable"), flag("composed")
		switch e.Kind {
		case KindCustom, KindMessage:
			k := "detail"
			if e.Kind == KindMessage {
				k = "data"
				if v := get("origin"); v != nil && !sobek.IsUndefined(v) {
					e.Origin = v.String()
				}
			}
			if v := get(k); v != nil && !sobek.IsUndefined(v) {
				e.payload, e.payloadWorld = v, w
			}
		case KindMouse:
			m := &e.Mouse
			m.ClientX, m.ClientY, m.ScreenX, m.ScreenY = num("clientX"), num("clientY"), num("screenX"), num("screenY")
			m.Button, m.Buttons, m.Detail = num("button"), num("buttons"), num("detail")
			m.CtrlKey, m.ShiftKey, m.AltKey, m.MetaKey = flag("ctrlKey"), flag("shiftKey"), flag("altKey"), flag("metaKey")
		case KindPageTransition:
			e.Persisted = flag("persisted")
		}
	}
	w.setHandle(o, e)
	if e.wrappers == nil {
		e.wrappers = map[*World]*sobek.Object{}
	}
	e.wrappers[w] = o
	return sobek.Undefined()
}

// wrapEvent returns world w's wrapper of e, made on first use.
func (w *World) wrapEvent(e *Event) *sobek.Object {
	w.init()
	if o := e.wrappers[w]; o != nil {
		return o
	}
	o := w.rt.NewObject()
	proto := map[Kind]string{KindEvent: "Event", KindCustom: "CustomEvent", KindMessage: "MessageEvent",
		KindMouse: "MouseEvent", KindPageTransition: "PageTransitionEvent"}[e.Kind]
	o.SetPrototype(w.protos[proto])
	w.setHandle(o, e)
	if e.wrappers == nil {
		e.wrappers = map[*World]*sobek.Object{}
	}
	e.wrappers[w] = o
	return o
}

// targetValue is what world w sees as an event target.
func (w *World) targetValue(t *target) sobek.Value {
	switch {
	case t == nil:
		return sobek.Null()
	case t.isWindow:
		return w.g
	case t.owner != nil:
		return t.owner
	}
	return w.wrap(t.node)
}

// eventMember implements the members of Event and its subclasses.
func (w *World) eventMember(op string, e *Event, call sobek.FunctionCall) sobek.Value {
	rt := w.rt
	switch op {
	case "type":
		return rt.ToValue(e.Type)
	case "target", "srcElement":
		if e.target == nil {
			return sobek.Null()
		}
		return w.targetValue(e.target)
	case "currentTarget":
		return w.targetValue(e.current)
	case "eventPhase":
		return rt.ToValue(e.phase)
	case "bubbles":
		return rt.ToValue(e.Bubbles)
	case "cancelable":
		return rt.ToValue(e.Cancelable)
	case "composed":
		return rt.ToValue(e.Composed)
	case "defaultPrevented":
		return rt.ToValue(e.canceled)
	case "returnValue":
		return rt.ToValue(!e.canceled)
	case "=returnValue":
		if !call.Argument(2).ToBoolean() && e.Cancelable {
			e.canceled = true
		}
		return sobek.Undefined()
	case "cancelBubble":
		return rt.ToValue(e.stop)
	case "=cancelBubble":
		if call.Argument(2).ToBoolean() {
			e.stop = true
		}
		return sobek.Undefined()
	case "isTrusted":
		return rt.ToValue(e.Trusted)
	case "timeStamp":
		return rt.ToValue(e.TimeStamp)
	case "preventDefault":
		if e.Cancelable {
			e.canceled = true
		}
		return sobek.Undefined()
	case "stopPropagation":
		e.stop = true
		return sobek.Undefined()
	case "stopImmediatePropagation":
		e.stop, e.stopNow = true, true
		return sobek.Undefined()
	case "composedPath":
		if !e.dispatching {
			return rt.NewArray()
		}
		vs := make([]any, len(e.path))
		for i, t := range e.path {
			vs[i] = w.targetValue(t)
		}
		return rt.NewArray(vs...)
	case "detail":
		if e.Kind == KindMouse {
			return rt.ToValue(e.Mouse.Detail)
		}
		return e.payloadIn(w)
	case "data":
		return e.payloadIn(w)
	case "origin":
		return rt.ToValue(e.Origin)
	case "lastEventId":
		return rt.ToValue("")
	case "source":
		if e.Trusted && e.Kind == KindMessage {
			return w.g
		}
		return sobek.Null()
	case "ports":
		return rt.NewArray()
	case "persisted":
		return rt.ToValue(e.Persisted)
	case "view":
		if e.Trusted && w.opts.Window {
			return w.g
		}
		return sobek.Null()
	case "relatedTarget":
		return sobek.Null()
	}
	m := e.Mouse
	switch op {
	case "clientX", "x", "pageX", "offsetX":
		return rt.ToValue(m.ClientX)
	case "clientY", "y", "pageY", "offsetY":
		return rt.ToValue(m.ClientY)
	case "screenX":
		return rt.ToValue(m.ScreenX)
	case "screenY":
		return rt.ToValue(m.ScreenY)
	case "button":
		return rt.ToValue(m.Button)
	case "buttons":
		return rt.ToValue(m.Buttons)
	case "ctrlKey":
		return rt.ToValue(m.CtrlKey)
	case "shiftKey":
		return rt.ToValue(m.ShiftKey)
	case "altKey":
		return rt.ToValue(m.AltKey)
	case "metaKey":
		return rt.ToValue(m.MetaKey)
	}
	panic(rt.NewTypeError("Illegal invocation"))
}

// targetFor resolves what a script called add/removeEventListener or
// dispatchEvent on.
func (w *World) targetFor(v sobek.Value) (*target, []*target) {
	o, ok := v.(*sobek.Object)
	if !ok {
		w.typeError("Illegal invocation")
	}
	if w.opts.Window && o == w.g {
		if w.tree == nil {
			w.typeError("Illegal invocation")
		}
		return w.tree.window, []*target{w.tree.window}
	}
	if n := w.nodes[o]; n != nil {
		var path []*target
		for p := n; p != nil; p = p.Parent {
			path = append(path, w.tree.targetOf(p))
			if p == w.tree.Doc && w.opts.Window {
				path = append(path, w.tree.window)
			}
		}
		return path[0], path
	}
	if t, ok := w.handle(o).(*target); ok {
		return t, []*target{t}
	}
	w.typeError("Illegal invocation")
	return nil, nil
}

// listen implements addEventListener (add) and removeEventListener.
func (w *World) listen(add bool, this, argc, typ, fn, opts sobek.Value) sobek.Value {
	method := "addEventListener"
	if !add {
		method = "removeEventListener"
	}
	w.argCount(method, "EventTarget", argc, 2)
	tg, _ := w.targetFor(this)
	if sobek.IsNull(fn) || sobek.IsUndefined(fn) {
		return sobek.Undefined()
	}
	if _, ok := fn.(*sobek.Object); !ok {
		w.typeError("Failed to execute '" + method + "' on 'EventTarget': The callback provided as parameter 2 is not an object.")
	}
	l := &listener{world: w, typ: typ.String(), fn: fn}
	if o, ok := opts.(*sobek.Object); ok {
		if v := o.Get("capture"); v != nil {
			l.capture = v.ToBoolean()
		}
		if v := o.Get("once"); v != nil {
			l.once = v.ToBoolean()
		}
	} else if opts != nil {
		l.capture = opts.ToBoolean()
	}
	if add {
		tg.add(l)
	} else {
		tg.remove(w, l.typ, fn, l.capture)
	}
	return sobek.Undefined()
}

// dispatch implements dispatchEvent: synchronous, through every world's
// listeners on the path, untrusted.
func (w *World) dispatch(this, argc, ev sobek.Value) sobek.Value {
	w.argCount("dispatchEvent", "EventTarget", argc, 1)
	tg, path := w.targetFor(this)
	e := w.eventOf(ev)
	if e == nil {
		w.typeError("Failed to execute 'dispatchEvent' on 'EventTarget': parameter 1 is not of type 'Event'.")
	}
	if e.dispatching || e.dispatchedOnce {
		w.domException("InvalidStateError", "Failed to execute 'dispatchEvent' on 'EventTarget': The event is already being dispatched.")
	}
	var worlds []*World
	if w.tree != nil {
		worlds = w.tree.worlds
	}
	return w.rt.ToValue(dispatchPath(worlds, e, tg, path))
}

// callListener runs one listener of world w for e.
func (w *World) callListener(e *Event, tg *target, fn sobek.Value) {
	ev := w.wrapEvent(e)
	this := w.targetValue(tg)
	if f, ok := sobek.AssertFunction(fn); ok {
		w.opts.Call(f, this, ev)
		return
	}
	o := fn.(*sobek.Object)
	if f, ok := sobek.AssertFunction(o.Get("handleEvent")); ok {
		w.opts.Call(f, o, ev)
	}
}

// callHandlerProperty runs world w's on<type> property of tg, if it set
// one: an event handler IDL attribute (window.onmessage, el.onclick).
func (w *World) callHandlerProperty(e *Event, tg *target) {
	var o *sobek.Object
	switch {
	case tg.isWindow:
		if !w.opts.Window {
			return
		}
		o = w.g
	case tg.node != nil:
		o = w.wrappers[tg.node]
	}
	if o == nil {
		return
	}
	v := o.Get("on" + e.Type)
	f, ok := sobek.AssertFunction(v)
	if !ok {
		return
	}
	w.opts.Call(func(this sobek.Value, args ...sobek.Value) (sobek.Value, error) {
		r, err := f(this, args...)
		if err == nil && r != nil && e.Cancelable && r.StrictEquals(w.rt.ToValue(false)) {
			e.canceled = true
		}
		return r, err
	}, w.targetValue(tg), w.wrapEvent(e))
}

// Click dispatches a trusted click at n, as a user's click does: a
// MouseEvent that bubbles, is cancelable and composed, with detail 1,
// heard by every world's listeners.
func (t *Tree) Click(n *html.Node) bool {
	e := &Event{Type: "click", Kind: KindMouse, Bubbles: true, Cancelable: true, Composed: true, Trusted: true}
	e.Mouse.Detail = 1
	return t.Dispatch(e, n)
}

// FireDocumentEvent dispatches a trusted event the browser fires at the
// document (readystatechange, DOMContentLoaded).
func (t *Tree) FireDocumentEvent(typ string, bubbles bool) {
	t.Dispatch(&Event{Type: typ, Bubbles: bubbles, Trusted: true}, t.Doc)
}

// FireLoad dispatches the window's load event.
func (t *Tree) FireLoad() {
	t.DispatchLoad(&Event{Type: "load", Trusted: true})
}

// FirePageHide dispatches pagehide at the window; persisted is set when
// the page goes into the back/forward cache.
func (t *Tree) FirePageHide(persisted bool) {
	t.Dispatch(&Event{Type: "pagehide", Kind: KindPageTransition, Trusted: true, Persisted: persisted}, nil)
}

// FireMessage dispatches a window.postMessage message event at the
// window: every world gets its own copy of data.
func (t *Tree) FireMessage(data serial.Value, origin string) {
	e := &Event{Type: "message", Kind: KindMessage, Trusted: true, Origin: origin, Data: &data}
	t.Dispatch(e, nil)
}
