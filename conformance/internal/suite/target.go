// Package suite holds what the conformance harness and its targets share:
// a case prepared for one browser, the result a target reports, and the
// Target interface every runner (extsim, Chromium, Firefox) implements.
//
// The contract is written down in conformance/README.md; keep both true.
package suite

import (
	"context"
	"time"
)

// Outcome is how a case ended on one target.
type Outcome string

const (
	Pass    Outcome = "pass"    // T.done() was called and nothing failed
	Fail    Outcome = "fail"    // T.fail(msg) was called
	Timeout Outcome = "timeout" // neither within the case's time limit
	Error   Outcome = "error"   // the target could not run the case at all
)

// Prepared is one case made ready for one browser family: the extension
// folders have the family's manifest and the shim written into them.
type Prepared struct {
	Name  string   // the case's folder name, e.g. "connect-no-receiver"
	Rules []string // rule ids the case covers, from case.json
	// Family is "chrome" or "firefox": which manifest adaptation was made.
	Family string
	// Dir is the main extension's prepared folder (absolute path).
	Dir string
	// OtherDir is the second extension's prepared folder, or "".
	OtherDir string
	// IDs are the extension ids the shim was told (T.ids.self, T.ids.other).
	SelfID, OtherID string
	// Token identifies this run of this case on this target; the shim puts
	// it in every report so that late reports of earlier runs are dropped.
	Token string
	// BaseURL is the page server's origin, "http://127.0.0.1:PORT".
	BaseURL string
	// Limit is the real-time limit for real browsers; extsim targets use it
	// as virtual time.
	Limit time.Duration
}

// Result is what a target observed for one case.
type Result struct {
	Outcome Outcome
	// Message is T.fail's message, the timeout, or the error text.
	Message string
	// Log is the case's event log: per context label (T.ctx), the entries
	// T.log made there, in order. Order across contexts is not recorded:
	// reports from different contexts race over loopback in real browsers.
	Log map[string][]string
	// Elapsed is the wall time the run took.
	Elapsed time.Duration
}

// Target runs prepared cases in one browser (real or simulated).
type Target interface {
	// Name is the report's column title: "extsim-chrome", "chromium",
	// "extsim-firefox", "firefox".
	Name() string
	// Family is the manifest adaptation the target needs: "chrome" or
	// "firefox".
	Family() string
	// Version is the browser version for the report header.
	Version() string
	// Run runs one case and returns what it observed. An error means the
	// target itself broke (browser died, protocol failure), not the case.
	Run(ctx context.Context, c *Prepared, sink Reports) (*Result, error)
	// Close ends the browser, if any.
	Close() error
}

// Reports is how real-browser targets receive the shim's reports: the
// harness's loopback server collects them by Token. Wait returns when the
// case with this token ended (T.done / T.fail) or ctx is done.
type Reports interface {
	Wait(ctx context.Context, token string) *Result
	// Controls returns the channel of control requests (T.control) the
	// shim made for this token, for targets that act on them
	// (e.g. "stopWorker").
	Controls(token string) <-chan Control
}

// Control is a request the case made to the harness through T.control.
type Control struct {
	Action string // "stopWorker"
	Arg    string
	Ack    func(err error) // tells the shim the action was done
}
