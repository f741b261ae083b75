// Package sim is the deterministic heart of a simulated browser: task queues,
// a virtual clock with timers, and the one loop that runs them.
//
// A Scheduler is driven by the goroutine that calls its Run methods; no
// background goroutine owns it, so everything that runs inside a task (the
// router, the browser model, JavaScript) is single-threaded by construction.
// Each browser context (a page, a worker, a content script world) gets its own
// Queue. Tasks inside one queue run in FIFO order. Which queue runs next is
// decided by enqueue order by default, or pseudo-randomly from a seed, so the
// same inputs and seed always give the same order, and different seeds explore
// different interleavings between contexts.
//
// Time is virtual: when nothing is runnable the clock jumps to the next timer.
// A five-minute service-worker lifetime takes microseconds.
//
// Other goroutines (native messaging hosts, later) may only reach the
// scheduler through a Reservation.
package sim

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultTaskBudget is how many tasks one Run call may execute before it
// stops with a RunawayError, when Options.TaskBudget is zero.
const DefaultTaskBudget = 10_000_000

// DefaultExternalWait is how long (in real time) a Run call waits for
// outstanding reservations when nothing else can happen, when
// Options.ExternalWait is zero.
const DefaultExternalWait = 30 * time.Second

// DefaultEpoch is the virtual time at which a scheduler starts, when
// Options.Start is zero. A fixed epoch keeps traces and Date.now() stable.
var DefaultEpoch = time.Date(2026, time.January, 1, 0, 0, 0, 0, time.UTC)

// Options configures a Scheduler. The zero value is a deterministic scheduler
// in enqueue order.
type Options struct {
	// Seeded selects pseudo-random choice among runnable queues, drawn from
	// Seed. FIFO order inside each queue is always kept.
	Seeded bool
	Seed   uint64
	// TaskBudget caps the tasks one Run call executes (runaway protection).
	TaskBudget int
	// ExternalWait caps the real time a Run call blocks waiting for
	// reservations when nothing else is runnable and no timer is pending.
	ExternalWait time.Duration
	// Start is the virtual time the clock starts at.
	Start time.Time
}

// ErrIdle is returned (wrapped) by RunUntil when the scheduler became idle
// before the condition held.
var ErrIdle = errors.New("sim: idle before condition held")

// ErrReentrant is returned when a Run method is called from inside a task.
var ErrReentrant = errors.New("sim: Run called from inside a task")

// RunawayError reports a Run call that executed more tasks than its budget
// without becoming idle. Queue names the queue that ran the most tasks during
// the call, the likely culprit.
type RunawayError struct {
	Queue   string        // name of the busiest queue during the call
	Tasks   int           // tasks that queue ran during the call
	Budget  int           // the budget that was exceeded
	Elapsed time.Duration // virtual time elapsed during the call
}

func (e *RunawayError) Error() string {
	// The call stops exactly when it has run Budget tasks and still has work,
	// so Budget is also the number of tasks it ran.
	return fmt.Sprintf("sim: runaway: %d tasks without becoming idle (budget %d); busiest queue %q ran %d of them in %v of virtual time",
		e.Budget, e.Budget, e.Queue, e.Tasks, e.Elapsed)
}

// ExternalTimeoutError reports a Run call that waited longer than
// Options.ExternalWait for outstanding reservations.
type ExternalTimeoutError struct {
	Pending []string // labels of the reservations still outstanding
	Waited  time.Duration
}

func (e *ExternalTimeoutError) Error() string {
	quoted := make([]string, len(e.Pending))
	for i, l := range e.Pending {
		quoted[i] = fmt.Sprintf("%q", l)
	}
	return fmt.Sprintf("sim: waited %v (real time) for %d outstanding reservation(s): %s",
		e.Waited, len(e.Pending), strings.Join(quoted, ", "))
}

// task is one queued unit of work. Tasks are stored by value in each queue's
// ring buffer so that posting allocates nothing once the buffer has grown to
// its working size. Post stores its func() as arg and callFunc as fn, which
// keeps the struct at four words.
type task struct {
	fn  func(any)
	arg any
	seq uint64 // global enqueue sequence; orders queues in default mode
}

// callFunc adapts a plain func() (stored in task.arg) to the func(any) shape.
// A func value is pointer-shaped, so storing it in an interface does not
// allocate.
func callFunc(a any) { a.(func())() }

// Scheduler owns the queues, the clock and the timers of one simulated
// browser. Its methods must be called from one goroutine at a time (the
// driving goroutine, or tasks it runs), except where a doc comment says
// otherwise.
type Scheduler struct {
	epoch        time.Time
	now          time.Duration // virtual time since epoch
	seq          uint64        // last enqueue sequence handed out
	executed     uint64
	budget       int
	externalWait time.Duration

	// ready holds every non-empty, open queue exactly once. In default mode
	// it is a min-heap keyed by the sequence of each queue's head task, so the
	// root is the globally oldest task (global FIFO). In seeded mode order is
	// irrelevant (a uniformly random element is picked), so it is kept as an
	// unordered set with swap-removal.
	ready  []*Queue
	seeded bool
	rng    *rand.Rand

	timers   []*Timer // min-heap keyed by (when, id)
	timerSeq uint64   // creation counter; ties at one instant fire in creation order

	// Per-Run-call accounting for runaway reports. Queues remember the call
	// in which their counter was last reset, so nothing has to walk all
	// queues when a call starts.
	inRun    bool
	call     uint64
	busiest  *Queue
	busiestN int

	// Reservations: the only state other goroutines touch. ext counts
	// reservations not yet resolved into a queue (outstanding, or posted but
	// not drained) so the hot loop can skip the mutex with one atomic load.
	ext     atomic.Int64
	extMu   sync.Mutex
	pending []*Reservation // outstanding, in Reserve order (guarded by extMu)
	posted  []externalTask // posted but not yet drained (guarded by extMu)
	spare   []externalTask // recycled backing array for posted (scheduler goroutine only)
	wake    chan struct{}  // 1-buffered: "something changed in posted/pending"
}

// externalTask is a task handed over by Reservation.Post.
type externalTask struct {
	q  *Queue
	fn func()
}

// New returns a scheduler configured by opts.
func New(opts Options) *Scheduler {
	s := &Scheduler{
		epoch:        opts.Start,
		budget:       opts.TaskBudget,
		externalWait: opts.ExternalWait,
		seeded:       opts.Seeded,
		wake:         make(chan struct{}, 1),
	}
	if s.epoch.IsZero() {
		s.epoch = DefaultEpoch
	}
	if s.budget <= 0 {
		s.budget = DefaultTaskBudget
	}
	if s.externalWait <= 0 {
		s.externalWait = DefaultExternalWait
	}
	if s.seeded {
		// The second PCG word is a fixed constant so that Seed alone decides
		// the stream.
		s.rng = rand.New(rand.NewPCG(opts.Seed, 0x9e3779b97f4a7c15))
	}
	return s
}

// Queue creates a new task queue. The name labels the queue in errors and
// traces; names need not be unique.
func (s *Scheduler) Queue(name string) *Queue {
	return &Queue{s: s, name: name, idx: -1}
}

// Now is the current virtual time.
func (s *Scheduler) Now() time.Time { return s.epoch.Add(s.now) }

// Elapsed is the virtual time since the scheduler started.
func (s *Scheduler) Elapsed() time.Duration { return s.now }

// Executed is the total number of tasks run so far.
func (s *Scheduler) Executed() uint64 { return s.executed }

// Idle reports whether no task is runnable, no timer is pending and no
// reservation is outstanding.
func (s *Scheduler) Idle() bool {
	return len(s.ready) == 0 && len(s.timers) == 0 && s.ext.Load() == 0
}

// After arranges for fn to be posted to q once d of virtual time has passed.
// A non-positive d means "as soon as possible, after tasks already queued".
// Timers due at the same instant fire in the order they were created.
func (s *Scheduler) After(d time.Duration, q *Queue, fn func()) *Timer {
	if q == nil || fn == nil {
		panic("sim: After with nil queue or nil fn")
	}
	if q.s != s {
		panic(fmt.Sprintf("sim: After: queue %q belongs to another scheduler", q.name))
	}
	d = max(d, 0)
	s.timerSeq++
	t := &Timer{s: s, q: q, fn: fn, when: s.now + d, id: s.timerSeq, idx: len(s.timers)}
	s.timers = append(s.timers, t)
	s.timerUp(t.idx)
	return t
}

// RunUntilIdle runs tasks, jumping the clock to the next timer whenever
// nothing is runnable, until nothing is runnable, no timer is pending and no
// reservation is outstanding.
func (s *Scheduler) RunUntilIdle() error {
	return s.run(false, 0, nil)
}

// RunFor runs tasks and timers due within the next d of virtual time, then
// leaves the clock exactly d later than it was.
func (s *Scheduler) RunFor(d time.Duration) error {
	// A negative d cannot move the clock backwards; it runs what is due now.
	return s.run(true, s.now+max(d, 0), nil)
}

// RunUntil runs tasks until cond returns true (checked before the first task
// and after every task). It returns an error wrapping ErrIdle if the
// scheduler becomes idle first.
func (s *Scheduler) RunUntil(cond func() bool) error {
	if cond == nil {
		panic("sim: RunUntil with nil cond")
	}
	return s.run(false, 0, cond)
}

// run is the one loop behind every Run method. With bounded set it stops
// once nothing is due at or before end and sets the clock to end; with cond
// set it stops as soon as cond holds. Each iteration:
//
//  1. moves every timer due now into its queue (same instant: creation
//     order; a closed target queue drops the timer);
//  2. drains tasks posted through reservations, in Post order;
//  3. runs exactly one task if any queue is non-empty;
//  4. otherwise blocks (real time) for outstanding reservations, before the
//     clock may advance, because external work takes no virtual time;
//  5. otherwise jumps the clock to the earliest timer;
//  6. otherwise is idle and returns.
func (s *Scheduler) run(bounded bool, end time.Duration, cond func() bool) error {
	if s.inRun {
		return ErrReentrant
	}
	s.inRun = true
	// A panicking task must not leave the scheduler marked as running;
	// the queue state itself is consistent because tasks are popped before
	// they run.
	defer func() { s.inRun = false }()

	s.call++
	s.busiest, s.busiestN = nil, 0
	start := s.now
	ran := 0
	var waitStart time.Time // real time the current wait began; zero if not waiting

	if cond != nil && cond() {
		return nil
	}
	for {
		s.fireDue()
		if s.ext.Load() != 0 {
			s.drainExternal()
		}
		if len(s.ready) > 0 {
			if ran >= s.budget {
				return s.runaway(start)
			}
			s.runOne()
			ran++
			waitStart = time.Time{}
			if cond != nil && cond() {
				return nil
			}
			continue
		}
		if s.ext.Load() != 0 {
			if waitStart.IsZero() {
				waitStart = time.Now()
			}
			if err := s.waitExternal(waitStart); err != nil {
				return err
			}
			continue
		}
		if len(s.timers) > 0 && (!bounded || s.timers[0].when <= end) {
			s.now = s.timers[0].when
			continue
		}
		if bounded {
			s.now = max(s.now, end)
			return nil
		}
		if cond != nil {
			return fmt.Errorf("%w (after %d tasks and %v of virtual time)", ErrIdle, ran, s.now-start)
		}
		return nil
	}
}

// runaway builds the error for a call that exhausted its task budget.
func (s *Scheduler) runaway(start time.Duration) error {
	e := &RunawayError{Budget: s.budget, Elapsed: s.now - start}
	if s.busiest != nil {
		e.Queue, e.Tasks = s.busiest.name, s.busiestN
	}
	return e
}

// runOne pops the next task (oldest head in default mode, a random runnable
// queue's head in seeded mode) and runs it. The queue and heap are updated
// before the task runs, so the task may freely post, close or panic.
func (s *Scheduler) runOne() {
	i := 0
	if s.seeded && len(s.ready) > 1 {
		i = s.rng.IntN(len(s.ready))
	}
	q := s.ready[i]
	t := q.pop()
	if q.n == 0 {
		s.readyRemove(q)
	} else if !s.seeded {
		s.readyDown(i) // the head's sequence only grows
	}

	if q.ranCall != s.call {
		q.ranCall, q.ran = s.call, 0
	}
	q.ran++
	if q.ran > s.busiestN {
		s.busiest, s.busiestN = q, q.ran
	}
	s.executed++
	t.fn(t.arg)
}

// fireDue moves every timer due at the current instant into its queue.
func (s *Scheduler) fireDue() {
	for len(s.timers) > 0 && s.timers[0].when <= s.now {
		t := s.timers[0]
		s.timerRemove(0)
		t.q.push(callFunc, t.fn) // a closed queue refuses it: the timer is dropped
		t.fn = nil
	}
}

// drainExternal posts every task handed over by Reservation.Post, in the
// order Post was called.
func (s *Scheduler) drainExternal() {
	s.extMu.Lock()
	batch := s.posted
	s.posted = s.spare[:0]
	s.extMu.Unlock()
	for i, e := range batch {
		e.q.push(callFunc, e.fn) // a closed queue drops it
		batch[i] = externalTask{}
		s.ext.Add(-1)
	}
	s.spare = batch[:0]
}

// waitExternal blocks until a reservation is resolved or ExternalWait (real
// time, measured from since) runs out.
func (s *Scheduler) waitExternal(since time.Time) error {
	remaining := s.externalWait - time.Since(since)
	if remaining > 0 {
		timer := time.NewTimer(remaining)
		defer timer.Stop()
		select {
		case <-s.wake:
			return nil
		case <-timer.C:
		}
	}
	s.extMu.Lock()
	defer s.extMu.Unlock()
	if len(s.pending) == 0 || len(s.posted) > 0 {
		return nil // resolved at the last moment: let the loop look again
	}
	e := &ExternalTimeoutError{Waited: time.Since(since)}
	for _, r := range s.pending {
		e.Pending = append(e.Pending, r.label)
	}
	return e
}

// Reserve announces that another goroutine will post one task to q later.
// While a reservation is outstanding, a Run call that has nothing else to do
// (no runnable task) blocks for it, in real time, before advancing the
// virtual clock to a timer. The label names the reservation in errors.
func (s *Scheduler) Reserve(q *Queue, label string) *Reservation {
	if q == nil {
		panic("sim: Reserve with nil queue")
	}
	if q.s != s {
		panic(fmt.Sprintf("sim: Reserve: queue %q belongs to another scheduler", q.name))
	}
	r := &Reservation{s: s, q: q, label: label}
	s.extMu.Lock()
	s.pending = append(s.pending, r)
	s.extMu.Unlock()
	s.ext.Add(1)
	return r
}

// Queue is a FIFO of tasks belonging to one context.
type Queue struct {
	s      *Scheduler
	name   string
	closed bool

	// Ring buffer: buf has a power-of-two length (or is nil), the waiting
	// tasks are buf[head], buf[head+1], ... (mod len), n of them.
	buf  []task
	head int
	n    int

	idx     int    // position in s.ready, or -1 when not runnable
	ranCall uint64 // Run call in which ran was last reset
	ran     int    // tasks run during call ranCall
}

// Name is the label given at creation.
func (q *Queue) Name() string { return q.name }

// Post appends fn to the queue. It returns false (and drops fn) if the queue
// is closed.
func (q *Queue) Post(fn func()) bool {
	if fn == nil {
		panic(fmt.Sprintf("sim: Post of nil fn to queue %q", q.name))
	}
	return q.push(callFunc, fn)
}

// PostArg appends the task fn(arg) to the queue without allocating a
// closure; hot paths (message delivery) use it with a top-level fn and a
// pointer arg. It returns false if the queue is closed.
func (q *Queue) PostArg(fn func(any), arg any) bool {
	if fn == nil {
		panic(fmt.Sprintf("sim: PostArg of nil fn to queue %q", q.name))
	}
	return q.push(fn, arg)
}

// push stamps the task with the next global sequence and appends it, making
// the queue runnable if it was empty.
func (q *Queue) push(fn func(any), arg any) bool {
	if q.closed {
		return false
	}
	if q.n == len(q.buf) {
		q.grow()
	}
	s := q.s
	s.seq++
	q.buf[(q.head+q.n)&(len(q.buf)-1)] = task{fn: fn, arg: arg, seq: s.seq}
	q.n++
	if q.n == 1 {
		s.readyAdd(q)
	}
	return true
}

// grow doubles the ring buffer, unwrapping it so the head is at index 0.
func (q *Queue) grow() {
	nb := make([]task, max(2*len(q.buf), 8))
	if q.n > 0 {
		k := copy(nb, q.buf[q.head:])
		copy(nb[k:], q.buf[:q.head])
	}
	q.buf, q.head = nb, 0
}

// pop removes and returns the head task; the queue must be non-empty. The
// slot is cleared so the buffer does not keep the task's arg alive.
func (q *Queue) pop() task {
	t := q.buf[q.head]
	q.buf[q.head] = task{}
	q.head = (q.head + 1) & (len(q.buf) - 1)
	q.n--
	return t
}

// headSeq is the enqueue sequence of the head task; the queue must be
// non-empty.
func (q *Queue) headSeq() uint64 { return q.buf[q.head].seq }

// Len is the number of tasks waiting in the queue.
func (q *Queue) Len() int { return q.n }

// Close drops every waiting task and refuses new ones. Pending timers
// targeting the queue are cancelled, so they no longer keep the scheduler
// busy or move its clock. Closing twice is a no-op.
func (q *Queue) Close() {
	if q.closed {
		return
	}
	q.closed = true
	if q.idx >= 0 {
		q.s.readyRemove(q)
	}
	q.buf, q.head, q.n = nil, 0, 0 // release the tasks' references
	// Cancel the timers aimed at q now: a dead context's long timer must not
	// drag the virtual clock forward when it would only be dropped.
	var doomed []*Timer
	for _, t := range q.s.timers {
		if t.q == q {
			doomed = append(doomed, t)
		}
	}
	for _, t := range doomed {
		t.Stop()
	}
}

// Closed reports whether Close was called.
func (q *Queue) Closed() bool { return q.closed }

// readyAdd makes a queue that just became non-empty runnable.
func (s *Scheduler) readyAdd(q *Queue) {
	q.idx = len(s.ready)
	s.ready = append(s.ready, q)
	if !s.seeded {
		// The new head carries the newest sequence, so this never moves
		// today; it keeps the heap correct if that ever changes.
		s.readyUp(q.idx)
	}
}

// readyRemove takes q (which must be runnable) out of the runnable set.
func (s *Scheduler) readyRemove(q *Queue) {
	i, last := q.idx, len(s.ready)-1
	if i != last {
		s.readySwap(i, last)
	}
	s.ready[last] = nil
	s.ready = s.ready[:last]
	q.idx = -1
	if i != last && !s.seeded {
		if !s.readyDown(i) {
			s.readyUp(i)
		}
	}
}

// The run queue and the timers are two hand-written index-tracking heaps on
// purpose: a generic heap (method calls through a type-parameter
// dictionary, which do not inline) made the per-task cost 60% higher
// (BenchmarkPostArgRun 28 -> 38 ns, BenchmarkDefault 239 -> 387 ns).

func (s *Scheduler) readyLess(i, j int) bool {
	return s.ready[i].headSeq() < s.ready[j].headSeq()
}

func (s *Scheduler) readySwap(i, j int) {
	r := s.ready
	r[i], r[j] = r[j], r[i]
	r[i].idx = i
	r[j].idx = j
}

func (s *Scheduler) readyUp(j int) {
	for j > 0 {
		i := (j - 1) / 2
		if !s.readyLess(j, i) {
			break
		}
		s.readySwap(i, j)
		j = i
	}
}

// readyDown sifts element i0 down and reports whether it moved.
func (s *Scheduler) readyDown(i0 int) bool {
	n := len(s.ready)
	i := i0
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		j := l
		if r := l + 1; r < n && s.readyLess(r, l) {
			j = r
		}
		if !s.readyLess(j, i) {
			break
		}
		s.readySwap(i, j)
		i = j
	}
	return i > i0
}

// Timer is a pending call created by Scheduler.After.
type Timer struct {
	s    *Scheduler
	q    *Queue
	fn   func()
	when time.Duration // virtual time since epoch
	id   uint64        // creation order, breaks ties between equal whens
	idx  int           // position in s.timers, or -1 once fired or stopped
}

// Stop cancels the timer. It reports whether the timer was still pending
// (false if it had fired or been stopped already).
func (t *Timer) Stop() bool {
	if t.idx < 0 {
		return false
	}
	t.s.timerRemove(t.idx)
	t.fn = nil
	return true
}

// When is the virtual time at which the timer fires (or fired).
func (t *Timer) When() time.Time { return t.s.epoch.Add(t.when) }

func (s *Scheduler) timerLess(i, j int) bool {
	a, b := s.timers[i], s.timers[j]
	if a.when != b.when {
		return a.when < b.when
	}
	return a.id < b.id
}

func (s *Scheduler) timerSwap(i, j int) {
	h := s.timers
	h[i], h[j] = h[j], h[i]
	h[i].idx = i
	h[j].idx = j
}

func (s *Scheduler) timerUp(j int) {
	for j > 0 {
		i := (j - 1) / 2
		if !s.timerLess(j, i) {
			break
		}
		s.timerSwap(i, j)
		j = i
	}
}

func (s *Scheduler) timerDown(i0 int) bool {
	n := len(s.timers)
	i := i0
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		j := l
		if r := l + 1; r < n && s.timerLess(r, l) {
			j = r
		}
		if !s.timerLess(j, i) {
			break
		}
		s.timerSwap(i, j)
		i = j
	}
	return i > i0
}

// timerRemove takes the timer at heap index i out of the heap.
func (s *Scheduler) timerRemove(i int) {
	last := len(s.timers) - 1
	t := s.timers[i]
	if i != last {
		s.timerSwap(i, last)
	}
	s.timers[last] = nil
	s.timers = s.timers[:last]
	t.idx = -1
	if i != last {
		if !s.timerDown(i) {
			s.timerUp(i)
		}
	}
}

// Reservation is a promise, made on the scheduler's goroutine, that another
// goroutine will post exactly one task.
type Reservation struct {
	s     *Scheduler
	q     *Queue
	label string
	done  bool // Post or Cancel was called (guarded by s.extMu)
}

// Post hands fn to the scheduler; it runs as a task of the reserved queue.
// Post is safe to call from any goroutine. Calling it (or Cancel) more than
// once panics: it is a programming error.
func (r *Reservation) Post(fn func()) {
	if fn == nil {
		panic(fmt.Sprintf("sim: Reservation %q: Post of nil fn", r.label))
	}
	r.resolve("Post", fn)
}

// Cancel releases the reservation without posting. Safe from any goroutine.
func (r *Reservation) Cancel() { r.resolve("Cancel", nil) }

// resolve marks the reservation done and, for Post, hands fn over. The
// outstanding count drops only when the task is drained (or right away for
// Cancel), so the scheduler never looks idle while a handed-over task is in
// flight.
func (r *Reservation) resolve(op string, fn func()) {
	s := r.s
	s.extMu.Lock()
	if r.done {
		s.extMu.Unlock()
		panic(fmt.Sprintf("sim: Reservation %q: %s after the reservation was already posted or cancelled", r.label, op))
	}
	r.done = true
	if i := slices.Index(s.pending, r); i >= 0 {
		s.pending = slices.Delete(s.pending, i, i+1)
	}
	if fn != nil {
		s.posted = append(s.posted, externalTask{q: r.q, fn: fn})
	}
	s.extMu.Unlock()
	if fn == nil {
		s.ext.Add(-1)
	}
	// Wake a Run call blocked in waitExternal; if a token is already
	// buffered, that one will do.
	select {
	case s.wake <- struct{}{}:
	default:
	}
}
