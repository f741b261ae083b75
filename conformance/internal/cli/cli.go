// Package cli is the conformance command: flags, targets, the run, the
// report and the exit code, with all output through the given writers so
// that it is tested in-process.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/extsim/extsim/conformance/internal/chromium"
	"github.com/extsim/extsim/conformance/internal/extsimtarget"
	"github.com/extsim/extsim/conformance/internal/firefox"
	"github.com/extsim/extsim/conformance/internal/harness"
	"github.com/extsim/extsim/conformance/internal/report"
	"github.com/extsim/extsim/conformance/internal/server"
	"github.com/extsim/extsim/conformance/internal/suite"
)

// Exit codes.
const (
	ExitOK       = 0
	ExitDisagree = 1 // agreement below 100% of the cases not known to differ, or a required browser missing
	ExitUsage    = 2
)

// allTargets is the default -targets, in run order.
var allTargets = []string{"extsim-chrome", "chromium", "extsim-firefox", "firefox"}

// Main runs the command with args (without the program name).
func Main(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("conformance", flag.ContinueOnError)
	fs.SetOutput(stderr)
	targets := fs.String("targets", strings.Join(allTargets, ","), "comma-separated targets to run")
	run := fs.String("run", "", "run only the cases whose name matches this `REGEX`")
	reportFile := fs.String("report", "", "write the Markdown report to `FILE`")
	require := fs.String("require", "", "comma-separated real browsers (chromium, firefox) whose absence fails the run")
	verbose := fs.Bool("v", false, "print every run's log")
	parallel := fs.Bool("parallel", true, "run the targets side by side (each runs its cases one at a time)")
	retries := fs.Int("retries", 2, "rerun a case that disagrees in the real browser up to `N` times; the report names every case that agreed only on a rerun")
	root := fs.String("dir", "", "the conformance folder (default: ./conformance, or the one of the enclosing module)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "conformance: unexpected arguments %q\n", fs.Args())
		return ExitUsage
	}
	dir, err := findRoot(*root)
	if err != nil {
		fmt.Fprintf(stderr, "conformance: %v\n", err)
		return ExitUsage
	}
	var filter *regexp.Regexp
	if *run != "" {
		if filter, err = regexp.Compile(*run); err != nil {
			fmt.Fprintf(stderr, "conformance: -run: %v\n", err)
			return ExitUsage
		}
	}
	names, err := parseList(*targets, allTargets, "-targets")
	if err != nil {
		fmt.Fprintf(stderr, "conformance: %v\n", err)
		return ExitUsage
	}
	required, err := parseList(*require, []string{"chromium", "firefox"}, "-require")
	if err != nil {
		fmt.Fprintf(stderr, "conformance: %v\n", err)
		return ExitUsage
	}
	cases, err := suite.LoadCases(filepath.Join(dir, "cases"))
	if err != nil {
		fmt.Fprintf(stderr, "conformance: %v\n", err)
		return ExitUsage
	}
	if filter != nil {
		cases = slices.DeleteFunc(cases, func(c *suite.Case) bool { return !filter.MatchString(c.Name) })
	}
	if len(cases) == 0 {
		fmt.Fprintln(stderr, "conformance: no case to run")
		return ExitUsage
	}
	srv := server.New(filepath.Join(dir, "web"), cases)
	if err := srv.Start(); err != nil {
		fmt.Fprintf(stderr, "conformance: %v\n", err)
		return ExitDisagree
	}
	defer srv.Close()

	var ts []suite.Target
	var notRun []harness.NotRun
	for _, name := range names {
		t, err := newTarget(name, srv.Pages(), stderr)
		if err != nil {
			fmt.Fprintf(stdout, "NOT RUN  %s: %v\n", name, err)
			notRun = append(notRun, harness.NotRun{Target: name, Reason: err.Error()})
			continue
		}
		ts = append(ts, t)
	}
	defer func() {
		for _, t := range ts {
			if err := t.Close(); err != nil {
				fmt.Fprintf(stderr, "conformance: closing %s: %v\n", t.Name(), err)
			}
		}
	}()
	opts := harness.Options{
		Cases: cases, Targets: ts, Sink: srv, BaseURL: srv.BaseURL(), Progress: stdout, Verbose: *verbose, Parallel: *parallel,
	}
	res := harness.Run(context.Background(), opts)
	retryDisagreements(opts, res, *retries)
	res.NotRun = notRun
	res.Filtered = filter != nil
	return finish(res, required, filepath.Join(dir, "known-differences"), *reportFile, stdout, stderr)
}

// retryDisagreements reruns, in the real browser, each case whose result
// disagrees with extsim's, up to n times or until it agrees. extsim runs
// are deterministic, so only the real browser's side is rerun.
func retryDisagreements(opts harness.Options, res *harness.Results, n int) {
	byName := map[string]suite.Target{}
	for _, t := range opts.Targets {
		byName[t.Name()] = t
	}
	cases := map[string]*suite.Case{}
	for _, c := range opts.Cases {
		cases[c.Name] = c
	}
	for _, pair := range report.Pairs {
		t := byName[pair.Real]
		if t == nil {
			continue
		}
		for _, c := range opts.Cases {
			for try := 0; try < n; try++ {
				a, b := res.Get(c.Name, pair.Sim), res.Get(c.Name, pair.Real)
				if a == nil || b == nil || report.Agree(a, b) {
					break
				}
				harness.Retry(context.Background(), opts, res, t, cases[c.Name])
			}
		}
	}
}

// newTarget starts one target.
func newTarget(name string, pages http.Handler, stderr io.Writer) (suite.Target, error) {
	switch name {
	case "extsim-chrome":
		return extsimtarget.New("chrome", pages)
	case "extsim-firefox":
		return extsimtarget.New("firefox", pages)
	case "chromium":
		return chromium.New(chromium.Options{})
	case "firefox":
		return firefox.New(firefox.Options{})
	}
	return nil, fmt.Errorf("unknown target %q", name)
}

// parseList splits a comma-separated flag and checks every name.
func parseList(s string, known []string, flagName string) ([]string, error) {
	var out []string
	for _, n := range strings.Split(s, ",") {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		if !slices.Contains(known, n) {
			return nil, fmt.Errorf("%s: unknown name %q (known: %s)", flagName, n, strings.Join(known, ", "))
		}
		out = append(out, n)
	}
	return out, nil
}

// findRoot returns the conformance folder: the flag's, ./conformance, or
// conformance/ at the enclosing module's root.
func findRoot(flagDir string) (string, error) {
	if flagDir != "" {
		return filepath.Abs(flagDir)
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		if fi, err := os.Stat(filepath.Join(d, "conformance", "cases")); err == nil && fi.IsDir() {
			return filepath.Join(d, "conformance"), nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no conformance/cases folder in %s or above it; give -dir", wd)
		}
	}
}

// finish compares, prints the summary, writes the report and decides the
// exit code.
func finish(res *harness.Results, required []string, knownFile, reportFile string, stdout, stderr io.Writer) int {
	code := ExitOK
	known, err := report.LoadKnown(knownFile)
	if err != nil {
		fmt.Fprintf(stderr, "conformance: %v\n", err)
		return ExitUsage
	}
	sum := report.Summarize(res, known)
	for _, p := range sum.Pairs {
		if !p.Ran {
			fmt.Fprintf(stdout, "%s vs %s: not compared\n", p.Sim, p.Real)
			continue
		}
		fmt.Fprintf(stdout, "%s vs %s: %d/%d agree (%.1f%%), %d known differences, %d unexplained\n",
			p.Sim, p.Real, p.Agreed, p.Compared, p.Percent(), len(p.Disagreements)-p.Unexplained(), p.Unexplained())
		for _, d := range p.Disagreements {
			if d.Known == nil {
				fmt.Fprintf(stdout, "  DIFFERS  %s\n", d.Case)
			}
		}
	}
	for _, k := range sum.Stale {
		fmt.Fprintf(stdout, "warning: %s:%d: stale entry: %s %s now agrees or no longer exists\n", knownFile, k.Line, k.Case, k.Target)
	}
	if !sum.OK() {
		code = ExitDisagree
	}
	for _, n := range res.NotRun {
		if slices.Contains(required, n.Target) {
			fmt.Fprintf(stdout, "FAIL: %s is required (-require) but did not run: %s\n", n.Target, n.Reason)
			code = ExitDisagree
		}
	}
	fmt.Fprintf(stdout, "took %s\n", res.Elapsed.Round(time.Millisecond))
	if reportFile != "" {
		f, err := os.Create(reportFile)
		if err != nil {
			fmt.Fprintf(stderr, "conformance: %v\n", err)
			return ExitDisagree
		}
		err = report.WriteMarkdown(f, res, sum)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			fmt.Fprintf(stderr, "conformance: writing %s: %v\n", reportFile, err)
			return ExitDisagree
		}
		fmt.Fprintf(stdout, "report written to %s\n", reportFile)
	}
	return code
}
