// Package harness runs conformance cases in targets and collects the
// results: for each target, each case of the target's family is prepared
// (fresh folder, fresh token) and run once.
package harness

import (
	"context"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/extsim/extsim/conformance/internal/suite"
)

// Options configures Run.
type Options struct {
	Cases   []*suite.Case
	Targets []suite.Target
	// Sink collects the real browsers' reports (the loopback server).
	Sink    suite.Reports
	BaseURL string
	// Slack is added to a case's Limit to make the real-time deadline of
	// one run (default 20 s): real browsers need it to start; extsim
	// targets stop at Limit of virtual time long before.
	Slack time.Duration
	// Progress, if set, receives one line per case and target.
	Progress io.Writer
	// Verbose adds each run's log to Progress.
	Verbose bool
	// Parallel runs the targets side by side instead of one after the
	// other.
	Parallel bool
}

// Results is every run's result: Runs[case][target].
type Results struct {
	Cases    []*suite.Case
	Targets  []string          // target names in run order
	Versions map[string]string // by target name
	Runs     map[string]map[string]*suite.Result
	Started  time.Time
	Elapsed  time.Duration
	// NotRun lists the targets that could not start (browser missing).
	NotRun []NotRun
	// Filtered is set when cases were left out (-run): a known difference
	// naming an absent case is then not stale.
	Filtered bool
	// Retried keeps, per case and target, the earlier results of runs
	// that Retry replaced: a case that agreed only on a rerun is flaky,
	// and the report shows what the first run saw.
	Retried map[string]map[string][]*suite.Result
}

// NotRun is a target that could not start, and why.
type NotRun struct{ Target, Reason string }

// Get returns the result of case on target, or nil when it was not run.
func (r *Results) Get(caseName, target string) *suite.Result { return r.Runs[caseName][target] }

// Run runs every case of each target's family in that target, one at a
// time. A target error (the browser broke) is recorded as the case's
// Error outcome and the run goes on.
func Run(ctx context.Context, opts Options) *Results {
	res := &Results{Cases: opts.Cases, Versions: map[string]string{}, Runs: map[string]map[string]*suite.Result{}, Started: time.Now()}
	for _, c := range opts.Cases {
		res.Runs[c.Name] = map[string]*suite.Result{}
	}
	for _, t := range opts.Targets {
		res.Targets = append(res.Targets, t.Name())
		res.Versions[t.Name()] = t.Version()
	}
	// Each target runs its cases in order, one at a time; with Parallel
	// the targets run side by side (the real browsers mostly wait, and the
	// server tells their reports apart by token).
	var mu sync.Mutex // guards res.Runs and Progress
	runTarget := func(t suite.Target) {
		for _, c := range opts.Cases {
			if !c.HasFamily(t.Family()) || ctx.Err() != nil {
				continue
			}
			r := runOne(ctx, opts, t, c)
			mu.Lock()
			res.Runs[c.Name][t.Name()] = r
			if opts.Progress != nil {
				printRun(opts.Progress, c, t.Name(), r, opts.Verbose)
			}
			mu.Unlock()
		}
	}
	var wg sync.WaitGroup
	for _, t := range opts.Targets {
		if !opts.Parallel {
			runTarget(t)
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			runTarget(t)
		}()
	}
	wg.Wait()
	res.Elapsed = time.Since(res.Started)
	return res
}

// Retry runs case c again in target t and records the result in res,
// keeping the replaced one in res.Retried. Real browsers are not perfectly
// repeatable under load (a report can lose a race with a closing tab);
// the CLI reruns a disagreeing case in the real browser before counting
// the disagreement, and the report names every case that needed it.
func Retry(ctx context.Context, opts Options, res *Results, t suite.Target, c *suite.Case) *suite.Result {
	r := runOne(ctx, opts, t, c)
	if res.Retried == nil {
		res.Retried = map[string]map[string][]*suite.Result{}
	}
	if res.Retried[c.Name] == nil {
		res.Retried[c.Name] = map[string][]*suite.Result{}
	}
	if old := res.Runs[c.Name][t.Name()]; old != nil {
		res.Retried[c.Name][t.Name()] = append(res.Retried[c.Name][t.Name()], old)
	}
	res.Runs[c.Name][t.Name()] = r
	if opts.Progress != nil {
		fmt.Fprint(opts.Progress, "retry    ")
		printRun(opts.Progress, c, t.Name(), r, opts.Verbose)
	}
	return r
}

func runOne(ctx context.Context, opts Options, t suite.Target, c *suite.Case) *suite.Result {
	start := time.Now()
	tmp, err := os.MkdirTemp("", "extsim-conformance-")
	if err != nil {
		return &suite.Result{Outcome: suite.Error, Message: err.Error()}
	}
	defer os.RemoveAll(tmp)
	p, err := suite.Prepare(c, t.Family(), suite.NewToken(), opts.BaseURL, tmp)
	if err != nil {
		return &suite.Result{Outcome: suite.Error, Message: err.Error()}
	}
	slack := opts.Slack
	if slack <= 0 {
		slack = 20 * time.Second
	}
	rctx, cancel := context.WithTimeout(ctx, c.Limit+slack)
	defer cancel()
	r, err := t.Run(rctx, p, opts.Sink)
	if err != nil {
		return &suite.Result{Outcome: suite.Error, Message: fmt.Sprintf("%s: %v", t.Name(), err), Elapsed: time.Since(start)}
	}
	if r.Log == nil {
		r.Log = map[string][]string{}
	}
	return r
}

func printRun(w io.Writer, c *suite.Case, target string, r *suite.Result, verbose bool) {
	fmt.Fprintf(w, "%-8s %-40s %-15s %6.2fs", r.Outcome, c.Name, target, r.Elapsed.Seconds())
	if r.Message != "" {
		fmt.Fprintf(w, "  %s", r.Message)
	}
	fmt.Fprintln(w)
	if verbose {
		for _, ctx := range suite.SortedContexts(r.Log) {
			for _, e := range r.Log[ctx] {
				fmt.Fprintf(w, "    [%s] %s\n", ctx, e)
			}
		}
	}
}
