package cli_test

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/extsim/extsim/internal/cli"
)

// The README's first command runs an example extension: run exactly those
// arguments, from the repository root, and check the example does what the
// MDN page says.
func TestREADMEFirstCommandWorks(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var line string
	for _, l := range strings.Split(string(readme), "\n") {
		if strings.HasPrefix(l, "go run ./cmd/extsim ") {
			line = l
			break
		}
	}
	if line == "" {
		t.Fatal("README has no `go run ./cmd/extsim ...` line")
	}
	cmd := strings.TrimSpace(strings.SplitN(strings.TrimPrefix(line, "go run ./cmd/extsim "), "#", 2)[0])
	code, out, errs := runRepo(t, strings.Fields(cmd)...)
	if code != cli.ExitOK {
		t.Fatalf("README command %q: exit %d\n%s", cmd, code, errs)
	}
	for _, want := range []string{"hello from content script", "hi there content script!", "they clicked the button!"} {
		if !strings.Contains(out, want) {
			t.Errorf("README command output lacks %q:\n%s", want, out)
		}
	}
}

// examples/selftest-ports passes under both profiles with extsim test.
func TestSelfTestExamplePasses(t *testing.T) {
	code, out, errs := runRepo(t, "test", "--profile", "chrome,firefox", "examples/selftest-ports")
	if code != cli.ExitOK || !strings.Contains(out, "2 passed, 0 failed") {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
}

// examples/reconnect: the worker stopped at 5 s of virtual time, the content
// script reconnects, and the self-test passes, under both profiles (and so
// do the folder's driver tests: 2 tests x 2 profiles).
func TestReconnectExamplePassesWhenTheWorkerIsStopped(t *testing.T) {
	code, out, errs := runRepo(t, "test", "--profile", "chrome,firefox", "-v", "--stop-worker-at", "5s", "examples/reconnect")
	if code != cli.ExitOK || !strings.Contains(out, "6 passed, 0 failed") || strings.Count(out, "port closed; reconnecting") != 2 {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
}

// examples/no-answer shows a Chrome/Firefox difference (rows 4 and 15 of the
// differences table): the same self-test passes under both, and the logs
// differ; its driver test pins one test per profile.
func TestNoAnswerExampleShowsTheDifference(t *testing.T) {
	code, o, errs := runRepo(t, "test", "-v", "--profile", "chrome,firefox", "examples/no-answer")
	if code != cli.ExitOK || !strings.Contains(o, "lastError The message port closed before a response was received.") ||
		!strings.Contains(o, "lastError null") || !strings.Contains(o, "4 passed, 0 failed") ||
		!strings.Contains(o, "✓ examples/no-answer/no-answer.test.js › chrome › the callback sees lastError (G8) (chrome)") ||
		!strings.Contains(o, "✓ examples/no-answer/no-answer.test.js › firefox › the callback sees no error (firefox)") {
		t.Fatalf("exit %d\n%s%s", code, o, errs)
	}
}

// The README's quick-start self-test (its ```js block) passes under both
// profiles, run the way the README says.
func TestREADMEQuickStartSelfTest(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(readme)
	start := strings.Index(text, "```js\n")
	if start < 0 {
		t.Fatal("README has no js block")
	}
	body := text[start+len("```js\n"):]
	body = body[:strings.Index(body, "```")]
	files := fstest.MapFS{
		"qs/manifest.json": {Data: []byte(`{"manifest_version": 3, "name": "qs", "version": "1",
		  "background": {"service_worker": "background.js", "scripts": ["background.js"]},
		  "content_scripts": [{"matches": ["https://example.com/*"], "js": ["cs.js"]}]}`)},
		"qs/background.js": {Data: []byte(body)},
		"qs/cs.js":         {Data: []byte(`chrome.runtime.connect().postMessage({greeting: "hello"});`)},
	}
	code, out, errs, _ := runCLI(t, files, "test", "--profile", "chrome,firefox", "--open", "https://example.com/", "qs")
	if code != cli.ExitOK || !strings.Contains(out, "2 passed, 0 failed") {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
}

// The README's driver-test example (the js block importing "extsim") passes
// under both profiles beside a small extension, run the way the README says.
func TestREADMEDriverTestExample(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(readme)
	at := strings.Index(text, "```js\nimport { test, expect } from \"extsim\";")
	if at < 0 {
		t.Fatal("README has no driver test example")
	}
	body := text[at+len("```js\n"):]
	body = body[:strings.Index(body, "```")]
	files := fstest.MapFS{
		"qs/manifest.json": {Data: []byte(`{"manifest_version": 3, "name": "qs", "version": "1",
		  "background": {"service_worker": "background.js", "scripts": ["background.js"]},
		  "content_scripts": [{"matches": ["https://example.com/*"], "js": ["cs.js"]}]}`)},
		"qs/background.js":     {Data: []byte(`chrome.runtime.onConnect.addListener(function (p) { p.onMessage.addListener(function (m) { console.log(m.greeting); }); });`)},
		"qs/cs.js":             {Data: []byte(`chrome.runtime.connect().postMessage({greeting: "hello"});`)},
		"qs/extension.test.js": {Data: []byte(body)},
	}
	code, out, errs, _ := runCLI(t, files, "test", "--profile", "chrome,firefox", "qs")
	if code != cli.ExitOK || !strings.HasSuffix(out, "\n2 passed, 0 failed\n") {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
}

// extsim test examples/ passes under both profiles: every example's driver
// test and every self-test.
func TestExamplesPassUnderBothProfiles(t *testing.T) {
	code, out, errs := runRepo(t, "test", "--profile", "chrome,firefox", "examples/")
	if code != cli.ExitOK || !strings.HasSuffix(out, " passed, 0 failed\n") {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	for _, want := range []string{
		"✓ examples/runtime-connect/runtime-connect.test.js › clicking the toolbar button reaches the content script (firefox)",
		"✓ examples/tabs-connect/tabs-connect.test.js › the toolbar button connects to the active tab's content script (chrome)",
		"✓ examples/reconnect/reconnect.test.js › the content script reconnects after the worker is stopped (firefox)",
		"✓ examples/no-answer/no-answer.test.js › chrome › the callback sees lastError (G8) (chrome)",
		"✓ examples/no-answer/no-answer.test.js › firefox › the callback sees no error (firefox)",
		"✓ examples/selftest-ports (firefox)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
