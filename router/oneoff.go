package router

import (
	"fmt"

	"github.com/extsim/extsim/router/serial"
	"github.com/extsim/extsim/trace"
)

// Disposition is how a context's onMessage listeners took a one-off message.
type Disposition uint8

const (
	// NoListener: the context has no listener for the event; it is not a
	// receiver (B9).
	NoListener Disposition = iota
	// Handled: listeners ran and promised nothing more; unless one already
	// responded, this context closes its side without an answer (G6).
	Handled
	// AwaitingResponse: a listener returned true or a Promise, so an answer
	// may come later through Respond or Fail (G6, G7, G14).
	AwaitingResponse
)

// OutcomeKind is how a one-off message ended for its sender.
type OutcomeKind uint8

const (
	// Responded: a receiver answered; Outcome.Response holds the answer.
	Responded OutcomeKind = iota + 1
	// NoResponse: receivers got the message and none answered. Outcome.Err is
	// what the callback form sees in runtime.lastError (S6 in Chrome, G8;
	// nil in Firefox); the promise form resolves undefined either way.
	NoResponse
	// Failed: the message failed; Outcome.Err says why (S1, S7, S9, a
	// listener's error...). Callbacks see it as lastError; promises reject.
	Failed
)

// Outcome is the end of a one-off message, as its sender sees it.
type Outcome struct {
	Kind     OutcomeKind
	Response serial.Message
	Err      *Error
}

// Call is a one-off message from the sender's side (runtime.sendMessage,
// tabs.sendMessage). Its Outcome arrives through Endpoint.DispatchOutcome.
type Call struct {
	r        *Router
	id       uint64
	from     *endpoint
	event    Event
	format   serial.Format
	sender   *Sender
	message  serial.Message
	reqs     []*Request
	pending  int // receivers not dispatched yet
	open     int // receivers that may still answer
	accepted int // receivers whose listeners took the message
	awaited  bool
	lostErr  *Error // overrides S7 when an awaited receiver was lost to bfcache (errata 6)
	done     bool

	// Tag is free for the sender's own use (e.g. the JS promise to settle).
	Tag any
}

// ID identifies the message in traces.
func (c *Call) ID() uint64 { return c.id }

type reqState uint8

const (
	reqPending reqState = iota // onMessage not dispatched yet
	reqOpen                    // listeners may answer
	reqClosed                  // answered, gave up, or the message is finished
)

// Request is a one-off message from one receiving context's side.
type Request struct {
	call     *Call
	ep       *endpoint
	state    reqState
	awaiting bool
	// dispatching is set while the receiver's listeners run: settling is
	// left to dispatchRequest, which knows whether they took the message.
	dispatching bool
	// declined is set when, in Firefox, this receiver's answer could not be
	// cloned: it then counts as a receiver that never took the message, so
	// that with no other receiver the sender gets S1 (FF-36).
	declined bool

	// parked: the receiver's document was in the back/forward cache when
	// the message was sent; it is dispatched if the page is restored.
	parked bool

	// Tag is free for the receiver's own use.
	Tag any
}

// Message is what was sent, serialized for this channel.
func (q *Request) Message() serial.Message { return q.call.message }

// Sender is the MessageSender (G4).
func (q *Request) Sender() *Sender { return q.call.sender }

// Event is the event the message fires (onMessage or onMessageExternal, B8).
func (q *Request) Event() Event { return q.call.event }

// Endpoint is the receiving context.
func (q *Request) Endpoint() EndpointID { return q.ep.id }

// Answered reports whether the message is finished (some receiver answered
// or it failed), so that a sendResponse would now be ignored.
func (q *Request) Answered() bool { return q.call.done }

// SendMessage sends a one-off message from endpoint `from` to t, like
// runtime.sendMessage or tabs.sendMessage. A value that cannot be serialized
// or is too large fails here, synchronously (F4, F5); every problem with the
// target arrives later as a Failed outcome (G10, K6).
func (r *Router) SendMessage(from EndpointID, t Target, v serial.Value) (*Call, error) {
	ep, err := r.caller(from)
	if err != nil {
		return nil, err
	}
	if t, err = r.validateTarget(ep, t); err != nil {
		return nil, err
	}
	m, err := serial.Serialize(r.sendFormat(ep, t), v, r.prof.MaxMessageSize)
	if err != nil {
		return nil, r.prof.serializeErr(err)
	}
	rt := r.resolve(ep, t)
	if len(rt.receivers) == 0 && len(rt.parked) > 0 {
		rt.fail = nil // the message waits for the cached document
	}
	r.nextCh++
	c := &Call{r: r, id: r.nextCh, from: ep, format: rt.format, sender: rt.sender, message: m, event: OnMessage}
	if rt.external {
		c.event = OnMessageExternal
	}
	r.calls[c.id] = c
	ep.calls = append(ep.calls, c)
	r.emit(trace.Event{Kind: "oneoff.send", Channel: c.id, From: ep.label, To: r.targetLabel(t), Size: m.Size, Payload: r.payload(m)})
	if rt.fail != nil {
		r.finish(c, Outcome{Kind: Failed, Err: rt.fail})
		return c, nil
	}
	if rt.format != m.Format { // a web page adapts to the target's format (F8)
		if c.message, err = serial.Serialize(rt.format, v, r.prof.MaxMessageSize); err != nil {
			r.forget(c)
			return nil, r.prof.serializeErr(err)
		}
	}
	for _, recv := range rt.receivers {
		q := &Request{call: c, ep: recv}
		c.reqs = append(c.reqs, q)
		c.pending++
		recv.reqs = append(recv.reqs, q)
		if r.activity != nil {
			r.activity.Keepalive(recv.id, +1) // H9
		}
		recv.queue.PostArg(dispatchRequestTask, q)
	}
	for _, recv := range rt.parked {
		q := &Request{call: c, ep: recv, parked: true}
		c.reqs = append(c.reqs, q)
		c.pending++
		recv.reqs = append(recv.reqs, q)
		if r.activity != nil {
			r.activity.Keepalive(recv.id, +1)
		}
		r.emit(trace.Event{Kind: "oneoff.park", Channel: c.id, To: recv.label, Reason: "bfcache"})
	}
	return c, nil
}

// sendFormat is the format the sender serializes with, known before the
// receivers are looked up (which may wake a background).
func (r *Router) sendFormat(from *endpoint, t Target) serial.Format {
	if from.ident.Kind == KindWebPage && t.Kind == ToExtension {
		info, ok := r.world.Extension(t.Extension)
		return r.format(info, ok)
	}
	info, ok := r.world.Extension(from.ident.Extension)
	return r.format(info, ok)
}

func dispatchRequestTask(arg any) {
	q := arg.(*Request)
	q.call.r.dispatchRequest(q)
}

// dispatchRequest runs in the receiver's queue. Every receiver gets the
// message even if another already answered (the message was already on its
// way); late answers are ignored (G5).
func (r *Router) dispatchRequest(q *Request) {
	if q.state != reqPending {
		return
	}
	c := q.call
	c.pending--
	if q.ep.state != epLive {
		r.closeRequest(q)
		r.settle(c)
		return
	}
	q.state = reqOpen
	c.open++
	r.noteActivity(q.ep)
	r.emit(trace.Event{Kind: "oneoff.dispatch", Channel: c.id, To: q.ep.label})
	q.dispatching = true
	d := q.ep.handler.DispatchRequest(q)
	q.dispatching = false
	switch d {
	case NoListener:
		r.closeRequest(q)
	case Handled:
		if !q.declined {
			c.accepted++
		}
		r.closeRequest(q) // G6: no `true`, no Promise: this context is done
	case AwaitingResponse:
		if !q.declined {
			c.accepted++
		}
		if q.state == reqOpen {
			q.awaiting = true
			c.awaited = true
		}
	}
	if c.done {
		r.closeRequest(q)
	}
	r.settle(c)
}

// Respond answers the message (sendResponse, or a listener's Promise
// resolving). The first answer from any context wins and finishes the
// message; later ones are ignored without error (G5). An answer that cannot
// be serialized returns the error (G13); in Chrome it also fails the message.
func (q *Request) Respond(v serial.Value) error {
	c := q.call
	r := c.r
	if q.ep.state == epClosed {
		return r.prof.err(CodeContextInvalidated)
	}
	if q.state != reqOpen || c.done {
		return nil
	}
	m, err := serial.Serialize(c.format, v, r.prof.MaxMessageSize)
	if err != nil {
		e := r.prof.serializeErr(err)
		if r.prof.UnserializableReplyFails { // Chrome: G13 closes the channel with S4
			r.finish(c, Outcome{Kind: Failed, Err: e})
		} else {
			// Firefox FF-36: the clone error is swallowed and this receiver
			// counts as one that never took the message (measured on Firefox
			// ESR 153 by conformance case ser-response-unserializable: the
			// only receiver answering a function gives the sender S1).
			q.declined = true
			if !q.dispatching {
				c.accepted-- // counted when its listeners returned true
			}
			r.closeRequest(q)
			if !q.dispatching {
				r.settle(c)
			}
		}
		return e
	}
	r.emit(trace.Event{Kind: "oneoff.respond", Channel: c.id, From: q.ep.label, Size: m.Size, Payload: r.payload(m)})
	r.finish(c, Outcome{Kind: Responded, Response: m})
	return nil
}

// Fail answers the message with an error: a listener threw or its Promise
// rejected (G14, G15, FF-46). message is the text the sender's error carries,
// already shaped by the JS layer for the profile. Ignored once the message
// is finished.
func (q *Request) Fail(message string) {
	c := q.call
	if q.state != reqOpen || c.done || q.ep.state == epClosed {
		return
	}
	r := c.r
	r.emit(trace.Event{Kind: "oneoff.fail", Channel: c.id, From: q.ep.label, Error: message})
	r.finish(c, Outcome{Kind: Failed, Err: &Error{Code: CodeListenerError, Message: message}})
}

// Abandon reports that this context can no longer answer although a listener
// promised to: its sendResponse or Promise was garbage-collected. Chrome
// closes this context's side (G11; S7 if it was the last, G9); Firefox fails
// the message with "Promised response from onMessage listener went out of
// scope" (FF-47).
func (q *Request) Abandon() {
	c := q.call
	if q.state != reqOpen || c.done {
		return
	}
	r := c.r
	if e := r.prof.err(CodeResponseOutOfScope); e != nil {
		r.finish(c, Outcome{Kind: Failed, Err: e})
		return
	}
	r.closeRequest(q)
	if !q.dispatching {
		r.settle(c)
	}
}

func (r *Router) closeRequest(q *Request) {
	if q.state == reqOpen {
		q.call.open--
	}
	q.state = reqClosed
	q.ep.reqs = removeItem(q.ep.reqs, q)
}

// settle finishes a message once every receiver is dispatched and closed
// without answering (G8, G9, G10, FF-43).
func (r *Router) settle(c *Call) {
	if c.done || c.pending > 0 || c.open > 0 {
		return
	}
	switch {
	case c.accepted == 0:
		r.finish(c, Outcome{Kind: Failed, Err: r.prof.err(CodeNoReceiver)})
	case c.awaited && r.prof.AwaitingReceiverCountsAsReceived:
		err := c.lostErr
		if err == nil {
			err = r.prof.err(CodeAsyncResponseLost)
		}
		r.finish(c, Outcome{Kind: Failed, Err: err})
	case r.prof.NoResponseIsError:
		r.finish(c, Outcome{Kind: NoResponse, Err: r.prof.err(CodeNoResponse)})
	default:
		r.finish(c, Outcome{Kind: NoResponse})
	}
}

// finish ends a message, closes every receiver's side and queues the outcome
// for the sender, unless the sender's context is gone (J6).
func (r *Router) finish(c *Call, o Outcome) {
	if c.done {
		return
	}
	c.done = true
	for _, q := range c.reqs {
		// Receivers not dispatched yet still get the message (it is already
		// on its way); their answers will be ignored.
		if q.state != reqPending {
			r.closeRequest(q)
		}
		if r.activity != nil {
			r.activity.Keepalive(q.ep.id, -1)
		}
	}
	r.forget(c)
	if c.from.state == epClosed {
		r.emit(trace.Event{Kind: "oneoff.abandoned", Channel: c.id, To: c.from.label, Reason: "sender gone"})
		return
	}
	c.from.queue.PostArg(outcomeTask, &outcomeArg{c: c, o: o})
}

func (r *Router) forget(c *Call) {
	delete(r.calls, c.id)
	c.from.calls = removeItem(c.from.calls, c)
}

type outcomeArg struct {
	c *Call
	o Outcome
}

func outcomeTask(arg any) {
	a := arg.(*outcomeArg)
	a.c.r.deliverOutcome(a.c, a.o)
}

func (r *Router) deliverOutcome(c *Call, o Outcome) {
	if c.from.state == epClosed {
		return
	}
	ev := trace.Event{Kind: "oneoff.outcome", Channel: c.id, To: c.from.label, Reason: o.Kind.String()}
	if o.Err != nil {
		ev.Error = o.Err.Message
	}
	if o.Kind == Responded {
		ev.Size = o.Response.Size
	}
	r.emit(ev)
	c.from.handler.DispatchOutcome(c, o)
}

func (k OutcomeKind) String() string {
	switch k {
	case Responded:
		return "responded"
	case NoResponse:
		return "no-response"
	case Failed:
		return "failed"
	}
	return fmt.Sprintf("OutcomeKind(%d)", k)
}
