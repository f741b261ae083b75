package js_test

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/extsim/extsim/browser"
	"github.com/extsim/extsim/js"
)

// page opens a tab whose page runs src as an inline script, in a browser
// whose contexts run JavaScript without extension APIs.
func page(t *testing.T, src string, opts js.Options) (*browser.Browser, *js.Host, *[]string) {
	t.Helper()
	var out []string
	opts.Console = func(e js.ConsoleEntry) { out = append(out, e.Level+" "+e.Text) }
	h := js.NewHost(opts)
	b := browser.New(browser.Options{Host: h})
	h.Attach(b)
	if _, err := b.NewTab("https://example.com/", browser.TabOptions{HTML: "<script>" + src + "</script>"}); err != nil {
		t.Fatal(err)
	}
	return b, h, &out
}

func expectOut(t *testing.T, got *[]string, want ...string) {
	t.Helper()
	if !slices.Equal(*got, want) {
		t.Fatalf("console\n got: %q\nwant: %q", *got, want)
	}
	*got = nil
}

func TestTimersRunOnTheVirtualClock(t *testing.T) {
	b, _, out := page(t, `
		var start = Date.now();
		setTimeout(function (a, b) { console.log("timeout", a + b, Date.now() - start); }, 1500, 1, 2);
		var n = 0;
		var iv = setInterval(function () { n++; console.log("tick", n); if (n === 3) clearInterval(iv); }, 1000);
		var never = setTimeout(function () { console.log("cancelled!"); }, 10);
		clearTimeout(never);
		queueMicrotask(function () { console.log("microtask first"); });
	`, js.Options{})
	if err := b.Run(); err != nil {
		t.Fatal(err)
	}
	expectOut(t, out, "log microtask first", "log tick 1", "log timeout 3 1500", "log tick 2", "log tick 3")
	if b.Sched.Elapsed() != 3*time.Second {
		t.Fatalf("virtual time %v, want 3s", b.Sched.Elapsed())
	}
}

func TestConsoleFormatting(t *testing.T) {
	b, _, out := page(t, `
		console.log("a %s b %d%%", "x", 42, "extra");
		console.warn({greeting: "hi", n: [1, 2]});
		console.error(new TypeError("bad"), null, undefined);
		console.info(function f() {}.name, 1.5, true);
	`, js.Options{})
	if err := b.Run(); err != nil {
		t.Fatal(err)
	}
	expectOut(t, out, "log a x b 42% extra", `warn {"greeting":"hi","n":[1,2]}`, "error TypeError: bad null undefined", "info f 1.5 true")
}

func TestUncaughtErrorsAndRejectionsAreReported(t *testing.T) {
	b, _, out := page(t, `
		setTimeout(function () { throw new Error("in a timer"); }, 1);
		Promise.reject(new RangeError("nobody catches me"));
		Promise.reject(new Error("caught")).catch(function () {});
		null.boom;
	`, js.Options{})
	if err := b.Run(); err != nil {
		t.Fatal(err)
	}
	if len(*out) != 3 {
		t.Fatalf("console: %q", *out)
	}
	got := strings.Join(*out, "\n")
	for _, want := range []string{"error Uncaught TypeError: Cannot read property 'boom'", "error Uncaught (in promise) RangeError: nobody catches me", "error Uncaught Error: in a timer"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	if !strings.Contains(got, "(at https://example.com/:") {
		t.Errorf("uncaught error without a location:\n%s", got)
	}
}

// A runaway script is interrupted; the browser keeps running.
func TestRunawayScriptIsInterrupted(t *testing.T) {
	b, _, out := page(t, `while (true) {}`, js.Options{ScriptTimeout: 50 * time.Millisecond})
	if err := b.Run(); err != nil {
		t.Fatal(err)
	}
	if len(*out) != 1 || !strings.Contains((*out)[0], "script timeout: tab 1 frame 0 page ran longer than 50ms") {
		t.Fatalf("console: %q", *out)
	}
	if _, err := b.NewTab("https://example.com/", browser.TabOptions{HTML: `<script>console.log("still alive")</script>`}); err != nil {
		t.Fatal(err)
	}
	*out = nil
	if err := b.Run(); err != nil {
		t.Fatal(err)
	}
	expectOut(t, out, "log still alive")
}

func TestDeepRecursionIsAnErrorNotACrash(t *testing.T) {
	b, _, out := page(t, `function f() { return f() + 1; } f();`, js.Options{MaxCallStackSize: 500})
	if err := b.Run(); err != nil {
		t.Fatal(err)
	}
	if len(*out) != 1 || !strings.Contains((*out)[0], "Maximum call stack size exceeded") {
		t.Fatalf("console: %q", *out)
	}
}

// A click reaches the listeners of every world, in the order they were
// added, target first then bubbling to the document; unsupported members
// say so.
func TestDocumentClickAndUnsupportedMembers(t *testing.T) {
	var out []string
	h := js.NewHost(js.Options{Console: func(e js.ConsoleEntry) { out = append(out, e.Context+": "+e.Text) }})
	b := browser.New(browser.Options{Host: h})
	h.Attach(b)
	files := fstest.MapFS{
		"manifest.json": {Data: []byte(`{"manifest_version": 3, "name": "c", "version": "1", "content_scripts": [{"matches": ["<all_urls>"], "js": ["cs.js"]}]}`)},
		"cs.js":         {Data: []byte(`document.body.addEventListener("click", function (e) { console.log("content saw", e.type); });`)},
	}
	if _, err := b.LoadExtension(files, browser.LoadOptions{}); err != nil {
		t.Fatal(err)
	}
	tab, _ := b.NewTab("https://example.com/", browser.TabOptions{HTML: `<title>T</title><script>
		document.body.addEventListener("click", function () { console.log("page saw click in", document.title); });
		document.addEventListener("click", function (e) { console.log("document saw it bubble from", e.target === document.body ? "body" : "elsewhere"); });
		try { document.cookie; } catch (e) { console.log(e.constructor.name + ": " + e.message); }
	</script>`})
	if err := b.Run(); err != nil {
		t.Fatal(err)
	}
	if err := h.Click(tab.MainFrame().Document()); err != nil {
		t.Fatal(err)
	}
	if err := b.Run(); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"tab 1 frame 0 page: TypeError: document.cookie is not supported by extsim yet",
		"tab 1 frame 0 page: page saw click in T",
		"tab 1 frame 0 content c: content saw click",
		"tab 1 frame 0 page: document saw it bubble from body",
	}
	if !slices.Equal(out, want) {
		t.Fatalf("got %q\nwant %q", out, want)
	}
}

// Math.random is deterministic per context, different between contexts, and
// not stuck at 0.
func TestMathRandomIsSeededPerContext(t *testing.T) {
	run := func() []string {
		b, _, out := page(t, `console.log(Math.random() > 0 && Math.random() < 1, String(Math.random()).slice(0, 8));`, js.Options{})
		if _, err := b.NewTab("https://example.com/", browser.TabOptions{HTML: `<script>console.log(true, String(Math.random()).slice(0, 8));</script>`}); err != nil {
			t.Fatal(err)
		}
		if err := b.Run(); err != nil {
			t.Fatal(err)
		}
		return *out
	}
	a, b := run(), run()
	if !slices.Equal(a, b) || len(a) != 2 {
		t.Fatalf("not deterministic: %q vs %q", a, b)
	}
	if a[0] == a[1] || !strings.HasPrefix(a[0], "log true 0.") {
		t.Fatalf("two contexts drew the same numbers or none: %q", a)
	}
}

// window.postMessage relays between a page and its content scripts: every
// world of the document gets the message later, structured-cloned, with the
// page's origin; a mismatched targetOrigin drops it.
func TestWindowPostMessageRelay(t *testing.T) {
	var out []string
	h := js.NewHost(js.Options{Console: func(e js.ConsoleEntry) { out = append(out, e.Context+": "+e.Text) }})
	b := browser.New(browser.Options{Host: h})
	h.Attach(b)
	files := fstest.MapFS{
		"manifest.json": {Data: []byte(`{"manifest_version": 3, "name": "relay", "version": "1", "content_scripts": [{"matches": ["<all_urls>"], "js": ["cs.js"], "run_at": "document_start"}]}`)},
		"cs.js": {Data: []byte(`window.addEventListener("message", function (e) {
		  if (e.data && e.data.from === "page") {
		    console.log("content got", e.data.n, e.data.when instanceof Date, e.origin, e.source === window);
		    window.postMessage({from: "content", reply: e.data.n + 1}, "*");
		  }
		});`)},
	}
	if _, err := b.LoadExtension(files, browser.LoadOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.NewTab("https://example.com/", browser.TabOptions{HTML: `<script>
		window.addEventListener("message", function (e) { if (e.data.from === "content") console.log("page got reply", e.data.reply); });
		window.postMessage({from: "page", n: 41, when: new Date(0)}, "https://example.com");
		window.postMessage({from: "page", n: 99}, "https://elsewhere.example");
		console.log("postMessage is asynchronous");
	</script>`}); err != nil {
		t.Fatal(err)
	}
	if err := b.Run(); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"tab 1 frame 0 page: postMessage is asynchronous",
		"tab 1 frame 0 content relay: content got 41 true https://example.com true",
		"tab 1 frame 0 page: page got reply 42",
	}
	if !slices.Equal(out, want) {
		t.Fatalf("got %q\nwant %q", out, want)
	}
}
