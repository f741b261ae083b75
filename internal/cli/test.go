package cli

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/extsim/extsim/browser"
	"github.com/extsim/extsim/internal/driver"
	"github.com/extsim/extsim/js"
	"github.com/extsim/extsim/js/webext"
	"github.com/extsim/extsim/sim"
)

type testFlags struct {
	profiles []string
	open     list
	timeout  time.Duration
	verbose  bool
	stops    durations
	reporter string
	grep     *regexp.Regexp
	seed     uint64
	seeded   bool
	explore  int
	shardI   int
	shardN   int
	workers  int
	paths    []string
}

func parseTest(env Env, args []string) (testFlags, int) {
	var f testFlags
	fs := flag.NewFlagSet("extsim test", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprint(env.Stderr, "usage: extsim test [options] [PATH...]\n\nRuns driver test files (*.test.js, *.test.mjs, *.test.ts) and self-testing extensions\n(chrome.test / browser.test) found under each PATH (default: the current folder),\nunder each profile.\n\noptions:\n")
		fs.PrintDefaults()
	}
	profiles := fs.String("profile", "chrome", "comma-separated browsers to test under: chrome, firefox")
	fs.Var(&f.open, "open", "self-tests: open a tab at `URL` before the test starts (repeatable)")
	fs.DurationVar(&f.timeout, "timeout", 5*time.Minute, "fail a test (or a self-test with no final result) after this much virtual time")
	fs.BoolVar(&f.verbose, "v", false, "self-tests: print every context's console output and every failure event")
	fs.Var(&f.stops, "stop-worker-at", "self-tests: stop each extension's service worker (or event page) at this virtual `TIME` (repeatable)")
	fs.StringVar(&f.reporter, "reporter", "list", "output format: "+strings.Join(driver.Reporters(), ", "))
	grep := fs.String("grep", "", "run only the tests whose title (file › describe › name) matches this `REGEX`")
	seed := fs.String("seed", "", "permute the order of deliveries between contexts with this `N`")
	fs.IntVar(&f.explore, "explore", 0, "run each driver test under `N` seeds (from --seed, default 1) and report the seed of any failure")
	shard := fs.String("shard", "", "run only shard `i/n` of the tests (1-based)")
	fs.IntVar(&f.workers, "workers", 0, "run this many test files at once (default: the number of CPUs)")
	for len(args) > 0 {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return f, ExitOK
			}
			return f, ExitUsage
		}
		args = fs.Args()
		if len(args) > 0 {
			f.paths = append(f.paths, args[0])
			args = args[1:]
		}
	}
	if len(f.paths) == 0 {
		f.paths = []string{"."}
	}
	bad := func(format string, a ...any) (testFlags, int) {
		fmt.Fprintf(env.Stderr, "extsim test: "+format+"\n", a...)
		return f, ExitUsage
	}
	for _, name := range strings.Split(*profiles, ",") {
		p, err := browser.ProfileByName(strings.TrimSpace(name))
		if err != nil {
			return bad("--profile: %v", err)
		}
		f.profiles = append(f.profiles, p.Name)
	}
	if !validReporter(f.reporter) {
		return bad("--reporter %q: want one of %s", f.reporter, strings.Join(driver.Reporters(), ", "))
	}
	if *grep != "" {
		re, err := regexp.Compile(*grep)
		if err != nil {
			return bad("--grep: %v", err)
		}
		f.grep = re
	}
	if *seed != "" {
		if _, err := fmt.Sscan(*seed, &f.seed); err != nil {
			return bad("--seed %q is not a whole number", *seed)
		}
		f.seeded = true
	}
	if f.explore < 0 {
		return bad("--explore %d: want a positive number of seeds", f.explore)
	}
	if *shard != "" {
		if _, err := fmt.Sscanf(*shard, "%d/%d", &f.shardI, &f.shardN); err != nil || f.shardN < 1 || f.shardI < 1 || f.shardI > f.shardN {
			return bad("--shard %q: want i/n with 1 <= i <= n, e.g. 2/4", *shard)
		}
	}
	if f.workers < 0 {
		return bad("--workers %d: want at least 1", f.workers)
	}
	if f.workers == 0 {
		f.workers = max(env.CPUs, 1)
	}
	return f, -1
}

func validReporter(r string) bool {
	for _, x := range driver.Reporters() {
		if r == x {
			return true
		}
	}
	return false
}

// item is one line of the report: a driver test under a profile (several
// runs under --explore), or a self-test under a profile.
type item struct {
	runs    []driver.Run
	selfDir string
	profile string
	loadErr *driver.Result // the file did not load
	results []driver.Result
	code    int // ExitManifest for a self-test that did not load
}

// runTests implements "extsim test": driver test files and self-testing
// extensions, each under each profile (docs/cli.md, docs/driver.md).
func runTests(env Env, args []string) int {
	f, code := parseTest(env, args)
	if code >= 0 {
		return code
	}
	denv := driver.Env{DirFS: env.DirFS, Abs: env.Abs}
	found, err := driver.Discover(denv, f.paths)
	if err != nil {
		fmt.Fprintf(env.Stderr, "extsim test: %v\n", err)
		return ExitUsage
	}
	items, files := planTests(env, denv, f, found)
	runItems(env, denv, f, items, files)

	var rs []driver.Result
	loadErrors := 0
	for _, it := range items {
		if it.code == ExitManifest {
			loadErrors++
			it.results[0].Message = "the extension did not load (the manifest errors are on stderr)"
		}
		rs = append(rs, aggregate(it))
	}
	if env.Terminal && f.reporter == "list" {
		fmt.Fprint(env.Stdout, "\r\033[K")
	}
	if err := driver.Report(env.Stdout, f.reporter, rs); err != nil {
		fmt.Fprintf(env.Stderr, "extsim test: %v\n", err)
		return ExitRuntime
	}
	c := driver.Count(rs)
	if f.reporter == "junit" || f.reporter == "json" {
		fmt.Fprintln(env.Stderr, c.Summary())
	}
	switch {
	case loadErrors > 0:
		return ExitManifest
	case c.Failed > 0:
		return ExitUncaught
	}
	return ExitOK
}

// planTests lists the items to run, in report order: test files in the
// order found (tests in declaration order, each under each profile), then
// self-tests; --grep, test.only and --shard select among them.
func planTests(env Env, denv driver.Env, f testFlags, found driver.Found) ([]*item, map[string]*driver.File) {
	var items []*item
	files := map[string]*driver.File{}
	var cases []*driver.Case
	for _, p := range found.Files {
		src, err := fs.ReadFile(env.DirFS(pathDir(p)), pathBase(p))
		file := &driver.File{Path: p, Source: string(src)}
		files[p] = file
		if err == nil {
			var cs []*driver.Case
			cs, err = driver.Collect(denv, file)
			cases = append(cases, cs...)
		}
		if err != nil {
			r := driver.Result{Run: driver.Run{Case: &driver.Case{File: file}, Profile: strings.Join(f.profiles, ",")}, Status: driver.Failed, Message: err.Error()}
			items = append(items, &item{loadErr: &r})
		}
	}
	only := false
	for _, c := range cases {
		only = only || c.Mode == "only"
	}
	seeds := []uint64{f.seed}
	if f.explore > 0 {
		base := f.seed
		if !f.seeded {
			base = 1
		}
		seeds = seeds[:0]
		for i := 0; i < f.explore; i++ {
			seeds = append(seeds, base+uint64(i))
		}
	}
	for _, c := range cases {
		if only && c.Mode != "only" {
			continue
		}
		if f.grep != nil && !f.grep.MatchString(strings.Join(append([]string{c.File.Path}, c.Titles...), " › ")) {
			continue
		}
		profiles := f.profiles
		if c.Profile != "" {
			profiles = []string{c.Profile}
		}
		for _, p := range profiles {
			it := &item{profile: p}
			for _, s := range seeds {
				it.runs = append(it.runs, driver.Run{Case: c, Profile: p, Seeded: f.seeded || f.explore > 0, Seed: s})
			}
			items = append(items, it)
		}
	}
	if f.grep == nil && !only {
		for _, dir := range found.SelfTests {
			for _, p := range f.profiles {
				items = append(items, &item{selfDir: dir, profile: p})
			}
		}
	}
	if f.shardN > 1 {
		lo, hi := (f.shardI-1)*len(items)/f.shardN, f.shardI*len(items)/f.shardN
		items = items[lo:hi]
	}
	return items, files
}

func pathDir(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[:i]
	}
	return "."
}

func pathBase(p string) string { return p[strings.LastIndexByte(p, '/')+1:] }

// runItems runs everything on f.workers goroutines. The unit of work is a
// test file under one profile and seed (one driver realm, its tests in
// order) or a self-test; results land in their items, so the report's
// order does not depend on which worker finished first.
func runItems(env Env, denv driver.Env, f testFlags, items []*item, files map[string]*driver.File) {
	type unit struct {
		file  *driver.File
		runs  []driver.Run
		slots []*driver.Result
		self  *item
	}
	var units []*unit
	index := map[string]*unit{}
	for _, it := range items {
		if it.loadErr != nil {
			it.results = []driver.Result{*it.loadErr}
			continue
		}
		if it.selfDir != "" {
			units = append(units, &unit{self: it})
			continue
		}
		it.results = make([]driver.Result, len(it.runs))
		for i, r := range it.runs {
			key := fmt.Sprintf("%s\x00%s\x00%d", r.Case.File.Path, r.Profile, r.Seed)
			u := index[key]
			if u == nil {
				u = &unit{file: r.Case.File}
				index[key] = u
				units = append(units, u)
			}
			u.runs = append(u.runs, r)
			u.slots = append(u.slots, &it.results[i])
		}
	}
	opts := driver.Options{Timeout: f.timeout}
	var (
		mu   sync.Mutex
		done int
		wg   sync.WaitGroup
	)
	work := make(chan *unit)
	for w := 0; w < min(f.workers, max(len(units), 1)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for u := range work {
				if u.self != nil {
					r, code := testOne(env, u.self.selfDir, u.self.profile, f)
					u.self.results, u.self.code = []driver.Result{r}, code
				} else {
					for i, r := range driver.RunFile(denv, u.file, u.runs, opts) {
						*u.slots[i] = r
					}
				}
				if env.Terminal && f.reporter == "list" {
					mu.Lock()
					done++
					fmt.Fprintf(env.Stdout, "\r  running: %d/%d", done, len(units))
					mu.Unlock()
				}
			}
		}()
	}
	for _, u := range units {
		work <- u
	}
	close(work)
	wg.Wait()
}

// aggregate folds an item's runs (several under --explore) into one
// result: the first failure, with its seed, or a pass.
func aggregate(it *item) driver.Result {
	rs := it.results
	for _, r := range rs {
		if r.Status == driver.Failed {
			if len(rs) > 1 {
				s := r.Seed
				r.FailedSeed, r.Seeded = &s, false
			}
			return r
		}
	}
	r := rs[0]
	if len(rs) > 1 {
		r.Seeded = false
	}
	return r
}

// testOne runs a self-testing extension under one profile: it passes when
// the harness reports a final pass (notifyPass, or every
// chrome.test.runTests test passing), and fails on a final failure, an
// uncaught error, or no final result within --timeout of virtual time.
func testOne(env Env, dir, profName string, f testFlags) (driver.Result, int) {
	prof, _ := browser.ProfileByName(profName)
	res := driver.Result{Run: driver.Run{Case: &driver.Case{File: &driver.File{Path: dir}}, Profile: prof.Name, Seeded: f.seeded, Seed: f.seed}, Status: driver.Failed}
	var failures, console []string
	var final *webext.TestEvent
	uncaught := ""
	b, _, err := webext.NewBrowser(browser.Options{Profile: prof, Seeded: f.seeded, Seed: f.seed},
		js.Options{Console: func(e js.ConsoleEntry) {
			console = append(console, e.String())
			if e.Uncaught && uncaught == "" {
				uncaught = e.String()
			}
		}},
		webext.Options{OnTest: func(e webext.TestEvent) {
			if e.Kind == "fail" && !e.Done {
				failures = append(failures, fmt.Sprintf("[%s] %s: %s", e.Context, e.Test, e.Message))
			}
			if e.Done && final == nil {
				ev := e
				final = &ev
			}
		}})
	if err != nil {
		res.Message = err.Error()
		return res, ExitRuntime
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
		return res, ExitManifest
	}
	scheduleWorkerStops(b, ext, f.stops)
	for _, u := range f.open {
		if _, err := b.NewTab(u, browser.TabOptions{}); err != nil {
			res.Message = "--open: " + err.Error()
			return res, ExitOK
		}
	}
	timeout := f.timeout
	err = b.Sched.RunUntil(func() bool { return final != nil || b.Sched.Elapsed() >= timeout })
	if err == nil && final != nil {
		// Let what the final report set in motion finish (within a second).
		err = b.Sched.RunFor(time.Second)
	}
	res.Elapsed = b.Sched.Elapsed()
	switch {
	case final != nil:
		// A failed assertion fails the extension even if it reports a pass
		// later: Firefox's assertions do not throw, but its harness counts
		// them as failures.
		if final.Kind == "pass" && uncaught == "" && len(failures) == 0 {
			res.Status = driver.Passed
		}
		res.Message = final.Message
		switch {
		case final.Kind == "pass" && len(failures) > 0:
			res.Message = fmt.Sprintf("reported a pass after %d failed assertion(s)", len(failures))
		case final.Kind == "pass" && uncaught != "":
			res.Message = "passed, but with an uncaught error: " + uncaught
		}
	case err != nil && !errors.Is(err, sim.ErrIdle):
		res.Message = "the simulation failed: " + err.Error()
	case b.Sched.Elapsed() >= timeout:
		res.Message = fmt.Sprintf("no final result within %v of virtual time (--timeout)", timeout)
	default:
		res.Message = "no final result: nothing was left to run, and notifyPass / notifyFail / runTests never finished"
	}
	if res.Status == driver.Failed || f.verbose {
		res.Output = append(res.Output, failures...)
	}
	if f.verbose {
		res.Output = append(res.Output, console...)
	}
	return res, ExitOK
}
