package webext

// The alarms API: chrome.alarms / browser.alarms, on the virtual clock.
//
// Alarms belong to the extension, not to a realm: they live in the
// installer's sharedState, keep running while the service worker or event
// page is stopped, and fire alarms.onAlarm through Extension.DispatchEvent,
// which starts the background first. Unpacked extensions have no minimum
// delay in Chrome (the 30-second floor applies to packed ones), so none is
// enforced. Argument errors follow Chromium's alarms API texts:
// "Cannot set both when and delayInMinutes." and "Must set at least one of
// when, delayInMinutes, or periodInMinutes." (UNCONFIRMED against current
// source; recalled from alarms_api.cc).

import (
	_ "embed"
	"math"
	"slices"
	"time"

	"github.com/grafana/sobek"

	"github.com/extsim/extsim/browser"
	"github.com/extsim/extsim/js/jsvalue"
	"github.com/extsim/extsim/router"
	"github.com/extsim/extsim/router/serial"
	"github.com/extsim/extsim/sim"
)

//go:embed alarms.js
var alarmsSource string

func alarmsModule() *module {
	return &module{name: "alarms", source: alarmsSource, natives: alarmsNatives}
}

type alarm struct {
	name      string
	scheduled float64 // ms since the epoch
	period    float64 // minutes; 0 for a one-shot alarm
	timer     *sim.Timer
}

// alarmStore is one extension's alarms.
type alarmStore struct {
	b      *browser.Browser
	ext    *browser.Extension
	queue  *sim.Queue
	alarms map[string]*alarm
}

func (s *alarmStore) now() float64 {
	return float64(s.b.Sched.Now().UnixNano()) / 1e6
}

// object is the alarms.Alarm value (Chrome's keys are sorted).
func (a *alarm) object() *serial.Object {
	o := &serial.Object{Props: []serial.Prop{{Key: "name", Value: serial.String(a.name)}}}
	if a.period > 0 {
		o.Props = append(o.Props, serial.Prop{Key: "periodInMinutes", Value: serial.Number(a.period)})
	}
	o.Props = append(o.Props, serial.Prop{Key: "scheduledTime", Value: serial.Number(a.scheduled)})
	return o
}

func (s *alarmStore) arm(a *alarm) {
	d := time.Duration((a.scheduled - s.now()) * float64(time.Millisecond))
	a.timer = s.b.Sched.After(max(d, 0), s.queue, func() {
		if s.alarms[a.name] != a || !s.ext.Enabled() {
			return
		}
		fired := a.object()
		if a.period > 0 {
			a.scheduled += a.period * 60000
			s.arm(a)
		} else {
			delete(s.alarms, a.name)
		}
		s.ext.DispatchEvent("alarms.onAlarm", fired)
	})
}

func (s *alarmStore) clear(name string) bool {
	a, ok := s.alarms[name]
	if ok {
		a.timer.Stop()
		delete(s.alarms, name)
	}
	return ok
}

func alarmsNatives(a *api, x *sobek.Object, shared *sharedState) {
	c := a.r.Ctx
	e := c.Extension
	rt := a.r.RT
	set := func(name string, v any) {
		if err := x.Set(name, v); err != nil {
			panic(err)
		}
	}
	enabled := e != nil && c.Kind != router.KindContentScript && c.Kind != router.KindWebPage && e.Manifest.HasPermission("alarms")
	set("enabled", enabled)
	if !enabled {
		return
	}
	key := "alarms:" + e.ID
	s, _ := shared.values[key].(*alarmStore)
	if s == nil || s.ext != e {
		s = &alarmStore{b: a.b, ext: e, queue: a.b.Sched.Queue("alarms " + e.Name()), alarms: map[string]*alarm{}}
		shared.values[key] = s
	}
	num := func(v sobek.Value) float64 {
		if v == nil || sobek.IsUndefined(v) || sobek.IsNull(v) {
			return math.NaN()
		}
		return v.ToFloat()
	}
	// create(name, when, delayInMinutes, periodInMinutes) returns an error
	// text, or "".
	set("create", func(call sobek.FunctionCall) sobek.Value {
		name := call.Argument(0).String()
		when, delay, period := num(call.Argument(1)), num(call.Argument(2)), num(call.Argument(3))
		switch {
		case !math.IsNaN(when) && !math.IsNaN(delay):
			return rt.ToValue("Cannot set both when and delayInMinutes.")
		case math.IsNaN(when) && math.IsNaN(delay) && math.IsNaN(period):
			return rt.ToValue("Must set at least one of when, delayInMinutes, or periodInMinutes.")
		}
		al := &alarm{name: name}
		if !math.IsNaN(period) {
			al.period = period
		}
		switch {
		case !math.IsNaN(when):
			al.scheduled = when
		case !math.IsNaN(delay):
			al.scheduled = s.now() + delay*60000
		default:
			al.scheduled = s.now() + period*60000
		}
		s.clear(name)
		s.alarms[name] = al
		s.arm(al)
		return rt.ToValue("")
	})
	set("get", func(call sobek.FunctionCall) sobek.Value {
		if al, ok := s.alarms[call.Argument(0).String()]; ok {
			return jsvalue.FromSerial(rt, al.object())
		}
		return sobek.Undefined()
	})
	set("getAll", func(sobek.FunctionCall) sobek.Value {
		names := make([]string, 0, len(s.alarms))
		for n := range s.alarms {
			names = append(names, n)
		}
		slices.Sort(names)
		arr := &serial.Array{}
		for _, n := range names {
			arr.Elems = append(arr.Elems, s.alarms[n].object())
		}
		return jsvalue.FromSerial(rt, arr)
	})
	set("clear", func(call sobek.FunctionCall) sobek.Value { return rt.ToValue(s.clear(call.Argument(0).String())) })
	set("clearAll", func(sobek.FunctionCall) sobek.Value {
		had := len(s.alarms) > 0
		for n := range s.alarms {
			s.clear(n)
		}
		return rt.ToValue(had)
	})
}
