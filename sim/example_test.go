package sim_test

import (
	"fmt"
	"time"

	"github.com/extsim/extsim/sim"
)

// A page and a service worker exchange a message while a timer ticks; the
// five-second delay takes no real time.
func Example() {
	s := sim.New(sim.Options{})
	page := s.Queue("tab 1 frame 0")
	worker := s.Queue("service worker")

	page.Post(func() {
		fmt.Println(s.Elapsed(), "page: sendMessage")
		worker.Post(func() {
			fmt.Println(s.Elapsed(), "worker: onMessage, reply in 5s")
			s.After(5*time.Second, worker, func() {
				page.Post(func() { fmt.Println(s.Elapsed(), "page: got reply") })
			})
		})
	})
	s.After(2*time.Second, page, func() { fmt.Println(s.Elapsed(), "page: setTimeout(2000)") })

	if err := s.RunUntilIdle(); err != nil {
		fmt.Println(err)
	}
	fmt.Println("tasks:", s.Executed(), "now:", s.Now().Format(time.RFC3339))
	// Output:
	// 0s page: sendMessage
	// 0s worker: onMessage, reply in 5s
	// 2s page: setTimeout(2000)
	// 5s page: got reply
	// tasks: 5 now: 2026-01-01T00:00:05Z
}

// RunFor advances the clock by exactly the given duration, running only what
// is due.
func ExampleScheduler_RunFor() {
	s := sim.New(sim.Options{})
	q := s.Queue("q")
	s.After(time.Second, q, func() { fmt.Println("1s timer") })
	s.After(time.Minute, q, func() { fmt.Println("1m timer") })
	_ = s.RunFor(30 * time.Second)
	fmt.Println(s.Elapsed(), "idle:", s.Idle())
	// Output:
	// 1s timer
	// 30s idle: false
}
