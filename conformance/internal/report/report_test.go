package report

import (
	"strings"
	"testing"

	"github.com/extsim/extsim/conformance/internal/harness"
	"github.com/extsim/extsim/conformance/internal/suite"
)

func TestParseKnown(t *testing.T) {
	in := "# why these differ\n\ncase-a chromium Chromium 156 drops the reply (crbug 1)\n  case-b firefox   extsim lacks X  \n"
	got, err := ParseKnown(strings.NewReader(in), "known-differences")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0] != (Known{Case: "case-a", Target: "chromium", Reason: "Chromium 156 drops the reply (crbug 1)", Line: 3}) ||
		got[1].Case != "case-b" || got[1].Reason != "extsim lacks X" || got[1].Line != 4 {
		t.Errorf("got %+v", got)
	}
}

func TestParseKnown_Errors(t *testing.T) {
	for in, want := range map[string]string{
		"case-a chromium\n":                               "known-differences:1: want \"case target reason\"",
		"# c\ncase-a safari because\n":                    "known-differences:2: unknown target \"safari\"",
		"case-a chromium one\ncase-a extsim-chrome two\n": "known-differences:2: case-a extsim-chrome is already listed on line 1",
	} {
		if _, err := ParseKnown(strings.NewReader(in), "known-differences"); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: err = %v, want %q", in, err, want)
		}
	}
}

func TestLoadKnown_MissingFileListsNothing(t *testing.T) {
	k, err := LoadKnown(t.TempDir() + "/none")
	if err != nil || k != nil {
		t.Errorf("%v %v", k, err)
	}
}

func res(o suite.Outcome, msg string, log map[string][]string) *suite.Result {
	return &suite.Result{Outcome: o, Message: msg, Log: log}
}

func TestAgree(t *testing.T) {
	a := res(suite.Pass, "", map[string][]string{"bg": {"1", "2"}, "cs": {"x"}})
	for _, tc := range []struct {
		b    *suite.Result
		want bool
	}{
		{res(suite.Pass, "", map[string][]string{"cs": {"x"}, "bg": {"1", "2"}}), true},
		{res(suite.Pass, "", map[string][]string{"bg": {"2", "1"}, "cs": {"x"}}), false},
		{res(suite.Pass, "", map[string][]string{"bg": {"1", "2"}}), false},
		{res(suite.Pass, "", map[string][]string{"bg": {"1", "2"}, "cs": {"x"}, "page": {}}), true},
		{res(suite.Fail, "bg: x", map[string][]string{"bg": {"1", "2"}, "cs": {"x"}}), false},
		{nil, false},
	} {
		if got := Agree(a, tc.b); got != tc.want {
			t.Errorf("Agree(a, %+v) = %v", tc.b, got)
		}
	}
	if Agree(res(suite.Timeout, "t", nil), res(suite.Timeout, "t", nil)) {
		t.Errorf("two timeouts agree")
	}
	if Agree(res(suite.Fail, "bg: a", nil), res(suite.Fail, "bg: b", nil)) {
		t.Errorf("fails with different messages agree")
	}
}

func results() *harness.Results {
	cases := []*suite.Case{{Name: "same", Rules: []string{"B5"}}, {Name: "differs", Rules: []string{"E1"}}, {Name: "known", Rules: []string{"X"}}}
	pass := func(l ...string) *suite.Result { return res(suite.Pass, "", map[string][]string{"bg": l}) }
	return &harness.Results{
		Cases:    cases,
		Targets:  []string{"extsim-chrome", "chromium"},
		Versions: map[string]string{"extsim-chrome": "extsim", "chromium": "Chromium 156"},
		NotRun:   []harness.NotRun{{Target: "firefox", Reason: "firefox not installed"}},
		Runs: map[string]map[string]*suite.Result{
			"same":    {"extsim-chrome": pass("a"), "chromium": pass("a")},
			"differs": {"extsim-chrome": pass("a", "b|c"), "chromium": pass("a", "c")},
			"known":   {"extsim-chrome": pass("x"), "chromium": pass("y")},
		},
	}
}

func TestSummarize(t *testing.T) {
	known := []Known{{Case: "known", Target: "chromium", Reason: "because", Line: 2}, {Case: "same", Target: "chromium", Reason: "old", Line: 3}, {Case: "gone", Target: "firefox", Reason: "old", Line: 4}}
	s := Summarize(results(), known)
	p := s.Pairs[0]
	if !p.Ran || p.Compared != 3 || p.Agreed != 1 || len(p.Disagreements) != 2 || p.Unexplained() != 1 || s.OK() {
		t.Errorf("pair %+v, OK %v", p, s.OK())
	}
	if s.Pairs[1].Ran {
		t.Errorf("firefox pair counted as run")
	}
	if len(s.Stale) != 2 || s.Stale[0].Case != "same" || s.Stale[1].Case != "gone" {
		t.Errorf("stale %+v", s.Stale)
	}
	// With the differing case excused, the run is OK.
	s = Summarize(results(), append(known, Known{Case: "differs", Target: "extsim-chrome", Reason: "r", Line: 5}))
	if !s.OK() {
		t.Errorf("not OK with every disagreement known")
	}
	// A filtered run (-run) does not call entries of absent cases stale.
	r := results()
	r.Filtered = true
	if s := Summarize(r, known); len(s.Stale) != 1 {
		t.Errorf("stale in a filtered run: %+v", s.Stale)
	}
}

func TestWriteMarkdown(t *testing.T) {
	r := results()
	known := []Known{{Case: "known", Target: "chromium", Reason: "Chromium does Y", Line: 1}}
	var b strings.Builder
	if err := WriteMarkdown(&b, r, Summarize(r, known)); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"| chromium | `Chromium 156` |",
		"| firefox | **not run**: `firefox not installed` |",
		"- extsim-chrome vs chromium: 1 of 3 cases agree (33.3%); 2 disagreements, 1 of them in known-differences",
		"| differs | E1 | pass **≠** | pass **≠** |",
		"| known | X | pass (known) | pass (known) |",
		"## differs: extsim-chrome vs chromium",
		"| `bg` #2 ≠ | `b\\|c` | `c` |",
		"| `bg` #1 | `a` | `a` |",
		"Known difference: Chromium does Y",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "## same:") {
		t.Errorf("an agreeing case got a section")
	}
}
