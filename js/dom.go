package js

import (
	"fmt"

	"github.com/grafana/sobek"

	"github.com/extsim/extsim/browser"
	"github.com/extsim/extsim/js/jsvalue"
	"github.com/extsim/extsim/router"
	"github.com/extsim/extsim/router/serial"
)

// domPrelude installs a deliberately small document for pages and content
// scripts until js/dom exists: EventTarget, Event, and a document with
// title, URL, readyState, body and documentElement that are event targets.
// Other members of document throw a TypeError naming what extsim does not
// support, instead of failing silently. Each world gets its own objects
// (isolated worlds); Host.Click dispatches a click in every world of a
// document, as a real click reaches every world's listeners.
const domPrelude = `(function (g, info) {
  "use strict";
  class Event {
    constructor(type, init) {
      this.type = String(type);
      this.bubbles = !!(init && init.bubbles);
      this.cancelable = !!(init && init.cancelable);
      this.defaultPrevented = false;
      this.target = null;
      this.currentTarget = null;
      this.timeStamp = Date.now();
    }
    preventDefault() { if (this.cancelable) this.defaultPrevented = true; }
    stopPropagation() {}
    stopImmediatePropagation() { this._stop = true; }
  }
  class MessageEvent extends Event {
    constructor(type, init) {
      super(type, init);
      this.data = init && "data" in init ? init.data : null;
      this.origin = init && init.origin !== undefined ? String(init.origin) : "";
      this.lastEventId = "";
      this.source = init && init.source !== undefined ? init.source : null;
      this.ports = [];
    }
  }
  class CustomEvent extends Event {
    constructor(type, init) { super(type, init); this.detail = init && init.detail !== undefined ? init.detail : null; }
  }
  const listeners = new WeakMap();
  class EventTarget {
    addEventListener(type, cb, opts) {
      if (cb == null) return;
      let m = listeners.get(this);
      if (!m) { m = new Map(); listeners.set(this, m); }
      let l = m.get(type);
      if (!l) { l = []; m.set(type, l); }
      if (!l.some(e => e.cb === cb)) l.push({ cb, once: !!(opts && typeof opts === "object" && opts.once) });
    }
    removeEventListener(type, cb) {
      const l = listeners.get(this) && listeners.get(this).get(type);
      if (!l) return;
      const i = l.findIndex(e => e.cb === cb);
      if (i >= 0) l.splice(i, 1);
    }
    dispatchEvent(ev) {
      ev.target = ev.target || this;
      ev.currentTarget = this;
      const l = listeners.get(this) && listeners.get(this).get(ev.type);
      if (l) {
        for (const e of l.slice()) {
          if (e.once) this.removeEventListener(ev.type, e.cb);
          try {
            if (typeof e.cb === "function") e.cb.call(this, ev); else e.cb.handleEvent(ev);
          } catch (err) {
            info.uncaught("Uncaught " + (err instanceof Error ? err.name + ": " + err.message : String(err)));
          }
          if (ev._stop) break;
        }
      }
      return !ev.defaultPrevented;
    }
  }
  g.Event = Event;
  g.MessageEvent = MessageEvent;
  g.CustomEvent = CustomEvent;
  g.EventTarget = EventTarget;
  if (!info.hasDocument) return null;
  const body = new EventTarget();
  const documentElement = new EventTarget();
  const doc = new EventTarget();
  Object.defineProperties(doc, {
    title: { get: () => info.title(), enumerable: true },
    URL: { value: info.url, enumerable: true },
    readyState: { get: () => info.readyState(), enumerable: true },
    body: { value: body, enumerable: true },
    documentElement: { value: documentElement, enumerable: true },
  });
  const unsupported = new Proxy(doc, {
    get(t, k, r) {
      if (k in t || typeof k === "symbol" || k === "then" || k === "toJSON") return Reflect.get(t, k, r);
      throw new TypeError("document." + String(k) + " is not supported by extsim yet");
    },
  });
  g.document = unsupported;
  if (g.window === g) {
    const win = g;
    for (const k of ["addEventListener", "removeEventListener", "dispatchEvent"]) {
      win[k] = EventTarget.prototype[k];
    }
    // window.postMessage(message, targetOrigin | {targetOrigin}): every world
    // of this document gets a "message" event later (the page <-> content
    // script relay). The data is structured-cloned for each world.
    win.postMessage = function postMessage(message, targetOrigin) {
      if (arguments.length === 0) {
        throw new TypeError("Failed to execute 'postMessage' on 'Window': 1 argument required, but only 0 present.");
      }
      let target = targetOrigin;
      if (target && typeof target === "object") target = target.targetOrigin;
      if (target === undefined) target = "/";
      info.postMessage(message, String(target));
    };
  }
  return { message(data, origin) {
    const ev = new MessageEvent("message", { data: data, origin: origin, source: g });
    if (typeof g.onmessage === "function") {
      try { g.onmessage(ev); } catch (err) { info.uncaught("Uncaught " + (err instanceof Error ? err.name + ": " + err.message : String(err))); }
    }
    g.dispatchEvent(ev);
  }, click() {
    const ev = new Event("click", { bubbles: true, cancelable: true });
    ev.target = body;
    body.dispatchEvent(ev);
    // Dispatch through the proxy that page code sees as document, so that
    // listeners it added (keyed by that object) fire.
    if (!ev._stop) { ev.currentTarget = unsupported; unsupported.dispatchEvent(ev); }
  } };
})`

// installDOM runs domPrelude in the realm.
func (r *Realm) installDOM() error {
	fn, err := r.RT.RunProgram(r.Host.domProg)
	if err != nil {
		return fmt.Errorf("js: installing the DOM stand-in: %w", err)
	}
	call, _ := sobek.AssertFunction(fn)
	info := r.RT.NewObject()
	d := r.Ctx.Document
	hasDoc := d != nil && r.Ctx.Kind != router.KindServiceWorker
	_ = info.Set("hasDocument", hasDoc)
	_ = info.Set("uncaught", func(text string) { r.ReportUncaught(text) })
	_ = info.Set("postMessage", r.postMessage)
	if hasDoc {
		_ = info.Set("url", d.URL)
		_ = info.Set("title", func() string { return d.Title })
		_ = info.Set("readyState", func() string { return d.ReadyState() })
	}
	v, err := call(sobek.Undefined(), r.RT.GlobalObject(), info)
	if err != nil {
		return fmt.Errorf("js: installing the DOM stand-in: %w", err)
	}
	if o, ok := v.(*sobek.Object); ok {
		r.clicker, _ = sobek.AssertFunction(o.Get("click"))
		r.messenger, _ = sobek.AssertFunction(o.Get("message"))
	}
	return nil
}

// postMessage implements window.postMessage for the document of r: the
// message is cloned, and each world of the document whose origin matches
// targetOrigin ("*", "/" for the same origin, or an origin) gets a message
// event in a task of its own queue.
func (r *Realm) postMessage(call sobek.FunctionCall) sobek.Value {
	d := r.Ctx.Document
	rt := r.RT
	v, err := jsvalue.ToSerial(rt, call.Argument(0), serial.StructuredClone)
	if err == nil {
		var m serial.Message
		if m, err = serial.Serialize(serial.StructuredClone, v, 0); err == nil {
			v = m.Value
		}
	}
	if err != nil {
		if ex, ok := err.(*sobek.Exception); ok {
			panic(ex)
		}
		panic(rt.NewTypeError("Failed to execute 'postMessage' on 'Window': " + err.Error()))
	}
	origin := d.Origin()
	target := call.Argument(1).String()
	if target != "*" && target != "/" && target != origin {
		return sobek.Undefined() // a mismatched targetOrigin drops the message silently
	}
	for _, c := range d.Contexts() {
		other := r.Host.realms[c]
		if other == nil || other.messenger == nil {
			continue
		}
		c.Queue.Post(func() {
			if !other.dead {
				_, _ = other.Call(other.messenger, sobek.Undefined(), jsvalue.FromSerial(other.RT, v), other.RT.ToValue(origin))
			}
		})
	}
	return sobek.Undefined()
}

// Click simulates a user's click on a document's body: each world of the
// document (page and content scripts) gets a click event, in a task of its
// own queue.
func (h *Host) Click(d *browser.Document) error {
	if d == nil || !d.Active() {
		return fmt.Errorf("js: no active document to click")
	}
	for _, c := range d.Contexts() {
		r := h.realms[c]
		if r == nil || r.clicker == nil {
			continue
		}
		c.Queue.Post(func() {
			if !r.dead {
				_, _ = r.Call(r.clicker, sobek.Undefined())
			}
		})
	}
	return nil
}
