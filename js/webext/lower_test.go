package webext_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/extsim/extsim/browser"
)

// sobek cannot parse async generators or for await; extsim lowers such a
// classic script with esbuild before running it, in workers, event pages
// and content scripts alike, and an uncaught error inside the lowered code
// still names the shipped file and the original line. A script esbuild
// cannot parse either keeps its own syntax error, with file and line.
func TestAsyncGeneratorsAndForAwaitAreLowered(t *testing.T) {
	for _, p := range []struct {
		name    string
		profile func() *browser.Profile
		bg      string
		label   string
	}{
		{"chrome", browser.Chrome, `"service_worker": "bg.js"`, "service-worker"},
		{"firefox", browser.Firefox, `"scripts": ["bg.js"]`, "background"},
	} {
		t.Run(p.name, func(t *testing.T) {
			e := newEnv(t, p.profile(), nil)
			ext := e.loadFiles(map[string]string{
				"manifest.json": `{"manifest_version": 3, "name": "lower", "version": "1",
					"background": {` + p.bg + `},
					"content_scripts": [{"matches": ["https://example.com/*"], "js": ["cs.js"]}]}`,
				"bg.js": "async function* count(n) {\n" +
					"  for (let i = 1; i <= n; i++) { await null; yield i; }\n" +
					"}\n" +
					"(async () => {\n" +
					"  const got = [];\n" +
					"  for await (const v of count(3)) got.push(v);\n" +
					"  console.log(\"counted\", got.join(\",\"));\n" +
					"})();\n" +
					"\n" +
					"\n" +
					"  throw new Error(\"boom\");\n",
				"cs.js": "(async () => { for await (const x of [Promise.resolve(\"cs\")]) console.log(\"got\", x); })();\n",
			})
			if _, err := e.b.NewTab("https://example.com/", browser.TabOptions{}); err != nil {
				t.Fatal(err)
			}
			e.run(time.Second)
			bg := fmt.Sprintf("[%s lower] ", p.label)
			e.expect(
				bg+"counted 1,2,3",
				bg+"Uncaught Error: boom (at "+ext.URL("bg.js")+":11:9)",
				"[tab 1 frame 0 content lower] got cs",
			)
		})
	}
}

func TestUnparsableScriptKeepsItsSyntaxError(t *testing.T) {
	e := newEnv(t, browser.Chrome(), nil)
	ext := e.loadFiles(map[string]string{
		"manifest.json": `{"manifest_version": 3, "name": "broken", "version": "1", "background": {"service_worker": "bg.js"}}`,
		"bg.js":         "console.log(1);\nlet = = 2;\n",
	})
	e.run(time.Second)
	if len(e.out) != 1 || !containsAll(e.out[0], "Uncaught SyntaxError", ext.URL("bg.js"), "Line 2:") {
		t.Fatalf("console: %q", e.out)
	}
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
