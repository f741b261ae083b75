// Package cli is the extsim command. All process state (arguments,
// standard streams, the file system) comes in through Env, so the whole
// command is tested in-process.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/extsim/extsim/browser"
	"github.com/extsim/extsim/browser/manifest"
	"github.com/extsim/extsim/js"
	"github.com/extsim/extsim/js/webext"
	"github.com/extsim/extsim/sim"
	"github.com/extsim/extsim/trace"
)

// Exit codes (docs/cli.md).
const (
	ExitOK       = 0 // the run ended cleanly
	ExitUncaught = 1 // a script threw an uncaught error or rejected a promise unhandled
	ExitUsage    = 2 // bad command line
	ExitManifest = 3 // the extension did not load (manifest errors)
	ExitRuntime  = 4 // the simulation failed (runaway task loop, I/O error writing the trace)
)

// Env is the process as the command sees it.
type Env struct {
	Args   []string // without the program name
	Stdout io.Writer
	Stderr io.Writer
	// DirFS opens a directory (os.DirFS for the real command).
	DirFS func(dir string) fs.FS
	// Abs makes a path absolute (filepath.Abs).
	Abs func(path string) (string, error)
	// Create creates a file for writing (the trace).
	Create func(path string) (io.WriteCloser, error)
	// Terminal says stdout is a terminal: extsim test then shows progress.
	Terminal bool
	// CPUs is the default number of test workers (0: one).
	CPUs int
}

// OSEnv is the real process.
func OSEnv() Env {
	return Env{
		Args:     os.Args[1:],
		Stdout:   os.Stdout,
		Stderr:   os.Stderr,
		DirFS:    os.DirFS,
		Abs:      filepath.Abs,
		Create:   func(p string) (io.WriteCloser, error) { return os.Create(p) },
		Terminal: isTerminal(os.Stdout),
		CPUs:     runtime.NumCPU(),
	}
}

// isTerminal reports whether f is a character device (a terminal, not a
// pipe or a file).
func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

const usage = `usage: extsim <command> [arguments]

commands:
  run DIR        load the unpacked extension in DIR and run it
  test [PATH...] run driver test files (*.test.js, .mjs, .ts) and self-testing
                 extensions (chrome.test / browser.test)
  trace view FILE -o OUT.html
                 draw a trace as an HTML sequence diagram

Run "extsim run -h" or "extsim test -h" for a command's options.
`

// Main runs the command and returns its exit code.
func Main(env Env) int {
	if len(env.Args) == 0 {
		fmt.Fprint(env.Stderr, usage)
		return ExitUsage
	}
	switch env.Args[0] {
	case "run":
		return run(env, env.Args[1:])
	case "test":
		return runTests(env, env.Args[1:])
	case "trace":
		return traceCommand(env, env.Args[1:])
	case "-h", "-help", "--help", "help":
		fmt.Fprint(env.Stdout, usage)
		return ExitOK
	}
	fmt.Fprintf(env.Stderr, "extsim: unknown command %q\n\n%s", env.Args[0], usage)
	return ExitUsage
}

// list is a repeatable string flag.
type list []string

func (l *list) String() string     { return strings.Join(*l, ",") }
func (l *list) Set(v string) error { *l = append(*l, v); return nil }

type runFlags struct {
	dir         string
	open        list
	clickAction bool
	profile     string
	web         string
	duration    time.Duration
	seed        uint64
	seeded      bool
	trace       string
	stopWorker  durations
}

// durations is a repeatable duration flag.
type durations []time.Duration

func (d *durations) String() string { return fmt.Sprint(*d) }
func (d *durations) Set(v string) error {
	x, err := time.ParseDuration(v)
	if err != nil {
		return err
	}
	*d = append(*d, x)
	return nil
}

// scheduleWorkerStops stops ext's background at each virtual time in at
// (the "stop the service worker now" fault, H7). A stopped background
// starts again on the next event.
func scheduleWorkerStops(b *browser.Browser, ext *browser.Extension, at durations) {
	if len(at) == 0 {
		return
	}
	q := b.Sched.Queue("faults")
	for _, d := range at {
		b.Sched.After(d-b.Sched.Elapsed(), q, ext.StopBackground)
	}
}

func parseRun(env Env, args []string) (runFlags, int) {
	var f runFlags
	fs := flag.NewFlagSet("extsim run", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprint(env.Stderr, "usage: extsim run [options] DIR\n\nLoads the unpacked extension in DIR, opens the given tabs and runs until idle\n(or for --for of virtual time), printing every context's console output.\n\noptions:\n")
		fs.PrintDefaults()
	}
	fs.Var(&f.open, "open", "open a tab at `URL` (repeatable)")
	fs.BoolVar(&f.clickAction, "click-action", false, "click the extension's toolbar button in the active tab once the tabs have loaded")
	fs.StringVar(&f.profile, "profile", "chrome", "browser to behave like: chrome or firefox")
	fs.StringVar(&f.web, "web", "", "serve the web from `DIR` (default: every URL is an empty page)")
	fs.DurationVar(&f.duration, "for", 0, "run this much virtual time (default: until nothing is left to do)")
	seed := fs.String("seed", "", "permute the order of deliveries between contexts with this `N`")
	fs.StringVar(&f.trace, "trace", "", "write every event as JSON lines to `FILE`")
	fs.Var(&f.stopWorker, "stop-worker-at", "stop the extension's service worker (or event page) at this virtual `TIME`, e.g. 2s (repeatable)")
	// Go's flag package stops at the first non-flag: accept DIR anywhere.
	var rest []string
	for len(args) > 0 {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return f, ExitOK
			}
			return f, ExitUsage
		}
		args = fs.Args()
		if len(args) > 0 {
			rest = append(rest, args[0])
			args = args[1:]
		}
	}
	if len(rest) != 1 {
		fmt.Fprintf(env.Stderr, "extsim run: want exactly one extension directory, got %d\n", len(rest))
		fs.Usage()
		return f, ExitUsage
	}
	f.dir = rest[0]
	if *seed != "" {
		if _, err := fmt.Sscan(*seed, &f.seed); err != nil {
			fmt.Fprintf(env.Stderr, "extsim run: --seed %q is not a whole number\n", *seed)
			return f, ExitUsage
		}
		f.seeded = true
	}
	return f, -1
}

func run(env Env, args []string) int {
	f, code := parseRun(env, args)
	if code >= 0 {
		return code
	}
	prof, err := browser.ProfileByName(f.profile)
	if err != nil {
		fmt.Fprintf(env.Stderr, "extsim run: --profile: %v\n", err)
		return ExitUsage
	}
	opts := browser.Options{Profile: prof, Seeded: f.seeded, Seed: f.seed}
	if f.web != "" {
		opts.Web = browser.DirWeb{FS: env.DirFS(f.web)}
	}
	var tl *trace.Log
	if f.trace != "" {
		tl = &trace.Log{}
		opts.Trace, opts.TracePayloads = tl, true
	}
	uncaught := 0
	console := func(e js.ConsoleEntry) {
		fmt.Fprintf(env.Stdout, "[%s] %s\n", e.Context, e.Text)
		if e.Uncaught {
			uncaught++
		}
	}
	b, _, err := webext.NewBrowser(opts, js.Options{Console: console}, webext.Options{})
	if err != nil {
		fmt.Fprintf(env.Stderr, "extsim run: %v\n", err)
		return ExitRuntime
	}
	abs, err := env.Abs(f.dir)
	if err != nil {
		abs = f.dir
	}
	ext, err := b.LoadExtension(env.DirFS(f.dir), browser.LoadOptions{Path: abs})
	if err != nil {
		var le *browser.LoadError
		if errors.As(err, &le) {
			printDiagnostics(env.Stderr, f.dir, le.Diagnostics)
			if le.Reason != "" {
				fmt.Fprintf(env.Stderr, "%s: error: %s\n", filepath.Join(f.dir, "manifest.json"), le.Reason)
			}
			return ExitManifest
		}
		fmt.Fprintf(env.Stderr, "extsim run: %v\n", err)
		return ExitManifest
	}
	printDiagnostics(env.Stderr, f.dir, ext.Warnings)
	scheduleWorkerStops(b, ext, f.stopWorker)
	var last *browser.Tab
	for _, u := range f.open {
		t, err := b.NewTab(u, browser.TabOptions{})
		if err != nil {
			fmt.Fprintf(env.Stderr, "extsim run: --open: %v\n", err)
			return ExitUsage
		}
		last = t
	}
	if f.clickAction {
		// Let the tabs load, then let everything they started at that instant
		// (content scripts connecting, say) run, as a person clicks after the
		// page is up.
		if err := b.Sched.RunUntil(func() bool { return allLoaded(b) }); err != nil && !errors.Is(err, sim.ErrIdle) {
			return simFailed(env, err)
		}
		if err := b.Sched.RunFor(0); err != nil {
			return simFailed(env, err)
		}
		if err := ext.ClickAction(last); err != nil {
			fmt.Fprintf(env.Stderr, "extsim run: --click-action: %v\n", err)
			return ExitUsage
		}
	}
	if f.duration > 0 {
		err = b.Sched.RunFor(f.duration)
	} else {
		err = b.Run()
	}
	if err != nil {
		return simFailed(env, err)
	}
	if tl != nil {
		if code := writeTrace(env, f.trace, tl); code != ExitOK {
			return code
		}
	}
	if uncaught > 0 {
		return ExitUncaught
	}
	return ExitOK
}

func allLoaded(b *browser.Browser) bool {
	for _, t := range b.Tabs() {
		if t.Status() != "complete" {
			return false
		}
	}
	return true
}

func simFailed(env Env, err error) int {
	fmt.Fprintf(env.Stderr, "extsim run: %v\n", err)
	return ExitRuntime
}

func writeTrace(env Env, path string, tl *trace.Log) int {
	w, err := env.Create(path)
	if err != nil {
		fmt.Fprintf(env.Stderr, "extsim run: --trace: %v\n", err)
		return ExitRuntime
	}
	if err := tl.WriteJSONL(w); err != nil {
		w.Close()
		fmt.Fprintf(env.Stderr, "extsim run: --trace: %v\n", err)
		return ExitRuntime
	}
	if err := w.Close(); err != nil {
		fmt.Fprintf(env.Stderr, "extsim run: --trace: %v\n", err)
		return ExitRuntime
	}
	return ExitOK
}

// printDiagnostics prints manifest diagnostics like compiler messages, with
// the extension directory in the file name.
func printDiagnostics(w io.Writer, dir string, ds manifest.Diagnostics) {
	for _, d := range ds {
		d.File = filepath.Join(dir, d.File)
		fmt.Fprintln(w, d.String())
	}
}
