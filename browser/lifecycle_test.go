package browser_test

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/extsim/extsim/browser"
	"github.com/extsim/extsim/browser/browsertest"
	"github.com/extsim/extsim/router"
	"github.com/extsim/extsim/router/serial"
)

func ptr[T any](v T) *T { return &v }

func TestTabsQuery(t *testing.T) {
	b := browsertest.New(t)
	w1 := b.NewWindow()
	a, _ := b.NewTab("https://example.com/a", browser.TabOptions{Window: w1, HTML: "<title>Alpha</title>"})
	bb, _ := b.NewTab("https://example.org/b", browser.TabOptions{Window: w1, Background: true, HTML: "<title>Beta</title>"})
	w2 := b.NewWindow()
	c, _ := b.NewTab("https://example.com/c", browser.TabOptions{Window: w2})
	b.Run()
	ids := func(q browser.Query, current *browser.Window) []int {
		ts, err := b.QueryTabs(q, current)
		if err != nil {
			t.Fatal(err)
		}
		var out []int
		for _, x := range ts {
			out = append(out, x.ID)
		}
		return out
	}
	for _, tc := range []struct {
		name    string
		q       browser.Query
		current *browser.Window
		want    []int
	}{
		{"all", browser.Query{}, nil, []int{a.ID, bb.ID, c.ID}},
		{"active", browser.Query{Active: ptr(true)}, nil, []int{a.ID, c.ID}},
		{"active in current window (MDN tabs.connect example)", browser.Query{Active: ptr(true), CurrentWindow: ptr(true)}, w1, []int{a.ID}},
		{"current window defaults to the focused one", browser.Query{CurrentWindow: ptr(true)}, nil, []int{c.ID}},
		{"lastFocusedWindow", browser.Query{LastFocusedWindow: ptr(false)}, nil, []int{a.ID, bb.ID}},
		{"url pattern", browser.Query{URL: []string{"https://*.com/*"}}, nil, []int{a.ID, c.ID}},
		{"windowId and index", browser.Query{WindowID: ptr(w1.ID), Index: ptr(1)}, nil, []int{bb.ID}},
		{"title glob", browser.Query{Title: "B*a"}, nil, []int{bb.ID}},
		{"status", browser.Query{Status: "loading"}, nil, nil},
	} {
		if got := ids(tc.q, tc.current); !slices.Equal(got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
	_, err := b.QueryTabs(browser.Query{URL: []string{"not a pattern"}}, nil)
	var qe *browser.QueryError
	if !errors.As(err, &qe) || qe.Message != "Invalid url pattern 'not a pattern'" {
		t.Fatalf("bad pattern: %v", err)
	}
	b.FocusWindow(w1)
	if got := ids(browser.Query{CurrentWindow: ptr(true)}, nil); !slices.Equal(got, []int{a.ID, bb.ID}) {
		t.Fatalf("after focusing w1: %v", got)
	}
	w1.Close()
	if got := ids(browser.Query{}, nil); !slices.Equal(got, []int{c.ID}) || b.FocusedWindow() != w2 {
		t.Fatalf("after closing w1: %v", got)
	}
}

// Rows 24-25 / FF-76: a Firefox event page suspends after 30 s idle even
// with an open port, which then disconnects; messages reset the timer.
func TestFF76_FirefoxEventPageIdlesOutDespiteAnOpenPort(t *testing.T) {
	b := browsertest.Firefox(t)
	manifest := `{"manifest_version": 3, "name": "ev", "version": "1",
	  "background": {"scripts": ["bg.js"]},
	  "content_scripts": [{"matches": ["<all_urls>"], "js": ["cs.js"]}]}`
	b.Script("bg.js", func(c *browsertest.Ctx) { c.Listen() })
	var port *router.Port
	b.Script("cs.js", func(c *browsertest.Ctx) { port, _ = c.Connect(router.ExtensionTarget(""), "") })
	e := b.Load(ext(manifest, "bg.js", "cs.js"))
	b.Tab("https://example.com/", "")
	b.RunFor(29 * time.Second)
	_ = port.Post(serial.String("ping")) // FF-76: Port.onMessage resets the idle timer
	b.RunFor(29 * time.Second)
	if e.Background() == nil || e.Background().Kind != router.KindBackgroundPage {
		t.Fatal("event page stopped early or is not a background page")
	}
	b.Log = nil
	b.RunFor(2 * time.Second)
	if e.Background() != nil {
		t.Fatal("event page did not suspend")
	}
	b.Expect("background ev: stop suspended", "tab 1 frame 0 content ev: port0 disconnect")
}

// An MV2 persistent background page never idles (Firefox profile: Chrome
// refuses MV2).
func TestPersistentBackgroundNeverIdles(t *testing.T) {
	b := browsertest.Firefox(t)
	e := b.Load(ext(`{"manifest_version": 2, "name": "p", "version": "1", "background": {"scripts": ["bg.js"]}}`, "bg.js"))
	b.RunFor(time.Hour)
	if e.Background() == nil {
		t.Fatal("persistent background stopped")
	}
	ev := b.Load(ext(`{"manifest_version": 2, "name": "e", "version": "1", "background": {"scripts": ["bg.js"], "persistent": false}}`, "bg.js"))
	b.RunFor(time.Minute)
	if ev.Background() != nil {
		t.Fatal("event page (persistent: false) did not idle")
	}
}

// StopBackground is the "stop the service worker now" fault (H7).
func TestH7_StopTheWorkerNow(t *testing.T) {
	b := browsertest.New(t)
	b.Script("sw.js", func(c *browsertest.Ctx) { c.Listen() })
	b.Script("start.js", func(c *browsertest.Ctx) { _, _ = c.Connect(router.ExtensionTarget(""), "") })
	e := b.Load(mv3Files())
	b.Tab("https://example.com/", "")
	b.RunFor(time.Second)
	b.Log = nil
	e.StopBackground()
	b.RunFor(time.Millisecond)
	b.Expect("service-worker demo: stop worker-stopped", "tab 1 frame 0 content demo: port0 disconnect")
}

// The options page opens in a tab as an options context; an extension page
// in a tab receives tabs.sendMessage (D4).
func TestOptionsPageAndExtensionPagesInTabs(t *testing.T) {
	b := browsertest.New(t)
	files := ext(`{"manifest_version": 3, "name": "o", "version": "1", "background": {"service_worker": "sw.js"},
	  "options_ui": {"page": "options.html"}}`, "sw.js", "page.js")
	files["options.html"] = &fstest.MapFile{Data: []byte(`<title>Options</title>`)}
	files["page.html"] = &fstest.MapFile{Data: []byte(`<script src="page.js"></script>`)}
	b.Script("page.js", func(c *browsertest.Ctx) { c.Listen() })
	e := b.Load(files)
	tab, err := e.OpenOptionsPage()
	if err != nil {
		t.Fatal(err)
	}
	page := b.Tab(e.URL("page.html"), "")
	b.RunFor(time.Second)
	if k := tab.MainFrame().Document().Contexts()[0].Kind; k != router.KindOptionsPage || tab.Title() != "Options" {
		t.Fatalf("options tab: kind %v title %q", k, tab.Title())
	}
	bg := b.Ctx(e.Background())
	if _, err := bg.Send(router.TabTarget(page.ID), serial.String("hi page")); err != nil {
		t.Fatal(err)
	}
	b.Log = nil
	b.RunFor(time.Second)
	pageCtx := page.MainFrame().Document().Contexts()[0]
	if pageCtx.Kind != router.KindExtensionPage || len(b.Ctx(pageCtx).Requests) != 1 {
		t.Fatalf("extension page in a tab did not receive tabs.sendMessage: %q", b.Log)
	}
}

// Frames added and removed by the page: the content script of a removed
// frame ends (frame-removed) and its port closes without error.
func TestFramesAddedAndRemoved(t *testing.T) {
	b := browsertest.New(t)
	b.Script("sw.js", func(c *browsertest.Ctx) { c.Listen() })
	b.Script("start.js", func(c *browsertest.Ctx) { _, _ = c.Connect(router.ExtensionTarget(""), "") })
	e := b.Load(mv3Files())
	tab := b.Tab("https://example.com/", "")
	b.RunFor(time.Second)
	f, err := tab.MainFrame().AddFrame("https://example.com/added")
	if err != nil {
		t.Fatal(err)
	}
	b.RunFor(time.Second)
	if len(tab.Frames()) != 2 || f.Document() == nil || f.ID <= 0 {
		t.Fatalf("frames %d", len(tab.Frames()))
	}
	b.Log = nil
	if err := f.Remove(); err != nil {
		t.Fatal(err)
	}
	b.RunFor(time.Second)
	b.Expect(fmt.Sprintf("tab 1 frame %d page: stop frame-removed", f.ID), fmt.Sprintf("tab 1 frame %d content demo: stop frame-removed", f.ID), e.Background().Label+": port2 disconnect")
	if err := tab.MainFrame().Remove(); err == nil {
		t.Fatal("removing the top frame must fail")
	}
	if err := f.Remove(); !errors.Is(err, browser.ErrClosed) {
		t.Fatalf("second remove: %v", err)
	}
}

// match_about_blank: an about:blank iframe is matched by its parent's URL.
func TestMatchAboutBlankUsesTheCreatorsURL(t *testing.T) {
	b := browsertest.New(t)
	b.Load(ext(`{"manifest_version": 3, "name": "ab", "version": "1",
	  "content_scripts": [{"matches": ["https://example.com/*"], "js": ["cs.js"], "all_frames": true, "match_about_blank": true}]}`, "cs.js"))
	b.Tab("https://example.com/", `<iframe></iframe>`)
	b.Run()
	n := 0
	for _, l := range b.Log {
		if strings.HasSuffix(l, "run cs.js") {
			n++
		}
	}
	if n != 2 {
		t.Fatalf("content script ran in %d frames, want 2 (top and about:blank):\n%s", n, strings.Join(b.Log, "\n"))
	}
}

// The virtual web: a directory, a handler (called in-process), a map; 404s.
func TestVirtualWebSources(t *testing.T) {
	dir := fstest.MapFS{"index.html": {Data: []byte("<title>From dir</title>")}, "sub/page.html": {Data: []byte("<title>Sub</title>")}}
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, "<title>Handled %s</title>", r.URL.Path)
	})
	for _, tc := range []struct {
		web        browser.Web
		url, title string
	}{
		{browser.DirWeb{FS: dir}, "https://x.test/", "From dir"},
		{browser.DirWeb{FS: dir}, "https://x.test/sub/page.html", "Sub"},
		{browser.DirWeb{FS: dir}, "https://x.test/missing", "404"},
		{browser.HandlerWeb{Handler: handler}, "https://x.test/p", "Handled /p"},
		{browser.MapWeb{"/m": "<title>Mapped</title>"}, "https://any.test/m", "Mapped"},
		{browser.EmptyWeb{}, "https://x.test/", "https://x.test/"},
	} {
		b := browsertest.New(t, browsertest.WithWeb(tc.web))
		tab := b.Tab(tc.url, "")
		b.Run()
		if tab.Title() != tc.title {
			t.Errorf("%T %s: title %q, want %q", tc.web, tc.url, tab.Title(), tc.title)
		}
	}
}

// Reload gives a new document (new documentId); same URL.
func TestReloadMakesANewDocument(t *testing.T) {
	b := browsertest.New(t)
	tab := b.Tab("https://example.com/", "")
	b.Run()
	first := tab.MainFrame().Document().ID
	if err := tab.Reload(); err != nil {
		t.Fatal(err)
	}
	b.Run()
	second := tab.MainFrame().Document().ID
	if first == second || len(second) != 32 || strings.ToUpper(second) != second {
		t.Fatalf("documentIds %q then %q", first, second)
	}
}

// Going back to an entry whose document was evicted loads it anew; the
// cache keeps at most six documents per tab.
func TestBFCacheEvictionAndReloadOnBack(t *testing.T) {
	b := browsertest.New(t)
	tab := b.Tab("https://example.com/0", "")
	b.Run()
	first := tab.MainFrame().Document()
	for i := 1; i <= 7; i++ {
		if err := tab.Navigate(fmt.Sprintf("https://example.com/%d", i)); err != nil {
			t.Fatal(err)
		}
		b.Run()
	}
	if first.Active() {
		t.Fatal("first document still active")
	}
	for i := 0; i < 7; i++ {
		if err := tab.GoBack(); err != nil {
			t.Fatal(err)
		}
		b.Run()
	}
	if tab.URL() != "https://example.com/0" || tab.MainFrame().Document() == first {
		t.Fatalf("back to %s; evicted document should have been reloaded", tab.URL())
	}
	if err := tab.GoBack(); err == nil {
		t.Fatal("going back past the first entry must fail")
	}
}

// A background page given as HTML runs its <script>s (Firefox MV2 here).
func TestBackgroundPageRunsItsScripts(t *testing.T) {
	b := browsertest.Firefox(t)
	files := ext(`{"manifest_version": 2, "name": "bp", "version": "1", "background": {"page": "bg.html"}}`, "a.js", "b.js")
	files["bg.html"] = &fstest.MapFile{Data: []byte(`<script src="a.js"></script><script src="b.js"></script>`)}
	e := b.Load(files)
	b.Run()
	b.Expect("background bp: run a.js", "background bp: run b.js", "background bp: event runtime.onInstalled")
	if e.Background().Document == nil || e.Background().URL != e.URL("bg.html") {
		t.Fatal("background page has no document or the wrong URL")
	}
}

// B8 / C1 through the browser: two installed extensions, one connects to the
// other, which gets onConnectExternal with sender.id; externally_connectable
// ids restrict it (C2).
func TestB8_C2_TwoExtensionsTalk(t *testing.T) {
	for _, prof := range []func() *browser.Profile{browser.Chrome, browser.Firefox} {
		b := browsertest.New(t, browsertest.WithProfile(prof()))
		b.Script("receiver.js", func(c *browsertest.Ctx) { c.Listen() })
		recv := b.Load(ext(`{"manifest_version": 3, "name": "receiver", "version": "1",
		  "browser_specific_settings": {"gecko": {"id": "receiver@example.org"}},
		  "background": {"service_worker": "receiver.js", "scripts": ["receiver.js"]}}`, "receiver.js"))
		send := b.Load(ext(`{"manifest_version": 3, "name": "sender", "version": "1",
		  "background": {"service_worker": "sender.js", "scripts": ["sender.js"]}}`, "sender.js"))
		b.RunFor(time.Second)
		if _, err := b.Ctx(send.Background()).Connect(router.ExtensionTarget(recv.ID), "ext"); err != nil {
			t.Fatal(err)
		}
		b.RunFor(time.Second)
		ports := b.Ctx(recv.Background()).Ports
		if len(ports) != 1 || ports[0].Event() != router.OnConnectExternal || ports[0].Sender().String("id") != send.ID {
			t.Fatalf("%s: ports %d", b.Profile().Name, len(ports))
		}
	}
	// Chrome: externally_connectable without the sender's id blocks it (C2, C3).
	b := browsertest.New(t)
	b.Script("receiver.js", func(c *browsertest.Ctx) { c.Listen() })
	recv := b.Load(ext(`{"manifest_version": 3, "name": "receiver", "version": "1",
	  "background": {"service_worker": "receiver.js"},
	  "externally_connectable": {"ids": ["abcdefghijklmnopabcdefghijklmnop"]}}`, "receiver.js"))
	send := b.Load(ext(`{"manifest_version": 3, "name": "sender", "version": "1", "background": {"service_worker": "sender.js"}}`, "sender.js"))
	b.RunFor(time.Second)
	if _, err := b.Ctx(send.Background()).Connect(router.ExtensionTarget(recv.ID), ""); err != nil {
		t.Fatal(err)
	}
	b.Log = nil
	b.RunFor(time.Second)
	b.Expect(`service-worker sender: port0 disconnect error="Could not establish connection. Receiving end does not exist."`)
}

// ClickAction: with a popup it opens; otherwise the background gets the
// action's onClicked event with the tab, waking it if it idled out.
func TestClickAction(t *testing.T) {
	b := browsertest.Firefox(t)
	var got []string
	b.Script("bg.js", func(c *browsertest.Ctx) {
		c.OnEvent = func(name string, args []serial.Value) {
			if name == "runtime.onInstalled" {
				return
			}
			tab := args[0].(*serial.Object)
			got = append(got, fmt.Sprintf("%s %v", name, tab.Props[0].Value))
		}
	})
	e := b.Load(ext(`{"manifest_version": 2, "name": "ba", "version": "1", "background": {"scripts": ["bg.js"], "persistent": false}, "browser_action": {}}`, "bg.js"))
	tab := b.Tab("https://example.com/", "")
	b.Run() // the event page idles out
	if e.Background() != nil {
		t.Fatal("event page still running")
	}
	if err := e.ClickAction(tab); err != nil {
		t.Fatal(err)
	}
	b.RunFor(time.Second)
	if len(got) != 1 || got[0] != "browserAction.onClicked 1" {
		t.Fatalf("events: %q", got)
	}
	withPopup := b.Load(mv3Files())
	if err := withPopup.ClickAction(tab); err != nil {
		t.Fatal(err)
	}
	b.RunFor(time.Second)
	if !slices.Contains(b.Log, "popup demo: run popup.js") {
		t.Fatal("click did not open the popup")
	}
}

// "world": "MAIN" content scripts run in the page's own context (after the
// isolated document_start scripts, before the page's scripts), not in an
// isolated world.
func TestMainWorldContentScriptsRunInThePageContext(t *testing.T) {
	b := browsertest.New(t)
	b.Load(ext(`{"manifest_version": 3, "name": "mw", "version": "1",
	  "content_scripts": [
	    {"matches": ["<all_urls>"], "js": ["main.js"], "world": "MAIN", "run_at": "document_start"},
	    {"matches": ["<all_urls>"], "js": ["iso.js"], "run_at": "document_start"}
	  ]}`, "main.js", "iso.js"))
	b.Tab("https://example.com/", "<script>page()</script>")
	b.Run()
	b.Expect("tab 1 frame 0 content mw: run iso.js", "tab 1 frame 0 page: run main.js", "tab 1 frame 0 page: run inline")
}
