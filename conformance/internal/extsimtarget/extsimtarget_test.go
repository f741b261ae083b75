package extsimtarget

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/extsim/extsim/conformance/internal/server"
	"github.com/extsim/extsim/conformance/internal/suite"
)

// runCase prepares a testdata case for family and runs it in extsim.
func runCase(t *testing.T, name, family string) *suite.Result {
	t.Helper()
	cases, err := suite.LoadCases("../suite/testdata/cases")
	if err != nil {
		t.Fatal(err)
	}
	var c *suite.Case
	for _, x := range cases {
		if x.Name == name {
			c = x
		}
	}
	if c == nil {
		t.Fatalf("no testdata case %s", name)
	}
	tg, err := New(family, server.Pages("../suite/testdata/web", cases))
	if err != nil {
		t.Fatal(err)
	}
	p, err := suite.Prepare(c, family, suite.NewToken(), "http://127.0.0.1:4321", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	res, err := tg.Run(context.Background(), p, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// The shim's T.fmt and T.log, as README.md documents them.
func TestShimFormatsValues(t *testing.T) {
	for _, family := range []string{"chrome", "firefox"} {
		res := runCase(t, "fmt", family)
		want := []string{
			"strings as they are 1 true null",
			"undefined NaN Infinity -Infinity -0 10n",
			`{"a":[1,{"c":3,"d":4}],"b":2}`,
			"TypeError: bad thing",
			"self is a chrome id " + map[string]string{"chrome": "true", "firefox": "false"}[family] + ` other ""`,
			"family " + family + " url http://127.0.0.1:PORT/x",
		}
		if res.Outcome != suite.Pass || !reflect.DeepEqual(res.Log, map[string][]string{"bg": want}) {
			t.Errorf("%s: %s %q\nlog %q\nwant %q", family, res.Outcome, res.Message, res.Log, want)
		}
	}
}

// Pages come from the same handler as the loopback server's, at the same
// URLs; content scripts get the shim and the label "cs".
func TestContentScriptOnCasePage(t *testing.T) {
	res := runCase(t, "cs-page", "chrome")
	want := map[string][]string{"bg": {"onConnect from-cs", `got {"n":1}`}, "cs": {"title case page"}}
	if res.Outcome != suite.Pass || !reflect.DeepEqual(res.Log, want) {
		t.Errorf("%s %q\nlog %q\nwant %q", res.Outcome, res.Message, res.Log, want)
	}
}

// T.control("stopWorker") stops the worker, then resolves in the caller;
// the next message starts the worker again.
func TestStopWorkerControl(t *testing.T) {
	res := runCase(t, "stop-worker", "chrome")
	want := map[string][]string{
		"bg": {"worker started", "message before stop", "worker started", "message after stop"},
		"cs": {"stopped"},
	}
	if res.Outcome != suite.Pass || !reflect.DeepEqual(res.Log, want) {
		t.Errorf("%s %q\nlog %q\nwant %q", res.Outcome, res.Message, res.Log, want)
	}
}

func TestFailEndsTheCase(t *testing.T) {
	res := runCase(t, "fails", "firefox")
	if res.Outcome != suite.Fail || res.Message != "bg: on purpose" || !reflect.DeepEqual(res.Log["bg"], []string{"before"}) {
		t.Errorf("%s %q %q", res.Outcome, res.Message, res.Log)
	}
}

// A case that never ends times out at its limit of virtual time, and the
// message says so.
func TestTimeoutAtVirtualLimit(t *testing.T) {
	tg, _ := New("chrome", server.Pages("", nil))
	c := &suite.Case{Name: "never", Dir: t.TempDir(), Rules: []string{"x"}, Families: []string{"chrome"}, Limit: suite.DefaultLimit}
	writeFiles(t, c.Dir, map[string]string{
		"manifest.json": `{"manifest_version":3,"name":"never","version":"1","background":{"service_worker":"bg.js"}}`,
		"bg.js":         `setInterval(function () {}, 1000);`,
	})
	p, err := suite.Prepare(c, "chrome", "tok", "http://127.0.0.1:1", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	res, err := tg.Run(context.Background(), p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcome != suite.Timeout || !strings.Contains(res.Message, "within 10s of virtual time") {
		t.Errorf("%s %q", res.Outcome, res.Message)
	}
}

// Under the firefox profile stopWorker is refused, as the firefox target
// refuses it: the promise rejects with a message saying why.
func TestStopWorkerRefusedUnderFirefox(t *testing.T) {
	res := runCase(t, "stop-worker", "firefox")
	want := []string{`refused T.control("stopWorker") applies to the chrome family only`}
	if res.Outcome != suite.Pass || !reflect.DeepEqual(res.Log["cs"], want) {
		t.Errorf("%s %q\nlog %q", res.Outcome, res.Message, res.Log)
	}
}

// Shared scripts run before the case's own, in the background and in the
// content script, in case.json's order.
func TestLibsRunBeforeTheCase(t *testing.T) {
	for _, family := range []string{"chrome", "firefox"} {
		res := runCase(t, "lib", family)
		want := map[string][]string{
			"bg": {"hello bg from lib / hello count.js from lib", "cs sent hello cs from lib"},
			"cs": {"hello count.js from lib"},
		}
		if res.Outcome != suite.Pass || !reflect.DeepEqual(res.Log, want) {
			t.Errorf("%s: %s %q\nlog %q\nwant %q", family, res.Outcome, res.Message, res.Log, want)
		}
	}
}
