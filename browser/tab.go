package browser

import (
	"errors"
	"fmt"
	"net/url"
	"slices"

	"github.com/extsim/extsim/router"
	"github.com/extsim/extsim/router/serial"
	"github.com/extsim/extsim/trace"
)

// bfcacheSize is how many cached documents a tab keeps, like Chrome's
// default back/forward cache size; older ones are evicted.
const bfcacheSize = 6

// Window is a browser window holding tabs in order.
type Window struct {
	ID   int
	b    *Browser
	tabs []*Tab
}

// Tabs returns the window's tabs in index order.
func (w *Window) Tabs() []*Tab { return slices.Clone(w.tabs) }

// Tab is a browser tab: a top-level frame with a session history.
type Tab struct {
	ID     int
	b      *Browser
	window *Window
	active bool
	pinned bool

	main    *Frame
	history []*entry
	cur     int
	status  string

	discarded bool
	crashed   bool
	closed    bool
	// lastAccessed is the virtual time (ms since the epoch) the tab was last
	// activated.
	lastAccessed float64
}

// entry is one session-history entry; doc is set while its document is
// alive (current, or in the back/forward cache).
type entry struct {
	url string
	doc *Document
}

// TabOptions configures NewTab.
type TabOptions struct {
	// Window to open the tab in; the first window (created on demand) when
	// nil.
	Window *Window
	// Background opens the tab without activating it.
	Background bool
	// HTML, when set, is the first document's content instead of what the
	// web returns for the URL.
	HTML string
}

// ErrClosed is returned for operations on a closed tab or removed frame.
var ErrClosed = errors.New("browser: tab or frame is closed")

// NewWindow opens an empty window.
func (b *Browser) NewWindow() *Window {
	b.nextWindow++
	w := &Window{ID: b.nextWindow, b: b}
	b.windows = append(b.windows, w)
	b.focused = w // a new window takes the focus
	b.broadcast("windows.onCreated", w.Object())
	b.focusChanged()
	return w
}

// Close closes the window and all its tabs.
func (w *Window) Close() {
	b := w.b
	if !slices.Contains(b.windows, w) {
		return
	}
	for _, t := range w.Tabs() {
		t.close(true)
	}
	b.windows = slices.DeleteFunc(b.windows, func(x *Window) bool { return x == w })
	b.broadcast("windows.onRemoved", serial.Number(w.ID))
	if b.focused == w {
		b.focused = nil
		if n := len(b.windows); n > 0 {
			b.focused = b.windows[n-1]
		}
		b.focusChanged()
	}
}

// Windows returns the open windows.
func (b *Browser) Windows() []*Window { return slices.Clone(b.windows) }

// NewTab opens a tab and starts loading rawURL in it. The document commits
// when the scheduler runs (Run), like a real navigation.
func (b *Browser) NewTab(rawURL string, opts TabOptions) (*Tab, error) {
	u, err := parseNavURL(rawURL)
	if err != nil {
		return nil, err
	}
	w := opts.Window
	if w == nil {
		if len(b.windows) == 0 {
			b.NewWindow()
		}
		w = b.windows[0]
	}
	b.nextTab++
	t := &Tab{ID: b.nextTab, b: b, window: w, status: "loading"}
	t.main = &Frame{ID: 0, b: b, tab: t}
	w.tabs = append(w.tabs, t)
	b.tabs = append(b.tabs, t)
	var previous *Tab
	activate := !opts.Background || len(w.tabs) == 1
	if activate {
		previous = t.activate()
	}
	b.emit(trace.Event{Kind: "tab.create", From: fmt.Sprintf("tab %d", t.ID), Reason: u.String()})
	b.broadcast("tabs.onCreated", t.Object())
	if activate {
		t.activated(previous)
	}
	var html *string
	if opts.HTML != "" {
		html = &opts.HTML
	}
	t.push(u.String())
	b.load(t.main, u, html, nil)
	return t, nil
}

// TabByID returns the open tab with id, or nil.
func (b *Browser) TabByID(id int) *Tab {
	for _, t := range b.tabs {
		if t.ID == id {
			return t
		}
	}
	return nil
}

// Tabs returns the open tabs in creation order.
func (b *Browser) Tabs() []*Tab { return slices.Clone(b.tabs) }

func parseNavURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("browser: bad URL %q: %w", raw, err)
	}
	if u.Scheme == "" {
		return nil, fmt.Errorf("browser: URL %q has no scheme", raw)
	}
	return u, nil
}

// Window returns the tab's window.
func (t *Tab) Window() *Window { return t.window }

// Index is the tab's position in its window.
func (t *Tab) Index() int { return slices.Index(t.window.tabs, t) }

// Active reports whether the tab is its window's active tab.
func (t *Tab) Active() bool { return t.active }

// Status is "loading" or "complete".
func (t *Tab) Status() string { return t.status }

// URL is the URL of the current history entry.
func (t *Tab) URL() string {
	if len(t.history) == 0 {
		return ""
	}
	return t.history[t.cur].url
}

// Title is the current document's title, or its URL when it has none.
func (t *Tab) Title() string {
	if d := t.main.doc; d != nil && d.Title != "" {
		return d.Title
	}
	return t.URL()
}

// MainFrame is the top-level frame (frameId 0).
func (t *Tab) MainFrame() *Frame { return t.main }

// Frames returns every frame of the current page, parents before children.
func (t *Tab) Frames() []*Frame {
	var fs []*Frame
	t.main.walk(func(f *Frame) { fs = append(fs, f) })
	return fs
}

// Frame returns the frame with id in the current page, or nil.
func (t *Tab) Frame(id int) *Frame {
	var found *Frame
	t.main.walk(func(f *Frame) {
		if f.ID == id {
			found = f
		}
	})
	return found
}

// Pinned reports whether the tab is pinned.
func (t *Tab) Pinned() bool { return t.pinned }

// SetPinned pins or unpins the tab.
func (t *Tab) SetPinned(p bool) { t.pinned = p }

// Discarded reports whether the tab was discarded.
func (t *Tab) Discarded() bool { return t.discarded }

// Crashed reports whether the tab's renderer crashed (until Reload).
func (t *Tab) Crashed() bool { return t.crashed }

// Closed reports whether the tab was closed.
func (t *Tab) Closed() bool { return t.closed }

// Activate makes t its window's active tab.
func (t *Tab) Activate() {
	if t.closed {
		return
	}
	was := t.active
	previous := t.activate()
	if !was {
		t.activated(previous)
	}
}

// activate makes t active without telling extensions; it returns the tab
// that was active before, if any.
func (t *Tab) activate() *Tab {
	var previous *Tab
	for _, o := range t.window.tabs {
		if o.active && o != t {
			previous = o
		}
		o.active = o == t
	}
	t.lastAccessed = float64(t.b.Sched.Now().UnixMilli())
	return previous
}

// Navigate loads rawURL in the tab as a new history entry (forward entries
// are dropped).
func (t *Tab) Navigate(rawURL string) error {
	return t.navigate(rawURL, nil)
}

// NavigateHTML navigates to rawURL with html as the document's content.
func (t *Tab) NavigateHTML(rawURL, html string) error {
	return t.navigate(rawURL, &html)
}

func (t *Tab) navigate(rawURL string, html *string) error {
	if t.closed {
		return ErrClosed
	}
	u, err := parseNavURL(rawURL)
	if err != nil {
		return err
	}
	for _, e := range t.history[t.cur+1:] {
		t.evict(e, router.ReasonBFCacheEvicted)
	}
	t.history = t.history[:t.cur+1]
	t.push(u.String())
	t.status = "loading"
	t.b.load(t.main, u, html, nil)
	return nil
}

func (t *Tab) push(u string) {
	t.history = append(t.history, &entry{url: u})
	t.cur = len(t.history) - 1
}

// Reload loads the current entry again, as a new document. It also
// recovers a crashed or discarded tab.
func (t *Tab) Reload() error {
	if t.closed {
		return ErrClosed
	}
	u, err := parseNavURL(t.URL())
	if err != nil {
		return err
	}
	t.crashed, t.discarded = false, false
	t.status = "loading"
	t.b.load(t.main, u, nil, t.history[t.cur])
	return nil
}

// GoBack moves one entry back in the session history. A document still in
// the back/forward cache is restored; otherwise the entry's URL is loaded
// anew.
func (t *Tab) GoBack() error { return t.traverse(-1) }

// GoForward moves one entry forward.
func (t *Tab) GoForward() error { return t.traverse(+1) }

func (t *Tab) traverse(delta int) error {
	if t.closed {
		return ErrClosed
	}
	i := t.cur + delta
	if i < 0 || i >= len(t.history) {
		return fmt.Errorf("browser: tab %d has no history entry %+d", t.ID, delta)
	}
	target := t.history[i]
	b := t.b
	if target.doc != nil && target.doc.state == docCached {
		b.queue.Post(func() {
			if t.closed || t.history[i] != target || target.doc == nil {
				return
			}
			t.retire(t.main.doc)
			t.cur = i
			d := target.doc
			t.main.doc = d
			d.state = docActive
			d.walkDocs(func(dd *Document) {
				dd.state = docActive
				for _, c := range dd.contexts {
					b.thawContext(c)
				}
			})
			b.emit(trace.Event{Kind: "document.restore", From: d.label(), Reason: "bfcache"})
		})
		return nil
	}
	u, err := parseNavURL(target.url)
	if err != nil {
		return err
	}
	t.cur = i
	t.status = "loading"
	b.load(t.main, u, nil, target)
	return nil
}

// EnterBFCache is the "move the page into the back/forward cache" fault:
// the tab navigates to a blank page, so the current page is cached (Chrome
// closes its ports with S8; Firefox freezes them). GoBack restores it.
func (t *Tab) EnterBFCache() error {
	if t.closed {
		return ErrClosed
	}
	if d := t.main.doc; d == nil || !d.bfcacheEligible() {
		return fmt.Errorf("browser: the page in tab %d cannot enter the back/forward cache", t.ID)
	}
	return t.Navigate("about:blank")
}

// Close closes the tab: every document in it, current or cached, ends.
func (t *Tab) Close() { t.close(false) }

// close closes the tab; windowClosing says its window is closing
// (tabs.onRemoved's removeInfo.isWindowClosing).
func (t *Tab) close(windowClosing bool) {
	if t.closed {
		return
	}
	b := t.b
	for _, e := range t.history {
		if e.doc != nil && e.doc != t.main.doc {
			t.evict(e, router.ReasonTabClosed)
		}
	}
	if d := t.main.doc; d != nil {
		b.destroyDocument(d, router.ReasonTabClosed)
		t.main.doc = nil
	}
	t.closed = true
	w := t.window
	idx := t.Index()
	w.tabs = slices.Delete(w.tabs, idx, idx+1)
	b.tabs = removeTab(b.tabs, t)
	b.emit(trace.Event{Kind: "tab.close", From: fmt.Sprintf("tab %d", t.ID)})
	b.broadcast("tabs.onRemoved", serial.Number(t.ID), object(
		prop("isWindowClosing", serial.Bool(windowClosing)), prop("windowId", serial.Number(w.ID))))
	if t.active && len(w.tabs) > 0 {
		next := w.tabs[min(idx, len(w.tabs)-1)]
		next.activate()
		next.activated(nil)
	}
}

// Crash simulates a renderer crash: every context of the current page ends
// (reason crashed) and the tab shows nothing until Reload.
func (t *Tab) Crash() {
	if t.closed || t.crashed {
		return
	}
	if d := t.main.doc; d != nil {
		t.b.destroyDocument(d, router.ReasonCrashed)
		t.main.doc = nil
	}
	t.crashed = true
	t.b.emit(trace.Event{Kind: "tab.crash", From: fmt.Sprintf("tab %d", t.ID)})
}

// Discard unloads the tab to save memory; messages to it fail (D2) until it
// is reloaded.
func (t *Tab) Discard() {
	if t.closed || t.discarded {
		return
	}
	if d := t.main.doc; d != nil {
		t.b.destroyDocument(d, router.ReasonClosed)
		t.main.doc = nil
	}
	t.discarded = true
}

// retire takes the current document out of the frame: into the
// back/forward cache when it can go there, else destroyed.
func (t *Tab) retire(d *Document) {
	if d == nil {
		return
	}
	b := t.b
	if d.bfcacheEligible() {
		if dh, ok := b.host.(DocumentHost); ok {
			d.walkDocs(func(dd *Document) { dh.PageHidden(dd, true) })
		}
		d.walkDocs(func(dd *Document) {
			dd.state = docCached
			for _, c := range dd.contexts {
				b.freezeContext(c)
			}
		})
		b.emit(trace.Event{Kind: "document.cache", From: d.label(), Reason: "bfcache"})
		t.trimCache()
		return
	}
	b.destroyDocument(d, router.ReasonNavigated)
	for _, e := range t.history {
		if e.doc == d {
			e.doc = nil
		}
	}
}

// trimCache evicts the oldest cached documents beyond bfcacheSize.
func (t *Tab) trimCache() {
	var cached []*entry
	for _, e := range t.history {
		if e.doc != nil && e.doc.state == docCached {
			cached = append(cached, e)
		}
	}
	for len(cached) > bfcacheSize {
		t.evict(cached[0], router.ReasonBFCacheEvicted)
		cached = cached[1:]
	}
}

func (t *Tab) evict(e *entry, reason router.Reason) {
	if e.doc != nil {
		t.b.destroyDocument(e.doc, reason)
		e.doc = nil
	}
}

func removeTab(ts []*Tab, t *Tab) []*Tab {
	if i := slices.Index(ts, t); i >= 0 {
		return slices.Delete(ts, i, i+1)
	}
	return ts
}

// Object builds the tabs.Tab object seen in sender.tab and tabs.query.
// Chrome's keys come from a sorted dictionary, so they are alphabetical
// (E5: url and title are never scrubbed). Firefox's order follows
// TabBase.convert (UNCONFIRMED: not re-read).
func (t *Tab) Object() *serial.Object {
	num := func(f float64) serial.Value { return serial.Number(f) }
	str := func(s string) serial.Value { return serial.String(s) }
	boolean := func(v bool) serial.Value { return serial.Bool(v) }
	muted := &serial.Object{Props: []serial.Prop{{Key: "muted", Value: serial.Bool(false)}}}
	fields := map[string]serial.Value{
		"active": boolean(t.active), "audible": boolean(false), "autoDiscardable": boolean(true),
		"discarded": boolean(t.discarded), "frozen": boolean(false), "groupId": num(-1),
		"height": num(600), "highlighted": boolean(t.active), "id": num(float64(t.ID)),
		"incognito": boolean(false), "index": num(float64(t.Index())), "lastAccessed": num(t.lastAccessed),
		"mutedInfo": muted, "pinned": boolean(t.pinned), "selected": boolean(t.active),
		"status": str(t.status), "title": str(t.Title()), "url": str(t.URL()), "width": num(800),
		"windowId": num(float64(t.window.ID)), "hidden": boolean(false), "attention": boolean(false),
		"isArticle": boolean(false), "isInReaderMode": boolean(false), "cookieStoreId": str("firefox-default"),
	}
	order := []string{"active", "audible", "autoDiscardable", "discarded", "frozen", "groupId", "height",
		"highlighted", "id", "incognito", "index", "lastAccessed", "mutedInfo", "pinned", "selected", "status",
		"title", "url", "width", "windowId"}
	if t.b.profile.Name == "firefox" {
		order = []string{"id", "index", "windowId", "highlighted", "active", "attention", "pinned", "status",
			"hidden", "discarded", "incognito", "width", "height", "lastAccessed", "audible", "autoDiscardable",
			"mutedInfo", "isArticle", "isInReaderMode", "cookieStoreId", "url", "title"}
	}
	o := &serial.Object{Props: make([]serial.Prop, 0, len(order))}
	for _, k := range order {
		o.Props = append(o.Props, serial.Prop{Key: k, Value: fields[k]})
	}
	return o
}
