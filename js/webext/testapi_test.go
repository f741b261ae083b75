package webext_test

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/extsim/extsim/browser"
	"github.com/extsim/extsim/js"
	"github.com/extsim/extsim/js/webext"
	"github.com/extsim/extsim/router/serial"
)

// selfTest is a self-testing extension running in a browser, with what its
// test APIs reported.
type selfTest struct {
	t       *testing.T
	b       *browser.Browser
	host    *js.Host
	ext     *browser.Extension
	events  []webext.TestEvent
	console []string
}

const selfTestManifest = `{"manifest_version": 3, "name": "t", "version": "1",
  "background": {"service_worker": "bg.js", "scripts": ["bg.js"]},
  "content_scripts": [{"matches": ["https://example.com/*"], "js": ["cs.js"]}]}`

// newSelfTest loads an extension made of files (bg.js, cs.js, and a default
// MV3 manifest unless files has one), opens https://example.com/ when tab
// is set, and runs one second of virtual time.
func newSelfTest(t *testing.T, prof *browser.Profile, files map[string]string, tab bool) *selfTest {
	t.Helper()
	s := &selfTest{t: t}
	b, h, err := webext.NewBrowser(browser.Options{Profile: prof}, js.Options{
		Console: func(c js.ConsoleEntry) { s.console = append(s.console, c.String()) },
	}, webext.Options{
		OnTest: func(e webext.TestEvent) { s.events = append(s.events, e) },
	})
	if err != nil {
		t.Fatal(err)
	}
	s.b, s.host = b, h
	fsys := fstest.MapFS{"manifest.json": {Data: []byte(selfTestManifest)}, "bg.js": {Data: []byte("")}, "cs.js": {Data: []byte("")}}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	if s.ext, err = b.LoadExtension(fsys, browser.LoadOptions{}); err != nil {
		t.Fatal(err)
	}
	if tab {
		if _, err := b.NewTab("https://example.com/", browser.TabOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	s.run()
	return s
}

func (s *selfTest) run() {
	s.t.Helper()
	if err := s.b.Sched.RunFor(time.Second); err != nil {
		s.t.Fatal(err)
	}
}

// report renders the events as "kind test: message" lines (the test and
// the message only when set), with the context when withContext is set.
func (s *selfTest) report(withContext bool) []string {
	var out []string
	for _, e := range s.events {
		l := e.Kind
		if e.Test != "" {
			l += " " + e.Test
		}
		if e.Message != "" {
			l += ": " + e.Message
		}
		if withContext {
			l = "[" + e.Context + "] " + l
		}
		out = append(out, l)
	}
	return out
}

func (s *selfTest) expect(withContext bool, want ...string) {
	s.t.Helper()
	if got := s.report(withContext); !slices.Equal(got, want) {
		s.t.Fatalf("test events\n got:\n  %s\nwant:\n  %s\nconsole:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "), strings.Join(s.console, "\n  "))
	}
	s.events = nil
}

// finals counts the final results: notifyPass / notifyFail and runTests'
// summary, the pass and fail events without a test name.
func (s *selfTest) finals() int {
	n := 0
	for _, e := range s.events {
		if (e.Kind == "pass" || e.Kind == "fail") && e.Test == "" {
			n++
		}
	}
	return n
}

func (s *selfTest) expectConsole(want ...string) {
	s.t.Helper()
	if !slices.Equal(s.console, want) {
		s.t.Fatalf("console\n got:\n  %s\nwant:\n  %s", strings.Join(s.console, "\n  "), strings.Join(want, "\n  "))
	}
	s.console = nil
}

const receivingEndMissing = "Could not establish connection. Receiving end does not exist."

// A chrome.test.runTests suite in a content script, in Chromium: a test
// that passes, one whose assertEq fails, a runtime.sendMessage round trip to
// the background under callbackPass, and a connection nobody receives
// checked with listenOnce + assertLastError. The failing test is reported
// with its name and both values; the suite's result comes once, after the
// last test.
func TestChromeRunTestsSuite(t *testing.T) {
	bg := `
	  chrome.runtime.onMessage.addListener(function (m, sender, sendResponse) {
	    sendResponse({pong: m.ping, tab: sender.tab.id});
	  });`
	cs := `
	  chrome.test.runTests([
	    function passes() {
	      chrome.test.assertEq({a: [1, 2], b: "x"}, {b: "x", a: [1, 2]});
	      chrome.test.assertEq(NaN, NaN);
	      chrome.test.assertTrue(true, "true");
	      chrome.test.assertFalse(false);
	      chrome.test.assertNe([1], [2]);
	      chrome.test.assertThrows(function () { throw new Error("boom"); }, undefined, [], "boom");
	      chrome.test.assertThrows(function (a) { throw new Error("bad " + a); }, null, ["arg"], /^bad arg$/);
	      chrome.test.succeed();
	    },
	    function failsAssertEq() {
	      chrome.test.assertEq({n: 1}, {n: 2}, "objects differ");
	      chrome.test.log("not reached");
	      chrome.test.succeed();
	    },
	    function roundTrip() {
	      chrome.runtime.sendMessage({ping: 7}, chrome.test.callbackPass(function (resp) {
	        chrome.test.assertEq({pong: 7, tab: 1}, resp);
	      }));
	    },
	    function noReceiver() {
	      var port = chrome.runtime.connect({name: "nobody listens"});
	      chrome.test.listenOnce(port.onDisconnect, function (p) {
	        chrome.test.assertLastError("` + receivingEndMissing + `");
	        chrome.test.assertEq("nobody listens", p.name);
	      });
	    },
	  ]);`
	s := newSelfTest(t, browser.Chrome(), map[string]string{"bg.js": bg, "cs.js": cs}, true)
	cs1 := "[tab 1 frame 0 content t] "
	s.expect(true,
		cs1+"pass passes",
		cs1+"fail failsAssertEq: API Test Error in failsAssertEq: objects differ\n"+`{"n":1} did not deep-equal {"n":2}`,
		cs1+"pass roundTrip",
		cs1+"pass noReceiver",
		cs1+"fail: Failed 1 of 4 tests",
	)
	// The console shows the same, and runTests' promise rejected unhandled.
	s.expectConsole(
		cs1+"test pass passes",
		cs1+"test fail failsAssertEq: API Test Error in failsAssertEq: objects differ\n"+`{"n":1} did not deep-equal {"n":2}`,
		cs1+"test pass roundTrip",
		cs1+"test pass noReceiver",
		cs1+"test fail: Failed 1 of 4 tests",
		cs1+"Uncaught (in promise) Error: Failed 1 of 4 tests",
	)
	s.run()
	if len(s.events) != 0 {
		t.Fatalf("more events after the suite: %v", s.report(false))
	}
}

// A background suite in Chromium: callbackFail around a message nobody
// receives, an async test, an uncaught exception failing a test (here an
// argument error of the API itself), a test that passes twice, getConfig and
// sendMessage answers, primitive assertEq texts. Each test's result and the
// suite's come exactly once; runTests' promise resolves or rejects.
func TestChromeRunTestsBackground(t *testing.T) {
	bg := `
	  chrome.test.runTests([
	    function sendToNobody() {
	      chrome.runtime.sendMessage("anyone?", chrome.test.callbackFail("` + receivingEndMissing + `"));
	    },
	    async function asyncRejects() {
	      await chrome.test.assertPromiseRejects(chrome.runtime.sendMessage("anyone?"), "Error: ` + receivingEndMissing + `");
	      chrome.test.succeed();
	    },
	    function throwsInside() {
	      chrome.test.assertTrue("yes");
	    },
	    function succeedsTwice() {
	      chrome.test.succeed();
	      chrome.test.succeed();
	    },
	    function answers() {
	      chrome.test.getConfig(chrome.test.callbackPass(function (config) {
	        chrome.test.assertEq({}, config);
	      }));
	      chrome.test.sendMessage("hello", chrome.test.callbackPass(function (reply) {
	        chrome.test.assertEq("", reply);
	      }));
	    },
	    function typeMismatch() {
	      chrome.test.assertEq(1, "1");
	    },
	    function uncaughtInCallback() {
	      chrome.test.runWithUserGesture(function () {
	        chrome.test.assertTrue(chrome.test.isProcessingUserGesture());
	      });
	      setTimeout(chrome.test.callbackPass(function () { throw new RangeError("late"); }), 10);
	    },
	  ]).then(function () { console.log("resolved"); }, function (e) { console.log("rejected:", e.message); });`
	s := newSelfTest(t, browser.Chrome(), map[string]string{"bg.js": bg}, false)
	s.expect(false,
		"pass sendToNobody",
		"pass asyncRejects",
		"fail throwsInside: uncaught exception: Error in invocation of test.assertTrue(boolean test, optional string message): No matching signature.",
		"pass succeedsTwice",
		"message answers: [\"hello\"]",
		"pass answers",
		"fail typeMismatch: API Test Error in typeMismatch\n1 did not deep-equal 1 (type mismatch)\nType: number\nOther Type:string",
		"fail uncaughtInCallback: uncaught exception: late",
		"fail: Failed 3 of 7 tests",
	)
	if last := s.console[len(s.console)-1]; last != "[service-worker t] rejected: Failed 3 of 7 tests" {
		t.Fatalf("last console line %q", last)
	}
}

// Go talks to a Chromium test through test.onMessage ({data}) and
// chrome.test.sendMessage; listenForever keeps the test open until its done
// function runs.
func TestChromeListenForeverOnMessage(t *testing.T) {
	bg := `
	  chrome.test.runTests([
	    function messagesFromGo() {
	      var seen = [];
	      var done = chrome.test.listenForever(chrome.test.onMessage, function (info) {
	        seen.push(info.data);
	        if (seen.length === 2) {
	          chrome.test.assertEq(["one", "two"], seen);
	          done();
	        }
	      });
	      chrome.test.sendMessage("listening");
	    },
	  ]);`
	s := newSelfTest(t, browser.Chrome(), map[string]string{"bg.js": bg}, false)
	s.expect(false, `message messagesFromGo: ["listening"]`)
	webext.SendTestMessage(s.host, s.ext, "one")
	s.run()
	s.expect(false)
	webext.SendTestMessage(s.host, s.ext, "two", serial.String("ignored in Chromium"))
	s.run()
	s.expect(false, "pass messagesFromGo", "pass")
}

// Chromium's succeed() and notifyPass() outside runTests: succeed ends the
// implicit "(no test)" and reports the final result; a failed assertion
// throws chrome.test.failure, which the harness swallows in its callbacks.
func TestChromeTestOutsideRunTests(t *testing.T) {
	bg := `
	  chrome.runtime.sendMessage("x", chrome.test.callbackPass(function () {}));`
	s := newSelfTest(t, browser.Chrome(), map[string]string{"bg.js": bg}, false)
	// callbackPass saw S1 in lastError: the implicit test fails.
	s.expect(false,
		"fail (no test): lastError.message == "+receivingEndMissing,
		"fail: Failed 1 of 1 tests",
	)
	s.expectConsole(
		"[service-worker t] test fail (no test): lastError.message == "+receivingEndMissing,
		"[service-worker t] test fail: Failed 1 of 1 tests",
	)

	s = newSelfTest(t, browser.Chrome(), map[string]string{"bg.js": `chrome.test.succeed(); chrome.test.succeed(); chrome.test.notifyPass();`}, false)
	s.expect(false, "pass (no test)", "pass", "pass")

	s = newSelfTest(t, browser.Chrome(), map[string]string{"bg.js": `
	  try { chrome.test.assertEq(1, 2); } catch (e) { console.log("threw", typeof e, e); }
	  try { chrome.test.notifyFail(); } catch (e) { console.log(e.message); }
	  console.log(typeof chrome.test.assertDeepEq, typeof browser.test.runTests, typeof chrome.test.onMessage.addListener);`}, false)
	s.expect(false, "fail (no test): API Test Error in (no test)\n1 did not deep-equal 2", "fail: Failed 1 of 1 tests")
	s.expectConsole(
		"[service-worker t] test fail (no test): API Test Error in (no test)\n1 did not deep-equal 2",
		"[service-worker t] threw string chrome.test.failure",
		"[service-worker t] Error in invocation of test.notifyFail(string message): No matching signature.",
		"[service-worker t] undefined function function",
		"[service-worker t] test fail: Failed 1 of 1 tests",
	)
}

// Firefox's browser.test: assertions report and go on, assertEq is strict,
// assertDeepEq structural, assertRejects a promise; notifyPass /
// notifyFail end the test. Go talks to the extension with sendMessage and
// SendTestMessage.
func TestFirefoxBrowserTestSuite(t *testing.T) {
	bg := `
	  browser.test.onMessage.addListener(async function (msg, arg) {
	    browser.test.withHandlingUserInput(function () { browser.test.log("got " + msg); });
	    browser.test.assertEq("check", msg, "message name");
	    browser.test.assertEq(3, arg.n, "n from Go");
	    browser.test.assertDeepEq({a: [1, {b: 2}], c: "x"}, {c: "x", a: [1, {b: 2}]}, "deep");
	    browser.test.assertTrue(arg.ok, "ok");
	    browser.test.assertThrows(function () { throw new TypeError("bad"); }, /bad/, "throws");
	    browser.test.assertThrows(function () { throw new TypeError("bad"); }, function (e) { return e instanceof TypeError; });
	    await browser.test.assertRejects(Promise.reject(new Error("nope")), "nope", "rejects");
	    await browser.test.assertRejects(browser.runtime.sendMessage("nobody"), /Receiving end/);
	    browser.test.notifyPass("suite done");
	  });
	  browser.test.sendMessage("ready", {n: 3});`
	s := newSelfTest(t, browser.Firefox(), map[string]string{"bg.js": bg}, false)
	s.expect(true, `[background t] message: ["ready",{"n":3}]`)
	n := webext.SendTestMessage(s.host, s.ext, "check", &serial.Object{Props: []serial.Prop{
		{Key: "n", Value: serial.Number(3)}, {Key: "ok", Value: serial.Bool(true)},
	}})
	if n != 1 {
		t.Fatalf("SendTestMessage queued for %d contexts, want 1", n)
	}
	s.run()
	s.expect(true, "[background t] log: got check", "[background t] pass: suite done")
	s.run()
	if len(s.events) != 0 || s.finals() != 0 {
		t.Fatalf("more events: %v", s.report(false))
	}
}

func TestFirefoxBrowserTestFailures(t *testing.T) {
	bg := `
	  (async function () {
	    browser.test.assertEq(1, "1", "loose");
	    browser.test.assertEq({}, {}, "objects");
	    browser.test.assertEq(NaN, NaN, "NaN");
	    browser.test.assertEq(1, 1);
	    browser.test.assertEq(1, 2);
	    browser.test.assertDeepEq({a: [1, 2]}, {a: [1, 3]}, "deep");
	    browser.test.assertTrue(0, "zero");
	    browser.test.assertFalse("x");
	    browser.test.assertThrows(function () {}, "x", "quiet");
	    browser.test.assertThrows(function () { throw new Error("a"); }, "b");
	    await browser.test.assertRejects(Promise.resolve(1), "x", "resolved");
	    await browser.test.assertRejects(Promise.reject(new RangeError("r")), /^s/);
	    browser.test.fail("explicit");
	    browser.test.succeed("fine");
	    try { browser.test.assertThrows(function () {}); } catch (e) { console.log(e.message); }
	    try { browser.test.assertEq(1, 1, 5); } catch (e) { console.log(e.message); }
	    try { browser.test.runTests([]); } catch (e) { console.log(e.message); }
	    try { browser.test.assertDeepEq(new Map(), new Map()); } catch (e) { console.log(e.message); }
	    browser.test.notifyFail("suite failed");
	  })();`
	s := newSelfTest(t, browser.Firefox(), map[string]string{"bg.js": bg}, false)
	s.expect(false,
		"fail: loose - Expected: 1, Actual: 1 (different)",
		"fail: objects - Expected: [object Object], Actual: [object Object] (different)",
		"fail: NaN - Expected: NaN, Actual: NaN (different)",
		"fail: undefined - Expected: 1, Actual: 2",
		`fail: deep - Expected: {"a":[1,2]}, Actual: {"a":[1,3]}`,
		"fail: zero",
		"fail: undefined",
		`fail: Function did not throw, expected error '"x"': quiet`,
		`fail: Function threw, expecting error to match '"b"', got 'Error: a'`,
		`fail: Promise resolved, expected rejection '"x"': resolved`,
		"fail: Promise rejected, expecting rejection to match '/^s/', got 'RangeError: r'",
		"fail: explicit",
		"pass: fine",
		"fail: suite failed",
	)
	var logs []string
	for _, l := range s.console {
		if !strings.Contains(l, "] test ") {
			logs = append(logs, l)
		}
	}
	if want := []string{
		"[background t] Missing required expectedError",
		"[background t] Incorrect argument types for test.assertEq.",
		"[background t] Type error for parameter tests (Array requires at least 1 items; you have 0) for test.runTests.",
		"[background t] Unsupported obj type: Map",
	}; !slices.Equal(logs, want) {
		t.Fatalf("console\n got:\n  %s\nwant:\n  %s", strings.Join(logs, "\n  "), strings.Join(want, "\n  "))
	}
}

// Firefox's runTests runs async tasks in order; a task that throws is
// reported with its name and stops the rest. chrome.test in Firefox is
// Firefox's API: no callbackPass.
func TestFirefoxRunTests(t *testing.T) {
	bg := `
	  console.log(typeof chrome.test.callbackPass, chrome.test.assertDeepEq === browser.test.assertDeepEq || typeof chrome.test.assertDeepEq);
	  browser.test.runTests([
	    async function first() {
	      browser.test.assertEq(2, await Promise.resolve(2), "awaited");
	      browser.test.assertEq(2, 3, "in first");
	    },
	    function second() { throw new Error("boom"); },
	    function third() { browser.test.log("not reached"); },
	  ]).catch(function (e) { browser.test.notifyFail("runTests rejected: " + e.message); });`
	s := newSelfTest(t, browser.Firefox(), map[string]string{"bg.js": bg}, false)
	s.expect(false,
		"fail first: in first - Expected: 2, Actual: 3",
		"fail second: Exception running second: boom",
		"fail: runTests rejected: boom",
	)
	if s.console[0] != "[background t] undefined function" {
		t.Fatalf("console %q", s.console[0])
	}
}

// A cross-browser self-test using what both harnesses share runs the same
// under both profiles, in the background and in a content script: the
// Chromium test.onMessage listener gets {data}, Firefox's the name.
func TestTestAPIBothProfiles(t *testing.T) {
	code := func(where string) string {
		return `
	  browser.test.onMessage.addListener(function (msg, arg) {
	    var name = typeof msg === "string" ? msg : msg.data;
	    browser.test.log("` + where + ` got " + name);
	    browser.test.assertEq("go", name);
	    browser.test.notifyPass("` + where + ` done");
	  });
	  browser.test.sendMessage("` + where + ` ready");`
	}
	for _, p := range []struct {
		name string
		prof func() *browser.Profile
		bg   string
	}{{"chrome", browser.Chrome, "service-worker t"}, {"firefox", browser.Firefox, "background t"}} {
		t.Run(p.name, func(t *testing.T) {
			s := newSelfTest(t, p.prof(), map[string]string{"bg.js": code("bg"), "cs.js": code("cs")}, true)
			bg, cs := "["+p.bg+"] ", "[tab 1 frame 0 content t] "
			s.expect(true, bg+`message: ["bg ready"]`, cs+`message: ["cs ready"]`)
			if n := webext.SendTestMessage(s.host, s.ext, "go"); n != 2 {
				t.Fatalf("queued for %d contexts, want 2", n)
			}
			s.run()
			if s.finals() != 2 {
				t.Fatalf("%d final results, want 2: %v", s.finals(), s.report(true))
			}
			s.expect(true, bg+"log: bg got go", bg+"pass: bg done", cs+"log: cs got go", cs+"pass: cs done")
		})
	}
}

// The test APIs exist in extension contexts, not in a web page's main
// world; in Chromium the chrome and browser namespaces' test objects are
// the same API.
func TestTestAPIAvailability(t *testing.T) {
	for _, p := range []struct {
		name string
		prof func() *browser.Profile
		want string
	}{{"chrome", browser.Chrome, "function function"}, {"firefox", browser.Firefox, "function function"}} {
		t.Run(p.name, func(t *testing.T) {
			s := newSelfTest(t, p.prof(), map[string]string{
				"bg.js": `console.log(typeof chrome.test.notifyPass, typeof browser.test.sendMessage);`,
				"cs.js": `console.log(typeof chrome.test.notifyPass, typeof browser.test.sendMessage);`,
			}, true)
			for _, l := range s.console {
				if !strings.HasSuffix(l, "] "+p.want) {
					t.Fatalf("console %q", s.console)
				}
			}
			if len(s.console) != 2 {
				t.Fatalf("console %q", s.console)
			}
		})
	}
}
