package sim_test

import (
	"testing"

	"github.com/extsim/extsim/sim"
)

type benchMsg struct{ n int }

func benchDeliver(a any) { a.(*benchMsg).n++ }

// BenchmarkPostArgRun measures one PostArg plus one RunUntilIdle call that
// runs it: the per-message cost including the Run call's setup.
func BenchmarkPostArgRun(b *testing.B) {
	s := sim.New(sim.Options{})
	q := s.Queue("q")
	m := &benchMsg{}
	b.ReportAllocs()
	for b.Loop() {
		q.PostArg(benchDeliver, m)
		if err := s.RunUntilIdle(); err != nil {
			b.Fatal(err)
		}
	}
}

// roundTrip ping-pongs a message between two queues, like a message and its
// reply between a page and a worker.
type roundTrip struct {
	a, b *sim.Queue
	left int
}

func pingA(x any) {
	rt := x.(*roundTrip)
	rt.b.PostArg(pingB, rt)
}

func pingB(x any) {
	rt := x.(*roundTrip)
	if rt.left--; rt.left > 0 {
		rt.a.PostArg(pingA, rt)
	}
}

// BenchmarkRoundTrip measures one message round trip (two tasks on two
// queues) inside a long-running Run call.
func BenchmarkRoundTrip(b *testing.B) {
	s := sim.New(sim.Options{TaskBudget: 1 << 62})
	rt := &roundTrip{a: s.Queue("page"), b: s.Queue("worker"), left: b.N}
	b.ReportAllocs()
	b.ResetTimer()
	rt.a.PostArg(pingA, rt)
	if err := s.RunUntilIdle(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkSeeded measures a task in seeded mode with eight busy queues: each
// iteration posts one task to each queue and runs them all, so the cost is
// reported per eight tasks.
func BenchmarkSeeded(b *testing.B) {
	s := sim.New(sim.Options{Seeded: true, Seed: 1})
	qs := make([]*sim.Queue, 8)
	for i := range qs {
		qs[i] = s.Queue("q")
	}
	m := &benchMsg{}
	b.ReportAllocs()
	for b.Loop() {
		for _, q := range qs {
			q.PostArg(benchDeliver, m)
		}
		if err := s.RunUntilIdle(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDefault is BenchmarkSeeded in default (global FIFO) mode.
func BenchmarkDefault(b *testing.B) {
	s := sim.New(sim.Options{})
	qs := make([]*sim.Queue, 8)
	for i := range qs {
		qs[i] = s.Queue("q")
	}
	m := &benchMsg{}
	b.ReportAllocs()
	for b.Loop() {
		for _, q := range qs {
			q.PostArg(benchDeliver, m)
		}
		if err := s.RunUntilIdle(); err != nil {
			b.Fatal(err)
		}
	}
}
