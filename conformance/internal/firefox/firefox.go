// Package firefox is the conformance harness's Firefox target: it runs the
// prepared cases in a real headless Firefox ESR driven over WebDriver BiDi.
//
// Finding (Firefox ESR 153.7, checked by TestMV3HostPermissionGrant):
// a temporary MV3 add-on gets its host_permissions granted at install,
// without a prompt, so its content scripts run on http://127.0.0.1/* and
// the harness's Firefox adaptation can keep the cases in MV3. What grants
// them is the pref extensions.originControls.grantByDefault, true by
// default in this release; with it false the permission is not granted
// (permissions.contains answers false) and the content script never runs.
// The target writes the pref as true so that a distribution's or a later
// release's default cannot silently turn every content-script case into a
// timeout.
//
// One browser serves every case: per case the target installs the case's
// extensions as temporary add-ons, waits for the shim's result, uninstalls
// them and closes every tab the case opened, keeping one about:blank tab so
// that the browser does not quit. Measured on two busy cores: the browser
// starts in 2.5-4 s, a reused browser runs a small case (install, run,
// uninstall, tab cleanup) in 0.2-0.6 s; a fresh browser per case would make
// every case ten times dearer. If cleanup fails the target starts a new
// browser rather than carry state into the next case.
package firefox

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"sync"
	"time"

	"github.com/extsim/extsim/conformance/internal/suite"
	"github.com/extsim/extsim/conformance/internal/wsrpc"
)

// Options configures the Firefox target. The zero value runs firefox-esr
// from PATH.
type Options struct {
	// Binary is the Firefox executable; default "firefox-esr" from PATH.
	Binary string
	// StartTimeout bounds the browser's start up to a BiDi session;
	// default 60 s (two busy cores can be slow).
	StartTimeout time.Duration
	// Prefs are added to (or override) the profile prefs the target
	// writes; a nil value leaves that pref at Firefox's default.
	Prefs map[string]any
	// Stderr, if set, receives a copy of the browser's stderr.
	Stderr io.Writer
}

// commandTimeout bounds one BiDi command (install, uninstall, tab cleanup).
const commandTimeout = 30 * time.Second

// errStopWorker answers T.control("stopWorker"): Firefox's MV3 background
// is an event page, not a service worker, and WebDriver BiDi has no way to
// suspend it.
var errStopWorker = errors.New(`firefox: T.control("stopWorker") does not apply to Firefox (its MV3 background is an event page, not a service worker); the case must be chrome-only`)

// Target runs cases in one headless Firefox. Run calls are serialized.
type Target struct {
	opts    Options
	binary  string
	version string

	mu   sync.Mutex // held by Run and Close
	proc *browserProcess
	conn *wsrpc.Conn
	b    *bidi
	keep string // the tab kept open between cases
}

// New starts Firefox and opens a WebDriver BiDi session.
func New(opts Options) (*Target, error) {
	if opts.Binary == "" {
		opts.Binary = "firefox-esr"
	}
	if opts.StartTimeout <= 0 {
		opts.StartTimeout = 60 * time.Second
	}
	bin, err := exec.LookPath(opts.Binary)
	if err != nil {
		return nil, fmt.Errorf("firefox: %w", err)
	}
	t := &Target{opts: opts, binary: bin}
	if err := t.start(); err != nil {
		return nil, err
	}
	return t, nil
}

// start runs a new browser process and session; t.mu is held or t is not
// shared yet.
func (t *Target) start() error {
	ctx, cancel := context.WithTimeout(context.Background(), t.opts.StartTimeout)
	defer cancel()
	prefs := basePrefs()
	for k, v := range t.opts.Prefs {
		if v == nil {
			delete(prefs, k)
			continue
		}
		prefs[k] = v
	}
	proc, addr, err := startProcess(ctx, t.binary, prefs, t.opts.Stderr)
	if err != nil {
		return err
	}
	conn, err := wsrpc.Dial(ctx, addr+"/session")
	if err != nil {
		proc.kill()
		return fmt.Errorf("firefox: %w", err)
	}
	// The session subscribes to no event, but a full event buffer would
	// stall every answer: drain it.
	go func() {
		for range conn.Events() {
		}
	}()
	t.proc, t.conn, t.b = proc, conn, &bidi{conn: conn}
	fail := func(err error) error {
		t.stop()
		return fmt.Errorf("firefox: %w%s", err, proc.tail.describe())
	}
	version, err := t.b.newSession(ctx)
	if err != nil {
		return fail(err)
	}
	if t.version == "" {
		// Set once, before t is shared: Version needs no lock, and a
		// restart runs the same binary.
		t.version = version
	}
	tabs, err := t.b.topContexts(ctx)
	if err != nil {
		return fail(err)
	}
	if len(tabs) == 0 {
		return fail(errors.New("the browser started without a tab"))
	}
	t.keep = tabs[0].Context
	return nil
}

// stop ends the session and the browser's process group.
func (t *Target) stop() error {
	if t.proc == nil {
		return nil
	}
	t.conn.Close()
	err := t.proc.kill()
	t.proc, t.conn, t.b = nil, nil, nil
	return err
}

// Name is the report's column title.
func (t *Target) Name() string { return "firefox" }

// Family is the manifest adaptation Firefox needs.
func (t *Target) Family() string { return "firefox" }

// Version is the browserVersion session.new reported, e.g. "153.7.0".
func (t *Target) Version() string { return t.version }

// Close ends the browser and removes its profile.
func (t *Target) Close() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.stop()
}

// Run installs the case's extensions, waits for its result and cleans up.
func (t *Target) Run(ctx context.Context, c *suite.Prepared, sink suite.Reports) (*suite.Result, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.proc == nil {
		return nil, errors.New("firefox: the browser is not running (the target was closed, or a restart failed)")
	}
	if c.Family != "firefox" {
		return nil, fmt.Errorf("firefox: case %s was prepared for family %q, not firefox", c.Name, c.Family)
	}
	start := time.Now()
	res, installed, err := t.runCase(ctx, c, sink)
	if res != nil {
		res.Elapsed = time.Since(start)
	}
	if cerr := t.cleanup(installed); cerr != nil {
		// A browser that cannot be cleaned must not carry state into the
		// next case: start a new one.
		t.stop()
		if serr := t.start(); serr != nil {
			return nil, fmt.Errorf("firefox: case %s: cleanup failed (%v), and restarting failed: %w", c.Name, cerr, serr)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("firefox: case %s: %w", c.Name, err)
	}
	return res, nil
}

// runCase installs and waits. It returns the ids it installed (to be
// uninstalled whatever happens) and an error only when the browser broke.
func (t *Target) runCase(ctx context.Context, c *suite.Prepared, sink suite.Reports) (*suite.Result, []string, error) {
	done := make(chan struct{})
	defer close(done)
	go refuseControls(sink.Controls(c.Token), done)

	var installed []string
	for _, ext := range []struct{ dir, want, what string }{
		{c.Dir, c.SelfID, "the extension"},
		{c.OtherDir, c.OtherID, "the other extension"},
	} {
		if ext.dir == "" {
			continue
		}
		id, err := t.installOne(ctx, ext.dir)
		if err != nil {
			var be *bidiError
			if errors.As(err, &be) {
				// The browser refused the extension: the case is broken,
				// not the target.
				return errorResult("installing %s from %s: %v", ext.what, ext.dir, err), installed, nil
			}
			return nil, installed, fmt.Errorf("installing %s: %w", ext.what, err)
		}
		installed = append(installed, id)
		if ext.want != "" && id != ext.want {
			return errorResult("%s installed with id %q but the shim was told %q (browser_specific_settings.gecko.id)", ext.what, id, ext.want), installed, nil
		}
	}

	limit := c.Limit
	if limit <= 0 {
		limit = 10 * time.Second
	}
	waitCtx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	proc, conn := t.proc, t.conn // the goroutine may outlive a restart
	go func() {
		select {
		case <-proc.exited:
			cancel()
		case <-conn.Done():
			cancel()
		case <-waitCtx.Done():
		}
	}()
	res := sink.Wait(waitCtx, c.Token)
	select {
	case <-proc.exited:
		return nil, installed, fmt.Errorf("the browser exited during the case (%v)%s", proc.exitErr, proc.tail.describe())
	case <-conn.Done():
		return nil, installed, fmt.Errorf("the WebDriver BiDi connection ended during the case: %w", conn.Err())
	default:
	}
	if res == nil || res.Outcome == "" {
		if err := ctx.Err(); err != nil {
			return nil, installed, err
		}
		return &suite.Result{Outcome: suite.Timeout, Message: fmt.Sprintf("neither T.done nor T.fail within %v", limit)}, installed, nil
	}
	return res, installed, nil
}

func (t *Target) installOne(ctx context.Context, dir string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, commandTimeout)
	defer cancel()
	return t.b.install(ctx, dir)
}

// cleanup uninstalls the case's extensions and closes every tab but the
// kept one, which goes back to about:blank. It runs even when the caller's
// context is done: the next case needs a clean browser.
func (t *Target) cleanup(installed []string) error {
	ctx, cancel := context.WithTimeout(context.Background(), commandTimeout)
	defer cancel()
	for i := len(installed) - 1; i >= 0; i-- {
		if err := t.b.uninstall(ctx, installed[i]); err != nil {
			return fmt.Errorf("uninstalling %s: %w", installed[i], err)
		}
	}
	tabs, err := t.b.topContexts(ctx)
	if err != nil {
		return err
	}
	keepURL, kept := "", false
	for _, tab := range tabs {
		if tab.Context == t.keep {
			keepURL, kept = tab.URL, true
		}
	}
	if !kept {
		if len(tabs) == 0 {
			return errors.New("the case left no tab")
		}
		// The case closed the kept tab but its own tabs remain: keep the
		// first. (A case that closes every tab quits Firefox; Run then
		// reports the target's error and starts a new browser.)
		t.keep, keepURL = tabs[0].Context, tabs[0].URL
	}
	for _, tab := range tabs {
		if tab.Context == t.keep {
			continue
		}
		if err := t.b.closeContext(ctx, tab.Context); err != nil {
			return fmt.Errorf("closing tab %s (%s): %w", tab.Context, tab.URL, err)
		}
	}
	if keepURL != "about:blank" {
		if err := t.b.navigateBlank(ctx, t.keep); err != nil {
			return fmt.Errorf("blanking the kept tab: %w", err)
		}
	}
	return nil
}

// refuseControls answers every T.control request with errStopWorker (or
// an unknown-action error) until done is closed.
func refuseControls(controls <-chan suite.Control, done <-chan struct{}) {
	for {
		select {
		case ctl, ok := <-controls:
			if !ok {
				return
			}
			if ctl.Ack != nil {
				ctl.Ack(controlError(ctl.Action))
			}
		case <-done:
			return
		}
	}
}

// controlError is the answer to T.control(action) in Firefox.
func controlError(action string) error {
	if action == "stopWorker" {
		return errStopWorker
	}
	return fmt.Errorf("firefox: unknown T.control action %q", action)
}

func errorResult(format string, args ...any) *suite.Result {
	return &suite.Result{Outcome: suite.Error, Message: fmt.Sprintf(format, args...)}
}
