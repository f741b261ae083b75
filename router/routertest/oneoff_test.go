package routertest

import (
	"testing"

	"github.com/extsim/extsim/router"
	"github.com/extsim/extsim/router/serial"
)

const s1 = `error="Could not establish connection. Receiving end does not exist."`

func TestG4_ListenersGetMessageAndSender(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		f.bg.OnRequest = Respond(serial.String("pong"))
		f.cs0.Send(router.ExtensionTarget(""), serial.String("ping"))
		h.Run()
		h.Expect(`bg: runtime.onMessage "ping"`, `cs0: reply "pong"`)
		if got := f.bg.Requests[0].Sender().String("url"); got != "https://example.com/" {
			t.Fatalf("sender.url = %q", got)
		}
		h.ExpectLeakFree()
	})
}

// G5: the first answer from any context wins; later ones are ignored
// silently.
func TestG5_FirstResponseWinsGlobally(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		popup := h.Listening("popup", router.Identity{Extension: extA, Kind: router.KindPopup, Document: "doc-popup"})
		f.bg.OnRequest = Await()
		popup.OnRequest = Await()
		f.cs0.Send(router.ExtensionTarget(""), serial.String("q"))
		h.Run()
		h.Log = nil
		if err := popup.Requests[0].Respond(serial.String("popup first")); err != nil {
			t.Fatal(err)
		}
		if err := f.bg.Requests[0].Respond(serial.String("bg second")); err != nil {
			t.Fatalf("a late answer must not fail: %v", err)
		}
		if err := popup.Requests[0].Respond(serial.String("popup again")); err != nil {
			t.Fatal(err)
		}
		h.Run()
		h.Expect(`cs0: reply "popup first"`)
		h.ExpectLeakFree()
	})
}

// G6: a context whose listeners return neither true nor a Promise closes
// its side; another context can still answer.
func TestG6_ContextWithoutAsyncAnswerClosesOthersMayStillAnswer(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		popup := h.Listening("popup", router.Identity{Extension: extA, Kind: router.KindPopup, Document: "doc-popup"})
		popup.OnRequest = Await()
		f.cs0.Send(router.ExtensionTarget(""), serial.String("q"))
		h.Run()
		h.Log = nil
		if err := f.bg.Requests[0].Respond(serial.String("too late")); err != nil {
			t.Fatal(err)
		}
		_ = popup.Requests[0].Respond(serial.String("popup"))
		h.Run()
		h.Expect(`cs0: reply "popup"`)
	})
}

// G8 vs measured Firefox: every receiver finished without answering.
func TestG8_NoAnswerResolvesUndefinedWithS6InChromeCallbacks(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		f.cs0.Send(router.ExtensionTarget(""), serial.String("q"))
		h.Run()
		if h.IsFirefox() {
			h.Expect(`bg: runtime.onMessage "q"`, "cs0: no-response")
			return
		}
		h.Expect(`bg: runtime.onMessage "q"`, `cs0: no-response error="The message port closed before a response was received."`)
	})
}

// G9 vs FF-48: a receiver returned true, then went away without answering.
func TestG9_FF48_AwaitedReceiverGoneBeforeAnswering(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		f.bg.OnRequest = Await()
		f.cs0.Send(router.ExtensionTarget(""), serial.String("q"))
		h.Run()
		h.Log = nil
		h.Router.Close(f.bg.ID, router.ReasonClosed)
		h.Run()
		if h.IsFirefox() {
			h.Expect("cs0: failed " + s1)
			return
		}
		h.Expect(`cs0: failed error="A listener indicated an asynchronous response by returning true, but the message channel closed before a response was received"`)
		h.ExpectLeakFree()
	})
}

func TestG10_NoReceiverFailsWithS1(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		f.bg.OnRequest = nil
		f.cs0.Send(router.ExtensionTarget(""), serial.String("q"))
		h.Run()
		h.Expect("cs0: failed " + s1)
	})
}

// FF-16: with several frames answering tabs.sendMessage, the first
// explicit answer wins.
func TestFF16_TabsSendMessageFirstFrameAnswerWins(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		f.cs0.OnRequest = Respond(serial.String("top"))
		f.cs1.OnRequest = Await()
		f.bg.Send(router.TabTarget(1), serial.String("who?"))
		h.Run()
		_ = f.cs1.Requests[0].Respond(serial.String("iframe"))
		h.Run()
		// Both frames get the message (it was on its way to each); the top
		// frame's answer wins and the iframe's later one is ignored.
		h.Expect(`cs0: runtime.onMessage "who?"`, `cs1: runtime.onMessage "who?"`, `bg: reply "top"`)
	})
}

// G13 vs FF-36: an answer that cannot be serialized.
func TestG13_FF36_UnserializableAnswer(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		var respondErr error
		f.bg.OnRequest = func(q *router.Request) router.Disposition {
			respondErr = q.Respond(serial.Symbol{Description: "s"})
			return router.Handled
		}
		f.cs0.Send(router.ExtensionTarget(""), serial.String("q"))
		h.Run()
		if respondErr == nil {
			t.Fatal("sendResponse(symbol) did not fail")
		}
		if h.IsFirefox() {
			// FF-36: the only receiver's answer is swallowed: no receiving end.
			h.Expect(`bg: runtime.onMessage "q"`, "cs0: failed "+s1)
			return
		}
		h.Expect(`bg: runtime.onMessage "q"`, `cs0: failed error="Could not serialize message."`)
	})
}

// FF-36, asynchronously: a receiver that returned true and then answers
// with what cannot be cloned no longer counts as a receiver; another
// receiver's answer still wins.
func TestFF36_UnserializableLateAnswer(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		f.bg.OnRequest = Await()
		f.cs0.Send(router.ExtensionTarget(""), serial.String("q"))
		h.Run()
		h.Log = nil
		if err := f.bg.Requests[0].Respond(serial.Symbol{Description: "s"}); err == nil {
			t.Fatal("sendResponse(symbol) did not fail")
		}
		h.Run()
		if h.IsFirefox() {
			h.Expect("cs0: failed " + s1)
			return
		}
		h.Expect(`cs0: failed error="Could not serialize message."`)
	})
}

// FF-36 with a second receiver: the uncloneable answer of one context does
// not hide the other's answer.
func TestFF36_OtherReceiverStillAnswers(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		f.bg.OnRequest = func(q *router.Request) router.Disposition {
			_ = q.Respond(serial.Symbol{Description: "s"})
			return router.Handled
		}
		popup := h.Listening("popup", router.Identity{Extension: extA, Kind: router.KindPopup, Document: "doc-popup"})
		popup.OnRequest = Respond(serial.Number(7))
		f.cs0.Send(router.ExtensionTarget(""), serial.String("q"))
		h.Run()
		if h.IsFirefox() {
			h.Expect(`bg: runtime.onMessage "q"`, `popup: runtime.onMessage "q"`, "cs0: reply 7")
			return
		}
		h.Expect(`bg: runtime.onMessage "q"`, `popup: runtime.onMessage "q"`, `cs0: failed error="Could not serialize message."`)
	})
}

// G14, G15, FF-46: a listener that throws or rejects fails the message with
// its error text (shaped by the JS layer).
func TestG14_G15_FF46_ListenerErrorFailsTheMessage(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		f.bg.OnRequest = func(q *router.Request) router.Disposition {
			q.Fail("boom")
			q.Fail("second error is ignored")
			return router.Handled
		}
		f.cs0.Send(router.ExtensionTarget(""), serial.String("q"))
		h.Run()
		h.Expect(`bg: runtime.onMessage "q"`, `cs0: failed error="boom"`)
	})
}

// G11 vs FF-47: the held sendResponse is garbage-collected.
func TestG11_FF47_AbandonedAnswer(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		f.bg.OnRequest = Await()
		f.cs0.Send(router.ExtensionTarget(""), serial.String("q"))
		h.Run()
		h.Log = nil
		f.bg.Requests[0].Abandon()
		h.Run()
		if h.IsFirefox() {
			h.Expect(`cs0: failed error="Promised response from onMessage listener went out of scope"`)
			return
		}
		h.Expect(`cs0: failed error="A listener indicated an asynchronous response by returning true, but the message channel closed before a response was received"`)
	})
}

// G17: a synchronous listener context finishing first does not stop an
// asynchronous one from answering.
func TestG17_SyncContextFirstDoesNotBlockAsyncAnswer(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		popup := h.Listening("popup", router.Identity{Extension: extA, Kind: router.KindPopup, Document: "doc-popup"})
		popup.OnRequest = Await()
		f.cs0.Send(router.ExtensionTarget(""), serial.String("q"))
		h.Run()
		_ = popup.Requests[0].Respond(serial.Number(42))
		h.Run()
		h.Expect(`bg: runtime.onMessage "q"`, `popup: runtime.onMessage "q"`, "cs0: reply 42")
	})
}

// G18: sending from inside a listener works; the channels are independent.
func TestG18_SendMessageFromInsideAListener(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		f.bg.OnRequest = func(q *router.Request) router.Disposition {
			f.bg.Send(router.TabTarget(1), serial.String("nested"))
			_ = q.Respond(serial.String("outer"))
			return router.Handled
		}
		f.cs1.OnRequest = Respond(serial.String("inner"))
		f.cs0.OnRequest = nil
		f.cs0.Send(router.ExtensionTarget(""), serial.String("q"))
		h.Run()
		// The nested message is queued before the outer reply.
		h.Expect(`bg: runtime.onMessage "q"`, `cs1: runtime.onMessage "nested"`, `cs0: reply "outer"`, `bg: reply "inner"`)
		h.ExpectLeakFree()
	})
}

// G19: many concurrent messages with async answers are all answered.
func TestG19_ManyConcurrentAsyncMessagesAreAllAnswered(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		f.bg.OnRequest = Await()
		for i := 0; i < 50; i++ {
			from := f.cs0
			if i%2 == 1 {
				from = f.cs1
			}
			from.Send(router.ExtensionTarget(""), serial.Number(float64(i)))
		}
		h.Run()
		h.Log = nil
		for i := len(f.bg.Requests) - 1; i >= 0; i-- {
			q := f.bg.Requests[i]
			_ = q.Respond(q.Message().Value)
		}
		h.Run()
		if len(h.Log) != 50 {
			t.Fatalf("%d answers, want 50", len(h.Log))
		}
		h.ExpectLeakFree()
	})
}

// J6: a sender gone before the answer never sees it.
func TestJ6_AnswerToAGoneSenderIsDropped(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		f.bg.OnRequest = Await()
		f.cs0.Send(router.ExtensionTarget(""), serial.String("q"))
		h.Run()
		h.Log = nil
		h.Router.Close(f.cs0.ID, router.ReasonNavigated)
		if err := f.bg.Requests[0].Respond(serial.String("nobody listens")); err != nil {
			t.Fatal(err)
		}
		h.Run()
		h.Expect()
		h.ExpectLeakFree()
	})
}
