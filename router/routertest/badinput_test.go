package routertest

import (
	"errors"
	"strings"
	"testing"

	"github.com/extsim/extsim/router"
	"github.com/extsim/extsim/router/serial"
)

// Every kind of bad input gives the browser's exact error and leaves the
// router holding nothing it should not.
func TestBadInput_ExactErrorsAndNoLeaks(t *testing.T) {
	Both(t, func(t *testing.T, h *Harness) {
		f := newFixture(h)
		noReceiver := "bg: port0 disconnect " + s1

		// Malformed extension id: synchronous in Chrome (S11), plain no
		// receiver in Firefox.
		_, err := h.Router.Connect(f.bg.ID, router.ExtensionTarget("not an id"), "")
		if h.IsFirefox() {
			if err != nil {
				t.Fatalf("Firefox connect to a malformed id threw %v", err)
			}
			h.Run()
			h.Expect(noReceiver)
		} else if err == nil || err.Error() != "Invalid extension id: 'not an id'" {
			t.Fatalf("malformed id: %v", err)
		}

		// A tab or a frame that does not exist.
		f.bg.Connect(router.TabTarget(12345), "")
		f.bg.Connect(router.FrameTarget(1, 99), "")
		h.Run()
		h.Expect(noReceiver, noReceiver)

		// Post after disconnect, disconnect twice.
		p := f.cs0.Connect(router.ExtensionTarget(""), "")
		h.Run()
		h.Log = nil
		if err := p.Disconnect(); err != nil {
			t.Fatal(err)
		}
		if err := p.Disconnect(); err != nil {
			t.Fatalf("second disconnect: %v", err)
		}
		if err := p.Post(serial.Null{}); err == nil || err.Error() != h.Msg(router.CodeDisconnectedPort) {
			t.Fatalf("post after disconnect: %v", err)
		}

		// Unserializable values: nothing is queued.
		q := f.cs0.Connect(router.ExtensionTarget(""), "")
		cyc := &serial.Object{}
		cyc.Props = []serial.Prop{{Key: "me", Value: cyc}}
		// A platform object is {} for JSON.stringify, so only Firefox refuses
		// it; BigInt and cycles only JSON refuses.
		bad := []serial.Value{serial.Function{Name: "f"}, serial.Symbol{}}
		if h.IsFirefox() {
			bad = append(bad, serial.HostObject{Class: "Window"})
		} else {
			bad = append(bad, serial.BigInt("1"), cyc)
		}
		for _, v := range bad {
			err := q.Post(v)
			var re *router.Error
			if !errors.As(err, &re) || re.Code != router.CodeUnserializable {
				t.Fatalf("post %T: %v", v, err)
			}
			if _, err := h.Router.SendMessage(f.cs0.ID, router.ExtensionTarget(""), v); !errors.As(err, &re) || re.Code != router.CodeUnserializable {
				t.Fatalf("sendMessage %T: %v", v, err)
			}
		}
		if !h.IsFirefox() {
			if err := q.Post(serial.String(strings.Repeat("y", 64<<20))); err == nil || err.Error() != "Message exceeded maximum allowed size of 64MiB." {
				t.Fatalf("oversize: %v", err)
			}
		}
		if s := h.Router.Stats(); s.Calls != 0 {
			t.Fatalf("a failed send left a call behind: %+v", s)
		}
		_ = q.Disconnect()
		h.Run()
		h.Log = nil
		h.ExpectLeakFree()

		// An unknown endpoint id is a programming error, reported as such.
		if _, err := h.Router.Connect(9999, router.ExtensionTarget(""), ""); !errors.Is(err, router.ErrUnknownEndpoint) {
			t.Fatalf("unknown endpoint: %v", err)
		}
	})
}
