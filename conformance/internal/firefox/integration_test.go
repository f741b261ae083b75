package firefox

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/extsim/extsim/conformance/internal/server"
	"github.com/extsim/extsim/conformance/internal/suite"
)

// newServer starts the harness's loopback server serving testdata/web.
func newServer(t *testing.T) *server.Server {
	t.Helper()
	web, err := filepath.Abs(filepath.Join("testdata", "web"))
	if err != nil {
		t.Fatal(err)
	}
	srv := server.New(web, nil)
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

// hookedReports runs onWait when the target starts waiting for a case.
type hookedReports struct {
	suite.Reports
	onWait func()
}

func (h hookedReports) Wait(ctx context.Context, token string) *suite.Result {
	h.onWait()
	return h.Reports.Wait(ctx, token)
}

// newBrowser starts the target or skips the test when Firefox is absent.
func newBrowser(t *testing.T, prefs map[string]any) *Target {
	t.Helper()
	if _, err := exec.LookPath("firefox-esr"); err != nil {
		t.Skip("firefox-esr not installed: ", err)
	}
	began := time.Now()
	ff, err := New(Options{Prefs: prefs})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("browser start: %v (Firefox %s)", time.Since(began).Round(time.Millisecond), ff.Version())
	t.Cleanup(func() {
		if err := ff.Close(); err != nil {
			t.Error(err)
		}
	})
	return ff
}

// prepare copies testdata/mv3 into a fresh folder with conf.js pointing at
// sink and edit applied to the manifest, and returns it as a case.
func prepare(t *testing.T, sink *server.Server, token string, edit func(manifest map[string]any)) *suite.Prepared {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join("testdata", "mv3")
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if e.Name() == "manifest.json" && edit != nil {
			var m map[string]any
			if err := json.Unmarshal(data, &m); err != nil {
				t.Fatal(err)
			}
			edit(m)
			if data, err = json.Marshal(m); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	conf := fmt.Sprintf("globalThis.CONF = {base: %q, token: %q};\n", sink.BaseURL(), token)
	if err := os.WriteFile(filepath.Join(dir, "conf.js"), []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	return &suite.Prepared{
		Name: "target-test", Family: "firefox", Dir: dir, SelfID: "target-test@extsim.test",
		Token: token, BaseURL: sink.BaseURL(), Limit: 15 * time.Second,
	}
}

// wantOnlyBlankTab checks that the cleanup left exactly the kept tab, blank.
func wantOnlyBlankTab(t *testing.T, ff *Target) {
	t.Helper()
	tabs, err := ff.b.topContexts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(tabs) != 1 || tabs[0].URL != "about:blank" || tabs[0].Context != ff.keep {
		t.Errorf("after the case the browser has tabs %+v; want only the kept about:blank tab", tabs)
	}
}

var wantGrantedLog = map[string][]string{
	"bg": {"granted true"},
	"cs": {"ran on /page.html", "pong to /page.html in a tab yes"},
}

// TestOneBrowserManyCases runs every kind of case in one browser, in
// order, as the harness does: each must leave the browser clean for the
// next.
func TestOneBrowserManyCases(t *testing.T) {
	ff := newBrowser(t, nil)
	sink := newServer(t)
	if ff.Version() == "" {
		t.Error("Version() is empty")
	}
	for _, sub := range []struct {
		name string
		run  func(*testing.T, *Target, *server.Server)
	}{
		{"content script on loopback, MV3 and MV2", contentScriptOnLoopback},
		{"broken cases are case errors", brokenCasesAreCaseErrors},
		{"a case closing the kept tab", caseClosingTheKeptTab},
		{"T.control is refused", controlIsRefused},
		{"browser death is the target's error, then a restart", browserDeathThenRestart},
	} {
		if !t.Run(sub.name, func(t *testing.T) { sub.run(t, ff, sink) }) {
			return
		}
	}
}

// contentScriptOnLoopback: an MV3 temporary add-on's content script runs
// on http://127.0.0.1 without a prompt and messages its background, then
// the same as MV2; the target cleans up between them.
func contentScriptOnLoopback(t *testing.T, ff *Target, sink *server.Server) {
	for i, mv := range []int{3, 2, 3} {
		token := fmt.Sprintf("tok-%d", i)
		c := prepare(t, sink, token, func(m map[string]any) {
			if mv == 2 {
				m["manifest_version"] = 2
				m["permissions"] = m["host_permissions"]
				delete(m, "host_permissions")
			}
		})
		began := time.Now()
		res, err := ff.Run(context.Background(), c, sink)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("MV%d case: install+run+uninstall+cleanup %v (result after %v)", mv, time.Since(began).Round(time.Millisecond), res.Elapsed.Round(time.Millisecond))
		if res.Outcome != suite.Pass || !reflect.DeepEqual(res.Log, wantGrantedLog) {
			t.Errorf("MV%d run %d: %s %q, log %v; want pass with %v", mv, i, res.Outcome, res.Message, res.Log, wantGrantedLog)
		}
		wantOnlyBlankTab(t, ff)
	}
}

// TestMV3HostPermissionGrant: with Firefox's own default for
// extensions.originControls.grantByDefault (true in 153) a temporary MV3
// add-on's host permission is granted at install without a prompt; with
// the pref false it is not, the content script never runs and the case
// times out. The target writes the pref as true (see the package doc).
func TestMV3HostPermissionGrant(t *testing.T) {
	for _, tc := range []struct {
		name    string
		pref    any
		outcome suite.Outcome
		log     map[string][]string
	}{
		{"firefox default", nil, suite.Pass, wantGrantedLog},
		{"pref false", false, suite.Timeout, map[string][]string{"bg": {"granted false"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ff := newBrowser(t, map[string]any{"extensions.originControls.grantByDefault": tc.pref})
			sink := newServer(t)
			c := prepare(t, sink, "tok", nil)
			c.Limit = 3 * time.Second
			res, err := ff.Run(context.Background(), c, sink)
			if err != nil {
				t.Fatal(err)
			}
			if res.Outcome != tc.outcome {
				t.Errorf("outcome %s %q; want %s", res.Outcome, res.Message, tc.outcome)
			}
			if got := res.Log; !reflect.DeepEqual(got, tc.log) {
				t.Errorf("log %v; want %v", got, tc.log)
			}
			wantOnlyBlankTab(t, ff)
		})
	}
}

// brokenCasesAreCaseErrors: an extension Firefox refuses, or one whose
// id is not the one the shim was told, is the case's error, not the
// target's; the browser goes on serving cases.
func brokenCasesAreCaseErrors(t *testing.T, ff *Target, sink *server.Server) {

	bad := prepare(t, sink, "tok-bad", nil)
	if err := os.WriteFile(filepath.Join(bad.Dir, "manifest.json"), []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := ff.Run(context.Background(), bad, sink)
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcome != suite.Error || !strings.Contains(res.Message, "installing the extension from "+bad.Dir) {
		t.Errorf("unparsable manifest: %s %q; want an error naming the install and folder", res.Outcome, res.Message)
	}

	wrong := prepare(t, sink, "tok-wrong", nil)
	wrong.SelfID = "someone-else@extsim.test"
	res, err = ff.Run(context.Background(), wrong, sink)
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcome != suite.Error || !strings.Contains(res.Message, `"someone-else@extsim.test"`) {
		t.Errorf("wrong id: %s %q; want an error naming both ids", res.Outcome, res.Message)
	}
	wantOnlyBlankTab(t, ff)

	good := prepare(t, sink, "tok-good", nil)
	if res, err = ff.Run(context.Background(), good, sink); err != nil || res.Outcome != suite.Pass {
		t.Fatalf("a good case after broken ones: %v, %v", res, err)
	}
}

// browserDeathThenRestart: when the browser dies during a
// case Run reports the target's error, and the next case gets a new
// browser.
func browserDeathThenRestart(t *testing.T, ff *Target, sink *server.Server) {
	pid := ff.proc.cmd.Process.Pid
	killer := hookedReports{sink, func() { syscall.Kill(-pid, syscall.SIGKILL) }}
	_, err := ff.Run(context.Background(), prepare(t, sink, "tok-dies", nil), killer)
	if err == nil || !strings.Contains(err.Error(), "during the case") {
		t.Fatalf("Run with the browser killed: %v; want the target's error", err)
	}
	if ff.proc.cmd.Process.Pid == pid {
		t.Fatal("the dead browser was not replaced")
	}
	res, err := ff.Run(context.Background(), prepare(t, sink, "tok-after", nil), sink)
	if err != nil || res.Outcome != suite.Pass {
		t.Fatalf("the case after a restart: %v, %v", res, err)
	}
}

// caseClosingTheKeptTab: a case that closes the tab the target keeps
// between cases (but not its own) is cleaned up in the same browser, and the
// next case runs there.
func caseClosingTheKeptTab(t *testing.T, ff *Target, sink *server.Server) {
	c := prepare(t, sink, "tok-closer", nil)
	closer := `(async () => {
  const before = await browser.tabs.query({});
  await browser.tabs.create({url: CONF.base + "/page.html?own"});
  await browser.tabs.remove(before.map((t) => t.id));
  await report("bg", "log", "closed " + before.length);
  await report("bg", "done", "");
})();
`
	if err := os.WriteFile(filepath.Join(c.Dir, "bg.js"), []byte(closer), 0o644); err != nil {
		t.Fatal(err)
	}
	pid, kept := ff.proc.cmd.Process.Pid, ff.keep
	res, err := ff.Run(context.Background(), c, sink)
	if err != nil || res.Outcome != suite.Pass || !reflect.DeepEqual(res.Log["bg"], []string{"closed 1"}) {
		t.Fatalf("the closing case: %+v, %v", res, err)
	}
	if ff.proc.cmd.Process.Pid != pid {
		t.Error("the browser was restarted; cleanup should have kept it")
	}
	if ff.keep == kept {
		t.Error("the kept tab is still the closed one")
	}
	wantOnlyBlankTab(t, ff)
	res, err = ff.Run(context.Background(), prepare(t, sink, "tok-next", nil), sink)
	if err != nil || res.Outcome != suite.Pass {
		t.Fatalf("the case after it: %v, %v", res, err)
	}
}

// controlIsRefused: a T.control("stopWorker") request reaches the target
// through the harness's server and is answered with the target's error.
func controlIsRefused(t *testing.T, ff *Target, sink *server.Server) {
	c := prepare(t, sink, "tok-control", nil)
	bg := `(async () => {
  reportSeq++;
  const r = await fetch(CONF.base + "/__report", {method: "POST", body: JSON.stringify(
    {token: CONF.token, kind: "control", ctx: "bg", instance: reportInstance, seq: reportSeq, action: "stopWorker"})});
  const answer = await r.json();
  await report("bg", "log", answer.error || "no error");
  await report("bg", "done", "");
})();
`
	if err := os.WriteFile(filepath.Join(c.Dir, "bg.js"), []byte(bg), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := ff.Run(context.Background(), c, sink)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{"bg": {errStopWorker.Error()}}
	if res.Outcome != suite.Pass || !reflect.DeepEqual(res.Log, want) {
		t.Errorf("T.control: %s %q, log %v; want pass with %v", res.Outcome, res.Message, res.Log, want)
	}
	wantOnlyBlankTab(t, ff)
}
