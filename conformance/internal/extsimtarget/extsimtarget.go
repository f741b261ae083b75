// Package extsimtarget runs conformance cases in extsim itself, in-process:
// one simulated browser per case, under the chrome or the firefox profile.
// The shim reports through a Go function installed in every extension
// realm instead of over loopback, and pages come from the same
// http.Handler the loopback server uses, so URLs are identical to the real
// browsers' runs.
package extsimtarget

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/grafana/sobek"

	"github.com/extsim/extsim/browser"
	"github.com/extsim/extsim/conformance/internal/suite"
	"github.com/extsim/extsim/js"
	"github.com/extsim/extsim/js/webext"
	"github.com/extsim/extsim/sim"
)

// reportFunc is the global the shim looks for to report natively.
const reportFunc = "__extsimReport"

// urlGlobal tells the shim the context's URL: extsim's realms have no
// location, and the shim derives the default T.ctx from it.
const urlGlobal = "__extsimURL"

// scriptTimeout interrupts one JavaScript entry that runs this long in
// real time (js.Options.ScriptTimeout; its default, 10 s, is too close to
// what the largest serialization cases take under -race on a busy machine).
const scriptTimeout = 60 * time.Second

// Target is extsim under one profile.
type Target struct {
	family string
	web    http.Handler
}

// New returns the extsim target for family ("chrome" or "firefox"); web
// serves the pages (the loopback server's handler).
func New(family string, web http.Handler) (*Target, error) {
	if _, err := browser.ProfileByName(family); err != nil {
		return nil, fmt.Errorf("extsim target: %w", err)
	}
	return &Target{family: family, web: web}, nil
}

// Name implements suite.Target.
func (t *Target) Name() string { return "extsim-" + t.family }

// Family implements suite.Target.
func (t *Target) Family() string { return t.family }

// Version implements suite.Target.
func (t *Target) Version() string { return "extsim (" + t.family + " profile)" }

// Close implements suite.Target; there is nothing to end.
func (t *Target) Close() error { return nil }

// run is one case's simulated browser and what it recorded.
type run struct {
	b       *browser.Browser
	rec     *suite.Record
	self    *browser.Extension
	console []string
	err     error // a malformed report: the harness's or the shim's bug
}

// Run implements suite.Target: it loads the prepared extension(s), runs
// the scheduler until the case ends or its Limit of virtual time passes,
// then runs suite.Grace more so that what the end set in motion is logged
// as a real browser's late reports would be.
func (t *Target) Run(ctx context.Context, p *suite.Prepared, _ suite.Reports) (*suite.Result, error) {
	start := time.Now()
	prof, err := browser.ProfileByName(p.Family)
	if err != nil {
		return nil, err
	}
	r := &run{rec: suite.NewRecord()}
	b, _, err := webext.NewBrowser(browser.Options{Profile: prof, Web: browser.HandlerWeb{Handler: t.web}},
		js.Options{
			Install: []js.Installer{r.install},
			// A case may build a 64 MiB message in one entry
			// (ser-too-large), which takes seconds under the race
			// detector; a runaway is still bounded, by this and by the
			// harness's real-time deadline.
			ScriptTimeout: scriptTimeout,
			Console:       func(e js.ConsoleEntry) { r.console = append(r.console, e.String()) },
		},
		webext.Options{})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", t.Name(), err)
	}
	r.b = b
	if p.OtherDir != "" {
		if _, err := b.LoadExtension(os.DirFS(p.OtherDir), browser.LoadOptions{Path: p.OtherDir}); err != nil {
			return errorResult(fmt.Sprintf("loading other/: %v", err), start), nil
		}
	}
	r.self, err = b.LoadExtension(os.DirFS(p.Dir), browser.LoadOptions{Path: p.Dir})
	if err != nil {
		return errorResult(fmt.Sprintf("loading the extension: %v", err), start), nil
	}
	if r.self.ID != p.SelfID {
		return nil, fmt.Errorf("%s: extension id %s, but the shim was told %s", t.Name(), r.self.ID, p.SelfID)
	}
	err = b.Sched.RunUntil(func() bool {
		return r.rec.Ended() || r.err != nil || b.Sched.Elapsed() >= p.Limit || ctx.Err() != nil
	})
	if err == nil && r.rec.Ended() {
		err = b.Sched.RunFor(suite.Grace)
	}
	switch {
	case r.err != nil:
		return nil, fmt.Errorf("%s: %w", t.Name(), r.err)
	case ctx.Err() != nil:
		return nil, ctx.Err()
	case err != nil && !errors.Is(err, sim.ErrIdle):
		r.rec.Timeout("the simulation failed: " + err.Error())
	case !r.rec.Ended() && err != nil:
		r.rec.Timeout("neither T.done nor T.fail: nothing was left to run" + lastConsole(r.console))
	case !r.rec.Ended():
		r.rec.Timeout(fmt.Sprintf("neither T.done nor T.fail within %v of virtual time", p.Limit) + lastConsole(r.console))
	}
	res := r.rec.Result()
	res.Elapsed = time.Since(start)
	return res, nil
}

func errorResult(msg string, start time.Time) *suite.Result {
	return &suite.Result{Outcome: suite.Error, Message: msg, Log: map[string][]string{}, Elapsed: time.Since(start)}
}

// lastConsole adds the console's last lines to a timeout message: an
// uncaught error there usually says why the case never ended.
func lastConsole(lines []string) string {
	if len(lines) == 0 {
		return ""
	}
	if len(lines) > 5 {
		lines = lines[len(lines)-5:]
	}
	return "; console: " + strings.Join(lines, " | ")
}

// install adds the report function to extension realms (the shim runs
// only there).
func (r *run) install(realm *js.Realm) error {
	if realm.Ctx.Extension == nil {
		return nil
	}
	if err := realm.RT.Set(urlGlobal, realm.Ctx.URL); err != nil {
		return err
	}
	return realm.RT.Set(reportFunc, func(call sobek.FunctionCall) sobek.Value {
		m, err := suite.ParseMessage([]byte(call.Argument(0).String()))
		if err != nil {
			if r.err == nil {
				r.err = fmt.Errorf("%s: %w", realm.Ctx.Label, err)
			}
			return sobek.Undefined()
		}
		r.rec.Add(m)
		if m.Kind == "control" {
			cb, _ := sobek.AssertFunction(call.Argument(1))
			r.control(realm, m, cb)
		}
		return sobek.Undefined()
	})
}

// control acts on T.control in a task of its own, then answers the caller
// in a task of the caller's context (if it is still alive).
func (r *run) control(realm *js.Realm, m suite.Message, answer sobek.Callable) {
	q := r.b.Sched.Queue("faults")
	r.b.Sched.After(0, q, func() {
		var err error
		switch {
		case m.Action == "stopWorker" && r.b.Profile().Name == "firefox":
			// As the firefox target does: Firefox's MV3 background is an
			// event page, and nothing drives its suspension from outside.
			err = fmt.Errorf("T.control(%q) applies to the chrome family only", m.Action)
		case m.Action == "stopWorker":
			r.self.StopBackground()
		default:
			err = fmt.Errorf("unknown T.control action %q", m.Action)
		}
		if answer == nil {
			return
		}
		r.b.Sched.After(0, realm.Ctx.Queue, func() {
			if realm.Dead() {
				return
			}
			arg := sobek.Undefined()
			if err != nil {
				arg = realm.RT.ToValue(err.Error())
			}
			_, _ = realm.Call(answer, sobek.Undefined(), arg)
		})
	})
}
