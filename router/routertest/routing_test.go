package routertest

import (
	"errors"
	"strings"
	"testing"

	"github.com/extsim/extsim/router"
	"github.com/extsim/extsim/router/serial"
)

func TestB1_OmittedOrEmptyExtensionIDMeansOwnExtension(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		f.cs0.Connect(router.ExtensionTarget(""), "own")
		f.cs0.Connect(router.ExtensionTarget(extA), "explicit")
		h.Run()
		if len(f.bg.Ports) != 2 {
			t.Fatalf("background got %d ports, want 2", len(f.bg.Ports))
		}
	})
}

func TestB1_MalformedExtensionIDThrowsS11(t *testing.T) {
	h := Chrome(t)
	f := newFixture(h)
	for _, id := range []string{"abc", strings.Repeat("z", 32), strings.Repeat("a", 33)} {
		_, err := h.Router.Connect(f.bg.ID, router.ExtensionTarget(id), "")
		var e *router.Error
		if !errors.As(err, &e) || e.Message != "Invalid extension id: '"+id+"'" {
			t.Fatalf("Connect(%q): got %v, want S11", id, err)
		}
		if _, err := h.Router.SendMessage(f.bg.ID, router.ExtensionTarget(id), serial.Null{}); err == nil || err.Error() != "Invalid extension id: '"+id+"'" {
			t.Fatalf("SendMessage(%q): got %v, want S11", id, err)
		}
	}
	h.Run()
	h.Expect()
	h.ExpectLeakFree()
}

// Errata 3 (Chromium 156): an upper-case id passes the syntax check but
// reaches nothing.
func TestB1_UpperCaseIDIsAcceptedButReachesNothing(t *testing.T) {
	h := Chrome(t)
	f := newFixture(h)
	f.cs0.Connect(router.ExtensionTarget(strings.ToUpper(extA)), "")
	h.Run()
	h.Expect(`cs0: port0 disconnect error="Could not establish connection. Receiving end does not exist."`)
}

// Firefox ids are not checked for syntax (gecko ids are any string): an
// unknown one is just "no receiver" (FF-4).
func TestFF4_AnyExtensionIDStringIsAcceptedAndUnknownOnesFailWithS1(t *testing.T) {
	h := Firefox(t)
	f := newFixture(h)
	f.bg.Connect(router.ExtensionTarget("someone@example.org"), "")
	h.Run()
	h.Expect(`bg: port0 disconnect error="Could not establish connection. Receiving end does not exist."`)
}

func TestB4_ContentScriptsNeverReceiveRuntimeMessages(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		popup := h.Listening("popup", router.Identity{Extension: extA, Kind: router.KindPopup, URL: "chrome-extension://" + extA + "/popup.html", Document: "doc-popup"})
		opts := h.Listening("options", router.Identity{Extension: extA, Kind: router.KindOptionsPage, Document: "doc-options"})
		page := h.Listening("tabpage", router.Identity{Extension: extA, Kind: router.KindExtensionPage, Tab: 2, Document: "doc-2-0"})
		f.bg.Connect(router.ExtensionTarget(""), "")
		h.Run()
		for _, c := range []*Context{popup, opts, page} {
			if len(c.Ports) != 1 {
				t.Errorf("%s got %d ports, want 1", c.Name, len(c.Ports))
			}
		}
		if len(f.cs0.Ports)+len(f.cs1.Ports) != 0 {
			t.Errorf("content scripts received a runtime.connect")
		}
	})
}

func TestB5_SenderNeverReceivesOwnConnect(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		popup := h.Listening("popup", router.Identity{Extension: extA, Kind: router.KindPopup, Document: "doc-popup"})
		f.bg.Connect(router.ExtensionTarget(""), "x")
		h.Run()
		if len(f.bg.Ports) != 0 || len(popup.Ports) != 1 {
			t.Fatalf("bg got %d ports (want 0), popup %d (want 1)", len(f.bg.Ports), len(popup.Ports))
		}
	})
}

// B5 in Chrome removes the opener's whole frame; other frames of the same
// extension still receive (FF-2 too): an extension iframe inside the
// background page gets the background's message.
func TestB5_OtherFramesOfTheSameExtensionReceive(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		iframe := h.Listening("bg-iframe", router.Identity{Extension: extA, Kind: router.KindExtensionPage, Document: "doc-bg-iframe"})
		f.bg.Send(router.ExtensionTarget(""), serial.String("hi"))
		h.Run()
		if len(iframe.Requests) != 1 {
			t.Fatalf("iframe got %d messages, want 1", len(iframe.Requests))
		}
	})
}

// Chrome removes every context of the opener's document (B5); Firefox only
// the sending context (FF-2).
func TestB5_ChromeExcludesTheSendersDocumentFirefoxOnlyTheContext(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		// A second context sharing the background's document (e.g. another
		// world of the same frame).
		twin := h.Listening("twin", bgIdentity(extA))
		f.bg.Connect(router.ExtensionTarget(""), "")
		h.Run()
		want := 0
		if h.IsFirefox() {
			want = 1
		}
		if len(twin.Ports) != want {
			t.Fatalf("context in the sender's document got %d ports, want %d", len(twin.Ports), want)
		}
	})
}

func TestB6_OnlyListenerIsTheSenderGivesS1(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		h.AddExtension(extA)
		bg := h.Listening("bg", bgIdentity(extA))
		bg.Connect(router.ExtensionTarget(""), "")
		bg.Send(router.ExtensionTarget(""), serial.String("m"))
		h.Run()
		s1 := `error="Could not establish connection. Receiving end does not exist."`
		h.Expect("bg: port0 disconnect "+s1, "bg: failed "+s1)
		h.ExpectLeakFree()
	})
}

func TestB7_ExtensionNotInstalledGivesS1(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		f.bg.Connect(router.ExtensionTarget(extB), "")
		f.bg.Send(router.ExtensionTarget(extB), serial.String("m"))
		h.Run()
		s1 := `error="Could not establish connection. Receiving end does not exist."`
		h.Expect("bg: port0 disconnect "+s1, "bg: failed "+s1)
	})
}

func TestB8_EventDependsOnTheSource(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		h.AddExtension(extB)
		other := h.Listening("otherbg", bgIdentity(extB))
		f.cs0.Connect(router.ExtensionTarget(""), "own")
		h.Run()
		f.bg.Connect(router.ExtensionTarget(extB), "ext")
		h.Run()
		f.bg.Send(router.ExtensionTarget(extB), serial.Number(1))
		h.Run()
		if got := f.bg.Ports[0].Event(); got != router.OnConnect {
			t.Errorf("own content script: %v, want onConnect", got)
		}
		if got := other.Ports[0].Event(); got != router.OnConnectExternal {
			t.Errorf("other extension: %v, want onConnectExternal", got)
		}
		if got := other.Requests[0].Event(); got != router.OnMessageExternal {
			t.Errorf("other extension message: %v, want onMessageExternal", got)
		}
	})
}

// A4: the event comes from the channel type, never from the port name.
func TestA4_PortNamedLikeSendMessageStillFiresOnConnect(t *testing.T) {
	h := Chrome(t)
	f := newFixture(h)
	f.cs0.Connect(router.ExtensionTarget(""), "chrome.runtime.sendMessage")
	h.Run()
	if len(f.bg.Ports) != 1 || len(f.bg.Requests) != 0 {
		t.Fatalf("ports=%d requests=%d, want 1 and 0", len(f.bg.Ports), len(f.bg.Requests))
	}
}

func TestB9_ContextsWithoutListenerAreDroppedAtDispatchTime(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		popup := h.Add("popup", router.Identity{Extension: extA, Kind: router.KindPopup, Document: "doc-popup"})
		p := f.cs0.Connect(router.ExtensionTarget(""), "")
		// The background drops its listener before dispatch; the popup adds
		// one. Listener presence is decided when the task runs (B9).
		f.bg.ConnectListener = false
		popup.ConnectListener = true
		if err := p.Post(serial.String("m1")); err != nil {
			t.Fatal(err)
		}
		h.Run()
		h.Expect(`popup: runtime.onConnect name="" from=`+SenderString(popup.Ports[0].Sender()), `popup: port1 message "m1"`)
	})
}

func TestB9_NoContextAcceptsGivesS1(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		f.bg.ConnectListener = false
		p := f.cs0.Connect(router.ExtensionTarget(""), "")
		if err := p.Post(serial.String("lost")); err != nil {
			t.Fatal(err)
		}
		h.Run()
		h.Expect(`cs0: port0 disconnect error="Could not establish connection. Receiving end does not exist."`)
		h.ExpectLeakFree()
	})
}

func TestB10_OnConnectIsDispatchedAsynchronously(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		// Even a receiver in the caller's own tab is not called inside connect.
		f.bg.Connect(router.TabTarget(1), "")
		if len(h.Log) != 0 {
			t.Fatalf("connect dispatched synchronously: %v", h.Log)
		}
		h.Run()
		if len(f.cs0.Ports) != 1 {
			t.Fatal("onConnect never dispatched")
		}
	})
}

// B11: a stopped background is started on demand; the connect and the
// messages posted meanwhile reach it in order.
func TestB11_LazyBackgroundIsWokenAndGetsQueuedMessagesInOrder(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		h.AddExtension(extA)
		h.AddTab(1, "https://example.com/")
		cs := h.Listening("cs", contentIdentity(extA, 1, 0))
		var sw *Context
		h.World.OnWake = func(id string) {
			if sw == nil {
				sw = h.Listening("sw", router.Identity{Extension: extA, Kind: router.KindServiceWorker, URL: "chrome-extension://" + extA + "/sw.js"})
			}
		}
		p := cs.Connect(router.ExtensionTarget(""), "lazy")
		for _, m := range []string{"a", "b", "c"} {
			if err := p.Post(serial.String(m)); err != nil {
				t.Fatal(err)
			}
		}
		h.Run()
		if sw == nil || len(sw.Ports) != 1 {
			t.Fatal("service worker not woken or not connected")
		}
		h.Expect(`sw: runtime.onConnect name="lazy" from=`+SenderString(sw.Ports[0].Sender()),
			`sw: port1 message "a"`, `sw: port1 message "b"`, `sw: port1 message "c"`)
	})
}

func TestC1_WithoutExternallyConnectableAnyExtensionMayConnect(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		h.AddExtension(extB)
		other := h.Listening("otherbg", bgIdentity(extB))
		f.cs0.Connect(router.ExtensionTarget(extB), "") // even from a content script (FF-5)
		h.Run()
		if len(other.Ports) != 1 {
			t.Fatal("external connect not delivered")
		}
	})
}

func TestC2_C3_ExternallyConnectableIDsRestrictExtensionsAndRejectionIsS1(t *testing.T) {
	h := Chrome(t)
	f := newFixture(h)
	extC := strings.Repeat("c", 32)
	h.World.Extensions[extB] = router.ExtensionInfo{Externally: &router.ExternallyConnectable{IDs: []string{extC}}}
	other := h.Listening("otherbg", bgIdentity(extB))
	f.bg.Connect(router.ExtensionTarget(extB), "")
	h.Run()
	h.Expect(`bg: port0 disconnect error="Could not establish connection. Receiving end does not exist."`)
	h.World.Extensions[extB] = router.ExtensionInfo{Externally: &router.ExternallyConnectable{IDs: []string{"*"}}}
	f.bg.Connect(router.ExtensionTarget(extB), "")
	h.Run()
	if len(other.Ports) != 1 {
		t.Fatal(`"*" did not allow the extension`)
	}
}

// FF-4: Firefox ignores externally_connectable, so an "ids" list that
// names nobody still lets every extension connect and send (measured on
// Firefox ESR 153 by conformance case ext-externally-connectable-ids).
func TestFF4_ExternallyConnectableIDsIgnoredForExtensions(t *testing.T) {
	h := Firefox(t)
	f := newFixture(h)
	h.World.Extensions[extB] = router.ExtensionInfo{Externally: &router.ExternallyConnectable{IDs: []string{}}}
	other := h.Listening("otherbg", bgIdentity(extB))
	other.OnRequest = Respond(serial.String("accepted"))
	f.bg.Connect(router.ExtensionTarget(extB), "p")
	f.bg.Send(router.ExtensionTarget(extB), serial.String("q"))
	h.Run()
	if len(other.Ports) != 1 || other.Ports[0].Event() != router.OnConnectExternal {
		t.Fatalf("external connect not delivered: ports=%d", len(other.Ports))
	}
	h.Expect(`otherbg: runtime.onConnectExternal name="p" from=`+SenderString(other.Ports[0].Sender()),
		`otherbg: runtime.onMessageExternal "q"`, `bg: reply "accepted"`)
}

func TestC2_WebPagesNeedAMatchingPattern(t *testing.T) {
	h := Chrome(t)
	h.AddTab(1, "https://example.com/")
	h.World.Extensions[extB] = router.ExtensionInfo{Externally: &router.ExternallyConnectable{
		MatchesURL: func(u string) bool { return strings.HasPrefix(u, "https://example.com/") },
	}}
	other := h.Listening("otherbg", bgIdentity(extB))
	page := h.Add("page", pageIdentity(1, 0))
	bad := h.Add("badpage", router.Identity{Kind: router.KindWebPage, Tab: 1, Frame: 1, Document: "doc-x", URL: "https://evil.example/", Origin: "https://evil.example"})
	page.Connect(router.ExtensionTarget(extB), "web")
	bad.Connect(router.ExtensionTarget(extB), "web")
	h.Run()
	if len(other.Ports) != 1 || other.Ports[0].Event() != router.OnConnectExternal {
		t.Fatalf("matching page: ports=%d", len(other.Ports))
	}
	h.Expect(`otherbg: runtime.onConnectExternal name="web" from=`+SenderString(other.Ports[0].Sender()),
		`badpage: port0 disconnect error="Could not establish connection. Receiving end does not exist."`)
}

// FF-4: Firefox has no externally_connectable; web pages reach nothing.
func TestFF4_WebPagesCannotMessageExtensions(t *testing.T) {
	h := Firefox(t)
	h.AddTab(1, "https://example.com/")
	h.World.Extensions[extB] = router.ExtensionInfo{Externally: &router.ExternallyConnectable{MatchesURL: func(string) bool { return true }}}
	other := h.Listening("otherbg", bgIdentity(extB))
	page := h.Add("page", pageIdentity(1, 0))
	page.Send(router.ExtensionTarget(extB), serial.Null{})
	h.Run()
	if len(other.Requests) != 0 {
		t.Fatal("web page reached an extension in Firefox")
	}
	h.Expect(`page: failed error="Could not establish connection. Receiving end does not exist."`)
}

func TestC6_WebPageSenderHasNoID(t *testing.T) {
	h := Chrome(t)
	h.AddTab(1, "https://example.com/")
	h.World.Extensions[extB] = router.ExtensionInfo{Externally: &router.ExternallyConnectable{MatchesURL: func(string) bool { return true }}}
	other := h.Listening("otherbg", bgIdentity(extB))
	page := h.Add("page", pageIdentity(1, 0))
	page.Connect(router.ExtensionTarget(extB), "")
	h.Run()
	got := SenderString(other.Ports[0].Sender())
	want := `{url:"https://example.com/" origin:"https://example.com" frameId:0 documentId:"doc-1-0" documentLifecycle:"active" tab:tab1}`
	if got != want {
		t.Fatalf("sender\n got %s\nwant %s", got, want)
	}
}

func TestC7_TLSChannelIDIsEmptyStringWhenAccepted(t *testing.T) {
	h := Chrome(t)
	f := newFixture(h)
	h.World.Extensions[extB] = router.ExtensionInfo{Externally: &router.ExternallyConnectable{IDs: []string{"*"}, AcceptsTLSChannelID: true}}
	other := h.Listening("otherbg", bgIdentity(extB))
	f.bg.Connect(router.ExtensionTarget(extB), "")
	f.bg.Connect(router.ExtensionTarget(""), "own") // not external: no tlsChannelId
	h.Run()
	if v, ok := other.Ports[0].Sender().Get("tlsChannelId"); !ok || v != serial.String("") {
		t.Fatalf("external sender tlsChannelId = %v, %v; want \"\"", v, ok)
	}
	for _, p := range f.cs0.Ports {
		if p.Sender().Has("tlsChannelId") {
			t.Fatal("internal sender has tlsChannelId")
		}
	}
}

func TestD2_MissingTabGivesS1(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		f.bg.Connect(router.TabTarget(99), "")
		f.bg.Send(router.TabTarget(99), serial.Null{})
		h.Run()
		s1 := `error="Could not establish connection. Receiving end does not exist."`
		h.Expect("bg: port0 disconnect "+s1, "bg: failed "+s1)
		h.ExpectLeakFree()
	})
}

func TestD3_FrameAndDocumentTargeting(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		received := func() (n0, n1 int) { return len(f.cs0.Ports), len(f.cs1.Ports) }
		f.bg.Connect(router.TabTarget(1), "all")
		h.Run()
		if n0, n1 := received(); n0 != 1 || n1 != 1 {
			t.Fatalf("all frames: %d %d", n0, n1)
		}
		f.bg.Connect(router.FrameTarget(1, 1), "frame1")
		h.Run()
		if n0, n1 := received(); n0 != 1 || n1 != 2 {
			t.Fatalf("frameId 1: %d %d", n0, n1)
		}
		f.bg.Connect(router.Target{Kind: router.ToTab, Tab: 1, Frame: router.AllFrames, Document: docID(1, 0)}, "doc")
		h.Run()
		if n0, n1 := received(); n0 != 2 || n1 != 2 {
			t.Fatalf("documentId: %d %d", n0, n1)
		}
		f.bg.Connect(router.Target{Kind: router.ToTab, Tab: 1, Frame: 0, Document: docID(1, 0)}, "both")
		h.Run()
		if n0, n1 := received(); n0 != 3 || n1 != 2 {
			t.Fatalf("frameId+documentId: %d %d", n0, n1)
		}
		h.Log = nil
		s1 := `error="Could not establish connection. Receiving end does not exist."`
		f.bg.Connect(router.FrameTarget(1, 7), "unknown frame")
		f.bg.Connect(router.Target{Kind: router.ToTab, Tab: 1, Frame: router.AllFrames, Document: "no-such-doc"}, "unknown doc")
		h.Run()
		h.Expect("bg: port0 disconnect "+s1, "bg: port0 disconnect "+s1)
	})
}

// D3 vs FF-14: frameId and documentId naming different frames is S1 in
// Chrome; Firefox lets the documentId replace the frame filter.
func TestD3_FF14_MismatchedFrameAndDocument(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		f.bg.Connect(router.Target{Kind: router.ToTab, Tab: 1, Frame: 1, Document: docID(1, 0)}, "mismatch")
		h.Run()
		if h.IsFirefox() {
			if len(f.cs0.Ports) != 1 {
				t.Fatal("Firefox: documentId should select frame 0")
			}
			return
		}
		h.Expect(`bg: port0 disconnect error="Could not establish connection. Receiving end does not exist."`)
	})
}

func TestD4_ExtensionPagesInTheTabReceiveTabsMessages(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		h.AddExtension(extA)
		h.AddTab(2, "chrome-extension://"+extA+"/page.html")
		bg := h.Listening("bg", bgIdentity(extA))
		page := h.Listening("extpage", router.Identity{Extension: extA, Kind: router.KindExtensionPage, Tab: 2, Frame: 0, Document: "doc-2-0"})
		bg.Send(router.TabTarget(2), serial.String("hello"))
		h.Run()
		if len(page.Requests) != 1 {
			t.Fatal("extension page in the tab did not receive tabs.sendMessage")
		}
	})
}

// D1: only the calling extension's contexts in the tab receive.
func TestD1_OtherExtensionsContentScriptsDoNotReceiveTabsMessages(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		h.AddExtension(extB)
		otherCS := h.Listening("otherCS", contentIdentity(extB, 1, 0))
		f.bg.Connect(router.TabTarget(1), "")
		h.Run()
		if len(otherCS.Ports) != 0 {
			t.Fatal("another extension's content script received tabs.connect")
		}
	})
}

func TestD6_TabsChannelSenderIsIDURLOrigin(t *testing.T) {
	h := Chrome(t)
	f := newFixture(h)
	f.bg.Connect(router.TabTarget(1), "")
	h.Run()
	got := SenderString(f.cs0.Ports[0].Sender())
	want := `{id:"` + extA + `" url:"chrome-extension://` + extA + `/background.html" origin:"chrome-extension://` + extA + `"}`
	if got != want {
		t.Fatalf("sender\n got %s\nwant %s", got, want)
	}
}

// FF-17: only the shown document of a tab receives; a bfcached one is
// skipped.
func TestFF17_FrozenDocumentIsNotAReceiver(t *testing.T) {
	h := Firefox(t)
	f := newFixture(h)
	h.Router.Freeze(f.cs1.ID)
	f.bg.Send(router.TabTarget(1), serial.Null{})
	h.Run()
	if len(f.cs1.Requests) != 0 || len(f.cs0.Requests) != 1 {
		t.Fatalf("frozen frame got %d, shown frame %d", len(f.cs1.Requests), len(f.cs0.Requests))
	}
}
