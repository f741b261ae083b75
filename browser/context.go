package browser

import (
	"github.com/extsim/extsim/router"
	"github.com/extsim/extsim/router/serial"
	"github.com/extsim/extsim/sim"
)

// Host runs the code of contexts. The JavaScript layer implements it with
// one engine realm per context; browsertest implements it with Go
// functions. The browser calls it only on the scheduler's goroutine.
type Host interface {
	// Start creates the context (its realm) and returns the endpoint that
	// receives its messaging events. No script has run yet.
	Start(c *Context) (router.Endpoint, error)
	// RunScripts runs scripts in the context, in order. It is called from a
	// task on c.Queue, at the moment the browser injects them (page load
	// order, content script run_at, a background's start).
	RunScripts(c *Context, scripts []Script)
	// Stop tears the context down; nothing of it runs afterwards.
	Stop(c *Context, reason router.Reason)
}

// EventHost is implemented by hosts that take browser events other than
// messaging: an action click, runtime.onInstalled, tabs events. The
// browser calls DispatchEvent from a task on c.Queue; name is the event's
// API name ("action.onClicked", "runtime.onInstalled"), args its arguments.
type EventHost interface {
	DispatchEvent(c *Context, name string, args []serial.Value)
}

// DocumentHost is implemented by hosts with a DOM, which fire the
// document's own events. The browser calls it from a task of its queue:
// ReadyStateChanged when readyState becomes "interactive" (before the
// document_end content scripts run: DOMContentLoaded) and "complete"
// (before document_idle: load); PageHidden when a document stops being
// shown (pagehide), before its contexts are frozen (persisted) or stopped,
// except when its renderer crashed.
type DocumentHost interface {
	ReadyStateChanged(d *Document)
	PageHidden(d *Document, persisted bool)
}

// Context is one JavaScript context the browser runs: a background page or
// service worker, an extension page, a content script world, or a web
// page's main world.
type Context struct {
	b *Browser

	// ID is the context's messaging endpoint.
	ID   router.EndpointID
	Kind router.Kind
	// Extension is the extension the context belongs to; nil for web pages.
	Extension *Extension
	// Frame and Document are where the context lives; nil for service
	// workers. A background page has a document but no tab.
	Frame    *Frame
	Document *Document
	URL      string
	Label    string
	// Queue runs the context's tasks.
	Queue *sim.Queue

	endpoint router.Endpoint
	alive    bool
	frozen   bool
	// invalidated: the extension was disabled; the context lives on in its
	// page but its messaging calls fail with S3 (H6).
	invalidated bool
}

// Browser returns the browser the context belongs to.
func (c *Context) Browser() *Browser { return c.b }

// Alive reports whether the context still runs.
func (c *Context) Alive() bool { return c.alive }

// Invalidated reports whether the context's extension was disabled or
// reloaded under it.
func (c *Context) Invalidated() bool { return c.invalidated }

// Frozen reports whether the context's page is in the back/forward cache.
func (c *Context) Frozen() bool { return c.frozen }

// Endpoint returns what the host returned from Start.
func (c *Context) Endpoint() router.Endpoint { return c.endpoint }

// NopHost runs no code: its contexts have no listeners. It is the default
// host, enough to test routing failures and lifecycles.
type NopHost struct{}

// Start implements Host.
func (NopHost) Start(*Context) (router.Endpoint, error) { return nopEndpoint{}, nil }

// RunScripts implements Host.
func (NopHost) RunScripts(*Context, []Script) {}

// Stop implements Host.
func (NopHost) Stop(*Context, router.Reason) {}

type nopEndpoint struct{}

func (nopEndpoint) DispatchConnect(*router.Port) bool                  { return false }
func (nopEndpoint) DispatchMessage(*router.Port, serial.Message)       {}
func (nopEndpoint) DispatchDisconnect(*router.Port, *router.Error)     {}
func (nopEndpoint) DispatchRequest(*router.Request) router.Disposition { return router.NoListener }
func (nopEndpoint) DispatchOutcome(*router.Call, router.Outcome)       {}
