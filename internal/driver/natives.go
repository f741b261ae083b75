package driver

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"strings"
	"testing/fstest"
	"time"

	"github.com/grafana/sobek"

	"github.com/extsim/extsim/browser"
	"github.com/extsim/extsim/js"
	"github.com/extsim/extsim/js/jsvalue"
	"github.com/extsim/extsim/router"
	"github.com/extsim/extsim/router/serial"
	"github.com/extsim/extsim/sim"
)

// natives is the object api.js builds on. Synchronous natives return
// values; the ones that need the simulation return promises (pending ops).
func (r *realm) natives() *sobek.Object {
	n := r.rt.NewObject()
	set := func(name string, fn func(call sobek.FunctionCall) sobek.Value) { _ = n.Set(name, fn) }

	set("now", func(sobek.FunctionCall) sobek.Value {
		return r.rt.ToValue(float64(r.test().b.Sched.Elapsed()) / float64(time.Millisecond))
	})
	set("advance", func(c sobek.FunctionCall) sobek.Value {
		d := time.Duration(c.Argument(0).ToFloat() * float64(time.Millisecond))
		return r.promise(func(t *testState) (sobek.Value, error) { return sobek.Undefined(), r.runFor(t, d) })
	})
	// step lets the simulation make progress (one task, or the clock up to
	// deadline when nothing is runnable): the heartbeat of polling waits.
	set("step", func(c sobek.FunctionCall) sobek.Value {
		deadline := time.Duration(c.Argument(0).ToFloat() * float64(time.Millisecond))
		return r.promise(func(t *testState) (sobek.Value, error) {
			s := t.b.Sched
			start := s.Executed()
			// A no-op timer at the deadline keeps the clock from jumping
			// past it to a later timer.
			if deadline > s.Elapsed() {
				defer s.After(deadline-s.Elapsed(), t.driverQ, func() {}).Stop()
			}
			err := s.RunUntil(func() bool { return s.Executed() != start || s.Elapsed() >= deadline })
			if errors.Is(err, sim.ErrIdle) && s.Elapsed() < deadline {
				err = s.RunFor(deadline - s.Elapsed())
			}
			if err != nil && !errors.Is(err, sim.ErrIdle) {
				return nil, &fatalError{"the simulation failed: " + err.Error()}
			}
			if s.Elapsed() >= t.deadline {
				return nil, r.timeout("a wait (toLog / expect.poll / eventually)")
			}
			return sobek.Undefined(), nil
		})
	})
	set("loadExtension", func(c sobek.FunctionCall) sobek.Value {
		return r.promise(func(t *testState) (sobek.Value, error) { return r.loadExtension(t, c.Argument(0)) })
	})
	set("extensions", func(sobek.FunctionCall) sobek.Value {
		t := r.test()
		out := make([]any, len(t.exts))
		for i, e := range t.exts {
			out[i] = extInfo(i, e)
		}
		return r.rt.ToValue(out)
	})
	set("newTab", func(c sobek.FunctionCall) sobek.Value {
		url := c.Argument(0).String()
		html := c.Argument(1)
		return r.promise(func(t *testState) (sobek.Value, error) {
			if err := r.serve(t, url, html); err != nil {
				return nil, fmt.Errorf("newTab(%q): %w", url, err)
			}
			tab, err := t.b.NewTab(url, browser.TabOptions{})
			if err != nil {
				return nil, fmt.Errorf("newTab(%q): %w", url, err)
			}
			if err := r.settle(t, "newTab("+url+")", func() bool { return tab.Status() == "complete" || tab.Closed() }); err != nil {
				return nil, err
			}
			return r.rt.ToValue(tab.ID), nil
		})
	})
	set("serve", func(c sobek.FunctionCall) sobek.Value {
		if err := r.serve(r.test(), c.Argument(0).String(), c.Argument(1)); err != nil {
			panic(r.rt.NewTypeError("browser.serve: " + err.Error()))
		}
		return sobek.Undefined()
	})
	set("tabs", func(sobek.FunctionCall) sobek.Value {
		var ids []any
		for _, tab := range r.test().b.Tabs() {
			if !tab.Closed() {
				ids = append(ids, tab.ID)
			}
		}
		return r.rt.ToValue(ids)
	})
	set("tabInfo", func(c sobek.FunctionCall) sobek.Value {
		tab := r.tab(c.Argument(0))
		return r.rt.ToValue(map[string]any{"url": tab.URL(), "title": tab.Title(), "status": tab.Status()})
	})
	set("tabFrames", func(c sobek.FunctionCall) sobek.Value {
		tab := r.tab(c.Argument(0))
		var out []any
		for _, f := range tab.Frames() {
			parent := -1
			if f.Parent() != nil {
				parent = f.Parent().ID
			}
			url := ""
			if d := f.Document(); d != nil {
				url = d.URL
			}
			out = append(out, map[string]any{"id": f.ID, "url": url, "parentId": parent})
		}
		return r.rt.ToValue(out)
	})
	set("tabNavigate", func(c sobek.FunctionCall) sobek.Value {
		tab := r.tab(c.Argument(0))
		url := c.Argument(1).String()
		html := c.Argument(2)
		return r.promise(func(t *testState) (sobek.Value, error) {
			if err := r.serve(t, url, html); err != nil {
				return nil, fmt.Errorf("tab.navigate(%q): %w", url, err)
			}
			if err := tab.Navigate(url); err != nil {
				return nil, fmt.Errorf("tab.navigate(%q): %w", url, err)
			}
			return sobek.Undefined(), r.settleLoaded(t, tab, "tab.navigate("+url+")")
		})
	})
	set("frameNavigate", func(c sobek.FunctionCall) sobek.Value {
		tab := r.tab(c.Argument(0))
		f := tab.Frame(int(c.Argument(1).ToInteger()))
		url := c.Argument(2).String()
		return r.promise(func(t *testState) (sobek.Value, error) {
			if f == nil {
				return nil, fmt.Errorf("frame.navigate(%q): the frame is gone", url)
			}
			if err := f.Navigate(url); err != nil {
				return nil, fmt.Errorf("frame.navigate(%q): %w", url, err)
			}
			return sobek.Undefined(), r.settleLoaded(t, tab, "frame.navigate("+url+")")
		})
	})
	set("tabDo", func(c sobek.FunctionCall) sobek.Value {
		tab := r.tab(c.Argument(0))
		what := c.Argument(1).String()
		return r.promise(func(t *testState) (sobek.Value, error) {
			var err error
			switch what {
			case "goBack":
				err = tab.GoBack()
			case "goForward":
				err = tab.GoForward()
			case "reload":
				err = tab.Reload()
			case "close":
				tab.Close()
			case "crash":
				tab.Crash()
			case "enterBFCache":
				err = tab.EnterBFCache()
			case "activate":
				tab.Activate()
			}
			if err != nil {
				return nil, fmt.Errorf("tab.%s(): %w", what, err)
			}
			if what == "goBack" || what == "goForward" || what == "reload" {
				return sobek.Undefined(), r.settleLoaded(t, tab, "tab."+what+"()")
			}
			return sobek.Undefined(), r.settle(t, "tab."+what+"()", nil)
		})
	})
	set("tabClick", func(c sobek.FunctionCall) sobek.Value {
		tab := r.tab(c.Argument(0))
		sel := c.Argument(1).String()
		return r.promise(func(t *testState) (sobek.Value, error) {
			if err := click(t.host, tab, sel); err != nil {
				return nil, err
			}
			return sobek.Undefined(), r.settle(t, "tab.click("+sel+")", nil)
		})
	})
	set("extStop", func(c sobek.FunctionCall) sobek.Value {
		e := r.ext(c.Argument(0))
		return r.promise(func(t *testState) (sobek.Value, error) {
			e.StopBackground()
			return sobek.Undefined(), r.settle(t, "background.stop()", nil)
		})
	})
	set("extDo", func(c sobek.FunctionCall) sobek.Value {
		e := r.ext(c.Argument(0))
		what := c.Argument(1).String()
		return r.promise(func(t *testState) (sobek.Value, error) {
			switch what {
			case "reload":
				e.Reload()
			case "disable":
				e.Disable()
			case "enable":
				e.Enable()
			}
			return sobek.Undefined(), r.settle(t, "ext."+what+"()", nil)
		})
	})
	set("extOpenPopup", func(c sobek.FunctionCall) sobek.Value {
		e := r.ext(c.Argument(0))
		return r.promise(func(t *testState) (sobek.Value, error) {
			if _, err := e.OpenPopup(); err != nil {
				return nil, fmt.Errorf("ext.openPopup(): %w", err)
			}
			return sobek.Undefined(), r.settle(t, "ext.openPopup()", func() bool {
				c := findContext(t, e, router.KindPopup)
				return c == nil || c.Document == nil || c.Document.ReadyState() == "complete"
			})
		})
	})
	set("extClickAction", func(c sobek.FunctionCall) sobek.Value {
		e := r.ext(c.Argument(0))
		id := c.Argument(1).ToInteger()
		return r.promise(func(t *testState) (sobek.Value, error) {
			var tab *browser.Tab
			if id >= 0 {
				tab = t.b.TabByID(int(id))
			} else {
				for _, x := range t.b.Tabs() {
					if x.Active() && !x.Closed() {
						tab = x
					}
				}
			}
			if err := e.ClickAction(tab); err != nil {
				return nil, fmt.Errorf("ext.clickAction(): %w", err)
			}
			return sobek.Undefined(), r.settle(t, "ext.clickAction()", nil)
		})
	})
	set("label", func(c sobek.FunctionCall) sobek.Value {
		return r.rt.ToValue(r.label(r.test(), r.locator(c.Argument(0))))
	})
	set("console", func(c sobek.FunctionCall) sobek.Value {
		t := r.test()
		lines := t.console[r.label(t, r.locator(c.Argument(0)))]
		out := make([]any, len(lines))
		for i, l := range lines {
			out[i] = l
		}
		return r.rt.ToValue(out)
	})
	set("evaluate", func(c sobek.FunctionCall) sobek.Value {
		loc := r.locator(c.Argument(0))
		src := c.Argument(1).String()
		args := c.Argument(2)
		sv, cloneErr := clone(r.rt, args)
		return r.promise(func(t *testState) (sobek.Value, error) {
			if cloneErr != nil {
				return nil, fmt.Errorf("evaluate: the arguments cannot be cloned: %v", cloneErr)
			}
			ctx, err := r.locate(t, loc)
			if err != nil {
				return nil, err
			}
			return r.evaluate(t, ctx, src, sv)
		})
	})
	return n
}

func (r *realm) test() *testState {
	if r.t == nil {
		panic(r.rt.NewTypeError("extsim: there is no browser here: browser calls work inside test(...) and beforeEach/afterEach, not at the top level or in beforeAll/afterAll"))
	}
	return r.t
}

// promise queues an op and returns its promise.
func (r *realm) promise(run func(t *testState) (sobek.Value, error)) sobek.Value {
	t := r.test()
	p, resolve, reject := r.rt.NewPromise()
	t.ops = append(t.ops, &op{run: func() (sobek.Value, error) { return run(t) }, resolve: resolve, reject: reject})
	return r.rt.ToValue(p)
}

func (r *realm) timeout(what string) error {
	return &fatalError{fmt.Sprintf("test timeout: %v of virtual time passed while waiting for %s (--timeout)", r.opts.Timeout, what)}
}

// settle runs the simulation until cond holds (nil: at once), then lets
// everything due at that instant run, so the effects of the call are
// visible when its promise resolves.
func (r *realm) settle(t *testState, what string, cond func() bool) error {
	s := t.b.Sched
	if cond != nil {
		err := s.RunUntil(func() bool { return cond() || s.Elapsed() >= t.deadline })
		if err != nil && !errors.Is(err, sim.ErrIdle) {
			return &fatalError{"the simulation failed: " + err.Error()}
		}
		if !cond() {
			if s.Elapsed() >= t.deadline {
				return r.timeout(what)
			}
			return fmt.Errorf("%s: nothing was left to run and it did not finish", what)
		}
	}
	if err := s.RunFor(0); err != nil {
		return &fatalError{"the simulation failed: " + err.Error()}
	}
	return nil
}

func (r *realm) settleLoaded(t *testState, tab *browser.Tab, what string) error {
	return r.settle(t, what, func() bool { return tab.Closed() || tab.Crashed() || tab.Status() == "complete" })
}

// runFor advances virtual time by d (clock.advance).
func (r *realm) runFor(t *testState, d time.Duration) error {
	s := t.b.Sched
	if s.Elapsed()+d > t.deadline {
		_ = s.RunFor(t.deadline - s.Elapsed())
		return r.timeout(fmt.Sprintf("clock.advance(%v)", d))
	}
	if err := s.RunFor(d); err != nil {
		return &fatalError{"the simulation failed: " + err.Error()}
	}
	return nil
}

// serve makes the test's web answer raw (an http(s) URL, without its query
// and fragment) with html, when html is given.
func (r *realm) serve(t *testState, raw string, html sobek.Value) error {
	if html == nil || sobek.IsUndefined(html) || sobek.IsNull(html) {
		return nil
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%q: only http(s) URLs can be served", raw)
	}
	t.pages[u.Scheme+"://"+u.Host+u.EscapedPath()] = html.String()
	return nil
}

func (r *realm) tab(v sobek.Value) *browser.Tab {
	tab := r.test().b.TabByID(int(v.ToInteger()))
	if tab == nil {
		panic(r.rt.NewTypeError(fmt.Sprintf("extsim: tab %v is closed", v)))
	}
	return tab
}

func (r *realm) ext(v sobek.Value) *browser.Extension {
	t := r.test()
	i := int(v.ToInteger())
	if i < 0 || i >= len(t.exts) {
		panic(r.rt.NewTypeError(fmt.Sprintf("extsim: no extension %v in this browser", v)))
	}
	return t.exts[i]
}

func extInfo(i int, e *browser.Extension) map[string]any {
	return map[string]any{"index": i, "id": e.ID, "name": e.Name(), "origin": e.Origin()}
}

// loadExtension loads a folder (relative to the test file) or a map of
// files.
func (r *realm) loadExtension(t *testState, what sobek.Value) (sobek.Value, error) {
	var fsys fs.FS
	var where string
	if s, ok := what.Export().(string); ok {
		where = path.Join(r.file.Dir(), s)
		fsys = r.env.DirFS(where)
	} else {
		files := fstest.MapFS{}
		o := what.ToObject(r.rt)
		for _, k := range o.Keys() {
			files[k] = &fstest.MapFile{Data: []byte(o.Get(k).String())}
		}
		fsys, where = files, "(files)"
	}
	abs := where
	if r.env.Abs != nil && where != "(files)" {
		if a, err := r.env.Abs(where); err == nil {
			abs = a
		}
	}
	if where == "(files)" {
		abs = fmt.Sprintf("/extsim/%s/ext%d", path.Base(r.file.Path), len(t.exts))
	}
	e, err := t.b.LoadExtension(fsys, browser.LoadOptions{Path: abs})
	if err != nil {
		var le *browser.LoadError
		if errors.As(err, &le) {
			var lines []string
			for _, d := range le.Diagnostics {
				d.File = path.Join(where, d.File)
				lines = append(lines, d.String())
			}
			if le.Reason != "" {
				lines = append(lines, le.Reason)
			}
			return nil, fmt.Errorf("loadExtension(%s): %s", where, strings.Join(lines, "\n"))
		}
		return nil, fmt.Errorf("loadExtension(%s): %w", where, err)
	}
	t.exts = append(t.exts, e)
	if err := r.settle(t, "loadExtension", nil); err != nil {
		return nil, err
	}
	return r.rt.ToValue(extInfo(len(t.exts)-1, e)), nil
}

// locator says which context a JS Context object stands for; it is
// resolved at each use, since contexts come and go.
type locator struct {
	Kind       string
	Tab, Frame int
	Ext        int
}

func (l locator) key() string { return fmt.Sprintf("%s/%d/%d/%d", l.Kind, l.Tab, l.Frame, l.Ext) }

func (r *realm) locator(v sobek.Value) locator {
	var l locator
	l.Ext = -1
	if err := r.rt.ExportTo(v, &l); err != nil {
		panic(r.rt.NewTypeError("extsim: not a context: " + err.Error()))
	}
	return l
}

// label is the context's label (e.g. "service-worker demo"), or the last
// one seen for that locator when the context is gone: console lines are
// kept by label, across restarts.
func (r *realm) label(t *testState, loc locator) string {
	if ctx, err := r.locate(t, loc); err == nil {
		t.labels[loc.key()] = ctx.Label
		return ctx.Label
	}
	return t.labels[loc.key()]
}

func findContext(t *testState, e *browser.Extension, kind router.Kind) *browser.Context {
	var found *browser.Context
	for _, c := range t.b.Contexts() {
		if c.Extension == e && c.Kind == kind && c.Alive() {
			found = c
		}
	}
	return found
}

func (r *realm) locate(t *testState, l locator) (*browser.Context, error) {
	var e *browser.Extension
	if l.Ext >= 0 && l.Ext < len(t.exts) {
		e = t.exts[l.Ext]
	}
	switch l.Kind {
	case "background":
		if e == nil {
			return nil, errors.New("no such extension")
		}
		c := e.Background()
		if c == nil || !c.Alive() {
			return nil, fmt.Errorf("the background of %q is not running (stopped, or it has none); an event (a message, a connect) starts it again", e.Name())
		}
		return c, nil
	case "popup":
		if c := findContext(t, e, router.KindPopup); c != nil {
			return c, nil
		}
		return nil, fmt.Errorf("the popup of %q is not open", e.Name())
	case "page", "content":
		tab := t.b.TabByID(l.Tab)
		if tab == nil || tab.Closed() {
			return nil, fmt.Errorf("tab %d is closed", l.Tab)
		}
		f := tab.Frame(l.Frame)
		if f == nil || f.Document() == nil {
			return nil, fmt.Errorf("tab %d has no frame %d", l.Tab, l.Frame)
		}
		for _, c := range f.Document().Contexts() {
			if l.Kind == "page" && c.Kind == router.KindWebPage {
				return c, nil
			}
			if l.Kind == "content" && c.Kind == router.KindContentScript && c.Extension == e && e != nil {
				return c, nil
			}
		}
		if l.Kind == "page" {
			return nil, fmt.Errorf("tab %d frame %d has no page context", l.Tab, l.Frame)
		}
		name := "?"
		if e != nil {
			name = e.Name()
		}
		return nil, fmt.Errorf("%q has no content script in tab %d frame %d (%s)", name, l.Tab, l.Frame, f.Document().URL)
	}
	return nil, fmt.Errorf("unknown context kind %q", l.Kind)
}

// evaluateHelper calls the function and reports its (awaited) outcome to
// done, so a rejection is handled here and never reported as uncaught.
const evaluateHelper = `(function (f, args, done) {
  try {
    Promise.resolve(f.apply(undefined, args)).then(function (v) { done(true, v); }, function (e) { done(false, e); });
  } catch (e) { done(false, e); }
})`

// evaluate runs src (a function's source) with args in ctx, in a task of
// the context's queue, and waits for its result, structured-cloned back.
func (r *realm) evaluate(t *testState, ctx *browser.Context, src string, args serial.Value) (sobek.Value, error) {
	realm, ok := t.host.Realm(ctx)
	if !ok {
		return nil, fmt.Errorf("evaluate in %s: the context has no realm", ctx.Label)
	}
	var (
		done    bool
		result  serial.Value
		failure string
	)
	ctx.Queue.Post(func() {
		if realm.Dead() {
			done, failure = true, "the context stopped"
			return
		}
		_ = realm.Guard(func() error {
			rt := realm.RT
			fn, err := rt.RunScript("extsim:evaluate", "("+src+"\n)")
			if err != nil {
				// sobek's Function.prototype.toString drops the closing
				// parenthesis of an arrow function whose body is
				// parenthesized, `(a) => ({...})`: put it back.
				if fn2, err2 := rt.RunScript("extsim:evaluate", "("+src+")\n)"); err2 == nil {
					fn, err = fn2, nil
				}
			}
			if err != nil {
				done, failure = true, js.ExceptionText(err)
				return nil
			}
			helper, err := rt.RunScript("extsim:evaluate-helper", evaluateHelper)
			if err != nil {
				return err
			}
			call, _ := sobek.AssertFunction(helper)
			finish := func(c sobek.FunctionCall) sobek.Value {
				done = true
				if c.Argument(0).ToBoolean() {
					v, err := clone(rt, c.Argument(1))
					if err != nil {
						failure = "the result cannot be cloned: " + err.Error()
					}
					result = v
				} else {
					failure = describeThrown(c.Argument(1))
				}
				return sobek.Undefined()
			}
			_, err = call(sobek.Undefined(), fn, jsvalue.FromSerial(rt, args), rt.ToValue(finish))
			return err
		})
	})
	if err := r.settle(t, "evaluate in "+ctx.Label, func() bool { return done || !ctx.Alive() }); err != nil {
		return nil, err
	}
	if !done {
		return nil, fmt.Errorf("evaluate in %s: the context went away before the function finished", ctx.Label)
	}
	if failure != "" {
		return nil, fmt.Errorf("evaluate in %s: %s", ctx.Label, failure)
	}
	return jsvalue.FromSerial(r.rt, result), nil
}

// clone is the structured clone evaluate's arguments and results go
// through, as postMessage would: functions and symbols fail.
func clone(rt *sobek.Runtime, v sobek.Value) (serial.Value, error) {
	sv, err := jsvalue.ToSerial(rt, v, serial.StructuredClone)
	if err != nil {
		return nil, err
	}
	m, err := serial.Serialize(serial.StructuredClone, sv, 0)
	if err != nil {
		return nil, err
	}
	return m.Value, nil
}

func describeThrown(v sobek.Value) string {
	if o, ok := v.(*sobek.Object); ok {
		if name, msg := o.Get("name"), o.Get("message"); name != nil && msg != nil && !sobek.IsUndefined(msg) {
			return name.String() + ": " + msg.String()
		}
	}
	if v == nil {
		return "undefined"
	}
	return "thrown: " + v.String()
}

// click clicks an element of the tab's page.
//
// click is a user's click on the first element of the tab's top document
// that matches selector: a trusted click event that every world's listeners
// hear (js/dom).
func click(h *js.Host, tab *browser.Tab, selector string) error {
	if err := h.ClickSelector(tab.MainFrame().Document(), selector); err != nil {
		return fmt.Errorf("tab.click(%q): %w", selector, err)
	}
	return nil
}
