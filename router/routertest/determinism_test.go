package routertest

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/extsim/extsim/router"
	"github.com/extsim/extsim/router/serial"
)

// scenario drives a random mix of every router operation from one seed: the
// seed picks the operations, the listeners' behaviour and the scheduler's
// interleaving. It returns the trace (JSON lines) and the contexts' log.
func scenario(t *testing.T, prof *router.Profile, seed uint64) []byte {
	h := New(t, Config{Profile: prof, Seeded: true, Seed: seed})
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	h.AddExtension(extA)
	h.AddExtension(extB)
	h.AddTab(1, "https://example.com/")
	h.AddTab(2, "https://example.com/")

	var ctxs []*Context
	var ports []*router.Port
	var reqs []*router.Request
	react := func(c *Context) {
		c.OnConnect = func(p *router.Port) { ports = append(ports, p) }
		c.OnRequest = func(q *router.Request) router.Disposition {
			switch rng.IntN(5) {
			case 0:
				return router.NoListener
			case 1:
				_ = q.Respond(serial.String(c.Name))
				return router.Handled
			case 2:
				q.Fail("err from " + c.Name)
				return router.Handled
			case 3:
				reqs = append(reqs, q)
				return router.AwaitingResponse
			}
			return router.Handled
		}
		c.OnPortMessage = func(p *router.Port, m serial.Message) {
			if rng.IntN(4) == 0 {
				_ = p.Post(serial.String("echo"))
			}
		}
	}
	add := func() {
		var id router.Identity
		n := len(ctxs)
		switch rng.IntN(5) {
		case 0:
			id = bgIdentity(extA)
			id.Document = fmt.Sprintf("doc-bg-%d", n)
		case 1:
			id = router.Identity{Extension: extB, Kind: router.KindServiceWorker}
		case 2:
			id = router.Identity{Extension: extA, Kind: router.KindPopup, Document: fmt.Sprintf("doc-popup-%d", n)}
		default:
			id = contentIdentity(extA, 1+rng.IntN(2), rng.IntN(2))
			id.Document += fmt.Sprintf("-%d", n)
		}
		c := h.Listening(fmt.Sprintf("c%d", n), id)
		c.ConnectListener = rng.IntN(4) != 0
		react(c)
		ctxs = append(ctxs, c)
	}
	for i := 0; i < 4; i++ {
		add()
	}
	target := func() router.Target {
		switch rng.IntN(4) {
		case 0:
			return router.ExtensionTarget(extB)
		case 1:
			return router.TabTarget(1 + rng.IntN(3))
		case 2:
			return router.FrameTarget(1+rng.IntN(2), rng.IntN(3))
		}
		return router.ExtensionTarget("")
	}
	live := func() *Context { return ctxs[rng.IntN(len(ctxs))] }
	for step := 0; step < 60; step++ {
		c := live()
		switch rng.IntN(12) {
		case 0:
			add()
		case 1, 2:
			if p, err := h.Router.Connect(c.ID, target(), fmt.Sprint("p", step)); err == nil {
				ports = append(ports, p)
			}
		case 3, 4:
			if len(ports) > 0 {
				_ = ports[rng.IntN(len(ports))].Post(serial.Number(float64(step)))
			}
		case 5:
			if len(ports) > 0 {
				_ = ports[rng.IntN(len(ports))].Disconnect()
			}
		case 6, 7:
			_, _ = h.Router.SendMessage(c.ID, target(), serial.Number(float64(step)))
		case 8:
			if len(reqs) > 0 {
				q := reqs[rng.IntN(len(reqs))]
				if rng.IntN(3) == 0 {
					q.Abandon()
				} else {
					_ = q.Respond(serial.String("late"))
				}
			}
		case 9:
			h.Router.Close(c.ID, router.Reason(1+rng.IntN(8)))
		case 10:
			if rng.IntN(2) == 0 {
				h.Router.Freeze(c.ID)
			} else {
				h.Router.Thaw(c.ID)
			}
		case 11:
			if err := h.Sched.RunFor(0); err != nil {
				t.Fatal(err)
			}
		}
		if rng.IntN(3) == 0 {
			if err := h.Sched.RunFor(0); err != nil {
				t.Fatal(err)
			}
		}
	}
	h.Run()
	// Tear everything down: nothing may be left behind.
	for _, c := range ctxs {
		h.Router.Close(c.ID, router.ReasonTabClosed)
	}
	h.Run()
	h.ExpectLeakFree()
	if s := h.Router.Stats(); s.Endpoints != 0 {
		t.Fatalf("endpoints left: %+v", s)
	}
	var b bytes.Buffer
	if err := h.Trace.WriteJSONL(&b); err != nil {
		t.Fatal(err)
	}
	b.WriteString(strings.Join(h.Log, "\n"))
	return b.Bytes()
}

// The same seed gives the same trace, byte for byte, over a few hundred
// random scenarios in each profile; different seeds explore different
// interleavings.
func TestDeterminism_SameSeedSameTraceByteForByte(t *testing.T) {
	n := 300
	if testing.Short() {
		n = 40
	}
	for _, prof := range []*router.Profile{router.Chrome(), router.Firefox()} {
		t.Run(prof.Name, func(t *testing.T) {
			distinct := map[string]bool{}
			for seed := uint64(1); seed <= uint64(n); seed++ {
				a := scenario(t, prof, seed)
				b := scenario(t, prof, seed)
				if !bytes.Equal(a, b) {
					t.Fatalf("seed %d: two runs differ\nfirst:\n%s\nsecond:\n%s", seed, a, b)
				}
				if len(a) == 0 {
					t.Fatalf("seed %d: empty trace", seed)
				}
				distinct[string(a)] = true
			}
			if len(distinct) < n/2 {
				t.Fatalf("only %d distinct traces over %d seeds", len(distinct), n)
			}
		})
	}
}
