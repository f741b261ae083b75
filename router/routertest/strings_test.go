package routertest

import (
	"testing"

	"github.com/extsim/extsim/router"
)

// S1-S9, S11: the Chrome profile's texts are the exact strings of
// shared/spec/chromium-semantics.md.
func TestS1toS11_ChromeStringsAreExact(t *testing.T) {
	p := router.Chrome()
	want := map[router.Code]string{
		router.CodeNoReceiver:         "Could not establish connection. Receiving end does not exist.",
		router.CodeDisconnectedPort:   "Attempting to use a disconnected port object",
		router.CodeContextInvalidated: "Extension context invalidated.",
		router.CodeUnserializable:     "Could not serialize message.",
		router.CodeTooLarge:           "Message exceeded maximum allowed size of 64MiB.",
		router.CodeNoResponse:         "The message port closed before a response was received.",
		router.CodeAsyncResponseLost:  "A listener indicated an asynchronous response by returning true, but the message channel closed before a response was received",
		router.CodeBFCache:            "The page keeping the extension port is moved into back/forward cache, so the message channel is closed.",
		router.CodeFormatMismatch:     "Could not establish connection. Receiving end uses different message serialization format.",
	}
	for code, s := range want {
		if got := p.Message(code); got != s {
			t.Errorf("code %d: got %q, want %q", code, got, s)
		}
	}
	if got := p.Message(router.CodeInvalidExtensionID, "xyz"); got != "Invalid extension id: 'xyz'" {
		t.Errorf("S11: got %q", got)
	}
}

// Differences table rows 1-9: Firefox's texts, and the errors it does not
// report at all.
func TestFirefoxStrings(t *testing.T) {
	p := router.Firefox()
	if got := p.Message(router.CodeNoReceiver); got != "Could not establish connection. Receiving end does not exist." {
		t.Errorf("no receiver: %q", got)
	}
	if got := p.Message(router.CodeDisconnectedPort); got != "Attempt to postMessage on disconnected port" {
		t.Errorf("disconnected port: %q", got)
	}
	if got := p.Message(router.CodeUnserializable, "Location"); got != "Location object could not be cloned." {
		t.Errorf("DataCloneError: %q", got)
	}
	for _, c := range []router.Code{router.CodeNoResponse, router.CodeAsyncResponseLost, router.CodeBFCache, router.CodeFormatMismatch, router.CodeTooLarge} {
		if got := p.Message(c); got != "" {
			t.Errorf("code %d: Firefox reports no such error, got %q", c, got)
		}
	}
}

func TestProfileByName(t *testing.T) {
	for _, name := range []string{"chrome", "firefox"} {
		p, err := router.ProfileByName(name)
		if err != nil || p.Name != name {
			t.Fatalf("%s: %v %v", name, p, err)
		}
	}
	if _, err := router.ProfileByName("safari"); err == nil {
		t.Fatal("unknown profile accepted")
	}
}
