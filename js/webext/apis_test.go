package webext_test

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/extsim/extsim/browser"
	"github.com/extsim/extsim/js/webext"
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
	       try { chrome.tabs.onMoved.addListener(function () {}); } catch (e) { console.log(e.message); }`
	cs := `console.log("content has", typeof chrome.tabs, typeof chrome.alarms, typeof chrome.runtime.sendMessage, typeof chrome.runtime.onConnectExternal, typeof chrome.windows, typeof chrome.permissions);`
	got := runJS(t, browser.Chrome(), bg, cs)
	want := []string{
		"bg: extsim does not support chrome.contextMenus.create yet",
		"bg: extsim does not support chrome.tabs.onMoved.addListener yet",
		"cs: content has undefined undefined function undefined undefined undefined",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("got %q\nwant %q", got, want)
	}
}

// surfaceJS walks a namespace in a background and logs one line per
// function: "path impl" or "path stub <message of calling it>".
const surfaceJS = `
  var out = [];
  var ns = typeof browser !== "undefined" && NS === "browser" ? browser : chrome;
  (function walk(o, path, depth) {
    if (depth > 3) return;
    Object.keys(o).sort().forEach(function (k) {
      var v = o[k], p = path + "." + k;
      if (typeof v === "function") {
        var stub = v.toString().indexOf("extsim does not support") >= 0;
        if (!stub) { out.push(p + " impl"); return; }
        try { v(); out.push(p + " stub-did-not-throw"); } catch (e) { out.push(p + " stub " + e.message); }
      } else if (v && typeof v === "object" && !Array.isArray(v) && k !== "lastError") walk(v, p, depth + 1);
    });
  })(ns, NS, 0);
  out.forEach(function (l) { console.log(l); });`

// Every function of the chrome and browser namespaces in a background is
// either implemented, with a declaration in the signature table
// (signatures.go), or a stub named in the UNSUPPORTED list that throws
// "extsim does not support X yet". Event methods (addListener...) and the
// test harness (chrome.test, browser.test: Chromium's and Firefox's own
// test signatures, in test.js) are exempt.
func TestAPISurfaceHasSignatures(t *testing.T) {
	table := webext.SignatureTexts()
	seen := map[string]bool{}
	for _, c := range []struct {
		prof *browser.Profile
		ns   string
		mv   int
	}{{browser.Chrome(), "chrome", 3}, {browser.Firefox(), "browser", 3}, {browser.Firefox(), "chrome", 2}} {
		manifest := `{"manifest_version": 3, "name": "s", "version": "1", "background": {"service_worker": "bg.js", "scripts": ["bg.js"]},
		  "permissions": ["storage", "alarms"], "action": {}}`
		if c.mv == 2 {
			manifest = `{"manifest_version": 2, "name": "s", "version": "1", "background": {"scripts": ["bg.js"]}, "permissions": ["storage", "alarms"]}`
		}
		e := newEnv(t, c.prof, nil)
		if _, err := e.b.LoadExtension(fstest.MapFS{
			"manifest.json": {Data: []byte(manifest)},
			"bg.js":         {Data: []byte("var NS = " + strconv.Quote(c.ns) + ";" + surfaceJS)},
		}, browser.LoadOptions{}); err != nil {
			t.Fatal(err)
		}
		e.run(time.Second)
		impl := 0
		for _, line := range e.out {
			line = line[strings.Index(line, "] ")+2:]
			path, rest, _ := strings.Cut(line, " ")
			name := strings.TrimPrefix(path, c.ns+".")
			if strings.HasPrefix(name, "test.") || strings.HasSuffix(name, "Listener") || strings.HasSuffix(name, "Listeners") {
				continue
			}
			// storage.local.get is StorageArea.get: "storage.get" in Chrome's texts.
			if parts := strings.Split(name, "."); len(parts) == 3 && parts[0] == "storage" {
				name = "storage." + parts[2]
			}
			switch {
			case rest == "impl":
				impl++
				seen[name] = true
				if _, ok := table[name]; !ok {
					t.Errorf("%s (%s) is implemented but has no signature in signatures.go", path, c.prof.Name)
				}
			case rest != "stub extsim does not support "+path+" yet":
				t.Errorf("%s: calling the stub: %q", path, rest)
			}
		}
		if impl < 40 {
			t.Fatalf("%s %s: only %d functions found: %q", c.prof.Name, c.ns, impl, e.out)
		}
	}
	// The table names nothing that does not exist.
	for name := range table {
		if !seen[name] {
			t.Errorf("signatures.go declares %s, which no namespace has", name)
		}
	}
}

// Every function of the table checks its arguments against its signature:
// a call with one argument too many, all of a type no parameter takes,
// throws Chrome's "Error in invocation of <signature>: No matching
// signature." or Firefox's "Incorrect argument types for <api>." (K1, K2,
// FF-83). runtime.sendMessage is the exception in Firefox: it rejects
// (FF-41, tested in rules_test.go).
func TestK1_FF83_EverySignatureChecksItsArguments(t *testing.T) {
	table := webext.SignatureTexts()
	names := make([]string, 0, len(table))
	for n := range table {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, prof := range []*browser.Profile{browser.Chrome(), browser.Firefox()} {
		var js strings.Builder
		for _, n := range names {
			if n == "runtime.sendMessage" && prof.Name == "firefox" {
				continue
			}
			path := n
			if strings.HasPrefix(n, "storage.") {
				path = "storage.local." + strings.TrimPrefix(n, "storage.")
				if n == "storage.setAccessLevel" && prof.Name == "firefox" {
					continue // Chrome only
				}
			}
			if n == "tabs.executeScript" || n == "browserAction.openPopup" {
				continue // MV2 only
			}
			fmt.Fprintf(&js, "try { chrome.%s.apply(null, new Array(%d).fill(42.5)); console.log(%q, 'did not throw'); } catch (e) { console.log(%q, e.message); }\n",
				path, strings.Count(table[n], ",")+2, n, n)
		}
		e := newEnv(t, prof, nil)
		if _, err := e.b.LoadExtension(fstest.MapFS{
			"manifest.json": {Data: []byte(`{"manifest_version": 3, "name": "k", "version": "1", "background": {"service_worker": "bg.js", "scripts": ["bg.js"]}, "permissions": ["storage", "alarms"]}`)},
			"bg.js":         {Data: []byte(js.String())},
		}, browser.LoadOptions{}); err != nil {
			t.Fatal(err)
		}
		e.run(time.Second)
		if len(e.out) < 40 {
			t.Fatalf("%s: %d lines: %q", prof.Name, len(e.out), e.out)
		}
		for _, line := range e.out {
			line = line[strings.Index(line, "] ")+2:]
			name, msg, _ := strings.Cut(line, " ")
			want := "Incorrect argument types for " + name + "."
			if prof.Name == "chrome" {
				want = "Error in invocation of " + table[name] + ": No matching signature."
			} else if strings.HasPrefix(name, "storage.") {
				want = "Incorrect argument types for storage.local." + strings.TrimPrefix(name, "storage.") + "."
			}
			if msg != want {
				t.Errorf("%s %s: %q, want %q", prof.Name, name, msg, want)
			}
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
