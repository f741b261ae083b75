package cli

import (
	"context"
	"strings"
	"testing"

	"github.com/extsim/extsim/conformance/internal/harness"
	"github.com/extsim/extsim/conformance/internal/report"
	"github.com/extsim/extsim/conformance/internal/suite"
)

// scriptedTarget answers the i-th run of a case with logs[case][i] (the
// last one once they run out) and counts the runs.
type scriptedTarget struct {
	name string
	logs map[string][]string
	runs map[string]int
}

func (s *scriptedTarget) Name() string    { return s.name }
func (s *scriptedTarget) Family() string  { return "chrome" }
func (s *scriptedTarget) Version() string { return "1" }
func (s *scriptedTarget) Close() error    { return nil }
func (s *scriptedTarget) Run(_ context.Context, p *suite.Prepared, _ suite.Reports) (*suite.Result, error) {
	l := s.logs[p.Name]
	i := min(s.runs[p.Name], len(l)-1)
	s.runs[p.Name]++
	return &suite.Result{Outcome: suite.Pass, Log: map[string][]string{"bg": {l[i]}}}, nil
}

func TestRetryRerunsOnlyDisagreementsInTheRealBrowser(t *testing.T) {
	cases, err := suite.LoadCases("../suite/testdata/cases")
	if err != nil {
		t.Fatal(err)
	}
	var chromeCases []*suite.Case
	for _, c := range cases {
		if c.HasFamily("chrome") {
			chromeCases = append(chromeCases, c)
		}
	}
	if len(chromeCases) < 3 {
		t.Fatalf("need 3 chrome test cases, have %d", len(chromeCases))
	}
	steady, flaky, differs := chromeCases[0].Name, chromeCases[1].Name, chromeCases[2].Name
	sim := &scriptedTarget{name: "extsim-chrome", runs: map[string]int{}, logs: map[string][]string{
		steady: {"a"}, flaky: {"a"}, differs: {"a"},
	}}
	real := &scriptedTarget{name: "chromium", runs: map[string]int{}, logs: map[string][]string{
		steady: {"a"}, flaky: {"lost", "a"}, differs: {"b"},
	}}
	opts := harness.Options{Cases: chromeCases[:3], Targets: []suite.Target{sim, real}, BaseURL: "http://127.0.0.1:1"}
	res := harness.Run(context.Background(), opts)
	retryDisagreements(opts, res, 2)

	if got := real.runs; got[steady] != 1 || got[flaky] != 2 || got[differs] != 3 {
		t.Errorf("real-browser runs = %v, want steady 1, flaky 2, differs 3", got)
	}
	if got := sim.runs; got[steady]+got[flaky]+got[differs] != 3 {
		t.Errorf("extsim reran: %v", got)
	}
	sum := report.Summarize(res, nil)
	if p := sum.Pairs[0]; p.Agreed != 2 || len(p.Disagreements) != 1 || p.Disagreements[0].Case != differs {
		t.Errorf("summary %+v", p)
	}
	fl := report.Flaky(res)
	if len(fl) != 2 || fl[0].Case != flaky && fl[1].Case != flaky {
		t.Fatalf("flaky = %+v", fl)
	}
	var md strings.Builder
	if err := report.WriteMarkdown(&md, res, sum); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), "### "+flaky+" in chromium (1 rerun(s))") || !strings.Contains(md.String(), "`lost`") {
		t.Errorf("report does not show the flaky case's first run:\n%s", md.String())
	}
}
