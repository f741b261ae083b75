package js

import (
	"fmt"

	"github.com/grafana/sobek"

	"github.com/extsim/extsim/browser"
	"github.com/extsim/extsim/js/dom"
	"github.com/extsim/extsim/js/jsvalue"
	"github.com/extsim/extsim/router"
	"github.com/extsim/extsim/router/serial"
)

// installDOM gives the realm its view of the DOM (package js/dom): the
// document's tree, shared with every other world of the document, seen
// through this realm's own wrappers. Service workers get Event and
// EventTarget only. The DOM's globals are built on first use.
func (r *Realm) installDOM() {
	c := r.Ctx
	opts := dom.Options{
		Window: c.Kind != router.KindServiceWorker,
		Alive:  func() bool { return !r.dead && !c.Frozen() },
		Call:   r.callListener,
		Now:    func() float64 { return float64(r.Host.b.Sched.Elapsed().Microseconds()) / 1000 },
	}
	if d := c.Document; d != nil && opts.Window {
		opts.Tree = r.Host.tree(d)
		opts.PostMessage = r.postMessage
		opts.Navigate = func(absURL string) { navigateFrame(d, absURL) }
	}
	r.dom = dom.Install(r.RT, r.Host.domGlue, opts)
}

// tree returns the DOM of d, shared by all its worlds, built on first use.
func (h *Host) tree(d *browser.Document) *dom.Tree {
	t := h.trees[d]
	if t == nil {
		t = dom.NewTree(d.Root, d.URL)
		t.ReadyState = d.ReadyState
		t.OnTitle = func(title string) { d.Title = title } // tabs.Tab.title follows document.title
		t.OnNodesRemoved = func() { removeDetachedFrames(d, t) }
		h.trees[d] = t
	}
	return t
}

// navigateFrame navigates the frame showing d (location.href = ...). A
// document no longer shown by its frame (cached, gone) navigates nothing,
// as in browsers; the browser refuses only closed frames and tabs, so its
// error needs no report.
func navigateFrame(d *browser.Document, absURL string) {
	if f := d.Frame(); f != nil && f.Document() == d {
		_ = f.Navigate(absURL)
	}
}

// removeDetachedFrames removes the child frames of d whose <iframe>
// element a script took out of the document: their documents and contexts
// end as with Frame.Remove (D8, H1; lc-subframe-removed).
func removeDetachedFrames(d *browser.Document, t *dom.Tree) {
	f := d.Frame()
	if f == nil || f.Document() != d {
		return
	}
	for _, c := range f.Children() {
		if el := c.Element(); el != nil && !t.Connected(el) {
			_ = c.Remove() // only a frame already removed fails: nothing left to do
		}
	}
}

// closeDOM ends r's world; the tree goes when its last world does.
func (r *Realm) closeDOM() {
	if r.dom == nil {
		return
	}
	r.dom.Close()
	if t, d := r.dom.Tree(), r.Ctx.Document; t != nil && d != nil && t.Worlds() == 0 {
		delete(r.Host.trees, d)
	}
}

// callListener runs an event listener of this realm: as an entry of its
// own when no script of the realm is running (a browser event, or a
// dispatch from another world), nested otherwise. Either way what it
// throws is reported as uncaught and does not stop the dispatch.
func (r *Realm) callListener(fn sobek.Callable, this sobek.Value, args ...sobek.Value) {
	if r.dead {
		return
	}
	if r.depth == 0 {
		_, _ = r.Call(fn, this, args...)
		return
	}
	if _, err := fn(this, args...); err != nil {
		if _, ok := err.(*sobek.InterruptedError); ok {
			return // a runaway: the interrupt stays set, the outer entry unwinds and reports it
		}
		r.ReportUncaught(ExceptionText(err))
	}
}

// postMessage implements window.postMessage for the document of r: the
// message is cloned, and if targetOrigin ("*", "/" for the same origin, or
// an origin) matches the document's, a message event is dispatched at the
// window in a later task of the page's queue: every world's listeners get
// it, each with its own copy of the data.
func (r *Realm) postMessage(call sobek.FunctionCall) sobek.Value {
	d := r.Ctx.Document
	rt := r.RT
	if len(call.Arguments) == 0 {
		panic(rt.NewTypeError("Failed to execute 'postMessage' on 'Window': 1 argument required, but only 0 present."))
	}
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
	target := call.Argument(1)
	if o, ok := target.(*sobek.Object); ok {
		target = o.Get("targetOrigin")
	}
	targetOrigin := "/"
	if target != nil && !sobek.IsUndefined(target) {
		targetOrigin = target.String()
	}
	origin := d.Origin()
	if targetOrigin != "*" && targetOrigin != "/" && targetOrigin != origin {
		return sobek.Undefined() // a mismatched targetOrigin drops the message silently
	}
	t := r.dom.Tree()
	q := r.Ctx.Queue
	if cs := d.Contexts(); len(cs) > 0 {
		q = cs[0].Queue
	}
	q.Post(func() {
		if d.Active() {
			t.FireMessage(v, origin)
		}
	})
	return sobek.Undefined()
}

// Click simulates a user's click on a document's body (ClickSelector with
// "body").
func (h *Host) Click(d *browser.Document) error { return h.ClickSelector(d, "body") }

// ClickSelector simulates a user's click on the first element of d that
// matches a CSS selector: a trusted click event, dispatched in a task of
// the page's queue, that every world's listeners hear (capture, target,
// bubble). A selector that matches nothing or does not parse is an error.
func (h *Host) ClickSelector(d *browser.Document, selector string) error {
	if d == nil || !d.Active() {
		return fmt.Errorf("js: clicking %q: no active document", selector)
	}
	cs := d.Contexts()
	if len(cs) == 0 {
		return fmt.Errorf("js: clicking %q in %s: the document runs no script", selector, d.URL)
	}
	t := h.tree(d)
	n, err := t.Query(selector)
	if err != nil {
		return fmt.Errorf("js: clicking in %s: %w", d.URL, err)
	}
	if n == nil {
		return fmt.Errorf("js: clicking in %s: no element matches %q", d.URL, selector)
	}
	cs[0].Queue.Post(func() {
		if d.Active() {
			t.Click(n)
		}
	})
	return nil
}

// ReadyStateChanged implements browser.DocumentHost: readystatechange and
// DOMContentLoaded when the document becomes interactive, readystatechange
// and the window's load when it is complete.
func (h *Host) ReadyStateChanged(d *browser.Document) {
	t := h.trees[d]
	if t == nil {
		return
	}
	t.FireDocumentEvent("readystatechange", false)
	switch d.ReadyState() {
	case "interactive":
		t.FireDocumentEvent("DOMContentLoaded", true)
	case "complete":
		t.FireLoad()
	}
}

// PageHidden implements browser.DocumentHost: pagehide at the window.
func (h *Host) PageHidden(d *browser.Document, persisted bool) {
	if t := h.trees[d]; t != nil {
		t.FirePageHide(persisted)
	}
}
