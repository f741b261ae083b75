package driver

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
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
	if len(cases) != 19 {
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
