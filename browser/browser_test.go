package browser_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/extsim/extsim/browser"
	"github.com/extsim/extsim/browser/browsertest"
	"github.com/extsim/extsim/router"
	"github.com/extsim/extsim/router/routertest"
	"github.com/extsim/extsim/router/serial"
)

// ext builds an extension folder from a manifest and empty files.
func ext(manifest string, files ...string) fstest.MapFS {
	fs := fstest.MapFS{"manifest.json": {Data: []byte(manifest)}}
	for _, f := range files {
		fs[f] = &fstest.MapFile{Data: []byte("// " + f)}
	}
	return fs
}

const mv3 = `{
  "manifest_version": 3, "name": "demo", "version": "1.0",
  "background": {"service_worker": "sw.js"},
  "content_scripts": [
    {"matches": ["https://example.com/*"], "js": ["start.js"], "run_at": "document_start", "all_frames": true},
    {"matches": ["https://example.com/*"], "js": ["end.js"], "run_at": "document_end"},
    {"matches": ["https://example.com/*"], "js": ["idle.js"]}
  ],
  "action": {"default_popup": "popup.html"}
}`

func mv3Files() fstest.MapFS {
	fs := ext(mv3, "sw.js", "start.js", "end.js", "idle.js")
	fs["popup.html"] = &fstest.MapFile{Data: []byte(`<title>Popup</title><script src="popup.js"></script>`)}
	fs["popup.js"] = &fstest.MapFile{Data: []byte("//")}
	return fs
}

// both runs f under the chrome and firefox profiles.
func both(t *testing.T, f func(t *testing.T, b *browsertest.B)) {
	t.Run("chrome", func(t *testing.T) { f(t, browsertest.New(t)) })
	t.Run("firefox", func(t *testing.T) { f(t, browsertest.Firefox(t)) })
}

func TestLoadExtensionReportsManifestErrorsWithPositions(t *testing.T) {
	b := browsertest.New(t)
	_, err := b.LoadExtension(ext(`{"manifest_version": 3, "name": "x", "version": "1",
  "background": {"service_worker": 7}}`), browser.LoadOptions{})
	var le *browser.LoadError
	if !errors.As(err, &le) || !strings.Contains(err.Error(), "manifest.json:2:36: error: background.service_worker must be a string") {
		t.Fatalf("got %v", err)
	}
	_, err = b.LoadExtension(ext(`{"manifest_version": 3, "name": "x", "version": "1", "content_scripts": [{"matches": ["<all_urls>"], "js": ["missing.js"]}]}`), browser.LoadOptions{})
	if err == nil || !strings.Contains(err.Error(), "missing.js") {
		t.Fatalf("missing file not reported: %v", err)
	}
}

// Errata 7: Chromium 156 refuses Manifest V2; Firefox loads it.
func TestErrata7_ChromeRefusesMV2FirefoxLoadsIt(t *testing.T) {
	mv2 := ext(`{"manifest_version": 2, "name": "old", "version": "1", "background": {"scripts": ["bg.js"]}}`, "bg.js")
	_, err := browsertest.New(t).LoadExtension(mv2, browser.LoadOptions{})
	if err == nil || !strings.Contains(err.Error(), "Cannot install extension because it uses an unsupported manifest version.") {
		t.Fatalf("chrome: %v", err)
	}
	ff := browsertest.Firefox(t)
	e := ff.Load(mv2)
	if e.Background() == nil || e.Background().Kind != router.KindBackgroundPage {
		t.Fatal("firefox: MV2 background page not running")
	}
}

func TestExtensionIDsAndOrigins(t *testing.T) {
	b := browsertest.New(t)
	e := b.Load(mv3Files())
	if len(e.ID) != 32 || strings.Trim(e.ID, "abcdefghijklmnop") != "" {
		t.Fatalf("chrome id %q", e.ID)
	}
	if e.URL("popup.html") != "chrome-extension://"+e.ID+"/popup.html" {
		t.Fatalf("URL: %s", e.URL("popup.html"))
	}
	ff := browsertest.Firefox(t)
	fe := ff.Load(ext(`{"manifest_version": 2, "name": "g", "version": "1", "browser_specific_settings": {"gecko": {"id": "g@example.org"}}}`))
	if fe.ID != "g@example.org" || !strings.HasPrefix(fe.Origin(), "moz-extension://") {
		t.Fatalf("firefox id %q origin %q", fe.ID, fe.Origin())
	}
}

// Content scripts run at document_start, then the page's scripts, then
// document_end, then document_idle; all_frames reaches the iframe.
func TestContentScriptsRunInRunAtOrderPerFrame(t *testing.T) {
	b := browsertest.New(t, browsertest.WithWeb(browser.MapWeb{
		"https://example.com/":      `<title>Home</title><script>page()</script><iframe src="/inner"></iframe>`,
		"https://example.com/inner": `<p>inner</p>`,
	}))
	b.Load(mv3Files())
	b.Run()
	b.Log = nil
	tab := b.Tab("https://example.com/", "")
	b.Run()
	b.Expect(
		"tab 1 frame 0 content demo: run start.js",
		"tab 1 frame 0 page: run inline",
		"tab 1 frame 0 content demo: run end.js",
		"tab 1 frame 1 content demo: run start.js",
		"tab 1 frame 0 content demo: run idle.js",
	)
	if tab.Title() != "Home" || tab.Status() != "complete" || len(tab.Frames()) != 2 {
		t.Fatalf("title %q status %q frames %d", tab.Title(), tab.Status(), len(tab.Frames()))
	}
}

// The MDN runtime.connect() example through the browser: a content script
// connects to the service worker, both post.
func TestSeedRuntimeConnectExample(t *testing.T) {
	both(t, func(t *testing.T, b *browsertest.B) {
		manifest := `{"manifest_version": 3, "name": "demo", "version": "1.0",
		  "background": {"service_worker": "sw.js", "scripts": ["sw.js"]},
		  "content_scripts": [{"matches": ["<all_urls>"], "js": ["content-script.js"]}]}`
		b.Script("sw.js", func(c *browsertest.Ctx) {
			c.ConnectListener = true
			c.OnConnect = func(p *router.Port) {
				_ = p.Post(&serial.Object{Props: []serial.Prop{{Key: "greeting", Value: serial.String("hi there content script!")}}})
			}
		})
		b.Script("content-script.js", func(c *browsertest.Ctx) {
			p, err := c.Connect(router.ExtensionTarget(""), "port-from-cs")
			if err != nil {
				t.Fatal(err)
			}
			_ = p.Post(&serial.Object{Props: []serial.Prop{{Key: "greeting", Value: serial.String("hello from content script")}}})
		})
		e := b.Load(ext(manifest, "sw.js", "content-script.js"))
		b.Tab("https://example.com/", "")
		b.RunFor(time.Second)
		bg := b.Ctx(e.Background())
		if len(bg.Ports) != 1 || bg.Ports[0].Name() != "port-from-cs" {
			t.Fatalf("background ports: %d", len(bg.Ports))
		}
		var got []string
		for _, l := range b.Log {
			if strings.Contains(l, "message") {
				got = append(got, l)
			}
		}
		if len(got) != 2 || !strings.Contains(got[0], `hello from content script`) || !strings.Contains(got[1], `hi there content script!`) {
			t.Fatalf("messages: %q", got)
		}
		if tab := bg.Ports[0].Sender().String("url"); tab != "https://example.com/" {
			t.Fatalf("sender.url %q", tab)
		}
	})
}

// H12 / H7 / H8: an MV3 service worker stops after 30 s without events; an
// open port alone does not keep it alive, messages do; the content script
// then gets onDisconnect without error.
func TestH7_H8_ServiceWorkerIdleStopAndPortMessagesResetIt(t *testing.T) {
	b := browsertest.New(t)
	b.Script("sw.js", func(c *browsertest.Ctx) { c.Listen() })
	var port *router.Port
	b.Script("start.js", func(c *browsertest.Ctx) {
		c.Listen()
		port, _ = c.Connect(router.ExtensionTarget(""), "keep")
	})
	e := b.Load(mv3Files())
	b.Tab("https://example.com/", "")
	if err := b.Sched.RunFor(20 * time.Second); err != nil {
		t.Fatal(err)
	}
	if e.Background() == nil {
		t.Fatal("worker stopped before 30 s")
	}
	_ = port.Post(serial.String("activity")) // H8: resets the idle timer
	if err := b.Sched.RunFor(25 * time.Second); err != nil {
		t.Fatal(err)
	}
	if e.Background() == nil {
		t.Fatal("a port message did not reset the idle timer")
	}
	b.Log = nil
	if err := b.Sched.RunFor(10 * time.Second); err != nil {
		t.Fatal(err)
	}
	if e.Background() != nil {
		t.Fatal("worker still running 30 s after the last event: an idle port must not keep it alive")
	}
	b.Expect("service-worker demo: stop worker-stopped", "tab 1 frame 0 content demo: port0 disconnect")
}

// H9: a pending one-off answer keeps the worker alive, up to the 5-minute
// cap.
func TestH9_PendingAnswerKeepsTheWorkerAliveUpToFiveMinutes(t *testing.T) {
	b := browsertest.New(t)
	b.Script("sw.js", func(c *browsertest.Ctx) { c.OnRequest = routertest.Await() })
	b.Script("start.js", func(c *browsertest.Ctx) { _, _ = c.Send(router.ExtensionTarget(""), serial.String("q")) })
	e := b.Load(mv3Files())
	b.Tab("https://example.com/", "")
	if err := b.Sched.RunFor(4 * time.Minute); err != nil {
		t.Fatal(err)
	}
	if e.Background() == nil {
		t.Fatal("worker stopped while an answer was pending")
	}
	if err := b.Sched.RunFor(time.Minute + time.Second); err != nil {
		t.Fatal(err)
	}
	if e.Background() != nil {
		t.Fatal("worker outlived the 5-minute cap")
	}
	found := false
	for _, l := range b.Log {
		found = found || strings.Contains(l, "content demo: failed error=\"A listener indicated an asynchronous response by returning true")
	}
	if !found {
		t.Fatalf("sender did not get S7 when the worker stopped:\n%s", strings.Join(b.Log, "\n"))
	}
}

// B11 / FF-78: a message to a stopped background starts it; the messages
// posted meanwhile arrive after onConnect, in order.
func TestB11_StoppedWorkerIsWokenByAMessage(t *testing.T) {
	both(t, func(t *testing.T, b *browsertest.B) {
		manifest := `{"manifest_version": 3, "name": "demo", "version": "1.0",
		  "background": {"service_worker": "sw.js", "scripts": ["sw.js"]},
		  "content_scripts": [{"matches": ["<all_urls>"], "js": ["cs.js"]}]}`
		b.Script("sw.js", func(c *browsertest.Ctx) { c.Listen() })
		e := b.Load(ext(manifest, "sw.js", "cs.js"))
		tab := b.Tab("https://example.com/", "")
		b.Run()
		if e.Background() != nil {
			t.Fatal("background did not idle out")
		}
		cs := b.Ctx(tab.MainFrame().Document().Contexts()[1])
		p, err := cs.Connect(router.ExtensionTarget(""), "wake")
		if err != nil {
			t.Fatal(err)
		}
		_ = p.Post(serial.Number(1))
		_ = p.Post(serial.Number(2))
		b.Log = nil
		if err := b.Sched.RunFor(time.Second); err != nil {
			t.Fatal(err)
		}
		if e.BackgroundStarts() != 2 {
			t.Fatalf("background started %d times, want 2", e.BackgroundStarts())
		}
		bgName := e.Background().Label
		want := []string{bgName + ": run sw.js", bgName + `: runtime.onConnect name="wake" from=` + routertest.SenderString(b.Ctx(e.Background()).Ports[0].Sender()),
			bgName + ": port1 message 1", bgName + ": port1 message 2"}
		b.Expect(want...)
	})
}

// H1/H4/FF-71: closing the tab disconnects the background's port without
// an error; D2: a message to a closed (or discarded) tab fails with S1.
func TestH4_D2_TabCloseAndMissingTabs(t *testing.T) {
	both(t, func(t *testing.T, b *browsertest.B) {
		b.Script("sw.js", func(c *browsertest.Ctx) { c.Listen() })
		b.Script("start.js", func(c *browsertest.Ctx) {
			c.Listen()
			_, _ = c.Connect(router.ExtensionTarget(""), "")
		})
		manifest := strings.Replace(mv3, `"service_worker": "sw.js"`, `"service_worker": "sw.js", "scripts": ["sw.js"]`, 1)
		fs := mv3Files()
		fs["manifest.json"] = &fstest.MapFile{Data: []byte(manifest)}
		e := b.Load(fs)
		tab := b.Tab("https://example.com/", "")
		tab2 := b.Tab("https://example.com/", "")
		b.RunFor(time.Second)
		bg := b.Ctx(e.Background())
		b.Log = nil
		tab.Close()
		b.RunFor(time.Second)
		var disc []string
		for _, l := range b.Log {
			if strings.Contains(l, "disconnect") {
				disc = append(disc, l)
			}
		}
		if len(disc) != 1 || strings.Contains(disc[0], "error") {
			t.Fatalf("disconnects: %q", disc)
		}
		b.Log = nil
		tab2.Discard()
		b.RunFor(time.Second)
		// Discarding unloads the page.
		b.Expect("tab 2 frame 0 page: stop closed", "tab 2 frame 0 content demo: stop closed", bg.Name+": port2 disconnect")
		_, _ = bg.Send(router.TabTarget(tab.ID), serial.Null{})
		_, _ = bg.Send(router.TabTarget(tab2.ID), serial.Null{})
		b.RunFor(time.Second)
		s1 := `failed error="Could not establish connection. Receiving end does not exist."`
		b.Expect(bg.Name+": "+s1, bg.Name+": "+s1)
	})
}

// H3 / errata 6 / FF-72: a top-level navigation puts the page in the
// back/forward cache; going back restores it.
func TestH3_FF72_NavigationBFCacheAndBack(t *testing.T) {
	both(t, func(t *testing.T, b *browsertest.B) {
		manifest := `{"manifest_version": 3, "name": "demo", "version": "1.0",
		  "background": {"service_worker": "sw.js", "scripts": ["sw.js"]},
		  "content_scripts": [{"matches": ["<all_urls>"], "js": ["cs.js"]}]}`
		b.Script("sw.js", func(c *browsertest.Ctx) { c.Listen() })
		var first *router.Port
		b.Script("cs.js", func(c *browsertest.Ctx) {
			c.Listen()
			p, _ := c.Connect(router.ExtensionTarget(""), "")
			if first == nil {
				first = p
			}
		})
		e := b.Load(ext(manifest, "sw.js", "cs.js"))
		tab := b.Tab("https://example.com/a", "")
		b.RunFor(time.Second)
		bgName := e.Background().Label
		if err := tab.Navigate("https://example.com/b"); err != nil {
			t.Fatal(err)
		}
		b.Log = nil
		if err := b.Sched.RunFor(time.Second); err != nil {
			t.Fatal(err)
		}
		s8 := ` error="The page keeping the extension port is moved into back/forward cache, so the message channel is closed."`
		if b.Browser.Profile().Name == "chrome" {
			if b.Log[0] != bgName+": port1 disconnect"+s8 {
				t.Fatalf("chrome: the worker's port should close with S8:\n%s", strings.Join(b.Log, "\n"))
			}
		} else {
			for _, l := range b.Log {
				if strings.Contains(l, "port1 disconnect") {
					t.Fatalf("firefox: a cached page's port must stay open: %s", l)
				}
			}
		}
		if err := tab.GoBack(); err != nil {
			t.Fatal(err)
		}
		b.Log = nil
		if err := b.Sched.RunFor(time.Second); err != nil {
			t.Fatal(err)
		}
		if tab.URL() != "https://example.com/a" {
			t.Fatalf("URL after back: %s", tab.URL())
		}
		if b.Browser.Profile().Name == "chrome" {
			// Going back caches /b, whose port closes with S8 too; then the
			// restored /a learns its port closed (errata 6: both ends see S8).
			b.Expect(bgName+": port2 disconnect"+s8, "tab 1 frame 0 content demo: port0 disconnect"+s8)
			return
		}
		if err := first.Post(serial.String("I'm back")); err != nil {
			t.Fatalf("firefox: restored port unusable: %v", err)
		}
		b.Log = nil
		b.RunFor(time.Second)
		if len(b.Log) == 0 || !strings.Contains(b.Log[0], `port1 message "I'm back"`) {
			t.Fatalf("firefox: message after restore: %q", b.Log)
		}
	})
}

// H1: a sub-frame navigation closes its ports with no error (errata 6: no
// bfcache for sub-frames).
func TestH1_SubFrameNavigationClosesPortsWithoutError(t *testing.T) {
	b := browsertest.New(t, browsertest.WithWeb(browser.MapWeb{
		"https://example.com/":      `<iframe src="/inner"></iframe>`,
		"https://example.com/inner": ``,
	}))
	b.Script("sw.js", func(c *browsertest.Ctx) { c.Listen() })
	b.Script("start.js", func(c *browsertest.Ctx) { _, _ = c.Connect(router.ExtensionTarget(""), "") })
	e := b.Load(mv3Files())
	tab := b.Tab("https://example.com/", "")
	if err := b.Sched.RunFor(time.Second); err != nil {
		t.Fatal(err)
	}
	bgName := e.Background().Label
	b.Log = nil
	if err := tab.Frame(1).Navigate("https://example.com/other"); err != nil {
		t.Fatal(err)
	}
	if err := b.Sched.RunFor(time.Second); err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(b.Log, bgName+": port2 disconnect") {
		t.Fatalf("the iframe's port did not close without error:\n%s", strings.Join(b.Log, "\n"))
	}
}

// H1 / H4 / FF-71: reloading a tab never puts the page in the back/forward
// cache: the old document's port closes with no error before the reloaded
// page's content script connects again (measured on Chromium 156 / Firefox
// ESR 153 by conformance case lc-tab-reload).
func TestH1_H4_FF71_ReloadClosesPortsWithoutErrorBeforeReconnect(t *testing.T) {
	both(t, func(t *testing.T, b *browsertest.B) {
		manifest := `{"manifest_version": 3, "name": "demo", "version": "1.0",
		  "background": {"service_worker": "sw.js", "scripts": ["sw.js"]},
		  "content_scripts": [{"matches": ["<all_urls>"], "js": ["cs.js"]}]}`
		b.Script("sw.js", func(c *browsertest.Ctx) { c.Listen() })
		b.Script("cs.js", func(c *browsertest.Ctx) { _, _ = c.Connect(router.ExtensionTarget(""), "") })
		e := b.Load(ext(manifest, "sw.js", "cs.js"))
		tab := b.Tab("https://example.com/a", "")
		b.RunFor(time.Second)
		bgName := e.Background().Label
		old := tab.MainFrame().Document()
		b.Log = nil
		if err := tab.Reload(); err != nil {
			t.Fatal(err)
		}
		if err := b.Sched.RunFor(time.Second); err != nil {
			t.Fatal(err)
		}
		disc, conn := slices.Index(b.Log, bgName+": port1 disconnect"), slices.IndexFunc(b.Log, func(l string) bool { return strings.HasPrefix(l, bgName+": runtime.onConnect") })
		if disc < 0 || conn < 0 || disc > conn {
			t.Fatalf("want the old port closed without error, then a new connection:\n%s", strings.Join(b.Log, "\n"))
		}
		if old.Active() || len(old.Contexts()) != 0 {
			t.Fatal("the reloaded-away document must be gone, not cached")
		}
		// Nothing cached to go back to: the reload made no history entry.
		if err := tab.GoBack(); err == nil {
			t.Fatal("a reload must not add a history entry")
		}
	})
}

// H6 / S3: reloading the extension invalidates its content scripts; the
// other end of their ports is told without error.
func TestH6_ExtensionReloadInvalidatesContentScripts(t *testing.T) {
	both(t, func(t *testing.T, b *browsertest.B) {
		manifest := `{"manifest_version": 3, "name": "demo", "version": "1.0",
		  "background": {"service_worker": "sw.js", "scripts": ["sw.js"]},
		  "content_scripts": [{"matches": ["<all_urls>"], "js": ["cs.js"]}]}`
		b.Script("sw.js", func(c *browsertest.Ctx) { c.Listen() })
		var cs *browsertest.Ctx
		b.Script("cs.js", func(c *browsertest.Ctx) {
			cs = c
			_, _ = c.Connect(router.ExtensionTarget(""), "")
		})
		e := b.Load(ext(manifest, "sw.js", "cs.js"))
		b.Tab("https://example.com/", "")
		if err := b.Sched.RunFor(time.Second); err != nil {
			t.Fatal(err)
		}
		e.Reload()
		if err := b.Sched.RunFor(time.Second); err != nil {
			t.Fatal(err)
		}
		if !cs.Invalidated() || !cs.Alive() {
			t.Fatal("the old content script should live on, invalidated")
		}
		if _, err := cs.Send(router.ExtensionTarget(""), serial.Null{}); err == nil || err.Error() != "Extension context invalidated." {
			t.Fatalf("call from invalidated content script: %v", err)
		}
		if e.Background() == nil || e.BackgroundStarts() != 2 {
			t.Fatal("background not restarted by reload")
		}
	})
}

// D10: a renderer crash disconnects the extension side's port.
func TestD10_TabCrashDisconnectsPorts(t *testing.T) {
	b := browsertest.New(t)
	b.Script("sw.js", func(c *browsertest.Ctx) { c.Listen() })
	b.Script("start.js", func(c *browsertest.Ctx) { _, _ = c.Connect(router.ExtensionTarget(""), "") })
	e := b.Load(mv3Files())
	tab := b.Tab("https://example.com/", "")
	if err := b.Sched.RunFor(time.Second); err != nil {
		t.Fatal(err)
	}
	bgName := e.Background().Label
	b.Log = nil
	tab.Crash()
	if err := b.Sched.RunFor(time.Second); err != nil {
		t.Fatal(err)
	}
	want := []string{"tab 1 frame 0 page: stop crashed", "tab 1 frame 0 content demo: stop crashed", bgName + ": port1 disconnect"}
	b.Expect(want...)
	if err := tab.Reload(); err != nil {
		t.Fatal(err)
	}
	if err := b.Sched.RunFor(time.Second); err != nil {
		t.Fatal(err)
	}
	if tab.MainFrame().Document() == nil {
		t.Fatal("reload did not recover the crashed tab")
	}
}

// A popup's port to the background closes when the popup closes.
func TestPopupOpenAndClose(t *testing.T) {
	b := browsertest.New(t)
	b.Script("sw.js", func(c *browsertest.Ctx) { c.Listen() })
	b.Script("popup.js", func(c *browsertest.Ctx) { _, _ = c.Connect(router.ExtensionTarget(""), "popup") })
	e := b.Load(mv3Files())
	popup, err := e.OpenPopup()
	if err != nil {
		t.Fatal(err)
	}
	b.RunFor(time.Second)
	bgPorts := func() []*router.Port {
		return b.Ctx(e.Background()).Ports
	}
	if popup.Kind != router.KindPopup || len(bgPorts()) != 1 {
		t.Fatalf("popup kind %v, background ports %d", popup.Kind, len(bgPorts()))
	}
	b.Log = nil
	e.ClosePopup()
	if err := b.Sched.RunFor(time.Second); err != nil {
		t.Fatal(err)
	}
	b.Expect("popup demo: stop closed", e.Background().Label+": port1 disconnect")
}

// Dynamic injection creates the isolated world where there was none.
func TestExecuteScriptInjectsIntoChosenFrames(t *testing.T) {
	b := browsertest.New(t, browsertest.WithWeb(browser.MapWeb{
		"https://other.org/": `<iframe src="https://other.org/f"></iframe>`,
	}))
	e := b.Load(mv3Files())
	tab := b.Tab("https://other.org/", "")
	b.Run()
	b.Log = nil
	var ran []int
	if err := e.ExecuteScript(tab, nil, true, []string{"end.js"}, func(frames []int) { ran = frames }); err != nil {
		t.Fatal(err)
	}
	b.Run()
	b.Expect("tab 1 frame 0 content demo: run end.js", "tab 1 frame 1 content demo: run end.js")
	if !slices.Equal(ran, []int{0, 1}) {
		t.Fatalf("done reported frames %v", ran)
	}
}

// 1,000 tabs with two frames and a content script per frame, for two
// extensions, opened, navigated and closed: nothing leaks.
func TestThousandTabsOpenNavigateCloseLeaveNothingBehind(t *testing.T) {
	n := 1000
	if testing.Short() {
		n = 100
	}
	web := browser.MapWeb{"/": `<iframe src="/frame"></iframe>`, "/frame": ``, "/next": `<iframe src="/frame"></iframe>`}
	b := browsertest.New(t, browsertest.WithWeb(web))
	cs := `{"manifest_version": 3, "name": "%s", "version": "1", "content_scripts": [{"matches": ["<all_urls>"], "js": ["cs.js"], "all_frames": true}]}`
	b.Load(ext(strings.Replace(cs, "%s", "one", 1), "cs.js"))
	b.Load(ext(strings.Replace(cs, "%s", "two", 1), "cs.js"))
	var tabs []*browser.Tab
	for i := 0; i < n; i++ {
		tabs = append(tabs, b.Tab("https://example.com/", ""))
	}
	b.Run()
	st := b.Stats()
	// Per tab: 2 frames x (page + 2 content scripts).
	if st.Contexts != n*6 || st.Frames != n*2 {
		t.Fatalf("after open: %+v", st)
	}
	for _, tab := range tabs {
		if err := tab.Navigate("https://example.com/next"); err != nil {
			t.Fatal(err)
		}
	}
	b.Run()
	for _, tab := range tabs {
		tab.Close()
	}
	b.Run()
	b.Log = nil
	st = b.Stats()
	if st.Contexts != 0 || st.Tabs != 0 || st.Frames != 0 || st.Timers || st.Router.Endpoints != 0 || st.Router.Ports != 0 || st.Router.Channels != 0 {
		t.Fatalf("leak after closing every tab: %+v", st)
	}
}
