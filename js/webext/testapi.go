package webext

import (
	_ "embed"

	"github.com/grafana/sobek"

	"github.com/extsim/extsim/browser"
	"github.com/extsim/extsim/js"
	"github.com/extsim/extsim/js/jsvalue"
	"github.com/extsim/extsim/router/serial"
)

//go:embed test.js
var testSource string

// testModule is chrome.test and browser.test (test.js) as the browsers'
// test builds give them to every extension context (background, extension
// pages, content scripts), so that self-testing extensions run and report
// to Options.OnTest.
//
// Under the chrome profile they follow Chromium's test_custom_bindings.js:
// chrome.test.runTests runs the tests in order, each on a fresh task; a test
// ends when it calls succeed(), when its last callbackPass / callbackFail /
// callbackAdded / listenOnce callback has run, or when it fails (fail(), a
// failed assertion, an uncaught exception in its body, in a wrapped callback
// or a returned promise). A failed assertion reports and then throws
// Chromium's "chrome.test.failure" to stop the test. Each test reports
// "pass" or "fail" with Test set to its name ("(no test)" outside
// runTests, "undefined" for an anonymous function, as Chromium's texts
// name them); after the last one runTests reports the final "pass", or
// "fail" with "Failed <n> of <m> tests", with Test empty. Failure texts are
// Chromium's:
//
//	API Test Error in <test>[: <message>]\n<expected> did not deep-equal <actual>
//	  (objects JSON-encoded; for primitives of different types
//	  " (type mismatch)\nType: <t>\nOther Type:<t>" follows)
//	API Test Error in <test>[: <message>]\nExpected unequal values, but both are <json>
//	uncaught exception: <message>
//	lastError.message == <message>
//	No lastError, but expected <message>
//	Did not throw error: <function source>
//
// A test result is recorded once: another succeed() is ignored, and a
// failure after a pass is reported (and counted) but does not start the
// next test a second time, so the final result is reported exactly once.
//
// Under the firefox profile they follow Firefox's ext-test.js with the
// xpcshell/mochitest harness's texts: assertions never throw; a failing one
// reports "fail" once and the code goes on (passing ones report nothing):
//
//	assertEq:      <msg> - Expected: <String(expected)>, Actual: <String(actual)>
//	               (strict ===; " (different)" is appended to Actual when
//	               both render the same)
//	assertDeepEq:  <msg> - Expected: <toSource>, Actual: <toSource>
//	assertTrue:    <msg>
//	assertThrows:  Function did not throw, expected error '<e>'[: <msg>]
//	               Function threw, expecting error to match '<e>', got '<error>'[: <msg>]
//	assertRejects: Promise resolved, expected rejection '<e>'[: <msg>]
//	               Promise rejected, expecting rejection to match '<e>', got '<error>'[: <msg>]
//	runTests:      Exception running <task>: <message>
//
// A missing msg renders as "undefined", as in Firefox. notifyPass and
// notifyFail report the final "pass" / "fail" with Test empty; succeed and
// fail report "pass" / "fail" too (with Test set to the runTests task, if
// any). log reports "log"; sendMessage reports "message" with its arguments
// as a JSON array in Message (under the chrome profile too:
// chrome.test.sendMessage("ready") reports ["ready"], and its callback or
// promise gets "", Chromium's answer when no listener replies).
//
// Arguments are checked against each browser's schema: a call that does
// not fit throws "Error in invocation of test.<sig>: No matching
// signature." (Chromium) or "Incorrect argument types for test.<name>."
// (Firefox).
//
// The API is built in a realm the first time its code reads test.
// SendTestMessage fires test.onMessage from Go. Each report is also written
// to the context's console (see testReport).
func testModule() *module {
	return &module{name: "test", source: testSource, natives: testNatives}
}

func testNatives(a *api, x *sobek.Object, shared *sharedState) {
	rt := a.r.RT
	undef := sobek.Undefined()
	set := func(name string, v any) {
		if err := x.Set(name, v); err != nil {
			panic(err)
		}
	}
	// report(kind, test, message, done) sends a TestEvent to
	// Options.OnTest and writes it to the context's console; done marks the
	// extension's final result.
	set("report", func(c sobek.FunctionCall) sobek.Value {
		a.testReport(shared, c.Argument(0).String(), c.Argument(1).String(), c.Argument(2).String(), c.Argument(3).ToBoolean())
		return undef
	})
	// task(fn) runs fn as a new task of the context (a test harness's
	// setTimeout(fn, 0), an API's asynchronous answer).
	set("task", func(c sobek.FunctionCall) sobek.Value {
		fn, ok := sobek.AssertFunction(c.Argument(0))
		if !ok {
			panic(rt.NewTypeError("task: not a function"))
		}
		r := a.r
		r.Ctx.Queue.Post(func() { _, _ = r.Call(fn, sobek.Undefined()) })
		return undef
	})
	// cloneCheck(v) throws the structured-clone error of a value that
	// cannot be cloned (Firefox's assertDeepEq clones its arguments).
	set("cloneCheck", func(c sobek.FunctionCall) sobek.Value {
		a.toSerial(c.Argument(0), serial.StructuredClone)
		return undef
	})
}

// testReport delivers one TestEvent and logs it: "test <kind>[ <test>][:
// <message>]", at level "error" for failures.
func (a *api) testReport(shared *sharedState, kind, test, message string, done bool) {
	ev := TestEvent{Kind: kind, Context: a.r.Ctx.Label, Test: test, Message: message, At: a.b.Sched.Elapsed(), Done: done}
	text := "test " + kind
	if test != "" {
		text += " " + test
	}
	if message != "" {
		text += ": " + message
	}
	level := "log"
	if kind == "fail" {
		level = "error"
	}
	a.r.Log(level, text)
	if f := shared.opts.OnTest; f != nil {
		f(ev)
	}
}

// SendTestMessage fires test.onMessage in every live, unfrozen context of
// ext (background, pages, content scripts), as a task on each context's
// queue, the way the browsers' test harnesses message an extension
// (Firefox's ExtensionWrapper.sendMessage, Chromium's test.onMessage
// event). Firefox listeners get (name, args...); Chromium's get one object,
// {data: name, lastMessage: false}, and args are not passed. It returns
// the number of contexts the message was queued for; contexts without the
// APIs or without listeners ignore it. Call it from the goroutine that
// drives the browser, between runs.
func SendTestMessage(h *js.Host, ext *browser.Extension, name string, args ...serial.Value) int {
	n := 0
	for _, c := range h.Browser().Contexts() {
		if c.Extension != ext || c.Frozen() || c.Invalidated() {
			continue
		}
		if c.Queue.Post(func() { deliverTestMessage(h, c, name, args) }) {
			n++
		}
	}
	return n
}

func deliverTestMessage(h *js.Host, c *browser.Context, name string, args []serial.Value) {
	r, ok := h.Realm(c)
	if !ok {
		return
	}
	a, ok := r.Endpoint.(*api)
	if !ok {
		return
	}
	hooks := a.moduleHooks["test"]
	if hooks == nil {
		return
	}
	fn, ok := sobek.AssertFunction(hooks.Get("message"))
	if !ok {
		return
	}
	vals := make([]sobek.Value, 0, len(args)+1)
	vals = append(vals, r.RT.ToValue(name))
	for _, v := range args {
		vals = append(vals, jsvalue.FromSerial(r.RT, v))
	}
	_, _ = r.Call(fn, sobek.Undefined(), vals...)
}
