package js_test

import (
	"testing"
	"time"

	"github.com/extsim/extsim/browser"
	"github.com/extsim/extsim/js"
)

// frameBrowser is a browser running JavaScript whose web has a top page with one iframe (/a) whose scripts are given.
func frameBrowser(t *testing.T, top, a string) (*browser.Browser, *[]string) {
	t.Helper()
	var out []string
	h := js.NewHost(js.Options{Console: func(e js.ConsoleEntry) { out = append(out, e.Context+": "+e.Text) }})
	b := browser.New(browser.Options{Host: h, Web: browser.MapWeb{
		"https://example.com/":  `<body><iframe src="/a"></iframe>` + top + `</body>`,
		"https://example.com/a": a,
		"https://example.com/b": `<script>console.log("b loaded", location.href);</script>`,
	}})
	h.Attach(b)
	return b, &out
}

// H1: setting location.href in a sub-frame navigates that frame, not the
// tab (measured on Chromium 156 / Firefox ESR 153 by conformance case
// lc-subframe-navigates); the old document ends (pagehide not persisted).
func TestH1_LocationHrefNavigatesItsFrame(t *testing.T) {
	b, out := frameBrowser(t, "", `<script>
		window.addEventListener("pagehide", function (e) { console.log("a pagehide", e.persisted); });
		setTimeout(function () { location.href = "/b?x=1"; }, 10);
	</script>`)
	tab, err := b.NewTab("https://example.com/", browser.TabOptions{})
	if err != nil {
		t.Fatal(err)
	}
	run(t, b)
	frames := tab.MainFrame().Children()
	if len(frames) != 1 || frames[0].Document() == nil || frames[0].Document().URL != "https://example.com/b?x=1" {
		t.Fatalf("the iframe did not navigate to /b?x=1: %v", frames)
	}
	if tab.URL() != "https://example.com/" {
		t.Fatalf("the tab navigated too: %s", tab.URL())
	}
	expectOut(t, out, "tab 1 frame 1 page: a pagehide false", "tab 1 frame 1 page: b loaded https://example.com/b?x=1")
}

// location.assign and location.replace in the top frame navigate the tab;
// a URL that does not parse throws Chrome's SyntaxError and navigates
// nothing; assign with no argument throws Chrome's TypeError.
func TestLocationAssignAndBadURLs(t *testing.T) {
	b, out := frameBrowser(t, `<script>
		try { location.href = "http://[::1"; } catch (e) { console.log(e.name, e.message); }
		try { location.assign(); } catch (e) { console.log(e.name, e.message); }
		console.log(typeof location.replace, typeof location.reload, String(location));
		setTimeout(function () { location.assign("b"); }, 10);
	</script>`, ``)
	tab, err := b.NewTab("https://example.com/", browser.TabOptions{})
	if err != nil {
		t.Fatal(err)
	}
	run(t, b)
	if tab.URL() != "https://example.com/b" {
		t.Fatalf("tab URL %s, want https://example.com/b", tab.URL())
	}
	expectOut(t, out,
		"tab 1 frame 0 page: SyntaxError Failed to set the 'href' property on 'Location': 'http://[::1' is not a valid URL.",
		"tab 1 frame 0 page: TypeError Failed to execute 'assign' on 'Location': 1 argument required, but only 0 present.",
		"tab 1 frame 0 page: function function https://example.com/",
		"tab 1 frame 0 page: b loaded https://example.com/b")
}

// D8 / H1: a script removing an <iframe> element removes its frame: the
// frame's document ends (pagehide, not persisted) and the frame is gone
// (conformance case lc-subframe-removed; the port side is tested in
// js/webext).
func TestD8_H1_RemovingTheIframeElementRemovesTheFrame(t *testing.T) {
	for _, tc := range []struct{ name, remove string }{
		{"remove", `document.querySelector("iframe").remove();`},
		{"removeChild", `document.body.removeChild(document.querySelector("iframe"));`},
		{"innerHTML of an ancestor", `document.body.innerHTML = "<p>gone</p>";`},
		{"textContent of an ancestor", `document.body.textContent = "gone";`},
		{"replaceChild", `document.body.replaceChild(document.createElement("p"), document.querySelector("iframe"));`},
		{"moved into a detached node", `document.createElement("div").appendChild(document.querySelector("iframe"));`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, out := frameBrowser(t, `<script>setTimeout(function () { `+tc.remove+` console.log("removed"); }, 100);</script>`,
				`<script>window.addEventListener("pagehide", function (e) { console.log("a pagehide", e.persisted); });</script>`)
			tab, err := b.NewTab("https://example.com/", browser.TabOptions{})
			if err != nil {
				t.Fatal(err)
			}
			run(t, b)
			if n := len(tab.MainFrame().Children()); n != 0 {
				t.Fatalf("%d child frames left", n)
			}
			expectOut(t, out, "tab 1 frame 1 page: a pagehide false", "tab 1 frame 0 page: removed")
		})
	}
}

// An iframe element a page script removes before the frame is created
// never loads; moving it elsewhere in the document keeps the frame.
func TestIframeRemovedBeforeItLoadsAndMovedIframe(t *testing.T) {
	b, out := frameBrowser(t, `<script>document.querySelector("iframe").remove();</script>`,
		`<script>console.log("a loaded");</script>`)
	tab, err := b.NewTab("https://example.com/", browser.TabOptions{})
	if err != nil {
		t.Fatal(err)
	}
	run(t, b)
	if n := len(tab.MainFrame().Children()); n != 0 {
		t.Fatalf("%d child frames, want none", n)
	}
	expectOut(t, out)

	b, out = frameBrowser(t, `<div id="d"></div><script>setTimeout(function () { document.getElementById("d").appendChild(document.querySelector("iframe")); }, 100);</script>`,
		`<script>console.log("a loaded");</script>`)
	if tab, err = b.NewTab("https://example.com/", browser.TabOptions{}); err != nil {
		t.Fatal(err)
	}
	run(t, b)
	if n := len(tab.MainFrame().Children()); n != 1 {
		t.Fatalf("%d child frames after moving the iframe, want 1", n)
	}
	expectOut(t, out, "tab 1 frame 1 page: a loaded")
}

// location.replace navigates the frame like assign; location.reload loads
// the frame's own URL again as a new document.
func TestLocationReplaceAndReloadInASubFrame(t *testing.T) {
	b, out := frameBrowser(t, "", `<script>
		console.log("a loaded", location.href);
		if (location.search === "") setTimeout(function () { location.replace("/a?x"); }, 10);
		else setTimeout(function () { location.reload(); }, 10);
	</script>`)
	tab, err := b.NewTab("https://example.com/", browser.TabOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Sched.RunFor(25 * time.Millisecond); err != nil {
		t.Fatal(err)
	}
	a := "tab 1 frame 1 page: a loaded https://example.com/a"
	expectOut(t, out, a, a+"?x", a+"?x")
	if tab.URL() != "https://example.com/" {
		t.Fatalf("the tab navigated: %s", tab.URL())
	}
}
