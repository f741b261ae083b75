package webext_test

import (
	"strings"
	"testing"

	"github.com/extsim/extsim/browser"
)

// The argument checks, runtime.lastError and return shapes that the
// conformance run against Chromium 156 and Firefox ESR 153 measured (cases
// arg-addlistener-not-function, arg-postmessage-arity,
// arg-runtime-sendmessage, om-lasterror-only-in-callback,
// pd-lasterror-scope, om-return-shape).

// mv2Manifest is runJSFiles' extension in Manifest V2 (Firefox only:
// Chromium 156 refuses MV2, errata 7).
const mv2Manifest = `{"manifest_version": 2, "name": "t", "version": "1", "permissions": ["storage", "alarms"],
  "background": {"scripts": ["bg.js"]},
  "content_scripts": [{"matches": ["<all_urls>"], "js": ["cs.js"]}]}`

// mv3Manifest is runJSFiles' extension with the storage and alarms
// permissions.
const mv3Manifest = `{"manifest_version": 3, "name": "t", "version": "1", "permissions": ["storage", "alarms"],
  "background": {"service_worker": "bg.js", "scripts": ["bg.js"]},
  "content_scripts": [{"matches": ["<all_urls>"], "js": ["cs.js"]}]}`

// wantConsole fails t unless got is want.
func wantConsole(t *testing.T, got, want []string) {
	t.Helper()
	wantLines(t, "", got, want...)
}

// K1 / FF-87: addListener with a non-function. Chrome's EventEmitter
// ignores it (no throw, no listener: hasListeners stays false); Firefox's
// schema events throw "Invalid listener for <event>." from addListener,
// removeListener and hasListener, and its Port events take the value
// without a check (the real listener next to it still gets the messages).
// Firefox's events have no hasListeners. (Chromium 156's hasListener(42)
// throws a TypeError whose text extsim does not model: false here.)
func TestK1_FF87_AddListenerNotFunctionJS(t *testing.T) {
	bg := `
	  function attempt(label, f) {
	    try { f(); console.log(label, "did not throw"); } catch (e) { console.log(label, "threw", e.name, e.message); }
	  }
	  attempt("onMessage.addListener(42)", function () { chrome.runtime.onMessage.addListener(42); });
	  attempt("onConnect.addListener('x')", function () { chrome.runtime.onConnect.addListener("x"); });
	  attempt("onMessage.removeListener(42)", function () { chrome.runtime.onMessage.removeListener(42); });
	  attempt("onMessage.addListener()", function () { chrome.runtime.onMessage.addListener(); });
	  attempt("storage.onChanged.addListener(1)", function () { chrome.storage.onChanged.addListener(1); });
	  try { console.log("onMessage.hasListener(42):", chrome.runtime.onMessage.hasListener(42)); } catch (e) { console.log("onMessage.hasListener(42) threw", e.message); }
	  console.log("hasListeners:", typeof chrome.runtime.onMessage.hasListeners, typeof chrome.runtime.onMessage.hasListeners === "function" && chrome.runtime.onMessage.hasListeners());
	  chrome.runtime.onConnect.addListener(function (port) {
	    attempt("port.onMessage.addListener(null)", function () { port.onMessage.addListener(null); });
	    console.log("port.onMessage.hasListener(null):", port.onMessage.hasListener(null));
	    attempt("port.onDisconnect.addListener(5)", function () { port.onDisconnect.addListener(5); });
	    port.onMessage.addListener(function (m) { console.log("received", m); });
	  });`
	cs := `chrome.runtime.connect().postMessage("hi");`
	t.Run("chrome", func(t *testing.T) {
		got := runJSFiles(t, browser.Chrome(), map[string]string{"manifest.json": mv3Manifest, "bg.js": bg, "cs.js": cs})
		wantConsole(t, got, []string{
			"bg: onMessage.addListener(42) did not throw",
			"bg: onConnect.addListener('x') did not throw",
			"bg: onMessage.removeListener(42) did not throw",
			"bg: onMessage.addListener() did not throw",
			"bg: storage.onChanged.addListener(1) did not throw",
			"bg: onMessage.hasListener(42): false",
			"bg: hasListeners: function false",
			"bg: port.onMessage.addListener(null) did not throw",
			"bg: port.onMessage.hasListener(null): false",
			"bg: port.onDisconnect.addListener(5) did not throw",
			"bg: received hi",
		})
	})
	t.Run("firefox", func(t *testing.T) {
		got := runJSFiles(t, browser.Firefox(), map[string]string{"manifest.json": mv3Manifest, "bg.js": bg, "cs.js": cs})
		want := []string{
			"bg: onMessage.addListener(42) threw Error Invalid listener for runtime.onMessage.",
			"bg: onConnect.addListener('x') threw Error Invalid listener for runtime.onConnect.",
			"bg: onMessage.removeListener(42) threw Error Invalid listener for runtime.onMessage.",
			"bg: onMessage.addListener() threw Error Invalid listener for runtime.onMessage.",
			"bg: storage.onChanged.addListener(1) threw Error Invalid listener for storage.onChanged.",
			"bg: onMessage.hasListener(42) threw Invalid listener for runtime.onMessage.",
			"bg: hasListeners: undefined false",
			"bg: port.onMessage.addListener(null) did not throw",
			"bg: port.onMessage.hasListener(null): true",
			"bg: port.onDisconnect.addListener(5) did not throw",
		}
		// The null listener fails when the message comes (reported as an
		// uncaught error, in extsim's words); the function still runs.
		if len(got) != len(want)+2 || !strings.HasPrefix(got[len(want)], "bg: Uncaught TypeError") || got[len(want)+1] != "bg: received hi" {
			t.Fatalf("console\n got:\n  %s\nwant the lines\n  %s\nthen an uncaught TypeError and \"bg: received hi\"", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
		}
		wantConsole(t, got[:len(want)], want)
	})
}

// E15: Chrome's port.postMessage() throws "Insufficient number of
// arguments."; Firefox's posts undefined (conformance case
// arg-postmessage-arity). Extra arguments are ignored in both.
func TestE15_PostMessageArityJS(t *testing.T) {
	bg := `chrome.runtime.onConnect.addListener(function (p) {
	  p.onMessage.addListener(function (m) { console.log("got", m, arguments.length); });
	});`
	cs := `var p = chrome.runtime.connect();
	  try { p.postMessage(); console.log("postMessage() did not throw"); } catch (e) { console.log(e.name + ": " + e.message); }
	  p.postMessage("a", "extra");`
	check(t, bg, cs,
		profCase{"chrome", browser.Chrome, []string{"cs: TypeError: Insufficient number of arguments.", "bg: got a 2"}},
		profCase{"firefox", browser.Firefox, []string{"cs: postMessage() did not throw", "bg: got undefined 2", "bg: got a 2"}},
	)
}

// FF-41: Firefox's runtime.sendMessage checks its arguments in
// parseBonkersArgs' order: four arguments whose last is truthy and not a
// function name the last argument, a fourth that is null or undefined is
// allowed, five or a falsy non-null fourth are too many (conformance case
// arg-runtime-sendmessage).
func TestFF41_SendMessageArgumentOrderJS(t *testing.T) {
	bg := `
	  var id = chrome.runtime.id;
	  var cases = [
	    ["(id, msg, {}, 42)", [id, "m", {}, 42]],
	    ["(id, msg, {}, fn, extra)", [id, "m", {}, function () {}, "extra"]],
	    ["(id, msg, {}, 0)", [id, "m", {}, 0]],
	    ["(id, msg, {}, null)", [id, "m", {}, null]],
	    ["(msg, {foo: 1})", [{a: 1}, {foo: 1}]],
	    ["(id, msg, {foo: 1})", [id, "m", {foo: 1}]],
	    ["()", []],
	  ];
	  (function next(i) {
	    if (i === cases.length) return;
	    browser.runtime.sendMessage.apply(null, cases[i][1]).then(
	      function (v) { console.log(cases[i][0], "resolved", v); },
	      function (e) { console.log(cases[i][0], "rejected", e.message); }).then(function () { next(i + 1); });
	  })(0);`
	got := runJS(t, browser.Firefox(), bg, ``)
	wantConsole(t, got, []string{
		"bg: (id, msg, {}, 42) rejected runtime.sendMessage's last argument is not a function",
		"bg: (id, msg, {}, fn, extra) rejected runtime.sendMessage received too many arguments",
		"bg: (id, msg, {}, 0) rejected runtime.sendMessage received too many arguments",
		"bg: (id, msg, {}, null) rejected " + s1,
		"bg: (msg, {foo: 1}) rejected runtime.sendMessage's extensionId argument is invalid",
		"bg: (id, msg, {foo: 1}) rejected runtime.sendMessage's options argument is invalid",
		"bg: () rejected runtime.sendMessage's message argument is missing",
	})
}

// E13 / FF-49: runtime.lastError is set only while an error's callback
// runs; outside it is undefined in Chrome and null in Firefox, in both
// namespaces and in content scripts (conformance cases
// om-lasterror-only-in-callback, pd-lasterror-scope).
func TestE13_FF49_LastErrorOutsideCallbacksJS(t *testing.T) {
	bg := `
	  function show(where) { console.log(where, String(chrome.runtime.lastError), String(browser.runtime.lastError)); }
	  show("top level");
	  chrome.runtime.sendMessage("nobody", function () {
	    console.log("inside", chrome.runtime.lastError.message);
	    Promise.resolve().then(function () { show("microtask after"); });
	    setTimeout(function () { show("task after"); }, 0);
	  });
	  var port = chrome.runtime.connect({name: "nobody"});
	  port.onDisconnect.addListener(function () { setTimeout(function () { show("after onDisconnect"); }, 0); });`
	cs := `console.log(String(chrome.runtime.lastError), typeof browser === "undefined" ? "-" : String(browser.runtime.lastError));`
	check(t, bg, cs,
		profCase{"chrome", browser.Chrome, []string{
			"bg: top level undefined undefined",
			"bg: inside " + s1,
			"bg: microtask after undefined undefined",
			"bg: Unchecked runtime.lastError: " + s1, // the port's, in onDisconnect
			"bg: task after undefined undefined",
			"bg: after onDisconnect undefined undefined",
			"cs: undefined undefined",
		}},
		profCase{"firefox", browser.Firefox, []string{
			"bg: top level null null",
			"bg: inside " + s1,
			"bg: microtask after null null",
			"bg: task after null null",
			"bg: after onDisconnect null null",
			"cs: null null",
		}},
	)
}

// returnShapes calls asynchronous chrome.* functions without a callback
// and logs what each returns.
const returnShapes = `
  function shape(v) { return v === undefined ? "undefined" : v instanceof Promise ? "a Promise" : typeof v; }
  var calls = {
    "runtime.sendMessage": function () { return chrome.runtime.sendMessage("x"); },
    "runtime.getPlatformInfo": function () { return chrome.runtime.getPlatformInfo(); },
    "tabs.query": function () { return chrome.tabs.query({}); },
    "tabs.sendMessage": function () { return chrome.tabs.sendMessage(987654, "x"); },
    "windows.getAll": function () { return chrome.windows.getAll(); },
    "storage.local.get": function () { return chrome.storage.local.get("a"); },
    "alarms.getAll": function () { return chrome.alarms.getAll(); },
    "permissions.getAll": function () { return chrome.permissions.getAll(); },
    "i18n.getAcceptLanguages": function () { return chrome.i18n.getAcceptLanguages(); },
  };
  var shapes = Object.keys(calls).map(function (name) {
    var r = calls[name]();
    if (r instanceof Promise) r.catch(function () {});
    return shape(r);
  });
  console.log(shapes.join(", "));`

// G3 / FF-49 (differences table row 29): without a callback, every
// asynchronous chrome.* function returns a Promise in MV3, in both
// browsers, and undefined in Firefox MV2 (errors then only logged);
// browser.* always does. Firefox's content scripts have one namespace
// (chrome === browser), promise-style in MV2 too (conformance case
// om-return-shape and a probe of MV2 in Firefox ESR 153).
func TestG3_FF49_ReturnShapeJS(t *testing.T) {
	cs := `var r = chrome.runtime.sendMessage("from cs");
	  if (r) r.catch(function () {});
	  console.log(typeof browser !== "undefined" && chrome === browser, r instanceof Promise);`
	all := func(s string) string { return strings.TrimSuffix(strings.Repeat(s+", ", 9), ", ") }
	t.Run("chrome MV3", func(t *testing.T) {
		got := runJSFiles(t, browser.Chrome(), map[string]string{"manifest.json": mv3Manifest, "bg.js": returnShapes, "cs.js": cs})
		wantConsole(t, got, []string{"bg: " + all("a Promise"), "cs: false true"})
	})
	t.Run("firefox MV3", func(t *testing.T) {
		got := runJSFiles(t, browser.Firefox(), map[string]string{"manifest.json": mv3Manifest, "bg.js": returnShapes, "cs.js": cs})
		wantConsole(t, got, []string{"bg: " + all("a Promise"), "cs: true true"})
	})
	t.Run("firefox MV2", func(t *testing.T) {
		got := runJSFiles(t, browser.Firefox(), map[string]string{"manifest.json": mv2Manifest, "bg.js": returnShapes, "cs.js": cs})
		// The failures of the calls without a callback are only logged.
		wantConsole(t, got, []string{
			"bg: " + all("undefined"),
			"bg: Unchecked lastError value: Error: " + s1,
			"bg: Unchecked lastError value: Error: " + s1,
			"cs: true true",
		})
	})
}
