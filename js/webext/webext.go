// Package webext installs the WebExtension APIs (the chrome and browser
// namespaces) into JavaScript realms: runtime and tabs messaging with Port
// objects, events, runtime.lastError, callbacks or promises per profile,
// and the action events.
//
// The API surface is written in JavaScript (prelude.js, run first in every
// realm and then hidden), over a small set of Go natives that talk to the
// router and the browser. Argument validation and the browsers' exact
// error texts live in the prelude; routing, ordering and delivery in the
// router.
package webext

import (
	_ "embed"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/grafana/sobek"

	"github.com/extsim/extsim/browser"
	"github.com/extsim/extsim/js"
	"github.com/extsim/extsim/js/jsvalue"
	"github.com/extsim/extsim/router"
	"github.com/extsim/extsim/router/serial"
)

//go:embed prelude.js
var preludeSource string

// module is one API area beyond the core messaging prelude: its JavaScript
// (a function of the prelude's lib and the module's natives, returning its
// hooks or undefined) and the Go natives it needs. Modules keep their state
// in shared, which one Installer gives every realm it installs into.
type module struct {
	name    string
	source  string
	natives func(a *api, x *sobek.Object, shared *sharedState)
	prog    *sobek.Program
}

// sharedState is what modules keep across the realms of one installer
// (for example each extension's storage areas).
type sharedState struct {
	opts   Options
	values map[string]any
	// signatures holds the signature table, as JSON per function.
	signatures map[string]string
}

// Options configures the APIs.
type Options struct {
	// OnTest receives what browser.test / chrome.test report: passes,
	// failures, assertion failures, logs and test messages.
	OnTest func(TestEvent)
}

// TestEvent is one report of the test APIs.
type TestEvent struct {
	// Kind is "pass" (notifyPass / succeed / a chrome.test.runTests test
	// passing), "fail" (notifyFail / fail / an assertion that failed), "log",
	// or "message" (browser.test.sendMessage).
	Kind    string
	Context string // the reporting context's label
	// Test names the chrome.test.runTests test, when there is one.
	Test    string
	Message string
	At      time.Duration // virtual time
	// Done marks the extension's final result: notifyPass / notifyFail, or
	// the end of chrome.test.runTests.
	Done bool
}

// modules lists the API modules, in installation order.
func modules() []*module {
	return []*module{storageModule(), testModule(), alarmsModule(), i18nModule()}
}

// Installer returns a js.Installer that adds the APIs to each realm. The
// prelude and the modules are compiled once per installer.
func Installer(opts Options) (js.Installer, error) {
	prog, err := sobek.Compile("extsim:prelude.js", preludeSource, true)
	if err != nil {
		return nil, fmt.Errorf("webext: compiling the prelude: %w", err)
	}
	mods := modules()
	for _, m := range mods {
		if m.source == "" {
			continue
		}
		if m.prog, err = sobek.Compile("extsim:"+m.name+".js", m.source, true); err != nil {
			return nil, fmt.Errorf("webext: compiling module %s: %w", m.name, err)
		}
	}
	shared := &sharedState{opts: opts, values: map[string]any{}, signatures: map[string]string{}}
	for name, sig := range signatures() {
		shared.signatures[name] = signatureJSON(sig)
	}
	return func(r *js.Realm) error { return install(r, prog, mods, shared) }, nil
}

// api is one realm's bridge between the prelude and the router.
type api struct {
	r *js.Realm
	b *browser.Browser
	// chrome: the Chrome grammar and behaviours of the JS layer, exactly
	// when the prelude's CHROME is true (x.profile === "chrome"). The
	// router's differences are Profile fields; these are the JS layer's.
	chrome bool
	hooks  struct {
		connect, message, disconnect, request, outcome, event sobek.Callable
	}
	ports      map[int64]*router.Port
	requests   map[int64]*router.Request
	calls      map[*router.Call]int64
	nextHandle int64
	// moduleHooks holds what each module's JavaScript returned.
	moduleHooks map[string]*sobek.Object
}

func install(r *js.Realm, prog *sobek.Program, mods []*module, shared *sharedState) error {
	c := r.Ctx
	a := &api{r: r, b: r.Browser(), chrome: r.Browser().Profile().Name == "chrome", ports: map[int64]*router.Port{}, requests: map[int64]*router.Request{}, calls: map[*router.Call]int64{}}
	rt := r.RT
	x := rt.NewObject()
	set := func(name string, v any) {
		if err := x.Set(name, v); err != nil {
			panic(err)
		}
	}
	set("profile", a.b.Profile().Name)
	set("kind", kindName(c.Kind))
	mv := 0
	if e := c.Extension; e != nil {
		set("extensionId", e.ID)
		set("origin", e.Origin())
		mv = e.Manifest.ManifestVersion
	}
	set("manifestVersion", mv)
	// C5: a web page gets chrome.runtime only when an enabled extension's
	// externally_connectable.matches covers the frame's URL.
	connectable := false
	if c.Kind == router.KindWebPage {
		for _, e := range a.b.Extensions() {
			if e.Enabled() && e.Manifest.ExternallyConnectable.MatchesURL(c.URL) {
				connectable = true
			}
		}
	}
	set("webConnectable", connectable)
	// S3's text: an invalidated context's calls throw it as it is (H6),
	// not inside Chrome's "Error in invocation of ...".
	set("invalidated", a.b.Profile().Router.Message(router.CodeContextInvalidated))
	// Natives take sobek.FunctionCall: typed Go signatures would be called
	// through reflection, which cost a fifth of a message round trip.
	str := func(c sobek.FunctionCall, i int) string { return c.Argument(i).String() }
	num := func(c sobek.FunctionCall, i int) int { return int(c.Argument(i).ToInteger()) }
	handle := func(c sobek.FunctionCall) int64 { return c.Argument(0).ToInteger() }
	undef := sobek.Undefined()
	set("connect", func(c sobek.FunctionCall) sobek.Value {
		return rt.ToValue(a.connect(str(c, 0), str(c, 1), num(c, 2), num(c, 3), str(c, 4), str(c, 5)))
	})
	// poster(handle) makes a port's postMessage: a native, because a JS
	// wrapper would need `arguments` (to tell postMessage() from
	// postMessage(undefined), errata 5), which costs an allocation-heavy
	// arguments object on every message. Chrome's postMessage is a WebIDL
	// method that needs its argument (E15); Firefox's is a plain function,
	// so postMessage() posts undefined (measured on Firefox ESR 153 by
	// conformance case arg-postmessage-arity).
	needsArgument := a.chrome
	set("poster", func(c sobek.FunctionCall) sobek.Value {
		h := handle(c)
		return rt.ToValue(func(call sobek.FunctionCall) sobek.Value {
			if len(call.Arguments) == 0 && needsArgument {
				panic(rt.NewTypeError("Insufficient number of arguments."))
			}
			a.post(h, call.Argument(0))
			return undef
		})
	})
	set("disconnect", func(c sobek.FunctionCall) sobek.Value { a.disconnect(handle(c)); return undef })
	set("send", func(c sobek.FunctionCall) sobek.Value {
		return rt.ToValue(a.send(str(c, 0), str(c, 1), num(c, 2), num(c, 3), str(c, 4), c.Argument(5)))
	})
	set("respond", func(c sobek.FunctionCall) sobek.Value { a.respond(handle(c), c.Argument(1)); return undef })
	set("fail", func(c sobek.FunctionCall) sobek.Value { a.fail(handle(c), str(c, 1)); return undef })
	set("log", func(c sobek.FunctionCall) sobek.Value { r.Log(str(c, 0), str(c, 1)); return undef })
	set("uncaught", func(c sobek.FunctionCall) sobek.Value { r.ReportUncaught(str(c, 0)); return undef })
	set("getURL", func(call sobek.FunctionCall) sobek.Value {
		if c.Extension == nil {
			return rt.ToValue("")
		}
		return rt.ToValue(c.Extension.URL(str(call, 0)))
	})
	set("manifest", func(sobek.FunctionCall) sobek.Value { return a.manifest() })
	set("signature", func(c sobek.FunctionCall) sobek.Value {
		if text, ok := shared.signatures[str(c, 0)]; ok {
			return rt.ToValue(text)
		}
		return undef
	})
	set("tabsQuery", func(c sobek.FunctionCall) sobek.Value {
		q, _ := c.Argument(0).Export().(map[string]any)
		return a.tabsQuery(q)
	})
	set("tabsGet", func(c sobek.FunctionCall) sobek.Value { return a.tabsGet(num(c, 0)) })
	set("currentTab", func(sobek.FunctionCall) sobek.Value { return a.currentTab() })
	set("tabsCreate", func(c sobek.FunctionCall) sobek.Value { return a.tabsCreate(c.Argument(0)) })
	set("tabsUpdate", func(c sobek.FunctionCall) sobek.Value { return a.tabsUpdate(num(c, 0), c.Argument(1)) })
	set("tabsRemove", func(c sobek.FunctionCall) sobek.Value {
		cb, _ := sobek.AssertFunction(c.Argument(1))
		a.tabsRemove(c.Argument(0), cb)
		return undef
	})
	set("tabsReload", func(c sobek.FunctionCall) sobek.Value { a.tabsReload(num(c, 0)); return undef })
	set("executeScript", func(c sobek.FunctionCall) sobek.Value {
		cb, _ := sobek.AssertFunction(c.Argument(4))
		a.executeScript(num(c, 0), c.Argument(1), c.Argument(2).ToBoolean(), c.Argument(3), cb)
		return undef
	})
	set("inject", a.inject)
	set("openPopup", func(sobek.FunctionCall) sobek.Value { a.openPopup(); return undef })
	set("frames", func(c sobek.FunctionCall) sobek.Value { return a.frames(num(c, 0), num(c, 1)) })
	set("reload", func(sobek.FunctionCall) sobek.Value { a.reload(); return undef })
	// listen(event, on) reports a browser event's first listener added or
	// last one removed, for lazy listeners (browser.Options.LazyListeners).
	set("listen", func(call sobek.FunctionCall) sobek.Value {
		if e := c.Extension; e != nil {
			e.SetListening(c, str(call, 0), call.Argument(1).ToBoolean())
		}
		return undef
	})
	if c.Kind != router.KindContentScript && c.Kind != router.KindWebPage {
		// Extension contexts only: a content script's realm (made for
		// every page) does without these.
		a.windowNatives(set)
		set("platformInfo", func(sobek.FunctionCall) sobek.Value { return a.platformInfo() })
		set("permissionsAll", func(sobek.FunctionCall) sobek.Value { return jsvalue.FromSerial(rt, a.grantedPermissions()) })
		set("permissionsContains", func(call sobek.FunctionCall) sobek.Value {
			return rt.ToValue(a.permissionsContain(call.Argument(0), call.Argument(1)))
		})
	}
	set("openOptionsPage", func(sobek.FunctionCall) sobek.Value { a.openOptionsPage(); return undef })
	fn, err := rt.RunProgram(prog)
	if err != nil {
		return fmt.Errorf("running the prelude: %w", err)
	}
	call, ok := sobek.AssertFunction(fn)
	if !ok {
		return fmt.Errorf("the prelude did not evaluate to a function")
	}
	res, err := call(sobek.Undefined(), x)
	if err != nil {
		return fmt.Errorf("installing: %w", err)
	}
	hooks := res.ToObject(rt).Get("hooks").ToObject(rt)
	lib := res.ToObject(rt).Get("lib")
	a.moduleHooks = map[string]*sobek.Object{}
	for _, m := range mods {
		if m.prog == nil {
			continue
		}
		mx := rt.NewObject()
		if m.natives != nil {
			m.natives(a, mx, shared)
		}
		fn, err := rt.RunProgram(m.prog)
		if err != nil {
			return fmt.Errorf("module %s: %w", m.name, err)
		}
		f, ok := sobek.AssertFunction(fn)
		if !ok {
			return fmt.Errorf("module %s did not evaluate to a function", m.name)
		}
		mh, err := f(sobek.Undefined(), lib, mx)
		if err != nil {
			return fmt.Errorf("installing module %s: %w", m.name, err)
		}
		if o, ok := mh.(*sobek.Object); ok {
			a.moduleHooks[m.name] = o
		}
	}
	for name, dst := range map[string]*sobek.Callable{
		"connect": &a.hooks.connect, "message": &a.hooks.message, "disconnect": &a.hooks.disconnect,
		"request": &a.hooks.request, "outcome": &a.hooks.outcome, "event": &a.hooks.event,
	} {
		f, ok := sobek.AssertFunction(hooks.Get(name))
		if !ok {
			return fmt.Errorf("the prelude has no %s hook", name)
		}
		*dst = f
	}
	r.Endpoint = a
	r.OnEvent(a.event)
	return nil
}

func kindName(k router.Kind) string {
	return k.String()
}

// throwText throws a plain Error with the browser's message (E8, E10).
func (a *api) throwText(msg string) {
	e, err := a.r.RT.New(a.r.RT.Get("Error"), a.r.RT.ToValue(msg))
	if err != nil {
		panic(err)
	}
	panic(e)
}

func (a *api) target(kind, ext string, tab, frame int, doc string) router.Target {
	if kind == "tab" {
		t := router.TabTarget(tab)
		if frame >= 0 {
			t.Frame = frame
		}
		t.Document = doc
		return t
	}
	return router.ExtensionTarget(ext)
}

func (a *api) format() serial.Format {
	if a.b.Profile().Router.StructuredCloneOnly {
		return serial.StructuredClone
	}
	if e := a.r.Ctx.Extension; e != nil && e.Manifest.UsesStructuredClone() {
		return serial.StructuredClone
	}
	return serial.JSON
}

func (a *api) toSerial(v sobek.Value, f serial.Format) serial.Value {
	sv, err := jsvalue.ToSerial(a.r.RT, v, f)
	if err != nil {
		if ex, ok := err.(*sobek.Exception); ok {
			panic(ex)
		}
		a.throwText(err.Error())
	}
	return sv
}

// connect opens a port: kind is "runtime" or "tab".
func (a *api) connect(kind, ext string, tab, frame int, doc, name string) int64 {
	p, err := a.b.Router.Connect(a.r.Ctx.ID, a.target(kind, ext, tab, frame, doc), name)
	if err != nil {
		a.throwText(err.Error())
	}
	return a.register(p)
}

func (a *api) register(p *router.Port) int64 {
	a.nextHandle++
	a.ports[a.nextHandle] = p
	p.Tag = a.nextHandle
	return a.nextHandle
}

func (a *api) post(h int64, v sobek.Value) {
	p, ok := a.ports[h]
	if !ok {
		a.throwText(a.b.Profile().Router.Message(router.CodeDisconnectedPort))
	}
	if err := p.Post(a.toSerial(v, p.Format())); err != nil {
		a.throwPostError(err, v)
	}
}

// throwPostError throws what port.postMessage throws for err. Chrome throws
// a plain Error with its text (E10). Firefox clones synchronously and lets
// the clone's DOMException through (FF-35): a DataCloneError with the
// clone's text, except that a Symbol as the whole message gives an
// InvalidStateError "An exception was thrown" (measured on Firefox ESR 153
// by conformance cases ser-port-functions, ser-port-tojson and
// ser-port-symbols).
func (a *api) throwPostError(err error, v sobek.Value) {
	var re *router.Error
	if a.chrome || !errors.As(err, &re) || re.Code != router.CodeUnserializable {
		a.throwText(err.Error())
	}
	if _, top := v.(*sobek.Symbol); top {
		panic(a.r.NewDOMException("InvalidStateError", "An exception was thrown"))
	}
	panic(a.r.NewDOMException("DataCloneError", re.Message))
}

func (a *api) disconnect(h int64) {
	p, ok := a.ports[h]
	if !ok {
		return
	}
	if err := p.Disconnect(); err != nil {
		a.throwText(err.Error())
	}
	delete(a.ports, h)
}

// send sends a one-off message and returns its call id.
func (a *api) send(kind, ext string, tab, frame int, doc string, v sobek.Value) int64 {
	c, err := a.b.Router.SendMessage(a.r.Ctx.ID, a.target(kind, ext, tab, frame, doc), a.toSerial(v, a.format()))
	if err != nil {
		a.throwText(err.Error())
	}
	a.nextHandle++
	a.calls[c] = a.nextHandle
	return a.nextHandle
}

func (a *api) respond(h int64, v sobek.Value) {
	q, ok := a.requests[h]
	if !ok {
		return
	}
	if q.Answered() {
		delete(a.requests, h)
		return
	}
	format := q.Message().Format
	err := q.Respond(a.toSerial(v, format))
	delete(a.requests, h)
	var re *router.Error
	switch {
	case err == nil:
	case errors.As(err, &re) && re.Code == router.CodeUnserializable:
		// Chrome's sendResponse throws a TypeError (G13; measured on
		// Chromium 156 by conformance case ser-response-unserializable).
		// Firefox swallows the clone error: that receiver counts as not
		// having received the message (FF-36).
		if a.b.Profile().Router.UnserializableReplyFails {
			panic(a.r.RT.NewTypeError("%s", re.Message))
		}
	default:
		a.throwText(err.Error())
	}
}

func (a *api) fail(h int64, msg string) {
	if q, ok := a.requests[h]; ok {
		q.Fail(msg)
		delete(a.requests, h)
	}
}

// DispatchConnect implements router.Endpoint.
func (a *api) DispatchConnect(p *router.Port) bool {
	h := a.register(p)
	sender := jsvalue.FromSerial(a.r.RT, p.Sender().Object())
	v, err := a.r.Call(a.hooks.connect, sobek.Undefined(), a.r.RT.ToValue(h), a.r.RT.ToValue(p.Event().String()), a.r.RT.ToValue(p.Name()), sender)
	if err != nil || !v.ToBoolean() {
		delete(a.ports, h)
		return false
	}
	return true
}

// DispatchMessage implements router.Endpoint.
func (a *api) DispatchMessage(p *router.Port, m serial.Message) {
	h, _ := p.Tag.(int64)
	_, _ = a.r.Call(a.hooks.message, sobek.Undefined(), a.r.RT.ToValue(h), jsvalue.FromSerial(a.r.RT, m.Value))
}

// DispatchDisconnect implements router.Endpoint.
func (a *api) DispatchDisconnect(p *router.Port, e *router.Error) {
	h, _ := p.Tag.(int64)
	delete(a.ports, h)
	msg := sobek.Null()
	if e != nil {
		msg = a.r.RT.ToValue(e.Message)
	}
	_, _ = a.r.Call(a.hooks.disconnect, sobek.Undefined(), a.r.RT.ToValue(h), msg)
}

// DispatchRequest implements router.Endpoint.
func (a *api) DispatchRequest(q *router.Request) router.Disposition {
	a.nextHandle++
	h := a.nextHandle
	a.requests[h] = q
	rt := a.r.RT
	v, err := a.r.Call(a.hooks.request, sobek.Undefined(), rt.ToValue(h), rt.ToValue(q.Event().String()),
		jsvalue.FromSerial(rt, q.Message().Value), jsvalue.FromSerial(rt, q.Sender().Object()))
	d := router.Handled
	if err != nil {
		d = router.Handled
	} else {
		switch v.ToInteger() {
		case 0:
			d = router.NoListener
		case 2:
			d = router.AwaitingResponse
		}
	}
	if d != router.AwaitingResponse {
		delete(a.requests, h)
	}
	return d
}

// DispatchOutcome implements router.Endpoint.
func (a *api) DispatchOutcome(c *router.Call, o router.Outcome) {
	id, ok := a.calls[c]
	if !ok {
		return
	}
	delete(a.calls, c)
	rt := a.r.RT
	value := sobek.Undefined()
	if o.Kind == router.Responded {
		value = jsvalue.FromSerial(rt, o.Response.Value)
	}
	errMsg := sobek.Null()
	if o.Err != nil {
		errMsg = rt.ToValue(o.Err.Message)
	}
	_, _ = a.r.Call(a.hooks.outcome, sobek.Undefined(), rt.ToValue(id), rt.ToValue(o.Kind.String()), value, errMsg)
}

func (a *api) event(name string, args []serial.Value) {
	rt := a.r.RT
	vals := []sobek.Value{rt.ToValue(name)}
	for _, v := range args {
		vals = append(vals, jsvalue.FromSerial(rt, v))
	}
	_, _ = a.r.Call(a.hooks.event, sobek.Undefined(), vals...)
}

// manifest returns runtime.getManifest(): the manifest file as an object.
func (a *api) manifest() sobek.Value {
	e := a.r.Ctx.Extension
	if e == nil {
		return sobek.Undefined()
	}
	data, err := a.b.Fetch(e.URL("manifest.json"))
	if err != nil {
		a.throwText(err.Error())
	}
	v, err := serial.DecodeJSON([]byte(stripJSONComments(string(data))))
	if err != nil {
		a.throwText("manifest.json: " + err.Error())
	}
	return jsvalue.FromSerial(a.r.RT, v)
}

// stripJSONComments removes // and /* */ comments outside strings (Chrome
// accepts them in manifest.json).
func stripJSONComments(s string) string {
	var b strings.Builder
	inStr := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case inStr:
			b.WriteByte(c)
			if c == '\\' && i+1 < len(s) {
				i++
				b.WriteByte(s[i])
			} else if c == '"' {
				inStr = false
			}
		case c == '"':
			inStr = true
			b.WriteByte(c)
		case c == '/' && i+1 < len(s) && s[i+1] == '/':
			for i < len(s) && s[i] != '\n' {
				i++
			}
			b.WriteByte('\n')
		case c == '/' && i+1 < len(s) && s[i+1] == '*':
			end := strings.Index(s[i+2:], "*/")
			if end < 0 {
				return b.String()
			}
			i += end + 3
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// tabsQuery implements tabs.query with the caller's window as "current".
func (a *api) tabsQuery(q map[string]any) sobek.Value {
	var query browser.Query
	boolPtr := func(k string) *bool {
		if v, ok := q[k].(bool); ok {
			return &v
		}
		return nil
	}
	intPtr := func(k string) *int {
		switch v := q[k].(type) {
		case int64:
			i := int(v)
			return &i
		case float64:
			i := int(v)
			return &i
		}
		return nil
	}
	query.Active, query.CurrentWindow, query.LastFocusedWindow = boolPtr("active"), boolPtr("currentWindow"), boolPtr("lastFocusedWindow")
	query.Pinned, query.Discarded = boolPtr("pinned"), boolPtr("discarded")
	query.WindowID, query.Index = intPtr("windowId"), intPtr("index")
	query.Status, _ = q["status"].(string)
	query.Title, _ = q["title"].(string)
	switch u := q["url"].(type) {
	case string:
		query.URL = []string{u}
	case []any:
		for _, x := range u {
			if s, ok := x.(string); ok {
				query.URL = append(query.URL, s)
			}
		}
	}
	var current *browser.Window
	if f := a.r.Ctx.Frame; f != nil {
		current = f.Tab().Window()
	}
	tabs, err := a.b.QueryTabs(query, current)
	if err != nil {
		if qe, ok := err.(*browser.QueryError); ok {
			a.throwText(qe.Message)
		}
		a.throwText(err.Error())
	}
	arr := &serial.Array{}
	for _, t := range tabs {
		arr.Elems = append(arr.Elems, t.Object())
	}
	return jsvalue.FromSerial(a.r.RT, arr)
}

func (a *api) tabsGet(id int) sobek.Value {
	t := a.b.TabByID(id)
	if t == nil {
		a.throwText(fmt.Sprintf("No tab with id: %d.", id))
	}
	return jsvalue.FromSerial(a.r.RT, t.Object())
}

// currentTab is tabs.getCurrent: the tab of the calling page, if any.
func (a *api) currentTab() sobek.Value {
	if f := a.r.Ctx.Frame; f != nil {
		return jsvalue.FromSerial(a.r.RT, f.Tab().Object())
	}
	return sobek.Undefined()
}

// tab returns the open tab id or throws Chrome's "No tab with id: N.".
func (a *api) tab(id int) *browser.Tab {
	t := a.b.TabByID(id)
	if t == nil {
		a.throwText(fmt.Sprintf("No tab with id: %d.", id))
	}
	return t
}

func (a *api) tabsCreate(props sobek.Value) sobek.Value {
	opts := browser.TabOptions{}
	url := "about:blank"
	if o, ok := props.(*sobek.Object); ok {
		if v := o.Get("url"); v != nil && !sobek.IsUndefined(v) {
			url = v.String()
			if a.r.Ctx.Extension != nil && !strings.Contains(url, ":") {
				url = a.r.Ctx.Extension.URL(url) // relative URLs are extension URLs
			}
		}
		if v := o.Get("active"); v != nil && !sobek.IsUndefined(v) {
			opts.Background = !v.ToBoolean()
		}
		if v := o.Get("windowId"); v != nil && !sobek.IsUndefined(v) {
			for _, w := range a.b.Windows() {
				if w.ID == int(v.ToInteger()) {
					opts.Window = w
				}
			}
		}
	}
	t, err := a.b.NewTab(url, opts)
	if err != nil {
		a.throwText(err.Error())
	}
	return jsvalue.FromSerial(a.r.RT, t.Object())
}

func (a *api) tabsUpdate(id int, props sobek.Value) sobek.Value {
	t := a.tab(id)
	if o, ok := props.(*sobek.Object); ok {
		if v := o.Get("url"); v != nil && !sobek.IsUndefined(v) {
			if err := t.Navigate(v.String()); err != nil {
				a.throwText(err.Error())
			}
		}
		if v := o.Get("active"); v != nil && v.ToBoolean() {
			t.Activate()
		}
		if v := o.Get("pinned"); v != nil && !sobek.IsUndefined(v) {
			t.SetPinned(v.ToBoolean())
		}
	}
	return jsvalue.FromSerial(a.r.RT, t.Object())
}

// tabsRemove closes tabs in a later task, so that a page closing its own
// tab finishes its current script first, and then calls done (the call's
// answer comes once the tabs are gone).
func (a *api) tabsRemove(ids sobek.Value, done sobek.Callable) {
	var tabs []*browser.Tab
	if o, ok := ids.(*sobek.Object); ok && o.ClassName() == "Array" {
		for _, k := range o.Keys() {
			tabs = append(tabs, a.tab(int(o.Get(k).ToInteger())))
		}
	} else {
		tabs = append(tabs, a.tab(int(ids.ToInteger())))
	}
	a.later(func() {
		for _, t := range tabs {
			t.Close()
		}
	}, done)
}

// later runs fn in a later task of this context, then calls done (if
// any) in the realm, unless the realm is gone by then.
func (a *api) later(fn func(), done sobek.Callable) {
	r := a.r
	r.Ctx.Queue.Post(func() {
		fn()
		if done != nil && !r.Dead() {
			_, _ = r.Call(done, sobek.Undefined())
		}
	})
}

func (a *api) tabsReload(id int) {
	if err := a.tab(id).Reload(); err != nil {
		a.throwText(err.Error())
	}
}

// executeScript injects extension files as content scripts (tabs.executeScript,
// scripting.executeScript) and, once they have run in every frame, calls cb
// in this context with one {frameId, result} per frame; results are not
// captured yet (null).
func (a *api) executeScript(tabID int, frameIDs sobek.Value, allFrames bool, files sobek.Value, cb sobek.Callable) {
	e := a.r.Ctx.Extension
	t := a.tab(tabID)
	var ids []int
	if o, ok := frameIDs.(*sobek.Object); ok {
		for _, k := range o.Keys() {
			ids = append(ids, int(o.Get(k).ToInteger()))
		}
	}
	var names []string
	if o, ok := files.(*sobek.Object); ok {
		for _, k := range o.Keys() {
			names = append(names, o.Get(k).String())
		}
	}
	r := a.r
	err := e.ExecuteScript(t, ids, allFrames, names, func(frames []int) {
		r.Ctx.Queue.Post(func() {
			if r.Dead() || cb == nil {
				return
			}
			out := &serial.Array{}
			for _, id := range frames {
				out.Elems = append(out.Elems, &serial.Object{Props: []serial.Prop{
					{Key: "frameId", Value: serial.Number(id)}, {Key: "result", Value: serial.Null{}}}})
			}
			_, _ = r.Call(cb, sobek.Undefined(), jsvalue.FromSerial(r.RT, out))
		})
	})
	if err != nil {
		a.throwText(err.Error())
	}
}

// frames implements webNavigation.getAllFrames (frame < 0) and getFrame.
func (a *api) frames(tabID, frameID int) sobek.Value {
	t := a.tab(tabID)
	out := &serial.Array{}
	for _, f := range t.Frames() {
		d := f.Document()
		if d == nil || (frameID >= 0 && f.ID != frameID) {
			continue
		}
		parent := -1
		if p := f.Parent(); p != nil {
			parent = p.ID
		}
		lifecycle := "active"
		if !d.Active() {
			lifecycle = "cached"
		}
		out.Elems = append(out.Elems, &serial.Object{Props: []serial.Prop{
			{Key: "documentId", Value: serial.String(d.ID)},
			{Key: "documentLifecycle", Value: serial.String(lifecycle)},
			{Key: "errorOccurred", Value: serial.Bool(false)},
			{Key: "frameId", Value: serial.Number(f.ID)},
			{Key: "frameType", Value: serial.String(map[bool]string{true: "outermost_frame", false: "sub_frame"}[parent < 0])},
			{Key: "parentFrameId", Value: serial.Number(parent)},
			{Key: "url", Value: serial.String(d.URL)},
		}})
	}
	return jsvalue.FromSerial(a.r.RT, out)
}

// reload reloads the calling extension after the current task
// (runtime.reload).
func (a *api) reload() {
	if e := a.r.Ctx.Extension; e != nil {
		a.r.Ctx.Queue.Post(e.Reload)
	}
}

// openPopup implements action.openPopup / browserAction.openPopup. With no
// default_popup Chrome rejects (extension_action_api.cc kNoActivePopup);
// Firefox opens nothing and resolves.
func (a *api) openPopup() {
	e := a.r.Ctx.Extension
	if e == nil {
		return
	}
	if act := e.Manifest.ToolbarAction(); act == nil || act.DefaultPopup == "" {
		if a.chrome {
			a.throwText("Extension does not have a popup on the active tab.")
		}
		return
	}
	if _, err := e.OpenPopup(); err != nil {
		a.throwText(err.Error())
	}
}

func (a *api) openOptionsPage() {
	if e := a.r.Ctx.Extension; e != nil {
		if _, err := e.OpenOptionsPage(); err != nil {
			a.throwText(err.Error())
		}
	}
}
