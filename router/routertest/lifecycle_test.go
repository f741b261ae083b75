package routertest

import (
	"testing"

	"github.com/extsim/extsim/router"
	"github.com/extsim/extsim/router/serial"
)

const s8 = `error="The page keeping the extension port is moved into back/forward cache, so the message channel is closed."`

// H3 + errata 6 (Chrome) vs FF-61/FF-72 (Firefox): a page with an open port
// moves into the back/forward cache, and is later restored.
func TestH3_FF72_BackForwardCache(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		p := f.cs0.Connect(router.ExtensionTarget(""), "")
		h.Run()
		h.Log = nil
		h.Router.Freeze(f.cs0.ID)
		h.Run()
		if h.IsFirefox() {
			// The port stays open, messages to the cached page are dropped and it
			// gets no onDisconnect.
			h.Expect()
			post(t, f.bg.Ports[0], serial.String("while cached"))
			h.Run()
			h.Expect()
			h.Router.Thaw(f.cs0.ID)
			post(t, f.bg.Ports[0], serial.String("after restore"))
			post(t, p, serial.String("page is back"))
			h.Run()
			h.Expect(`cs0: port0 message "after restore"`, `bg: port1 message "page is back"`)
			return
		}
		h.Expect("bg: port1 disconnect " + s8)
		h.Router.Thaw(f.cs0.ID)
		h.Run()
		h.Expect("cs0: port0 disconnect " + s8) // errata 6: both ends see S8
		h.ExpectLeakFree()
	})
}

// Errata 6: a pending `return true` answer from a page entering the
// back/forward cache fails with S8, not S7.
func TestH3_PendingAnswerFromACachedPageFailsWithS8(t *testing.T) {
	h := Chrome(t)
	f := newFixture(h)
	f.cs0.OnRequest = Await()
	f.cs1.OnRequest = nil
	f.bg.Send(router.TabTarget(1), serial.String("q"))
	h.Run()
	h.Log = nil
	h.Router.Freeze(f.cs0.ID)
	h.Run()
	h.Expect("bg: failed " + s8)
}

// A bfcached page that is evicted instead of restored: Chrome already
// closed its channels; Firefox closes them now, without error.
func TestH3_EvictionFromTheCache(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		f.cs0.Connect(router.ExtensionTarget(""), "")
		h.Run()
		h.Router.Freeze(f.cs0.ID)
		h.Run()
		h.Log = nil
		h.Router.Close(f.cs0.ID, router.ReasonBFCacheEvicted)
		h.Run()
		if h.IsFirefox() {
			h.Expect("bg: port1 disconnect")
		} else {
			h.Expect()
		}
		h.ExpectLeakFree()
	})
}

// H2: same-document navigations do not touch ports; the browser simply does
// not report them. Registering and closing other contexts leaves a channel
// alone (FF test_ext_runtime_ports: closing one page does not affect
// another page's port).
func TestH2_UnrelatedContextsClosingLeaveAPortAlone(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		p := f.cs0.Connect(router.ExtensionTarget(""), "")
		f.cs1.Connect(router.ExtensionTarget(""), "")
		h.Run()
		h.Router.Close(f.cs1.ID, router.ReasonNavigated)
		h.Run()
		h.Log = nil
		post(t, p, serial.String("fine"))
		h.Run()
		h.Expect(`bg: port1 message "fine"`)
	})
}

// H6: an extension unloads; its content scripts are invalidated and the
// other ends of their ports are told without error.
func TestH6_ExtensionUnloadInvalidatesContentScripts(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		h.AddExtension(extB)
		other := h.Listening("otherbg", bgIdentity(extB))
		f.cs0.Connect(router.ExtensionTarget(extB), "")
		h.Run()
		h.Log = nil
		for _, c := range []*Context{f.bg, f.cs0, f.cs1} {
			h.Router.Close(c.ID, router.ReasonExtensionUnloaded)
		}
		delete(h.World.Extensions, extA)
		h.Run()
		h.Expect("otherbg: port1 disconnect")
		if _, err := h.Router.SendMessage(f.cs1.ID, router.ExtensionTarget(""), serial.Null{}); err == nil || err.Error() != "Extension context invalidated." {
			t.Fatalf("call from invalidated content script: %v", err)
		}
		other.Send(router.ExtensionTarget(extA), serial.Null{})
		h.Run()
		h.Expect("otherbg: failed " + s1)
	})
}

// H8: each dispatched event counts as activity for the receiving context
// (resets a service worker's idle timer); H9: a one-off message holds a
// keepalive on its receivers until it finishes.
func TestH8_H9_ActivityAndKeepalive(t *testing.T) {
	h := Chrome(t)
	h.AddExtension(extA)
	h.AddTab(1, "https://example.com/")
	sw := h.Listening("sw", router.Identity{Extension: extA, Kind: router.KindServiceWorker})
	cs := h.Listening("cs", contentIdentity(extA, 1, 0))
	p := cs.Connect(router.ExtensionTarget(""), "")
	post(t, p, serial.Number(1))
	post(t, p, serial.Number(2))
	h.Run()
	if got := h.World.Activities[sw.ID]; got != 3 {
		t.Fatalf("worker activity = %d, want 3 (connect + 2 messages)", got)
	}
	sw.OnRequest = Await()
	cs.Send(router.ExtensionTarget(""), serial.Null{})
	h.Run()
	if got := h.World.Keepalives[sw.ID]; got != 1 {
		t.Fatalf("keepalive while the answer is pending = %d, want 1", got)
	}
	_ = sw.Requests[0].Respond(serial.Null{})
	h.Run()
	if got := h.World.Keepalives[sw.ID]; got != 0 {
		t.Fatalf("keepalive after the answer = %d, want 0", got)
	}
}

// H3 (measured on Chromium 156 by conformance case lc-bfcache-documentid)
// vs FF-72: tabs.sendMessage naming the documentId of a page in the
// back/forward cache. Chrome neither fails nor delivers: the call waits,
// is dispatched if the page is restored (UNCONFIRMED), and fails with S1
// if the page is evicted. Firefox skips the cached page: S1 at once.
func TestH3_FF72_MessageToACachedDocumentByDocumentId(t *testing.T) {
	toDoc := router.Target{Kind: router.ToTab, Tab: 1, Frame: router.AllFrames, Document: docID(1, 0)}
	t.Run("firefox fails at once", func(t *testing.T) {
		h := Firefox(t)
		f := newFixture(h)
		h.Router.Freeze(f.cs0.ID)
		h.Run()
		h.Log = nil
		f.bg.Send(toDoc, serial.String("q"))
		h.Run()
		h.Expect("bg: failed " + s1)
		h.ExpectLeakFree()
	})
	for _, end := range []string{"restored", "evicted"} {
		t.Run("chrome waits until "+end, func(t *testing.T) {
			h := Chrome(t)
			f := newFixture(h)
			f.cs0.OnRequest = Respond(serial.String("back"))
			h.Router.Freeze(f.cs0.ID)
			h.Run()
			h.Log = nil
			f.bg.Send(toDoc, serial.String("q"))
			// Without a documentId the cached page is skipped as before.
			f.bg.Send(router.Target{Kind: router.ToTab, Tab: 1, Frame: 0}, serial.String("by frame"))
			h.Run()
			h.Expect("bg: failed " + s1)
			if end == "restored" {
				h.Router.Thaw(f.cs0.ID)
				h.Run()
				h.Expect(`cs0: runtime.onMessage "q"`, `bg: reply "back"`)
			} else {
				h.Router.Close(f.cs0.ID, router.ReasonBFCacheEvicted)
				h.Run()
				h.Expect("bg: failed " + s1)
			}
			h.ExpectLeakFree()
		})
	}
}
