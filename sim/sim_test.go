package sim_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/extsim/extsim/sim"
)

// recorder collects labels in the order tasks run.
type recorder struct{ got []string }

func (r *recorder) task(label string) func() {
	return func() { r.got = append(r.got, label) }
}

func (r *recorder) want(t *testing.T, want ...string) {
	t.Helper()
	if !slices.Equal(r.got, want) {
		t.Fatalf("order = %q, want %q", r.got, want)
	}
}

func mustIdle(t *testing.T, s *sim.Scheduler) {
	t.Helper()
	if err := s.RunUntilIdle(); err != nil {
		t.Fatalf("RunUntilIdle: %v", err)
	}
	if !s.Idle() {
		t.Fatal("Idle() = false after RunUntilIdle returned nil")
	}
}

func TestFIFOWithinQueue(t *testing.T) {
	s := sim.New(sim.Options{})
	q := s.Queue("q")
	var r recorder
	for i := range 5 {
		if !q.Post(r.task(fmt.Sprint(i))) {
			t.Fatal("Post on open queue returned false")
		}
	}
	if q.Len() != 5 {
		t.Fatalf("Len = %d, want 5", q.Len())
	}
	mustIdle(t, s)
	r.want(t, "0", "1", "2", "3", "4")
	if s.Executed() != 5 {
		t.Fatalf("Executed = %d, want 5", s.Executed())
	}
	if q.Len() != 0 {
		t.Fatalf("Len = %d after run, want 0", q.Len())
	}
}

func TestDefaultGlobalEnqueueOrder(t *testing.T) {
	s := sim.New(sim.Options{})
	a, b, c := s.Queue("a"), s.Queue("b"), s.Queue("c")
	var r recorder
	b.Post(r.task("b1"))
	a.Post(r.task("a1"))
	c.Post(r.task("c1"))
	a.Post(func() {
		r.got = append(r.got, "a2")
		// Posted while running: behind everything already queued.
		c.Post(r.task("c3"))
		b.Post(r.task("b3"))
	})
	b.Post(r.task("b2"))
	c.Post(r.task("c2"))
	mustIdle(t, s)
	r.want(t, "b1", "a1", "c1", "a2", "b2", "c2", "c3", "b3")
}

func TestPostArg(t *testing.T) {
	s := sim.New(sim.Options{})
	q := s.Queue("q")
	var got []int
	add := func(a any) { got = append(got, *a.(*int)) }
	x, y := 1, 2
	q.PostArg(add, &x)
	q.Post(func() { got = append(got, 10) })
	q.PostArg(add, &y)
	mustIdle(t, s)
	if want := []int{1, 10, 2}; !slices.Equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

// seededOrder runs workloadOrder with the given seed.
func seededOrder(t *testing.T, seed uint64) []string {
	t.Helper()
	return workloadOrder(t, sim.Options{Seeded: true, Seed: seed})
}

// defaultOrder runs workloadOrder in the default (unseeded) mode.
func defaultOrder(t *testing.T) []string {
	t.Helper()
	return workloadOrder(t, sim.Options{})
}

// workloadOrder runs a fixed workload on several queues, some tasks posting
// to other queues, and returns the order in which tasks ran.
func workloadOrder(t *testing.T, opts sim.Options) []string {
	t.Helper()
	s := sim.New(opts)
	const queues, perQueue = 6, 50
	qs := make([]*sim.Queue, queues)
	for i := range qs {
		qs[i] = s.Queue(fmt.Sprintf("q%d", i))
	}
	var order []string
	for n := range perQueue {
		for i, q := range qs {
			label := fmt.Sprintf("%d:%03d", i, n)
			q.Post(func() {
				order = append(order, label)
				if n%10 == 0 {
					// A task that posts to another queue, like a message.
					dst := (i + 1) % queues
					next := fmt.Sprintf("%d:m%03d", dst, n)
					qs[dst].Post(func() { order = append(order, next) })
				}
			})
		}
	}
	if err := s.RunUntilIdle(); err != nil {
		t.Fatal(err)
	}
	if len(order) != queues*perQueue+queues*perQueue/10 {
		t.Fatalf("ran %d tasks", len(order))
	}
	return order
}

// checkFIFO verifies that the numbered tasks of each queue ran in order.
func checkFIFO(t *testing.T, order []string) {
	t.Helper()
	last := map[string]string{}
	for _, l := range order {
		q, n, _ := strings.Cut(l, ":")
		if strings.HasPrefix(n, "m") {
			continue
		}
		if prev, ok := last[q]; ok && n < prev {
			t.Fatalf("queue %s ran %s after %s", q, n, prev)
		}
		last[q] = n
	}
}

func TestSeeded(t *testing.T) {
	base := seededOrder(t, 42)
	if again := seededOrder(t, 42); !slices.Equal(base, again) {
		t.Fatal("same seed gave different orders")
	}
	checkFIFO(t, base)
	differs := 0
	for seed := range uint64(8) {
		o := seededOrder(t, seed)
		checkFIFO(t, o)
		if !slices.Equal(o, base) {
			differs++
		}
	}
	if differs == 0 {
		t.Fatal("eight other seeds all gave the order of seed 42")
	}

	// Default mode is global FIFO; a seeded run should interleave otherwise.
	if slices.Equal(base, defaultOrder(t)) {
		t.Fatal("seed 42 gave exactly the enqueue order")
	}
}

func TestSeededMessageFIFO(t *testing.T) {
	// FIFO inside a queue holds for tasks posted from other queues too.
	for seed := range uint64(20) {
		s := sim.New(sim.Options{Seeded: true, Seed: seed})
		src1, src2, dst := s.Queue("src1"), s.Queue("src2"), s.Queue("dst")
		var got []int
		for i := range 20 {
			src := src1
			if i%2 == 1 {
				src = src2
			}
			src.Post(func() {})
			dst.Post(func() { got = append(got, i) })
		}
		if err := s.RunUntilIdle(); err != nil {
			t.Fatal(err)
		}
		if !slices.IsSorted(got) || len(got) != 20 {
			t.Fatalf("seed %d: dst ran %v", seed, got)
		}
	}
}

func TestTimersOrderAndClock(t *testing.T) {
	s := sim.New(sim.Options{})
	q1, q2 := s.Queue("q1"), s.Queue("q2")
	var r recorder
	at := map[string]time.Duration{}
	mark := func(label string) func() {
		return func() {
			r.got = append(r.got, label)
			at[label] = s.Elapsed()
		}
	}
	s.After(3*time.Second, q1, mark("3s"))
	s.After(time.Second, q2, mark("1s-first"))
	s.After(2*time.Second, q1, mark("2s"))
	s.After(time.Second, q1, mark("1s-second"))
	tm := s.After(time.Second, q2, mark("1s-third"))
	if want := sim.DefaultEpoch.Add(time.Second); !tm.When().Equal(want) {
		t.Fatalf("When = %v, want %v", tm.When(), want)
	}
	if s.Idle() {
		t.Fatal("Idle with pending timers")
	}
	mustIdle(t, s)
	r.want(t, "1s-first", "1s-second", "1s-third", "2s", "3s")
	for label, want := range map[string]time.Duration{"1s-first": time.Second, "1s-third": time.Second, "2s": 2 * time.Second, "3s": 3 * time.Second} {
		if at[label] != want {
			t.Errorf("%s ran at %v, want %v", label, at[label], want)
		}
	}
	if s.Elapsed() != 3*time.Second {
		t.Fatalf("Elapsed = %v, want 3s", s.Elapsed())
	}
	if want := sim.DefaultEpoch.Add(3 * time.Second); !s.Now().Equal(want) {
		t.Fatalf("Now = %v, want %v", s.Now(), want)
	}
}

func TestTasksBeforeClockJump(t *testing.T) {
	s := sim.New(sim.Options{})
	q := s.Queue("q")
	var r recorder
	s.After(time.Millisecond, q, r.task("timer"))
	q.Post(func() {
		r.got = append(r.got, "task")
		if s.Elapsed() != 0 {
			t.Errorf("task ran at %v, want 0", s.Elapsed())
		}
		// A timer armed from a task is relative to the current instant.
		s.After(time.Millisecond, q, r.task("timer2"))
	})
	mustIdle(t, s)
	r.want(t, "task", "timer", "timer2")
	if s.Elapsed() != time.Millisecond {
		t.Fatalf("Elapsed = %v, want 1ms", s.Elapsed())
	}
}

func TestStartOption(t *testing.T) {
	start := time.Date(2030, time.May, 4, 12, 0, 0, 0, time.UTC)
	s := sim.New(sim.Options{Start: start})
	if !s.Now().Equal(start) {
		t.Fatalf("Now = %v, want %v", s.Now(), start)
	}
	s.After(time.Minute, s.Queue("q"), func() {})
	mustIdle(t, s)
	if !s.Now().Equal(start.Add(time.Minute)) {
		t.Fatalf("Now = %v, want %v", s.Now(), start.Add(time.Minute))
	}
}

func TestTimerStop(t *testing.T) {
	s := sim.New(sim.Options{})
	q := s.Queue("q")
	var r recorder
	keep := s.After(time.Second, q, r.task("keep"))
	drop := s.After(time.Second, q, r.task("drop"))
	late := s.After(time.Hour, q, r.task("late"))
	if !drop.Stop() {
		t.Fatal("Stop of pending timer = false")
	}
	if drop.Stop() {
		t.Fatal("second Stop = true")
	}
	q.Post(func() {
		if !late.Stop() {
			t.Error("Stop from a task of a pending timer = false")
		}
	})
	mustIdle(t, s)
	r.want(t, "keep")
	if keep.Stop() {
		t.Fatal("Stop after firing = true")
	}
	if s.Elapsed() != time.Second {
		t.Fatalf("Elapsed = %v; the stopped 1h timer must not move the clock", s.Elapsed())
	}
}

func TestStopAfterFiredBeforeRun(t *testing.T) {
	// Once a timer has moved into its queue it has fired; Stop is too late.
	s := sim.New(sim.Options{})
	q := s.Queue("q")
	var r recorder
	var tm *sim.Timer
	q.Post(func() {
		r.got = append(r.got, "first")
		tm = s.After(0, q, r.task("timer"))
		q.Post(func() {
			r.got = append(r.got, "second")
			if tm.Stop() {
				t.Error("Stop of a timer already in its queue = true")
			}
		})
	})
	mustIdle(t, s)
	r.want(t, "first", "second", "timer")
}

func TestAfterZero(t *testing.T) {
	s := sim.New(sim.Options{})
	q := s.Queue("q")
	var r recorder
	q.Post(r.task("a"))
	q.Post(r.task("b"))
	tz := s.After(0, q, r.task("zero"))
	s.After(-time.Second, q, r.task("negative"))
	if !tz.When().Equal(s.Now()) {
		t.Fatalf("When = %v, want Now %v", tz.When(), s.Now())
	}
	mustIdle(t, s)
	r.want(t, "a", "b", "zero", "negative")
	if s.Elapsed() != 0 {
		t.Fatalf("Elapsed = %v, want 0", s.Elapsed())
	}
}

func TestRunFor(t *testing.T) {
	s := sim.New(sim.Options{})
	q := s.Queue("q")
	var r recorder
	s.After(time.Second, q, r.task("1s"))
	s.After(2500*time.Millisecond, q, r.task("2.5s"))
	late := s.After(5*time.Second, q, r.task("5s"))
	q.Post(r.task("now"))
	if err := s.RunFor(2500 * time.Millisecond); err != nil {
		t.Fatal(err)
	}
	r.want(t, "now", "1s", "2.5s")
	if s.Elapsed() != 2500*time.Millisecond {
		t.Fatalf("Elapsed = %v, want exactly 2.5s", s.Elapsed())
	}
	if s.Idle() {
		t.Fatal("Idle with the 5s timer pending")
	}
	if err := s.RunFor(time.Second); err != nil {
		t.Fatal(err)
	}
	if s.Elapsed() != 3500*time.Millisecond || len(r.got) != 3 {
		t.Fatalf("Elapsed = %v ran %q; want 3.5s and nothing new", s.Elapsed(), r.got)
	}
	if err := s.RunFor(10 * time.Second); err != nil {
		t.Fatal(err)
	}
	r.want(t, "now", "1s", "2.5s", "5s")
	if s.Elapsed() != 13500*time.Millisecond {
		t.Fatalf("Elapsed = %v, want 13.5s", s.Elapsed())
	}
	if late.Stop() {
		t.Fatal("5s timer still pending")
	}
}

func TestRunForIdleAndZero(t *testing.T) {
	s := sim.New(sim.Options{})
	if err := s.RunFor(time.Minute); err != nil {
		t.Fatal(err)
	}
	if s.Elapsed() != time.Minute {
		t.Fatalf("Elapsed = %v, want 1m", s.Elapsed())
	}
	q := s.Queue("q")
	var r recorder
	q.Post(r.task("now"))
	s.After(0, q, r.task("zero"))
	s.After(time.Nanosecond, q, r.task("1ns"))
	if err := s.RunFor(0); err != nil {
		t.Fatal(err)
	}
	r.want(t, "now", "zero")
	if s.Elapsed() != time.Minute {
		t.Fatalf("Elapsed = %v after RunFor(0)", s.Elapsed())
	}
}

func TestRunUntil(t *testing.T) {
	s := sim.New(sim.Options{})
	q := s.Queue("q")
	n := 0
	for range 10 {
		q.Post(func() { n++ })
	}
	calls := 0
	err := s.RunUntil(func() bool { calls++; return n == 3 })
	if err != nil {
		t.Fatal(err)
	}
	if n != 3 || q.Len() != 7 {
		t.Fatalf("n = %d, Len = %d; want 3 and 7", n, q.Len())
	}
	if calls != 4 { // before the first task and after each of three
		t.Fatalf("cond called %d times, want 4", calls)
	}

	// Already true: nothing runs.
	if err := s.RunUntil(func() bool { return true }); err != nil || n != 3 {
		t.Fatalf("err = %v, n = %d", err, n)
	}

	// Becomes true through a timer.
	s.After(time.Second, q, func() { n = 100 })
	if err := s.RunUntil(func() bool { return n == 100 }); err != nil {
		t.Fatal(err)
	}
	if s.Elapsed() != time.Second {
		t.Fatalf("Elapsed = %v, want 1s", s.Elapsed())
	}

	// Never true: idle.
	err = s.RunUntil(func() bool { return false })
	if !errors.Is(err, sim.ErrIdle) {
		t.Fatalf("err = %v, want ErrIdle", err)
	}
	if !s.Idle() {
		t.Fatal("not idle after ErrIdle")
	}
}

func TestClose(t *testing.T) {
	s := sim.New(sim.Options{})
	q, other := s.Queue("closing"), s.Queue("other")
	var r recorder
	q.Post(r.task("dropped1"))
	q.PostArg(func(any) { r.got = append(r.got, "dropped2") }, nil)
	other.Post(r.task("other1"))
	s.After(time.Second, q, r.task("timer-dropped"))
	s.After(2*time.Second, other, r.task("other-timer"))
	q.Close()
	q.Close() // no-op
	if !q.Closed() || other.Closed() {
		t.Fatal("Closed() wrong")
	}
	if q.Len() != 0 {
		t.Fatalf("Len = %d after Close", q.Len())
	}
	if q.Post(r.task("refused")) || q.PostArg(func(any) {}, nil) {
		t.Fatal("Post on closed queue returned true")
	}
	mustIdle(t, s)
	r.want(t, "other1", "other-timer")
}

func TestCloseFromTask(t *testing.T) {
	s := sim.New(sim.Options{})
	a, b := s.Queue("a"), s.Queue("b")
	var r recorder
	a.Post(func() {
		r.got = append(r.got, "a1")
		a.Close() // closing the running task's own queue
		b.Close()
	})
	b.Post(r.task("b1"))
	a.Post(r.task("a2"))
	c := s.Queue("c")
	c.Post(r.task("c1"))
	mustIdle(t, s)
	r.want(t, "a1", "c1")
}

func TestRunawaySelfRepost(t *testing.T) {
	s := sim.New(sim.Options{TaskBudget: 1000})
	busy, quiet := s.Queue("tab 1 frame 0 content"), s.Queue("quiet")
	for range 3 {
		quiet.Post(func() {})
	}
	var loop func()
	loop = func() { busy.Post(loop) }
	busy.Post(loop)
	err := s.RunUntilIdle()
	var re *sim.RunawayError
	if !errors.As(err, &re) {
		t.Fatalf("err = %v, want *RunawayError", err)
	}
	if re.Queue != "tab 1 frame 0 content" || re.Tasks != 997 || re.Budget != 1000 {
		t.Fatalf("got %+v", re)
	}
	if s.Executed() != 1000 {
		t.Fatalf("Executed = %d, want 1000", s.Executed())
	}
	want := `sim: runaway: 1000 tasks without becoming idle (budget 1000); busiest queue "tab 1 frame 0 content" ran 997 of them in 0s of virtual time`
	if err.Error() != want {
		t.Fatalf("Error() =\n%s\nwant\n%s", err, want)
	}

	// Counts are per call: a second call starts from zero, and the busiest
	// queue is the one busy during that call.
	busy.Close()
	var loop2 func()
	loop2 = func() { quiet.Post(loop2) }
	quiet.Post(loop2)
	err = s.RunFor(time.Hour)
	if !errors.As(err, &re) || re.Queue != "quiet" || re.Tasks != 1000 {
		t.Fatalf("second call: err = %v", err)
	}
}

func TestRunawayTimerLoop(t *testing.T) {
	s := sim.New(sim.Options{TaskBudget: 500})
	q := s.Queue("ticker")
	var tick func()
	tick = func() { s.After(time.Millisecond, q, tick) }
	s.After(time.Millisecond, q, tick)
	err := s.RunUntilIdle()
	var re *sim.RunawayError
	if !errors.As(err, &re) {
		t.Fatalf("err = %v, want *RunawayError", err)
	}
	if re.Queue != "ticker" || re.Tasks != 500 {
		t.Fatalf("got %+v", re)
	}
	if re.Elapsed < 500*time.Millisecond || re.Elapsed > 501*time.Millisecond {
		t.Fatalf("Elapsed = %v, want about 500ms", re.Elapsed)
	}
	if !strings.Contains(err.Error(), `busiest queue "ticker" ran 500`) {
		t.Fatalf("Error() = %s", err)
	}
}

func TestBudgetExactlyEnough(t *testing.T) {
	s := sim.New(sim.Options{TaskBudget: 10})
	q := s.Queue("q")
	for range 10 {
		q.Post(func() {})
	}
	mustIdle(t, s)
	// The budget is per call.
	for range 10 {
		q.Post(func() {})
	}
	mustIdle(t, s)
}

func TestReentrant(t *testing.T) {
	s := sim.New(sim.Options{})
	q := s.Queue("q")
	var errs []error
	q.Post(func() {
		errs = append(errs, s.RunUntilIdle(), s.RunFor(time.Second), s.RunUntil(func() bool { return true }))
	})
	q.Post(func() {})
	mustIdle(t, s)
	if len(errs) != 3 {
		t.Fatalf("got %d errors", len(errs))
	}
	for i, err := range errs {
		if !errors.Is(err, sim.ErrReentrant) {
			t.Errorf("call %d: err = %v, want ErrReentrant", i, err)
		}
	}
	if s.Executed() != 2 || s.Elapsed() != 0 {
		t.Fatalf("Executed = %d, Elapsed = %v", s.Executed(), s.Elapsed())
	}
}

func TestPanickingTaskLeavesSchedulerUsable(t *testing.T) {
	s := sim.New(sim.Options{})
	q := s.Queue("q")
	var r recorder
	q.Post(func() { panic("boom") })
	q.Post(r.task("after"))
	func() {
		defer func() {
			if recover() == nil {
				t.Fatal("panic did not propagate")
			}
		}()
		_ = s.RunUntilIdle()
	}()
	mustIdle(t, s)
	r.want(t, "after")
}

func TestReservationPost(t *testing.T) {
	s := sim.New(sim.Options{})
	q := s.Queue("port")
	var r recorder
	res := s.Reserve(q, "native host reply")
	if s.Idle() {
		t.Fatal("Idle with an outstanding reservation")
	}
	// The timer must not fire before the external task: the scheduler blocks
	// for the reservation before advancing the clock.
	s.After(time.Second, q, r.task("timer"))
	q.Post(func() {
		r.got = append(r.got, "start")
		go res.Post(func() {
			r.got = append(r.got, "external")
			if s.Elapsed() != 0 {
				t.Errorf("external task ran at %v, want 0", s.Elapsed())
			}
		})
	})
	mustIdle(t, s)
	r.want(t, "start", "external", "timer")
}

func TestReservationsPostOrder(t *testing.T) {
	s := sim.New(sim.Options{})
	q := s.Queue("q")
	var r recorder
	rs := make([]*sim.Reservation, 5)
	for i := range rs {
		rs[i] = s.Reserve(q, fmt.Sprint("r", i))
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, i := range []int{3, 0, 4, 1, 2} {
			rs[i].Post(r.task(fmt.Sprint("r", i)))
		}
	}()
	mustIdle(t, s)
	<-done
	r.want(t, "r3", "r0", "r4", "r1", "r2")
}

func TestReservationToClosedQueue(t *testing.T) {
	s := sim.New(sim.Options{})
	q := s.Queue("gone")
	res := s.Reserve(q, "late reply")
	q.Close()
	ran := false
	go res.Post(func() { ran = true })
	mustIdle(t, s)
	if ran {
		t.Fatal("task posted to a closed queue ran")
	}
}

func TestReservationCancel(t *testing.T) {
	s := sim.New(sim.Options{})
	q := s.Queue("q")
	res := s.Reserve(q, "never")
	s.After(time.Second, q, func() {})
	go res.Cancel()
	mustIdle(t, s)
	if s.Elapsed() != time.Second {
		t.Fatalf("Elapsed = %v", s.Elapsed())
	}

	// Cancel on the scheduler goroutine itself.
	res2 := s.Reserve(q, "also never")
	res2.Cancel()
	if !s.Idle() {
		t.Fatal("not idle after Cancel")
	}
}

func expectPanic(t *testing.T, what, contains string, f func()) {
	t.Helper()
	defer func() {
		t.Helper()
		v := recover()
		if v == nil {
			t.Fatalf("%s did not panic", what)
		}
		if !strings.Contains(fmt.Sprint(v), contains) {
			t.Fatalf("%s panicked with %v, want it to mention %q", what, v, contains)
		}
	}()
	f()
}

func TestReservationTwicePanics(t *testing.T) {
	s := sim.New(sim.Options{})
	q := s.Queue("q")
	r1 := s.Reserve(q, "r1")
	r1.Post(func() {})
	expectPanic(t, "second Post", `"r1"`, func() { r1.Post(func() {}) })
	expectPanic(t, "Cancel after Post", `"r1"`, r1.Cancel)
	r2 := s.Reserve(q, "r2")
	r2.Cancel()
	expectPanic(t, "second Cancel", `"r2"`, r2.Cancel)
	expectPanic(t, "Post after Cancel", `"r2"`, func() { r2.Post(func() {}) })
	mustIdle(t, s)
	if s.Executed() != 1 {
		t.Fatalf("Executed = %d, want 1", s.Executed())
	}
}

func TestExternalTimeout(t *testing.T) {
	s := sim.New(sim.Options{ExternalWait: 10 * time.Millisecond})
	q := s.Queue("q")
	res := s.Reserve(q, "native host reply")
	posted := s.Reserve(q, "posted one")
	posted.Post(func() {})
	ran := false
	s.After(time.Second, q, func() { ran = true })
	err := s.RunUntilIdle()
	var te *sim.ExternalTimeoutError
	if !errors.As(err, &te) {
		t.Fatalf("err = %v, want *ExternalTimeoutError", err)
	}
	if !slices.Equal(te.Pending, []string{"native host reply"}) {
		t.Fatalf("Pending = %q", te.Pending)
	}
	if te.Waited < 10*time.Millisecond {
		t.Fatalf("Waited = %v, want >= 10ms", te.Waited)
	}
	if !strings.Contains(err.Error(), `"native host reply"`) {
		t.Fatalf("Error() = %s", err)
	}
	if ran || s.Elapsed() != 0 {
		t.Fatal("clock advanced past an outstanding reservation")
	}
	if s.Executed() != 1 {
		t.Fatalf("Executed = %d; the posted external task should have run", s.Executed())
	}
	res.Cancel()
	mustIdle(t, s)
	if !ran {
		t.Fatal("timer did not run after the reservation was cancelled")
	}
}

func TestRaceReservationsWhileBusy(t *testing.T) {
	// Many goroutines post while the scheduler is busy running local tasks;
	// run under -race.
	s := sim.New(sim.Options{Seeded: true, Seed: 7})
	local, ext := s.Queue("local"), s.Queue("ext")
	const n = 50
	rs := make([]*sim.Reservation, n)
	for i := range rs {
		rs[i] = s.Reserve(ext, fmt.Sprint("r", i))
	}
	count := 0
	for i := range rs {
		go func() {
			if i%5 == 0 {
				rs[i].Cancel()
				return
			}
			rs[i].Post(func() { count++ })
		}()
	}
	var loop func(int)
	loop = func(k int) {
		if k > 0 {
			local.Post(func() { loop(k - 1) })
		}
	}
	loop(2000)
	mustIdle(t, s)
	if count != n-n/5 {
		t.Fatalf("ran %d external tasks, want %d", count, n-n/5)
	}
}

func TestNoAllocs(t *testing.T) {
	s := sim.New(sim.Options{})
	q := s.Queue("q")
	type msg struct{ n int }
	m := &msg{}
	deliver := func(a any) { a.(*msg).n++ }
	plain := func() { m.n++ }
	cycle := func() {
		q.PostArg(deliver, m)
		q.Post(plain)
		if err := s.RunUntilIdle(); err != nil {
			t.Fatal(err)
		}
	}
	cycle() // warm up: grow the ring buffer and heap
	if a := testing.AllocsPerRun(1000, cycle); a != 0 {
		t.Fatalf("PostArg+Post+run allocates %v times per cycle", a)
	}

	seeded := sim.New(sim.Options{Seeded: true, Seed: 1})
	qs := []*sim.Queue{seeded.Queue("a"), seeded.Queue("b"), seeded.Queue("c")}
	cycle2 := func() {
		for _, q := range qs {
			q.PostArg(deliver, m)
		}
		if err := seeded.RunUntilIdle(); err != nil {
			t.Fatal(err)
		}
	}
	cycle2()
	if a := testing.AllocsPerRun(1000, cycle2); a != 0 {
		t.Fatalf("seeded cycle allocates %v times", a)
	}
}

func TestRingBufferWrap(t *testing.T) {
	// Interleave posts and runs so the ring wraps and then grows while
	// wrapped; FIFO must survive.
	s := sim.New(sim.Options{})
	q := s.Queue("q")
	var got []int
	next := 0
	post := func(k int) {
		for range k {
			v := next
			next++
			q.Post(func() { got = append(got, v) })
		}
	}
	runTo := func(n int) {
		t.Helper()
		if err := s.RunUntil(func() bool { return len(got) == n }); err != nil {
			t.Fatal(err)
		}
	}
	post(6)
	runTo(4)
	post(7) // wraps the 8-slot ring, then grows it while wrapped
	runTo(10)
	post(20)
	mustIdle(t, s)
	if len(got) != next {
		t.Fatalf("ran %d of %d", len(got), next)
	}
	for i, v := range got {
		if v != i {
			t.Fatalf("got %v", got)
		}
	}
}

func TestManyTimersWithStops(t *testing.T) {
	s := sim.New(sim.Options{})
	qs := []*sim.Queue{s.Queue("a"), s.Queue("b"), s.Queue("c")}
	type arm struct {
		d  time.Duration
		id int
	}
	var want []arm
	var got []int
	timers := make([]*sim.Timer, 300)
	x := uint32(12345)
	for i := range timers {
		x = x*1664525 + 1013904223 // fixed LCG: deterministic durations with many ties
		d := time.Duration(x>>24%16) * time.Millisecond
		timers[i] = s.After(d, qs[i%3], func() { got = append(got, i) })
		want = append(want, arm{d, i})
	}
	for i := 0; i < len(timers); i += 3 {
		if !timers[i].Stop() {
			t.Fatalf("Stop(%d) = false", i)
		}
	}
	want = slices.DeleteFunc(want, func(a arm) bool { return a.id%3 == 0 })
	slices.SortStableFunc(want, func(a, b arm) int { return int(a.d - b.d) })
	mustIdle(t, s)
	if len(got) != len(want) {
		t.Fatalf("ran %d timers, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i].id {
			t.Fatalf("position %d: timer %d, want %d", i, got[i], want[i].id)
		}
	}
}

func TestQueueName(t *testing.T) {
	s := sim.New(sim.Options{})
	if n := s.Queue("tab 1").Name(); n != "tab 1" {
		t.Fatalf("Name = %q", n)
	}
}

func TestMisusePanics(t *testing.T) {
	s, other := sim.New(sim.Options{}), sim.New(sim.Options{})
	q, foreign := s.Queue("q"), other.Queue("foreign")
	expectPanic(t, "Post(nil)", `"q"`, func() { q.Post(nil) })
	expectPanic(t, "PostArg(nil)", `"q"`, func() { q.PostArg(nil, 1) })
	expectPanic(t, "After(nil fn)", "nil", func() { s.After(0, q, nil) })
	expectPanic(t, "After(foreign queue)", `"foreign"`, func() { s.After(0, foreign, func() {}) })
	expectPanic(t, "Reserve(foreign queue)", `"foreign"`, func() { s.Reserve(foreign, "x") })
	expectPanic(t, "RunUntil(nil)", "nil", func() { _ = s.RunUntil(nil) })
	r := s.Reserve(q, "r")
	expectPanic(t, "Reservation.Post(nil)", `"r"`, func() { r.Post(nil) })
	r.Cancel()
	mustIdle(t, s)
}

// A context that dies with a long timer pending must not move the clock: its
// timer is cancelled with its queue.
func TestCloseCancelsTimersSoTheClockStays(t *testing.T) {
	s := sim.New(sim.Options{})
	q := s.Queue("page")
	other := s.Queue("other")
	fired := false
	tm := s.After(time.Hour, q, func() { fired = true })
	s.After(time.Second, other, func() {})
	q.Close()
	if tm.Stop() {
		t.Fatal("timer of a closed queue still pending")
	}
	if err := s.RunUntilIdle(); err != nil {
		t.Fatal(err)
	}
	if fired || s.Elapsed() != time.Second {
		t.Fatalf("fired=%v elapsed=%v, want false and 1s", fired, s.Elapsed())
	}
}
