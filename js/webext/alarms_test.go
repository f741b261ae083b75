package webext_test

import (
	"strings"
	"testing"
	"time"

	"github.com/extsim/extsim/browser"
)

// alarmsEnv loads an extension with the alarms permission whose background
// is bg.
func alarmsEnv(t *testing.T, prof *browser.Profile, bg string) (*env, *browser.Extension) {
	t.Helper()
	e := newEnv(t, prof, nil)
	x := e.loadFiles(map[string]string{
		"manifest.json": `{"manifest_version": 3, "name": "al", "version": "1", "permissions": ["alarms"],
		  "background": {"service_worker": "bg.js", "scripts": ["bg.js"]}}`,
		"bg.js": bg,
	})
	return e, x
}

// Alarms fire on the virtual clock, periodic ones repeatedly, and they
// outlive the worker: a stopped worker is started to receive onAlarm.
func TestAlarmsFireOnTheVirtualClockAndWakeTheWorker(t *testing.T) {
	bg := `
	  chrome.alarms.onAlarm.addListener(function (a) {
	    console.log("alarm", a.name, "at", Math.round(performance.timeOrigin + performance.now() - Date.UTC(2026, 0, 1)) / 60000, "min", a.periodInMinutes || "");
	  });
	  chrome.runtime.onInstalled.addListener(function () {
	    chrome.alarms.create("once", {delayInMinutes: 2});
	    chrome.alarms.create("tick", {periodInMinutes: 10});
	  });`
	for _, prof := range []func() *browser.Profile{browser.Chrome, browser.Firefox} {
		e, x := alarmsEnv(t, prof(), bg)
		e.run(25 * time.Minute)
		got := e.backgroundLines("al")
		want := []string{"alarm once at 2 min ", "alarm tick at 10 min 10", "alarm tick at 20 min 10"}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("%s\n got: %q\nwant: %q", prof().Name, got, want)
		}
		// The worker idled out between alarms and was started for each.
		if x.BackgroundStarts() < 3 {
			t.Fatalf("%s: background started %d times; alarms should wake it", prof().Name, x.BackgroundStarts())
		}
	}
}

func TestAlarmsGetClearAndErrors(t *testing.T) {
	// Created in onInstalled: at top level, every start of the worker would
	// schedule a new alarm that starts the worker again (a classic MV3 bug
	// the simulation reproduces).
	bg := `
	  chrome.alarms.onAlarm.addListener(function (al) { console.log("fired", JSON.stringify(al.name)); });
	  chrome.runtime.onInstalled.addListener(function () {
	  chrome.alarms.create("a", {delayInMinutes: 5});
	  chrome.alarms.create({when: Date.now() + 60000});
	  chrome.alarms.get("a", function (al) { console.log("get a:", al.name, al.scheduledTime - Date.now()); });
	  chrome.alarms.getAll(function (all) { console.log("all:", all.map(function (x) { return JSON.stringify(x.name); }).join(",")); });
	  chrome.alarms.clear("a", function (ok) { console.log("cleared a:", ok); });
	  chrome.alarms.clear("nope", function (ok) { console.log("cleared nope:", ok); });
	  try { chrome.alarms.create("b", {when: 1, delayInMinutes: 1}); } catch (e) { console.log(e.message); }
	  try { chrome.alarms.create("c", {}); } catch (e) { console.log(e.message); }
	  });`
	e, _ := alarmsEnv(t, browser.Chrome(), bg)
	e.run(10 * time.Minute)
	want := []string{
		"Cannot set both when and delayInMinutes.",
		"Must set at least one of when, delayInMinutes, or periodInMinutes.",
		"get a: a 300000",
		`all: "","a"`,
		"cleared a: true",
		"cleared nope: false",
		`fired ""`,
	}
	if got := e.backgroundLines("al"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("\n got: %q\nwant: %q", got, want)
	}
}

// Without the "alarms" permission there is no chrome.alarms, as in the
// browsers.
func TestAlarmsNeedThePermission(t *testing.T) {
	got := runJS(t, browser.Chrome(), `console.log(typeof chrome.alarms);`, ``)
	if len(got) != 1 || got[0] != "bg: undefined" {
		t.Fatalf("%q", got)
	}
}
