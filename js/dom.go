package js

import (
	"fmt"

	"github.com/grafana/sobek"

	"github.com/extsim/extsim/browser"
	"github.com/extsim/extsim/router"
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
  }
  return { click() {
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
	}
	return nil
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
