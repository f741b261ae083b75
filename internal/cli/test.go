package cli

import (
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/extsim/extsim/browser"
	"github.com/extsim/extsim/js"
	"github.com/extsim/extsim/js/webext"
	"github.com/extsim/extsim/sim"
)

// testOutcome is one self-testing extension under one profile.
type testOutcome struct {
	dir, profile string
	pass         bool
	message      string // the final report, or why there was none
	failures     []string
	console      []string
}

// runTests implements "extsim test": each DIR is a self-testing extension
// (its scripts use chrome.test or browser.test); it passes when the harness
// reports a final pass (notifyPass, or every chrome.test.runTests test
// passing), and fails on a final failure, an uncaught error, or no final
// result within --timeout of virtual time.
func runTests(env Env, args []string) int {
	fs := flag.NewFlagSet("extsim test", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprint(env.Stderr, "usage: extsim test [options] DIR...\n\nRuns self-testing extensions (chrome.test / browser.test) and reports each one's result\nunder each profile.\n\noptions:\n")
		fs.PrintDefaults()
	}
	profiles := fs.String("profile", "chrome", "comma-separated browsers to test under: chrome, firefox")
	var open list
	fs.Var(&open, "open", "open a tab at `URL` before the test starts (repeatable)")
	timeout := fs.Duration("timeout", 5*time.Minute, "fail an extension that reports no final result within this much virtual time")
	verbose := fs.Bool("v", false, "print every context's console output and every test event")
	var stops durations
	fs.Var(&stops, "stop-worker-at", "stop each extension's service worker (or event page) at this virtual `TIME` (repeatable)")
	var dirs []string
	for len(args) > 0 {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return ExitOK
			}
			return ExitUsage
		}
		args = fs.Args()
		if len(args) > 0 {
			dirs = append(dirs, args[0])
			args = args[1:]
		}
	}
	if len(dirs) == 0 {
		fmt.Fprintln(env.Stderr, "extsim test: name at least one extension directory")
		fs.Usage()
		return ExitUsage
	}
	var profs []*browser.Profile
	for _, name := range strings.Split(*profiles, ",") {
		p, err := browser.ProfileByName(strings.TrimSpace(name))
		if err != nil {
			fmt.Fprintf(env.Stderr, "extsim test: --profile: %v\n", err)
			return ExitUsage
		}
		profs = append(profs, p)
	}
	failed, loadErrors := 0, 0
	for _, dir := range dirs {
		for _, p := range profs {
			o, code := testOne(env, dir, p, open, *timeout, stops)
			if code == ExitManifest {
				loadErrors++
				continue
			}
			status := "PASS"
			if !o.pass {
				status = "FAIL"
				failed++
			}
			fmt.Fprintf(env.Stdout, "%s\t%s\t%s", status, o.dir, o.profile)
			if o.message != "" {
				fmt.Fprintf(env.Stdout, "\t%s", o.message)
			}
			fmt.Fprintln(env.Stdout)
			if *verbose || !o.pass {
				for _, l := range o.failures {
					fmt.Fprintf(env.Stdout, "    %s\n", strings.ReplaceAll(l, "\n", "\n      "))
				}
			}
			if *verbose {
				for _, l := range o.console {
					fmt.Fprintf(env.Stdout, "    %s\n", l)
				}
			}
		}
	}
	total := len(dirs)*len(profs) - loadErrors
	fmt.Fprintf(env.Stdout, "%d passed, %d failed\n", total-failed, failed+loadErrors)
	switch {
	case loadErrors > 0:
		return ExitManifest
	case failed > 0:
		return ExitUncaught
	}
	return ExitOK
}

func testOne(env Env, dir string, prof *browser.Profile, open []string, timeout time.Duration, stops durations) (testOutcome, int) {
	o := testOutcome{dir: dir, profile: prof.Name}
	var final *webext.TestEvent
	uncaught := ""
	b, _, err := webext.NewBrowser(browser.Options{Profile: prof},
		js.Options{Console: func(e js.ConsoleEntry) {
			o.console = append(o.console, e.String())
			if e.Uncaught && uncaught == "" {
				uncaught = e.String()
			}
		}},
		webext.Options{OnTest: func(e webext.TestEvent) {
			if e.Kind == "fail" && !e.Done {
				o.failures = append(o.failures, fmt.Sprintf("[%s] %s: %s", e.Context, e.Test, e.Message))
			}
			if e.Done && final == nil {
				ev := e
				final = &ev
			}
		}})
	if err != nil {
		o.message = err.Error()
		return o, ExitRuntime
	}
	abs, err := env.Abs(dir)
	if err != nil {
		abs = dir
	}
	ext, err := b.LoadExtension(env.DirFS(dir), browser.LoadOptions{Path: abs})
	if err != nil {
		var le *browser.LoadError
		if errors.As(err, &le) {
			printDiagnostics(env.Stderr, dir, le.Diagnostics)
			if le.Reason != "" {
				fmt.Fprintf(env.Stderr, "%s (%s): error: %s\n", dir, prof.Name, le.Reason)
			}
		} else {
			fmt.Fprintf(env.Stderr, "%s (%s): %v\n", dir, prof.Name, err)
		}
		return o, ExitManifest
	}
	scheduleWorkerStops(b, ext, stops)
	for _, u := range open {
		if _, err := b.NewTab(u, browser.TabOptions{}); err != nil {
			o.message = err.Error()
			return o, ExitUsage
		}
	}
	err = b.Sched.RunUntil(func() bool { return final != nil || b.Sched.Elapsed() >= timeout })
	if err == nil && final != nil {
		// Let what the final report set in motion finish (within a second).
		err = b.Sched.RunFor(time.Second)
	}
	switch {
	case final != nil:
		// A failed assertion fails the extension even if it reports a pass
		// later: Firefox's assertions do not throw, but its harness counts
		// them as failures.
		o.pass = final.Kind == "pass" && uncaught == "" && len(o.failures) == 0
		o.message = final.Message
		switch {
		case final.Kind == "pass" && len(o.failures) > 0:
			o.message = fmt.Sprintf("reported a pass after %d failed assertion(s)", len(o.failures))
		case final.Kind == "pass" && uncaught != "":
			o.message = "passed, but with an uncaught error: " + uncaught
		}
	case err != nil && !errors.Is(err, sim.ErrIdle):
		o.message = "the simulation failed: " + err.Error()
	case b.Sched.Elapsed() >= timeout:
		o.message = fmt.Sprintf("no final result within %v of virtual time (--timeout)", timeout)
	default:
		o.message = "no final result: nothing was left to run, and notifyPass / notifyFail / runTests never finished"
	}
	return o, ExitOK
}
