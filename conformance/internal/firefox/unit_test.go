package firefox

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/extsim/extsim/conformance/internal/suite"
)

func TestParseBiDiAddress(t *testing.T) {
	for _, tc := range []struct {
		line string
		want string
		ok   bool
	}{
		{"WebDriver BiDi listening on ws://127.0.0.1:38861\n", "ws://127.0.0.1:38861", true},
		{"WebDriver BiDi listening on ws://[::1]:9222", "ws://[::1]:9222", true},
		{"1700000000000\tRemoteAgent\tINFO\tWebDriver BiDi listening on ws://127.0.0.1:4444", "ws://127.0.0.1:4444", true},
		{"*** You are running in headless mode.", "", false},
		{"WebDriver BiDi listening on ws://10.0.0.5:4444", "", false},    // not loopback
		{"WebDriver BiDi listening on http://127.0.0.1:4444", "", false}, // not a websocket
		{"WebDriver BiDi listening on ws://127.0.0.1", "", false},        // no port
		{"WebDriver BiDi listening on ws://localhost:4444", "", false},   // a name, not an address
		{"DevTools listening on ws://127.0.0.1:9222/devtools/browser/x", "", false},
	} {
		got, ok := parseBiDiAddress(tc.line)
		if got != tc.want || ok != tc.ok {
			t.Errorf("parseBiDiAddress(%q) = %q, %v; want %q, %v", tc.line, got, ok, tc.want, tc.ok)
		}
	}
}

func TestWriteUserJS(t *testing.T) {
	dir := t.TempDir()
	err := writeUserJS(dir, map[string]any{"b.int": 5, "a.bool": true, "c.str": `say "hi"`})
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "user.js"))
	if err != nil {
		t.Fatal(err)
	}
	want := "user_pref(\"a.bool\", true);\nuser_pref(\"b.int\", 5);\nuser_pref(\"c.str\", \"say \\\"hi\\\"\");\n"
	if string(data) != want {
		t.Errorf("user.js =\n%s\nwant\n%s", data, want)
	}
}

func TestWriteUserJSRejectsOtherTypes(t *testing.T) {
	err := writeUserJS(t.TempDir(), map[string]any{"x.float": 1.5})
	if err == nil || !strings.Contains(err.Error(), `"x.float"`) || !strings.Contains(err.Error(), "float64") {
		t.Fatalf("err = %v; want one naming the pref and its type", err)
	}
}

func TestBasePrefsGrantHostPermissionsAndAreWritable(t *testing.T) {
	prefs := basePrefs()
	if prefs["extensions.originControls.grantByDefault"] != true {
		t.Error("the profile must grant MV3 host permissions at install")
	}
	if err := writeUserJS(t.TempDir(), prefs); err != nil {
		t.Fatal(err)
	}
}

func TestDecodeAnswer(t *testing.T) {
	var out struct{ Extension string }
	if err := decodeAnswer("webExtension.install", json.RawMessage(`{"type":"success","id":3,"result":{"extension":"a@b"}}`), &out); err != nil || out.Extension != "a@b" {
		t.Fatalf("success: %v, %+v", err, out)
	}
	err := decodeAnswer("webExtension.install", json.RawMessage(`{"type":"error","id":4,"error":"invalid web extension","message":"Could not install add-on","stacktrace":""}`), nil)
	var be *bidiError
	if !errors.As(err, &be) || be.Code != "invalid web extension" {
		t.Fatalf("error answer: %v", err)
	}
	if got, want := err.Error(), "webExtension.install: invalid web extension: Could not install add-on"; got != want {
		t.Errorf("message %q, want %q", got, want)
	}
	for _, raw := range []string{`not json`, `{"type":"event","method":"x"}`} {
		err := decodeAnswer("session.new", json.RawMessage(raw), nil)
		if err == nil || !strings.Contains(err.Error(), "session.new") {
			t.Errorf("decodeAnswer(%s) = %v; want an error naming the command", raw, err)
		}
	}
	if err := decodeAnswer("browsingContext.getTree", json.RawMessage(`{"type":"success","result":{"contexts":5}}`), &struct {
		Contexts []browsingContext
	}{}); err == nil {
		t.Error("a result of the wrong shape decoded without error")
	}
}

func TestControlsAreRefused(t *testing.T) {
	controls := make(chan suite.Control)
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		refuseControls(controls, done)
		close(finished)
	}()
	for _, action := range []string{"stopWorker", "reboot"} {
		got := make(chan error, 1)
		controls <- suite.Control{Action: action, Ack: func(err error) { got <- err }}
		err := <-got
		if err == nil || !strings.Contains(err.Error(), action) {
			t.Errorf("T.control(%q) answered %v; want an error naming it", action, err)
		}
	}
	close(done)
	<-finished
}
