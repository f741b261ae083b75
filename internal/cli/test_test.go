package cli_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/extsim/extsim/internal/cli"
)

func selfTest(name, manifest, bg string) fstest.MapFS {
	return fstest.MapFS{
		name + "/manifest.json": {Data: []byte(manifest)},
		name + "/bg.js":         {Data: []byte(bg)},
	}
}

const mv3bg = `{"manifest_version": 3, "name": "t", "version": "1", "background": {"service_worker": "bg.js", "scripts": ["bg.js"]}}`

func merge(fss ...fstest.MapFS) fstest.MapFS {
	out := fstest.MapFS{}
	for _, f := range fss {
		for k, v := range f {
			out[k] = v
		}
	}
	return out
}

// extsim test passes and fails self-testing extensions as the browsers'
// harnesses decide, under each profile, and says why.
func TestTestCommand(t *testing.T) {
	files := merge(
		selfTest("pass", mv3bg, `
		  if (typeof chrome.test.runTests === "function" && chrome.test.callbackPass) {
		    chrome.test.runTests([function roundTrip() { chrome.test.assertEq(2, 1 + 1); chrome.test.succeed(); }]);
		  } else {
		    browser.test.assertEq(2, 1 + 1); browser.test.notifyPass("done");
		  }`),
		selfTest("fail", mv3bg, `chrome.test.notifyFail("broken on purpose");`),
		selfTest("silent", mv3bg, `console.log("never reports");`),
	)
	code, out, errs, _ := runCLI(t, files, "test", "--profile", "chrome,firefox", "pass", "fail", "silent")
	if code != cli.ExitUncaught {
		t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, cli.ExitUncaught, out, errs)
	}
	for _, want := range []string{
		"  ✓ pass (chrome)\n", "  ✓ pass (firefox)\n      done\n",
		"  ✘ fail (chrome)\n      broken on purpose\n", "  ✘ fail (firefox)\n      broken on purpose\n",
		"  ✘ silent (chrome)\n      no final result: nothing was left to run",
		"2 passed, 4 failed\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if code, out, _, _ := runCLI(t, files, "test", "pass"); code != cli.ExitOK || !strings.Contains(out, "1 passed, 0 failed") {
		t.Fatalf("a passing run: exit %d\n%s", code, out)
	}
	// Without a path, the current folder is searched: "pass" and "fail" use
	// the test API, "silent" does not, so it is not a test there.
	if code, out, _, _ := runCLI(t, files, "test"); code != cli.ExitUncaught || !strings.HasSuffix(out, "1 passed, 1 failed\n") {
		t.Fatalf("no paths: exit %d\n%s", code, out)
	}
}

// An extension that keeps running (a timer loop) and never reports is
// stopped at --timeout of virtual time.
func TestTestCommandTimeout(t *testing.T) {
	files := selfTest("loop", mv3bg, `setInterval(function () {}, 1000);`)
	code, out, _, _ := runCLI(t, files, "test", "--timeout", "10s", "loop")
	if code != cli.ExitUncaught || !strings.Contains(out, "no final result within 10s of virtual time") {
		t.Fatalf("exit %d\n%s", code, out)
	}
}

// A failed assertion fails the extension even when it later reports a pass
// (Firefox's assertions do not throw).
func TestTestCommandAssertionThenPassFails(t *testing.T) {
	files := selfTest("sneaky", mv3bg, `browser.test.assertEq(1, 2, "one is two"); browser.test.notifyPass();`)
	code, out, _, _ := runCLI(t, files, "test", "--profile", "firefox", "sneaky")
	if code != cli.ExitUncaught || !strings.Contains(out, "✘ sneaky (firefox)\n      reported a pass after 1 failed assertion(s)") ||
		!strings.Contains(out, "one is two - Expected: 1, Actual: 2") {
		t.Fatalf("exit %d\n%s", code, out)
	}
}
