package webext_test

import (
	"fmt"
	"testing"
	"testing/fstest"
	"time"

	"github.com/extsim/extsim/browser"
)

// An MV3 module service worker: static imports resolve relative to the
// importing module and evaluate once per realm whatever the specifier;
// import.meta.url is the module's URL; importScripts throws in a module
// worker; import() loads a module with top-level await; a content script
// imports the same module into its own realm (its own module map).
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
		cs+"util evaluated",
		sw+"dynamic 3 "+ext.URL("lib/dyn.js"),
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
