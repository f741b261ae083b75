package router

import (
	"github.com/extsim/extsim/router/serial"
	"github.com/extsim/extsim/trace"
)

type portState uint8

const (
	portPending      portState = iota // receiver whose onConnect has not been dispatched yet
	portOpen                          // usable
	portDeclined                      // receiver context had no listener (B9) or the open was abandoned (H13)
	portDisconnected                  // disconnect() was called here, or onDisconnect was dispatched (E12)
)

// channel is one runtime.connect / tabs.connect: an opener and the receivers
// it fanned out to (A1).
type channel struct {
	id           uint64
	name         string
	event        Event
	format       serial.Format
	sender       *Sender
	opener       *Port
	receivers    []*Port // pending or open receiver ports
	pending      int     // receivers whose onConnect has not been dispatched
	accepted     int     // receivers that accepted and are still open
	everAccepted bool
	closed       bool
}

// Port is one end of a channel, held by one context (E1). The opener's Port
// is returned by Router.Connect; receivers get theirs in
// Endpoint.DispatchConnect.
type Port struct {
	r      *Router
	ch     *channel
	ep     *endpoint
	opener bool
	state  portState
	// dead is set once this end can no longer reach the other: its posts are
	// dropped silently (E14, D9, J4).
	dead bool
	// notifyQueued is set once an onDisconnect task is queued for this port.
	notifyQueued bool
	discErr      *Error
	inbox        ring

	// Tag is free for the endpoint's own use, e.g. the JS object that
	// represents this port in its realm.
	Tag any
}

// Name is the name given to connect ("" by default, E1).
func (p *Port) Name() string { return p.ch.name }

// Sender is the MessageSender of a receiver's port (the opener's context);
// nil on the opener's own port (E1, FF-21).
func (p *Port) Sender() *Sender {
	if p.opener {
		return nil
	}
	return p.ch.sender
}

// Event is the event this port's connect fires on receivers.
func (p *Port) Event() Event { return p.ch.event }

// IsOpener reports whether this is the port returned by connect.
func (p *Port) IsOpener() bool { return p.opener }

// Channel identifies the channel in traces.
func (p *Port) Channel() uint64 { return p.ch.id }

// Format is the channel's serialization format.
func (p *Port) Format() serial.Format { return p.ch.format }

// Endpoint is the context holding this port.
func (p *Port) Endpoint() EndpointID { return p.ep.id }

// Connected reports whether the port can still be used from its own side:
// false after disconnect() or after its onDisconnect fired.
func (p *Port) Connected() bool { return p.state == portOpen || p.state == portPending }

// Connect opens a channel from endpoint `from` to t, like runtime.connect or
// tabs.connect, and returns the opener's port at once (B10). Errors about the
// target are never returned: they arrive later as onDisconnect with an error
// (K6). The returned error is for the caller itself: a malformed extension id
// (S11, B1) or an invalidated context (S3).
func (r *Router) Connect(from EndpointID, t Target, name string) (*Port, error) {
	ep, err := r.caller(from)
	if err != nil {
		return nil, err
	}
	if t, err = r.validateTarget(ep, t); err != nil {
		return nil, err
	}
	rt := r.resolve(ep, t)
	r.nextCh++
	ch := &channel{id: r.nextCh, name: name, format: rt.format, sender: rt.sender, event: OnConnect}
	if rt.external {
		ch.event = OnConnectExternal
	}
	op := &Port{r: r, ch: ch, ep: ep, opener: true, state: portOpen}
	ch.opener = op
	ep.ports = append(ep.ports, op)
	r.channels[ch.id] = ch
	r.emit(trace.Event{Kind: "port.connect", Channel: ch.id, From: ep.label, To: r.targetLabel(t), Name: name})
	if rt.fail != nil {
		r.closeChannel(ch)
		r.notify(op, rt.fail)
		return op, nil
	}
	for _, recv := range rt.receivers {
		p := &Port{r: r, ch: ch, ep: recv, state: portPending}
		ch.receivers = append(ch.receivers, p)
		ch.pending++
		recv.ports = append(recv.ports, p)
		recv.queue.PostArg(dispatchConnectTask, p)
	}
	return op, nil
}

func (r *Router) targetLabel(t Target) string {
	if t.Kind == ToExtension {
		return "extension " + t.Extension
	}
	return tabLabel(t)
}

func dispatchConnectTask(arg any) {
	p := arg.(*Port)
	p.r.dispatchConnect(p)
}

// dispatchConnect runs in the receiver's queue (B10).
func (r *Router) dispatchConnect(p *Port) {
	if p.state != portPending {
		return
	}
	ch := p.ch
	ch.pending--
	ok := false
	if p.ep.state == epLive {
		p.state = portOpen
		ch.accepted++
		r.noteActivity(p.ep)
		ok = p.ep.handler.DispatchConnect(p)
		if !ok {
			ch.accepted--
		}
	}
	if ok {
		ch.everAccepted = true
		r.emit(trace.Event{Kind: "port.accept", Channel: ch.id, To: p.ep.label, Name: ch.name})
		return
	}
	p.state = portDeclined
	p.dead = true
	ch.receivers = removeItem(ch.receivers, p)
	r.dropPort(p)
	r.emit(trace.Event{Kind: "port.decline", Channel: ch.id, To: p.ep.label, Reason: "no listener"})
	r.maybeCloseEmpty(ch, nil)
}

// maybeCloseEmpty closes a channel whose receivers are all gone and none is
// pending, notifying the opener (H1): with S1 if nobody ever accepted (B9),
// else with err.
func (r *Router) maybeCloseEmpty(ch *channel, err *Error) {
	if ch.closed || ch.pending > 0 || ch.accepted > 0 {
		return
	}
	if !ch.everAccepted {
		err = r.prof.err(CodeNoReceiver)
	}
	r.closeChannel(ch)
	r.notify(ch.opener, err)
}

// Post sends v on the port (postMessage). It serializes v at once, so a
// value that cannot be sent fails here, synchronously, and the port stays
// usable (E10). Posting on a disconnected port fails with S2 (E8); posting on
// a port whose other side is gone but which has not been told yet is
// silently dropped (E14).
func (p *Port) Post(v serial.Value) error {
	r := p.r
	if p.ep.state == epClosed {
		return r.prof.err(CodeContextInvalidated) // E9
	}
	if p.state == portDisconnected || p.state == portDeclined {
		return r.prof.err(CodeDisconnectedPort)
	}
	m, err := serial.Serialize(p.ch.format, v, r.prof.MaxMessageSize)
	if err != nil {
		return r.prof.serializeErr(err)
	}
	if p.dead {
		r.emit(trace.Event{Kind: "port.drop", Channel: p.ch.id, From: p.ep.label, Size: m.Size, Reason: "channel closed"})
		return nil
	}
	if p.opener {
		for _, q := range p.ch.receivers { // D7: to every receiver
			r.enqueue(p, q, m)
		}
		return nil
	}
	r.enqueue(p, p.ch.opener, m) // D7: a receiver's message goes to the opener only
	return nil
}

func (r *Router) enqueue(from, to *Port, m serial.Message) {
	if r.sink != nil {
		r.emit(trace.Event{Kind: "port.post", Channel: from.ch.id, From: from.ep.label, To: to.ep.label, Size: m.Size, Payload: r.payload(m)})
	}
	to.inbox.push(m)
	to.ep.queue.PostArg(deliverTask, to)
}

func deliverTask(arg any) {
	p := arg.(*Port)
	p.r.deliver(p)
}

// deliver runs in the receiving context's queue. Messages queued before a
// disconnect are still delivered, before onDisconnect (J2); a frozen
// (bfcached) or closed context receives nothing.
func (r *Router) deliver(p *Port) {
	m := p.inbox.pop()
	if p.state != portOpen || p.ep.state != epLive {
		r.emit(trace.Event{Kind: "port.drop", Channel: p.ch.id, To: p.ep.label, Size: m.Size, Reason: "receiver not listening"})
		return
	}
	if r.sink != nil {
		r.emit(trace.Event{Kind: "port.deliver", Channel: p.ch.id, To: p.ep.label, Size: m.Size})
	}
	r.noteActivity(p.ep)
	p.ep.handler.DispatchMessage(p, m)
}

// Disconnect closes the port (port.disconnect()). The other side gets
// onDisconnect with no error; this side never does (E11). A second call is a
// no-op.
func (p *Port) Disconnect() error {
	r := p.r
	if p.ep.state == epClosed {
		return r.prof.err(CodeContextInvalidated) // E9
	}
	if p.state == portDisconnected || p.state == portDeclined {
		return nil
	}
	wasPending := p.state == portPending
	p.state = portDisconnected
	r.dropPort(p)
	r.emit(trace.Event{Kind: "port.disconnect", Channel: p.ch.id, From: p.ep.label})
	if p.dead {
		return nil
	}
	p.dead = true
	if p.opener {
		r.openerGone(p.ch, nil, false)
	} else {
		r.receiverGone(p, nil, true, wasPending)
	}
	return nil
}

// openerGone closes a channel because its opener disconnected or its context
// went away: every receiver is told (E11, H1). When the opener's context died
// (abandon), receivers not dispatched yet never hear of the channel (H13).
func (r *Router) openerGone(ch *channel, err *Error, abandon bool) {
	if ch.closed {
		return
	}
	r.closeChannel(ch)
	for _, q := range ch.receivers {
		if abandon && q.state == portPending {
			q.state = portDeclined
			q.dead = true
			r.dropPort(q)
			continue
		}
		r.notify(q, err)
	}
}

// receiverGone handles a receiver port that disconnected (explicit) or whose
// context went away.
func (r *Router) receiverGone(p *Port, err *Error, explicit, wasPending bool) {
	ch := p.ch
	ch.receivers = removeItem(ch.receivers, p)
	if wasPending {
		ch.pending--
	} else {
		ch.accepted--
	}
	if ch.closed {
		return
	}
	switch {
	case r.prof.WholePortTeardown && !wasPending:
		// FF-60: any receiver leaving closes the port for everyone.
		r.closeChannel(ch)
		r.notify(ch.opener, err)
		for _, q := range ch.receivers {
			r.notify(q, err)
		}
	case explicit:
		// D8: a receiver's disconnect() closes the whole channel, and only the
		// opener is told; sibling receivers are cut off silently (D9).
		r.closeChannel(ch)
		r.notify(ch.opener, err)
		for _, q := range ch.receivers {
			q.dead = true
			if q.state == portPending {
				q.state = portDeclined
				ch.pending--
			}
			r.dropPort(q)
		}
	default:
		// H1: the opener is told when the last receiver is gone.
		r.maybeCloseEmpty(ch, err)
	}
}

func (r *Router) closeChannel(ch *channel) {
	ch.closed = true
	delete(r.channels, ch.id)
}

// notify queues onDisconnect for p in its context, with err.
func (r *Router) notify(p *Port, err *Error) {
	p.dead = true
	if p.notifyQueued || p.state == portDisconnected || p.state == portDeclined {
		return
	}
	p.notifyQueued = true
	p.discErr = err
	p.ep.queue.PostArg(disconnectTask, p)
}

func disconnectTask(arg any) {
	p := arg.(*Port)
	p.r.dispatchDisconnect(p)
}

// dispatchDisconnect fires onDisconnect at most once per port, after the
// port state has flipped (E12). An inactive (bfcached) Firefox context gets
// no event (FF-61); a locally disconnected port none either (E11).
func (r *Router) dispatchDisconnect(p *Port) {
	if p.state != portOpen {
		return
	}
	p.state = portDisconnected
	r.dropPort(p)
	switch p.ep.state {
	case epClosed:
		return
	case epFrozen:
		r.emit(trace.Event{Kind: "port.drop-disconnect", Channel: p.ch.id, To: p.ep.label, Reason: "context inactive"})
		return
	}
	ev := trace.Event{Kind: "port.ondisconnect", Channel: p.ch.id, To: p.ep.label}
	if p.discErr != nil {
		ev.Error = p.discErr.Message
	}
	r.emit(ev)
	p.ep.handler.DispatchDisconnect(p, p.discErr)
}

func (r *Router) dropPort(p *Port) {
	p.ep.ports = removeItem(p.ep.ports, p)
}

// ring is a FIFO of messages that reuses its storage.
type ring struct {
	buf  []serial.Message
	head int
	n    int
}

func (q *ring) push(m serial.Message) {
	if q.n == len(q.buf) {
		nb := make([]serial.Message, max(4, 2*len(q.buf)))
		for i := 0; i < q.n; i++ {
			nb[i] = q.buf[(q.head+i)%len(q.buf)]
		}
		q.buf, q.head = nb, 0
	}
	q.buf[(q.head+q.n)%len(q.buf)] = m
	q.n++
}

func (q *ring) pop() serial.Message {
	m := q.buf[q.head]
	q.buf[q.head] = serial.Message{}
	q.head = (q.head + 1) % len(q.buf)
	q.n--
	return m
}
