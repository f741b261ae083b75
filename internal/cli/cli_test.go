package cli_test

import (
	"bytes"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/extsim/extsim/internal/cli"
)

type nopCloser struct{ *bytes.Buffer }

func (nopCloser) Close() error { return nil }

// memEnv is the process over an in-memory file system whose top-level
// directories are extensions; files created go to the returned map, and
// createErr, when set, makes every Create fail.
func memEnv(t *testing.T, files fstest.MapFS, createErr error, args []string) (env cli.Env, out, errb *bytes.Buffer, created map[string]*bytes.Buffer) {
	t.Helper()
	out, errb, created = &bytes.Buffer{}, &bytes.Buffer{}, map[string]*bytes.Buffer{}
	env = cli.Env{
		Args:   args,
		Stdout: out,
		Stderr: errb,
		DirFS: func(dir string) fs.FS {
			sub, err := fs.Sub(files, dir)
			if err != nil {
				t.Fatal(err)
			}
			return sub
		},
		Abs: func(p string) (string, error) { return "/work/" + p, nil },
		Create: func(p string) (io.WriteCloser, error) {
			if createErr != nil {
				return nil, createErr
			}
			b := &bytes.Buffer{}
			created[p] = b
			return nopCloser{b}, nil
		},
	}
	return env, out, errb, created
}

// runCLI runs the command in-process over an in-memory file system.
func runCLI(t *testing.T, files fstest.MapFS, args ...string) (code int, stdout, stderr string, created map[string]*bytes.Buffer) {
	t.Helper()
	env, out, errb, created := memEnv(t, files, nil, args)
	return cli.Main(env), out.String(), errb.String(), created
}

// runRepo runs the command in-process over the repository itself (the
// README's commands, the examples).
func runRepo(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := cli.Env{
		Args:   args,
		Stdout: &out,
		Stderr: &errb,
		DirFS:  func(dir string) fs.FS { return os.DirFS(filepath.Join("../..", dir)) },
		Abs:    filepath.Abs,
		Create: func(string) (io.WriteCloser, error) { t.Fatal("unexpected file"); return nil, nil },
	}
	return cli.Main(env), out.String(), errb.String()
}

func ext(manifest string, scripts map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{"ext/manifest.json": {Data: []byte(manifest)}}
	for name, src := range scripts {
		fsys["ext/"+name] = &fstest.MapFile{Data: []byte(src)}
	}
	return fsys
}

const seedManifest = `{"manifest_version": 3, "name": "demo", "version": "1",
  "background": {"service_worker": "bg.js", "scripts": ["bg.js"]},
  "content_scripts": [{"matches": ["<all_urls>"], "js": ["cs.js"]}],
  "action": {}}`

func TestRunPrintsEveryContextsConsoleAndClicksTheAction(t *testing.T) {
	files := ext(seedManifest, map[string]string{
		"bg.js": `chrome.action.onClicked.addListener(function (tab) { console.log("clicked in tab", tab.id, tab.url); });
		          chrome.runtime.onMessage.addListener(function (m) { console.log("background got", m); });`,
		"cs.js": `chrome.runtime.sendMessage("hello from " + document.URL);`,
	})
	for _, prof := range []string{"chrome", "firefox"} {
		code, out, errs, _ := runCLI(t, files, "run", "--profile", prof, "--open", "https://example.com/a", "ext", "--click-action")
		if code != cli.ExitOK {
			t.Fatalf("%s: exit %d, stderr:\n%s", prof, code, errs)
		}
		bg := map[string]string{"chrome": "[service-worker demo]", "firefox": "[background demo]"}[prof]
		want := bg + " background got hello from https://example.com/a\n" + bg + " clicked in tab 1 https://example.com/a\n"
		if out != want {
			t.Fatalf("%s: stdout\n%s\nwant\n%s", prof, out, want)
		}
	}
}

func TestRunExitsOneOnUncaughtErrors(t *testing.T) {
	files := ext(seedManifest, map[string]string{
		"bg.js": `chrome.runtime.onMessage.addListener(function () { throw new Error("listener broke"); });`,
		"cs.js": `chrome.runtime.sendMessage("x").catch(function () {});`,
	})
	code, out, _, _ := runCLI(t, files, "run", "--open", "https://example.com/", "ext")
	if code != cli.ExitUncaught || !strings.Contains(out, "Error in event handler: Error: listener broke") {
		t.Fatalf("exit %d, stdout:\n%s", code, out)
	}
}

func TestRunPrintsManifestDiagnosticsLikeACompiler(t *testing.T) {
	files := ext(`{"manifest_version": 3, "name": "bad", "version": "1",
  "background": {"service_worker": 7}}`, nil)
	code, _, errs, _ := runCLI(t, files, "run", "ext")
	if code != cli.ExitManifest || !strings.Contains(errs, "ext/manifest.json:2:36: error: background.service_worker must be a string") {
		t.Fatalf("exit %d, stderr:\n%s", code, errs)
	}
	mv2 := ext(`{"manifest_version": 2, "name": "old", "version": "1"}`, nil)
	code, _, errs, _ = runCLI(t, mv2, "run", "ext")
	if code != cli.ExitManifest || !strings.Contains(errs, "Cannot install extension because it uses an unsupported manifest version.") {
		t.Fatalf("MV2 in chrome: exit %d, stderr:\n%s", code, errs)
	}
	if code, _, _, _ = runCLI(t, mv2, "run", "--profile", "firefox", "ext"); code != cli.ExitOK {
		t.Fatalf("MV2 in firefox: exit %d", code)
	}
}

func TestRunWritesATrace(t *testing.T) {
	files := ext(seedManifest, map[string]string{
		"bg.js": `chrome.runtime.onConnect.addListener(function (p) { p.postMessage({greeting: "hi"}); });`,
		"cs.js": `chrome.runtime.connect({name: "n"});`,
	})
	code, _, errs, created := runCLI(t, files, "run", "--open", "https://example.com/", "--trace", "out.jsonl", "ext")
	if code != cli.ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	tr := created["out.jsonl"].String()
	for _, want := range []string{`"kind":"port.connect"`, `"name":"n"`, `"payload":{"greeting":"hi"}`, `"kind":"context.start"`} {
		if !strings.Contains(tr, want) {
			t.Errorf("trace lacks %s", want)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	files := ext(seedManifest, map[string]string{"bg.js": "", "cs.js": ""})
	for _, args := range [][]string{{}, {"frobnicate"}, {"run"}, {"run", "a", "b"}, {"run", "--profile", "safari", "ext"}, {"run", "--seed", "x", "ext"}, {"run", "--nope", "ext"}} {
		if code, _, _, _ := runCLI(t, files, args...); code != cli.ExitUsage {
			t.Errorf("%q: exit %d, want %d", args, code, cli.ExitUsage)
		}
	}
	if code, out, _, _ := runCLI(t, files, "help"); code != cli.ExitOK || !strings.Contains(out, "extsim run") {
		t.Errorf("help: exit %d", code)
	}
}

// --stop-worker-at stops the service worker at a virtual time; its ports
// close without error and the next event starts it again.
func TestRunStopWorkerAt(t *testing.T) {
	files := ext(seedManifest, map[string]string{
		"bg.js": `console.log("worker started at", performance.now() >= 0);
		          chrome.runtime.onConnect.addListener(function () {});`,
		"cs.js": `var p = chrome.runtime.connect(); p.onDisconnect.addListener(function () {
		            console.log("port closed at", Math.round(performance.now()), "ms");
		            chrome.runtime.connect();
		          });`,
	})
	code, out, errs, _ := runCLI(t, files, "run", "--open", "https://example.com/", "--for", "10s", "--stop-worker-at", "2s", "ext")
	if code != cli.ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if strings.Count(out, "worker started at true") != 2 || !strings.Contains(out, "port closed at 2000 ms") {
		t.Fatalf("stdout:\n%s", out)
	}
	if code, _, _, _ := runCLI(t, files, "run", "--stop-worker-at", "soon", "ext"); code != cli.ExitUsage {
		t.Fatalf("bad duration: exit %d", code)
	}
}
