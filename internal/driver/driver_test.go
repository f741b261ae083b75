package driver

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func memEnv(files fstest.MapFS) Env {
	return Env{
		DirFS: func(dir string) fs.FS {
			sub, err := fs.Sub(files, dir)
			if err != nil {
				panic(err)
			}
			return sub
		},
		Abs: func(p string) (string, error) { return "/work/" + p, nil },
	}
}

// runSource runs every test of one file under the profile.
func runSource(t *testing.T, files fstest.MapFS, name, profile string) []Result {
	t.Helper()
	env := memEnv(files)
	f := &File{Path: name, Source: string(files[name].Data)}
	cases, err := Collect(env, f)
	if err != nil {
		t.Fatalf("collect: %v", err)
	}
	var runs []Run
	for _, c := range cases {
		runs = append(runs, Run{Case: c, Profile: profile})
	}
	return RunFile(env, f, runs, Options{})
}

func TestSmoke(t *testing.T) {
	files := fstest.MapFS{
		"t/a.test.js": {Data: []byte(`
import { test, expect } from "extsim";
test("adds", async ({ browser }) => {
  const ext = await browser.loadExtension({
    "manifest.json": {manifest_version: 3, name: "e", version: "1", background: {service_worker: "bg.js", scripts: ["bg.js"]}},
    "bg.js": "globalThis.x = 41; console.log('hello from bg');",
  });
  expect(await ext.background.evaluate((d) => x + d, 1)).toBe(42);
  await expect(ext.background).toLog("hello");
});
test("fails", () => {
  expect(1 + 1).toBe(3);
});
`)},
	}
	res := runSource(t, files, "t/a.test.js", "chrome")
	for _, r := range res {
		t.Logf("%s %s %q %s %q", r.Case.Name(), r.Status, r.Message, r.Location, r.Source)
	}
	if res[0].Status != Passed || res[1].Status != Failed || !strings.Contains(res[1].Message, "Expected: 3") {
		t.Fatal(res)
	}
}

// api.test.js exercises the whole API; every test in it must pass, and all
// of them must have run.
func TestAPI(t *testing.T) {
	env := Env{DirFS: func(dir string) fs.FS { return os.DirFS(dir) }, Abs: filepath.Abs}
	src, err := os.ReadFile("testdata/api.test.js")
	if err != nil {
		t.Fatal(err)
	}
	f := &File{Path: "testdata/api.test.js", Source: string(src)}
	cases, err := Collect(env, f)
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 21 {
		t.Fatalf("only %d tests collected", len(cases))
	}
	var runs []Run
	for _, c := range cases {
		runs = append(runs, Run{Case: c, Profile: "chrome"})
	}
	for _, r := range RunFile(env, f, runs, Options{}) {
		if r.Status != Passed {
			t.Errorf("%s: %s\n%s\n  at %s: %s", r.Case.Name(), r.Status, r.Message, r.Location, r.Source)
		}
	}
}

// types/extsim.d.ts declares every export, matcher and browser method
// api.js defines, so editors know the whole API.
func TestTypesCoverTheAPI(t *testing.T) {
	dts, err := os.ReadFile("../../types/extsim.d.ts")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range exportNames() {
		if !regexp.MustCompile(`export (const|function|class) ` + name + `\b`).Match(dts) {
			t.Errorf("extsim.d.ts does not export %s", name)
		}
	}
	// Matchers ("    toBe(r, e) {") and class methods ("    navigate(url) {").
	for _, m := range regexp.MustCompile(`(?m)^    (?:async )?(?:get )?([a-zA-Z]+)\([^)]*\) \{`).FindAllStringSubmatch(apiSource, -1) {
		name := m[1]
		if name == "constructor" || name == "consoleLines" {
			continue
		}
		if !regexp.MustCompile(`\b` + name + `[?]?[(:<]`).Match(dts) {
			t.Errorf("extsim.d.ts lacks %s", name)
		}
	}
}

// A runaway loop in a test file is interrupted (real-time watchdog) and
// fails that test only; the next test still runs.
func TestRunawayTestIsInterrupted(t *testing.T) {
	files := fstest.MapFS{"r/r.test.js": {Data: []byte(`test("spins", () => { for (;;) {} });
test("next", () => {});`)}}
	env := memEnv(files)
	f := &File{Path: "r/r.test.js", Source: string(files["r/r.test.js"].Data)}
	cases, err := Collect(env, f)
	if err != nil {
		t.Fatal(err)
	}
	res := RunFile(env, f, []Run{{Case: cases[0], Profile: "chrome"}, {Case: cases[1], Profile: "chrome"}}, Options{ScriptTimeout: 50 * time.Millisecond})
	if res[0].Status != Failed || !strings.Contains(res[0].Message, "test file ran longer than 50ms of real time") || res[1].Status != Passed {
		t.Fatalf("%+v", res)
	}
}

// Errors while loading a file name it: a throw at the top level, a bad
// import, a browser call outside a test, bad arguments to test().
func TestFileLoadErrors(t *testing.T) {
	for src, want := range map[string]string{
		`throw new Error("top");`:                           "l/l.test.js: Error: top",
		`import { nope } from "lodash";`:                    `l/l.test.js: import "lodash": only "extsim" and relative paths`,
		`import { x } from "./missing.js";`:                 `l/l.test.js: import "./missing.js"`,
		`test("x");`:                                        `test("x"): the second argument must be a function`,
		`describe(1, () => {});`:                            "describe: the first argument must be the name",
		`test.use({ profile: "safari" });`:                  `test.use: profile must be "chrome" or "firefox", got "safari"`,
		`await new Promise(() => {});`:                      "the file's top-level await never finished",
		`import { test } from "extsim"; test.beforeAll(5);`: "beforeAll: pass a function",
	} {
		files := fstest.MapFS{"l/l.test.js": {Data: []byte(src)}}
		_, err := Collect(memEnv(files), &File{Path: "l/l.test.js", Source: src})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want %q", src, err, want)
		}
	}
}

// Browser calls need a test's browser.
func TestBrowserCallOutsideATest(t *testing.T) {
	files := fstest.MapFS{"o/o.test.js": {Data: []byte(`let saved;
beforeAll(() => {});
test("keeps the browser", ({ browser }) => { saved = browser; });
afterAll(async () => { await saved.newTab("https://example.com/"); });`)}}
	res := runSource(t, files, "o/o.test.js", "chrome")
	if res[0].Status != Failed || !strings.Contains(res[0].Message, "afterAll: TypeError: extsim: there is no browser here") {
		t.Fatalf("%+v", res)
	}
}

// *.test.ts files are transpiled (types stripped); a failing expect and a
// syntax error point at the TypeScript lines.
func TestTypeScript(t *testing.T) {
	src := `import { test, expect } from "extsim";

interface Point { x: number; y: number }

function norm(p: Point): number {
  return Math.abs(p.x) + Math.abs(p.y);
}

test("typed", () => {
  const p: Point = { x: 3, y: -4 };
  expect(norm(p)).toBe(7);
});

test("fails on line 16", () => {
  const wrong: number = 1;
  expect(wrong).toBe(2);
});
`
	files := fstest.MapFS{"ts/a.test.ts": {Data: []byte(src)}}
	res := runSource(t, files, "ts/a.test.ts", "chrome")
	if res[0].Status != Passed || res[1].Status != Failed || res[1].Location != "ts/a.test.ts:16" || res[1].Source != "expect(wrong).toBe(2);" {
		t.Fatalf("%+v\n%+v", res[0], res[1])
	}
	bad := fstest.MapFS{"ts/b.test.ts": {Data: []byte("let x: number = ;\n")}}
	_, err := Collect(memEnv(bad), &File{Path: "ts/b.test.ts", Source: "let x: number = ;\n"})
	if err == nil || !strings.Contains(err.Error(), "ts/b.test.ts:1:17: syntax error: Unexpected \";\"") {
		t.Fatalf("syntax error: %v", err)
	}
}
