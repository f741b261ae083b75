package cli_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/extsim/extsim/internal/cli"
)

// runTrace runs "extsim trace ARGS..." through cli.TraceMain over an
// in-memory file system. createErr, when set, makes every Create fail.
func runTrace(t *testing.T, files fstest.MapFS, createErr error, args ...string) (code int, stdout, stderr string, created map[string]*bytes.Buffer) {
	t.Helper()
	env, out, errb, created := memEnv(t, files, createErr, args)
	return cli.TraceMain(env), out.String(), errb.String(), created
}

const smallTrace = `{"t":0,"kind":"context.start","from":"service-worker demo#1"}
{"t":0,"kind":"context.start","from":"tab 1 frame 0 content demo#3"}
{"t":0,"kind":"port.connect","ch":1,"from":"tab 1 frame 0 content demo#3","to":"extension abc","name":"p"}
{"t":0,"kind":"port.post","ch":1,"from":"tab 1 frame 0 content demo#3","to":"service-worker demo#1","size":9,"payload":{"a":"<i>"}}
{"t":0,"kind":"port.accept","ch":1,"to":"service-worker demo#1","name":"p"}
{"t":0,"kind":"port.deliver","ch":1,"to":"service-worker demo#1","size":9}
`

func TestTraceViewWritesAPage(t *testing.T) {
	files := fstest.MapFS{"runs/t.jsonl": {Data: []byte(smallTrace)}}
	for _, args := range [][]string{
		{"view", "runs/t.jsonl", "-o", "out.html"},
		{"view", "-o", "out.html", "runs/t.jsonl"},
	} {
		code, stdout, stderr, created := runTrace(t, files, nil, args...)
		if code != cli.ExitOK {
			t.Fatalf("%q: exit %d, stderr:\n%s", args, code, stderr)
		}
		if stdout != "wrote out.html (6 events)\n" {
			t.Errorf("%q: stdout %q", args, stdout)
		}
		page := created["out.html"]
		if page == nil {
			t.Fatalf("%q: out.html not written: %v", args, created)
		}
		html := page.String()
		for _, want := range []string{"<svg", "extsim trace t.jsonl", "service-worker demo#1", "tab 1 frame 0 content demo#3", `class="arrow post"`, `class="arrow connect"`} {
			if !strings.Contains(html, want) {
				t.Errorf("%q: page lacks %q", args, want)
			}
		}
		if strings.Contains(html, "<i>") {
			t.Errorf("%q: the payload's markup is unescaped", args)
		}
	}
}

func TestTraceViewOfARealRun(t *testing.T) {
	files := ext(seedManifest, map[string]string{
		"bg.js": `chrome.runtime.onMessage.addListener(function (m, s, reply) { reply("got " + m); });`,
		"cs.js": `chrome.runtime.sendMessage("hello");`,
	})
	code, _, stderr, created := runCLI(t, files, "run", "--open", "https://example.com/", "--trace", "t.jsonl", "ext")
	if code != cli.ExitOK {
		t.Fatalf("run: exit %d, stderr:\n%s", code, stderr)
	}
	files["t.jsonl"] = &fstest.MapFile{Data: created["t.jsonl"].Bytes()}
	code, _, stderr, pages := runTrace(t, files, nil, "view", "t.jsonl", "-o", "t.html")
	if code != cli.ExitOK {
		t.Fatalf("trace view: exit %d, stderr:\n%s", code, stderr)
	}
	html := pages["t.html"].String()
	for _, want := range []string{`class="arrow send"`, `class="arrow respond"`, "service-worker demo#1"} {
		if !strings.Contains(html, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

func TestTraceViewErrors(t *testing.T) {
	files := fstest.MapFS{
		"t.jsonl":   {Data: []byte(smallTrace)},
		"bad.jsonl": {Data: []byte(`{"t":0,"kind":"a"}` + "\n" + `{"t":0,"kind":"b"` + "\n")},
	}
	for _, tc := range []struct {
		args      []string
		createErr error
		code      int
		stderr    string
	}{
		{nil, nil, cli.ExitUsage, "usage: extsim trace view"},
		{[]string{"show", "t.jsonl"}, nil, cli.ExitUsage, `unknown subcommand "show"`},
		{[]string{"view"}, nil, cli.ExitUsage, "want exactly one trace file, got 0"},
		{[]string{"view", "t.jsonl"}, nil, cli.ExitUsage, "-o OUT.html is required"},
		{[]string{"view", "a", "b", "-o", "x.html"}, nil, cli.ExitUsage, "got 2"},
		{[]string{"view", "--bogus", "t.jsonl"}, nil, cli.ExitUsage, "flag provided but not defined"},
		{[]string{"view", "missing.jsonl", "-o", "x.html"}, nil, cli.ExitRuntime, "reading missing.jsonl"},
		{[]string{"view", "bad.jsonl", "-o", "x.html"}, nil, cli.ExitRuntime, "bad.jsonl: trace line 2"},
		{[]string{"view", "t.jsonl", "-o", "x.html"}, errors.New("disk full"), cli.ExitRuntime, "disk full"},
	} {
		code, _, stderr, created := runTrace(t, files, tc.createErr, tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.stderr) {
			t.Errorf("%q: exit %d, stderr:\n%s\nwant exit %d and %q", tc.args, code, stderr, tc.code, tc.stderr)
		}
		if code != cli.ExitOK && len(created) != 0 {
			t.Errorf("%q: failed but wrote %v", tc.args, created)
		}
	}
	for _, args := range [][]string{{"-h"}, {"view", "-h"}} {
		if code, _, _, _ := runTrace(t, files, nil, args...); code != cli.ExitOK {
			t.Errorf("%q: exit %d, want 0", args, code)
		}
	}
}
