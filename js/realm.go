package js

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/grafana/sobek"

	"github.com/extsim/extsim/browser"
	"github.com/extsim/extsim/js/dom"
	"github.com/extsim/extsim/router"
	"github.com/extsim/extsim/router/serial"
	"github.com/extsim/extsim/sim"
)

// Realm is the JavaScript world of one context.
type Realm struct {
	// RT is the realm's runtime. Touch it only from the context's tasks.
	RT   *sobek.Runtime
	Ctx  *browser.Context
	Host *Host
	// Endpoint receives the context's messaging events; installers set it.
	Endpoint router.Endpoint

	onEvent    func(name string, args []serial.Value)
	dom        *dom.World // the realm's view of its document
	timers     map[int64]*timer
	nextTimer  int64
	dead       bool
	depth      int // nesting of guarded entries; only the outermost reports
	rejections []*sobek.Promise
	// modMap is the module map, created by the first module (modules.go).
	modMap *moduleMap
	// moduleWorker: the context is a module service worker, where
	// importScripts throws (importscripts.go).
	moduleWorker bool
	// newDOMException builds a DOMException of this realm (hostapi.go).
	newDOMException func(name, msg string) *sobek.Object
	// onClose holds what must happen when the realm goes away (OnClose).
	onClose     map[int]func()
	nextOnClose int

	// watchdog interrupts a runaway entry. It is one timer per realm,
	// re-armed per outermost entry (no allocation); gen tells it whether the
	// entry it was armed for is still running.
	watchdog *time.Timer
	gen      atomic.Uint64 // generation of the current outermost entry
	armed    atomic.Uint64 // generation the watchdog was armed for
	running  atomic.Bool
}

type timer struct {
	t        *sim.Timer
	fn       sobek.Callable
	args     []sobek.Value
	interval time.Duration
	repeat   bool
}

func newRealm(h *Host, c *browser.Context) *Realm {
	rt := sobek.New()
	rt.SetFieldNameMapper(sobek.UncapFieldNameMapper())
	rt.SetMaxCallStackSize(h.opts.MaxCallStackSize)
	// Source maps are applied when errors are reported (sourcemaps.go), not
	// by sobek's parser, which would read only data: URLs.
	rt.SetParserOptions(h.parserOpts...)
	b := h.b
	rt.SetTimeSource(func() time.Time { return b.Sched.Now() })
	// Math.random is seeded from the context id on first use: the id is
	// assigned only after Start returns, and an xorshift seeded with 0 stays 0.
	var seed uint64
	rt.SetRandSource(func() float64 {
		if seed == 0 {
			seed = (uint64(c.ID) + 1) * 0x9e3779b97f4a7c15
		}
		seed ^= seed << 13
		seed ^= seed >> 7
		seed ^= seed << 17
		return float64(seed>>11) / (1 << 53)
	})
	r := &Realm{RT: rt, Ctx: c, Host: h, timers: map[int64]*timer{}}
	rt.SetPromiseRejectionTracker(func(p *sobek.Promise, op sobek.PromiseRejectionOperation) {
		switch op {
		case sobek.PromiseRejectionReject:
			r.rejections = append(r.rejections, p)
		case sobek.PromiseRejectionHandle:
			for i, q := range r.rejections {
				if q == p {
					r.rejections = append(r.rejections[:i], r.rejections[i+1:]...)
					break
				}
			}
		}
	})
	r.watchdog = time.AfterFunc(time.Hour, func() {
		if r.running.Load() && r.gen.Load() == r.armed.Load() {
			r.RT.Interrupt(fmt.Sprintf("script timeout: %s ran longer than %v", c.Label, h.opts.ScriptTimeout))
		}
	})
	r.watchdog.Stop()
	rt.SetImportModuleDynamically(r.importDynamically)
	r.installGlobals()
	return r
}

// Browser is the browser the realm runs in.
func (r *Realm) Browser() *browser.Browser { return r.Host.b }

// Dead reports whether the context was stopped.
func (r *Realm) Dead() bool { return r.dead }

// OnEvent sets the handler of browser events (js.Host.DispatchEvent).
func (r *Realm) OnEvent(fn func(name string, args []serial.Value)) { r.onEvent = fn }

// Guard runs fn, which may call into JavaScript, as one entry: an uncaught
// exception is reported to the console as the browser would ("Uncaught
// ..."), a runaway is interrupted after the host's ScriptTimeout, and
// promise rejections left unhandled are reported when the outermost entry
// ends. It returns fn's error (already reported).
func (r *Realm) Guard(fn func() error) error {
	if r.dead {
		return errDead
	}
	outer := r.depth == 0
	r.depth++
	if outer {
		r.armed.Store(r.gen.Add(1))
		r.running.Store(true)
		r.watchdog.Reset(r.Host.opts.ScriptTimeout)
	}
	err := fn()
	r.depth--
	if outer {
		r.running.Store(false)
		r.watchdog.Stop()
		r.RT.ClearInterrupt()
	}
	if err != nil && outer {
		r.ReportUncaught(r.exceptionText(err))
	}
	if outer {
		r.reportRejections()
	}
	return err
}

var errDead = errors.New("js: context stopped")

func (r *Realm) reportRejections() {
	for _, p := range r.rejections {
		r.ReportUncaught("Uncaught (in promise) " + describeReason(p.Result()))
	}
	r.rejections = r.rejections[:0]
}

func describeReason(v sobek.Value) string {
	if o, ok := v.(*sobek.Object); ok {
		if name, msg := o.Get("name"), o.Get("message"); name != nil && msg != nil && !sobek.IsUndefined(msg) {
			return name.String() + ": " + msg.String()
		}
	}
	if v == nil {
		return "undefined"
	}
	return v.String()
}

// RunScript runs a classic script as one entry. A script with syntax
// sobek lacks (async generators, for await) is lowered first (lower.go);
// otherwise a syntax error is reported as it stands.
func (r *Realm) RunScript(name, src string) {
	_ = r.Guard(func() error {
		prg, err := compileClassic(name, src)
		if err != nil && isSyntaxError(err) {
			if lowered, ok := lowerSyntax(name, src); ok {
				if p, lerr := compileClassic(name, lowered); lerr == nil {
					r.Host.noteScript(name, lowered)
					prg, err = p, nil
				}
			}
		}
		if err != nil {
			return err
		}
		_, err = r.RT.RunProgram(prg)
		return err
	})
}

// Call calls fn as one entry and returns its result.
func (r *Realm) Call(fn sobek.Callable, this sobek.Value, args ...sobek.Value) (sobek.Value, error) {
	var v sobek.Value
	err := r.Guard(func() error {
		var err error
		v, err = fn(this, args...)
		return err
	})
	return v, err
}

// Log writes a console line from Go code (e.g. "Unchecked runtime.lastError").
func (r *Realm) Log(level, text string) { r.report(level, text) }

func (r *Realm) report(level, text string) {
	r.Host.console(ConsoleEntry{At: r.Host.b.Sched.Elapsed(), Context: r.Ctx.Label, Level: level, Text: text})
}

// ReportUncaught reports an error no script caught (an exception escaping an
// event listener, for instance) as an uncaught error of this context.
func (r *Realm) ReportUncaught(text string) {
	r.Host.console(ConsoleEntry{At: r.Host.b.Sched.Elapsed(), Context: r.Ctx.Label, Level: "error", Text: text, Uncaught: true})
}

// OnClose registers f to run once when the realm goes away (its document
// unloaded, its frame removed, its tab closed, its worker stopped), so that
// work waiting on the realm can settle instead of hanging. The returned
// func unregisters f. On a dead realm f runs at once.
func (r *Realm) OnClose(f func()) (cancel func()) {
	if r.dead {
		f()
		return func() {}
	}
	if r.onClose == nil {
		r.onClose = map[int]func(){}
	}
	r.nextOnClose++
	id := r.nextOnClose
	r.onClose[id] = f
	return func() { delete(r.onClose, id) }
}

func (r *Realm) close() {
	r.dead = true
	for _, id := range slices.Sorted(maps.Keys(r.onClose)) {
		f := r.onClose[id]
		delete(r.onClose, id)
		f()
	}
	for id, t := range r.timers {
		t.t.Stop()
		delete(r.timers, id)
	}
	r.watchdog.Stop()
	r.closeDOM()
}

// installGlobals adds the host APIs every context has: timers, console,
// queueMicrotask, and self / window / globalThis as the context warrants.
func (r *Realm) installGlobals() {
	rt := r.RT
	g := rt.GlobalObject()
	must := func(err error) {
		if err != nil {
			panic(fmt.Sprintf("js: installing globals: %v", err))
		}
	}
	must(g.Set("self", g))
	if r.Ctx.Kind != router.KindServiceWorker {
		must(g.Set("window", g))
	}
	must(g.Set("setTimeout", func(call sobek.FunctionCall) sobek.Value { return r.setTimer(call, false) }))
	must(g.Set("setInterval", func(call sobek.FunctionCall) sobek.Value { return r.setTimer(call, true) }))
	clear := func(call sobek.FunctionCall) sobek.Value {
		id := call.Argument(0).ToInteger()
		if t, ok := r.timers[id]; ok {
			t.t.Stop()
			delete(r.timers, id)
		}
		return sobek.Undefined()
	}
	must(g.Set("clearTimeout", clear))
	must(g.Set("clearInterval", clear))
	console := rt.NewObject()
	for _, level := range []string{"log", "info", "warn", "error", "debug"} {
		must(console.Set(level, func(call sobek.FunctionCall) sobek.Value {
			r.report(level, FormatArgs(rt, call.Arguments))
			return sobek.Undefined()
		}))
	}
	must(g.Set("console", console))
	fn, err := rt.RunProgram(r.Host.globalsProg)
	must(err)
	call, _ := sobek.AssertFunction(fn)
	_, err = call(sobek.Undefined(), g)
	must(err)
	r.installDOM()
	must(r.installHostAPIs())
}

// globalsPrelude adds small host APIs written in JavaScript.
const globalsPrelude = `(function(g){
  g.queueMicrotask = function queueMicrotask(cb) {
    if (typeof cb !== "function") throw new TypeError("Failed to execute 'queueMicrotask' on 'Window': parameter 1 is not of type 'Function'.");
    Promise.resolve().then(function(){ cb(); });
  };
  if (!Promise.withResolvers) Promise.withResolvers = function() {
    var resolve, reject; var promise = new this(function(a, b){ resolve = a; reject = b; });
    return {promise: promise, resolve: resolve, reject: reject};
  };
})`

// setTimer implements setTimeout and setInterval on the virtual clock.
func (r *Realm) setTimer(call sobek.FunctionCall, repeat bool) sobek.Value {
	fn, ok := sobek.AssertFunction(call.Argument(0))
	if !ok {
		panic(r.RT.NewTypeError("extsim: setTimeout/setInterval with a string of code is not supported; pass a function"))
	}
	ms := call.Argument(1).ToFloat()
	if math.IsNaN(ms) || ms < 0 {
		ms = 0
	}
	d := time.Duration(ms * float64(time.Millisecond))
	if repeat && d < time.Millisecond {
		d = time.Millisecond
	}
	var args []sobek.Value
	if len(call.Arguments) > 2 {
		args = append(args, call.Arguments[2:]...)
	}
	r.nextTimer++
	id := r.nextTimer
	t := &timer{fn: fn, args: args, interval: d, repeat: repeat}
	r.timers[id] = t
	r.arm(id, t, d)
	return r.RT.ToValue(id)
}

func (r *Realm) arm(id int64, t *timer, d time.Duration) {
	t.t = r.Host.b.Sched.After(d, r.Ctx.Queue, func() {
		if r.dead || r.timers[id] != t {
			return
		}
		if t.repeat {
			r.arm(id, t, t.interval)
		} else {
			delete(r.timers, id)
		}
		_, _ = r.Call(t.fn, sobek.Undefined(), t.args...)
	})
}

// FormatArgs renders console arguments like a browser console's text:
// strings as they are, %s/%d/%i/%f/%o/%O/%c substitutions in a leading
// string, other values as JSON where they can be, joined by spaces.
func FormatArgs(rt *sobek.Runtime, args []sobek.Value) string {
	var parts []string
	i := 0
	if len(args) > 0 {
		if s, ok := args[0].Export().(string); ok && strings.Contains(s, "%") {
			var b strings.Builder
			next := 1
			for j := 0; j < len(s); j++ {
				if s[j] != '%' || j+1 >= len(s) {
					b.WriteByte(s[j])
					continue
				}
				switch s[j+1] {
				case 's', 'd', 'i', 'f', 'o', 'O':
					if next < len(args) {
						b.WriteString(formatOne(rt, args[next], s[j+1] == 's'))
						next++
					}
					j++
				case 'c':
					next++
					j++
				case '%':
					b.WriteByte('%')
					j++
				default:
					b.WriteByte('%')
				}
			}
			parts = append(parts, b.String())
			i = next
		}
	}
	for ; i < len(args); i++ {
		parts = append(parts, formatOne(rt, args[i], true))
	}
	return strings.Join(parts, " ")
}

func formatOne(rt *sobek.Runtime, v sobek.Value, plainStrings bool) string {
	if v == nil || sobek.IsUndefined(v) {
		return "undefined"
	}
	if sobek.IsNull(v) {
		return "null"
	}
	if s, ok := v.Export().(string); ok && plainStrings {
		return s
	}
	if o, ok := v.(*sobek.Object); ok {
		if _, isFn := sobek.AssertFunction(o); isFn {
			return v.String()
		}
		if o.ClassName() == "Error" {
			return describeReason(o)
		}
		js := rt.Get("JSON").ToObject(rt).Get("stringify")
		if f, ok := sobek.AssertFunction(js); ok {
			if out, err := f(sobek.Undefined(), v); err == nil && !sobek.IsUndefined(out) {
				return out.String()
			}
		}
	}
	return v.String()
}
