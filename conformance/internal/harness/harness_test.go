package harness

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/extsim/extsim/conformance/internal/suite"
)

// fakeTarget passes every case, logging the prepared family, or breaks on
// the case named "broken".
type fakeTarget struct{ name, family string }

func (f fakeTarget) Name() string    { return f.name }
func (f fakeTarget) Family() string  { return f.family }
func (f fakeTarget) Version() string { return "v-" + f.name }
func (f fakeTarget) Close() error    { return nil }
func (f fakeTarget) Run(ctx context.Context, p *suite.Prepared, _ suite.Reports) (*suite.Result, error) {
	if p.Name == "broken" {
		return nil, errors.New("browser died")
	}
	return &suite.Result{Outcome: suite.Pass, Log: map[string][]string{"bg": {p.Family}}}, nil
}

func TestRunByFamilyAndTargetErrors(t *testing.T) {
	cases, err := suite.LoadCases("../suite/testdata/cases")
	if err != nil {
		t.Fatal(err)
	}
	broken := *cases[0]
	broken.Name = "broken"
	cases = append(cases, &broken)
	for _, parallel := range []bool{false, true} {
		var progress strings.Builder
		res := Run(context.Background(), Options{
			Cases:    cases,
			Targets:  []suite.Target{fakeTarget{"a", "chrome"}, fakeTarget{"b", "firefox"}},
			BaseURL:  "http://127.0.0.1:1",
			Progress: &progress,
			Parallel: parallel,
		})
		if res.Versions["b"] != "v-b" || len(res.Targets) != 2 {
			t.Errorf("targets %v versions %v", res.Targets, res.Versions)
		}
		if r := res.Get("fails", "a"); r != nil {
			t.Errorf("firefox-only case ran in a chrome target: %+v", r)
		}
		if r := res.Get("stop-worker", "a"); r == nil || r.Log["bg"][0] != "chrome" {
			t.Errorf("stop-worker on a: %+v", r)
		}
		if r := res.Get("fmt", "b"); r == nil || r.Log["bg"][0] != "firefox" {
			t.Errorf("fmt on b: %+v", r)
		}
		if r := res.Get("broken", "a"); r == nil || r.Outcome != suite.Error || r.Message != "a: browser died" {
			t.Errorf("broken on a: %+v", r)
		}
		if n := strings.Count(progress.String(), "\n"); n != 10 {
			t.Errorf("parallel=%v: %d progress lines, want 10:\n%s", parallel, n, progress.String())
		}
	}
}
