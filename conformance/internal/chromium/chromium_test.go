package chromium

import (
	"context"
	"errors"
	"os/exec"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/extsim/extsim/conformance/internal/server"
	"github.com/extsim/extsim/conformance/internal/suite"
)

func TestArgs(t *testing.T) {
	args := Args("/tmp/p", []string{"/a", "/b"}, true)
	for _, want := range []string{"--headless=new", "--user-data-dir=/tmp/p", "--load-extension=/a,/b", "--disable-extensions-except=/a,/b",
		"--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1", "--no-sandbox"} {
		if !slices.Contains(args, want) {
			t.Errorf("args lack %s: %q", want, args)
		}
	}
	if slices.Contains(Args("/tmp/p", []string{"/a"}, false), "--no-sandbox") {
		t.Errorf("--no-sandbox when not root")
	}
}

func TestNewWithoutBrowser(t *testing.T) {
	_, err := New(Options{Binary: "no-such-chromium-binary"})
	if !errors.Is(err, ErrNotInstalled) {
		t.Errorf("err = %v, want ErrNotInstalled", err)
	}
}

// The testdata cases in real Chromium: the shim's transport over loopback,
// pages from the server, and T.control("stopWorker") through DevTools.
func TestCasesInChromium(t *testing.T) {
	if _, err := exec.LookPath("chromium"); err != nil {
		t.Skip("chromium not installed: ", err)
	}
	if testing.Short() {
		t.Skip("starts a real browser per case; not in -short")
	}
	cases, err := suite.LoadCases("../suite/testdata/cases")
	if err != nil {
		t.Fatal(err)
	}
	srv := server.New("../suite/testdata/web", cases)
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	tg, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(tg.Version(), "Chromium ") {
		t.Errorf("version %q", tg.Version())
	}
	want := map[string]map[string][]string{
		"fmt": {"bg": {
			"strings as they are 1 true null",
			"undefined NaN Infinity -Infinity -0 10n",
			`{"a":[1,{"c":3,"d":4}],"b":2}`,
			"TypeError: bad thing",
			`self is a chrome id true other ""`,
			"family chrome url http://127.0.0.1:PORT/x",
		}},
		"stop-worker": {
			"bg": {"worker started", "message before stop", "worker started", "message after stop"},
			"cs": {"stopped"},
		},
	}
	for _, c := range cases {
		w, ok := want[c.Name]
		if !ok {
			continue
		}
		p, err := suite.Prepare(c, "chrome", suite.NewToken(), srv.BaseURL(), t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		res, err := tg.Run(context.Background(), p, srv)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		if res.Outcome != suite.Pass || !reflect.DeepEqual(res.Log, w) {
			t.Errorf("%s: %s %q\nlog  %q\nwant %q", c.Name, res.Outcome, res.Message, res.Log, w)
		}
	}
}
