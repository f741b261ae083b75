package webext_test

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/extsim/extsim/browser"
)

// eventsEnv loads an extension "ev" with bg.js as its MV3 background (a
// service worker in Chrome, an event page in Firefox) and the given
// permissions.
func eventsEnv(t *testing.T, prof *browser.Profile, perms, bg string) (*env, *browser.Extension) {
	t.Helper()
	e := newEnv(t, prof, nil)
	x := e.loadFiles(map[string]string{
		"manifest.json": `{"manifest_version": 3, "name": "ev", "version": "1", "permissions": [` + perms + `],
		  "host_permissions": ["https://example.com/*"],
		  "background": {"service_worker": "bg.js", "scripts": ["bg.js"]}}`,
		"bg.js": bg,
	})
	return e, x
}

func wantLines(t *testing.T, name string, got []string, want ...string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Fatalf("%s console\n got:\n  %s\nwant:\n  %s", name, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

var profilePair = []func() *browser.Profile{browser.Chrome, browser.Firefox}

// tabs.onCreated, onUpdated (status loading with the url, then complete;
// a reload has no url), onActivated and onRemoved (removeInfo) as a tab
// opens, loads, reloads, loses the focus to a second tab and closes.
func TestTabsEventsJS(t *testing.T) {
	bg := `
	  chrome.tabs.onCreated.addListener(function (tab) { console.log("created", tab.id, tab.active); });
	  chrome.tabs.onUpdated.addListener(function (id, change, tab) { console.log("updated", id, JSON.stringify(change), tab.status); });
	  chrome.tabs.onActivated.addListener(function (info) { console.log("activated", info.tabId, info.windowId, "previousTabId" in info); });
	  chrome.tabs.onRemoved.addListener(function (id, info) { console.log("removed", id, JSON.stringify(info)); });`
	for _, prof := range profilePair {
		e, _ := eventsEnv(t, prof(), "", bg)
		e.run(time.Second)
		tab, err := e.b.NewTab("https://example.com/", browser.TabOptions{})
		if err != nil {
			t.Fatal(err)
		}
		e.run(time.Second)
		if err := tab.Reload(); err != nil {
			t.Fatal(err)
		}
		e.run(time.Second)
		second, err := e.b.NewTab("https://example.com/2", browser.TabOptions{})
		if err != nil {
			t.Fatal(err)
		}
		e.run(time.Second)
		second.Close()
		e.run(time.Second)
		removeInfo := `{"isWindowClosing":false,"windowId":1}`
		previous := "true" // Firefox adds previousTabId
		if prof().Name == "chrome" {
			previous = "false"
		}
		wantLines(t, prof().Name, e.backgroundLines("ev"),
			"created 1 true",
			"activated 1 1 false",
			`updated 1 {"status":"loading","url":"https://example.com/"} loading`,
			`updated 1 {"status":"complete"} complete`,
			`updated 1 {"status":"loading"} loading`,
			`updated 1 {"status":"complete"} complete`,
			"created 2 true",
			"activated 2 1 "+previous,
			`updated 2 {"status":"loading","url":"https://example.com/2"} loading`,
			`updated 2 {"status":"complete"} complete`,
			"removed 2 "+removeInfo,
			"activated 1 1 false",
		)
	}
}

// A listener registered in the background's top-level run is a lazy
// listener: its event wakes the stopped worker / event page. One
// registered later (in a timer) does not wake it, and events nobody
// listens to neither wake a stopped background nor keep a running one
// awake (Chrome's lazy listeners; Firefox's persistent listeners, FF-80).
func TestLazyListenersWakeOnlyForTopLevelListenersJS(t *testing.T) {
	for _, prof := range profilePair {
		// Top level: woken by the navigation.
		e, x := eventsEnv(t, prof(), "", `console.log("start");
		  chrome.tabs.onUpdated.addListener(function (id, change) { if (change.status === "complete") console.log("complete", id); });`)
		e.run(time.Second)
		x.StopBackground()
		if _, err := e.b.NewTab("https://example.com/", browser.TabOptions{}); err != nil {
			t.Fatal(err)
		}
		e.run(time.Second)
		wantLines(t, prof().Name+" top-level", e.backgroundLines("ev"), "start", "start", "complete 1")
		if n := x.BackgroundStarts(); n != 2 {
			t.Fatalf("%s: %d starts, want 2", prof().Name, n)
		}

		// In a timer: heard while running, but no wake-up once stopped.
		e, x = eventsEnv(t, prof(), "", `console.log("start");
		  setTimeout(function () {
		    chrome.tabs.onUpdated.addListener(function (id, change) { if (change.status === "complete") console.log("complete", id); });
		  }, 10);`)
		e.run(time.Second)
		tab, err := e.b.NewTab("https://example.com/", browser.TabOptions{})
		if err != nil {
			t.Fatal(err)
		}
		e.run(time.Second)
		x.StopBackground()
		if err := tab.Navigate("https://example.com/2"); err != nil {
			t.Fatal(err)
		}
		e.run(time.Second)
		wantLines(t, prof().Name+" timer", e.backgroundLines("ev"), "start", "complete 1")
		if x.Background() != nil || x.BackgroundStarts() != 1 {
			t.Fatalf("%s: the event woke the background (%d starts)", prof().Name, x.BackgroundStarts())
		}

		// No listener: navigations every 10 s do not keep it awake; it
		// stops after the idle timeout (30 s, H8 / FF-76).
		e, x = eventsEnv(t, prof(), "", `chrome.tabs.onCreated.addListener(function () {});`)
		tab, err = e.b.NewTab("https://example.com/", browser.TabOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 4; i++ {
			e.run(10 * time.Second)
			if err := tab.Navigate("https://example.com/" + strings.Repeat("x", i)); err != nil {
				t.Fatal(err)
			}
		}
		e.run(time.Second)
		if x.Background() != nil {
			t.Fatalf("%s: tab updates nobody listens to kept the background awake", prof().Name)
		}
	}
}

// runtime.onSuspend fires in the background before it stops for
// idleness, and the background is gone after it.
func TestOnSuspendBeforeIdleStopJS(t *testing.T) {
	for _, prof := range profilePair {
		e, x := eventsEnv(t, prof(), "", `chrome.runtime.onSuspend.addListener(function () { console.log("suspending at", Date.now() - START); });
		  var START = Date.now();`)
		e.run(29 * time.Second)
		if x.Background() == nil || len(e.out) != 0 {
			t.Fatalf("%s: stopped early: %q", prof().Name, e.out)
		}
		e.run(2 * time.Second)
		wantLines(t, prof().Name, e.backgroundLines("ev"), "suspending at 30000")
		if x.Background() != nil {
			t.Fatalf("%s: still running after onSuspend", prof().Name)
		}
	}
}

// windows.getAll / getCurrent / get / create / remove with
// windows.onCreated, onFocusChanged and onRemoved; runtime.getPlatformInfo;
// permissions.contains / getAll answered from the manifest.
func TestWindowsPlatformAndPermissionsJS(t *testing.T) {
	bg := `
	  var api = typeof browser !== "undefined" ? browser : chrome;
	  chrome.windows.onCreated.addListener(function (w) { console.log("onCreated", w.id, w.type); });
	  chrome.windows.onFocusChanged.addListener(function (id) { console.log("onFocusChanged", id); });
	  chrome.windows.onRemoved.addListener(function (id) { console.log("onRemoved", id); });
	  setTimeout(async function () {
	    var all = await api.windows.getAll({populate: true});
	    console.log("all", all.length, all[0].id, all[0].tabs.length, all[0].focused);
	    var w = await api.windows.create({url: ["https://example.com/a", "https://example.com/b"]});
	    console.log("created", w.id, w.tabs.length, w.tabs[1].url, w.focused);
	    var cur = await api.windows.getCurrent();
	    console.log("current", cur.id, "tabs" in cur);
	    console.log("get", (await api.windows.get(w.id)).id);
	    await api.windows.remove(w.id);
	    await api.windows.get(w.id).catch(function (e) { console.log("after remove:", e.message); });
	    var info = await api.runtime.getPlatformInfo();
	    console.log("platform", JSON.stringify(info));
	    console.log("contains", await api.permissions.contains({permissions: ["storage"]}),
	      await api.permissions.contains({permissions: ["storage", "tabs"]}),
	      await api.permissions.contains({origins: ["https://example.com/*"]}),
	      await api.permissions.contains({origins: ["https://other.example/*"]}));
	    console.log("getAll", JSON.stringify(await api.permissions.getAll()));
	  }, 100);`
	for _, prof := range profilePair {
		e := newEnv(t, prof(), nil)
		if _, err := e.b.NewTab("https://example.com/", browser.TabOptions{}); err != nil {
			t.Fatal(err)
		}
		e.run(time.Second)
		_, err := e.b.LoadExtension(fstest.MapFS{
			"manifest.json": {Data: []byte(`{"manifest_version": 3, "name": "ev", "version": "1", "permissions": ["storage"],
			  "host_permissions": ["https://example.com/*"], "background": {"service_worker": "bg.js", "scripts": ["bg.js"]}}`)},
			"bg.js": {Data: []byte(bg)},
		}, browser.LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		e.run(time.Second)
		platform := `{"arch":"x86-64","os":"linux"}`
		if prof().Name == "chrome" {
			platform = `{"arch":"x86-64","nacl_arch":"x86-64","os":"linux"}`
		}
		// Browser events are tasks of the background's queue, so they run
		// after the task that caused them; API answers are microtasks
		// (windows.remove's comes after the task that closes the window).
		wantLines(t, prof().Name, e.backgroundLines("ev"),
			"all 1 1 1 true",
			"created 2 2 https://example.com/b true",
			"current 2 false",
			"get 2",
			"onCreated 2 normal",
			"onFocusChanged 2",
			"after remove: No window with id: 2.",
			"platform "+platform,
			"contains true false true false",
			`getAll {"origins":["https://example.com/*"],"permissions":["storage"]}`,
			"onRemoved 2",
			"onFocusChanged 1",
		)
	}
}
