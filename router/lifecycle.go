package router

import (
	"fmt"
	"slices"

	"github.com/extsim/extsim/trace"
)

// Reason says why a context went away. The profile decides what the other
// side of its ports sees (H1-H7, FF-71, FF-75).
type Reason uint8

// The reasons a context closes.
const (
	ReasonClosed             Reason = iota + 1 // a popup or page closed
	ReasonNavigated                            // its frame navigated to a new document
	ReasonFrameRemoved                         // its frame was removed from the page
	ReasonTabClosed                            // its tab closed
	ReasonCrashed                              // its renderer crashed
	ReasonWorkerStopped                        // the service worker stopped (H7)
	ReasonExtensionUnloaded                    // its extension was disabled, unloaded or reloaded (H6)
	ReasonContextInvalidated                   // any other invalidation
	ReasonBFCacheEvicted                       // a page frozen in the back/forward cache was destroyed
	ReasonSuspended                            // an event page was unloaded when idle (FF-76)
)

var reasonNames = [...]string{
	ReasonClosed:             "closed",
	ReasonNavigated:          "navigated",
	ReasonFrameRemoved:       "frame-removed",
	ReasonTabClosed:          "tab-closed",
	ReasonCrashed:            "crashed",
	ReasonWorkerStopped:      "worker-stopped",
	ReasonExtensionUnloaded:  "extension-unloaded",
	ReasonContextInvalidated: "context-invalidated",
	ReasonBFCacheEvicted:     "bfcache-evicted",
	ReasonSuspended:          "suspended",
}

func (r Reason) String() string {
	if int(r) < len(reasonNames) && reasonNames[r] != "" {
		return reasonNames[r]
	}
	return fmt.Sprintf("Reason(%d)", r)
}

// Close removes a context for good. Its ports close: the other sides get
// onDisconnect, with no error in both browsers (H4, H7, FF-71); the context
// itself gets no events any more, and every later call from it fails with
// S3 (E9, H6). One-off messages it was answering lose that receiver (G9);
// the ones it sent are abandoned (J6). Closing twice is a no-op.
func (r *Router) Close(id EndpointID, reason Reason) {
	ep, ok := r.endpoints[id]
	if !ok || ep.state == epClosed {
		return
	}
	ep.state = epClosed
	delete(r.endpoints, id)
	r.order = removeItem(r.order, ep)
	r.emit(trace.Event{Kind: "endpoint.close", From: ep.label, Reason: reason.String()})
	r.cutPorts(ep, nil)
	ep.bfcached = nil
	r.dropRequests(ep, nil)
	for _, c := range slices.Clone(ep.calls) {
		r.finish(c, Outcome{})
	}
}

// cutPorts closes every port held by ep because ep can no longer take part,
// telling the other sides with err.
func (r *Router) cutPorts(ep *endpoint, err *Error) {
	for _, p := range slices.Clone(ep.ports) {
		wasPending := p.state == portPending
		if p.state == portDeclined || p.state == portDisconnected {
			continue
		}
		p.state = portDisconnected
		r.dropPort(p)
		if p.dead {
			continue
		}
		p.dead = true
		if p.opener {
			r.openerGone(p.ch, err, true)
		} else {
			r.receiverGone(p, err, false, wasPending)
		}
	}
}

// dropRequests removes ep as a receiver of the one-off messages it has not
// answered. err replaces S7 for messages whose answer was promised (errata
// 6: S8 when the page entered the back/forward cache).
func (r *Router) dropRequests(ep *endpoint, err *Error) {
	for _, q := range slices.Clone(ep.reqs) {
		c := q.call
		if q.state == reqPending {
			c.pending--
		}
		if q.awaiting {
			if err != nil {
				c.lostErr = err
			}
			if !r.prof.AwaitingReceiverCountsAsReceived {
				c.accepted-- // FF-48: a receiver lost while its answer was pending did not receive
			}
		}
		r.closeRequest(q)
		r.settle(c)
	}
}

// Freeze moves a page into the back/forward cache. In Chrome its channels
// close at once: the other side gets onDisconnect with S8, pending one-off
// answers fail with S8, and the page's own ports report S8 if it is restored
// (H3, errata 6); a later one-off message naming the page's documentId
// waits for it (Profile.CachedDocumentMessagesWait). In Firefox the page
// only becomes inactive: it is skipped as
// a receiver, messages to it are dropped, its ports stay open and it gets no
// onDisconnect while cached (FF-61, FF-72).
func (r *Router) Freeze(id EndpointID) {
	ep, ok := r.endpoints[id]
	if !ok || ep.state != epLive {
		return
	}
	ep.state = epFrozen
	r.emit(trace.Event{Kind: "endpoint.freeze", From: ep.label, Reason: "bfcache"})
	if !r.prof.BFCacheClosesPorts {
		return
	}
	s8 := r.prof.err(CodeBFCache)
	for _, p := range ep.ports {
		if p.state == portOpen && !p.dead {
			ep.bfcached = append(ep.bfcached, p)
		}
	}
	for _, p := range ep.bfcached {
		// Close the channel from this side, but keep the port itself open so
		// that its onDisconnect can fire on restore.
		p.dead = true
		if p.opener {
			r.openerGone(p.ch, s8, true)
		} else {
			r.receiverGone(p, s8, false, false)
		}
	}
	r.dropRequests(ep, s8)
	for _, c := range slices.Clone(ep.calls) {
		r.finish(c, Outcome{Kind: Failed, Err: s8})
	}
}

// Thaw restores a page from the back/forward cache. In Chrome, ports that
// were closed on entry now get onDisconnect with S8 (errata 6), and the
// messages that waited for the page are dispatched.
func (r *Router) Thaw(id EndpointID) {
	ep, ok := r.endpoints[id]
	if !ok || ep.state != epFrozen {
		return
	}
	ep.state = epLive
	r.emit(trace.Event{Kind: "endpoint.thaw", From: ep.label})
	for _, q := range ep.reqs {
		if q.parked && q.state == reqPending {
			q.parked = false
			ep.queue.PostArg(dispatchRequestTask, q)
		}
	}
	s8 := r.prof.err(CodeBFCache)
	for _, p := range ep.bfcached {
		if p.state == portOpen && !p.notifyQueued {
			p.notifyQueued = true
			p.discErr = s8
			ep.queue.PostArg(disconnectTask, p)
		}
	}
	ep.bfcached = nil
}

func tabLabel(t Target) string {
	s := fmt.Sprintf("tab %d", t.Tab)
	if t.Frame != AllFrames {
		s += fmt.Sprintf(" frame %d", t.Frame)
	}
	if t.Document != "" {
		s += " document " + t.Document
	}
	return s
}
