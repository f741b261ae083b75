package webext_test

import (
	"encoding/base64"
	"fmt"
	"github.com/extsim/extsim/js"
	"github.com/extsim/extsim/js/webext"
	"testing"
	"testing/fstest"
	"time"

	"github.com/extsim/extsim/browser"
)

// An MV3 module service worker: static imports resolve relative to the
// importing module and evaluate once per realm whatever the specifier;
// import.meta.url is the module's URL; importScripts throws in a module
// worker, and import() rejects in any service worker (Chrome). A content
// script import()s a module with top-level await into its own realm (its
// own module map: the shared dependency evaluates again there).
func TestModuleServiceWorker(t *testing.T) {
	e := newEnv(t, browser.Chrome(), nil)
	ext := e.load("testdata/modules-mv3")
	if _, err := e.b.NewTab("https://example.com/", browser.TabOptions{}); err != nil {
		t.Fatal(err)
	}
	e.run(time.Second)
	sw := "[service-worker modules] "
	cs := "[tab 1 frame 0 content modules] "
	e.expect(
		sw+"util evaluated",
		sw+"hello sw! 1 2 util",
		sw+"meta "+ext.URL("sw.js"),
		sw+"TypeError: Failed to execute 'importScripts' on 'WorkerGlobalScope': Module scripts don't support importScripts().",
		sw+"TypeError: import() is disallowed on ServiceWorkerGlobalScope by the HTML specification. See https://github.com/w3c/ServiceWorker/issues/1356.",
		cs+"util evaluated",
		cs+"cs dynamic 1 true",
	)
}

// loadFiles loads an extension given as a map of file names to contents.
func (e *env) loadFiles(files map[string]string) *browser.Extension {
	e.t.Helper()
	fsys := fstest.MapFS{}
	for name, src := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(src)}
	}
	x, err := e.b.LoadExtension(fsys, browser.LoadOptions{Path: "/extsim/" + e.t.Name()})
	if err != nil {
		e.t.Fatal(err)
	}
	return x
}

const moduleWorkerManifest = `{"manifest_version": 3, "name": "m", "version": "1",
	"background": {"service_worker": "sw.js", "type": "module"},
	"content_scripts": [{"matches": ["https://example.com/*"], "js": ["cs.js"]}]}`

// In Chrome a module service worker whose graph fails to load is not
// registered: the error is reported with the module's URL and line:col,
// the background does not run and is not woken by messages (the sender
// gets "Receiving end does not exist", S1), until the extension is
// re-enabled.
func TestModuleWorkerThatFailsToLoadDoesNotStart(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		want  string // the uncaught error, after the extension's origin
	}{
		{"missing import", map[string]string{"sw.js": "console.log('never');\nimport {x} from './gone.js';"},
			"Uncaught TypeError: Failed to load module script %[1]s/gone.js: fetch %[1]s/gone.js: open gone.js: file does not exist (at %[1]s/sw.js:2:1)"},
		{"syntax error in a dependency", map[string]string{"sw.js": "import './a.js';", "a.js": "export const a = 1;\nlet let = 2;"},
			"Uncaught SyntaxError: let is disallowed as a lexically bound name (at %[1]s/a.js:2:5)"},
		{"bare specifier", map[string]string{"sw.js": "\n  import _ from 'lodash';"},
			`Uncaught TypeError: Failed to resolve module specifier "lodash". Relative references must start with either "/", "./", or "../". (at %[1]s/sw.js:2:3)`},
		{"missing export", map[string]string{"sw.js": "import {nope} from './a.js';", "a.js": "export const a = 1;"},
			`Uncaught SyntaxError: The requested module "./a.js" does not provide an export named "nope" (at %[1]s/sw.js:1:2)`},
		{"top-level await", map[string]string{"sw.js": "import './a.js';", "a.js": "await 0;"},
			"Uncaught TypeError: Top-level await is disallowed in service workers. (at %[1]s/sw.js)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t, browser.Chrome(), nil)
			files := map[string]string{"manifest.json": moduleWorkerManifest, "cs.js": `
				chrome.runtime.sendMessage("hi", function () { console.log("cs:", chrome.runtime.lastError.message); });`}
			for k, v := range c.files {
				files[k] = v
			}
			ext := e.loadFiles(files)
			e.run(time.Second)
			sw := "[service-worker m] "
			e.expect(sw+fmt.Sprintf(c.want, ext.Origin()), sw+"Service worker registration failed. Status code: 3")
			if ext.Background() != nil || ext.BackgroundError() == nil {
				t.Fatalf("background %v, error %v: want none running and an error", ext.Background(), ext.BackgroundError())
			}
			if _, err := e.b.NewTab("https://example.com/", browser.TabOptions{}); err != nil {
				t.Fatal(err)
			}
			e.run(time.Second)
			e.expect("[tab 1 frame 0 content m] cs: Could not establish connection. Receiving end does not exist.")
			if n := ext.BackgroundStarts(); n != 1 {
				t.Fatalf("background started %d times, want 1 (a message must not wake a failed worker)", n)
			}
			// Re-enabling tries again (and fails again).
			ext.Disable()
			ext.Enable()
			e.run(time.Second)
			if ext.BackgroundStarts() != 2 || len(e.out) != 2 {
				t.Fatalf("after re-enable: %d starts, console %q", ext.BackgroundStarts(), e.out)
			}
		})
	}
}

// <script type="module"> in web pages, inline and src, over the virtual
// web: module scripts are deferred (a later classic script runs first);
// imports resolve against the importing module's URL (absolute URLs too);
// a module evaluates once per realm (main.js is included twice);
// top-level await suspends only its module (the next script runs
// meanwhile); and an error thrown by a module is reported as uncaught with
// its location, not as an unhandled rejection.
func TestModuleScriptsInWebPages(t *testing.T) {
	web := browser.MapWeb{
		"https://example.com/": `<script type="module">
			import { twice } from "./js/math.js";
			import { answer } from "https://cdn.example.net/answer.js";
			console.log("inline", twice(answer), import.meta.url);
			await new Promise((resolve) => setTimeout(resolve, 50));
			console.log("after await", performance.now());
		</script>
		<script>console.log("classic runs meanwhile");</script>
		<script type="module" src="/js/main.js"></script>
		<script type="module" src="/js/main.js"></script>
		<script type="module" src="/js/throws.js"></script>`,
		"https://example.com/js/math.js":    `console.log("math evaluated"); export const twice = (x) => 2 * x;`,
		"https://cdn.example.net/answer.js": `export const answer = 21;`,
		"https://example.com/js/main.js":    `import { twice } from "./math.js"; console.log("main", twice(2), import.meta.url);`,
		"https://example.com/js/throws.js":  "import './math.js';\n  null.boom;",
	}
	e := newEnv(t, browser.Chrome(), web)
	if _, err := e.b.NewTab("https://example.com/", browser.TabOptions{}); err != nil {
		t.Fatal(err)
	}
	e.run(time.Second)
	p := "[tab 1 frame 0 page] "
	e.expect(
		p+"classic runs meanwhile",
		p+"math evaluated",
		p+"inline 42 https://example.com/",
		p+"main 4 https://example.com/js/main.js",
		p+"Uncaught TypeError: Cannot read property 'boom' of undefined (at https://example.com/js/throws.js:2:8)",
		p+"after await 50",
	)
}

// A module script in a page that fails to load reports the error and the
// page goes on: only Chrome service workers fail to start.
func TestModuleScriptInPageFailsAlone(t *testing.T) {
	web := browser.MapWeb{
		"https://example.com/": `<script type="module">import "./nope.js"; console.log("never");</script>
			<script type="module">console.log("next module runs");</script>
			<script src="/d.js" defer></script><script>console.log("classic first");</script>`,
		"https://example.com/d.js": `console.log("deferred classic, in order with modules");`,
	}
	e := newEnv(t, browser.Chrome(), web)
	if _, err := e.b.NewTab("https://example.com/", browser.TabOptions{}); err != nil {
		t.Fatal(err)
	}
	e.run(time.Second)
	e.expect(
		"[tab 1 frame 0 page] classic first",
		"[tab 1 frame 0 page] Uncaught TypeError: Failed to load module script https://example.com/nope.js: fetch https://example.com/nope.js: status 404 (at https://example.com/:1:1)",
		"[tab 1 frame 0 page] next module runs",
		"[tab 1 frame 0 page] deferred classic, in order with modules",
	)
}

// Firefox runs "background": {"scripts": [...], "type": "module"} as module
// scripts of its background page: top-level await is allowed there, and a
// graph that fails to load is reported without stopping the page.
func TestFirefoxModuleBackgroundScripts(t *testing.T) {
	e := newEnv(t, browser.Firefox(), nil)
	ext := e.loadFiles(map[string]string{
		"manifest.json": `{"manifest_version": 2, "name": "m", "version": "1",
			"browser_specific_settings": {"gecko": {"id": "m@test"}},
			"background": {"scripts": ["broken.js", "bg.js"], "type": "module"}}`,
		"broken.js": `import "./missing.js";`,
		"bg.js": `import { later } from "./lib.js";
			console.log("bg", await later(5), import.meta.url.startsWith("moz-extension://"));`,
		"lib.js": `export function later(v) { return new Promise((r) => setTimeout(() => r(v), 20)); }`,
	})
	e.run(time.Second)
	bg := "[background m] "
	e.expect(
		bg+"Uncaught TypeError: Failed to load module script "+ext.URL("missing.js")+": fetch "+ext.URL("missing.js")+": open missing.js: file does not exist (at "+ext.URL("broken.js")+":1:1)",
		bg+"bg 5 true",
	)
	if ext.Background() == nil || ext.BackgroundError() != nil {
		t.Fatalf("background %v, error %v: want it running", ext.Background(), ext.BackgroundError())
	}
}

// An extension page's <script type="module" src> runs with the extension
// APIs; an exception thrown while a module evaluates is an uncaught error
// of the page, which keeps running.
func TestModuleScriptInExtensionPage(t *testing.T) {
	e := newEnv(t, browser.Chrome(), nil)
	ext := e.loadFiles(map[string]string{
		"manifest.json": `{"manifest_version": 3, "name": "m", "version": "1",
			"action": {"default_popup": "popup.html"}}`,
		"popup.html": `<script type="module" src="popup.js"></script>`,
		"popup.js": `import { id } from "./ids.js";
			console.log("popup", id === chrome.runtime.id);
			setTimeout(() => console.log("still running"), 10);
			throw new Error("boom");`,
		"ids.js": `export const id = chrome.runtime.id;`,
	})
	if _, err := ext.OpenPopup(); err != nil {
		t.Fatal(err)
	}
	e.run(time.Second)
	p := "[popup m] "
	e.expect(p+"popup true", p+"Uncaught Error: boom (at "+ext.URL("popup.js")+":4:10)", p+"still running")
}

// import() from classic scripts: a relative specifier resolves against the
// running script's URL (in a content script, the page's: pass
// runtime.getURL); failures reject with Chrome's errors, which the script
// can catch. In a classic service worker import() is refused.
func TestDynamicImportFromClassicScripts(t *testing.T) {
	e := newEnv(t, browser.Chrome(), nil)
	ext := e.loadFiles(map[string]string{
		"manifest.json": `{"manifest_version": 3, "name": "m", "version": "1",
			"background": {"service_worker": "sw.js"}, "action": {"default_popup": "popup.html"}}`,
		"sw.js":      `import("./js/m.js").catch((e) => console.log(e.name, e.message.slice(0, 50)));`,
		"popup.html": `<script src="js/popup.js"></script>`,
		"js/popup.js": `
			function show(p) { return p.then((m) => "ok " + m.v, (err) => err.name + ": " + err.message); }
			Promise.all([show(import("./m.js")), show(import("./gone.js")), show(import("lodash")), show(import("./bad.js"))])
				.then((r) => r.forEach((line) => console.log(line)));`,
		"js/m.js":   `export const v = "m";`,
		"js/bad.js": "export const v = 1;\nexport const w = ;",
	})
	e.run(time.Second)
	e.expect("[service-worker m] TypeError import() is disallowed on ServiceWorkerGlobalScope")
	if _, err := ext.OpenPopup(); err != nil {
		t.Fatal(err)
	}
	e.run(time.Second)
	p := "[popup m] "
	e.expect(
		p+"ok m",
		p+"TypeError: Failed to fetch dynamically imported module: "+ext.URL("js/gone.js"),
		p+`TypeError: Failed to resolve module specifier "lodash". Relative references must start with either "/", "./", or "../".`,
		p+"SyntaxError: Unexpected token ; (at "+ext.URL("js/bad.js")+":2:18)",
	)
}

// importScripts in a classic service worker runs each script synchronously,
// in order, in the worker's global scope, resolving URLs against the worker
// script's URL; a missing file throws Chrome's NetworkError naming the URL,
// and no later script of that call runs.
func TestImportScriptsInClassicWorker(t *testing.T) {
	e := newEnv(t, browser.Chrome(), nil)
	ext := e.loadFiles(map[string]string{
		"manifest.json": `{"manifest_version": 3, "name": "m", "version": "1",
			"background": {"service_worker": "bg/sw.js"}}`,
		"bg/sw.js": `
			var order = [];
			importScripts("a.js", "/lib/b.js");
			console.log(order.join(","), typeof fromA, self.fromB);
			try {
				importScripts("a.js", "missing.js", "/lib/b.js");
			} catch (e) {
				console.log(e instanceof DOMException, e.name, e.code, e.message);
			}
			console.log(order.join(","));
			try { importScripts("syntax.js"); } catch (e) { console.log(e.name); }
			importScripts();
			console.log("done");`,
		"bg/a.js":      `order.push("a"); function fromA() {}`,
		"lib/b.js":     `order.push("b"); var fromB = "b";`,
		"bg/syntax.js": `var = 1;`,
	})
	e.run(time.Second)
	sw := "[service-worker m] "
	e.expect(
		sw+"a,b function b",
		sw+"true NetworkError 19 Failed to execute 'importScripts' on 'WorkerGlobalScope': The script at '"+ext.URL("bg/missing.js")+"' failed to load.",
		sw+"a,b,a",
		sw+"SyntaxError",
		sw+"done",
	)
}

// importScripts exists only in workers.
func TestImportScriptsOnlyInWorkers(t *testing.T) {
	e := newEnv(t, browser.Chrome(), browser.MapWeb{"https://example.com/": `<script>console.log(typeof importScripts)</script>`})
	if _, err := e.b.NewTab("https://example.com/", browser.TabOptions{}); err != nil {
		t.Fatal(err)
	}
	e.run(time.Second)
	e.expect("[tab 1 frame 0 page] undefined")
}

// Source maps: an uncaught error in a script that ends with
// //# sourceMappingURL= is reported at the original source:line:col (a map
// file next to the script, or an inline data: URL for a module); a map that
// cannot be loaded is a warning and the generated location stays.
func TestUncaughtErrorsThroughSourceMaps(t *testing.T) {
	t.Run("map file", func(t *testing.T) {
		e := newEnv(t, browser.Chrome(), nil)
		ext := e.load("testdata/sourcemaps-mv3")
		e.run(time.Second)
		sw := "[service-worker sourcemaps] "
		e.expect(sw+"start", sw+"Uncaught Error: mapped (at "+ext.URL("src/sw.ts")+":11:5)")
	})
	t.Run("data URL in a module", func(t *testing.T) {
		m := base64.StdEncoding.EncodeToString([]byte(`{"version":3,"sources":["app.ts"],"mappings":"AAAA;AAUA"}`))
		web := browser.MapWeb{
			"https://example.com/":          `<script type="module" src="/js/app.js"></script>`,
			"https://example.com/js/app.js": "let x = null;\nx.boom;\n//# sourceMappingURL=data:application/json;base64," + m + "\n",
		}
		e := newEnv(t, browser.Chrome(), web)
		if _, err := e.b.NewTab("https://example.com/", browser.TabOptions{}); err != nil {
			t.Fatal(err)
		}
		e.run(time.Second)
		e.expect("[tab 1 frame 0 page] Uncaught TypeError: Cannot read property 'boom' of undefined (at https://example.com/js/app.ts:11:1)")
	})
	t.Run("missing map", func(t *testing.T) {
		web := browser.MapWeb{
			"https://example.com/":       `<script src="/app.js"></script>`,
			"https://example.com/app.js": "throw new Error('x');\n//# sourceMappingURL=app.js.map",
		}
		e := newEnv(t, browser.Chrome(), web)
		if _, err := e.b.NewTab("https://example.com/", browser.TabOptions{}); err != nil {
			t.Fatal(err)
		}
		e.run(time.Second)
		e.expect(
			"[extsim] DevTools failed to load source map https://example.com/app.js.map: fetch https://example.com/app.js.map: status 404",
			"[tab 1 frame 0 page] Uncaught Error: x (at https://example.com/app.js:1:7)",
		)
	})
}

// Import cycles link (each module evaluates once, dependencies first), and
// a runaway module is interrupted like any script, naming the context.
func TestModuleCyclesAndRunaways(t *testing.T) {
	web := browser.MapWeb{
		"https://example.com/": `<script type="module">import { a } from "./a.js"; console.log(a());</script>
			<script type="module">while (true) {}</script>
			<script type="module">console.log("next");</script>`,
		"https://example.com/a.js": `import { b } from "./b.js"; console.log("a evaluated"); export function a() { return "a" + b(); }`,
		"https://example.com/b.js": `import { a } from "./a.js"; console.log("b evaluated", typeof a); export function b() { return "b"; }`,
	}
	e := &env{t: t}
	b, h, err := webext.NewBrowser(browser.Options{Profile: browser.Chrome(), Web: web}, js.Options{
		Console:       func(c js.ConsoleEntry) { e.out = append(e.out, c.String()) },
		ScriptTimeout: 50 * time.Millisecond,
	}, webext.Options{})
	if err != nil {
		t.Fatal(err)
	}
	e.b, e.host = b, h
	if _, err := e.b.NewTab("https://example.com/", browser.TabOptions{}); err != nil {
		t.Fatal(err)
	}
	e.run(time.Second)
	p := "[tab 1 frame 0 page] "
	e.expect(p+"b evaluated function", p+"a evaluated", p+"ab",
		p+"Uncaught script timeout: tab 1 frame 0 page ran longer than 50ms (at https://example.com/:1:1)", p+"next")
}
