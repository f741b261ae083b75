package cli_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/extsim/extsim/internal/cli"
)

// A tiny MV3 extension whose worker answers "ping" and logs what it hears.
const pingManifest = `{"manifest_version": 3, "name": "ping", "version": "1",
  "background": {"service_worker": "bg.js", "scripts": ["bg.js"]},
  "content_scripts": [{"matches": ["https://example.com/*"], "js": ["cs.js"]}]}`

func pingExt(dir string) fstest.MapFS {
	return fstest.MapFS{
		dir + "/manifest.json": {Data: []byte(pingManifest)},
		dir + "/bg.js": {Data: []byte(`chrome.runtime.onMessage.addListener(function (m, s, reply) {
  console.log("heard " + m);
  reply("pong " + m);
});`)},
		dir + "/cs.js": {Data: []byte(`chrome.runtime.sendMessage("from " + document.URL);`)},
	}
}

func file(name, src string) fstest.MapFS {
	return fstest.MapFS{name: {Data: []byte(src)}}
}

const mixedTests = `import { test, expect } from "extsim";

test("passes", async ({ browser }) => {
  const ext = await browser.loadExtension(".");
  await browser.newTab("https://example.com/");
  await expect(ext.background).toLog("heard from https://example.com/");
});

test("fails", async ({ browser }) => {
  const ext = await browser.loadExtension(".");
  await browser.newTab("https://example.com/");
  expect(ext.background.console).toEqual(["heard nothing"]);
});

test.skip("skipped", () => {});
`

// A failing expect shows the assertion, file:line and the line's text, and
// the last trace events; the summary line counts skips and comes last.
func TestDriverFailureReport(t *testing.T) {
	files := merge(pingExt("p"), file("p/p.test.js", mixedTests))
	code, out, errs, _ := runCLI(t, files, "test", "p")
	if code != cli.ExitUncaught {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	for _, want := range []string{
		"  ✓ p/p.test.js › passes (chrome)\n",
		"  ✘ p/p.test.js › fails (chrome)\n" +
			"      expect(received).toEqual\n      \n" +
			"      Expected: [\"heard nothing\"]\n" +
			"      Received: [\"heard from https://example.com/\"]\n      \n" +
			"      at p/p.test.js:12\n" +
			"      > expect(ext.background.console).toEqual([\"heard nothing\"]);\n      \n" +
			"      last trace events:\n",
		"oneoff.send", // the content script's message, in the trace tail
		"  - p/p.test.js › skipped (chrome)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if !strings.HasSuffix(out, "\n1 passed, 1 failed, 1 skipped\n") {
		t.Errorf("the summary is not the last line:\n%s", out)
	}
}

// --profile runs each test under each profile, reported separately;
// test.use pins a file or describe to one.
func TestDriverProfiles(t *testing.T) {
	files := merge(pingExt("p"), file("p/p.test.js", `import { test, describe, expect } from "extsim";
test("sees its profile", ({ browser, profile }) => { expect(browser.profile).toBe(profile); });
describe("firefox only", () => {
  test.use({ profile: "firefox" });
  test("pinned", ({ profile }) => { expect(profile).toBe("firefox"); });
});`))
	code, out, _, _ := runCLI(t, files, "test", "--profile", "chrome,firefox", "p")
	want := "  ✓ p/p.test.js › sees its profile (chrome)\n" +
		"  ✓ p/p.test.js › sees its profile (firefox)\n" +
		"  ✓ p/p.test.js › firefox only › pinned (firefox)\n" +
		"3 passed, 0 failed\n"
	if code != cli.ExitOK || out != want {
		t.Fatalf("exit %d\n%s\nwant\n%s", code, out, want)
	}
}

// A syntax error in a test file is reported with file:line:col and fails
// the run.
func TestDriverSyntaxError(t *testing.T) {
	files := file("s/broken.test.js", "import { test } from \"extsim\";\ntest(\"x\", () => {\n  let = = 1;\n});\n")
	code, out, errs, _ := runCLI(t, files, "test", "s")
	if code != cli.ExitUncaught || !regexp.MustCompile(`s/broken\.test\.js:3:\d+: syntax error: `).MatchString(out) || !strings.HasSuffix(out, "0 passed, 1 failed\n") {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
}

// A test that never finishes fails at --timeout of virtual time; one that
// awaits something the simulation can never settle fails at once.
func TestDriverNeverFinishes(t *testing.T) {
	files := merge(pingExt("p"), file("p/p.test.js", `import { test, expect } from "extsim";
test("waits forever for a log line", async ({ browser }) => {
  const ext = await browser.loadExtension(".");
  await expect(ext.background).toLog("never printed", { within: "1h" });
});
test("awaits a promise nobody settles", async () => {
  await new Promise(() => {});
});
test("advances past the timeout", async ({ clock }) => {
  await clock.advance("2m");
});`))
	code, out, _, _ := runCLI(t, files, "test", "--timeout", "30s", "p")
	for _, want := range []string{
		"test timeout: 30s of virtual time passed while waiting for a wait (toLog / expect.poll / eventually) (--timeout)",
		"the test is waiting for a promise that nothing settles",
		"test timeout: 30s of virtual time passed while waiting for clock.advance(2m0s) (--timeout)\n      \n      at p/p.test.js:9\n      > test(\"advances past the timeout\", async ({ clock }) => {\n",
		"0 passed, 3 failed\n",
	} {
		if code != cli.ExitUncaught || !strings.Contains(out, want) {
			t.Errorf("exit %d; output lacks %q:\n%s", code, want, out)
		}
	}
}

// Bad command lines exit 2 with a message naming what is wrong.
func TestDriverBadCommandLines(t *testing.T) {
	files := merge(pingExt("p"), file("p/p.test.js", mixedTests), fstest.MapFS{"notes.txt": {Data: []byte("hi")}, "empty/readme.txt": {Data: []byte("hi")}})
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--bogus", "p"}, "flag provided but not defined: -bogus"},
		{[]string{"missing"}, "extsim test: missing: no such file or directory"},
		{[]string{"notes.txt"}, "extsim test: notes.txt: not a test file"},
		{[]string{"--reporter", "xml", "p"}, `--reporter "xml": want one of list, dot, tap, junit, json`},
		{[]string{"--grep", "(", "p"}, "--grep: error parsing regexp"},
		{[]string{"--shard", "3/2", "p"}, `--shard "3/2": want i/n`},
		{[]string{"--seed", "x", "p"}, `--seed "x" is not a whole number`},
		{[]string{"--explore", "-1", "p"}, "--explore -1"},
		{[]string{"--workers", "-2", "p"}, "--workers -2"},
		{[]string{"--profile", "safari", "p"}, "--profile"},
		{[]string{"empty"}, "extsim test: no tests found"},
	} {
		code, _, errs, _ := runCLI(t, files, append([]string{"test"}, c.args...)...)
		if code != cli.ExitUsage || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, stderr %q, want %q", c.args, code, errs, c.want)
		}
	}
	if code, _, errs, _ := runCLI(t, files, "test", "-h"); code != cli.ExitOK || !strings.Contains(errs, "usage: extsim test") {
		t.Errorf("-h: exit %d\n%s", code, errs)
	}
}

// A test file named directly runs alone; --grep selects by title.
func TestDriverFileArgumentAndGrep(t *testing.T) {
	files := merge(pingExt("p"), file("p/p.test.js", mixedTests), file("p/other.test.js", `test("other", () => {});`))
	code, out, _, _ := runCLI(t, files, "test", "p/other.test.js")
	if code != cli.ExitOK || out != "  ✓ p/other.test.js › other (chrome)\n1 passed, 0 failed\n" {
		t.Fatalf("file argument: exit %d\n%s", code, out)
	}
	code, out, _, _ = runCLI(t, files, "test", "--grep", "pass|oth", "p")
	if code != cli.ExitOK || out != "  ✓ p/other.test.js › other (chrome)\n  ✓ p/p.test.js › passes (chrome)\n2 passed, 0 failed\n" {
		t.Fatalf("--grep: exit %d\n%s", code, out)
	}
}

// test.only runs only the marked tests.
func TestDriverOnly(t *testing.T) {
	files := file("o/o.test.js", `test("a", () => { throw new Error("should not run"); });
test.only("b", () => {});
describe.only("d", () => { test("c", () => {}); });`)
	code, out, _, _ := runCLI(t, files, "test", "o")
	if code != cli.ExitOK || out != "  ✓ o/o.test.js › b (chrome)\n  ✓ o/o.test.js › d › c (chrome)\n2 passed, 0 failed\n" {
		t.Fatalf("exit %d\n%s", code, out)
	}
}

// --shard i/n splits the tests into disjoint parts that cover them all.
func TestDriverShard(t *testing.T) {
	var src strings.Builder
	for _, n := range []string{"a", "b", "c", "d", "e"} {
		src.WriteString(`test("` + n + `", () => {});` + "\n")
	}
	files := file("s/s.test.js", src.String())
	_, all, _, _ := runCLI(t, files, "test", "s")
	var parts []string
	for _, shard := range []string{"1/2", "2/2"} {
		code, out, _, _ := runCLI(t, files, "test", "--shard", shard, "s")
		if code != cli.ExitOK {
			t.Fatalf("shard %s: exit %d\n%s", shard, code, out)
		}
		lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
		parts = append(parts, lines[:len(lines)-1]...)
	}
	allLines := strings.Split(strings.TrimRight(all, "\n"), "\n")
	if strings.Join(parts, "\n") != strings.Join(allLines[:len(allLines)-1], "\n") || len(parts) != 5 {
		t.Fatalf("shards do not partition the tests:\n%s\nvs\n%s", strings.Join(parts, "\n"), all)
	}
}

// Output is the same whatever the number of workers.
func TestDriverWorkersDeterministic(t *testing.T) {
	files := merge(pingExt("p"), file("p/p.test.js", mixedTests), file("p/q.test.js", `test("q", () => {});`), selfTest("self", mv3bg, `chrome.test.notifyPass();`))
	_, one, _, _ := runCLI(t, files, "test", "--workers", "1", "--profile", "chrome,firefox", "p", "self")
	_, four, _, _ := runCLI(t, files, "test", "--workers", "4", "--profile", "chrome,firefox", "p", "self")
	if one != four || !strings.HasSuffix(one, "6 passed, 2 failed, 2 skipped\n") {
		t.Fatalf("--workers changed the output:\n%s\nvs\n%s", one, four)
	}
}

// The machine-readable reporters: dot, tap, junit (XML) and json.
func TestDriverReporters(t *testing.T) {
	files := merge(pingExt("p"), file("p/p.test.js", mixedTests))
	code, out, _, _ := runCLI(t, files, "test", "--reporter", "dot", "p")
	if code != cli.ExitUncaught || !strings.HasPrefix(out, ".Fs\n") || !strings.Contains(out, "✘ p/p.test.js › fails (chrome)") || !strings.HasSuffix(out, "1 passed, 1 failed, 1 skipped\n") {
		t.Errorf("dot: exit %d\n%s", code, out)
	}
	code, out, _, _ = runCLI(t, files, "test", "--reporter", "tap", "p")
	if code != cli.ExitUncaught || !strings.HasPrefix(out, "TAP version 13\n1..3\nok 1 - p/p.test.js › passes (chrome)\nnot ok 2 - p/p.test.js › fails (chrome)\n  ---\n  # expect(received).toEqual\n") ||
		!strings.Contains(out, "ok 3 - p/p.test.js › skipped (chrome) # SKIP\n") || !strings.HasSuffix(out, "1 passed, 1 failed, 1 skipped\n") {
		t.Errorf("tap: exit %d\n%s", code, out)
	}
	code, out, errs, _ := runCLI(t, files, "test", "--reporter", "junit", "p")
	var suites struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Skipped  int `xml:"skipped,attr"`
		Suites   []struct {
			Name  string `xml:"name,attr"`
			Cases []struct {
				Name    string `xml:"name,attr"`
				Failure *struct {
					Message string `xml:"message,attr"`
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal([]byte(out), &suites); err != nil || code != cli.ExitUncaught || suites.Tests != 3 || suites.Failures != 1 || suites.Skipped != 1 ||
		suites.Suites[0].Name != "p/p.test.js" || suites.Suites[0].Cases[1].Failure == nil || suites.Suites[0].Cases[1].Failure.Message != "expect(received).toEqual" ||
		errs != "1 passed, 1 failed, 1 skipped\n" {
		t.Errorf("junit: exit %d, err %v, %+v\n%s\nstderr %q", code, err, suites, out, errs)
	}
	code, out, errs, _ = runCLI(t, files, "test", "--reporter", "json", "p")
	var doc struct {
		Tests []struct {
			Titles   []string
			Status   string
			Location string
			Source   string
		}
		Passed, Failed, Skipped int
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || code != cli.ExitUncaught || doc.Passed != 1 || doc.Failed != 1 || doc.Skipped != 1 ||
		doc.Tests[1].Location != "p/p.test.js:12" || doc.Tests[1].Status != "failed" || errs != "1 passed, 1 failed, 1 skipped\n" {
		t.Errorf("json: exit %d, err %v, %+v\n%s", code, err, doc, out)
	}
}

// --explore reruns each test under several seeds and names the seed of a
// failure; --seed with that seed replays it.
func TestDriverExploreFindsAndReplaysASeed(t *testing.T) {
	// Two tabs answer the background at the same instant: which answer
	// arrives first depends on the schedule (deliveries to different
	// contexts are permuted by the seed).
	files := merge(pingExt("p"), file("p/race.test.js", `import { test, expect } from "extsim";
test("tab 1 answers first", async ({ browser }) => {
  const ext = await browser.loadExtension(".");
  await browser.newTab("https://example.com/1");
  await browser.newTab("https://example.com/2");
  await expect.poll(() => ext.background.console.length).toBe(2);
  expect(ext.background.console[0]).toBe("heard from https://example.com/1");
});`))
	fixed := func(p string) fstest.MapFS {
		return merge(files, fstest.MapFS{"p/cs.js": {Data: []byte(`setTimeout(function () { chrome.runtime.sendMessage("from " + document.URL); }, 1000 - Date.now() % 1000);`)}})
	}
	files = fixed("")
	code, out, _, _ := runCLI(t, files, "test", "--explore", "8", "p")
	m := regexp.MustCompile(`failed with seed (\d+): replay with --seed (\d+)`).FindStringSubmatch(out)
	if code != cli.ExitUncaught || m == nil || m[1] != m[2] {
		t.Fatalf("--explore found no failing seed: exit %d\n%s", code, out)
	}
	code, out, _, _ = runCLI(t, files, "test", "--seed", m[1], "p")
	if code != cli.ExitUncaught || !strings.Contains(out, "✘ p/race.test.js › tab 1 answers first (chrome) [seed "+m[1]+"]") {
		t.Fatalf("--seed %s did not replay the failure: exit %d\n%s", m[1], code, out)
	}
	if code, out, _, _ := runCLI(t, files, "test", "p"); code != cli.ExitOK {
		t.Fatalf("the default (FIFO) order passes: exit %d\n%s", code, out)
	}
}

// Progress shows only when stdout is a terminal.
func TestDriverProgressOnlyOnATerminal(t *testing.T) {
	files := file("t/t.test.js", `test("a", () => {});`)
	env, out, _, _ := memEnv(t, files, nil, []string{"test", "t"})
	env.Terminal = true
	if code := cli.Main(env); code != cli.ExitOK || !strings.Contains(out.String(), "\r  running: 1/1") {
		t.Fatalf("terminal: exit %d %q", code, out.String())
	}
	env, out, _, _ = memEnv(t, files, nil, []string{"test", "t"})
	if code := cli.Main(env); code != cli.ExitOK || bytes.ContainsRune(out.Bytes(), '\r') {
		t.Fatalf("not a terminal: exit %d %q", code, out.String())
	}
}

// A manifest error in an extension a test loads fails that test with the
// diagnostic.
func TestDriverLoadExtensionError(t *testing.T) {
	files := merge(fstest.MapFS{"b/ext/manifest.json": {Data: []byte(`{"manifest_version": 3, "name": "b", "version": "1", "background": {"service_worker": 5}}`)}},
		file("b/b.test.js", `test("loads", async ({ browser }) => { await browser.loadExtension("ext"); });`))
	code, out, _, _ := runCLI(t, files, "test", "b/b.test.js")
	if code != cli.ExitUncaught || !strings.Contains(out, "loadExtension(b/ext): b/ext/manifest.json:1:") || !strings.Contains(out, "background.service_worker must be a string") {
		t.Fatalf("exit %d\n%s", code, out)
	}
}

// *.test.ts files are found and run; a failure points at the .ts line.
func TestDriverTypeScriptFile(t *testing.T) {
	files := file("ts/a.test.ts", "import { test, expect } from \"extsim\";\nconst n: number = 1;\ntest(\"typed\", () => {\n  expect(n as number).toBe(2);\n});\n")
	code, out, _, _ := runCLI(t, files, "test", "ts")
	if code != cli.ExitUncaught || !strings.Contains(out, "✘ ts/a.test.ts › typed (chrome)") || !strings.Contains(out, "at ts/a.test.ts:4\n      > expect(n as number).toBe(2);") {
		t.Fatalf("exit %d\n%s", code, out)
	}
}

// test.use at the top of a file pins every test in it.
func TestDriverFileLevelProfile(t *testing.T) {
	files := file("f/f.test.js", `test.use({ profile: "firefox" });
test("a", ({ profile }) => { expect(profile).toBe("firefox"); });`)
	code, out, _, _ := runCLI(t, files, "test", "--profile", "chrome,firefox", "f")
	if code != cli.ExitOK || out != "  ✓ f/f.test.js › a (firefox)\n1 passed, 0 failed\n" {
		t.Fatalf("exit %d\n%s", code, out)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// A report that cannot be written exits 4.
func TestDriverReportWriteError(t *testing.T) {
	files := file("w/w.test.js", `test("a", () => {});`)
	env, _, errb, _ := memEnv(t, files, nil, []string{"test", "--reporter", "json", "w"})
	env.Stdout = failingWriter{}
	if code := cli.Main(env); code != cli.ExitRuntime || !strings.Contains(errb.String(), "extsim test: disk full") {
		t.Fatalf("exit %d %q", code, errb.String())
	}
}

// A self-test whose manifest is broken exits 3, prints the diagnostic, and
// counts as failed in the closing line.
func TestTestCommandManifestError(t *testing.T) {
	files := merge(selfTest("broken", `{"manifest_version": 3, "name": "b", "version": "1", "background": {"service_worker": 7}}`, `chrome.test.notifyPass();`),
		file("ok/ok.test.js", `test("fine", () => {});`))
	code, out, errs, _ := runCLI(t, files, "test", "broken", "ok")
	if code != cli.ExitManifest || !strings.Contains(errs, "broken/manifest.json:1:") || out != "  ✓ ok/ok.test.js › fine (chrome)\n  ✘ broken (chrome)\n      the extension did not load (the manifest errors are on stderr)\n1 passed, 1 failed\n" {
		t.Fatalf("exit %d\n%s\nstderr:\n%s", code, out, errs)
	}
}
