package router_test

import (
	"strings"
	"testing"

	"github.com/extsim/extsim/router"
	"github.com/extsim/extsim/router/serial"
	"github.com/extsim/extsim/sim"
)

// benchWorld knows one extension and one tab.
type benchWorld struct{ tab *serial.Object }

func (benchWorld) Extension(string) (router.ExtensionInfo, bool) { return router.ExtensionInfo{}, true }
func (w benchWorld) Tab(int) (*serial.Object, bool)              { return w.tab, true }
func (benchWorld) WakeExtension(string)                          {}

// echo is a lean endpoint: it accepts ports, echoes port messages when
// echo is set, answers one-off messages synchronously, and counts.
type echo struct {
	echo     bool
	got      int
	outcomes int
	port     *router.Port
}

func (e *echo) DispatchConnect(p *router.Port) bool { e.port = p; return true }
func (e *echo) DispatchMessage(p *router.Port, m serial.Message) {
	e.got++
	if e.echo {
		_ = p.Post(m.Value)
	}
}
func (e *echo) DispatchDisconnect(*router.Port, *router.Error) {}
func (e *echo) DispatchRequest(q *router.Request) router.Disposition {
	_ = q.Respond(q.Message().Value)
	return router.Handled
}
func (e *echo) DispatchOutcome(*router.Call, router.Outcome) { e.outcomes++ }

var extID = strings.Repeat("a", 32)

func benchSetup(b *testing.B, prof *router.Profile) (*sim.Scheduler, *router.Router, router.EndpointID, *echo, router.EndpointID, *echo) {
	s := sim.New(sim.Options{})
	r := router.New(s, router.Options{Profile: prof, World: benchWorld{tab: &serial.Object{}}})
	bgEP, csEP := &echo{echo: true}, &echo{}
	bg := r.Register(router.Identity{Extension: extID, Kind: router.KindBackgroundPage, URL: "chrome-extension://" + extID + "/bg.html", Document: "bg"}, bgEP, s.Queue("bg"))
	cs := r.Register(router.Identity{Extension: extID, Kind: router.KindContentScript, Tab: 1, URL: "https://example.com/", Origin: "https://example.com", Document: "d1"}, csEP, s.Queue("cs"))
	return s, r, bg, bgEP, cs, csEP
}

func run(b *testing.B, s *sim.Scheduler) {
	if err := s.RunUntilIdle(); err != nil {
		b.Fatal(err)
	}
}

func profiles() []*router.Profile { return []*router.Profile{router.Chrome(), router.Firefox()} }

// BenchmarkPortRoundTrip: a content script posts a small message on an open
// port and the background echoes it back.
func BenchmarkPortRoundTrip(b *testing.B) {
	for _, prof := range profiles() {
		b.Run(prof.Name, func(b *testing.B) {
			s, r, _, _, cs, csEP := benchSetup(b, prof)
			p, err := r.Connect(cs, router.ExtensionTarget(""), "bench")
			if err != nil {
				b.Fatal(err)
			}
			run(b, s)
			msg := serial.String("ping")
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if err := p.Post(msg); err != nil {
					b.Fatal(err)
				}
				run(b, s)
			}
			if csEP.got != b.N {
				b.Fatalf("got %d echoes, want %d", csEP.got, b.N)
			}
		})
	}
}

// BenchmarkOneOffRoundTrip: runtime.sendMessage answered synchronously.
func BenchmarkOneOffRoundTrip(b *testing.B) {
	for _, prof := range profiles() {
		b.Run(prof.Name, func(b *testing.B) {
			s, r, _, _, cs, csEP := benchSetup(b, prof)
			msg := serial.String("ping")
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := r.SendMessage(cs, router.ExtensionTarget(""), msg); err != nil {
					b.Fatal(err)
				}
				run(b, s)
			}
			if csEP.outcomes != b.N {
				b.Fatalf("%d outcomes, want %d", csEP.outcomes, b.N)
			}
		})
	}
}

// BenchmarkConnectDisconnect: connect, onConnect, disconnect, onDisconnect.
func BenchmarkConnectDisconnect(b *testing.B) {
	for _, prof := range profiles() {
		b.Run(prof.Name, func(b *testing.B) {
			s, r, _, _, cs, _ := benchSetup(b, prof)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				p, err := r.Connect(cs, router.ExtensionTarget(""), "")
				if err != nil {
					b.Fatal(err)
				}
				run(b, s)
				if err := p.Disconnect(); err != nil {
					b.Fatal(err)
				}
				run(b, s)
			}
			if st := r.Stats(); st.Channels != 0 || st.Ports != 0 {
				b.Fatalf("leak: %+v", st)
			}
		})
	}
}

// BenchmarkOneWayThroughput: batches of 1000 messages from a content script
// to the background, delivered in one run.
func BenchmarkOneWayThroughput(b *testing.B) {
	for _, prof := range profiles() {
		b.Run(prof.Name, func(b *testing.B) {
			s, r, _, bgEP, cs, _ := benchSetup(b, prof)
			bgEP.echo = false
			p, err := r.Connect(cs, router.ExtensionTarget(""), "")
			if err != nil {
				b.Fatal(err)
			}
			run(b, s)
			obj := &serial.Object{Props: []serial.Prop{{Key: "n", Value: serial.Number(1)}, {Key: "s", Value: serial.String("hello")}}}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if err := p.Post(obj); err != nil {
					b.Fatal(err)
				}
				if i%1000 == 999 {
					run(b, s)
				}
			}
			run(b, s)
			b.StopTimer()
			if bgEP.got != b.N {
				b.Fatalf("delivered %d of %d", bgEP.got, b.N)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
		})
	}
}
