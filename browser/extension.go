package browser

import (
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/extsim/extsim/browser/manifest"
	"github.com/extsim/extsim/router"
	"github.com/extsim/extsim/router/serial"
	"github.com/extsim/extsim/sim"
	"github.com/extsim/extsim/trace"
)

// RunAt says when content scripts are injected.
type RunAt = manifest.RunAt

// The injection points of a document load.
const (
	RunAtDocumentStart = manifest.DocumentStart
	RunAtDocumentEnd   = manifest.DocumentEnd
	RunAtDocumentIdle  = manifest.DocumentIdle
)

// Extension is an installed extension.
type Extension struct {
	// ID is the extension id: Chrome's 32 letters a-p, or Firefox's gecko id.
	ID       string
	Manifest *manifest.Manifest
	// Files is the unpacked extension folder.
	Files fs.FS
	// Warnings are the manifest's non-fatal diagnostics.
	Warnings manifest.Diagnostics

	b       *Browser
	origin  string // chrome-extension://<id> or moz-extension://<uuid>
	enabled bool

	background *Context
	bgStarts   int
	// bgErr is why the background failed to start (FailBackground); it is
	// not started again until the extension is re-enabled.
	bgErr     error
	idleTimer *sim.Timer
	capTimer  *sim.Timer
	pending   int // one-off messages pending on the background (H9)
	popup     *Document

	// listening holds the events the running background listens to;
	// lazy those whose listener it added during its last top-level run,
	// which wake it when stopped (Options.LazyListeners). While a new run's
	// scripts have not finished (topLevel), its lazy listeners collect in
	// nextLazy and the previous ones still count.
	listening map[string]bool
	lazy      map[string]bool
	nextLazy  map[string]bool
	topLevel  bool
}

// LoadOptions configures LoadExtension.
type LoadOptions struct {
	// ID gives the extension id explicitly. Otherwise Chrome derives it from
	// the manifest key or from Path; Firefox uses the gecko id, or makes a
	// temporary-add-on id.
	ID string
	// Path is the folder's absolute path, for the id of an unpacked
	// extension without a key.
	Path string
}

// LoadError reports a manifest that could not be loaded.
type LoadError struct {
	Diagnostics manifest.Diagnostics
	Reason      string
}

func (e *LoadError) Error() string {
	if e.Reason != "" {
		return "browser: cannot load extension: " + e.Reason
	}
	return "browser: cannot load extension:\n" + e.Diagnostics.Error()
}

// ErrMV2Unsupported is Chromium 156's refusal of Manifest V2 (errata 7).
const mv2Unsupported = "Cannot install extension because it uses an unsupported manifest version."

// LoadExtension installs the unpacked extension in fsys and starts its
// background. Manifest errors (with file, line and column) come back as a
// *LoadError; warnings are kept in Extension.Warnings.
func (b *Browser) LoadExtension(fsys fs.FS, opts LoadOptions) (*Extension, error) {
	m, diags := manifest.Load(fsys)
	if diags.HasErrors() || m == nil {
		return nil, &LoadError{Diagnostics: diags}
	}
	if m.ManifestVersion == 2 && !b.profile.MV2 {
		return nil, &LoadError{Diagnostics: diags, Reason: mv2Unsupported}
	}
	e := &Extension{Manifest: m, Files: fsys, Warnings: diags.Warnings(), b: b, enabled: true}
	e.ID = b.extensionID(m, opts)
	if b.ExtensionByID(e.ID) != nil {
		return nil, fmt.Errorf("browser: an extension with id %s is already installed", e.ID)
	}
	if b.profile.ExtensionScheme == "moz-extension" {
		e.origin = "moz-extension://" + b.newUUID()
	} else {
		e.origin = "chrome-extension://" + e.ID
	}
	b.extensions = append(b.extensions, e)
	b.emit(trace.Event{Kind: "extension.load", From: e.ID, Reason: m.Name})
	e.startBackground()
	e.DispatchEvent("runtime.onInstalled", &serial.Object{Props: []serial.Prop{{Key: "reason", Value: serial.String("install")}}})
	return e, nil
}

func (b *Browser) extensionID(m *manifest.Manifest, opts LoadOptions) string {
	if opts.ID != "" {
		return opts.ID
	}
	if b.profile.ExtensionScheme == "moz-extension" {
		if m.GeckoID != "" {
			return m.GeckoID
		}
		// Firefox gives temporary add-ons without a gecko id an id of this
		// shape.
		return b.newUUID()[:8] + "@temporary-addon"
	}
	p := opts.Path
	if p == "" {
		p = "/extsim/" + m.Name
	}
	return m.ChromeID(p)
}

// Extensions returns the installed extensions in install order.
func (b *Browser) Extensions() []*Extension { return slices.Clone(b.extensions) }

// ExtensionByID returns the installed extension with id, or nil.
func (b *Browser) ExtensionByID(id string) *Extension {
	for _, e := range b.extensions {
		if e.ID == id {
			return e
		}
	}
	return nil
}

// extensionForURL returns the extension that serves u, if u is an
// extension URL.
func (b *Browser) extensionForURL(u *url.URL) *Extension {
	if u.Scheme != b.profile.ExtensionScheme {
		return nil
	}
	for _, e := range b.extensions {
		if e.origin == u.Scheme+"://"+u.Host {
			return e
		}
	}
	return nil
}

// Name is the manifest name.
func (e *Extension) Name() string { return e.Manifest.Name }

// Origin is the extension's origin, e.g. chrome-extension://<id>.
func (e *Extension) Origin() string { return e.origin }

// URL returns the extension URL of a file (runtime.getURL).
func (e *Extension) URL(file string) string {
	return e.origin + "/" + strings.TrimPrefix(path.Clean("/"+file), "/")
}

// Enabled reports whether the extension is enabled.
func (e *Extension) Enabled() bool { return e.enabled }

// Background returns the running background context, or nil when it is
// stopped or the extension has none.
func (e *Extension) Background() *Context { return e.background }

// BackgroundStarts counts how many times the background was started.
func (e *Extension) BackgroundStarts() int { return e.bgStarts }

func (e *Extension) routerInfo() router.ExtensionInfo {
	info := router.ExtensionInfo{}
	if e.Manifest.UsesStructuredClone() {
		info.Format = serial.StructuredClone
	}
	if ec := e.Manifest.ExternallyConnectable; ec != nil {
		info.Externally = &router.ExternallyConnectable{
			IDs:                 ec.IDs,
			AcceptsTLSChannelID: ec.AcceptsTLSChannelID,
		}
		if len(ec.Matches) > 0 {
			info.Externally.MatchesURL = ec.MatchesURL
		}
	}
	return info
}

// backgroundKind says what the background runs as under this profile.
func (e *Extension) backgroundKind() (router.Kind, bool) {
	bg := e.Manifest.Background
	if bg == nil {
		return 0, false
	}
	if bg.ServiceWorker != "" && e.b.profile.ServiceWorkers {
		return router.KindServiceWorker, true
	}
	if len(bg.Scripts) > 0 || bg.Page != "" {
		return router.KindBackgroundPage, true
	}
	return 0, false
}

// persistent reports whether the background never idles: an MV2 background
// page without "persistent": false.
func (e *Extension) persistent() bool {
	bg := e.Manifest.Background
	k, ok := e.backgroundKind()
	if !ok || k == router.KindServiceWorker || e.Manifest.ManifestVersion == 3 {
		return false
	}
	return bg.Persistent == nil || *bg.Persistent
}

// startBackground starts the background if it is not running.
func (e *Extension) startBackground() {
	if e.background != nil || !e.enabled || e.bgErr != nil {
		return
	}
	kind, ok := e.backgroundKind()
	if !ok {
		return
	}
	b := e.b
	bg := e.Manifest.Background
	c := &Context{Kind: kind, Extension: e}
	var scripts []Script
	switch {
	case kind == router.KindServiceWorker:
		c.URL = e.URL(bg.ServiceWorker)
		c.Label = "service-worker " + e.Name()
		scripts = []Script{{URL: c.URL, Module: bg.IsModule()}}
	case bg.Page != "":
		c.URL = e.URL(bg.Page)
		c.Label = "background " + e.Name()
	default:
		c.URL = e.URL("_generated_background_page.html")
		c.Label = "background " + e.Name()
		for _, s := range bg.Scripts {
			scripts = append(scripts, Script{URL: e.URL(s), Module: bg.IsModule()})
		}
	}
	if kind == router.KindBackgroundPage {
		u, _ := url.Parse(c.URL)
		d := &Document{ID: b.newDocumentID(), URL: c.URL, u: u, b: b, extension: e, ready: "complete"}
		if bg.Page != "" {
			body, _ := b.Fetch(c.URL)
			if ps, err := scanPage(u, body); err == nil {
				d.Root, d.Title, d.Scripts = ps.root, ps.title, ps.scripts
				scripts = ps.scripts
			}
		}
		c.Document = d
		d.contexts = []*Context{c}
	}
	if err := b.startContext(c, b.identity(c, e.ID)); err != nil {
		b.emit(trace.Event{Kind: "context.error", From: c.Label, Error: err.Error()})
		return
	}
	e.background = c
	e.bgStarts++
	e.listening, e.nextLazy, e.topLevel = map[string]bool{}, map[string]bool{}, true
	b.runScripts(c, scripts, func() {
		if e.background == c {
			e.lazy, e.nextLazy, e.topLevel = e.nextLazy, nil, false
		}
	})
	e.armIdle()
}

// FailBackground is how the host says that the background c could not
// start: Chrome does not register a module service worker whose module
// graph fails to load ("Service worker registration failed"). The context
// stops, and events and messages no longer wake the background (they find
// no receiver) until the extension is re-enabled or reloaded.
func (e *Extension) FailBackground(c *Context, err error) {
	if c == nil || e.background != c {
		return
	}
	e.bgErr = err
	e.b.emit(trace.Event{Kind: "background.error", From: e.ID, Error: err.Error()})
	e.StopBackground()
}

// BackgroundError returns why the background failed to start, or nil.
func (e *Extension) BackgroundError() error { return e.bgErr }

// SetListening is how the host reports that background c has started
// (on) or stopped listening to a browser event ("tabs.onUpdated"). A
// listener added while the background's scripts run for the first time
// is a lazy listener: the event wakes the background after it stopped. A
// background that starts again registers its listeners anew.
func (e *Extension) SetListening(c *Context, event string, on bool) {
	if c == nil || c != e.background {
		return
	}
	if on {
		e.listening[event] = true
		if e.topLevel {
			e.nextLazy[event] = true
		}
		return
	}
	delete(e.listening, event)
	delete(e.lazy, event)
	delete(e.nextLazy, event)
}

// Listens reports whether the extension's background listens to event:
// running, through a listener it holds now; stopped, through a lazy
// listener. Without Options.LazyListeners it is always true.
func (e *Extension) Listens(event string) bool {
	if !e.b.lazy {
		return true
	}
	if e.background != nil && !e.topLevel {
		return e.listening[event]
	}
	// Stopped, or starting: its scripts have not registered their
	// listeners yet, and the event waits for them in the queue.
	return e.lazy[event] || e.listening[event]
}

// wake starts a stopped background for an incoming message (B11, FF-78).
func (e *Extension) wake() { e.startBackground() }

// StopBackground stops the background now, as Chrome stops an idle service
// worker or Firefox suspends an event page: its ports close, the other
// sides get onDisconnect with no error (H7).
func (e *Extension) StopBackground() {
	c := e.background
	if c == nil {
		return
	}
	e.background = nil
	e.stopTimers()
	e.pending = 0
	e.listening, e.nextLazy, e.topLevel = nil, nil, false
	reason := router.ReasonWorkerStopped
	if c.Kind == router.KindBackgroundPage {
		reason = router.ReasonSuspended
	}
	if c.Document != nil {
		c.Document.state = docGone
	}
	e.b.stopContext(c, reason)
}

func (e *Extension) stopTimers() {
	if e.idleTimer != nil {
		e.idleTimer.Stop()
		e.idleTimer = nil
	}
	if e.capTimer != nil {
		e.capTimer.Stop()
		e.capTimer = nil
	}
}

// armIdle (re)starts the idle timer of a non-persistent background.
func (e *Extension) armIdle() {
	if e.background == nil || e.persistent() || e.pending > 0 {
		return
	}
	if e.idleTimer != nil {
		e.idleTimer.Stop()
	}
	e.idleTimer = e.b.Sched.After(e.b.profile.WorkerIdleTimeout, e.b.queue, func() {
		e.idleTimer = nil
		if e.pending == 0 {
			e.b.emit(trace.Event{Kind: "background.idle", From: e.ID})
			e.suspend()
		}
	})
}

// suspend stops an idle background. When it listens to runtime.onSuspend,
// the event runs first, in a task of the background, and the stop follows
// (both browsers send onSuspend before unloading an idle event page or
// worker; a crash or the StopBackground fault sends nothing).
func (e *Extension) suspend() {
	c := e.background
	eh, ok := e.b.host.(EventHost)
	if c == nil || !ok || !e.listening["runtime.onSuspend"] {
		e.StopBackground()
		return
	}
	c.Queue.Post(func() {
		if e.background != c || !c.alive {
			return
		}
		eh.DispatchEvent(c, "runtime.onSuspend", nil)
		e.b.queue.Post(func() {
			if e.background == c && e.pending == 0 {
				e.StopBackground()
			}
		})
	})
}

// activity resets the idle timer when an event reaches the background
// (H8: each message counts; FF-76: onMessage, onConnect, Port.onMessage).
func (e *Extension) activity(c *Context) {
	if c == e.background {
		e.armIdle()
	}
}

// keepalive counts one-off messages pending on the background (H9): while
// any is pending the worker does not idle, up to EventCap.
func (e *Extension) keepalive(c *Context, delta int) {
	if c != e.background {
		return
	}
	was := e.pending
	e.pending = max(0, e.pending+delta)
	switch {
	case was == 0 && e.pending > 0:
		if e.idleTimer != nil {
			e.idleTimer.Stop()
			e.idleTimer = nil
		}
		if e.b.profile.EventCap > 0 && !e.persistent() {
			e.capTimer = e.b.Sched.After(e.b.profile.EventCap, e.b.queue, func() {
				e.capTimer = nil
				e.b.emit(trace.Event{Kind: "background.event-cap", From: e.ID})
				e.StopBackground()
			})
		}
	case was > 0 && e.pending == 0:
		if e.capTimer != nil {
			e.capTimer.Stop()
			e.capTimer = nil
		}
		e.armIdle()
	}
}

// injectsInto reports whether any content script of e matches document d
// of frame f (all_frames, match_about_blank).
func (e *Extension) injectsInto(f *Frame, d *Document) bool {
	for _, cs := range e.Manifest.ContentScripts {
		if e.matches(cs, f, d, manifest.Isolated) {
			return true
		}
	}
	return false
}

// matches reports whether content script cs of e, in world, applies to
// document d of frame f.
func (e *Extension) matches(cs manifest.ContentScript, f *Frame, d *Document, world manifest.World) bool {
	if cs.World != world {
		return false
	}
	if f.parent != nil && !cs.AllFrames {
		return false
	}
	u := d.URL
	if d.u.Scheme == "about" || d.u.Scheme == "data" {
		if !(cs.MatchAboutBlank || cs.MatchOriginAsFallback) || f.parent == nil || f.parent.doc == nil {
			return false
		}
		u = f.parent.doc.URL // about:blank matches by its creator's URL
	}
	return cs.MatchesURL(u)
}

// contentScripts returns the scripts of e to inject into d at run_at at, in
// world (the extension's isolated world, or the page's MAIN world).
func (e *Extension) contentScripts(f *Frame, d *Document, at RunAt, world manifest.World) []Script {
	var out []Script
	for _, cs := range e.Manifest.ContentScripts {
		if cs.RunAt != at || !e.matches(cs, f, d, world) {
			continue
		}
		for _, js := range cs.JS {
			out = append(out, Script{URL: e.URL(js)})
		}
	}
	return out
}

// OpenPopup opens the action popup (an action click or action.openPopup):
// a popup document with its own context. An open popup is reused.
func (e *Extension) OpenPopup() (*Context, error) {
	if !e.enabled {
		return nil, fmt.Errorf("browser: extension %s is disabled", e.ID)
	}
	if e.popup != nil && e.popup.state == docActive {
		return e.popup.contexts[0], nil
	}
	a := e.Manifest.ToolbarAction()
	if a == nil || a.DefaultPopup == "" {
		return nil, fmt.Errorf("browser: extension %s has no popup (no default_popup)", e.ID)
	}
	d, err := e.openPage(a.DefaultPopup, router.KindPopup, "popup")
	if err != nil {
		return nil, err
	}
	e.popup = d
	return d.contexts[0], nil
}

// ClosePopup closes the popup if it is open.
func (e *Extension) ClosePopup() {
	if e.popup != nil {
		e.b.destroyDocument(e.popup, router.ReasonClosed)
		e.popup = nil
	}
}

// openPage creates a tab-less extension document (popup) with one context
// and runs its scripts.
func (e *Extension) openPage(file string, kind router.Kind, label string) (*Document, error) {
	b := e.b
	raw := e.URL(file)
	u, _ := url.Parse(raw)
	body, err := b.Fetch(raw)
	if err != nil {
		return nil, err
	}
	d := &Document{ID: b.newDocumentID(), URL: raw, u: u, b: b, extension: e, ready: "complete"}
	if ps, err := scanPage(u, body); err == nil {
		d.Root, d.Title, d.Scripts = ps.root, ps.title, ps.scripts
	}
	c := &Context{Kind: kind, Extension: e, Document: d, URL: raw, Label: label + " " + e.Name()}
	if err := b.startContext(c, b.identity(c, e.ID)); err != nil {
		return nil, err
	}
	d.contexts = []*Context{c}
	b.runScripts(c, d.Scripts, nil)
	return d, nil
}

// ClickAction clicks the extension's toolbar button in tab: with a
// default_popup the popup opens; otherwise the background (started if
// stopped) gets action.onClicked (MV3), or browserAction.onClicked /
// pageAction.onClicked (MV2), with the tab as argument.
func (e *Extension) ClickAction(tab *Tab) error {
	a := e.Manifest.ToolbarAction()
	if a == nil {
		return fmt.Errorf("browser: extension %s has no action (no action, browser_action or page_action key)", e.ID)
	}
	if a.DefaultPopup != "" {
		_, err := e.OpenPopup()
		return err
	}
	if tab == nil || tab.closed {
		return ErrClosed
	}
	event := map[string]string{"action": "action.onClicked", "browser_action": "browserAction.onClicked", "page_action": "pageAction.onClicked"}[a.Key]
	e.DispatchEvent(event, tab.Object())
	return nil
}

// DispatchEvent delivers a browser event to the extension's background,
// starting it if needed (events wake service workers and event pages), as
// a task on its queue.
//
// With Options.LazyListeners, an event the background does not listen to
// is dropped (and neither wakes it nor counts as activity).
func (e *Extension) DispatchEvent(name string, args ...serial.Value) {
	if !e.enabled {
		return
	}
	if e.b.lazy && e.background == nil && !e.lazy[name] {
		return
	}
	e.startBackground()
	c := e.background
	if c == nil {
		return
	}
	b := e.b
	b.emit(trace.Event{Kind: "event.dispatch", To: b.Router.Label(c.ID), Name: name})
	c.Queue.Post(func() {
		if !c.alive || (b.lazy && !e.listening[name]) {
			return
		}
		e.activity(c)
		if eh, ok := b.host.(EventHost); ok {
			eh.DispatchEvent(c, name, args)
		}
	})
}

// OpenOptionsPage opens the options page in a new tab
// (runtime.openOptionsPage).
func (e *Extension) OpenOptionsPage() (*Tab, error) {
	page := e.Manifest.OptionsPage
	if ui := e.Manifest.OptionsUI; ui != nil && ui.Page != "" {
		page = ui.Page
	}
	if page == "" {
		return nil, fmt.Errorf("browser: extension %s has no options page", e.ID)
	}
	return e.b.NewTab(e.URL(page), TabOptions{})
}

// isOptionsURL reports whether raw is e's options page.
func (e *Extension) isOptionsURL(raw string) bool {
	for _, p := range []string{e.Manifest.OptionsPage, optionsUIPage(e.Manifest)} {
		if p != "" && e.URL(p) == strings.SplitN(raw, "?", 2)[0] {
			return true
		}
	}
	return false
}

func optionsUIPage(m *manifest.Manifest) string {
	if m.OptionsUI == nil {
		return ""
	}
	return m.OptionsUI.Page
}

// ExecuteScript injects files into frames of tab as content scripts of e,
// in e's isolated world, creating the world where it does not exist yet
// (scripting.executeScript, tabs.executeScript). frameIDs nil means the top
// frame only; allFrames every frame. done, when not nil, is called (from the
// last frame's task) once the files have run in every target frame, with
// the ids of those frames: the API's promise settles then.
func (e *Extension) ExecuteScript(tab *Tab, frameIDs []int, allFrames bool, files []string, done func(frames []int)) error {
	if !e.enabled {
		return fmt.Errorf("browser: extension %s is disabled", e.ID)
	}
	if tab == nil || tab.closed {
		return ErrClosed
	}
	var targets []*Frame
	for _, f := range tab.Frames() {
		if allFrames || (frameIDs == nil && f.ID == 0) || slices.Contains(frameIDs, f.ID) {
			targets = append(targets, f)
		}
	}
	if len(targets) == 0 {
		return fmt.Errorf("browser: no frame %v in tab %d", frameIDs, tab.ID)
	}
	scripts := make([]Script, len(files))
	for i, f := range files {
		scripts[i] = Script{URL: e.URL(f)}
	}
	var ran []int
	remaining := 0
	for _, f := range targets {
		if f.doc != nil && f.doc.extension == nil {
			remaining++
		}
	}
	if remaining == 0 && done != nil {
		done(nil)
	}
	for _, f := range targets {
		d := f.doc
		if d == nil || d.extension != nil {
			continue
		}
		c := d.contentContext(e)
		if c == nil {
			c = &Context{Kind: router.KindContentScript, Extension: e, Frame: f, Document: d, URL: d.URL,
				Label: fmt.Sprintf("tab %d frame %d content %s", tab.ID, f.ID, e.Name())}
			if err := e.b.startContext(c, e.b.identity(c, e.ID)); err != nil {
				return err
			}
			d.contexts = append(d.contexts, c)
		}
		frameID := f.ID
		e.b.runScripts(c, scripts, func() {
			ran = append(ran, frameID)
			if remaining--; remaining == 0 && done != nil {
				done(ran)
			}
		})
	}
	return nil
}

func (d *Document) contentContext(e *Extension) *Context {
	for _, c := range d.contexts {
		if c.Kind == router.KindContentScript && c.Extension == e && c.alive && !c.invalidated {
			return c
		}
	}
	return nil
}

// Disable turns the extension off: its background, popup and extension
// pages end, and its content scripts are invalidated: they stay in their
// pages, but every messaging call from them fails with "Extension context
// invalidated." (H6, S3).
func (e *Extension) Disable() {
	if !e.enabled {
		return
	}
	b := e.b
	e.enabled = false
	b.emit(trace.Event{Kind: "extension.disable", From: e.ID})
	e.StopBackground()
	e.ClosePopup()
	for _, c := range b.Contexts() {
		if c.Extension != e {
			continue
		}
		if c.Kind == router.KindContentScript {
			b.invalidateContext(c)
		} else {
			b.stopContext(c, router.ReasonExtensionUnloaded)
		}
	}
}

// Enable turns a disabled extension back on and starts its background.
// Content scripts are injected into documents loaded from now on.
func (e *Extension) Enable() {
	if e.enabled {
		return
	}
	e.enabled = true
	e.bgErr = nil
	e.b.emit(trace.Event{Kind: "extension.enable", From: e.ID})
	e.startBackground()
}

// Reload disables and enables the extension (runtime.reload).
func (e *Extension) Reload() {
	e.Disable()
	e.Enable()
}

// Unload uninstalls the extension.
func (e *Extension) Unload() {
	e.Disable()
	e.b.extensions = slices.DeleteFunc(e.b.extensions, func(x *Extension) bool { return x == e })
}

// invalidateContext cuts a content script off its extension: it keeps
// running in its page, but the router treats every call as from a dead
// context (S3) and nothing is delivered to it.
func (b *Browser) invalidateContext(c *Context) {
	if !c.alive || c.invalidated {
		return
	}
	c.invalidated = true
	b.Router.Close(c.ID, router.ReasonExtensionUnloaded)
	b.emit(trace.Event{Kind: "context.invalidate", From: c.Label})
}
