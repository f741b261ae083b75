package firefox

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/extsim/extsim/conformance/internal/wsrpc"
)

// bidiBanner is the line Firefox's Remote Agent prints on stderr once the
// WebDriver BiDi server listens.
const bidiBanner = "WebDriver BiDi listening on "

// parseBiDiAddress returns the websocket address in a stderr line such as
// "WebDriver BiDi listening on ws://127.0.0.1:38861", and false for any
// other line. Only a loopback address is accepted: the browser was started
// on loopback, and anything else means the line is not what we think.
func parseBiDiAddress(line string) (string, bool) {
	_, rest, found := strings.Cut(line, bidiBanner)
	if !found {
		return "", false
	}
	addr := strings.TrimSpace(rest)
	u, err := url.Parse(addr)
	if err != nil || u.Scheme != "ws" || u.Port() == "" {
		return "", false
	}
	ip := net.ParseIP(u.Hostname())
	if ip == nil || !ip.IsLoopback() {
		return "", false
	}
	return "ws://" + u.Host, true
}

// bidiError is an error answer of WebDriver BiDi: {"type": "error",
// "error": "invalid web extension", "message": "..."}.
type bidiError struct {
	Method  string
	Code    string // the BiDi error code, e.g. "no such web extension"
	Message string
}

func (e *bidiError) Error() string {
	if e.Message == "" {
		return fmt.Sprintf("%s: %s", e.Method, e.Code)
	}
	return fmt.Sprintf("%s: %s: %s", e.Method, e.Code, e.Message)
}

// decodeAnswer reads one BiDi answer message: the result into out (if not
// nil), or the error as a *bidiError.
func decodeAnswer(method string, raw json.RawMessage, out any) error {
	var ans struct {
		Type    string          `json:"type"`
		Result  json.RawMessage `json:"result"`
		Error   string          `json:"error"`
		Message string          `json:"message"`
	}
	if err := json.Unmarshal(raw, &ans); err != nil {
		return fmt.Errorf("%s: undecodable answer %.200q: %w", method, raw, err)
	}
	switch ans.Type {
	case "success":
		if out == nil {
			return nil
		}
		if err := json.Unmarshal(ans.Result, out); err != nil {
			return fmt.Errorf("%s: unexpected result %.200q: %w", method, ans.Result, err)
		}
		return nil
	case "error":
		return &bidiError{Method: method, Code: ans.Error, Message: ans.Message}
	default:
		return fmt.Errorf("%s: answer of unknown type %q: %.200q", method, ans.Type, raw)
	}
}

// bidi is a WebDriver BiDi session over one websocket.
type bidi struct {
	conn *wsrpc.Conn
}

// call sends one command and decodes its answer into out.
func (b *bidi) call(ctx context.Context, method string, params any, out any) error {
	raw, err := b.conn.Call(ctx, method, params, nil)
	if err != nil {
		return err
	}
	return decodeAnswer(method, raw, out)
}

// newSession starts the BiDi session and returns the browser version the
// browser reports.
func (b *bidi) newSession(ctx context.Context) (string, error) {
	var res struct {
		Capabilities struct {
			BrowserName    string `json:"browserName"`
			BrowserVersion string `json:"browserVersion"`
		} `json:"capabilities"`
	}
	params := map[string]any{"capabilities": map[string]any{}}
	if err := b.call(ctx, "session.new", params, &res); err != nil {
		return "", err
	}
	return res.Capabilities.BrowserVersion, nil
}

// install installs the unpacked extension in dir as a temporary add-on and
// returns the id Firefox gave it.
func (b *bidi) install(ctx context.Context, dir string) (string, error) {
	var res struct {
		Extension string `json:"extension"`
	}
	params := map[string]any{"extensionData": map[string]any{"type": "path", "path": dir}}
	if err := b.call(ctx, "webExtension.install", params, &res); err != nil {
		return "", err
	}
	return res.Extension, nil
}

// uninstall removes the extension with this id.
func (b *bidi) uninstall(ctx context.Context, id string) error {
	return b.call(ctx, "webExtension.uninstall", map[string]any{"extension": id}, nil)
}

// topContexts lists the top-level browsing contexts (tabs) and their URLs.
func (b *bidi) topContexts(ctx context.Context) ([]browsingContext, error) {
	var res struct {
		Contexts []browsingContext `json:"contexts"`
	}
	if err := b.call(ctx, "browsingContext.getTree", map[string]any{"maxDepth": 0}, &res); err != nil {
		return nil, err
	}
	return res.Contexts, nil
}

// browsingContext is one entry of browsingContext.getTree.
type browsingContext struct {
	Context string `json:"context"`
	URL     string `json:"url"`
}

// closeContext closes one tab. A tab that is already gone (the extension's
// own pages close with it on uninstall) is not an error.
func (b *bidi) closeContext(ctx context.Context, id string) error {
	err := b.call(ctx, "browsingContext.close", map[string]any{"context": id}, nil)
	if be, ok := err.(*bidiError); ok && be.Code == "no such frame" {
		return nil
	}
	return err
}

// navigateBlank loads about:blank in the tab and waits for it.
func (b *bidi) navigateBlank(ctx context.Context, id string) error {
	params := map[string]any{"context": id, "url": "about:blank", "wait": "complete"}
	return b.call(ctx, "browsingContext.navigate", params, nil)
}
