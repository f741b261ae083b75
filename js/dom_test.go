package js_test

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/extsim/extsim/browser"
	"github.com/extsim/extsim/js"
)

// domBrowser is a browser running JavaScript with one extension whose
// files are given; console lines are "label: text".
func domBrowser(t *testing.T, files fstest.MapFS) (*browser.Browser, *js.Host, *[]string) {
	t.Helper()
	var out []string
	h := js.NewHost(js.Options{Console: func(e js.ConsoleEntry) { out = append(out, e.Context+": "+e.Text) }})
	b := browser.New(browser.Options{Host: h})
	h.Attach(b)
	if files != nil {
		if _, err := b.LoadExtension(files, browser.LoadOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	return b, h, &out
}

func run(t *testing.T, b *browser.Browser) {
	t.Helper()
	if err := b.Run(); err != nil {
		t.Fatal(err)
	}
}

// DOMContentLoaded and load fire at their points of the load pipeline:
// document_start scripts run while loading and hear both; page scripts
// too; DOMContentLoaded has fired when document_end scripts run (Chromium
// injects them from DidDispatchDOMContentLoadedEvent; Firefox once the
// document is interactive), which still hear load; document_idle scripts
// run once the document is complete and hear neither.
func TestLoadEventsFollowTheRunAtPipeline(t *testing.T) {
	listen := func(who string) string {
		return `console.log("` + who + ` runs", document.readyState);
		window.addEventListener("DOMContentLoaded", function (e) { console.log("` + who + ` DOMContentLoaded", document.readyState, e.target === document); });
		window.addEventListener("load", function (e) { console.log("` + who + ` load", document.readyState, e.target === document); });
		document.addEventListener("readystatechange", function () { console.log("` + who + ` readystatechange", document.readyState); });`
	}
	for _, prof := range []struct {
		name string
		p    *browser.Profile
	}{{"chrome", browser.Chrome()}, {"firefox", browser.Firefox()}} {
		t.Run(prof.name, func(t *testing.T) {
			var out []string
			h := js.NewHost(js.Options{Console: func(e js.ConsoleEntry) { out = append(out, e.Context+": "+e.Text) }})
			b := browser.New(browser.Options{Host: h, Profile: prof.p})
			h.Attach(b)
			files := fstest.MapFS{
				"manifest.json": {Data: []byte(`{"manifest_version": 2, "name": "x", "version": "1", "content_scripts": [
				  {"matches": ["<all_urls>"], "js": ["start.js"], "run_at": "document_start"},
				  {"matches": ["<all_urls>"], "js": ["end.js"], "run_at": "document_end"},
				  {"matches": ["<all_urls>"], "js": ["idle.js"], "run_at": "document_idle"}]}`)},
				"start.js": {Data: []byte(listen("start"))},
				"end.js":   {Data: []byte(listen("end"))},
				"idle.js":  {Data: []byte(listen("idle"))},
			}
			if prof.name == "chrome" {
				files["manifest.json"].Data = []byte(strings.Replace(string(files["manifest.json"].Data), `"manifest_version": 2`, `"manifest_version": 3`, 1))
			}
			if _, err := b.LoadExtension(files, browser.LoadOptions{}); err != nil {
				t.Fatal(err)
			}
			if _, err := b.NewTab("https://example.com/", browser.TabOptions{HTML: "<script>" + listen("page") + "</script>"}); err != nil {
				t.Fatal(err)
			}
			run(t, b)
			cs, pg := "tab 1 frame 0 content x: ", "tab 1 frame 0 page: "
			want := []string{
				cs + "start runs loading",
				pg + "page runs loading",
				cs + "start readystatechange interactive", pg + "page readystatechange interactive",
				cs + "start DOMContentLoaded interactive true", pg + "page DOMContentLoaded interactive true",
				cs + "end runs interactive",
				cs + "start readystatechange complete", pg + "page readystatechange complete", cs + "end readystatechange complete",
				cs + "start load complete true", pg + "page load complete true", cs + "end load complete true",
				cs + "idle runs complete",
			}
			if strings.Join(out, "\n") != strings.Join(want, "\n") {
				t.Fatalf("got\n  %s\nwant\n  %s", strings.Join(out, "\n  "), strings.Join(want, "\n  "))
			}
		})
	}
}

// The page and a content script see one tree through their own wrappers:
// nodes the page adds are in the content script's document, expandos are
// not shared, and events reach both worlds' listeners.
func TestPageAndContentScriptShareTheTree(t *testing.T) {
	b, _, out := domBrowser(t, fstest.MapFS{
		"manifest.json": {Data: []byte(`{"manifest_version": 3, "name": "cs", "version": "1", "content_scripts": [{"matches": ["<all_urls>"], "js": ["cs.js"], "run_at": "document_end"}]}`)},
		"cs.js": {Data: []byte(`var added = document.querySelector("#list > li.added");
		  console.log("content sees", added.textContent, "expando", added.mark, document.querySelectorAll("li").length);
		  added.mark = "content's";
		  var note = document.createElement("p"); note.id = "note"; note.textContent = "from content";
		  document.body.append(note);
		  document.body.addEventListener("ping", function (e) { console.log("content heard", e.type, e.detail && e.detail.n); });
		  note.dispatchEvent(new CustomEvent("ping", {bubbles: true, detail: {n: 2}}));`)},
	})
	if _, err := b.NewTab("https://example.com/", browser.TabOptions{HTML: `<ul id="list"><li>first</li></ul><script>
		var li = document.createElement("li"); li.className = "added"; li.textContent = "second"; li.mark = "page's";
		document.getElementById("list").appendChild(li);
		document.body.addEventListener("ping", function (e) { console.log("page heard", e.type, e.detail && e.detail.n); });
		window.addEventListener("load", function () {
		  console.log("page sees", document.getElementById("note").textContent, "expando", li.mark);
		  document.body.dispatchEvent(new CustomEvent("ping", {detail: {n: 1}}));
		});
	</script>`}); err != nil {
		t.Fatal(err)
	}
	run(t, b)
	want := []string{
		"tab 1 frame 0 content cs: content sees second expando undefined 2",
		"tab 1 frame 0 page: page heard ping 2",
		"tab 1 frame 0 content cs: content heard ping 2",
		"tab 1 frame 0 page: page sees from content expando page's",
		"tab 1 frame 0 page: page heard ping 1",
		"tab 1 frame 0 content cs: content heard ping 1",
	}
	if strings.Join(*out, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got\n  %s\nwant\n  %s", strings.Join(*out, "\n  "), strings.Join(want, "\n  "))
	}
}

// Host.ClickSelector clicks the first match of a CSS selector with a
// trusted click every world hears; bad selectors and no match are errors.
func TestClickSelector(t *testing.T) {
	b, h, out := domBrowser(t, fstest.MapFS{
		"manifest.json": {Data: []byte(`{"manifest_version": 3, "name": "cs", "version": "1", "content_scripts": [{"matches": ["<all_urls>"], "js": ["cs.js"]}]}`)},
		"cs.js":         {Data: []byte(`document.addEventListener("click", function (e) { console.log("content: click on", e.target.id, e.isTrusted); }, true);`)},
	})
	tab, err := b.NewTab("https://example.com/", browser.TabOptions{HTML: `<div><button id="a">A</button><button id="b" class="go">B</button></div><script>
		document.querySelector(".go").addEventListener("click", function (e) { console.log("page: clicked", this.id, e.isTrusted, e.eventPhase); });
	</script>`})
	if err != nil {
		t.Fatal(err)
	}
	run(t, b)
	doc := tab.MainFrame().Document()
	if err := h.ClickSelector(doc, "div > button.go"); err != nil {
		t.Fatal(err)
	}
	if len(*out) != 0 {
		t.Fatalf("the click ran before its task: %q", *out)
	}
	run(t, b)
	expectOut(t, out, "tab 1 frame 0 content cs: content: click on b true", "tab 1 frame 0 page: page: clicked b true 2")
	for sel, want := range map[string]string{
		"#missing": `js: clicking in https://example.com/: no element matches "#missing"`,
		"button[":  `js: clicking in https://example.com/: "button[" is not a valid selector`,
	} {
		if err := h.ClickSelector(doc, sel); err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("ClickSelector(%q) = %v, want %q", sel, err, want)
		}
	}
	if err := h.ClickSelector(nil, "body"); err == nil {
		t.Error("ClickSelector(nil document) succeeded")
	}
}

// pagehide fires when a page is left: persisted when it goes into the
// back/forward cache, not when its tab closes; H5: what a pagehide
// listener does still happens (here, console output) before the context
// stops.
func TestPagehide(t *testing.T) {
	b, _, out := domBrowser(t, nil)
	tab, err := b.NewTab("https://example.com/", browser.TabOptions{HTML: `<script>
		window.addEventListener("pagehide", function (e) { console.log("pagehide", e.persisted, e.isTrusted, e instanceof PageTransitionEvent); });
	</script>`})
	if err != nil {
		t.Fatal(err)
	}
	run(t, b)
	if err := tab.NavigateHTML("https://example.com/next", `<script>window.onpagehide = function (e) { console.log("next pagehide", e.persisted); };</script>`); err != nil {
		t.Fatal(err)
	}
	run(t, b)
	tab.Close()
	run(t, b)
	expectOut(t, out, "tab 1 frame 0 page: pagehide true true true", "tab 1 frame 0 page: next pagehide false")
}

// Crashed renderers fire nothing.
func TestNoPagehideOnCrash(t *testing.T) {
	b, _, out := domBrowser(t, nil)
	tab, err := b.NewTab("https://example.com/", browser.TabOptions{HTML: `<script>window.addEventListener("pagehide", function () { console.log("pagehide"); });</script>`})
	if err != nil {
		t.Fatal(err)
	}
	run(t, b)
	tab.Crash()
	run(t, b)
	expectOut(t, out)
}

// A runaway listener is interrupted and reported in its own world; the
// other worlds' listeners still run, and the browser goes on.
func TestRunawayListenerIsInterrupted(t *testing.T) {
	var out []string
	h := js.NewHost(js.Options{ScriptTimeout: 50 * time.Millisecond, Console: func(e js.ConsoleEntry) { out = append(out, e.Context+": "+e.Text) }})
	b := browser.New(browser.Options{Host: h})
	h.Attach(b)
	files := fstest.MapFS{
		"manifest.json": {Data: []byte(`{"manifest_version": 3, "name": "cs", "version": "1", "content_scripts": [{"matches": ["<all_urls>"], "js": ["cs.js"]}]}`)},
		"cs.js":         {Data: []byte(`document.body.addEventListener("click", function () { console.log("content still hears the click"); });`)},
	}
	if _, err := b.LoadExtension(files, browser.LoadOptions{}); err != nil {
		t.Fatal(err)
	}
	tab, err := b.NewTab("https://example.com/", browser.TabOptions{HTML: `<script>
		document.body.addEventListener("click", function () { for (;;) {} });
		document.body.addEventListener("spin", function () { for (;;) {} });
		document.body.dispatchEvent(new Event("spin"));
		console.log("never: the whole entry is interrupted");
	</script>`})
	if err != nil {
		t.Fatal(err)
	}
	run(t, b)
	if err := h.ClickSelector(tab.MainFrame().Document(), "body"); err != nil {
		t.Fatal(err)
	}
	run(t, b)
	if len(out) != 3 || !strings.Contains(out[0], "script timeout") || !strings.Contains(out[1], "script timeout") ||
		out[2] != "tab 1 frame 0 content cs: content still hears the click" {
		t.Fatalf("console: %q", out)
	}
}

// Setting document.title changes the tab's title (tabs.Tab.title).
func TestDocumentTitleIsTheTabTitle(t *testing.T) {
	b, _, _ := domBrowser(t, nil)
	tab, err := b.NewTab("https://example.com/", browser.TabOptions{HTML: `<title>Old</title><script>document.title = "New  title";</script>`})
	if err != nil {
		t.Fatal(err)
	}
	run(t, b)
	if tab.Title() != "New title" {
		t.Fatalf("tab title %q", tab.Title())
	}
}
