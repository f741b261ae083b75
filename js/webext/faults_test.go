package webext_test

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/extsim/extsim/browser"
)

// faultEnv loads an MV3 extension (bg.js, cs.js with all_frames) and opens
// one tab with an iframe; the test then injects faults between runs.
func faultEnv(t *testing.T, prof *browser.Profile, bg, cs string) (*env, *browser.Extension, *browser.Tab) {
	t.Helper()
	e := newEnv(t, prof, browser.MapWeb{"/": `<iframe src="/inner"></iframe>`, "/inner": ``, "/next": ``})
	files := fstest.MapFS{
		"manifest.json": {Data: []byte(`{"manifest_version": 3, "name": "t", "version": "1",
		  "background": {"service_worker": "bg.js", "scripts": ["bg.js"]},
		  "action": {}, "content_scripts": [{"matches": ["<all_urls>"], "js": ["cs.js"], "all_frames": true}]}`)},
		"bg.js": {Data: []byte(bg)},
		"cs.js": {Data: []byte(cs)},
	}
	x, err := e.b.LoadExtension(files, browser.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	tab, err := e.b.NewTab("https://example.com/", browser.TabOptions{})
	if err != nil {
		t.Fatal(err)
	}
	e.run(time.Second)
	return e, x, tab
}

// short rewrites console labels: "bg: ", "top: ", "sub: ".
func (e *env) short() []string {
	var out []string
	for _, l := range e.out {
		l = strings.Replace(l, "[service-worker t] ", "bg: ", 1)
		l = strings.Replace(l, "[background t] ", "bg: ", 1)
		l = strings.Replace(l, "[tab 1 frame 0 content t] ", "top: ", 1)
		l = strings.Replace(l, "[tab 1 frame 1 content t] ", "sub: ", 1)
		out = append(out, l)
	}
	e.out = nil
	return out
}

func expectLines(t *testing.T, got []string, want ...string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("console\n got:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

const bgLogsDisconnects = `
  chrome.runtime.onConnect.addListener(function (p) {
    p.onDisconnect.addListener(function (port) {
      var le = chrome.runtime.lastError;
      console.log("disconnect from frame", port.sender.frameId, "lastError:", le ? le.message : "none", "port.error:", port.error ? port.error.message : String(port.error));
    });
  });`

// H3 / errata 6 vs FF-72 in JS: a top-level navigation caches the page.
// Chrome closes the background's ports with S8 in lastError; Firefox keeps
// them open (nothing fires).
func TestH3_FF72_BFCacheJS(t *testing.T) {
	cs := `chrome.runtime.connect();`
	for _, c := range []struct {
		prof func() *browser.Profile
		want []string
	}{
		{browser.Chrome, []string{
			"bg: disconnect from frame 0 lastError: The page keeping the extension port is moved into back/forward cache, so the message channel is closed. port.error: undefined",
			"bg: disconnect from frame 1 lastError: The page keeping the extension port is moved into back/forward cache, so the message channel is closed. port.error: undefined",
		}},
		{browser.Firefox, nil},
	} {
		e, _, tab := faultEnv(t, c.prof(), bgLogsDisconnects, cs)
		if err := tab.EnterBFCache(); err != nil {
			t.Fatal(err)
		}
		e.run(time.Second)
		expectLines(t, e.short(), c.want...)
	}
}

// H7 in JS: stopping the worker disconnects content scripts' ports with no
// error (lastError unset in Chrome, port.error null in Firefox).
func TestH7_WorkerStopJS(t *testing.T) {
	bg := `chrome.runtime.onConnect.addListener(function () {});`
	cs := `var p = chrome.runtime.connect(); p.onDisconnect.addListener(function (port) {
	  console.log("disconnected; lastError:", String(chrome.runtime.lastError), "port.error:", String(port.error));
	});`
	for _, c := range []struct {
		prof func() *browser.Profile
		want string
	}{
		{browser.Chrome, "disconnected; lastError: undefined port.error: undefined"},
		{browser.Firefox, "disconnected; lastError: null port.error: null"},
	} {
		e, x, _ := faultEnv(t, c.prof(), bg, cs)
		x.StopBackground()
		e.run(time.Second)
		expectLines(t, e.short(), "top: "+c.want, "sub: "+c.want)
	}
}

// D3 / FF-14 in JS: tabs.sendMessage to one frame by frameId, to one
// document by documentId, and to a missing frame (S1).
func TestD3_FrameAndDocumentTargetingJS(t *testing.T) {
	bg := `
	  chrome.action.onClicked.addListener(function (tab) {
	    chrome.webNavigation.getAllFrames({tabId: tab.id}, function (frames) {
	      var sub = frames.filter(function (f) { return f.frameId !== 0; })[0];
	      chrome.tabs.sendMessage(tab.id, "to frame", {frameId: sub.frameId}, function (r) { console.log("frameId ->", r); });
	      chrome.tabs.sendMessage(tab.id, "to document", {documentId: frames[0].documentId}, function (r) { console.log("documentId ->", r); });
	      chrome.tabs.sendMessage(tab.id, "to nowhere", {frameId: 999}, function (r) {
	        console.log("missing frame ->", r, chrome.runtime.lastError && chrome.runtime.lastError.message);
	      });
	    });
	  });`
	// Each frame answers with its document's URL.
	cs := `chrome.runtime.onMessage.addListener(function (m, s, sendResponse) { sendResponse(document.URL + " got " + m); });`
	for _, prof := range []func() *browser.Profile{browser.Chrome, browser.Firefox} {
		e, x, tab := faultEnv(t, prof(), bg, cs)
		if err := x.ClickAction(tab); err != nil {
			t.Fatal(err)
		}
		e.run(time.Second)
		// The missing frame fails first: no receiver is known at send time,
		// so the failure is queued back at once (still asynchronously, K6).
		expectLines(t, e.short(),
			"bg: missing frame -> undefined "+s1,
			"bg: frameId -> https://example.com/inner got to frame",
			"bg: documentId -> https://example.com/ got to document",
		)
	}
}

// E11 / FF-58 in JS: the side that calls disconnect() gets no onDisconnect;
// the other side does, without error.
func TestE11_DisconnectSidesJS(t *testing.T) {
	bg := `chrome.runtime.onConnect.addListener(function (p) {
	  p.onDisconnect.addListener(function () { console.log("bg saw disconnect", String(chrome.runtime.lastError)); });
	});`
	cs := `if (document.URL === "https://example.com/") {
	  var p = chrome.runtime.connect();
	  p.onDisconnect.addListener(function () { console.log("own onDisconnect fired (wrong)"); });
	  setTimeout(function () { p.disconnect(); }, 10);
	}`
	// runtime.lastError: undefined in Chrome, null in Firefox (FF-49).
	for _, c := range []struct {
		prof func() *browser.Profile
		want string
	}{{browser.Chrome, "undefined"}, {browser.Firefox, "null"}} {
		e, _, _ := faultEnv(t, c.prof(), bg, cs)
		expectLines(t, e.short(), "bg: bg saw disconnect "+c.want)
	}
}
