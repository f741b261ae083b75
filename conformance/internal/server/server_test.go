package server

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/extsim/extsim/conformance/internal/suite"
)

func post(t *testing.T, url, body string) *http.Response {
	t.Helper()
	res, err := http.Post(url+"/__report", "text/plain", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestReportsCollectedByToken(t *testing.T) {
	s := New("", nil)
	ts := httptest.NewServer(s)
	defer ts.Close()
	for _, b := range []string{
		`{"token":"a","kind":"log","ctx":"bg","instance":"i","seq":1,"text":"one"}`,
		`{"token":"b","kind":"log","ctx":"bg","instance":"j","seq":1,"text":"other run"}`,
		`{"token":"a","kind":"log","ctx":"cs","instance":"k","seq":1,"text":"two"}`,
		`{"token":"a","kind":"done","ctx":"bg","instance":"i","seq":2}`,
	} {
		res := post(t, ts.URL, b)
		if res.StatusCode != http.StatusNoContent || res.Header.Get("Access-Control-Allow-Origin") != "*" {
			t.Errorf("%s: status %d, CORS %q", b, res.StatusCode, res.Header.Get("Access-Control-Allow-Origin"))
		}
		res.Body.Close()
	}
	got := s.Wait(context.Background(), "a")
	want := map[string][]string{"bg": {"one"}, "cs": {"two"}}
	if got.Outcome != suite.Pass || !reflect.DeepEqual(got.Log, want) {
		t.Errorf("a: %s %q", got.Outcome, got.Log)
	}
}

func TestWaitTimesOutWithContext(t *testing.T) {
	s := New("", nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if got := s.Wait(ctx, "never"); got.Outcome != suite.Timeout {
		t.Errorf("outcome %s", got.Outcome)
	}
}

func TestBadReportsRejected(t *testing.T) {
	ts := httptest.NewServer(New("", nil))
	defer ts.Close()
	res := post(t, ts.URL, `{"token":"a","kind":"whisper"}`)
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), `unknown kind "whisper"`) {
		t.Errorf("status %d body %q", res.StatusCode, body)
	}
	res, err := http.Get(ts.URL + "/__report")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET status %d", res.StatusCode)
	}
}

// A control request is answered with the target's Ack, error included.
func TestControlWaitsForAck(t *testing.T) {
	s := New("", nil)
	ts := httptest.NewServer(s)
	defer ts.Close()
	controls := s.Controls("a")
	go func() {
		c := <-controls
		if c.Action != "stopWorker" {
			c.Ack(nil)
			return
		}
		c.Ack(errString("no worker"))
	}()
	res := post(t, ts.URL, `{"token":"a","kind":"control","ctx":"cs","instance":"i","seq":1,"action":"stopWorker"}`)
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if strings.TrimSpace(string(body)) != `{"error":"no worker"}` || res.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("answer %q", body)
	}
}

type errString string

func (e errString) Error() string { return string(e) }

func TestPagesServedAtRootAndPerCase(t *testing.T) {
	cases, err := suite.LoadCases("../suite/testdata/cases")
	if err != nil {
		t.Fatal(err)
	}
	s := New("../suite/testdata/web", cases)
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !strings.HasPrefix(s.BaseURL(), "http://127.0.0.1:") {
		t.Errorf("BaseURL %s is not loopback", s.BaseURL())
	}
	for path, want := range map[string]string{"/plain.html": "<title>plain</title>", "/c/cs-page/page.html": "<title>case page</title>"} {
		res, err := http.Get(s.BaseURL() + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !strings.Contains(string(body), want) {
			t.Errorf("%s: %d %q", path, res.StatusCode, body)
		}
	}
}

// The outcome is fixed at done, but a log arriving after it (within the
// grace period Wait gives) still counts.
func TestLogAfterDoneCounts(t *testing.T) {
	s := New("", nil)
	ts := httptest.NewServer(s)
	defer ts.Close()
	post(t, ts.URL, `{"token":"a","kind":"done","ctx":"bg","instance":"i","seq":1}`).Body.Close()
	post(t, ts.URL, `{"token":"a","kind":"fail","ctx":"bg","instance":"i","seq":2,"text":"too late"}`).Body.Close()
	post(t, ts.URL, `{"token":"a","kind":"log","ctx":"cs","instance":"j","seq":1,"text":"late"}`).Body.Close()
	r := s.Wait(context.Background(), "a")
	if r.Outcome != suite.Pass || !reflect.DeepEqual(r.Log["cs"], []string{"late"}) {
		t.Errorf("%s %q", r.Outcome, r.Log)
	}
}

// The shim batches what a context logs while a request is on its way.
func TestBatchedReports(t *testing.T) {
	s := New("", nil)
	ts := httptest.NewServer(s)
	defer ts.Close()
	res := post(t, ts.URL, `[{"token":"a","kind":"log","ctx":"cs","instance":"i","seq":1,"text":"one"},
		{"token":"a","kind":"log","ctx":"cs","instance":"i","seq":2,"text":"two"},
		{"token":"a","kind":"done","ctx":"cs","instance":"i","seq":3}]`)
	res.Body.Close()
	if res.StatusCode != http.StatusNoContent {
		t.Errorf("status %d", res.StatusCode)
	}
	got := s.Wait(context.Background(), "a")
	if got.Outcome != suite.Pass || !reflect.DeepEqual(got.Log, map[string][]string{"cs": {"one", "two"}}) {
		t.Errorf("%s %q", got.Outcome, got.Log)
	}
	res = post(t, ts.URL, `[{"token":"a","kind":"control","ctx":"cs","instance":"i","action":"stopWorker"}]`)
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), "entry 0: a control request must be sent alone") {
		t.Errorf("control in a batch: %d %q", res.StatusCode, body)
	}
}
