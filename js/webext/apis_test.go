package webext_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/extsim/extsim/browser"
)

// tabs.create / update / remove, scripting.executeScript and
// webNavigation.getAllFrames drive the simulated browser.
func TestTabsScriptingAndWebNavigationJS(t *testing.T) {
	bg := `
	  chrome.runtime.onMessage.addListener(function (m, sender) { console.log("injected script says", m, "from frame", sender.frameId); });
	  chrome.tabs.create({url: "https://example.com/new"}, function (tab) {
	    console.log("created", tab.id, tab.url);
	    setTimeout(function () {
	      chrome.webNavigation.getAllFrames({tabId: tab.id}, function (frames) {
	        console.log("frames", frames.length, frames[0].frameId, frames[0].parentFrameId, frames[0].url);
	        chrome.scripting.executeScript({target: {tabId: tab.id}, files: ["inject.js"]}, function (res) {
	          console.log("executeScript results", res.length, res[0].frameId);
	          chrome.tabs.update(tab.id, {pinned: true}, function (t2) {
	            console.log("pinned", t2.pinned);
	            chrome.tabs.remove(tab.id, function () { console.log("removed"); });
	          });
	        });
	      });
	    }, 100);
	  });`
	want := []string{
		"bg: created 2 https://example.com/new",
		"bg: frames 1 0 -1 https://example.com/new",
		// The injected script runs (and sends) before executeScript settles.
		"bg: injected script says hello from frame 0",
		"bg: executeScript results 1 0",
		"bg: pinned true",
		"bg: removed",
	}
	for _, prof := range []func() *browser.Profile{browser.Chrome, browser.Firefox} {
		got := runJSFiles(t, prof(), map[string]string{"bg.js": bg, "inject.js": `chrome.runtime.sendMessage("hello");`})
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("%s console\n got:\n  %s\nwant:\n  %s", prof().Name, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
		}
	}
}

// Content scripts get only runtime messaging (privilege): no tabs, no
// stubs; extension contexts get a clear error for what extsim lacks.
func TestPrivilegeAndUnsupportedAPIsJS(t *testing.T) {
	bg := `try { chrome.alarms.create("a", {delayInMinutes: 1}); } catch (e) { console.log(e.message); }
	       try { chrome.tabs.onUpdated.addListener(function () {}); } catch (e) { console.log(e.message); }`
	cs := `console.log("content has", typeof chrome.tabs, typeof chrome.alarms, typeof chrome.runtime.sendMessage, typeof chrome.runtime.onConnectExternal);`
	got := runJS(t, browser.Chrome(), bg, cs)
	want := []string{
		"bg: extsim does not support chrome.alarms.create yet",
		"bg: extsim does not support chrome.tabs.onUpdated.addListener yet",
		"cs: content has undefined undefined function undefined",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("got %q\nwant %q", got, want)
	}
}

// Every function of the chrome namespace in a background context is either
// implemented (with its argument checks covered by the tests of this
// package) or a stub that throws "extsim does not support"; this list must
// change when the surface does.
func TestAPISurfaceIsKnown(t *testing.T) {
	bg := `
	  var out = [];
	  (function walk(o, path, depth) {
	    if (depth > 3) return;
	    Object.keys(o).sort().forEach(function (k) {
	      var v = o[k], p = path + "." + k;
	      if (typeof v === "function") {
	        var stub = false;
	        try { v.toString().indexOf("extsim does not support") >= 0 && (stub = true); } catch (e) {}
	        out.push(p + (stub ? " (unsupported)" : ""));
	      } else if (v && typeof v === "object" && !Array.isArray(v) && k !== "lastError" && k !== "sender") walk(v, p, depth + 1);
	    });
	  })(chrome, "chrome", 0);
	  console.log(out.filter(function (p) { return p.indexOf("(unsupported)") < 0; }).join(" "));`
	got := runJS(t, browser.Chrome(), bg, ``)
	implemented := strings.Fields(strings.TrimPrefix(got[0], "bg: "))
	want := []string{
		"chrome.extension.getURL",
		"chrome.runtime.connect", "chrome.runtime.getManifest", "chrome.runtime.getURL",
	}
	for _, w := range want {
		if !slices.Contains(implemented, w) {
			t.Errorf("%s missing from the surface", w)
		}
	}
	for _, must := range []string{"chrome.runtime.sendMessage", "chrome.tabs.connect", "chrome.tabs.sendMessage", "chrome.tabs.query",
		"chrome.tabs.get", "chrome.tabs.getCurrent", "chrome.tabs.create", "chrome.tabs.update", "chrome.tabs.remove", "chrome.tabs.reload",
		"chrome.scripting.executeScript", "chrome.webNavigation.getAllFrames", "chrome.webNavigation.getFrame", "chrome.runtime.reload",
		"chrome.runtime.openOptionsPage"} {
		if !slices.Contains(implemented, must) {
			t.Errorf("%s missing from the surface", must)
		}
	}
	known := map[string]bool{}
	for _, p := range append(want, "chrome.runtime.sendMessage", "chrome.tabs.connect", "chrome.tabs.sendMessage", "chrome.tabs.query",
		"chrome.tabs.get", "chrome.tabs.getCurrent", "chrome.tabs.create", "chrome.tabs.update", "chrome.tabs.remove", "chrome.tabs.reload",
		"chrome.scripting.executeScript", "chrome.webNavigation.getAllFrames", "chrome.webNavigation.getFrame", "chrome.runtime.reload",
		"chrome.runtime.openOptionsPage") {
		known[p] = true
	}
	for _, p := range implemented {
		base := p
		for _, ev := range []string{".addListener", ".removeListener", ".hasListener", ".hasListeners"} {
			if strings.HasSuffix(p, ev) {
				base = ""
			}
		}
		if base != "" && !known[base] && !strings.HasPrefix(base, "chrome.storage.") && !strings.HasPrefix(base, "chrome.test.") {
			t.Errorf("%s is implemented but not in this test's list: add it (and tests for its arguments)", base)
		}
	}
}
