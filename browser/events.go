package browser

// Browser events about tabs and windows (tabs.onCreated, onUpdated,
// onRemoved, onActivated; windows.onCreated, onRemoved, onFocusChanged),
// sent to every enabled extension's background. With
// Options.LazyListeners only backgrounds that listen get them (and only a
// lazy listener wakes a stopped one), so these events do not keep a
// worker awake by themselves.

import (
	"github.com/extsim/extsim/router/serial"
)

// broadcast sends a browser event to every enabled extension that listens.
// Hosts that do not report listeners (no Options.LazyListeners) get none:
// the events would wake every background on every navigation.
func (b *Browser) broadcast(name string, args ...serial.Value) {
	if !b.lazy {
		return
	}
	for _, e := range b.extensions {
		if e.enabled && e.Listens(name) {
			e.DispatchEvent(name, args...)
		}
	}
}

func object(props ...serial.Prop) *serial.Object { return &serial.Object{Props: props} }

func prop(k string, v serial.Value) serial.Prop { return serial.Prop{Key: k, Value: v} }

// updated sends tabs.onUpdated(tabId, changeInfo, tab).
func (t *Tab) updated(change ...serial.Prop) {
	t.b.broadcast("tabs.onUpdated", serial.Number(t.ID), object(change...), t.Object())
}

// activated sends tabs.onActivated({tabId, windowId}) (Firefox adds
// previousTabId when there was one).
func (t *Tab) activated(previous *Tab) {
	info := object(prop("tabId", serial.Number(t.ID)), prop("windowId", serial.Number(t.window.ID)))
	if previous != nil && t.b.profile.Name == "firefox" {
		info.Props = append([]serial.Prop{prop("previousTabId", serial.Number(previous.ID))}, info.Props...)
	}
	t.b.broadcast("tabs.onActivated", info)
}

// Object builds the windows.Window object (without tabs). Chrome's keys
// are sorted.
func (w *Window) Object() *serial.Object {
	return object(
		prop("alwaysOnTop", serial.Bool(false)),
		prop("focused", serial.Bool(w.b.focused == w)),
		prop("height", serial.Number(600)),
		prop("id", serial.Number(w.ID)),
		prop("incognito", serial.Bool(false)),
		prop("left", serial.Number(0)),
		prop("state", serial.String("normal")),
		prop("top", serial.Number(0)),
		prop("type", serial.String("normal")),
		prop("width", serial.Number(800)),
	)
}

// focusChanged sends windows.onFocusChanged with the focused window's id
// (-1, WINDOW_ID_NONE, when none is).
func (b *Browser) focusChanged() {
	id := -1
	if b.focused != nil {
		id = b.focused.ID
	}
	b.broadcast("windows.onFocusChanged", serial.Number(id))
}
