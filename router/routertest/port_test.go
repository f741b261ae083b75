package routertest

import (
	"errors"
	"strings"
	"testing"

	"github.com/extsim/extsim/router"
	"github.com/extsim/extsim/router/serial"
)

func post(t *testing.T, p *router.Port, v serial.Value) {
	t.Helper()
	if err := p.Post(v); err != nil {
		t.Fatalf("Post: %v", err)
	}
}

func TestD7_OpenerMessagesFanOutReceiverMessagesGoToTheOpenerOnly(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		p := f.bg.Connect(router.TabTarget(1), "fan")
		post(t, p, serial.String("to all"))
		h.Run()
		h.Log = nil
		post(t, f.cs1.Ports[0], serial.String("from frame 1"))
		h.Run()
		h.Expect(`bg: port0 message "from frame 1"`)
	})
}

func TestD8_ReceiverDisconnectNotifiesTheOpenerWithoutError(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		f.cs0.Connect(router.ExtensionTarget(""), "")
		h.Run()
		h.Log = nil
		if err := f.bg.Ports[0].Disconnect(); err != nil {
			t.Fatal(err)
		}
		h.Run()
		h.Expect("cs0: port0 disconnect")
		h.ExpectLeakFree()
	})
}

// D8/D9 vs FF-60 (row 10): one receiver of a one-to-many port disconnects.
// Chrome tells only the opener and cuts the siblings off silently; Firefox
// closes the whole port for everyone.
func TestD8_D9_FF60_OneOfSeveralReceiversDisconnects(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		f.bg.Connect(router.TabTarget(1), "")
		h.Run()
		h.Log = nil
		if err := f.cs0.Ports[0].Disconnect(); err != nil {
			t.Fatal(err)
		}
		h.Run()
		if h.IsFirefox() {
			h.Expect("bg: port0 disconnect", "cs1: port1 disconnect")
			return
		}
		h.Expect("bg: port0 disconnect")
		// D9 (confirmed on Chromium 156): the sibling's later posts neither
		// throw nor arrive.
		if err := f.cs1.Ports[0].Post(serial.String("into the void")); err != nil {
			t.Fatalf("sibling post threw %v", err)
		}
		h.Run()
		h.Expect()
		h.ExpectLeakFree()
	})
}

// H1 vs FF-60: a receiver's context goes away. Chrome keeps the channel
// while another receiver remains; Firefox closes it for everyone.
func TestH1_FF60_OneOfSeveralReceiverContextsGoesAway(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		p := f.bg.Connect(router.TabTarget(1), "")
		h.Run()
		h.Log = nil
		h.Router.Close(f.cs1.ID, router.ReasonFrameRemoved)
		h.Run()
		if h.IsFirefox() {
			h.Expect("bg: port0 disconnect", "cs0: port1 disconnect")
			return
		}
		h.Expect()
		post(t, p, serial.String("still open"))
		h.Run()
		h.Expect(`cs0: port1 message "still open"`)
		h.Router.Close(f.cs0.ID, router.ReasonNavigated)
		h.Run()
		h.Expect("bg: port0 disconnect") // H1: the last receiver is gone, no error
	})
}

func TestE1_PortNameAndSender(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		p := f.cs0.Connect(router.ExtensionTarget(""), "")
		h.Run()
		if p.Name() != "" || p.Sender() != nil || !p.IsOpener() {
			t.Fatalf("opener port: name %q sender %v", p.Name(), p.Sender())
		}
		rp := f.bg.Ports[0]
		if rp.Name() != "" || rp.Sender() == nil || rp.IsOpener() {
			t.Fatalf("receiver port: name %q sender %v", rp.Name(), rp.Sender())
		}
	})
}

// E4 (Chrome) and FF-26 (Firefox): the sender of a content script in a tab.
func TestE4_FF26_ContentScriptSenderFields(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		f.cs1.Connect(router.ExtensionTarget(""), "")
		h.Run()
		got := SenderString(f.bg.Ports[0].Sender())
		want := `{id:"` + extA + `" url:"https://example.com/frame1.html" origin:"https://example.com" frameId:1 documentId:"doc-1-1" documentLifecycle:"active" tab:tab1}`
		if h.IsFirefox() {
			want = `{contextId:3 id:"` + extA + `" envType:"content_child" url:"https://example.com/frame1.html" frameId:1 tab:tab1 origin:"https://example.com" documentId:"doc-1-1"}`
		}
		if got != want {
			t.Fatalf("sender\n got %s\nwant %s", got, want)
		}
	})
}

// Errata 2 (Chromium 156): a service-worker sender on a runtime channel has
// only id and url.
func TestE7_ServiceWorkerSenderOnRuntimeChannelHasIDAndURLOnly(t *testing.T) {
	h := Chrome(t)
	h.AddExtension(extA)
	sw := h.Listening("sw", router.Identity{Extension: extA, Kind: router.KindServiceWorker, URL: "chrome-extension://" + extA + "/sw.js", Origin: "chrome-extension://" + extA})
	popup := h.Listening("popup", router.Identity{Extension: extA, Kind: router.KindPopup, Document: "doc-popup"})
	sw.Connect(router.ExtensionTarget(""), "")
	h.Run()
	want := `{id:"` + extA + `" url:"chrome-extension://` + extA + `/sw.js"}`
	if got := SenderString(popup.Ports[0].Sender()); got != want {
		t.Fatalf("sender\n got %s\nwant %s", got, want)
	}
}

func TestE8_PostAfterDisconnectThrows(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		p := f.cs0.Connect(router.ExtensionTarget(""), "")
		h.Run()
		if err := p.Disconnect(); err != nil {
			t.Fatal(err)
		}
		err := p.Post(serial.String("late"))
		if err == nil || err.Error() != h.Msg(router.CodeDisconnectedPort) {
			t.Fatalf("post after disconnect: %v", err)
		}
		// And on the other side, after its onDisconnect.
		h.Run()
		err = f.bg.Ports[0].Post(serial.String("late"))
		if err == nil || err.Error() != h.Msg(router.CodeDisconnectedPort) {
			t.Fatalf("post after onDisconnect: %v", err)
		}
		want := map[string]string{"chrome": "Attempting to use a disconnected port object", "firefox": "Attempt to postMessage on disconnected port"}
		if err.Error() != want[h.Router.Profile().Name] {
			t.Fatalf("wrong text %q", err)
		}
	})
}

func TestE9_CallsFromAClosedContextThrowS3(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		p := f.cs0.Connect(router.ExtensionTarget(""), "")
		h.Run()
		h.Log = nil
		h.Router.Close(f.cs0.ID, router.ReasonExtensionUnloaded)
		s3 := "Extension context invalidated."
		if err := p.Post(serial.Null{}); err == nil || err.Error() != s3 {
			t.Fatalf("post: %v", err)
		}
		if err := p.Disconnect(); err == nil || err.Error() != s3 {
			t.Fatalf("disconnect: %v", err)
		}
		if _, err := h.Router.Connect(f.cs0.ID, router.ExtensionTarget(""), ""); err == nil || err.Error() != s3 {
			t.Fatalf("connect: %v", err)
		}
		if _, err := h.Router.SendMessage(f.cs0.ID, router.ExtensionTarget(""), serial.Null{}); err == nil || err.Error() != s3 {
			t.Fatalf("sendMessage: %v", err)
		}
		h.Run()
		h.Expect("bg: port1 disconnect") // H6: the other side is told, no error
		h.ExpectLeakFree()
	})
}

func TestE10_UnserializableMessageThrowsAndThePortStaysUsable(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		p := f.cs0.Connect(router.ExtensionTarget(""), "")
		err := p.Post(serial.Function{Name: "f"})
		want := "Could not serialize message."
		if h.IsFirefox() {
			want = "Function object could not be cloned."
		}
		if err == nil || err.Error() != want {
			t.Fatalf("got %v, want %q", err, want)
		}
		post(t, p, serial.String("after"))
		h.Run()
		h.Expect(`bg: runtime.onConnect name="" from=`+SenderString(f.bg.Ports[0].Sender()), `bg: port1 message "after"`)
	})
}

// FF-35: a Symbol inside a message fails Firefox's clone with its engine's
// own text, not "<Type> object could not be cloned." (measured on Firefox
// ESR 153 by conformance case ser-port-symbols); Chrome's JSON drops the
// property, as JSON.stringify does.
func TestFF35_SymbolValueTextOverAPort(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		p := f.cs0.Connect(router.ExtensionTarget(""), "")
		err := p.Post(&serial.Object{Props: []serial.Prop{{Key: "a", Value: serial.Symbol{Description: "v"}}}})
		if !h.IsFirefox() {
			if err != nil {
				t.Fatalf("chrome: %v", err)
			}
			return
		}
		var re *router.Error
		if !errors.As(err, &re) || re.Code != router.CodeUnserializable || re.Message != "unsupported type for structured data" {
			t.Fatalf("got %#v", err)
		}
	})
}

func TestE11_DisconnectDoesNotFireOwnOnDisconnectAndTwiceIsANoOp(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		p := f.cs0.Connect(router.ExtensionTarget(""), "")
		h.Run()
		h.Log = nil
		for i := 0; i < 2; i++ {
			if err := p.Disconnect(); err != nil {
				t.Fatalf("disconnect #%d: %v", i+1, err)
			}
		}
		h.Run()
		h.Expect("bg: port1 disconnect")
	})
}

func TestE12_PortIsDisconnectedBeforeOnDisconnectListenersRun(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		var inside error
		f.bg.OnDisconnect = func(p *router.Port, _ *router.Error) {
			inside = p.Post(serial.String("too late"))
			if err := p.Disconnect(); err != nil {
				t.Errorf("disconnect inside onDisconnect: %v", err)
			}
		}
		p := f.cs0.Connect(router.ExtensionTarget(""), "")
		h.Run()
		_ = p.Disconnect()
		h.Run()
		if inside == nil || inside.Error() != h.Msg(router.CodeDisconnectedPort) {
			t.Fatalf("post inside onDisconnect: %v", inside)
		}
		h.ExpectLeakFree()
	})
}

// E13, H4, H7, FF-30, FF-71: ordinary closures carry no error.
func TestE13_PlainClosuresCarryNoError(t *testing.T) {
	for _, reason := range []router.Reason{router.ReasonNavigated, router.ReasonTabClosed, router.ReasonCrashed, router.ReasonFrameRemoved} {
		t.Run(reason.String(), func(t *testing.T) {
			Both(t, func(t *testing.T, h *Harness) {
				f := newFixture(h)
				f.cs0.Connect(router.ExtensionTarget(""), "")
				h.Run()
				h.Log = nil
				h.Router.Close(f.cs0.ID, reason)
				h.Run()
				h.Expect("bg: port1 disconnect")
			})
		})
	}
}

func TestH7_ServiceWorkerStopDisconnectsWithoutError(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		h.AddExtension(extA)
		h.AddTab(1, "https://example.com/")
		sw := h.Listening("sw", router.Identity{Extension: extA, Kind: router.KindServiceWorker, URL: "chrome-extension://" + extA + "/sw.js"})
		cs := h.Listening("cs", contentIdentity(extA, 1, 0))
		cs.Connect(router.ExtensionTarget(""), "")
		h.Run()
		h.Log = nil
		h.Router.Close(sw.ID, router.ReasonWorkerStopped)
		h.Run()
		h.Expect("cs: port0 disconnect")
		h.ExpectLeakFree()
	})
}

func TestJ1_MessagesArriveInOrderAfterOnConnect(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		p := f.cs0.Connect(router.ExtensionTarget(""), "")
		var want []string
		want = append(want, "") // placeholder for onConnect, filled below
		for i := 0; i < 20; i++ {
			v := serial.Number(float64(i))
			post(t, p, v)
			want = append(want, "bg: port1 message "+Show(v))
		}
		h.Run()
		want[0] = `bg: runtime.onConnect name="" from=` + SenderString(f.bg.Ports[0].Sender())
		h.Expect(want...)
	})
}

func TestJ2_PostThenDisconnectDeliversTheMessageFirst(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		p := f.cs0.Connect(router.ExtensionTarget(""), "")
		post(t, p, serial.String("last words"))
		_ = p.Disconnect()
		h.Run()
		h.Expect(`bg: runtime.onConnect name="" from=`+SenderString(f.bg.Ports[0].Sender()),
			`bg: port1 message "last words"`, "bg: port1 disconnect")
		h.ExpectLeakFree()
	})
}

// H13: an opener that dies before its connect is dispatched abandons it:
// nobody hears of the channel.
func TestH13_OpenerGoneBeforeDispatchAbandonsTheConnect(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		f.cs0.Connect(router.ExtensionTarget(""), "")
		h.Router.Close(f.cs0.ID, router.ReasonNavigated)
		h.Run()
		h.Expect()
		h.ExpectLeakFree()
	})
}

// J4/E14: posts on a port whose other side is gone, before the port is told,
// are dropped silently.
func TestJ4_E14_PostBeforeTheDisconnectNoticeIsDroppedSilently(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		p := f.cs0.Connect(router.ExtensionTarget(""), "")
		h.Run()
		h.Log = nil
		_ = f.bg.Ports[0].Disconnect()
		if err := p.Post(serial.String("crossing")); err != nil {
			t.Fatalf("post before notice: %v", err)
		}
		h.Run()
		h.Expect("cs0: port0 disconnect")
	})
}

func TestF5_OversizeMessageThrowsS5InChromeOnly(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		p := f.cs0.Connect(router.ExtensionTarget(""), "")
		big := serial.String(strings.Repeat("x", 64<<20)) // JSON adds 2 quotes: 64 MiB + 2
		err := p.Post(big)
		_, sendErr := h.Router.SendMessage(f.cs0.ID, router.ExtensionTarget(""), big)
		if h.IsFirefox() {
			if err != nil || sendErr != nil {
				t.Fatalf("Firefox has no size limit (FF-37): %v / %v", err, sendErr)
			}
			return
		}
		s5 := "Message exceeded maximum allowed size of 64MiB."
		if err == nil || err.Error() != s5 || sendErr == nil || sendErr.Error() != s5 {
			t.Fatalf("got %v / %v, want S5", err, sendErr)
		}
		if err := p.Post(serial.String(strings.Repeat("x", 64<<20-2))); err != nil {
			t.Fatalf("a message of exactly 64 MiB must pass: %v", err)
		}
		h.Run()
		if len(f.bg.Ports) != 1 {
			t.Fatal("port unusable after S5")
		}
	})
}

func TestF7_FormatMismatchBetweenExtensionsGivesS9(t *testing.T) {
	h := Chrome(t)
	f := newFixture(h)
	h.World.Extensions[extB] = router.ExtensionInfo{Format: serial.StructuredClone}
	other := h.Listening("otherbg", bgIdentity(extB))
	f.bg.Connect(router.ExtensionTarget(extB), "")
	f.bg.Send(router.ExtensionTarget(extB), serial.Number(1))
	h.Run()
	s9 := `error="Could not establish connection. Receiving end uses different message serialization format."`
	h.Expect("bg: port0 disconnect "+s9, "bg: failed "+s9)
	if len(other.Ports)+len(other.Requests) != 0 {
		t.Fatal("the receiver's listener ran (F7 says it never does)")
	}
}

// F8: a web page adapts to the target extension's format.
func TestF8_WebPageAdaptsToTheExtensionsFormat(t *testing.T) {
	h := Chrome(t)
	h.AddTab(1, "https://example.com/")
	h.World.Extensions[extB] = router.ExtensionInfo{Format: serial.StructuredClone, Externally: &router.ExternallyConnectable{MatchesURL: func(string) bool { return true }}}
	other := h.Listening("otherbg", bgIdentity(extB))
	page := h.Add("page", pageIdentity(1, 0))
	m := &serial.Map{Entries: []serial.MapEntry{{Key: serial.String("k"), Value: serial.Number(1)}}}
	page.Send(router.ExtensionTarget(extB), m)
	h.Run()
	if len(other.Requests) != 1 || Show(other.Requests[0].Message().Value) != `Map{"k"=>1}` {
		t.Fatalf("structured clone extension got %v", h.Log)
	}
}

func TestFF33_FirefoxClonesDatesMapsAndCycles(t *testing.T) {
	h := Firefox(t)
	f := newFixture(h)
	p := f.cs0.Connect(router.ExtensionTarget(""), "")
	cyc := &serial.Object{}
	cyc.Props = []serial.Prop{{Key: "self", Value: cyc}, {Key: "when", Value: &serial.Date{Time: 0}}}
	post(t, p, cyc)
	h.Run()
	h.Expect(`bg: runtime.onConnect name="" from=`+SenderString(f.bg.Ports[0].Sender()), `bg: port1 message {"self":<ref 1>,"when":Date(0)}`)
}

func TestF2_ChromeJSONConvertsOnTheWay(t *testing.T) {
	h := Chrome(t)
	f := newFixture(h)
	p := f.cs0.Connect(router.ExtensionTarget(""), "")
	post(t, p, serial.Undefined{})
	post(t, p, &serial.Object{Props: []serial.Prop{{Key: "a", Value: serial.Undefined{}}, {Key: "d", Value: &serial.Date{Time: 0}}}})
	h.Run()
	h.Expect(`bg: runtime.onConnect name="" from=`+SenderString(f.bg.Ports[0].Sender()),
		"bg: port1 message null", `bg: port1 message {"d":"1970-01-01T00:00:00.000Z"}`)
}
