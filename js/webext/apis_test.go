package webext_test

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

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
	bg := `try { chrome.contextMenus.create({id: "a", title: "A"}); } catch (e) { console.log(e.message); }
	       try { chrome.tabs.onUpdated.addListener(function () {}); } catch (e) { console.log(e.message); }`
	cs := `console.log("content has", typeof chrome.tabs, typeof chrome.alarms, typeof chrome.runtime.sendMessage, typeof chrome.runtime.onConnectExternal);`
	got := runJS(t, browser.Chrome(), bg, cs)
	want := []string{
		"bg: extsim does not support chrome.contextMenus.create yet",
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
		"chrome.runtime.openOptionsPage", "chrome.i18n.getMessage", "chrome.i18n.getUILanguage", "chrome.i18n.getAcceptLanguages") {
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

// C5 / C6: a web page matched by an extension's externally_connectable gets
// chrome.runtime with connect and sendMessage only (runtime.id undefined);
// its message reaches onMessageExternal with a sender without id. Other
// pages have no chrome.runtime; Firefox pages have no chrome at all (FF-4).
func TestC5_WebPageMessagingJS(t *testing.T) {
	for _, prof := range []func() *browser.Profile{browser.Chrome, browser.Firefox} {
		e := newEnv(t, prof(), browser.MapWeb{
			"https://site.example/": `<script>console.log("page:", typeof chrome === "undefined" ? "no chrome" : typeof chrome.runtime, typeof chrome !== "undefined" && chrome.runtime ? [typeof chrome.runtime.sendMessage, typeof chrome.runtime.onMessage, String(chrome.runtime.id)].join(",") : "");
			  if (typeof chrome !== "undefined" && chrome.runtime) chrome.runtime.sendMessage(document.title, "hi from the page", function (r) { console.log("page got", r); });</script><title></title>`,
			"https://other.example/": `<script>console.log("other page:", typeof chrome === "undefined" ? "no chrome" : typeof chrome.runtime);</script>`,
		})
		files := fstest.MapFS{
			"manifest.json": {Data: []byte(`{"manifest_version": 3, "name": "ec", "version": "1",
			  "background": {"service_worker": "bg.js", "scripts": ["bg.js"]},
			  "externally_connectable": {"matches": ["https://site.example/*"]}}`)},
			"bg.js": {Data: []byte(`chrome.runtime.onMessageExternal.addListener(function (m, sender, sendResponse) {
			  console.log("external:", m, sender.url, "id" in sender, sender.origin); sendResponse("welcome");
			});`)},
		}
		ext, err := e.b.LoadExtension(files, browser.LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		// The page is given the extension's id, as a site would be configured.
		if _, err := e.b.NewTab("https://site.example/", browser.TabOptions{HTML: strings.Replace(
			`<title>ID</title><script>console.log("page:", typeof chrome === "undefined" ? "no chrome" : typeof chrome.runtime, typeof chrome !== "undefined" && chrome.runtime ? [typeof chrome.runtime.sendMessage, typeof chrome.runtime.onMessage, String(chrome.runtime.id)].join(",") : "");
			  if (typeof chrome !== "undefined" && chrome.runtime) chrome.runtime.sendMessage("ID", "hi from the page", function (r) { console.log("page got", r); });</script>`, "ID", ext.ID, -1)}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.b.NewTab("https://other.example/", browser.TabOptions{}); err != nil {
			t.Fatal(err)
		}
		e.run(time.Second)
		bg := "[" + ext.Background().Label + "] "
		want := []string{
			"[tab 1 frame 0 page] page: object function,undefined,undefined",
			"[tab 2 frame 0 page] other page: undefined",
			bg + "external: hi from the page https://site.example/ false https://site.example",
			"[tab 1 frame 0 page] page got welcome",
		}
		if prof().Name == "firefox" {
			// (The trailing space is the empty third argument of console.log.)
			want = []string{"[tab 1 frame 0 page] page: no chrome ", "[tab 2 frame 0 page] other page: no chrome"}
		}
		if !slices.Equal(e.out, want) {
			t.Fatalf("%s console\n got:\n  %s\nwant:\n  %s", prof().Name, strings.Join(e.out, "\n  "), strings.Join(want, "\n  "))
		}
	}
}
