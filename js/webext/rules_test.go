package webext_test

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/extsim/extsim/browser"
)

// runJS loads an MV3 extension whose background and content scripts are bg
// and cs, opens https://example.com/ and runs one second of virtual time.
// It returns the console output, each line prefixed by "bg: " or "cs: ".
func runJS(t *testing.T, prof *browser.Profile, bg, cs string) []string {
	t.Helper()
	return runJSFiles(t, prof, map[string]string{"bg.js": bg, "cs.js": cs})
}

// runJSFiles is runJS with any extra files (bg.js and cs.js default to
// empty).
func runJSFiles(t *testing.T, prof *browser.Profile, scripts map[string]string) []string {
	t.Helper()
	e := newEnv(t, prof, nil)
	files := fstest.MapFS{
		"manifest.json": {Data: []byte(`{"manifest_version": 3, "name": "t", "version": "1",
		  "background": {"service_worker": "bg.js", "scripts": ["bg.js"]},
		  "content_scripts": [{"matches": ["<all_urls>"], "js": ["cs.js"]}]}`)},
		"bg.js": {Data: []byte("")},
		"cs.js": {Data: []byte("")},
	}
	for name, src := range scripts {
		files[name] = &fstest.MapFile{Data: []byte(src)}
	}
	if _, err := e.b.LoadExtension(files, browser.LoadOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.b.NewTab("https://example.com/", browser.TabOptions{}); err != nil {
		t.Fatal(err)
	}
	e.run(time.Second)
	var out []string
	for _, l := range e.out {
		l = strings.Replace(l, "[tab 1 frame 0 content t] ", "cs: ", 1)
		l = strings.Replace(l, "[tab 2 frame 0 content t] ", "cs2: ", 1)
		l = strings.Replace(l, "[service-worker t] ", "bg: ", 1)
		l = strings.Replace(l, "[background t] ", "bg: ", 1)
		out = append(out, l)
	}
	return out
}

type profCase struct {
	name string
	prof func() *browser.Profile
	want []string
}

func check(t *testing.T, bg, cs string, cases ...profCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := runJS(t, c.prof(), bg, cs)
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Fatalf("console\n got:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(c.want, "\n  "))
			}
		})
	}
}

const s1 = "Could not establish connection. Receiving end does not exist."

// B6, S1, and differences-table rows 5-6: connecting with nobody listening
// disconnects with the error in runtime.lastError (Chrome) or port.error
// (Firefox).
func TestB6_S1_ConnectWithoutReceiverJS(t *testing.T) {
	bg := `
	  var p = chrome.runtime.connect({name: "lonely"});
	  p.onDisconnect.addListener(function (port) {
	    console.log("lastError:", chrome.runtime.lastError && chrome.runtime.lastError.message);
	    console.log("port.error:", port.error && port.error.message);
	    console.log("same port:", port === p);
	  });`
	check(t, bg, ``,
		profCase{"chrome", browser.Chrome, []string{"bg: lastError: " + s1, "bg: port.error: undefined", "bg: same port: true"}},
		profCase{"firefox", browser.Firefox, []string{"bg: lastError: null", "bg: port.error: " + s1, "bg: same port: true"}},
	)
}

// E8 / row 9: posting on a disconnected port throws the profile's text.
func TestE8_PostOnDisconnectedPortJS(t *testing.T) {
	cs := `
	  var p = chrome.runtime.connect();
	  p.disconnect();
	  try { p.postMessage("x"); } catch (e) { console.log(e.constructor.name + ": " + e.message); }
	  p.disconnect();
	  console.log("second disconnect is fine");`
	bg := `chrome.runtime.onConnect.addListener(function () {});`
	check(t, bg, cs,
		profCase{"chrome", browser.Chrome, []string{"cs: Error: Attempting to use a disconnected port object", "cs: second disconnect is fine"}},
		profCase{"firefox", browser.Firefox, []string{"cs: Error: Attempt to postMessage on disconnected port", "cs: second disconnect is fine"}},
	)
}

// G8 / row 4: a listener that does not answer. Chrome: callback gets S6 in
// lastError, the promise resolves undefined; Firefox: no error at all.
func TestG8_NoAnswerJS(t *testing.T) {
	bg := `chrome.runtime.onMessage.addListener(function (m) { console.log("got", m); });`
	cs := `
	  chrome.runtime.sendMessage("cb", function (r) {
	    console.log("callback", r, chrome.runtime.lastError ? chrome.runtime.lastError.message : "no lastError");
	  });
	  browser.runtime.sendMessage("promise").then(function (r) { console.log("resolved", r); });`
	check(t, bg, cs,
		profCase{"chrome", browser.Chrome, []string{"bg: got cb", "bg: got promise",
			"cs: callback undefined The message port closed before a response was received.", "cs: resolved undefined"}},
		profCase{"firefox", browser.Firefox, []string{"bg: got cb", "bg: got promise", "cs: callback undefined no lastError", "cs: resolved undefined"}},
	)
}

// G6, G14, FF-42: `return true` with a later sendResponse, and a returned
// Promise, both answer.
func TestG6_G14_AsyncAnswersJS(t *testing.T) {
	bg := `
	  chrome.runtime.onMessage.addListener(function (m, sender, sendResponse) {
	    if (m === "later") { setTimeout(function () { sendResponse("answered later"); }, 100); return true; }
	    if (m === "promise") return Promise.resolve("from a promise");
	    if (m === "sync") sendResponse("sync");
	  });`
	cs := `
	  ["later", "promise", "sync"].forEach(function (m) {
	    browser.runtime.sendMessage(m).then(function (r) { console.log(m, "->", r); });
	  });`
	// Sent in the order later, promise, sync: the promise settles at the
	// microtask checkpoint right after its dispatch, before "sync" is
	// dispatched; "later" answers 100 ms on.
	want := []string{"cs: promise -> from a promise", "cs: sync -> sync", "cs: later -> answered later"}
	check(t, bg, cs, profCase{"chrome", browser.Chrome, want}, profCase{"firefox", browser.Firefox, want})
}

// G15 / errata 1 / FF-46: a listener that throws fails the sender with the
// error's message only.
func TestG15_FF46_ListenerThrowsJS(t *testing.T) {
	bg := `chrome.runtime.onMessage.addListener(function () { throw new Error("boom"); });`
	cs := `browser.runtime.sendMessage("x").then(null, function (e) { console.log("rejected:", e.message); });`
	check(t, bg, cs,
		profCase{"chrome", browser.Chrome, []string{"bg: Error in event handler: Error: boom", "cs: rejected: boom"}},
		profCase{"firefox", browser.Firefox, []string{"cs: rejected: boom"}},
	)
}

// F4 / errata 4 vs FF-35: an unserializable message throws synchronously in
// Chrome (an invocation TypeError) and rejects in Firefox.
func TestF4_FF35_UnserializableMessageJS(t *testing.T) {
	cs := `
	  try {
	    var r = browser.runtime.sendMessage({f: function () {}, big: 1n});
	    r.then(null, function (e) { console.log("rejected:", e.message); });
	  } catch (e) { console.log("threw " + e.constructor.name + ": " + e.message); }`
	check(t, `chrome.runtime.onMessage.addListener(function () {});`, cs,
		profCase{"chrome", browser.Chrome, []string{"cs: threw TypeError: Error in invocation of runtime.sendMessage(optional string extensionId, any message, optional object options, optional function callback): Could not serialize message."}},
		profCase{"firefox", browser.Firefox, []string{"cs: rejected: Function object could not be cloned."}},
	)
}

// K1, K4, FF-83..85: argument errors are thrown synchronously with each
// browser's grammar.
func TestK4_FF85_ConnectArgumentErrorsJS(t *testing.T) {
	bg := `
	  [[42], [{name: 1}], [{foo: 1}], ["id", "str"]].forEach(function (args) {
	    try { chrome.runtime.connect.apply(null, args); console.log("no error"); }
	    catch (e) { console.log(e.constructor.name + ": " + e.message); }
	  });
	  try { chrome.tabs.connect(-1); } catch (e) { console.log(e.message); }`
	sig := "Error in invocation of runtime.connect(optional string extensionId, optional object connectInfo): "
	check(t, bg, ``,
		profCase{"chrome", browser.Chrome, []string{
			"bg: TypeError: " + sig + "No matching signature.",
			"bg: TypeError: " + sig + "Error at parameter 'connectInfo': Error at property 'name': Invalid type: expected string, found integer.",
			"bg: TypeError: " + sig + "Error at parameter 'connectInfo': Unexpected property: 'foo'.",
			"bg: TypeError: " + sig + "No matching signature.",
			"bg: Error in invocation of tabs.connect(integer tabId, optional object connectInfo): Error at parameter 'tabId': Value must be at least 0.",
		}},
		profCase{"firefox", browser.Firefox, []string{
			"bg: Error: Incorrect argument types for runtime.connect.",
			"bg: Error: Type error for parameter connectInfo (Error processing name: Expected string instead of 1) for runtime.connect.",
			`bg: Error: Type error for parameter connectInfo (Unexpected property "foo") for runtime.connect.`,
			"bg: Error: Incorrect argument types for runtime.connect.",
			"bg: Type error for parameter tabId (Integer -1 is too small (must be at least 0)) for tabs.connect.",
		}},
	)
}

// An error nobody reads in a callback is reported (Chrome: "Unchecked
// runtime.lastError"; Firefox: "Unchecked lastError value").
func TestUncheckedLastErrorIsReportedJS(t *testing.T) {
	bg := `chrome.runtime.sendMessage("nobody", function () {});`
	check(t, bg, ``,
		profCase{"chrome", browser.Chrome, []string{"bg: Unchecked runtime.lastError: " + s1}},
		profCase{"firefox", browser.Firefox, []string{"bg: Unchecked lastError value: Error: " + s1}},
	)
}

// B4/E1/E4 through JS: a content script's port reaches the background with
// its name and a sender naming the tab and frame.
func TestE4_SenderSeenByTheBackgroundJS(t *testing.T) {
	bg := `chrome.runtime.onConnect.addListener(function (p) {
	  console.log(p.name, p.sender.url, p.sender.tab.id, p.sender.frameId, typeof p.sender.documentId);
	});`
	cs := `chrome.runtime.connect({name: "n"});`
	want := []string{"bg: n https://example.com/ 1 0 string"}
	check(t, bg, cs, profCase{"chrome", browser.Chrome, want}, profCase{"firefox", browser.Firefox, want})
}
