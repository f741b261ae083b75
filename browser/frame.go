package browser

import (
	"fmt"
	"net/url"
	"slices"

	"golang.org/x/net/html"

	"github.com/extsim/extsim/browser/manifest"
	"github.com/extsim/extsim/router"
	"github.com/extsim/extsim/router/serial"
	"github.com/extsim/extsim/trace"
)

// Frame is a browsing context in a tab: the top frame (ID 0) or an iframe.
// Its document can change by navigation; its children belong to its
// document.
type Frame struct {
	ID      int
	b       *Browser
	tab     *Tab
	parent  *Frame
	doc     *Document
	removed bool
	// src is the URL the frame was created with (an iframe's src).
	src string
	// elem is the <iframe> element of the parent's document, nil for the
	// top frame and frames added by AddFrame.
	elem *html.Node
}

// Element is the frame's <iframe> element in its parent's parsed document
// (Document.Root), nil for the top frame and frames made by AddFrame. The
// DOM layer removes the frame when a script takes this element out of the
// document.
func (f *Frame) Element() *html.Node { return f.elem }

// Tab is the tab the frame is in.
func (f *Frame) Tab() *Tab { return f.tab }

// Parent is the parent frame, nil for the top frame.
func (f *Frame) Parent() *Frame { return f.parent }

// Document is the frame's current document (nil while the first one loads
// or after a crash).
func (f *Frame) Document() *Document { return f.doc }

// Children are the frames of the current document.
func (f *Frame) Children() []*Frame {
	if f.doc == nil {
		return nil
	}
	return slices.Clone(f.doc.children)
}

// walk visits f and its descendants in the current documents, parents first.
func (f *Frame) walk(fn func(*Frame)) {
	fn(f)
	if f.doc != nil {
		for _, c := range f.doc.children {
			c.walk(fn)
		}
	}
}

// Navigate loads rawURL in this frame. For the top frame this is
// Tab.Navigate; a sub-frame navigation replaces its document without a tab
// history entry (a simplification: real browsers add one).
func (f *Frame) Navigate(rawURL string) error {
	if f.parent == nil {
		return f.tab.Navigate(rawURL)
	}
	if f.removed || f.tab.closed {
		return ErrClosed
	}
	u, err := parseNavURL(rawURL)
	if err != nil {
		return err
	}
	f.b.load(f, u, nil, nil)
	return nil
}

// Remove removes an iframe from its page: its documents and contexts end
// (reason frame-removed).
func (f *Frame) Remove() error {
	if f.parent == nil {
		return fmt.Errorf("browser: the top frame of tab %d cannot be removed; close the tab", f.tab.ID)
	}
	if f.removed {
		return ErrClosed
	}
	b := f.b
	if f.doc != nil {
		b.destroyDocument(f.doc, router.ReasonFrameRemoved)
		f.doc = nil
	}
	f.removed = true
	if pd := f.parent.doc; pd != nil {
		pd.children = slices.DeleteFunc(pd.children, func(c *Frame) bool { return c == f })
	}
	b.emit(trace.Event{Kind: "frame.remove", From: fmt.Sprintf("tab %d frame %d", f.tab.ID, f.ID)})
	return nil
}

// AddFrame inserts a new iframe loading rawURL into this frame's document,
// as a script appending an <iframe> would.
func (f *Frame) AddFrame(rawURL string) (*Frame, error) {
	if f.removed || f.doc == nil || f.tab.closed {
		return nil, ErrClosed
	}
	u, err := parseNavURL(rawURL)
	if err != nil {
		return nil, err
	}
	return f.b.newChildFrame(f, f.doc, u), nil
}

type docState uint8

const (
	docActive docState = iota
	docCached          // in the back/forward cache
	docGone
)

// Document is one loaded document of a frame (or a background page or
// popup, which have no tab).
type Document struct {
	// ID is the documentId.
	ID    string
	URL   string
	u     *url.URL
	Title string
	// Root is the parsed HTML; the DOM layer builds on it.
	Root *html.Node
	// Scripts are the page's own scripts in document order.
	Scripts []Script

	b         *Browser
	frame     *Frame
	extension *Extension // set for extension pages
	main      *Context   // the page's own world
	state     docState
	children  []*Frame
	contexts  []*Context
	ready     string // readyState
}

// Frame is the document's frame (nil for background pages and popups).
func (d *Document) Frame() *Frame { return d.frame }

// Contexts returns the document's live contexts: its main world first, then
// content script worlds in extension order.
func (d *Document) Contexts() []*Context { return slices.Clone(d.contexts) }

// ReadyState is "loading", "interactive" or "complete".
func (d *Document) ReadyState() string { return d.ready }

// Origin is the serialized origin ("null" for opaque ones).
func (d *Document) Origin() string { return originOf(d.u) }

// Active reports whether the document is shown (not cached, not gone).
func (d *Document) Active() bool { return d.state == docActive }

func (d *Document) label() string {
	if d.frame != nil {
		return fmt.Sprintf("tab %d frame %d %s", d.frame.tab.ID, d.frame.ID, d.URL)
	}
	return d.URL
}

// walkDocs visits d and the documents of its descendant frames.
func (d *Document) walkDocs(fn func(*Document)) {
	fn(d)
	for _, c := range d.children {
		if c.doc != nil {
			c.doc.walkDocs(fn)
		}
	}
}

// bfcacheEligible: top-level web documents go into the back/forward cache
// (it is on in headless Chromium 156, errata 6, and in Firefox); extension
// pages do not.
func (d *Document) bfcacheEligible() bool {
	if d.frame == nil || d.frame.parent != nil || d.extension != nil {
		return false
	}
	switch d.u.Scheme {
	case "http", "https", "file":
		return true
	}
	return false
}

func originOf(u *url.URL) string {
	switch u.Scheme {
	case "http", "https", "ws", "wss", "ftp", "chrome-extension", "moz-extension":
		return u.Scheme + "://" + u.Host
	}
	return "null"
}

// load navigates frame f to u. It commits in a task of the browser's queue;
// reuse is the history entry being revisited, nil for a new entry.
func (b *Browser) load(f *Frame, u *url.URL, htmlBody *string, reuse *entry) {
	b.queue.Post(func() {
		if f.removed || f.tab.closed {
			return
		}
		if f.parent == nil && reuse == nil && f.tab.history[f.tab.cur].url != u.String() {
			return // superseded by a later navigation
		}
		old := f.doc
		switch {
		case f.parent == nil && reuse != nil && old != nil && reuse.doc == old:
			// A reload replaces the document of the same entry: it never
			// enters the back/forward cache, so its ports close as on a
			// navigation without bfcache (H1, H4; measured on Chromium 156 /
			// Firefox ESR 153 by conformance case lc-tab-reload).
			b.destroyDocument(old, router.ReasonNavigated)
			reuse.doc = nil
		case f.parent == nil:
			f.tab.retire(old)
		case old != nil:
			b.destroyDocument(old, router.ReasonNavigated)
		}
		f.doc = nil
		d := b.commit(f, u, htmlBody)
		if f.parent == nil {
			f.tab.history[f.tab.cur].doc = d
			change := []serial.Prop{prop("status", serial.String("loading"))}
			if old == nil || old.URL != d.URL {
				change = append(change, prop("url", serial.String(d.URL)))
			}
			f.tab.updated(change...)
		}
	})
}

// commit creates the document for f at u, its contexts, and the pipeline
// that runs its scripts in page-load order.
func (b *Browser) commit(f *Frame, u *url.URL, htmlBody *string) *Document {
	d := &Document{ID: b.newDocumentID(), URL: u.String(), u: u, b: b, frame: f, ready: "loading"}
	f.doc = d
	body, ext := b.documentBody(u, htmlBody)
	d.extension = ext
	if ps, err := scanPage(u, body); err == nil {
		d.Root, d.Title, d.Scripts = ps.root, ps.title, ps.scripts
		defer b.startPipeline(d, ps.iframes)
	} else {
		defer b.startPipeline(d, nil)
	}
	b.emit(trace.Event{Kind: "document.commit", From: d.label()})
	b.createDocumentContexts(d)
	return d
}

// documentBody returns what a document at u contains: extension files for
// extension URLs, the web for the rest, nothing for about:blank.
func (b *Browser) documentBody(u *url.URL, htmlBody *string) ([]byte, *Extension) {
	ext := b.extensionForURL(u)
	if htmlBody != nil {
		return []byte(*htmlBody), ext
	}
	if u.Scheme == "about" || u.Scheme == "data" {
		return nil, nil
	}
	data, _ := b.Fetch(u.String())
	return data, ext
}

// createDocumentContexts starts the document's main world and the content
// script worlds of every extension whose content scripts match it.
func (b *Browser) createDocumentContexts(d *Document) {
	f := d.frame
	kind := router.KindWebPage
	extID := ""
	if d.extension != nil {
		kind = router.KindExtensionPage
		if d.extension.isOptionsURL(d.URL) {
			kind = router.KindOptionsPage
		}
		extID = d.extension.ID
	}
	main := &Context{Kind: kind, Extension: d.extension, Frame: f, Document: d, URL: d.URL,
		Label: fmt.Sprintf("tab %d frame %d %s", f.tab.ID, f.ID, kindWord(kind))}
	if err := b.startContext(main, b.identity(main, extID)); err == nil {
		d.main = main
		d.contexts = append(d.contexts, main)
	} else {
		b.emit(trace.Event{Kind: "context.error", From: main.Label, Error: err.Error()})
	}
	if d.extension != nil {
		return // content scripts do not run in extension pages
	}
	for _, e := range b.extensions {
		if !e.enabled || !e.injectsInto(f, d) {
			continue
		}
		cs := &Context{Kind: router.KindContentScript, Extension: e, Frame: f, Document: d, URL: d.URL,
			Label: fmt.Sprintf("tab %d frame %d content %s", f.tab.ID, f.ID, e.Name())}
		if err := b.startContext(cs, b.identity(cs, e.ID)); err != nil {
			b.emit(trace.Event{Kind: "context.error", From: cs.Label, Error: err.Error()})
			continue
		}
		d.contexts = append(d.contexts, cs)
	}
}

func kindWord(k router.Kind) string {
	if k == router.KindWebPage {
		return "page"
	}
	return k.String()
}

// identity is what the router knows of a context.
func (b *Browser) identity(c *Context, extID string) router.Identity {
	id := router.Identity{Extension: extID, Kind: c.Kind, URL: c.URL, Label: c.Label}
	if d := c.Document; d != nil {
		id.Document, id.Origin = d.ID, d.Origin()
		if d.frame != nil {
			id.Tab, id.Frame = d.frame.tab.ID, d.frame.ID
		}
	} else if c.Extension != nil {
		id.Origin = c.Extension.Origin()
	}
	return id
}

// step is one stage of a document's load pipeline, run as a task of q.
type step struct {
	ctx *Context // nil: a browser-queue step
	fn  func()
}

// startPipeline runs, strictly one after another whatever the scheduler's
// order: document_start content scripts, the page's scripts, the child
// frames, then readyState "interactive" with document_end content scripts,
// then "complete" with document_idle content scripts (run_at order of the
// content scripts docs).
func (b *Browser) startPipeline(d *Document, iframes []iframe) {
	var steps []step
	var content []*Context
	for _, c := range d.contexts {
		if c.Kind == router.KindContentScript {
			content = append(content, c)
		}
	}
	for _, cs := range content {
		steps = append(steps, step{ctx: cs, fn: b.injectFn(cs, RunAtDocumentStart)})
	}
	if d.main != nil {
		steps = append(steps, step{ctx: d.main, fn: b.mainWorldFn(d, RunAtDocumentStart)})
	}
	if main := d.main; main != nil {
		steps = append(steps, step{ctx: main, fn: func() {
			if main.alive && len(d.Scripts) > 0 {
				b.host.RunScripts(main, d.Scripts)
			}
		}})
	}
	steps = append(steps, step{fn: func() {
		if d.state == docGone {
			return
		}
		for _, ifr := range iframes {
			u, err := url.Parse(ifr.src)
			if err != nil || !inTree(ifr.elem, d.Root) {
				continue // a page script removed the element before it loaded
			}
			b.newChildFrame(d.frame, d, u).elem = ifr.elem
		}
		d.ready = "interactive"
		if dh, ok := b.host.(DocumentHost); ok {
			dh.ReadyStateChanged(d)
		}
	}})
	for _, cs := range content {
		steps = append(steps, step{ctx: cs, fn: b.injectFn(cs, RunAtDocumentEnd)})
	}
	if d.main != nil {
		steps = append(steps, step{ctx: d.main, fn: b.mainWorldFn(d, RunAtDocumentEnd)})
	}
	steps = append(steps, step{fn: func() {
		if d.state == docGone {
			return
		}
		d.ready = "complete"
		if f := d.frame; f != nil && f.parent == nil && f.doc == d {
			f.tab.status = "complete"
			f.tab.updated(prop("status", serial.String("complete")))
		}
		if dh, ok := b.host.(DocumentHost); ok {
			dh.ReadyStateChanged(d)
		}
	}})
	for _, cs := range content {
		steps = append(steps, step{ctx: cs, fn: b.injectFn(cs, RunAtDocumentIdle)})
	}
	if d.main != nil {
		steps = append(steps, step{ctx: d.main, fn: b.mainWorldFn(d, RunAtDocumentIdle)})
	}
	b.runSteps(steps)
}

// runSteps runs steps in order, each posting the next when it is done.
func (b *Browser) runSteps(steps []step) {
	if len(steps) == 0 {
		return
	}
	s := steps[0]
	q := b.queue
	if s.ctx != nil {
		q = s.ctx.Queue
	}
	if !q.Post(func() {
		s.fn()
		b.runSteps(steps[1:])
	}) {
		b.runSteps(steps[1:]) // the context ended: skip its step
	}
}

func (b *Browser) injectFn(cs *Context, at RunAt) func() {
	return func() {
		if !cs.alive || cs.Extension == nil {
			return
		}
		if scripts := cs.Extension.contentScripts(cs.Frame, cs.Document, at, manifest.Isolated); len(scripts) > 0 {
			b.host.RunScripts(cs, scripts)
		}
	}
}

// mainWorldFn runs, in the page's own context, the "world": "MAIN" content
// scripts of every enabled extension that match d at run_at at. They share
// the page's realm and get no extension APIs.
func (b *Browser) mainWorldFn(d *Document, at RunAt) func() {
	return func() {
		main := d.main
		if main == nil || !main.alive || d.extension != nil {
			return
		}
		var scripts []Script
		for _, e := range b.extensions {
			if e.enabled {
				scripts = append(scripts, e.contentScripts(d.frame, d, at, manifest.Main)...)
			}
		}
		if len(scripts) > 0 {
			b.host.RunScripts(main, scripts)
		}
	}
}

// newChildFrame creates an iframe in document d of frame parent and loads u.
func (b *Browser) newChildFrame(parent *Frame, d *Document, u *url.URL) *Frame {
	b.nextFrame++
	cf := &Frame{ID: b.nextFrame, b: b, tab: parent.tab, parent: parent, src: u.String()}
	d.children = append(d.children, cf)
	b.load(cf, u, nil, nil)
	return cf
}

// destroyDocument ends d, its child frames' documents and all their
// contexts.
func (b *Browser) destroyDocument(d *Document, reason router.Reason) {
	if d.state == docGone {
		return
	}
	if dh, ok := b.host.(DocumentHost); ok && d.state == docActive && reason != router.ReasonCrashed {
		dh.PageHidden(d, false)
	}
	for _, cf := range d.children {
		if cf.doc != nil {
			b.destroyDocument(cf.doc, reason)
			cf.doc = nil
		}
		cf.removed = true
	}
	d.children = nil
	d.state = docGone
	for _, c := range d.contexts {
		b.stopContext(c, reason)
	}
	d.contexts = nil
	b.emit(trace.Event{Kind: "document.destroy", From: d.label(), Reason: reason.String()})
}

// inTree reports whether n is still under root.
func inTree(n, root *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if n == root {
			return true
		}
	}
	return false
}
