package webext_test

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/extsim/extsim/browser"
	"github.com/extsim/extsim/js"
	"github.com/extsim/extsim/js/webext"
)

// TestEvent.Done marks exactly one final result per suite: the end of
// chrome.test.runTests, or browser.test.notifyPass / notifyFail.
func TestTestEventDoneMarksTheFinalResultOnce(t *testing.T) {
	for _, c := range []struct {
		prof func() *browser.Profile
		bg   string
		want string
	}{
		{browser.Chrome, `chrome.test.runTests([function a() { chrome.test.succeed(); }, function b() { chrome.test.succeed(); }]);`, "pass"},
		{browser.Firefox, `browser.test.assertTrue(true); browser.test.notifyFail("bad");`, "fail"},
	} {
		var done []webext.TestEvent
		b, _, err := webext.NewBrowser(browser.Options{Profile: c.prof()}, js.Options{Console: func(js.ConsoleEntry) {}},
			webext.Options{OnTest: func(e webext.TestEvent) {
				if e.Done {
					done = append(done, e)
				}
			}})
		if err != nil {
			t.Fatal(err)
		}
		files := fstest.MapFS{
			"manifest.json": {Data: []byte(`{"manifest_version": 3, "name": "d", "version": "1", "background": {"service_worker": "bg.js", "scripts": ["bg.js"]}}`)},
			"bg.js":         {Data: []byte(c.bg)},
		}
		if _, err := b.LoadExtension(files, browser.LoadOptions{}); err != nil {
			t.Fatal(err)
		}
		if err := b.Sched.RunFor(time.Second); err != nil {
			t.Fatal(err)
		}
		if len(done) != 1 || done[0].Kind != c.want {
			t.Fatalf("%s: final results %+v, want one %q", c.prof().Name, done, c.want)
		}
	}
}

// An exception escaping a plain event listener during chrome.test.runTests
// fails the running test (Chromium's harness), instead of leaving it hanging.
func TestListenerExceptionFailsTheRunningChromeTest(t *testing.T) {
	var events []webext.TestEvent
	b, _, err := webext.NewBrowser(browser.Options{}, js.Options{Console: func(js.ConsoleEntry) {}},
		webext.Options{OnTest: func(e webext.TestEvent) { events = append(events, e) }})
	if err != nil {
		t.Fatal(err)
	}
	files := fstest.MapFS{
		"manifest.json": {Data: []byte(`{"manifest_version": 3, "name": "d", "version": "1", "background": {"service_worker": "bg.js"},
		  "content_scripts": [{"matches": ["<all_urls>"], "js": ["cs.js"]}]}`)},
		"bg.js": {Data: []byte(`chrome.test.runTests([function listenerThrows() {
		  chrome.runtime.onMessage.addListener(function () { throw new Error("listener broke"); });
		}]);`)},
		"cs.js": {Data: []byte(`chrome.runtime.sendMessage("x").catch(function () {});`)},
	}
	if _, err := b.LoadExtension(files, browser.LoadOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.NewTab("https://example.com/", browser.TabOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := b.Sched.RunFor(time.Second); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range events {
		got = append(got, e.Kind+" "+e.Test+": "+e.Message)
	}
	want := []string{"fail listenerThrows: uncaught exception: listener broke", "fail : Failed 1 of 1 tests"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("events\n got: %q\nwant: %q", got, want)
	}
}
