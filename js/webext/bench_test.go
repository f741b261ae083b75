package webext_test

import (
	"testing"
	"testing/fstest"
	"time"

	"github.com/grafana/sobek"

	"github.com/extsim/extsim/browser"
	"github.com/extsim/extsim/js"
	"github.com/extsim/extsim/js/webext"
	"github.com/extsim/extsim/router"
)

// benchEnv loads an extension with the given background and content
// scripts, opens a tab, and returns the content script's step function.
func benchEnv(b *testing.B, prof *browser.Profile, bg, cs string) (*browser.Browser, *js.Realm, sobek.Callable) {
	br, host, err := webext.NewBrowser(browser.Options{Profile: prof}, js.Options{Console: func(js.ConsoleEntry) {}}, webext.Options{})
	if err != nil {
		b.Fatal(err)
	}
	files := fstest.MapFS{
		"manifest.json": {Data: []byte(`{"manifest_version": 3, "name": "b", "version": "1",
		  "background": {"service_worker": "bg.js", "scripts": ["bg.js"]},
		  "content_scripts": [{"matches": ["<all_urls>"], "js": ["cs.js"]}]}`)},
		"bg.js": {Data: []byte(bg)},
		"cs.js": {Data: []byte(cs)},
	}
	if _, err := br.LoadExtension(files, browser.LoadOptions{}); err != nil {
		b.Fatal(err)
	}
	tab, err := br.NewTab("https://example.com/", browser.TabOptions{})
	if err != nil {
		b.Fatal(err)
	}
	if err := br.Sched.RunFor(time.Second); err != nil {
		b.Fatal(err)
	}
	var realm *js.Realm
	for _, c := range tab.MainFrame().Document().Contexts() {
		if c.Kind == router.KindContentScript {
			realm, _ = host.Realm(c)
		}
	}
	step, ok := sobek.AssertFunction(realm.RT.Get("step"))
	if !ok {
		b.Fatal("content script defines no step()")
	}
	return br, realm, step
}

// drain runs everything due now without moving the clock (the worker must
// not reach its idle timeout).
func drain(b *testing.B, br *browser.Browser) {
	if err := br.Sched.RunFor(0); err != nil {
		b.Fatal(err)
	}
}

// roundTrips calls step once per iteration, lets everything due run, and
// checks that the content script counted one answer per call.
func roundTrips(b *testing.B, br *browser.Browser, realm *js.Realm, step sobek.Callable) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := realm.Call(step, sobek.Undefined()); err != nil {
			b.Fatal(err)
		}
		drain(b, br)
	}
	counted(b, realm, b.N)
}

func counted(b *testing.B, realm *js.Realm, want int) {
	if got := realm.RT.Get("got").ToInteger(); got != int64(want) {
		b.Fatalf("got %d answers, want %d", got, want)
	}
}

func bothProfiles(b *testing.B, f func(b *testing.B, prof *browser.Profile)) {
	b.Run("chrome", func(b *testing.B) { f(b, browser.Chrome()) })
	b.Run("firefox", func(b *testing.B) { f(b, browser.Firefox()) })
}

// BenchmarkJSPortRoundTrip: a content script posts a small object and the
// background echoes it, JS to JS through the whole stack.
func BenchmarkJSPortRoundTrip(b *testing.B) {
	bothProfiles(b, func(b *testing.B, prof *browser.Profile) {
		br, realm, step := benchEnv(b, prof,
			`chrome.runtime.onConnect.addListener(function (p) { p.onMessage.addListener(function (m) { p.postMessage(m); }); });`,
			`var got = 0; var port = chrome.runtime.connect(); port.onMessage.addListener(function () { got++; });
			 function step() { port.postMessage({greeting: "hi", n: 1}); }`)
		roundTrips(b, br, realm, step)
	})
}

// BenchmarkJSOneOffRoundTrip: runtime.sendMessage answered synchronously.
func BenchmarkJSOneOffRoundTrip(b *testing.B) {
	bothProfiles(b, func(b *testing.B, prof *browser.Profile) {
		br, realm, step := benchEnv(b, prof,
			`chrome.runtime.onMessage.addListener(function (m, s, sendResponse) { sendResponse(m); });`,
			`var got = 0; function step() { chrome.runtime.sendMessage({greeting: "hi", n: 1}, function () { got++; }); }`)
		roundTrips(b, br, realm, step)
	})
}

// BenchmarkJSOneWayThroughput: batches of 1000 posts from a content script
// to the background.
func BenchmarkJSOneWayThroughput(b *testing.B) {
	bothProfiles(b, func(b *testing.B, prof *browser.Profile) {
		br, realm, step := benchEnv(b, prof,
			`var got = 0; chrome.runtime.onConnect.addListener(function (p) { p.onMessage.addListener(function () { got++; }); });`,
			`var port = chrome.runtime.connect(); function step() { for (var i = 0; i < 1000; i++) port.postMessage({n: i}); }`)
		b.ReportAllocs()
		n := 0
		for b.Loop() {
			if _, err := realm.Call(step, sobek.Undefined()); err != nil {
				b.Fatal(err)
			}
			drain(b, br)
			n += 1000
		}
		b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "msgs/s")
	})
}

// BenchmarkNewContentScriptContext: open a tab (a page context and a
// content script context, whose script registers a listener) and close it.
func BenchmarkNewContentScriptContext(b *testing.B) {
	br, _, _ := benchEnv(b, browser.Chrome(), `chrome.runtime.onMessage.addListener(function () {});`,
		`chrome.runtime.onMessage.addListener(function () {}); function step() {}`)
	b.ReportAllocs()
	for b.Loop() {
		t, err := br.NewTab("https://example.com/", browser.TabOptions{})
		if err != nil {
			b.Fatal(err)
		}
		drain(b, br)
		t.Close()
		drain(b, br)
	}
}
