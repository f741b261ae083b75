package webext_test

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/extsim/extsim/browser"
)

// storageManifest is an MV3 extension named name with the storage
// permission, a toolbar button, a background bg.js and a content script
// cs.js on every page.
func storageManifest(name string, permissions string) string {
	return `{"manifest_version": 3, "name": "` + name + `", "version": "1", "permissions": [` + permissions + `],
	  "action": {},
	  "background": {"service_worker": "bg.js", "scripts": ["bg.js"]},
	  "content_scripts": [{"matches": ["<all_urls>"], "js": ["cs.js"]}]}`
}

// storageEnv is a browser with one storage extension "t" loaded.
type storageEnv struct {
	*env
	ext *browser.Extension
}

func newStorageEnv(t *testing.T, prof *browser.Profile, bg, cs string) *storageEnv {
	t.Helper()
	e := newEnv(t, prof, nil)
	files := fstest.MapFS{
		"manifest.json": {Data: []byte(storageManifest("t", `"storage"`))},
		"bg.js":         {Data: []byte(bg)},
		"cs.js":         {Data: []byte(cs)},
	}
	ext, err := e.b.LoadExtension(files, browser.LoadOptions{Path: "/ext/t"})
	if err != nil {
		t.Fatal(err)
	}
	return &storageEnv{env: e, ext: ext}
}

// openTab opens a tab on https://example.com/.
func (e *storageEnv) openTab() *browser.Tab {
	e.t.Helper()
	tab, err := e.b.NewTab("https://example.com/", browser.TabOptions{})
	if err != nil {
		e.t.Fatal(err)
	}
	return tab
}

// lines returns the console output since the last call, each line prefixed
// by "bg: " or "cs: " (tab N's content script: "csN: " from the second
// tab on).
func (e *storageEnv) lines() []string {
	var out []string
	for _, l := range e.out {
		l = strings.Replace(l, "[tab 1 frame 0 content t] ", "cs: ", 1)
		l = strings.Replace(l, "[tab 2 frame 0 content t] ", "cs2: ", 1)
		l = strings.Replace(l, "[service-worker t] ", "bg: ", 1)
		l = strings.Replace(l, "[background t] ", "bg: ", 1)
		out = append(out, l)
	}
	e.out = nil
	return out
}

func (e *storageEnv) want(want ...string) {
	e.t.Helper()
	got := e.lines()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		e.t.Fatalf("console\n got:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

var storageProfiles = []struct {
	name string
	prof func() *browser.Profile
}{
	{"chrome", browser.Chrome},
	{"firefox", browser.Firefox},
}

// storagePick returns the Chrome or the Firefox variant.
func storagePick(profile string, chrome, firefox []string) []string {
	if profile == "chrome" {
		return chrome
	}
	return firefox
}

// Values set in each area read back with get (everything, one key, some
// keys), getKeys lists them sorted, and remove and clear delete them.
func TestStorageSetGetRemoveClearRoundTrip(t *testing.T) {
	bg := `
	  (async function () {
	    for (const name of ["local", "sync", "session"]) {
	      const s = browser.storage[name];
	      await s.set({b: "two", a: 1, c: {d: [1, 2, null], e: true}});
	      console.log(name, JSON.stringify(await s.get(null)));
	      console.log(name, JSON.stringify(await s.get("a")), JSON.stringify(await s.get(["b", "missing"])));
	      console.log(name, JSON.stringify(await s.getKeys()));
	      await s.remove("a");
	      console.log(name, JSON.stringify(await s.get()));
	      await s.remove(["b", "nope"]);
	      console.log(name, JSON.stringify(await s.get()));
	      await s.set({x: 1, y: 2});
	      await s.clear();
	      console.log(name, JSON.stringify(await s.get()), JSON.stringify(await s.getKeys()));
	    }
	  })();`
	var want []string
	for _, area := range []string{"local", "sync", "session"} {
		want = append(want,
			"bg: "+area+` {"a":1,"b":"two","c":{"d":[1,2,null],"e":true}}`,
			"bg: "+area+` {"a":1} {"b":"two"}`,
			"bg: "+area+` ["a","b","c"]`,
			"bg: "+area+` {"b":"two","c":{"d":[1,2,null],"e":true}}`,
			"bg: "+area+` {"c":{"d":[1,2,null],"e":true}}`,
			"bg: "+area+` {} []`,
		)
	}
	for _, p := range storageProfiles {
		t.Run(p.name, func(t *testing.T) {
			e := newStorageEnv(t, p.prof(), bg, ``)
			e.run(time.Second)
			e.want(want...)
		})
	}
}

// get with an object takes its values as defaults for the keys not
// stored; an empty object or array gets nothing.
func TestStorageGetWithDefaultsObject(t *testing.T) {
	bg := `
	  (async function () {
	    await browser.storage.local.set({a: 1, c: "stored"});
	    console.log(JSON.stringify(await browser.storage.local.get({a: 0, b: "default", c: null})));
	    console.log(JSON.stringify(await browser.storage.local.get({})), JSON.stringify(await browser.storage.local.get([])));
	  })();`
	for _, p := range storageProfiles {
		t.Run(p.name, func(t *testing.T) {
			e := newStorageEnv(t, p.prof(), bg, ``)
			e.run(time.Second)
			e.want(`bg: {"a":1,"b":"default","c":"stored"}`, `bg: {} {}`)
		})
	}
}

// A change made by the background reaches the content script (and the
// background itself) as storage.onChanged(changes, areaName) and
// storage.local.onChanged(changes): Chrome's change objects are sorted
// dictionaries (newValue before oldValue).
func TestStorageOnChangedReachesContentScript(t *testing.T) {
	bg := `
	  browser.storage.onChanged.addListener(function (changes, area) {
	    console.log("changed", area, JSON.stringify(changes));
	  });
	  browser.runtime.onMessage.addListener(function (m) {
	    browser.storage.local.set({k: 1})
	      .then(function () { return browser.storage.local.set({k: 2, n: "x"}); })
	      .then(function () { return browser.storage.local.remove(["k", "absent"]); })
	      .then(function () { console.log("done"); });
	  });`
	cs := `
	  chrome.storage.onChanged.addListener(function (changes, area) {
	    console.log("changed", area, JSON.stringify(changes), arguments.length);
	  });
	  chrome.storage.local.onChanged.addListener(function (changes) {
	    console.log("local.onChanged", JSON.stringify(changes));
	  });
	  chrome.storage.sync.onChanged.addListener(function () { console.log("not for sync"); });
	  chrome.runtime.sendMessage("ready");`
	for _, p := range storageProfiles {
		t.Run(p.name, func(t *testing.T) {
			e := newStorageEnv(t, p.prof(), bg, cs)
			e.openTab()
			e.run(time.Second)
			second := storagePick(p.name, []string{`{"k":{"newValue":2,"oldValue":1},"n":{"newValue":"x"}}`},
				[]string{`{"k":{"oldValue":1,"newValue":2},"n":{"newValue":"x"}}`})[0]
			e.want(
				`bg: changed local {"k":{"newValue":1}}`,
				`cs: changed local {"k":{"newValue":1}} 2`,
				`cs: local.onChanged {"k":{"newValue":1}}`,
				`bg: changed local `+second,
				`cs: changed local `+second+` 2`,
				`cs: local.onChanged `+second,
				`bg: changed local {"k":{"oldValue":2}}`,
				`cs: changed local {"k":{"oldValue":2}} 2`,
				`cs: local.onChanged {"k":{"oldValue":2}}`,
				`bg: done`,
			)
		})
	}
}

// Setting a value equal to the stored one changes nothing for Chrome; for
// Firefox every key a set wrote is reported (MDN, Firefox bug 1833153).
func TestStorageOnChangedForAnUnchangedValueOnlyInFirefox(t *testing.T) {
	bg := `
	  browser.storage.onChanged.addListener(function (changes) { console.log("changed", JSON.stringify(changes)); });
	  browser.storage.local.set({a: {b: 1}}).then(function () { return browser.storage.local.set({a: {b: 1}}); });`
	for _, p := range storageProfiles {
		t.Run(p.name, func(t *testing.T) {
			e := newStorageEnv(t, p.prof(), bg, ``)
			e.run(time.Second)
			e.want(storagePick(p.name,
				[]string{`bg: changed {"a":{"newValue":{"b":1}}}`},
				[]string{`bg: changed {"a":{"newValue":{"b":1}}}`, `bg: changed {"a":{"oldValue":{"b":1},"newValue":{"b":1}}}`})...)
		})
	}
}

// chrome.* takes a callback (and returns undefined); without one it
// returns a promise in MV3, in both browsers (G3, FF-49). browser.*
// returns a promise. Errors go to runtime.lastError (null outside an
// error in Firefox) or reject.
func TestStorageCallbackAndPromiseForms(t *testing.T) {
	bg := `
	  var r = chrome.storage.local.set({k: "v"}, function () {
	    console.log("set callback", arguments.length, String(chrome.runtime.lastError));
	    chrome.storage.local.get("k", function (items) { console.log("get callback", JSON.stringify(items)); });
	    var p = chrome.storage.local.get("k");
	    console.log("chrome.* without callback:", p instanceof Promise);
	    if (p) p.then(function (items) { console.log("chrome promise", JSON.stringify(items)); });
	    browser.storage.local.get("k").then(function (items) { console.log("browser promise", JSON.stringify(items)); });
	    var big = {big: "x".repeat(9000)};
	    chrome.storage.sync.set(big, function () { console.log("lastError:", chrome.runtime.lastError.message); });
	    browser.storage.sync.set(big).catch(function (e) { console.log("rejected:", e.message); });
	  });
	  console.log("returned", r);`
	for _, p := range storageProfiles {
		t.Run(p.name, func(t *testing.T) {
			e := newStorageEnv(t, p.prof(), bg, ``)
			e.run(time.Second)
			quota := storagePick(p.name, []string{"Resource::kQuotaBytesPerItem quota exceeded"},
				[]string{"QuotaExceededError: storage.sync API call exceeded its quota limitations."})[0]
			e.want(storagePick(p.name, []string{
				"bg: returned undefined",
				"bg: set callback 0 undefined",
				"bg: chrome.* without callback: true",
				`bg: get callback {"k":"v"}`,
				`bg: chrome promise {"k":"v"}`,
				`bg: browser promise {"k":"v"}`,
				"bg: lastError: " + quota,
				"bg: rejected: " + quota,
			}, []string{
				"bg: returned undefined",
				"bg: set callback 0 null",
				"bg: chrome.* without callback: true",
				`bg: get callback {"k":"v"}`,
				`bg: chrome promise {"k":"v"}`,
				`bg: browser promise {"k":"v"}`,
				"bg: lastError: " + quota,
				"bg: rejected: " + quota,
			})...)
		})
	}
}

// storage.sync refuses an item over QUOTA_BYTES_PER_ITEM (key plus JSON
// value: 8192 bytes), more than QUOTA_BYTES in all and more than MAX_ITEMS
// keys; a refused set stores nothing. Chrome exposes the limits as
// constants.
func TestStorageSyncQuotaErrors(t *testing.T) {
	bg := `
	  (async function () {
	    const s = browser.storage.sync;
	    const report = async (what, items) => {
	      try { await s.set(items); console.log(what, "ok"); } catch (e) { console.log(what, e.message); }
	    };
	    console.log("constants", s.QUOTA_BYTES, s.QUOTA_BYTES_PER_ITEM, s.MAX_ITEMS,
	      s.MAX_WRITE_OPERATIONS_PER_MINUTE, browser.storage.local.QUOTA_BYTES, browser.storage.session.QUOTA_BYTES);
	    await report("fits", {big: "x".repeat(8192 - 3 - 2)});
	    await report("one byte over", {big: "x".repeat(8192 - 3 - 2 + 1), other: 1});
	    console.log(JSON.stringify(await s.getKeys()), await s.getBytesInUse("big"));
	    const many = {};
	    for (let i = 0; i < 12; i++) many["k" + i] = "y".repeat(8000);
	    await report("total", many);
	    await s.clear();
	    const items = {};
	    for (let i = 0; i < 513; i++) items["i" + i] = i;
	    await report("items", items);
	    delete items.i0;
	    await report("512 items", items);
	  })();`
	for _, p := range storageProfiles {
		t.Run(p.name, func(t *testing.T) {
			e := newStorageEnv(t, p.prof(), bg, ``)
			e.run(time.Second)
			if p.name == "chrome" {
				e.want(
					"bg: constants 102400 8192 512 120 10485760 10485760",
					"bg: fits ok",
					"bg: one byte over Resource::kQuotaBytesPerItem quota exceeded",
					`bg: ["big"] 8192`,
					"bg: total Resource::kQuotaBytes quota exceeded",
					"bg: items Resource::kMaxItems quota exceeded",
					"bg: 512 items ok",
				)
				return
			}
			const ff = "QuotaExceededError: storage.sync API call exceeded its quota limitations."
			e.want(
				"bg: constants undefined undefined undefined undefined undefined undefined",
				"bg: fits ok",
				"bg: one byte over "+ff,
				`bg: ["big"] 8192`,
				"bg: total "+ff,
				"bg: items "+ff,
				"bg: 512 items ok",
			)
		})
	}
}

// Chrome's storage.sync allows 120 writes (per function) a minute: the
// 121st set fails, a remove still works, and a set works again once the
// minute is over, in virtual time.
func TestStorageSyncWriteOperationsPerMinuteInChrome(t *testing.T) {
	bg := `
	  chrome.runtime.onInstalled.addListener(async function () {
	    for (let i = 0; i < 121; i++) {
	      try { await chrome.storage.sync.set({n: i}); } catch (e) { console.log(i, e.message); }
	    }
	    await chrome.storage.sync.remove("n");
	    console.log("remove allowed");
	  });
	  chrome.action.onClicked.addListener(async function () {
	    try { await chrome.storage.sync.set({n: "later"}); console.log("set", JSON.stringify(await chrome.storage.sync.get("n"))); }
	    catch (e) { console.log("click:", e.message); }
	  });`
	e := newStorageEnv(t, browser.Chrome(), bg, ``)
	tab := e.openTab()
	e.run(time.Second)
	e.want("bg: 120 This request exceeds the MAX_WRITE_OPERATIONS_PER_MINUTE quota.", "bg: remove allowed")
	if err := e.ext.ClickAction(tab); err != nil {
		t.Fatal(err)
	}
	e.run(time.Minute)
	e.want("bg: click: This request exceeds the MAX_WRITE_OPERATIONS_PER_MINUTE quota.")
	if err := e.ext.ClickAction(tab); err != nil {
		t.Fatal(err)
	}
	e.run(time.Second)
	e.want(`bg: set {"n":"later"}`)
}

// Chrome keeps JSON: a Date comes back as {}, a Map as {}, NaN as null
// and toJSON is not called. Firefox's storage.local is
// a structured clone (the Date and Map come back as such), its storage.sync
// JSON (the Date becomes its ISO string).
func TestStorageJSONInChromeStructuredCloneInFirefox(t *testing.T) {
	bg := `
	  (async function () {
	    class J { toJSON() { return "called"; } }
	    const j = new J();
	    j.x = 1;
	    const v = {d: new Date(0), m: new Map([[1, 2]]), u: undefined, j: j, n: [NaN]};
	    await browser.storage.local.set(v);
	    const r = await browser.storage.local.get(null);
	    console.log("local date:", Object.prototype.toString.call(r.d), r.d instanceof Date ? r.d.getTime() : JSON.stringify(r.d));
	    console.log("local map:", Object.prototype.toString.call(r.m), r.m instanceof Map ? r.m.get(1) : JSON.stringify(r.m));
	    console.log("local toJSON:", JSON.stringify(r.j), "NaN in array:", JSON.stringify(r.n), r.n[0]);
	    await browser.storage.sync.set({d: new Date(0)});
	    const s = await browser.storage.sync.get("d");
	    console.log("sync date:", typeof s.d, JSON.stringify(s.d));
	  })();`
	for _, p := range storageProfiles {
		t.Run(p.name, func(t *testing.T) {
			e := newStorageEnv(t, p.prof(), bg, ``)
			e.run(time.Second)
			e.want(storagePick(p.name, []string{
				"bg: local date: [object Object] {}",
				"bg: local map: [object Object] {}",
				`bg: local toJSON: {"x":1} NaN in array: [null] null`,
				"bg: sync date: object {}",
			}, []string{
				"bg: local date: [object Date] 0",
				"bg: local map: [object Map] 2",
				`bg: local toJSON: {"x":1} NaN in array: [null] NaN`,
				`bg: sync date: string "1970-01-01T00:00:00.000Z"`,
			})...)
		})
	}
}

// Storage belongs to the extension, not to the background: a stopped
// service worker (Chrome) or event page (Firefox) started again by a
// toolbar click finds what it stored.
func TestStoragePersistsAcrossBackgroundRestart(t *testing.T) {
	bg := `
	  browser.action.onClicked.addListener(function () {});
	  browser.storage.local.get({runs: 0}).then(function (r) {
	    console.log("runs", r.runs);
	    return browser.storage.local.set({runs: r.runs + 1});
	  });`
	for _, p := range storageProfiles {
		t.Run(p.name, func(t *testing.T) {
			e := newStorageEnv(t, p.prof(), bg, ``)
			tab := e.openTab()
			e.run(time.Second)
			e.want("bg: runs 0")
			e.ext.StopBackground()
			e.run(time.Second)
			if err := e.ext.ClickAction(tab); err != nil {
				t.Fatal(err)
			}
			e.run(time.Second)
			e.want("bg: runs 1")
			if n := e.ext.BackgroundStarts(); n != 2 {
				t.Fatalf("background started %d times, want 2", n)
			}
		})
	}
}

// A background that listens for storage changes is woken by one made
// elsewhere (here a content script) while it is stopped.
func TestStorageOnChangedWakesStoppedBackground(t *testing.T) {
	bg := `
	  console.log("started");
	  browser.storage.onChanged.addListener(function (changes) { console.log("saw", changes.n.newValue); });`
	cs := `
	  browser.storage.local.get({n: 0}).then(function (r) { return browser.storage.local.set({n: r.n + 1}); });`
	for _, p := range storageProfiles {
		t.Run(p.name, func(t *testing.T) {
			e := newStorageEnv(t, p.prof(), bg, cs)
			e.openTab()
			e.run(time.Second)
			e.want("bg: started", "bg: saw 1")
			e.ext.StopBackground()
			e.openTab()
			e.run(time.Second)
			e.want("bg: started", "bg: saw 2")
		})
	}
}

// Two extensions never see each other's values or changes.
func TestStorageIsolatedBetweenExtensions(t *testing.T) {
	for _, p := range storageProfiles {
		t.Run(p.name, func(t *testing.T) {
			e := newEnv(t, p.prof(), nil)
			load := func(name, bg string) {
				files := fstest.MapFS{
					"manifest.json": {Data: []byte(storageManifest(name, `"storage"`))},
					"bg.js":         {Data: []byte(bg)},
					"cs.js":         {Data: []byte(``)},
				}
				if _, err := e.b.LoadExtension(files, browser.LoadOptions{Path: "/ext/" + name}); err != nil {
					t.Fatal(err)
				}
			}
			load("a", `
			  browser.storage.onChanged.addListener(function (c) { console.log("a saw", Object.keys(c).join()); });
			  browser.storage.local.set({secret: 1});
			  browser.storage.sync.set({secret: 2});`)
			load("b", `
			  browser.storage.onChanged.addListener(function (c) { console.log("b saw", Object.keys(c).join()); });
			  setTimeout(async function () {
			    console.log("b local", JSON.stringify(await browser.storage.local.get(null)), "b sync", JSON.stringify(await browser.storage.sync.get(null)));
			    await browser.storage.local.set({mine: true});
			  }, 100);`)
			e.run(time.Second)
			var got []string
			for _, l := range e.out {
				got = append(got, l[strings.Index(l, "] ")+2:])
			}
			want := []string{"a saw secret", "a saw secret", "b local {} b sync {}", "b saw mine"}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Fatalf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
			}
		})
	}
}

// Argument errors are thrown in each browser's grammar; a value Chrome
// cannot convert is an argument error there, a value Firefox cannot clone
// rejects.
func TestStorageArgumentErrors(t *testing.T) {
	bg := `
	  const tries = [
	    ["get", [1]], ["get", [["a", 1]]], ["get", ["a", "b"]], ["set", []], ["set", ["x"]],
	    ["remove", []], ["getBytesInUse", [{}]], ["clear", [1]], ["set", [{f: function () {}}]],
	  ];
	  for (const [m, args] of tries) {
	    try {
	      const r = browser.storage.local[m].apply(null, args);
	      r.then(function () { console.log(m, "resolved"); }, function (e) { console.log(m, "rejected:", e.message); });
	    } catch (e) { console.log(m, e.constructor.name + ": " + e.message); }
	  }`
	for _, p := range storageProfiles {
		t.Run(p.name, func(t *testing.T) {
			e := newStorageEnv(t, p.prof(), bg, ``)
			e.run(time.Second)
			if p.name == "chrome" {
				get := "TypeError: Error in invocation of storage.get(optional [string|array|object] keys, optional function callback): "
				set := "TypeError: Error in invocation of storage.set(object items, optional function callback): "
				e.want(
					"bg: get "+get+"No matching signature.",
					"bg: get "+get+"Error at parameter 'keys': Value did not match any choice.",
					"bg: get "+get+"No matching signature.",
					"bg: set "+set+"No matching signature.",
					"bg: set "+set+"No matching signature.",
					"bg: remove TypeError: Error in invocation of storage.remove([string|array] keys, optional function callback): No matching signature.",
					"bg: getBytesInUse TypeError: Error in invocation of storage.getBytesInUse(optional [string|array] keys, optional function callback): No matching signature.",
					"bg: clear TypeError: Error in invocation of storage.clear(optional function callback): No matching signature.",
					"bg: set "+set+"Error at parameter 'items': Error at property 'f': Unserializable value.",
				)
				return
			}
			e.want(
				"bg: get Error: Incorrect argument types for storage.local.get.",
				"bg: get Error: Incorrect argument types for storage.local.get.",
				"bg: get Error: Incorrect argument types for storage.local.get.",
				"bg: set Error: Incorrect argument types for storage.local.set.",
				"bg: set Error: Incorrect argument types for storage.local.set.",
				"bg: remove Error: Incorrect argument types for storage.local.remove.",
				"bg: getBytesInUse Error: Incorrect argument types for storage.local.getBytesInUse.",
				"bg: clear Error: Incorrect argument types for storage.local.clear.",
				"bg: set rejected: Function object could not be cloned.",
			)
		})
	}
}

// Chrome's content scripts see storage.session but may not use it until a
// trusted context opens it with setAccessLevel; Firefox gives content
// scripts no storage.session.
func TestStorageSessionAccessLevelForContentScripts(t *testing.T) {
	bg := `
	  browser.storage.session.set({s: 1});
	  browser.runtime.onMessage.addListener(function (m) {
	    if (m === "open") return browser.storage.session.setAccessLevel({accessLevel: "TRUSTED_AND_UNTRUSTED_CONTEXTS"});
	  });`
	cs := `
	  (async function () {
	    console.log(typeof chrome.storage.session, typeof chrome.storage.local);
	    if (!chrome.storage.session) return;
	    chrome.storage.onChanged.addListener(function (c, area) { console.log("changed", area); });
	    try { await chrome.storage.session.get(null); } catch (e) { console.log("get:", e.message); }
	    try { await chrome.storage.session.setAccessLevel({accessLevel: "TRUSTED_AND_UNTRUSTED_CONTEXTS"}); } catch (e) { console.log("setAccessLevel:", e.message); }
	    await chrome.runtime.sendMessage("open");
	    console.log("get:", JSON.stringify(await chrome.storage.session.get(null)));
	    await chrome.storage.session.set({s: 2});
	  })();`
	for _, p := range storageProfiles {
		t.Run(p.name, func(t *testing.T) {
			e := newStorageEnv(t, p.prof(), bg, cs)
			e.openTab()
			e.run(time.Second)
			e.want(storagePick(p.name, []string{
				"cs: object object",
				"cs: get: Access to storage is not allowed from this context.",
				"cs: setAccessLevel: Access to storage is not allowed from this context.",
				`cs: get: {"s":1}`,
				"cs: changed session",
			}, []string{"cs: undefined object"})...)
		})
	}
}

// getBytesInUse counts each key's length plus its value's JSON (Chrome's
// JSON writer escapes "<" as \u003C).
func TestStorageGetBytesInUse(t *testing.T) {
	bg := `
	  (async function () {
	    await browser.storage.local.set({a: "hello", b: 1, c: "<"});
	    const s = browser.storage.local;
	    console.log(await s.getBytesInUse("a"), await s.getBytesInUse(["a", "b"]), await s.getBytesInUse(null), await s.getBytesInUse([]));
	  })();`
	for _, p := range storageProfiles {
		t.Run(p.name, func(t *testing.T) {
			e := newStorageEnv(t, p.prof(), bg, ``)
			e.run(time.Second)
			e.want(storagePick(p.name, []string{"bg: 8 10 19 0"}, []string{"bg: 8 10 14 0"})...)
		})
	}
}

// Without the "storage" permission there is no storage API.
func TestStorageNeedsThePermission(t *testing.T) {
	for _, p := range storageProfiles {
		t.Run(p.name, func(t *testing.T) {
			e := newEnv(t, p.prof(), nil)
			files := fstest.MapFS{
				"manifest.json": {Data: []byte(storageManifest("t", ``))},
				"bg.js":         {Data: []byte(`console.log(typeof chrome.storage, typeof browser.storage);`)},
				"cs.js":         {Data: []byte(``)},
			}
			if _, err := e.b.LoadExtension(files, browser.LoadOptions{}); err != nil {
				t.Fatal(err)
			}
			e.run(time.Second)
			if len(e.out) != 1 || !strings.HasSuffix(e.out[0], "undefined undefined") {
				t.Fatalf("got %q", e.out)
			}
		})
	}
}

// An extension installed again under the same id starts with empty local
// and session areas; storage.sync, kept by the sync server, is still there.
func TestStorageNewInstallationKeepsOnlySync(t *testing.T) {
	bg := `
	  (async function () {
	    console.log(JSON.stringify(await browser.storage.local.get(null)), JSON.stringify(await browser.storage.sync.get(null)));
	    await browser.storage.local.set({l: 1});
	    await browser.storage.sync.set({s: 1});
	  })();`
	for _, p := range storageProfiles {
		t.Run(p.name, func(t *testing.T) {
			e := newEnv(t, p.prof(), nil)
			se := &storageEnv{env: e}
			files := fstest.MapFS{
				"manifest.json": {Data: []byte(storageManifest("t", `"storage"`))},
				"bg.js":         {Data: []byte(bg)},
				"cs.js":         {Data: []byte(``)},
			}
			ext, err := e.b.LoadExtension(files, browser.LoadOptions{ID: "abcdefghijklmnopabcdefghijklmnop"})
			if err != nil {
				t.Fatal(err)
			}
			e.run(time.Second)
			se.want("bg: {} {}")
			ext.Unload()
			if _, err := e.b.LoadExtension(files, browser.LoadOptions{ID: "abcdefghijklmnopabcdefghijklmnop"}); err != nil {
				t.Fatal(err)
			}
			e.run(time.Second)
			se.want(`bg: {} {"s":1}`)
		})
	}
}

// A content script whose extension was disabled can no longer use storage.
func TestStorageFromOrphanedContentScriptThrows(t *testing.T) {
	cs := `
	  document.body.addEventListener("click", function () {
	    try { chrome.storage.local.get(null); console.log("no error"); } catch (e) { console.log(e.message); }
	  });`
	for _, p := range storageProfiles {
		t.Run(p.name, func(t *testing.T) {
			e := newStorageEnv(t, p.prof(), ``, cs)
			tab := e.openTab()
			e.run(time.Second)
			e.ext.Disable()
			if err := e.host.Click(tab.MainFrame().Document()); err != nil {
				t.Fatal(err)
			}
			e.run(time.Second)
			e.want("cs: Extension context invalidated.")
		})
	}
}

// Chrome's conversion: nested undefined, functions and NaN are dropped from
// objects and null in arrays, a cycle becomes null, keys come back sorted,
// a lone surrogate becomes U+FFFD.
func TestStorageChromeValueConversion(t *testing.T) {
	bg := `
	  (async function () {
	    const o = {z: 1, a: {y: undefined, f() {}, n: NaN, b: [undefined, function () {}, NaN, 1]}, s: "\uD800"};
	    o.self = o;
	    await chrome.storage.local.set(o);
	    console.log(JSON.stringify(await chrome.storage.local.get(["self", "s"])));
	    console.log(Object.keys((await chrome.storage.local.get("self")).self).join());
	  })();`
	e := newStorageEnv(t, browser.Chrome(), bg, ``)
	e.run(time.Second)
	e.want(
		"bg: {\"s\":\"\uFFFD\",\"self\":{\"a\":{\"b\":[null,null,null,1]},\"s\":\"\uFFFD\",\"self\":null,\"z\":1}}",
		"bg: a,s,self,z",
	)
}
