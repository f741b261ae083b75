package router

import (
	"fmt"
	"strings"
)

// EndpointID names a registered context. IDs are handed out in registration
// order, starting at 1, so they are stable across runs.
type EndpointID uint64

// Kind is what sort of context an endpoint is. Routing rules depend on it:
// content scripts never receive runtime messages (B4), service-worker senders
// carry fewer sender fields (errata E7), and so on.
type Kind uint8

// The context kinds.
const (
	KindBackgroundPage Kind = iota + 1 // MV2 background page or event page
	KindServiceWorker                  // MV3 background service worker
	KindPopup                          // action popup
	KindOptionsPage                    // options page or options_ui
	KindExtensionPage                  // any other extension page: in a tab, an iframe, a side panel...
	KindContentScript                  // a content script world in a web page frame
	KindWebPage                        // a web page's main world (externally_connectable senders)
	KindNativeHost                     // a native messaging host
)

var kindNames = [...]string{
	KindBackgroundPage: "background",
	KindServiceWorker:  "service-worker",
	KindPopup:          "popup",
	KindOptionsPage:    "options",
	KindExtensionPage:  "extension-page",
	KindContentScript:  "content",
	KindWebPage:        "page",
	KindNativeHost:     "native",
}

func (k Kind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", k)
}

// isExtensionView reports whether contexts of this kind are extension frames
// or workers: the receivers of runtime.connect and runtime.sendMessage (B4).
func (k Kind) isExtensionView() bool {
	switch k {
	case KindBackgroundPage, KindServiceWorker, KindPopup, KindOptionsPage, KindExtensionPage:
		return true
	}
	return false
}

// Identity is everything the router knows about a context. The browser model
// fills it in when it registers the context; the router computes every
// MessageSender from it, so callers never pass a sender in.
type Identity struct {
	// Extension is the id of the extension the context belongs to; empty for
	// web pages and native hosts.
	Extension string
	Kind      Kind
	// Tab is the id of the tab the context lives in, or 0 when it is not in a
	// tab (background, popup, service worker). Tab ids start at 1.
	Tab int
	// Frame is the frame id inside Tab: 0 for the top frame, positive for
	// sub-frames. Meaningless when Tab is 0.
	Frame int
	// Document is the document's id (documentId); contexts in the same
	// document share it. Empty for workers.
	Document string
	// Lifecycle is the documentLifecycle reported in senders; "active" when
	// empty.
	Lifecycle string
	// URL is the document or worker script URL; Origin its serialized origin
	// ("null" for opaque origins).
	URL    string
	Origin string
	// Label names the context in traces and errors. When empty the router
	// derives one, e.g. "tab 1 frame 0 content".
	Label string
}

// InTab reports whether the context lives in a tab.
func (id Identity) InTab() bool { return id.Tab > 0 }

func (id Identity) label() string {
	if id.Label != "" {
		return id.Label
	}
	var b strings.Builder
	if id.InTab() {
		fmt.Fprintf(&b, "tab %d frame %d ", id.Tab, id.Frame)
	}
	b.WriteString(id.Kind.String())
	return b.String()
}

func (id Identity) lifecycle() string {
	if id.Lifecycle == "" {
		return "active"
	}
	return id.Lifecycle
}
