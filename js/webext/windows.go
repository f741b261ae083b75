package webext

// windows.get / getAll / getCurrent / getLastFocused / create / remove
// over the browser's windows.

import (
	"fmt"
	"strings"

	"github.com/grafana/sobek"

	"github.com/extsim/extsim/browser"
	"github.com/extsim/extsim/js/jsvalue"
	"github.com/extsim/extsim/router/serial"
)

func (a *api) windowNatives(set func(string, any)) {
	rt := a.r.RT
	populate := func(v sobek.Value) bool {
		o, ok := v.(*sobek.Object)
		return ok && o.Get("populate") != nil && o.Get("populate").ToBoolean()
	}
	set("windowsGet", func(c sobek.FunctionCall) sobek.Value {
		return a.windowValue(a.window(int(c.Argument(0).ToInteger())), populate(c.Argument(1)))
	})
	set("windowsCurrent", func(c sobek.FunctionCall) sobek.Value {
		w := a.b.FocusedWindow()
		if f := a.r.Ctx.Frame; f != nil {
			w = f.Tab().Window()
		}
		if w == nil {
			a.throwText("No current window")
		}
		return a.windowValue(w, populate(c.Argument(0)))
	})
	set("windowsLastFocused", func(c sobek.FunctionCall) sobek.Value {
		w := a.b.FocusedWindow()
		if w == nil {
			a.throwText("No last-focused window")
		}
		return a.windowValue(w, populate(c.Argument(0)))
	})
	set("windowsAll", func(c sobek.FunctionCall) sobek.Value {
		arr := &serial.Array{}
		for _, w := range a.b.Windows() {
			arr.Elems = append(arr.Elems, a.windowObject(w, populate(c.Argument(0))))
		}
		return jsvalue.FromSerial(rt, arr)
	})
	set("windowsCreate", func(c sobek.FunctionCall) sobek.Value {
		var urls []string
		if o, ok := c.Argument(0).(*sobek.Object); ok {
			switch u := o.Get("url").(type) {
			case nil:
			case *sobek.Object:
				urls = stringsOf(rt, u)
			default:
				if !sobek.IsUndefined(u) && !sobek.IsNull(u) {
					urls = []string{u.String()}
				}
			}
		}
		if len(urls) == 0 {
			urls = []string{"about:blank"}
		}
		w := a.b.NewWindow()
		for _, u := range urls {
			if e := a.r.Ctx.Extension; e != nil && !strings.Contains(u, ":") {
				u = e.URL(u) // relative URLs are extension URLs
			}
			if _, err := a.b.NewTab(u, browser.TabOptions{Window: w}); err != nil {
				a.throwText(err.Error())
			}
		}
		return a.windowValue(w, true)
	})
	set("windowsRemove", func(c sobek.FunctionCall) sobek.Value {
		w := a.window(int(c.Argument(0).ToInteger()))
		// In a later task, so that a page closing its own window finishes
		// its current script first; the answer comes after.
		done, _ := sobek.AssertFunction(c.Argument(1))
		a.later(w.Close, done)
		return sobek.Undefined()
	})
}

// window returns the open window id or throws Chrome's "No window with id: N.".
func (a *api) window(id int) *browser.Window {
	for _, w := range a.b.Windows() {
		if w.ID == id {
			return w
		}
	}
	a.throwText(fmt.Sprintf("No window with id: %d.", id))
	return nil
}

func (a *api) windowObject(w *browser.Window, populate bool) *serial.Object {
	o := w.Object()
	if populate {
		tabs := &serial.Array{}
		for _, t := range w.Tabs() {
			tabs.Elems = append(tabs.Elems, t.Object())
		}
		// Chrome's keys are sorted: tabs comes between state and top.
		props := make([]serial.Prop, 0, len(o.Props)+1)
		for _, p := range o.Props {
			if p.Key == "top" {
				props = append(props, serial.Prop{Key: "tabs", Value: tabs})
			}
			props = append(props, p)
		}
		o.Props = props
	}
	return o
}

func (a *api) windowValue(w *browser.Window, populate bool) sobek.Value {
	return jsvalue.FromSerial(a.r.RT, a.windowObject(w, populate))
}
