package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// testdataDir is a conformance folder: the suite's testdata cases and
// pages and shared scripts, plus a known-differences file written by the
// test.
func testdataDir(t *testing.T, known string) string {
	t.Helper()
	dir := t.TempDir()
	abs, err := filepath.Abs("../suite/testdata")
	if err != nil {
		t.Fatal(err)
	}
	for _, sub := range []string{"cases", "lib", "web"} {
		if err := os.Symlink(filepath.Join(abs, sub), filepath.Join(dir, sub)); err != nil {
			t.Fatal(err)
		}
	}
	if known != "" {
		if err := os.WriteFile(filepath.Join(dir, "known-differences"), []byte(known), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestExtsimTargetsAndReport(t *testing.T) {
	dir := testdataDir(t, "# none yet\nfmt chromium stale on purpose\n")
	report := filepath.Join(t.TempDir(), "report.md")
	var out, errOut strings.Builder
	code := Main([]string{"-dir", dir, "-targets", "extsim-chrome,extsim-firefox", "-report", report}, &out, &errOut)
	if code != ExitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out.String(), errOut.String())
	}
	for _, want := range []string{
		"pass     cs-page                                  extsim-chrome",
		"fail     fails                                    extsim-firefox",
		"extsim-chrome vs chromium: not compared",
		"report written to " + report,
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "fails                                    extsim-chrome") {
		t.Errorf("a firefox-only case ran in extsim-chrome")
	}
	data, err := os.ReadFile(report)
	if err != nil || !strings.Contains(string(data), "| stop-worker | harness | pass | – |") {
		t.Errorf("report (%v):\n%s", err, data)
	}
}

// A required browser that cannot run fails the run, visibly.
func TestRequiredBrowserMissing(t *testing.T) {
	dir := testdataDir(t, "")
	t.Setenv("PATH", t.TempDir()) // no chromium, no firefox
	var out, errOut strings.Builder
	code := Main([]string{"-dir", dir, "-targets", "extsim-chrome,chromium", "-run", "^fmt$", "-require", "chromium"}, &out, &errOut)
	if code != ExitDisagree || !strings.Contains(out.String(), "NOT RUN  chromium: chromium not installed") ||
		!strings.Contains(out.String(), "FAIL: chromium is required (-require) but did not run") {
		t.Errorf("exit %d\n%s", code, out.String())
	}
	out.Reset()
	code = Main([]string{"-dir", dir, "-targets", "extsim-chrome,chromium", "-run", "^fmt$"}, &out, &errOut)
	if code != ExitOK || !strings.Contains(out.String(), "NOT RUN  chromium") {
		t.Errorf("not required: exit %d\n%s", code, out.String())
	}
}

func TestUsageErrors(t *testing.T) {
	dir := testdataDir(t, "")
	for _, args := range [][]string{
		{"-dir", dir, "-targets", "safari"},
		{"-dir", dir, "-require", "edge"},
		{"-dir", dir, "-run", "("},
		{"-dir", dir, "-run", "nothing-matches"},
		{"-dir", dir, "extra"},
		{"-dir", t.TempDir()},
	} {
		var out, errOut strings.Builder
		if code := Main(args, &out, &errOut); code != ExitUsage || errOut.Len() == 0 {
			t.Errorf("%q: exit %d, stderr %q", args, code, errOut.String())
		}
	}
}

func TestBadKnownDifferencesFile(t *testing.T) {
	dir := testdataDir(t, "fmt nowhere why\n")
	var out, errOut strings.Builder
	code := Main([]string{"-dir", dir, "-targets", "extsim-chrome", "-run", "^fmt$"}, &out, &errOut)
	if code != ExitUsage || !strings.Contains(errOut.String(), "known-differences:1: unknown target \"nowhere\"") {
		t.Errorf("exit %d, stderr %q", code, errOut.String())
	}
}
