// Package driver runs driver test files: JavaScript test files
// (*.test.js, *.test.mjs) that drive simulated browsers from outside, the
// way Playwright tests drive real ones. Each file runs in a driver realm, a
// sobek runtime of its own that is not part of any simulated browser; every
// test gets a fresh browser (webext.NewBrowser). Everything runs on one
// goroutine per file: a driver call that needs the simulation to progress
// (await tab.navigate(url)) returns a promise, and the driver runs the
// browser's scheduler until that call's condition holds, then settles it.
// The API is api.js; docs/driver.md is its reference.
package driver

import (
	"io/fs"
	"path"
	"strings"
	"time"
)

// Env is the part of the process the driver needs: files, read through
// DirFS (os.DirFS for the real command).
type Env struct {
	DirFS func(dir string) fs.FS
	Abs   func(path string) (string, error)
}

// File is a driver test file.
type File struct {
	Path   string // as shown in reports, slash-separated, e.g. examples/reconnect/reconnect.test.js
	Source string
}

// Dir is the folder of the file: extension paths in loadExtension are
// relative to it.
func (f *File) Dir() string { return path.Dir(f.Path) }

// Case is one test declared in a file.
type Case struct {
	File   *File
	Index  int      // position among the file's tests, in declaration order
	Titles []string // describe titles, then the test's name
	// Mode is "skip", "only" or "".
	Mode string
	// Profile is set when the file or a describe pinned one (test.use).
	Profile string
	Line    int // line of the test(...) call
}

// Name is "describe › name".
func (c *Case) Name() string { return strings.Join(c.Titles, " › ") }

// Run is one execution of a case: under a profile, with a seed.
type Run struct {
	Case    *Case
	Profile string
	Seeded  bool
	Seed    uint64
}

// Status of a finished run.
type Status string

// The statuses.
const (
	Passed  Status = "passed"
	Failed  Status = "failed"
	Skipped Status = "skipped"
)

// Result is what a run ended with.
type Result struct {
	Run
	Status Status
	// Message says why it failed: the assertion, the uncaught error, the
	// timeout.
	Message string
	// Location is file:line of the failing expect (or throw), and Source
	// that line's text, when they are in the test file.
	Location, Source string
	// Trace is the last few trace events before the failure, formatted.
	Trace []string
	// Elapsed is the virtual time the test took.
	Elapsed time.Duration
	// FailedSeed is set under --explore when a seed other than the first
	// failed: replay it with --seed.
	FailedSeed *uint64
	// Output is shown under the test's line (self-tests: their failed
	// assertions, and with -v every console line).
	Output []string
}

// Options configure how tests run.
type Options struct {
	// Timeout is the virtual time a test may take (default 5 min).
	Timeout time.Duration
	// ScriptTimeout bounds a single synchronous stretch of driver JavaScript
	// in real time (a runaway loop in a test file); default 10 s.
	ScriptTimeout time.Duration
}

func (o Options) withDefaults() Options {
	if o.Timeout <= 0 {
		o.Timeout = 5 * time.Minute
	}
	if o.ScriptTimeout <= 0 {
		o.ScriptTimeout = 10 * time.Second
	}
	return o
}

// Collect evaluates a test file once, without a browser, to list its
// tests. A syntax error or a throw at the top level is returned as an
// error naming file:line:col.
func Collect(env Env, f *File) ([]*Case, error) {
	r, err := newRealm(env, f, Options{}.withDefaults())
	if err != nil {
		return nil, err
	}
	return r.cases()
}

// RunFile runs the given runs (all of one file) in one driver realm, in
// order: module state and beforeAll/afterAll are shared by them, as in
// Playwright's worker, while each run gets its own browser.
func RunFile(env Env, f *File, runs []Run, opts Options) []Result {
	opts = opts.withDefaults()
	out := make([]Result, 0, len(runs))
	r, err := newRealm(env, f, opts)
	if err != nil {
		for _, run := range runs {
			out = append(out, Result{Run: run, Status: Failed, Message: err.Error()})
		}
		return out
	}
	for _, run := range runs {
		if run.Case.Mode == "skip" {
			out = append(out, Result{Run: run, Status: Skipped})
			continue
		}
		if r.interrupted.Load() {
			// A runaway was interrupted mid-task; start the file afresh
			// (its module state and beforeAll run again).
			fresh, err := newRealm(env, f, opts)
			if err != nil {
				out = append(out, Result{Run: run, Status: Failed, Message: err.Error()})
				continue
			}
			r = fresh
		}
		out = append(out, r.runTest(run))
	}
	if msg := r.finish(); msg != "" && len(out) > 0 {
		last := &out[len(out)-1]
		if last.Status != Failed {
			last.Status, last.Message = Failed, "afterAll: "+msg
		}
	}
	return out
}
