package webext

import (
	"errors"

	"github.com/grafana/sobek"

	"github.com/extsim/extsim/browser"
	"github.com/extsim/extsim/js"
	"github.com/extsim/extsim/js/jsvalue"
	"github.com/extsim/extsim/router"
	"github.com/extsim/extsim/router/serial"
)

// injection is one scripting.executeScript({func}) or tabs.executeScript(
// {code}) call: source runs in each target frame (in that frame's own task,
// in the extension's isolated world or the page's main world), and once
// every frame has answered the caller's callback gets the results in frame
// order. Each context has its own engine, so values cross as serial values
// (the caller's args in, each frame's result out), as the browsers clone
// them.
type injection struct {
	caller *js.Realm
	tab    *browser.Tab
	code   bool         // tabs.executeScript code: the script's completion value
	source string       // func.toString() or the code
	args   serial.Value // func mode: the arguments array
	main   bool         // world: "MAIN"
	chrome bool
	format serial.Format
	cb     sobek.Callable
	// results by frame id; pending counts frames not answered yet.
	results map[int]frameResult
	pending int
}

// frameResult is one frame's outcome: a value, or (Firefox) what the
// script threw or rejected with.
type frameResult struct {
	doc    string
	value  serial.Value
	failed bool
	err    serial.Value
	errMsg string
	// reject fails the whole call with this message (Firefox: a result
	// that cannot be cloned).
	reject string
	// gone: the frame's context went away before the script settled.
	gone bool
}

// inject implements x.inject(tabId, frameIds, allFrames, code, source,
// args, world, cb): cb(results) with one {documentId?, frameId, result |
// error} per frame (func) or the array of each frame's value (code), or
// cb(undefined, message) when the call fails (a frame's code threw; in
// Firefox, a result that cannot be cloned).
func (a *api) inject(c sobek.FunctionCall) sobek.Value {
	e := a.r.Ctx.Extension
	t := a.tab(int(c.Argument(0).ToInteger()))
	var ids []int
	if o, ok := c.Argument(1).(*sobek.Object); ok {
		for _, k := range o.Keys() {
			ids = append(ids, int(o.Get(k).ToInteger()))
		}
	}
	cb, _ := sobek.AssertFunction(c.Argument(7))
	inj := &injection{
		caller: a.r, tab: t, code: c.Argument(3).ToBoolean(), source: c.Argument(4).String(),
		main: c.Argument(6).String() == "MAIN", chrome: a.chrome,
		format: a.format(), cb: cb, results: map[int]frameResult{},
	}
	if !inj.code {
		inj.args = a.toSerial(c.Argument(5), inj.format)
	}
	// An empty file list makes sure the isolated worlds exist; the source
	// then runs in a task of each frame's context.
	err := e.ExecuteScript(t, ids, c.Argument(2).ToBoolean(), nil, func(frames []int) {
		inj.start(frames)
	})
	if err != nil {
		a.throwText(err.Error())
	}
	return sobek.Undefined()
}

// start posts the source into every frame that ExecuteScript reached.
func (inj *injection) start(frames []int) {
	e := inj.caller.Ctx.Extension
	type target struct {
		id int
		r  *js.Realm
	}
	var targets []target
	for _, id := range frames {
		f := inj.tab.Frame(id)
		if f == nil || f.Document() == nil {
			continue
		}
		for _, ctx := range f.Document().Contexts() {
			world := ctx.Kind == router.KindContentScript && ctx.Extension == e && !ctx.Invalidated()
			if inj.main {
				world = ctx.Kind == router.KindWebPage
			}
			if r, ok := inj.caller.Host.Realm(ctx); ok && world && ctx.Alive() {
				targets = append(targets, target{id, r})
				break
			}
		}
	}
	inj.pending = len(targets)
	if inj.pending == 0 {
		inj.finish()
		return
	}
	for _, tg := range targets {
		r, id := tg.r, tg.id
		doc := r.Ctx.Document.ID
		r.Ctx.Queue.Post(func() {
			inj.run(r, func(res frameResult) {
				res.doc = doc
				inj.results[id] = res
				if inj.pending--; inj.pending == 0 {
					inj.finish()
				}
			})
		})
	}
}

// awaitProgram settles a value like `await`: ok(value) or bad(reason). It
// is compiled once (a Program is immutable and runs in any runtime), not
// parsed again for every frame of every injection.
var awaitProgram = sobek.MustCompile("extsim:await.js", `(function (v, ok, bad) { Promise.resolve(v).then(ok, bad); })`, true)

// run evaluates the source in r and reports its (awaited) outcome once.
func (inj *injection) run(r *js.Realm, report func(frameResult)) {
	rt := r.RT
	if r.Dead() {
		report(frameResult{value: serial.Null{}})
		return
	}
	settled := false
	var cancel func()
	settle := func(res frameResult) {
		if !settled {
			settled = true
			if cancel != nil {
				cancel()
			}
			report(res)
		}
	}
	// A frame that goes away (navigation, removal, tab closed) while its
	// script is pending must not leave the call unsettled.
	cancel = r.OnClose(func() { settle(frameResult{gone: true}) })
	onOK := rt.ToValue(func(c sobek.FunctionCall) sobek.Value {
		settle(inj.success(rt, c.Argument(0)))
		return sobek.Undefined()
	})
	onBad := rt.ToValue(func(c sobek.FunctionCall) sobek.Value {
		if inj.chrome {
			r.ReportUncaught("Uncaught (in promise) " + reasonText(c.Argument(0)))
			settle(frameResult{value: serial.Null{}})
		} else {
			settle(inj.failure(rt, c.Argument(0)))
		}
		return sobek.Undefined()
	})
	// One entry: the script runs and its value is awaited before the
	// entry ends, so that a rejected Promise it returns is handled.
	err := r.Guard(func() error {
		var v sobek.Value
		var err error
		if inj.code {
			v, err = rt.RunString(inj.source)
		} else {
			v, err = inj.callFunc(rt)
		}
		if err != nil {
			if inj.chrome {
				return err // reported as uncaught in the frame by Guard
			}
			// Firefox hands the thrown value to the caller instead.
			settle(inj.failure(rt, thrownValue(rt, err)))
			return nil
		}
		await, err := rt.RunProgram(awaitProgram)
		if err != nil {
			return err
		}
		fn, _ := sobek.AssertFunction(await)
		_, err = fn(sobek.Undefined(), v, onOK, onBad)
		return err
	})
	if err != nil {
		settle(frameResult{value: serial.Null{}})
	}
}

// callFunc evaluates the function's source and calls it with the args.
func (inj *injection) callFunc(rt *sobek.Runtime) (sobek.Value, error) {
	fv, err := rt.RunString("(" + inj.source + "\n)")
	if err != nil {
		return nil, err
	}
	fn, ok := sobek.AssertFunction(fv)
	if !ok {
		return nil, errors.New("the injected func is not a function")
	}
	var args []sobek.Value
	if o, ok := jsvalue.FromSerial(rt, inj.args).(*sobek.Object); ok {
		for _, k := range o.Keys() {
			args = append(args, o.Get(k))
		}
	}
	return fn(sobek.Undefined(), args...)
}

// success clones a frame's value back for the caller: JSON in Chrome (so
// undefined becomes null), structured clone in Firefox. A value that cannot
// cross becomes null (Chrome) or an error (Firefox).
func (inj *injection) success(rt *sobek.Runtime, v sobek.Value) frameResult {
	f := serial.StructuredClone
	if inj.chrome {
		f = serial.JSON
	}
	sv, err := jsvalue.ToSerial(rt, v, f)
	var m serial.Message
	if err == nil {
		m, err = serial.Serialize(f, sv, 0)
	}
	switch {
	case err == nil:
		return frameResult{value: m.Value}
	case inj.chrome:
		return frameResult{value: serial.Null{}} // undefined, a function...
	default:
		// Firefox's ExtensionContent text; the whole call rejects.
		return frameResult{reject: "Script '<anonymous code>' result is non-structured-clonable data"}
	}
}

// failure is Firefox's outcome of a throw or rejection: the thrown value
// (cloned) as `error`, and its message for tabs.executeScript's rejection.
func (inj *injection) failure(rt *sobek.Runtime, v sobek.Value) frameResult {
	sv, cerr := jsvalue.ToSerial(rt, v, serial.StructuredClone)
	if cerr == nil {
		var m serial.Message
		m, cerr = serial.Serialize(serial.StructuredClone, sv, 0)
		sv = m.Value
	}
	if cerr != nil {
		sv = serial.String(reasonText(v))
	}
	return frameResult{failed: true, err: sv, errMsg: messageOf(v)}
}

// finish hands the results to the caller's callback, in the tab's frame
// order, from a task of the caller.
func (inj *injection) finish() {
	r := inj.caller
	var order []int
	for _, f := range inj.tab.Frames() {
		if _, ok := inj.results[f.ID]; ok {
			order = append(order, f.ID)
		}
	}
	r.Ctx.Queue.Post(func() {
		if r.Dead() || inj.cb == nil {
			return
		}
		fail := func(msg string) { _, _ = r.Call(inj.cb, sobek.Undefined(), sobek.Undefined(), r.RT.ToValue(msg)) }
		// Chromium's scripting API: when the only frame failed to run the
		// script, the call fails with that frame's error; otherwise failed
		// frames are left out of the results. Firefox's behaviour for a
		// frame that goes away is UNCONFIRMED; it is treated the same.
		if len(inj.results) == 1 {
			for _, res := range inj.results {
				if res.gone {
					// Chromium's per-frame texts (script_executor.cc);
					// by now a closing tab is marked closed.
					if inj.tab.Closed() {
						fail("The tab was closed.")
					} else {
						fail("The frame was removed.")
					}
					return
				}
			}
		}
		for _, id := range order {
			if res := inj.results[id]; res.reject != "" {
				fail(res.reject)
				return
			}
		}
		out := &serial.Array{}
		for _, id := range order {
			res := inj.results[id]
			if res.gone {
				continue
			}
			if inj.code {
				if res.failed {
					fail(res.errMsg)
					return
				}
				out.Elems = append(out.Elems, res.value)
				continue
			}
			var props []serial.Prop
			if inj.chrome {
				props = append(props, serial.Prop{Key: "documentId", Value: serial.String(res.doc)})
			}
			props = append(props, serial.Prop{Key: "frameId", Value: serial.Number(id)})
			if res.failed {
				props = append(props, serial.Prop{Key: "error", Value: res.err})
			} else {
				props = append(props, serial.Prop{Key: "result", Value: res.value})
			}
			out.Elems = append(out.Elems, &serial.Object{Props: props})
		}
		_, _ = r.Call(inj.cb, sobek.Undefined(), jsvalue.FromSerial(r.RT, out))
	})
}

// thrownValue is the value a script threw (or the error's text).
func thrownValue(rt *sobek.Runtime, err error) sobek.Value {
	var ex *sobek.Exception
	if errors.As(err, &ex) {
		return ex.Value()
	}
	return rt.ToValue(err.Error())
}

// reasonText is how a console shows a thrown value: "Name: message" for an
// error, else its string.
func reasonText(v sobek.Value) string {
	if o, ok := v.(*sobek.Object); ok {
		name, msg := o.Get("name"), o.Get("message")
		if name != nil && msg != nil && !sobek.IsUndefined(msg) {
			return name.String() + ": " + msg.String()
		}
	}
	if v == nil {
		return "undefined"
	}
	return v.String()
}

// messageOf is an error's message, or the thrown value as text.
func messageOf(v sobek.Value) string {
	if o, ok := v.(*sobek.Object); ok {
		if msg := o.Get("message"); msg != nil && !sobek.IsUndefined(msg) {
			return msg.String()
		}
	}
	if v == nil {
		return "undefined"
	}
	return v.String()
}
