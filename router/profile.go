package router

import (
	"fmt"

	"github.com/extsim/extsim/router/serial"
)

// Code identifies an error the messaging system reports, independent of the
// browser's wording. The Profile maps each code to the browser's exact text.
type Code uint8

// The error codes. The comments give the Chromium string ids of
// shared/spec/chromium-semantics.md.
const (
	CodeNoReceiver         Code = iota + 1 // S1: no context accepted the connection or message
	CodeDisconnectedPort                   // S2: postMessage on a disconnected port
	CodeContextInvalidated                 // S3: the calling context is gone
	CodeUnserializable                     // S4 (Chrome) / DataCloneError (Firefox)
	CodeTooLarge                           // S5: the serialized message exceeds the limit
	CodeNoResponse                         // S6: the one-off channel closed with no reply
	CodeAsyncResponseLost                  // S7: a listener returned true, then the channel closed
	CodeBFCache                            // S8: the page moved into the back/forward cache
	CodeFormatMismatch                     // S9: JSON vs structured-clone extensions
	CodeInvalidExtensionID                 // S11: malformed extension id
	CodeResponseOutOfScope                 // Firefox: the pending response was garbage-collected
	CodeListenerError                      // a listener threw or rejected; the text is the listener's
)

// Error is a messaging error with the browser's exact text.
type Error struct {
	Code    Code
	Message string
}

func (e *Error) Error() string { return e.Message }

// Profile holds every difference between browsers that the router owns
// (rows 1-12, 15-17 and 23 of the differences table in
// shared/spec/firefox-webkit-semantics.md). Use Chrome() or Firefox(); a
// Profile is read-only once a Router uses it.
type Profile struct {
	// Name is "chrome" or "firefox".
	Name string

	// StructuredCloneOnly makes every channel structured clone (Firefox, FF-33).
	// Otherwise the sending extension's manifest decides (Chrome F1, F6).
	StructuredCloneOnly bool
	// MaxMessageSize is the serialized size limit in bytes (Chrome F5, 64 MiB);
	// 0 means none (Firefox, FF-37).
	MaxMessageSize int

	// ExcludeSenderDocument excludes every context in the sender's document,
	// not only the sending context, from the receivers (Chrome B5 removes the
	// opener's frame; Firefox FF-2 skips only the sending context).
	ExcludeSenderDocument bool
	// WholePortTeardown closes a one-to-many port for everyone as soon as any
	// receiver disconnects or goes away (Firefox FF-60, row 10). Chrome keeps
	// it open until the last receiver is gone and notifies only the opener (D8,
	// D9).
	WholePortTeardown bool
	// BFCacheClosesPorts closes the ports of a page entering the back/forward
	// cache, with CodeBFCache on the other side (Chrome H3). Otherwise the page
	// is only frozen: it receives nothing, is skipped as a receiver, and its
	// ports stay open (Firefox FF-72, row 23).
	BFCacheClosesPorts bool
	// WebPagesCanMessage allows web pages matched by externally_connectable to
	// message extensions (Chrome C2). Firefox does not support it (FF-4).
	WebPagesCanMessage bool
	// ExternallyConnectableLimitsExtensions makes externally_connectable's
	// "ids" decide which other extensions may message an extension (Chrome
	// C1-C3: with the key present, an unlisted extension finds no receiving
	// end). Firefox ignores the key (FF-4), so any extension may message any
	// other: measured on Firefox ESR 153 by conformance case
	// ext-externally-connectable-ids ("ids": [] still accepts both a port and
	// sendMessage).
	ExternallyConnectableLimitsExtensions bool
	// NoResponseIsError reports CodeNoResponse when every receiver finished
	// without replying (Chrome G8: lastError S6 in the callback form; the
	// promise still resolves undefined). Firefox resolves undefined with no
	// error (measured, FF 153).
	NoResponseIsError bool
	// AwaitingReceiverCountsAsReceived: when a receiver that promised a reply
	// (returned true) goes away, Chrome closes with S7 (G9); Firefox ignores
	// that receiver, so if it was the only one the sender gets S1 (FF-48).
	AwaitingReceiverCountsAsReceived bool
	// CheckExtensionIDSyntax rejects extension ids that are not 32 letters
	// a-p, case-insensitively (Chrome B1, errata 3). Firefox ids are any
	// string.
	CheckExtensionIDSyntax bool
	// DocumentReplacesFrame: a documentId in tabs.connect/tabs.sendMessage
	// replaces the frameId filter (Firefox FF-14); otherwise both must name the
	// same frame (Chrome D3).
	DocumentReplacesFrame bool
	// UnserializableReplyFails: a sendResponse value that cannot be serialized
	// fails the whole message with the serialization error (Chrome G13).
	// Otherwise the error is swallowed and that receiver counts as one that
	// never took the message, so with no other receiver the sender gets S1
	// (Firefox FF-36; measured on Firefox ESR 153 by conformance case
	// ser-response-unserializable).
	UnserializableReplyFails bool
	// SymbolCloneText, when set, is the CodeUnserializable text for a Symbol
	// met by the structured clone: Firefox's engine refuses that primitive
	// with its own text (SpiderMonkey's JS_SCERR_UNSUPPORTED_TYPE), not
	// "<Type> object could not be cloned." (FF-35; measured on Firefox ESR 153
	// by conformance case ser-port-symbols, {a: Symbol()} over a port).
	SymbolCloneText string

	// CachedDocumentMessagesWait: a tabs.sendMessage whose documentId names
	// a document in the back/forward cache neither fails nor arrives; it
	// waits, and fails with S1 if the document is evicted (Chrome; measured
	// on Chromium 156 by conformance case lc-bfcache-documentid: no answer
	// within 1 s, although H3 says messages to cached frames are dropped).
	// Delivery when the page is restored is UNCONFIRMED. Otherwise the
	// cached document is skipped and the message fails with S1 at once
	// (Firefox FF-72, measured on Firefox ESR 153 by the same case).
	// tabs.connect to a cached document still fails with S1 (not measured).
	CachedDocumentMessagesWait bool
	// FirefoxSenderFields makes senders carry Firefox's fields (contextId,
	// envType, no documentLifecycle, no tlsChannelId) instead of Chrome's.
	FirefoxSenderFields bool

	messages map[Code]string
}

// Chrome is the Chromium profile (the default).
func Chrome() *Profile {
	return &Profile{
		Name:                                  "chrome",
		MaxMessageSize:                        64 << 20,
		ExcludeSenderDocument:                 true,
		BFCacheClosesPorts:                    true,
		WebPagesCanMessage:                    true,
		ExternallyConnectableLimitsExtensions: true,
		NoResponseIsError:                     true,
		AwaitingReceiverCountsAsReceived:      true,
		CheckExtensionIDSyntax:                true,
		UnserializableReplyFails:              true,
		CachedDocumentMessagesWait:            true,
		messages: map[Code]string{
			CodeNoReceiver:         "Could not establish connection. Receiving end does not exist.",
			CodeDisconnectedPort:   "Attempting to use a disconnected port object",
			CodeContextInvalidated: "Extension context invalidated.",
			CodeUnserializable:     "Could not serialize message.",
			CodeTooLarge:           "Message exceeded maximum allowed size of 64MiB.",
			CodeNoResponse:         "The message port closed before a response was received.",
			CodeAsyncResponseLost:  "A listener indicated an asynchronous response by returning true, but the message channel closed before a response was received",
			CodeBFCache:            "The page keeping the extension port is moved into back/forward cache, so the message channel is closed.",
			CodeFormatMismatch:     "Could not establish connection. Receiving end uses different message serialization format.",
			CodeInvalidExtensionID: "Invalid extension id: '%s'",
		},
	}
}

// Firefox is the Gecko profile.
func Firefox() *Profile {
	return &Profile{
		Name:                  "firefox",
		StructuredCloneOnly:   true,
		WholePortTeardown:     true,
		DocumentReplacesFrame: true,
		FirefoxSenderFields:   true,
		SymbolCloneText:       "unsupported type for structured data",
		messages: map[Code]string{
			CodeNoReceiver:       "Could not establish connection. Receiving end does not exist.",
			CodeDisconnectedPort: "Attempt to postMessage on disconnected port",
			// UNCONFIRMED: Firefox's text for calls from a context whose
			// extension was unloaded was not found in the spec; Chrome's S3 is
			// used until the conformance suite measures it.
			CodeContextInvalidated: "Extension context invalidated.",
			// FF-35: DataCloneError; %s is the offending type.
			CodeUnserializable:     "%s object could not be cloned.",
			CodeResponseOutOfScope: "Promised response from onMessage listener went out of scope",
		},
	}
}

// ProfileByName returns the profile called name ("chrome" or "firefox").
func ProfileByName(name string) (*Profile, error) {
	switch name {
	case "chrome", "":
		return Chrome(), nil
	case "firefox":
		return Firefox(), nil
	}
	return nil, fmt.Errorf("router: unknown profile %q (want chrome or firefox)", name)
}

// Message returns the browser's text for code, with args formatted into it
// where the text has a %s. It returns "" for codes the browser does not
// report (Firefox has no S6, S7, S8, S9).
func (p *Profile) Message(code Code, args ...any) string {
	m, ok := p.messages[code]
	if !ok {
		return ""
	}
	if len(args) > 0 {
		return fmt.Sprintf(m, args...)
	}
	return m
}

// err builds an *Error for code, or nil when the profile has no text for it.
func (p *Profile) err(code Code, args ...any) *Error {
	m := p.Message(code, args...)
	if m == "" {
		return nil
	}
	return &Error{Code: code, Message: m}
}

// serializeErr maps a serial failure to the profile's error.
func (p *Profile) serializeErr(err error) *Error {
	se, ok := err.(*serial.SerializeError)
	if !ok {
		return &Error{Code: CodeUnserializable, Message: err.Error()}
	}
	if se.Reason == serial.TooLarge {
		return p.err(CodeTooLarge)
	}
	if p.StructuredCloneOnly {
		if se.Type == "Symbol" && p.SymbolCloneText != "" {
			return &Error{Code: CodeUnserializable, Message: p.SymbolCloneText}
		}
		return p.err(CodeUnserializable, se.Type)
	}
	return p.err(CodeUnserializable)
}

// validExtensionID reports whether id has the syntax of an extension id.
func (p *Profile) validExtensionID(id string) bool {
	if !p.CheckExtensionIDSyntax {
		return true
	}
	if len(id) != 32 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i] | 0x20 // lower-case ASCII letters; errata 3: upper case passes the check
		if c < 'a' || c > 'p' {
			return false
		}
	}
	return true
}
