package driver

import (
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/grafana/sobek"
	"github.com/grafana/sobek/parser"

	"github.com/extsim/extsim/browser"
	"github.com/extsim/extsim/js"
	"github.com/extsim/extsim/js/webext"
	"github.com/extsim/extsim/sim"
	"github.com/extsim/extsim/trace"
)

//go:embed api.js
var apiSource string

// exportNames returns the "extsim" module's exports (also globals).
func exportNames() []string {
	return []string{"test", "describe", "beforeAll", "afterAll", "beforeEach", "afterEach", "expect", "eventually", "AssertionError"}
}

// realm is one driver realm: a test file evaluated in its own runtime, plus
// the browser of the test that is running.
type realm struct {
	env  Env
	file *File
	opts Options
	rt   *sobek.Runtime
	hook struct{ list, run, finish, fixtures sobek.Callable }
	mods map[string]sobek.ModuleRecord
	// interrupted is set when the watchdog stopped a runaway: the runtime
	// is not safe to use again, so the file gets a new realm.
	interrupted atomic.Bool

	t *testState // the running test, nil between tests
}

// testState is one test's browser and everything the natives track.
type testState struct {
	b        *browser.Browser
	host     *js.Host
	exts     []*browser.Extension
	console  map[string][]string // context label -> lines
	labels   map[string]string   // locator key -> last label seen
	log      *trace.Log
	ops      []*op
	deadline time.Duration
	fatal    error          // ends the test: timeout, simulation failure
	driverQ  *sim.Queue     // the driver's own (empty) timers: deadlines
	pages    browser.MapWeb // served pages, by URL
}

// op is a pending driver promise: run drives the simulation until it can
// settle, then returns the value or the rejection.
type op struct {
	run             func() (sobek.Value, error)
	resolve, reject func(any) error
}

// fatalError ends the test (not only the promise).
type fatalError struct{ msg string }

func (e *fatalError) Error() string { return e.msg }

func newRealm(env Env, f *File, opts Options) (*realm, error) {
	r := &realm{env: env, file: f, opts: opts, rt: sobek.New(), mods: map[string]sobek.ModuleRecord{}}
	r.rt.SetFieldNameMapper(sobek.UncapFieldNameMapper())
	fn, err := r.rt.RunScript("extsim:api.js", apiSource)
	if err != nil {
		return nil, fmt.Errorf("driver: the API failed to start: %w", err)
	}
	call, _ := sobek.AssertFunction(fn)
	v, err := call(sobek.Undefined(), r.natives())
	if err != nil {
		return nil, fmt.Errorf("driver: the API failed to start: %w", err)
	}
	o := v.ToObject(r.rt)
	for name, dst := range map[string]*sobek.Callable{"list": &r.hook.list, "run": &r.hook.run, "finish": &r.hook.finish, "fixtures": &r.hook.fixtures} {
		*dst, _ = sobek.AssertFunction(o.Get(name))
	}
	api := o.Get("api").ToObject(r.rt)
	for _, name := range exportNames() {
		_ = r.rt.GlobalObject().Set(name, api.Get(name))
	}
	_ = r.rt.GlobalObject().Set("__extsimAPI", api)
	if err := r.evalFile(); err != nil {
		return nil, err
	}
	return r, nil
}

// evalFile evaluates the test file as an ES module (plain scripts are valid
// modules too, in strict mode), with "extsim" importable.
func (r *realm) evalFile() error {
	m, err := r.resolve(nil, "./"+path.Base(r.file.Path))
	if err != nil {
		return err
	}
	cm, ok := m.(sobek.CyclicModuleRecord)
	if !ok {
		return fmt.Errorf("%s: not a module", r.file.Path)
	}
	if err := cm.Link(); err != nil {
		return fmt.Errorf("%s: %v", r.file.Path, err)
	}
	var p *sobek.Promise
	err = r.guard(func() error {
		p = r.rt.CyclicModuleRecordEvaluate(cm, r.resolve)
		return nil
	})
	if err != nil {
		return err
	}
	switch p.State() {
	case sobek.PromiseStateRejected:
		v := p.Result()
		if ex, ok := v.Export().(*sobek.Exception); ok {
			v = ex.Value()
		}
		return fmt.Errorf("%s: %s", r.file.Path, r.describeError(v).text())
	case sobek.PromiseStatePending:
		return fmt.Errorf("%s: the file's top-level await never finished (the browser exists only inside tests)", r.file.Path)
	}
	return nil
}

var lineCol = regexp.MustCompile(`Line (\d+):(\d+) (.*)`)

// resolve loads "extsim" and relative imports of test files.
func (r *realm) resolve(_ any, spec string) (sobek.ModuleRecord, error) {
	if m, ok := r.mods[spec]; ok {
		return m, nil
	}
	var name, src string
	switch {
	case spec == "extsim":
		name = "extsim"
		var b strings.Builder
		b.WriteString("const a = globalThis.__extsimAPI;\n")
		for _, n := range exportNames() {
			fmt.Fprintf(&b, "export const %s = a.%s;\n", n, n)
		}
		b.WriteString("export default a;\n")
		src = b.String()
	case strings.HasPrefix(spec, "./") || strings.HasPrefix(spec, "../"):
		name = path.Join(r.file.Dir(), spec)
		data, err := fs.ReadFile(r.env.DirFS(path.Dir(name)), path.Base(name))
		if err != nil {
			return nil, fmt.Errorf("%s: import %q: %w", r.file.Path, spec, err)
		}
		src = string(data)
	default:
		return nil, fmt.Errorf("%s: import %q: only \"extsim\" and relative paths (./x.js) can be imported", r.file.Path, spec)
	}
	opts := []parser.Option{parser.WithDisableSourceMaps}
	if strings.HasSuffix(name, ".ts") || strings.HasSuffix(name, ".mts") {
		js, err := transpileTS(name, src)
		if err != nil {
			return nil, err
		}
		// The inline source map maps stack traces back to the .ts lines.
		src, opts = js, nil
	}
	m, err := sobek.ParseModule(name, src, r.resolve, opts...)
	if err != nil {
		msg := err.Error()
		if sm := lineCol.FindStringSubmatch(msg); sm != nil {
			msg = fmt.Sprintf("%s:%s:%s: syntax error: %s", name, sm[1], sm[2], strings.TrimSpace(sm[3]))
		} else {
			msg = name + ": " + msg
		}
		return nil, errors.New(msg)
	}
	r.mods[spec] = m
	return m, nil
}

// guard runs driver JavaScript with the runaway watchdog armed.
func (r *realm) guard(fn func() error) error {
	t := time.AfterFunc(r.opts.ScriptTimeout, func() {
		r.interrupted.Store(true)
		r.rt.Interrupt(fmt.Sprintf("test file ran longer than %v of real time without waiting for the browser (an endless loop?)", r.opts.ScriptTimeout))
	})
	defer func() {
		t.Stop()
		r.rt.ClearInterrupt()
	}()
	return fn()
}

func (r *realm) cases() ([]*Case, error) {
	v, err := r.hook.list(sobek.Undefined())
	if err != nil {
		return nil, err
	}
	var raw []struct {
		Titles  []string
		Mode    string
		Profile string
		Line    int
	}
	if err := r.rt.ExportTo(v, &raw); err != nil {
		return nil, fmt.Errorf("driver: listing tests: %w", err)
	}
	out := make([]*Case, len(raw))
	for i, c := range raw {
		out[i] = &Case{File: r.file, Index: i, Titles: c.Titles, Mode: c.Mode, Profile: c.Profile, Line: c.Line}
	}
	return out, nil
}

// runTest runs one test with a fresh browser.
func (r *realm) runTest(run Run) Result {
	res := Result{Run: run}
	t, err := r.newTest(run)
	if err != nil {
		res.Status, res.Message = Failed, err.Error()
		return res
	}
	r.t = t
	defer func() { r.t = nil }()
	fixtures, err := r.hook.fixtures(sobek.Undefined(), r.rt.ToValue(run.Profile))
	if err != nil {
		res.Status, res.Message = Failed, err.Error()
		return res
	}
	var p *sobek.Promise
	err = r.guard(func() error {
		v, err := r.hook.run(sobek.Undefined(), r.rt.ToValue(run.Case.Index), fixtures)
		if err == nil {
			p, _ = v.Export().(*sobek.Promise)
		}
		return err
	})
	if err == nil && p == nil {
		err = errors.New("driver: the test did not return a promise")
	}
	if err == nil {
		err = r.drive(p)
	}
	res.Elapsed = t.b.Sched.Elapsed()
	switch {
	case err != nil:
		res.Status, res.Message = Failed, err.Error()
	case p.State() == sobek.PromiseStateRejected:
		d := r.describeError(p.Result())
		res.Status, res.Message = Failed, d.text()
		res.Location, res.Source = d.location, d.source
	default:
		res.Status = Passed
	}
	if res.Status == Failed {
		res.Trace = lastEvents(t.log, 10)
		if res.Location == "" && run.Case.Line > 0 {
			// No frame in the test file (a timeout, a driver call that
			// failed): point at the test itself.
			res.Location, res.Source = fmt.Sprintf("%s:%d", r.file.Path, run.Case.Line), r.sourceLine(run.Case.Line)
		}
	}
	return res
}

// drive runs the simulation for the pending driver calls, in the order
// they were made, until p settles.
func (r *realm) drive(p *sobek.Promise) error {
	t := r.t
	for p.State() == sobek.PromiseStatePending {
		if t.fatal != nil {
			return t.fatal
		}
		if len(t.ops) == 0 {
			return errors.New("the test is waiting for a promise that nothing settles (it is not a driver call, and the simulation cannot advance it)")
		}
		o := t.ops[0]
		t.ops = t.ops[1:]
		v, err := o.run()
		var fe *fatalError
		if errors.As(err, &fe) {
			return fe
		}
		err = r.guard(func() error {
			if err != nil {
				return o.reject(r.newError(err.Error()))
			}
			return o.resolve(v)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func (r *realm) finish() string {
	var p *sobek.Promise
	err := r.guard(func() error {
		v, err := r.hook.finish(sobek.Undefined())
		if err == nil {
			p, _ = v.Export().(*sobek.Promise)
		}
		return err
	})
	if err != nil {
		return err.Error()
	}
	if p != nil && p.State() == sobek.PromiseStateRejected {
		return r.describeError(p.Result()).text()
	}
	if p != nil && p.State() == sobek.PromiseStatePending {
		return "afterAll hooks cannot wait for the browser (there is none after the last test)"
	}
	return ""
}

// described is a thrown value, as a report shows it.
type described struct {
	name, message    string
	location, source string
}

func (d described) text() string {
	if d.name == "" || d.name == "AssertionError" {
		return d.message
	}
	return d.name + ": " + d.message
}

var stackFrame = regexp.MustCompile(`at (?:.*?\()?([^\s()]+):(\d+):(\d+)\)?`)

// describeError turns a rejection into a message and, from its stack, the
// first frame in the test file (the failing expect or throw).
func (r *realm) describeError(v sobek.Value) described {
	var d described
	o, ok := v.(*sobek.Object)
	if !ok || o.Get("message") == nil {
		d.message = "thrown: " + r.format(v)
		return d
	}
	if n := o.Get("name"); n != nil {
		d.name = n.String()
	}
	d.message = o.Get("message").String()
	if s := o.Get("stack"); s != nil {
		for _, m := range stackFrame.FindAllStringSubmatch(s.String(), -1) {
			if m[1] == r.file.Path || strings.HasSuffix(m[1], "/"+path.Base(r.file.Path)) || m[1] == "./"+path.Base(r.file.Path) {
				line, _ := strconv.Atoi(m[2])
				d.location = fmt.Sprintf("%s:%d", r.file.Path, line)
				d.source = r.sourceLine(line)
				break
			}
		}
	}
	return d
}

// sourceLine is line n (1-based) of the test file, trimmed.
func (r *realm) sourceLine(n int) string {
	lines := strings.Split(r.file.Source, "\n")
	if n < 1 || n > len(lines) {
		return ""
	}
	return strings.TrimSpace(lines[n-1])
}

// newError makes a JavaScript Error (a driver call's rejection).
func (r *realm) newError(msg string) sobek.Value {
	ctor, _ := sobek.AssertConstructor(r.rt.Get("Error"))
	o, err := ctor(nil, r.rt.ToValue(msg))
	if err != nil {
		return r.rt.ToValue(msg)
	}
	return o
}

func (r *realm) format(v sobek.Value) string {
	return fmt.Sprint(v)
}

// newTest makes the test's browser.
func (r *realm) newTest(run Run) (*testState, error) {
	prof, err := browser.ProfileByName(run.Profile)
	if err != nil {
		return nil, err
	}
	t := &testState{console: map[string][]string{}, labels: map[string]string{}, log: &trace.Log{}, deadline: r.opts.Timeout, pages: browser.MapWeb{}}
	// The test's web: pages given to newTab / navigate / serve by URL
	// (without the fragment or query), every other URL an empty page.
	web := browser.WebFunc(func(u *url.URL) (browser.Response, error) {
		if _, ok := t.pages[u.Scheme+"://"+u.Host+u.EscapedPath()]; ok {
			return t.pages.Fetch(u)
		}
		return browser.EmptyWeb{}.Fetch(u)
	})
	b, h, err := webext.NewBrowser(
		browser.Options{Profile: prof, Seeded: run.Seeded, Seed: run.Seed, Trace: t.log, TracePayloads: true, Web: web},
		js.Options{Console: func(e js.ConsoleEntry) { t.console[e.Context] = append(t.console[e.Context], e.Text) }},
		webext.Options{})
	if err != nil {
		return nil, fmt.Errorf("driver: making the browser: %w", err)
	}
	t.b, t.host = b, h
	// The test's deadline is a timer, so the clock stops there rather than
	// jumping past it to the next timer (a worker's idle timeout, say).
	t.driverQ = b.Sched.Queue("driver")
	b.Sched.After(t.deadline, t.driverQ, func() {})
	return t, nil
}

// lastEvents formats the last n trace events.
func lastEvents(l *trace.Log, n int) []string {
	evs := l.Events
	if len(evs) > n {
		evs = evs[len(evs)-n:]
	}
	out := make([]string, 0, len(evs))
	for _, e := range evs {
		var b strings.Builder
		fmt.Fprintf(&b, "%9s %-18s", e.At, e.Kind)
		if e.From != "" {
			fmt.Fprintf(&b, " %s", e.From)
		}
		if e.To != "" {
			fmt.Fprintf(&b, " -> %s", e.To)
		}
		if e.Name != "" {
			fmt.Fprintf(&b, " name=%q", e.Name)
		}
		if len(e.Payload) > 0 {
			fmt.Fprintf(&b, " %s", e.Payload)
		}
		if e.Error != "" {
			fmt.Fprintf(&b, " error=%q", e.Error)
		}
		if e.Reason != "" {
			fmt.Fprintf(&b, " (%s)", e.Reason)
		}
		out = append(out, b.String())
	}
	return out
}
