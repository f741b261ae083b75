package browser_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/extsim/extsim/browser"
	"github.com/extsim/extsim/router/serial"
)

// listenerHost is a Host for Options.LazyListeners: when a background's
// scripts run, it registers the listeners of `top` (as a top-level run
// does), and logs the events it gets.
type listenerHost struct {
	browser.NopHost
	top []string
	log []string
}

func (h *listenerHost) RunScripts(c *browser.Context, _ []browser.Script) {
	if c.Extension == nil {
		return
	}
	for _, name := range h.top {
		c.Extension.SetListening(c, name, true)
	}
}

func (h *listenerHost) DispatchEvent(c *browser.Context, name string, args []serial.Value) {
	parts := []string{name}
	for _, a := range args {
		data := serial.EncodeJSON(a)
		if o, ok := a.(*serial.Object); ok && len(o.Props) > 8 {
			data = []byte("obj") // a tabs.Tab or windows.Window: too long for the log
		}
		parts = append(parts, string(data))
	}
	h.log = append(h.log, strings.Join(parts, " "))
}

func runFor(t *testing.T, b *browser.Browser, d time.Duration) {
	t.Helper()
	if err := b.Sched.RunFor(d); err != nil {
		t.Fatal(err)
	}
}

func lazyBrowser(t *testing.T, top ...string) (*browser.Browser, *listenerHost, *browser.Extension) {
	t.Helper()
	h := &listenerHost{top: top}
	b := browser.New(browser.Options{Host: h, LazyListeners: true})
	e, err := b.LoadExtension(ext(`{"manifest_version": 3, "name": "l", "version": "1", "background": {"service_worker": "sw.js"}}`, "sw.js"), browser.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Run(); err != nil {
		t.Fatal(err)
	}
	return b, h, e
}

// Tab and window events reach a background that listens, in order, with
// Chrome's arguments; onInstalled is not delivered without a listener.
func TestTabAndWindowEventsReachListeners(t *testing.T) {
	b, h, _ := lazyBrowser(t, "tabs.onCreated", "tabs.onUpdated", "tabs.onActivated", "tabs.onRemoved", "windows.onCreated", "windows.onFocusChanged", "windows.onRemoved")
	tab, err := b.NewTab("https://example.com/", browser.TabOptions{})
	if err != nil {
		t.Fatal(err)
	}
	runFor(t, b, time.Second)
	w := b.NewWindow()
	b.FocusWindow(tab.Window())
	w.Close()
	tab.Close()
	runFor(t, b, time.Second)
	want := []string{
		"windows.onCreated obj", "windows.onFocusChanged 1",
		"tabs.onCreated obj", `tabs.onActivated {"tabId":1,"windowId":1}`,
		`tabs.onUpdated 1 {"status":"loading","url":"https://example.com/"} obj`,
		`tabs.onUpdated 1 {"status":"complete"} obj`,
		"windows.onCreated obj", "windows.onFocusChanged 2", "windows.onFocusChanged 1", "windows.onRemoved 2",
		`tabs.onRemoved 1 {"isWindowClosing":false,"windowId":1}`,
	}
	if !slices.Equal(h.log, want) {
		t.Fatalf("events\n got: %q\nwant: %q", h.log, want)
	}
}

// A stopped background is woken by an event it registered a listener for
// in its top-level run, and not by others; SetListening from any other
// context is ignored.
func TestLazyListenersWakeTheBackground(t *testing.T) {
	b, h, e := lazyBrowser(t, "tabs.onCreated")
	e.StopBackground()
	if _, err := b.NewTab("https://example.com/", browser.TabOptions{}); err != nil {
		t.Fatal(err)
	}
	runFor(t, b, time.Second)
	if e.BackgroundStarts() != 2 || fmt.Sprint(h.log) != "[tabs.onCreated obj]" {
		t.Fatalf("starts %d, events %q", e.BackgroundStarts(), h.log)
	}
	// A listener added after the top-level run is heard but not lazy.
	e.SetListening(e.Background(), "tabs.onRemoved", true)
	if !e.Listens("tabs.onRemoved") {
		t.Fatal("running background does not listen to tabs.onRemoved")
	}
	e.StopBackground()
	if e.Listens("tabs.onRemoved") || !e.Listens("tabs.onCreated") {
		t.Fatal("lazy listeners wrong after stop")
	}
	b.Tabs()[0].Close()
	runFor(t, b, time.Second)
	if e.Background() != nil || e.BackgroundStarts() != 2 {
		t.Fatal("tabs.onRemoved woke the background")
	}
	e.SetListening(nil, "tabs.onRemoved", true) // no context: ignored
	if e.Listens("tabs.onRemoved") {
		t.Fatal("SetListening(nil) counted")
	}
}

// runtime.onSuspend runs in the background before an idle stop, when it
// listens; the stop follows.
func TestOnSuspendBeforeIdleStop(t *testing.T) {
	b, h, e := lazyBrowser(t, "runtime.onSuspend")
	runFor(t, b, 31*time.Second)
	if fmt.Sprint(h.log) != "[runtime.onSuspend]" || e.Background() != nil {
		t.Fatalf("events %q, background %v", h.log, e.Background())
	}
}
