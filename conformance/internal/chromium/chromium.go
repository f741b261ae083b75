// Package chromium is the conformance target for real, headless Chromium
// (Debian's chromium package): one fresh browser per case, started on
// loopback with the prepared extension(s) loaded unpacked, ended by process
// group. The shim reports to the harness's loopback server; the DevTools
// protocol is used only to act on T.control("stopWorker").
package chromium

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/extsim/extsim/conformance/internal/suite"
	"github.com/extsim/extsim/conformance/internal/wsrpc"
)

// Options configures the target. The zero value runs "chromium" from PATH.
type Options struct {
	// Binary is the browser; default "chromium" from PATH.
	Binary string
	// StartTimeout bounds the start up to the DevTools endpoint; default
	// 30 s (two busy cores can be slow).
	StartTimeout time.Duration
	// Stderr, if set, receives a copy of the browser's stderr.
	Stderr io.Writer
}

// Target runs cases in headless Chromium.
type Target struct {
	opts    Options
	binary  string
	version string
	// mu serializes Run: one browser at a time on a two-core machine.
	mu sync.Mutex
}

// ErrNotInstalled is returned by New when the browser binary is missing.
var ErrNotInstalled = errors.New("chromium not installed")

// New finds the browser and reads its version; it starts nothing.
func New(opts Options) (*Target, error) {
	if opts.Binary == "" {
		opts.Binary = "chromium"
	}
	if opts.StartTimeout <= 0 {
		opts.StartTimeout = 30 * time.Second
	}
	bin, err := exec.LookPath(opts.Binary)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotInstalled, err)
	}
	// Debian's launcher script prints shell noise on stderr; the version
	// is the stdout line "Chromium 156.0.8078.79 built on Debian ...".
	out, err := exec.Command(bin, "--version").Output()
	if err != nil {
		return nil, fmt.Errorf("chromium: %s --version: %w", bin, err)
	}
	return &Target{opts: opts, binary: bin, version: strings.TrimSpace(string(out))}, nil
}

// Name implements suite.Target.
func (t *Target) Name() string { return "chromium" }

// Family implements suite.Target.
func (t *Target) Family() string { return "chrome" }

// Version implements suite.Target.
func (t *Target) Version() string { return t.version }

// Close implements suite.Target: each Run ends its own browser.
func (t *Target) Close() error { return nil }

// Args are the browser's flags for a run with this profile folder and
// these extension folders.
func Args(profile string, extensions []string, root bool) []string {
	exts := strings.Join(extensions, ",")
	args := []string{
		"--headless=new",
		"--user-data-dir=" + profile,
		"--load-extension=" + exts,
		"--disable-extensions-except=" + exts,
		"--no-first-run",
		"--no-default-browser-check",
		"--remote-debugging-address=127.0.0.1",
		"--remote-debugging-port=0",
		"--remote-allow-origins=*",
		"--disable-gpu",
		"--disable-background-networking",
		"--disable-component-update",
		"--disable-sync",
		"--metrics-recording-only",
		"--password-store=basic",
		"--use-mock-keychain",
	}
	if root {
		// Chromium refuses to run as root with its sandbox.
		args = append(args, "--no-sandbox")
	}
	return append(args, "about:blank")
}

// Run implements suite.Target: a fresh profile and browser, the case until
// T.done / T.fail or its Limit of real time, then the browser's whole
// process group is killed and the profile removed.
func (t *Target) Run(ctx context.Context, p *suite.Prepared, sink suite.Reports) (*suite.Result, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	start := time.Now()
	profile, err := os.MkdirTemp("", "extsim-chromium-profile-")
	if err != nil {
		return nil, fmt.Errorf("chromium: %w", err)
	}
	defer os.RemoveAll(profile)
	exts := []string{p.Dir}
	if p.OtherDir != "" {
		exts = append(exts, p.OtherDir)
	}
	proc, err := startProcess(t.binary, Args(profile, exts, os.Geteuid() == 0), t.opts.Stderr)
	if err != nil {
		return nil, err
	}
	defer proc.kill()

	sctx, cancel := context.WithTimeout(ctx, t.opts.StartTimeout)
	wsURL, err := proc.devToolsURL(sctx, profile)
	cancel()
	if err != nil {
		return nil, err
	}
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	conn, err := wsrpc.Dial(cctx, wsURL)
	if err != nil {
		return nil, fmt.Errorf("chromium: %w", err)
	}
	defer conn.Close()
	go drain(conn.Events())

	controls := sink.Controls(p.Token)
	done := make(chan struct{})
	defer close(done)
	go func() {
		for {
			select {
			case c := <-controls:
				c.Ack(t.control(cctx, conn, p, c))
			case <-done:
				return
			}
		}
	}()

	wctx, wcancel := context.WithTimeout(ctx, p.Limit)
	defer wcancel()
	go func() {
		// A browser that dies ends the wait at once.
		select {
		case <-proc.exited:
			wcancel()
		case <-wctx.Done():
		}
	}()
	res := sink.Wait(wctx, p.Token)
	select {
	case <-proc.exited:
		return nil, fmt.Errorf("chromium exited during the case: %s", proc.stderrTail())
	default:
	}
	if res.Outcome == suite.Timeout {
		res.Message = fmt.Sprintf("neither T.done nor T.fail within %v", p.Limit)
	}
	res.Elapsed = time.Since(start)
	return res, nil
}

func drain(events <-chan json.RawMessage) {
	for range events {
	}
}

// control acts on one T.control request.
func (t *Target) control(ctx context.Context, conn *wsrpc.Conn, p *suite.Prepared, c suite.Control) error {
	switch c.Action {
	case "stopWorker":
		return stopWorker(ctx, conn, p.SelfID)
	}
	return fmt.Errorf("chromium: unknown T.control action %q", c.Action)
}

// stopWorker closes the extension's service worker target: in Chromium
// this stops the worker (as chrome://serviceworker-internals' Stop does);
// the next event starts it again.
func stopWorker(ctx context.Context, conn *wsrpc.Conn, extID string) error {
	var targets struct {
		Result struct {
			TargetInfos []struct {
				TargetID string `json:"targetId"`
				Type     string `json:"type"`
				URL      string `json:"url"`
			} `json:"targetInfos"`
		} `json:"result"`
	}
	if err := call(ctx, conn, "Target.getTargets", map[string]any{}, &targets); err != nil {
		return err
	}
	prefix := "chrome-extension://" + extID + "/"
	for _, ti := range targets.Result.TargetInfos {
		if ti.Type == "service_worker" && strings.HasPrefix(ti.URL, prefix) {
			return call(ctx, conn, "Target.closeTarget", map[string]any{"targetId": ti.TargetID}, nil)
		}
	}
	return fmt.Errorf("chromium: stopWorker: no running service worker of %s", extID)
}

// call sends one CDP command and decodes the whole answer into out.
func call(ctx context.Context, conn *wsrpc.Conn, method string, params any, out any) error {
	raw, err := conn.Call(ctx, method, params, nil)
	if err != nil {
		return fmt.Errorf("chromium: %s: %w", method, err)
	}
	var e struct {
		Error *struct {
			Message string `json:"message"`
		} `json:"error"`
	}
	if err := json.Unmarshal(raw, &e); err != nil {
		return fmt.Errorf("chromium: %s: %w", method, err)
	}
	if e.Error != nil {
		return fmt.Errorf("chromium: %s: %s", method, e.Error.Message)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			return fmt.Errorf("chromium: %s: %w", method, err)
		}
	}
	return nil
}

// process is one running browser, in its own process group.
type process struct {
	cmd    *exec.Cmd
	exited chan struct{}
	mu     sync.Mutex
	stderr bytes.Buffer // the last bytes of stderr
}

func startProcess(bin string, args []string, copyStderr io.Writer) (*process, error) {
	cmd := exec.Command(bin, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	p := &process{cmd: cmd, exited: make(chan struct{})}
	w := io.Writer(tail{p})
	if copyStderr != nil {
		w = io.MultiWriter(w, copyStderr)
	}
	cmd.Stderr = w
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("chromium: starting %s: %w", bin, err)
	}
	go func() {
		_ = cmd.Wait()
		close(p.exited)
	}()
	return p, nil
}

// tail keeps the last 4 KiB of stderr for error messages.
type tail struct{ p *process }

func (t tail) Write(b []byte) (int, error) {
	t.p.mu.Lock()
	defer t.p.mu.Unlock()
	t.p.stderr.Write(b)
	if n := t.p.stderr.Len(); n > 4096 {
		t.p.stderr.Next(n - 4096)
	}
	return len(b), nil
}

func (p *process) stderrTail() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := strings.TrimSpace(p.stderr.String())
	if s == "" {
		return "(no stderr)"
	}
	return s
}

// kill ends the whole process group (the launcher script, the browser and
// its helpers) and waits for the launcher to be reaped.
func (p *process) kill() {
	_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
	select {
	case <-p.exited:
	case <-time.After(10 * time.Second):
	}
}

// devToolsURL waits for the DevToolsActivePort file Chromium writes in
// the profile ("PORT\n/devtools/browser/ID") and returns the browser's
// websocket address. It polls: the file appears once, and there is no
// event to wait on.
func (p *process) devToolsURL(ctx context.Context, profile string) (string, error) {
	file := filepath.Join(profile, "DevToolsActivePort")
	tick := time.NewTicker(25 * time.Millisecond)
	defer tick.Stop()
	for {
		if data, err := os.ReadFile(file); err == nil {
			lines := strings.Split(strings.TrimSpace(string(data)), "\n")
			if len(lines) == 2 && lines[0] != "" && strings.HasPrefix(lines[1], "/devtools/browser/") {
				return "ws://127.0.0.1:" + lines[0] + lines[1], nil
			}
		}
		select {
		case <-tick.C:
		case <-p.exited:
			return "", fmt.Errorf("chromium exited before DevTools listened: %s", p.stderrTail())
		case <-ctx.Done():
			return "", fmt.Errorf("chromium: no DevToolsActivePort in %s: %w; stderr: %s", profile, ctx.Err(), p.stderrTail())
		}
	}
}
