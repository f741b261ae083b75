package webext_test

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/extsim/extsim/browser"
)

// injectWeb is one page with a child frame; the page's own script sets a
// global that only the MAIN world sees.
var injectWeb = browser.MapWeb{
	"/":      `<script>var pageGlobal = "page";</script><iframe src="/inner"></iframe>`,
	"/inner": `<script>var pageGlobal = "inner";</script>`,
}

// runInject loads an extension (manifest and files) with a tab on
// injectWeb's page and runs bg.js; it returns the console with the
// contexts' labels shortened to bg:, top:, inner:.
func runInject(t *testing.T, prof *browser.Profile, manifest string, files map[string]string) []string {
	t.Helper()
	e := newEnv(t, prof, injectWeb)
	if _, err := e.b.NewTab("https://example.com/", browser.TabOptions{}); err != nil {
		t.Fatal(err)
	}
	e.run(100 * time.Millisecond)
	fs := fstest.MapFS{"manifest.json": {Data: []byte(manifest)}}
	for name, src := range files {
		fs[name] = &fstest.MapFile{Data: []byte(src)}
	}
	if _, err := e.b.LoadExtension(fs, browser.LoadOptions{}); err != nil {
		t.Fatal(err)
	}
	e.run(time.Second)
	var out []string
	for _, l := range e.out {
		for from, to := range map[string]string{
			"[service-worker t] ": "bg: ", "[background t] ": "bg: ", "[popup t] ": "popup: ",
			"[tab 1 frame 0 content t] ": "top: ", "[tab 1 frame 1 content t] ": "inner: ",
			"[tab 1 frame 0] ": "top page: ", "[tab 1 frame 1] ": "inner page: ",
		} {
			l = strings.Replace(l, from, to, 1)
		}
		out = append(out, l)
	}
	return out
}

const injectManifest = `{"manifest_version": 3, "name": "t", "version": "1", "permissions": ["scripting"],
  "host_permissions": ["<all_urls>"], "background": {"service_worker": "bg.js", "scripts": ["bg.js"]}}`

func expectConsole(t *testing.T, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("console\n got:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// scripting.executeScript({func, args}) runs the function's source in each
// target frame's isolated world, awaits a returned Promise, and answers in
// frame order: Chrome [{documentId, frameId, result}] (JSON: undefined
// becomes null), Firefox [{frameId, result}] (structured clone).
func TestScriptingExecuteScriptFuncJS(t *testing.T) {
	bg := `
	  function probe(a, b) {
	    return new Promise(function (resolve) {
	      setTimeout(function () { resolve([a + b, typeof pageGlobal, location.pathname, typeof chrome.runtime.sendMessage]); }, 10);
	    });
	  }
	  chrome.scripting.executeScript({target: {tabId: 1, allFrames: true}, func: probe, args: [1, 2]}).then(function (res) {
	    console.log(JSON.stringify(res.map(function (r) { return [r.frameId, r.result, typeof r.documentId]; })));
	    return chrome.scripting.executeScript({target: {tabId: 1, frameIds: [1]}, func: function () {}});
	  }).then(function (res) {
	    console.log(res.length, res[0].frameId, "result" in res[0], res[0].result);
	  });`
	for _, c := range []struct {
		prof func() *browser.Profile
		want []string
	}{
		{browser.Chrome, []string{
			`bg: [[0,[3,"undefined","/","function"],"string"],[1,[3,"undefined","/inner","function"],"string"]]`,
			"bg: 1 1 true null",
		}},
		{browser.Firefox, []string{
			`bg: [[0,[3,"undefined","/","function"],"undefined"],[1,[3,"undefined","/inner","function"],"undefined"]]`,
			"bg: 1 1 true undefined",
		}},
	} {
		t.Run(c.prof().Name, func(t *testing.T) {
			expectConsole(t, runInject(t, c.prof(), injectManifest, map[string]string{"bg.js": bg}), c.want)
		})
	}
}

// world: "MAIN" runs the function in the page's own world (it sees the
// page's globals and has no extension API); the documentId is the frame's
// (webNavigation.getAllFrames).
func TestScriptingExecuteScriptMainWorldJS(t *testing.T) {
	bg := `
	  chrome.webNavigation.getAllFrames({tabId: 1}).then(function (frames) {
	    return chrome.scripting.executeScript({target: {tabId: 1}, world: "MAIN", func: function (k) { return k + ":" + pageGlobal + ":" + typeof chrome; }, args: ["main"]})
	      .then(function (res) { console.log(JSON.stringify(res.map(function (r) { return r.result; })), res[0].documentId === frames[0].documentId); });
	  });`
	for _, c := range []struct {
		prof func() *browser.Profile
		want []string
	}{
		// Chrome pages have a chrome object of their own (C5).
		{browser.Chrome, []string{`bg: ["main:page:object"] true`}},
		// Firefox has no documentId in its results.
		{browser.Firefox, []string{`bg: ["main:page:undefined"] false`}},
	} {
		t.Run(c.prof().Name, func(t *testing.T) {
			expectConsole(t, runInject(t, c.prof(), injectManifest, map[string]string{"bg.js": bg}), c.want)
		})
	}
}

// A function that throws: Chrome reports the error as uncaught in the
// frame and gives a null result; Firefox hands the thrown value back as
// `error` and logs nothing in the frame. A rejected Promise likewise.
func TestScriptingExecuteScriptFuncThrowsJS(t *testing.T) {
	bg := `
	  chrome.scripting.executeScript({target: {tabId: 1}, func: function () { throw new RangeError("boom"); }}).then(function (res) {
	    console.log("sync", JSON.stringify(res[0].result), res[0].error && res[0].error.message);
	    return chrome.scripting.executeScript({target: {tabId: 1}, func: function () { return Promise.reject(new Error("later")); }});
	  }).then(function (res) {
	    console.log("async", JSON.stringify(res[0].result), res[0].error && res[0].error.message);
	  });`
	for _, c := range []struct {
		prof func() *browser.Profile
		want []string
	}{
		{browser.Chrome, []string{
			"top: Uncaught RangeError: boom",
			"bg: sync null undefined",
			"top: Uncaught (in promise) Error: later",
			"bg: async null undefined",
		}},
		{browser.Firefox, []string{
			"bg: sync undefined boom",
			"bg: async undefined later",
		}},
	} {
		t.Run(c.prof().Name, func(t *testing.T) {
			got := runInject(t, c.prof(), injectManifest, map[string]string{"bg.js": bg})
			for i, l := range got { // the uncaught line's location suffix varies with the source
				if j := strings.Index(l, " at "); j > 0 && strings.HasPrefix(l, "top: Uncaught") {
					got[i] = l[:j]
				}
			}
			expectConsole(t, got, c.want)
		})
	}
}

// Exactly one of func and files (Chrome's scripting_api.cc and Firefox's
// ext-scripting.js texts, each a rejection); args only with func; func must
// be a function and world an ExecutionWorld.
func TestScriptingExecuteScriptArgumentErrorsJS(t *testing.T) {
	bg := `
	  function show(p) { return p.then(function () { return "resolved"; }, function (e) { return "rejected: " + e.message; }); }
	  Promise.resolve()
	    .then(function () { return show(chrome.scripting.executeScript({target: {tabId: 1}})); })
	    .then(function (m) { console.log(m); return show(chrome.scripting.executeScript({target: {tabId: 1}, files: ["x.js"], func: function () {}})); })
	    .then(function (m) { console.log(m); return show(chrome.scripting.executeScript({target: {tabId: 1}, files: ["x.js"], args: [1]})); })
	    .then(function (m) {
	      console.log(m);
	      try { chrome.scripting.executeScript({target: {tabId: 1}, func: "return 1"}); } catch (e) { console.log(e.message); }
	      try { chrome.scripting.executeScript({target: {tabId: 1}, func: function () {}, world: "PAGE"}); } catch (e) { console.log(e.message); }
	      try { chrome.scripting.executeScript({target: {tabId: 1}, files: ["x.js"], world: "MAIN"}); } catch (e) { console.log(e.message); }
	    });`
	sig := "Error in invocation of scripting.executeScript(object injection, optional function callback): Error at parameter 'injection': Error at property "
	for _, c := range []struct {
		prof func() *browser.Profile
		want []string
	}{
		{browser.Chrome, []string{
			"bg: rejected: Exactly one of 'func' and 'files' must be specified",
			"bg: rejected: Exactly one of 'func' and 'files' must be specified",
			"bg: rejected: 'args' may not be used with file injections.",
			"bg: " + sig + "'func': Invalid type: expected function, found string.",
			"bg: " + sig + "'world': Value must be one of ISOLATED, MAIN.",
			`bg: extsim supports scripting.executeScript world "MAIN" with func only (not files) yet`,
		}},
		{browser.Firefox, []string{
			"bg: rejected: Exactly one of files and func must be specified.",
			"bg: rejected: Exactly one of files and func must be specified.",
			"bg: rejected: 'args' may not be used with file injections.",
			`bg: Type error for parameter injection (Error processing func: Expected function instead of "return 1") for scripting.executeScript.`,
			`bg: Type error for parameter injection (Error processing world: Invalid enumeration value "PAGE") for scripting.executeScript.`,
			`bg: extsim supports scripting.executeScript world "MAIN" with func only (not files) yet`,
		}},
	} {
		t.Run(c.prof().Name, func(t *testing.T) {
			expectConsole(t, runInject(t, c.prof(), injectManifest, map[string]string{"bg.js": bg, "x.js": ""}), c.want)
		})
	}
}

const injectManifestMV2 = `{"manifest_version": 2, "name": "t", "version": "1", "permissions": ["<all_urls>"],
  "background": {"scripts": ["bg.js"]}, "browser_action": {"default_popup": "popup.html"}}`

// tabs.executeScript({code}) (MV2, Firefox) runs the code in the content
// world of each target frame; the result is each frame's completion value
// (a Promise awaited), in frame order. A throw in a frame rejects with its
// message; code and file together (or neither) reject with Firefox's
// ext-tabs-base.js text.
func TestTabsExecuteScriptCodeJS(t *testing.T) {
	bg := `
	  function show(p) { return p.then(function (r) { return JSON.stringify(r); }, function (e) { return "rejected: " + e.message; }); }
	  show(browser.tabs.executeScript(1, {code: "var n = 2; location.pathname + ':' + typeof pageGlobal + ':' + (n * 21)", allFrames: true}))
	    .then(function (m) { console.log(m); return show(browser.tabs.executeScript(1, {code: "Promise.resolve(location.pathname)", frameId: 1})); })
	    .then(function (m) { console.log(m); return show(browser.tabs.executeScript(1, {code: "throw new TypeError('bad code')"})); })
	    .then(function (m) { console.log(m); return show(browser.tabs.executeScript(1, {code: "1", file: "x.js"})); })
	    .then(function (m) { console.log(m); return show(browser.tabs.executeScript(1, {allFrames: true})); })
	    .then(function (m) { console.log(m); });
	  // The callback form (chrome.*) gets the same array.
	  chrome.tabs.executeScript(1, {code: "40 + 2"}, function (r) { console.log("callback", JSON.stringify(r)); });`
	got := runInject(t, browser.Firefox(), injectManifestMV2, map[string]string{"bg.js": bg, "x.js": "", "popup.html": ""})
	expectConsole(t, got, []string{
		`bg: ["/:undefined:42","/inner:undefined:42"]`,
		`bg: callback [42]`,
		`bg: ["/inner"]`,
		`bg: rejected: bad code`,
		`bg: rejected: executeScript requires either a 'code' or a 'file' property, but not both`,
		`bg: rejected: executeScript requires either a 'code' or a 'file' property, but not both`,
	})
}

// action.openPopup (MV3) and browserAction.openPopup (MV2, Firefox) open
// the extension's popup. Without a default_popup Chrome rejects with
// "Extension does not have a popup on the active tab."; Firefox resolves
// and opens nothing.
func TestActionOpenPopupJS(t *testing.T) {
	popup := map[string]string{"popup.html": `<script src="popup.js"></script>`, "popup.js": `console.log("popup open");`}
	withPopup := `{"manifest_version": 3, "name": "t", "version": "1", "action": {"default_popup": "popup.html"},
	  "background": {"service_worker": "bg.js", "scripts": ["bg.js"]}}`
	noPopup := `{"manifest_version": 3, "name": "t", "version": "1", "action": {},
	  "background": {"service_worker": "bg.js", "scripts": ["bg.js"]}}`
	bg := `chrome.action.openPopup().then(function (r) { console.log("resolved", r); }, function (e) { console.log("rejected:", e.message); });`
	for _, c := range []struct {
		name     string
		prof     func() *browser.Profile
		manifest string
		bg       string
		want     []string
	}{
		{"chrome", browser.Chrome, withPopup, bg, []string{"popup: popup open", "bg: resolved undefined"}},
		{"firefox", browser.Firefox, withPopup, bg, []string{"popup: popup open", "bg: resolved undefined"}},
		{"chrome-no-popup", browser.Chrome, noPopup, bg, []string{"bg: rejected: Extension does not have a popup on the active tab."}},
		{"firefox-no-popup", browser.Firefox, noPopup, bg, []string{"bg: resolved undefined"}},
		{"firefox-mv2", browser.Firefox, injectManifestMV2,
			`browser.browserAction.openPopup().then(function (r) { console.log("resolved", r); }, function (e) { console.log("rejected:", e.message); });`,
			[]string{"popup: popup open", "bg: resolved undefined"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			files := map[string]string{"bg.js": c.bg}
			for k, v := range popup {
				files[k] = v
			}
			got := runInject(t, c.prof(), c.manifest, files)
			slices.Sort(got) // the popup's task and the promise's are ordered by the scheduler, not by this test
			want := slices.Clone(c.want)
			slices.Sort(want)
			expectConsole(t, got, want)
		})
	}
}

// extension.getBackgroundPage and runtime.getBackgroundPage cannot work in
// extsim (each context has its own engine): they throw saying so, in both
// profiles, rather than returning something that is not the background.
func TestGetBackgroundPageThrowsJS(t *testing.T) {
	popup := map[string]string{"popup.html": `<script src="popup.js"></script>`, "popup.js": `
	  try { chrome.extension.getBackgroundPage(); } catch (e) { console.log(e.message); }
	  try { chrome.runtime.getBackgroundPage(function () {}); } catch (e) { console.log(e.message); }`}
	manifest := `{"manifest_version": 3, "name": "t", "version": "1", "action": {"default_popup": "popup.html"},
	  "background": {"service_worker": "bg.js", "scripts": ["bg.js"]}}`
	for _, prof := range []func() *browser.Profile{browser.Chrome, browser.Firefox} {
		t.Run(prof().Name, func(t *testing.T) {
			files := map[string]string{"bg.js": `chrome.action.openPopup();`}
			for k, v := range popup {
				files[k] = v
			}
			expectConsole(t, runInject(t, prof(), manifest, files), []string{
				"popup: extsim runs every context in its own JavaScript engine, so extension.getBackgroundPage() cannot return the background page's window; use messaging",
				"popup: extsim runs every context in its own JavaScript engine, so runtime.getBackgroundPage() cannot return the background page's window; use messaging",
			})
		})
	}
}

// args cross to the frame as JSON in both profiles (Firefox's
// ext-scripting.js JSON.stringify; Chrome's conversion): a function becomes
// null, a Date its ISO string. Arguments JSON cannot encode reject:
// Firefox with "Unserializable arguments.".
func TestScriptingExecuteScriptArgsCloneJS(t *testing.T) {
	bg := `
	  chrome.scripting.executeScript({target: {tabId: 1}, func: function (f, d, n) { return [f, d, n]; }, args: [function () {}, new Date(0), {a: [1]}]})
	    .then(function (res) {
	      console.log(JSON.stringify(res[0].result));
	      var cyclic = {}; cyclic.self = cyclic;
	      return chrome.scripting.executeScript({target: {tabId: 1}, func: function () {}, args: [cyclic]});
	    })
	    .then(function () { console.log("resolved"); }, function (e) { console.log("rejected:", e.message.split("\n")[0]); });`
	for _, c := range []struct {
		prof func() *browser.Profile
		want []string
	}{
		{browser.Chrome, []string{`bg: [null,"1970-01-01T00:00:00.000Z",{"a":[1]}]`, "bg: rejected: Converting circular structure to JSON"}},
		{browser.Firefox, []string{`bg: [null,"1970-01-01T00:00:00.000Z",{"a":[1]}]`, "bg: rejected: Unserializable arguments."}},
	} {
		t.Run(c.prof().Name, func(t *testing.T) {
			expectConsole(t, runInject(t, c.prof(), injectManifest, map[string]string{"bg.js": bg}), c.want)
		})
	}
}

// target.documentIds (Chrome) picks frames by document; Chrome rejects
// conflicting target fields and unknown ids with scripting_api.cc's texts.
// Firefox's InjectionTarget has no documentIds.
func TestScriptingExecuteScriptTargetsJS(t *testing.T) {
	bg := `
	  function run(target) {
	    return chrome.scripting.executeScript({target: target, func: function () { return location.pathname; }})
	      .then(function (res) { return JSON.stringify(res.map(function (r) { return [r.frameId, r.result]; })); }, function (e) { return "rejected: " + e.message; });
	  }
	  chrome.webNavigation.getAllFrames({tabId: 1}).then(function (frames) {
	    var inner = frames[1].documentId;
	    return run({tabId: 1, documentIds: [inner]})
	      .then(function (m) { console.log(m); return run({tabId: 1, documentIds: [inner], frameIds: [0]}); })
	      .then(function (m) { console.log(m); return run({tabId: 1, allFrames: true, frameIds: [0]}); })
	      .then(function (m) { console.log(m); return run({tabId: 1, documentIds: ["nope"]}); })
	      .then(function (m) { console.log(m); return run({tabId: 1, frameIds: [7]}); })
	      .then(function (m) { console.log(m); return run({tabId: 1, frameIds: [1, 0]}); })
	      .then(function (m) { console.log(m); });
	  }).catch(function (e) { console.log("threw:", e.message); });`
	expectConsole(t, runInject(t, browser.Chrome(), injectManifest, map[string]string{"bg.js": bg}), []string{
		`bg: [[1,"/inner"]]`,
		"bg: rejected: Cannot specify both 'frameIds' and 'documentIds'.",
		"bg: rejected: Cannot specify 'allFrames' if either 'frameIds' or 'documentIds' is specified.",
		"bg: rejected: No document with id nope in tab with id 1",
		"bg: rejected: No frame with id 7 in tab with id 1",
		// Results come in the tab's frame order, whatever the order asked.
		`bg: [[0,"/"],[1,"/inner"]]`,
	})
	ff := `try { browser.scripting.executeScript({target: {tabId: 1, documentIds: ["x"]}, func: function () {}}); } catch (e) { console.log(e.message); }`
	expectConsole(t, runInject(t, browser.Firefox(), injectManifest, map[string]string{"bg.js": ff}), []string{
		`bg: Type error for parameter injection (Error processing target: Unexpected property "documentIds") for scripting.executeScript.`,
	})
}

// A result that cannot cross: Chrome's JSON conversion makes a function
// null; Firefox rejects the call with ExtensionContent's text (for code
// and for func alike).
func TestExecuteScriptUnclonableResultJS(t *testing.T) {
	bg := `
	  chrome.scripting.executeScript({target: {tabId: 1}, func: function () { return function () {}; }})
	    .then(function (res) { console.log("resolved", JSON.stringify(res[0].result)); }, function (e) { console.log("rejected:", e.message); });`
	expectConsole(t, runInject(t, browser.Chrome(), injectManifest, map[string]string{"bg.js": bg}), []string{"bg: resolved null"})
	expectConsole(t, runInject(t, browser.Firefox(), injectManifest, map[string]string{"bg.js": bg}), []string{
		"bg: rejected: Script '<anonymous code>' result is non-structured-clonable data"})
	code := `browser.tabs.executeScript(1, {code: "(function () {})"}).then(function (r) { console.log("resolved", r); }, function (e) { console.log("rejected:", e.message); });`
	expectConsole(t, runInject(t, browser.Firefox(), injectManifestMV2, map[string]string{"bg.js": code, "popup.html": ""}), []string{
		"bg: rejected: Script '<anonymous code>' result is non-structured-clonable data"})
}

// The callback form: results as the callback's argument; a failed call
// sets runtime.lastError for the callback (Chrome).
func TestScriptingExecuteScriptCallbackJS(t *testing.T) {
	bg := `
	  chrome.scripting.executeScript({target: {tabId: 1}, func: function (a) { return a * 2; }, args: [21]}, function (res) {
	    console.log("results", JSON.stringify(res.map(function (r) { return r.result; })), chrome.runtime.lastError);
	    chrome.scripting.executeScript({target: {tabId: 1}}, function (res) {
	      console.log("failed", res, chrome.runtime.lastError && chrome.runtime.lastError.message);
	    });
	  });`
	expectConsole(t, runInject(t, browser.Chrome(), injectManifest, map[string]string{"bg.js": bg}), []string{
		"bg: results [42] undefined",
		"bg: failed undefined Exactly one of 'func' and 'files' must be specified",
	})
}

// A frame that goes away while its injected function's Promise is pending
// does not leave executeScript unsettled: the only frame's loss fails the
// call with Chromium's per-frame error (script_executor.cc: "The frame was
// removed." / "The tab was closed."); with several frames the lost one is
// left out of the results (scripting_api.cc). Firefox's behaviour here is
// UNCONFIRMED and modelled the same way.
func TestExecuteScriptFrameGoneWhilePendingJS(t *testing.T) {
	bg := `
	  function never() { return new Promise(function () {}); }
	  function soon() { return new Promise(function (r) { setTimeout(function () { r(location.pathname); }, 50); }); }
	  chrome.scripting.executeScript({target: {tabId: 1, frameIds: [1]}, func: never}).then(
	    function (res) { console.log("inner resolved", JSON.stringify(res)); },
	    function (e) { console.log("inner rejected:", e.message); });
	  chrome.scripting.executeScript({target: {tabId: 1, allFrames: true}, func: function () {
	    return location.pathname === "/inner" ? new Promise(function () {}) : new Promise(function (r) { setTimeout(function () { r("top"); }, 50); });
	  }}).then(function (res) { console.log("all frames:", JSON.stringify(res.map(function (r) { return [r.frameId, r.result]; }))); });
	  setTimeout(function () {
	    chrome.scripting.executeScript({target: {tabId: 1}, func: never}).then(
	      function (res) { console.log("top resolved", JSON.stringify(res)); },
	      function (e) { console.log("top rejected:", e.message); });
	    setTimeout(function () { chrome.tabs.remove(1); }, 10);
	  }, 200);
	  // The inner frame goes away: the page navigates its iframe elsewhere.
	  chrome.scripting.executeScript({target: {tabId: 1}, func: function () {
	    setTimeout(function () { document.querySelector("iframe").remove(); }, 20);
	  }});`
	for _, prof := range []func() *browser.Profile{browser.Chrome, browser.Firefox} {
		t.Run(prof().Name, func(t *testing.T) {
			got := runInject(t, prof(), injectManifest, map[string]string{"bg.js": bg})
			want := []string{
				"bg: inner rejected: The frame was removed.",
				`bg: all frames: [[0,"top"]]`,
				"bg: top rejected: The tab was closed.",
			}
			expectConsole(t, got, want)
		})
	}
}
