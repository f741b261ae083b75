package js_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/grafana/sobek"

	"github.com/extsim/extsim/browser"
	"github.com/extsim/extsim/js"
	"github.com/extsim/extsim/router"
)

// hostAPIRealm opens a tab and returns its page realm, for evaluating
// expressions directly.
func hostAPIRealm(t testing.TB) (*browser.Browser, *browser.Tab, *js.Host, *js.Realm) {
	t.Helper()
	h := js.NewHost(js.Options{Console: func(js.ConsoleEntry) {}})
	b := browser.New(browser.Options{Host: h})
	h.Attach(b)
	tab, err := b.NewTab("https://example.com/", browser.TabOptions{HTML: "<script>var ready = true;</script>"})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Run(); err != nil {
		t.Fatal(err)
	}
	return b, tab, h, hostAPIRealmOf(t, h, tab, router.KindWebPage)
}

// hostAPIPage opens a tab whose page runs src and returns the console
// lines ("level text") the run printed.
func hostAPIPage(t *testing.T, src string) (*browser.Browser, *[]string) {
	t.Helper()
	var out []string
	h := js.NewHost(js.Options{Console: func(e js.ConsoleEntry) { out = append(out, e.Level+" "+e.Text) }})
	b := browser.New(browser.Options{Host: h})
	h.Attach(b)
	if _, err := b.NewTab("https://example.com/", browser.TabOptions{HTML: "<script>" + src + "</script>"}); err != nil {
		t.Fatal(err)
	}
	if err := b.Run(); err != nil {
		t.Fatal(err)
	}
	return b, &out
}

func hostAPIRealmOf(t testing.TB, h *js.Host, tab *browser.Tab, kind router.Kind) *js.Realm {
	t.Helper()
	for _, c := range tab.MainFrame().Document().Contexts() {
		if c.Kind == kind {
			if r, ok := h.Realm(c); ok {
				return r
			}
		}
	}
	t.Fatalf("no %v realm", kind)
	return nil
}

// eval evaluates src in the realm and returns String(result), or the
// exception as "throws <name>: <message>".
func hostAPIEval(t testing.TB, r *js.Realm, src string) string {
	t.Helper()
	v, err := r.RT.RunString(src)
	if err != nil {
		if ex, ok := err.(*sobek.Exception); ok {
			if o, ok := ex.Value().(*sobek.Object); ok {
				return "throws " + o.Get("name").String() + ": " + o.Get("message").String()
			}
			return "throws " + ex.Value().String()
		}
		t.Fatalf("%s: %v", src, err)
	}
	return v.String()
}

type hostAPICase struct{ src, want string }

func runHostAPICases(t *testing.T, cases []hostAPICase) {
	t.Helper()
	_, _, _, r := hostAPIRealm(t)
	for _, c := range cases {
		if got := hostAPIEval(t, r, c.src); got != c.want {
			t.Errorf("%s\n got: %s\nwant: %s", c.src, got, c.want)
		}
	}
}

// TestSobekBuiltinsUsedAsIs records which ES2022+ built-ins sobek already
// has (installHostAPIs does not replace them) and that the missing ones
// are now there.
func TestSobekBuiltinsUsedAsIs(t *testing.T) {
	rt := sobek.New()
	for _, expr := range []string{
		"[].at", "[].findLast", "[].findLastIndex", "[].toSorted", "[].toReversed", "[].toSpliced", "[].with",
		"Object.hasOwn", "''.at", "''.replaceAll",
	} {
		if v, err := rt.RunString("typeof " + expr); err != nil || v.String() != "function" {
			t.Errorf("sobek lacks %s: %v %v", expr, v, err)
		}
	}
	for _, expr := range []string{"Object.groupBy", "Map.groupBy", "structuredClone", "atob", "TextEncoder", "URL", "crypto", "performance"} {
		if v, _ := rt.RunString("typeof " + expr); v.String() != "undefined" {
			t.Logf("sobek now has %s: installHostAPIs may not need to define it", expr)
		}
	}
	_, _, _, r := hostAPIRealm(t)
	for _, c := range []hostAPICase{
		{"typeof structuredClone + typeof atob + typeof btoa", "functionfunctionfunction"},
		{"typeof TextEncoder + typeof TextDecoder + typeof URL + typeof URLSearchParams + typeof DOMException", "functionfunctionfunctionfunctionfunction"},
		{"typeof performance.now + typeof crypto.getRandomValues + typeof crypto.randomUUID", "functionfunctionfunction"},
		{"typeof Object.groupBy + typeof Map.groupBy", "functionfunction"},
		{"[atob.name, atob.length, btoa.length, structuredClone.length, URL.name, URL.length, Object.groupBy.length].join()", "atob,1,1,1,URL,1,2"},
		{"Object.getOwnPropertyDescriptor(URL.prototype, 'href').get.name", "get href"},
		// Interface objects: non-enumerable globals, data properties once touched.
		{"Object.keys(globalThis).includes('URL')", "false"},
		{"typeof Object.getOwnPropertyDescriptor(globalThis, 'URL').value", "function"},
		{"Object.getOwnPropertyDescriptor(globalThis, 'URL').writable", "true"},
		{"Object.keys(globalThis).includes('atob')", "true"},
		{"URL === URL && TextEncoder === TextEncoder", "true"},
		{"try { URL('x') } catch (e) { e.message }", "Failed to construct 'URL': Please use the 'new' operator, this DOM object constructor cannot be called as a function."},
		{"Object.prototype.toString.call(new URL('http://a/'))", "[object URL]"},
		{"String(performance) + String(crypto)", "[object Performance][object Crypto]"},
	} {
		if got := hostAPIEval(t, r, c.src); got != c.want {
			t.Errorf("%s\n got: %s\nwant: %s", c.src, got, c.want)
		}
	}
}

// A page may replace a lazily built interface before touching it.
func TestLazyGlobalsCanBeReplaced(t *testing.T) {
	_, _, _, r := hostAPIRealm(t)
	if got := hostAPIEval(t, r, `URL = 42; TextDecoder = undefined; delete globalThis.URLSearchParams;
		[URL, typeof TextDecoder, typeof URLSearchParams, Object.getOwnPropertyDescriptor(globalThis, "URL").enumerable].join()`); got != "42,undefined,undefined,false" {
		t.Fatal(got)
	}
	// The host keeps its own classes: URL's searchParams still work.
	_, _, _, r = hostAPIRealm(t)
	if got := hostAPIEval(t, r, `var U = URL; URLSearchParams = null; new U("http://a/?x=1").searchParams.get("x")`); got != "1" {
		t.Fatal(got)
	}
}

// BenchmarkNewRealm opens a tab whose page runs a tiny inline script and
// closes it: the cost of a realm, host APIs included.
func BenchmarkNewRealm(b *testing.B) {
	benchmarkHostAPIRealm(b, "var x = 1;")
}

// BenchmarkNewRealmUsingHostAPIs: the same, with a script that builds the
// lazily built host APIs (URL, URLSearchParams, TextEncoder, TextDecoder,
// crypto, performance).
func BenchmarkNewRealmUsingHostAPIs(b *testing.B) {
	benchmarkHostAPIRealm(b, `var u = new URL("https://example.com/?q=1"); u.searchParams.get("q");
		new TextDecoder().decode(new TextEncoder().encode("x")); crypto.randomUUID(); performance.now();
		btoa("x"); structuredClone({a: 1});`)
}

func benchmarkHostAPIRealm(b *testing.B, script string) {
	h := js.NewHost(js.Options{Console: func(e js.ConsoleEntry) { b.Fatal(e.Text) }})
	br := browser.New(browser.Options{Host: h})
	h.Attach(br)
	b.ReportAllocs()
	for b.Loop() {
		tab, err := br.NewTab("https://example.com/", browser.TabOptions{HTML: "<script>" + script + "</script>"})
		if err != nil {
			b.Fatal(err)
		}
		if err := br.Run(); err != nil {
			b.Fatal(err)
		}
		tab.Close()
		if err := br.Run(); err != nil {
			b.Fatal(err)
		}
	}
}

// Expected values are what Chrome gives (and the URL standard's tests).
func TestURL(t *testing.T) {
	runHostAPICases(t, []hostAPICase{
		{`new URL("HTTPS://Example.COM:443/a/../b?x=1#f").href`, "https://example.com/b?x=1#f"},
		{`var u = new URL("http://user:pa ss@Example.com:8080/p/q.html?a=1&b=%20#frag"); [u.protocol, u.username, u.password, u.host, u.hostname, u.port, u.pathname, u.search, u.hash, u.origin].join("|")`,
			"http:|user|pa%20ss|example.com:8080|example.com|8080|/p/q.html|?a=1&b=%20|#frag|http://example.com:8080"},
		{`new URL("/path?q", "https://a.com/x/y").href`, "https://a.com/path?q"},
		{`new URL("../c", "http://a/b/d/e").href`, "http://a/b/c"},
		{`new URL("//b.com/z", "https://a.com/").href`, "https://b.com/z"},
		{`new URL("?q=2", "http://a/b?q=1#h").href`, "http://a/b?q=2"},
		{`new URL("#h2", "http://a/b?q=1#h").href`, "http://a/b?q=1#h2"},
		{`new URL("", "http://a/b?q=1#h").href`, "http://a/b?q=1"},
		{`new URL("x", new URL("http://a/b/c")).href`, "http://a/b/x"},
		{`new URL("http://a\\b\\c").href`, "http://a/b/c"},
		{`new URL("  http://a.com/\t\nb  ").href`, "http://a.com/b"},
		{`new URL("http:a.com/x").href`, "http://a.com/x"},
		{`new URL("http:/x", "http://a.com/y").href`, "http://a.com/x"},
		{`new URL("http://[::1]:80/").href`, "http://[::1]/"},
		{`new URL("http://[2001:DB8:0:0:1:0:0:1]/").hostname`, "[2001:db8::1:0:0:1]"},
		{`new URL("http://[::ffff:192.168.0.1]/").host`, "[::ffff:c0a8:1]"},
		{`new URL("http://0x7f.1/").hostname`, "127.0.0.1"},
		{`new URL("http://192.168.257/").hostname`, "192.168.1.1"},
		{`new URL("http://4294967295/").hostname`, "255.255.255.255"},
		{`new URL("http://a/%2e%2E/b/./c/.").pathname`, "/b/c/"},
		{`new URL("http://a/ b<>^{}").pathname`, "/%20b%3C%3E%5E%7B%7D"},
		{`new URL("http://a/?q=a b'c\"").search`, "?q=a%20b%27c%22"},
		{`new URL("foo://a/?q='").search`, "?q='"},
		{"new URL(\"http://a/#a b`\").hash", "#a%20b%60"},
		{`new URL("http://a/é?é#é").href`, "http://a/%C3%A9?%C3%A9#%C3%A9"},
		{`new URL("http://münchen.DE/").hostname`, "xn--mnchen-3ya.de"},
		{`new URL("http://EXAMPLE.com./").hostname`, "example.com."},
		{`new URL("http://ex%41mple.com/").hostname`, "example.com"},
		{`new URL("https://a.com:0443/").port`, ""},
		{`new URL("data:text/plain,Hello World#x").pathname`, "text/plain,Hello World"},
		{`var d = new URL("data:text/plain,hi"); [d.protocol, d.host, d.origin, d.search].join("|")`, "data:||null|"},
		{`new URL("about:blank").href`, "about:blank"},
		{`new URL("javascript:alert(1)").pathname`, "alert(1)"},
		{`new URL("mailto:Someone@Example.com").pathname`, "Someone@Example.com"},
		{`new URL("foo://HoSt/p").host`, "HoSt"},
		{`new URL("foo://h").pathname`, ""},
		{`new URL("web+demo:/.//not-a-host/").pathname`, "//not-a-host/"},
		{`new URL("web+demo:/.//not-a-host/").href`, "web+demo:/.//not-a-host/"},
		{`var e = new URL("chrome-extension://abcdefghijklmnopabcdefghijklmnop/popup.html?x#y"); [e.origin, e.host, e.pathname].join("|")`,
			"chrome-extension://abcdefghijklmnopabcdefghijklmnop|abcdefghijklmnopabcdefghijklmnop|/popup.html"},
		{`new URL("chrome-extension://abc").href`, "chrome-extension://abc/"},
		{`new URL("/options.html", "chrome-extension://abc/popup.html").href`, "chrome-extension://abc/options.html"},
		{`new URL("moz-extension://1234-abcd/bg.html").origin`, "moz-extension://1234-abcd"},
		{`new URL("file:///C:/dir/../../x.txt").href`, "file:///C:/x.txt"},
		{`new URL("file://localhost/etc/hosts").href`, "file:///etc/hosts"},
		{`new URL("file:///tmp/a").origin`, "file://"},
		{`new URL("blob:https://a.com/uuid").origin`, "https://a.com"},
		{`new URL("ws://a.com:80/").href`, "ws://a.com/"},
		{`String(new URL("http://a/b"))`, "http://a/b"},
		{`JSON.stringify({u: new URL("http://a")})`, `{"u":"http://a/"}`},
		{`[URL.canParse("http://x"), URL.canParse("x"), URL.canParse("x", "http://a/")].join()`, "true,false,true"},
		{`URL.parse("x")`, "null"},
		{`URL.parse("x", "http://a/b").href`, "http://a/x"},
		{`new URL("foo")`, "throws TypeError: Failed to construct 'URL': Invalid URL"},
		{`new URL("http://a.com/", "nope")`, "throws TypeError: Failed to construct 'URL': Invalid base URL"},
		{`new URL("http://")`, "throws TypeError: Failed to construct 'URL': Invalid URL"},
		{`new URL("http://a:99999/")`, "throws TypeError: Failed to construct 'URL': Invalid URL"},
		{`new URL("http://1.2.3.4.5/")`, "throws TypeError: Failed to construct 'URL': Invalid URL"},
		{`new URL("http://a b/")`, "throws TypeError: Failed to construct 'URL': Invalid URL"},
		{`new URL("http://[::1/")`, "throws TypeError: Failed to construct 'URL': Invalid URL"},
		{`new URL()`, "throws TypeError: Failed to construct 'URL': 1 argument required, but only 0 present."},
		{`URL.prototype.toString.call({})`, "throws TypeError: Illegal invocation"},
		{`var u = new URL("http://a/"); u.foo = 1; u.foo + Object.keys(u).join() + JSON.stringify(Object.keys(new URL("http://b/")))`, "1foo[]"},
		{`class MyURL extends URL { get x() { return this.host } }; var m = new MyURL("http://h/"); [m.x, m instanceof URL, m instanceof MyURL].join()`, "h,true,true"},
		{`new URL("http://a/").constructor === URL`, "true"},
	})
}

// Cases from the URL standard's test suite (urltestdata.json): input,
// base, and href or "failure".
func TestURLParserStandardCases(t *testing.T) {
	cases := []struct{ input, base, want string }{
		{"http://example.com/foo/../../..", "", "http://example.com/"},
		{"http://example.com////../..", "", "http://example.com//"},
		{"http://[1:0::]", "", "http://[1::]/"},
		{"http://[0:0:0:0:0:0:13.1.68.3]", "", "http://[::d01:4403]/"},
		{"http://[1::2:0:0:3]", "", "http://[1::2:0:0:3]/"},
		{"http://[0:1:0:1:0:1:0:1]", "", "http://[0:1:0:1:0:1:0:1]/"},
		{"http://[::1.2.3.]", "", "failure"},
		{"http://[1:2:3:4:5:6:7:8:9]", "", "failure"},
		{"http://[www.google.com]/", "", "failure"},
		{"http://0x100000000/", "", "failure"},
		{"http://09/", "", "failure"},
		{"http://0x/", "", "http://0.0.0.0/"},
		{"http://foo.09/", "", "failure"},
		{"http://a.b.c.d.e/", "", "http://a.b.c.d.e/"},
		{"http://%30%78%63%30%2e%30%32%35%30.01%2e", "", "http://192.168.0.1/"},
		{"http://192.0x00A80001", "", "http://192.168.0.1/"},
		{"http://1.1.1.256", "", "failure"},
		{"http://user@/www.example.com", "", "failure"},
		{"http:@www.example.com", "", "http://www.example.com/"},
		{"http::@c:29", "http://example.org/foo/bar", "http://example.org/foo/:@c:29"},
		{"http://&a:foo(b]c@d:2/", "", "http://&a:foo(b%5Dc@d:2/"},
		{"http://::@c@d:2", "", "http://:%3A%40c@d:2/"},
		{"file:c:\\\\foo\\\\bar.html", "file:///tmp/mock/path", "file:///c:/foo/bar.html"},
		{"file:///C|/foo", "", "file:///C:/foo"},
		{"/c:/foo/bar", "file:///c:/baz/qux", "file:///c:/foo/bar"},
		{"..", "file:///C:/", "file:///C:/"},
		{"file:..", "http://www.example.com/test", "file:///"},
		{"sc://ñ", "", "sc://%C3%B1"},
		{"sc://%/", "", "sc://%/"},
		{"sc://@/", "", "failure"},
		{"sc://:12/", "", "failure"},
		{"non-special://test:@test/x", "", "non-special://test@test/x"},
		{"http://www.google.com/foo?bar=baz# »", "", "http://www.google.com/foo?bar=baz#%20%C2%BB"},
		{"a:\t foo.com", "http://example.org/foo/bar", "a: foo.com"},
		{"lolscheme:x x#x x", "", "lolscheme:x x#x%20x"},
		{"http://f:21/ b ? d # e ", "http://example.org/foo/bar", "http://f:21/%20b%20?%20d%20#%20e"},
		{"http://f:00000000000000000000080/c", "", "http://f/c"},
		{"\\\\\\\\server\\\\file", "http://example.org/foo/bar", "http://server/file"},
		{"http://GOO\u00a0\u3000goo.com", "", "failure"},
		{"http://www.foo\u3002bar.com", "", "http://www.foo.bar.com/"},
		{"http://\uff05\uff14\uff11.com", "", "failure"},
		{"http://Goo%20 goo%7C|.com", "", "failure"},
		{"test-a-colon-slash-slash-b.html", "a://", "a:///test-a-colon-slash-slash-b.html"},
		{"i", "sc:sd", "failure"},
		{"#i", "sc:sd", "sc:sd#i"},
		{"i", "sc:/pa/pa", "sc:/pa/i"},
		{"x", "sc://ñ", "sc://%C3%B1/x"},
	}
	_, _, _, r := hostAPIRealm(t)
	for _, c := range cases {
		// The inputs are JS string literal bodies (escapes allowed).
		src := "new URL(\"" + c.input + "\").href"
		if c.base != "" {
			b, _ := json.Marshal(c.base)
			src = "new URL(\"" + c.input + "\", " + string(b) + ").href"
		}
		got := hostAPIEval(t, r, src)
		if strings.HasPrefix(got, "throws TypeError: Failed to construct 'URL': Invalid") {
			got = "failure"
		}
		if got != c.want {
			t.Errorf("%s\n got: %s\nwant: %s", src, got, c.want)
		}
	}
}

func TestURLSetters(t *testing.T) {
	runHostAPICases(t, []hostAPICase{
		{`var u = new URL("http://a.com/p?q#h"); u.protocol = "https"; u.href`, "https://a.com/p?q#h"},
		{`u.protocol = "foo"; u.protocol = "1x"; u.href`, "https://a.com/p?q#h"},
		{`u.host = "B.com:8080"; u.href`, "https://b.com:8080/p?q#h"},
		{`u.hostname = "c.com:99"; u.host`, "b.com:8080"},
		{`u.hostname = "c.com"; u.host`, "c.com:8080"},
		{`u.port = "443"; u.port + "|" + u.host`, "|c.com"},
		{`u.port = "12ab"; u.port`, "12"},
		{`u.port = "x"; u.port`, "12"},
		{`u.port = ""; u.host`, "c.com"},
		{`u.pathname = "x y/../z"; u.pathname`, "/z"},
		{`u.pathname = "/a b"; u.pathname`, "/a%20b"},
		{`u.search = "a=1&b=2"; u.search + "|" + u.searchParams.get("b")`, "?a=1&b=2|2"},
		{`u.search = "?c=3"; u.searchParams.get("c") + u.searchParams.has("a")`, "3false"},
		{`u.search = ""; u.href`, "https://c.com/a%20b#h"},
		{`u.hash = "top"; u.hash`, "#top"},
		{`u.hash = "#"; u.hash + "|" + u.href`, "|https://c.com/a%20b#"},
		{`u.hash = ""; u.href`, "https://c.com/a%20b"},
		{`u.username = "me"; u.password = "p@ss:"; u.href`, "https://me:p%40ss%3A@c.com/a%20b"},
		{`u.href = "ftp://x/"; u.protocol + u.host`, "ftp:x"},
		{`u.href = "bad"`, "throws TypeError: Failed to set the 'href' property on 'URL': Invalid URL"},
		{`var f = new URL("file:///tmp"); f.port = "8"; f.username = "u"; f.host = "h"; f.href`, "file://h/tmp"},
		{`var d = new URL("data:x"); d.host = "h"; d.pathname = "p"; d.href`, "data:x"},
		{`var n = new URL("foo://h/p"); n.protocol = "http"; n.href`, "foo://h/p"},
		// searchParams is live and the same object every time.
		{`var l = new URL("http://a/?x=1"); l.searchParams === l.searchParams`, "true"},
		{`l.searchParams.append("y", "a b"); l.href`, "http://a/?x=1&y=a+b"},
		{`l.searchParams.delete("x"); l.searchParams.delete("y"); l.href`, "http://a/"},
		{`l.href = "http://a/?k=v"; l.searchParams.get("k")`, "v"},
		{`l.searchParams.set("k", "é"); l.search`, "?k=%C3%A9"},
	})
}

func TestURLSearchParams(t *testing.T) {
	runHostAPICases(t, []hostAPICase{
		{`var p = new URLSearchParams("?a=1&b=2&a=3"); p.getAll("a").join() + "|" + p.get("c") + "|" + p.size`, "1,3|null|3"},
		{`new URLSearchParams({x: "1", y: "é"}).toString()`, "x=1&y=%C3%A9"},
		{`new URLSearchParams([["a", "1"], ["b", 2]]).toString()`, "a=1&b=2"},
		{`new URLSearchParams(new Map([["m", "1"]])).toString()`, "m=1"},
		{`new URLSearchParams(new URLSearchParams("c=3")).get("c")`, "3"},
		{`new URLSearchParams([["a"]])`, "throws TypeError: Failed to construct 'URLSearchParams': Sequence initializer must only contain pair elements"},
		{`new URLSearchParams("q=a+b%20c&e&=x&&f=%zz").toString()`, "q=a+b+c&e=&=x&f=%25zz"},
		{`var q = new URLSearchParams("q=a+b%20c&e"); q.get("q") + "|" + q.get("e") + "|"`, "a b c||"},
		{`new URLSearchParams({q: "a b&c=d/é~*-._!"}).toString()`, "q=a+b%26c%3Dd%2F%C3%A9%7E*-._%21"},
		{`var s = new URLSearchParams("c=1&a=2&b=3&a=1&é=1&z=0"); s.sort(); s.toString()`, "a=2&a=1&b=3&c=1&z=0&%C3%A9=1"},
		{`var t = new URLSearchParams("a=1&b=2&a=3"); t.set("a", "x"); t.toString()`, "a=x&b=2"},
		{`t.set("n", "new"); t.toString()`, "a=x&b=2&n=new"},
		{`[t.has("a"), t.has("a", "x"), t.has("a", "y"), t.has("zz")].join()`, "true,true,false,false"},
		{`var d = new URLSearchParams("a=1&a=2&b=1"); d.delete("a", "1"); d.toString()`, "a=2&b=1"},
		{`d.delete("a"); d.toString()`, "b=1"},
		{`JSON.stringify([...new URLSearchParams("a=1&b=2")])`, `[["a","1"],["b","2"]]`},
		{`var k = new URLSearchParams("a=1&b=2"); [...k.keys()].join() + "|" + [...k.values()].join()`, "a,b|1,2"},
		{`var out = []; k.forEach(function (v, key, o) { out.push(v + ":" + key + ":" + (o === k) + ":" + this.x) }, {x: 7}); out.join()`, "1:a:true:7,2:b:true:7"},
		{`Object.prototype.toString.call(k.entries())`, "[object URLSearchParams Iterator]"},
		{`var it = k.entries(); it[Symbol.iterator]() === it`, "true"},
		{`var it2 = k.keys(); it2.next(); k.append("c", "3"); it2.next().value + it2.next().value + it2.next().done`, "bctrue"},
		{`String(new URLSearchParams())`, ""},
		{`new URLSearchParams(null).toString()`, "null="},
		{`new URLSearchParams().get()`, "throws TypeError: Failed to execute 'get' on 'URLSearchParams': 1 argument required, but only 0 present."},
		{`URLSearchParams.prototype.get.call(new URL("http://a/"), "x")`, "throws TypeError: Illegal invocation"},
	})
}

func TestTextEncoderDecoder(t *testing.T) {
	runHostAPICases(t, []hostAPICase{
		{`Array.from(new TextEncoder().encode("héllo €😀")).join()`, "104,195,169,108,108,111,32,226,130,172,240,159,152,128"},
		{`new TextEncoder().encode() instanceof Uint8Array && new TextEncoder().encode().length`, "0"},
		{`new TextEncoder().encode("\ud800x").join()`, "239,191,189,120"},
		{`new TextEncoder().encoding`, "utf-8"},
		{`var buf = new Uint8Array(5); var r = new TextEncoder().encodeInto("a€😀", buf); [r.read, r.written, buf.join()].join("|")`, "2|4|97,226,130,172,0"},
		{`new TextEncoder().encodeInto("x", new Uint8ClampedArray(1))`, "throws TypeError: Failed to execute 'encodeInto' on 'TextEncoder': parameter 2 is not of type 'Uint8Array'."},
		{`new TextDecoder().decode(new Uint8Array([0xEF, 0xBB, 0xBF, 0x68, 0x69]))`, "hi"},
		{`new TextDecoder("utf-8", {ignoreBOM: true}).decode(new Uint8Array([0xEF, 0xBB, 0xBF, 0x68])).length`, "2"},
		{`escape(new TextDecoder().decode(new Uint8Array([0x61, 0xE2, 0x82, 0x62])))`, "a%uFFFDb"},
		{`escape(new TextDecoder().decode(new Uint8Array([0xC0, 0x80, 0xED, 0xA0, 0x80, 0xF0, 0x9F, 0x98])))`, "%uFFFD%uFFFD%uFFFD%uFFFD%uFFFD%uFFFD"},
		{`new TextDecoder("utf-8", {fatal: true}).decode(new Uint8Array([0xFF]))`, "throws TypeError: Failed to execute 'decode' on 'TextDecoder': The encoded data was not valid."},
		{`var d = new TextDecoder(); d.decode(new Uint8Array([0xE2, 0x82]), {stream: true}) + d.decode(new Uint8Array([0xAC]))`, "€"},
		{`var d2 = new TextDecoder(); d2.decode(new Uint8Array([0xEF, 0xBB]), {stream: true}) + d2.decode(new Uint8Array([0xBF, 0x41]), {stream: true}) + d2.decode(new Uint8Array([0xEF, 0xBB, 0xBF]))`, "A\ufeff"},
		{`new TextDecoder().decode(new Uint8Array([104, 105]).buffer)`, "hi"},
		{`new TextDecoder().decode(new DataView(new Uint8Array([0, 104, 105, 0]).buffer, 1, 2))`, "hi"},
		{`new TextDecoder().decode(new Uint8Array([1, 104, 105]).subarray(1))`, "hi"},
		{`new TextDecoder().decode(new Uint16Array([0x6968]))`, "hi"},
		{`new TextDecoder().decode()`, ""},
		{`new TextDecoder().decode("str")`, "throws TypeError: Failed to execute 'decode' on 'TextDecoder': The provided value is not of type '(ArrayBuffer or ArrayBufferView)'."},
		{`var l = new TextDecoder("Latin1"); l.encoding + "|" + l.decode(new Uint8Array([0x80, 0xE9, 0x41]))`, "windows-1252|€éA"},
		{`new TextDecoder("utf-16le").decode(new Uint8Array([0xFF, 0xFE, 0x68, 0, 0x3D, 0xD8, 0, 0xDE]))`, "h😀"},
		{`new TextDecoder("utf-16be").decode(new Uint8Array([0, 0x68, 0xD8]))`, "h\ufffd"},
		{`new TextDecoder("bogus")`, "throws RangeError: Failed to construct 'TextDecoder': The encoding label provided ('bogus') is invalid."},
		{`var o = new TextDecoder(" UTF8 ", {fatal: 1}); [o.encoding, o.fatal, o.ignoreBOM].join()`, "utf-8,true,false"},
		{`TextDecoder()`, "throws TypeError: Failed to construct 'TextDecoder': Please use the 'new' operator, this DOM object constructor cannot be called as a function."},
		{`structuredClone(new TextEncoder())`, "throws DataCloneError: Failed to execute 'structuredClone' on 'Window': TextEncoder object could not be cloned."},
	})
}

func TestBase64(t *testing.T) {
	runHostAPICases(t, []hostAPICase{
		{`btoa("hello")`, "aGVsbG8="},
		{`btoa("\xff\xfe\x00")`, "//4A"},
		{`btoa("")`, ""},
		{`btoa(12)`, "MTI="},
		{`atob("aGVsbG8=")`, "hello"},
		{`atob("aGVsbG8")`, "hello"},
		{`atob(" aGVs\nbG8=\t")`, "hello"},
		{`atob("YR")`, "a"},
		{`atob("//4A").split("").map(c => c.charCodeAt(0)).join()`, "255,254,0"},
		{`atob("")`, ""},
		{`atob("aGVsbG8==")`, "throws InvalidCharacterError: Failed to execute 'atob' on 'Window': The string to be decoded is not correctly encoded."},
		{`atob("a")`, "throws InvalidCharacterError: Failed to execute 'atob' on 'Window': The string to be decoded is not correctly encoded."},
		{`atob("a=bc")`, "throws InvalidCharacterError: Failed to execute 'atob' on 'Window': The string to be decoded is not correctly encoded."},
		{`atob("a-b_")`, "throws InvalidCharacterError: Failed to execute 'atob' on 'Window': The string to be decoded is not correctly encoded."},
		{`btoa("€")`, "throws InvalidCharacterError: Failed to execute 'btoa' on 'Window': The string to be encoded contains characters outside of the Latin1 range."},
		{`try { btoa("\u0100") } catch (e) { [e instanceof DOMException, e instanceof Error, e.code, e.name].join() }`, "true,true,5,InvalidCharacterError"},
		{`atob()`, "throws TypeError: Failed to execute 'atob' on 'Window': 1 argument required, but only 0 present."},
		{`atob(btoa("\x00\x80\xff"))`, "\x00\u0080\u00ff"},
	})
}

func TestStructuredClone(t *testing.T) {
	runHostAPICases(t, []hostAPICase{
		{`var o = {a: 1, n: [1, {b: 2}]}; o.self = o; var c = structuredClone(o); [c !== o, c.self === c, c.a, c.n[1].b].join()`, "true,true,1,2"},
		{`var m = new Map([[1, {x: 2}], ["k", new Set([3])]]); var cm = structuredClone(m); [cm instanceof Map, cm !== m, cm.get(1).x, cm.get("k").has(3)].join()`, "true,true,2,true"},
		{`var dt = structuredClone(new Date(5)); dt instanceof Date && dt.getTime()`, "5"},
		{`var x = {}; var arr = structuredClone([x, x]); arr[0] === arr[1] && arr[0] !== x`, "true"},
		{`var re = structuredClone(/a+/gi); re instanceof RegExp && re.source + re.flags`, "a+gi"},
		{`structuredClone(new Uint8Array([1, 2])).join()`, "1,2"},
		{`structuredClone(new Uint8Array([1, 2, 3]).buffer).byteLength`, "3"},
		{`var er = structuredClone(new RangeError("r")); [er instanceof RangeError, er.message].join()`, "true,r"},
		{`[structuredClone(1), structuredClone("s"), structuredClone(null), structuredClone(undefined), structuredClone(true)].join()`, "1,s,,,true"},
		{`structuredClone({get x() { return 3 }}).x`, "3"},
		{`structuredClone({get x() { throw new Error("boom") }})`, "throws Error: boom"},
		{`structuredClone(function f() {})`, "throws DataCloneError: Failed to execute 'structuredClone' on 'Window': Function object could not be cloned."},
		{`structuredClone({a: [1, {f() {}}]})`, "throws DataCloneError: Failed to execute 'structuredClone' on 'Window': Function object could not be cloned."},
		{`structuredClone(Symbol("s"))`, "throws DataCloneError: Failed to execute 'structuredClone' on 'Window': Symbol object could not be cloned."},
		{`structuredClone(new URL("http://a"))`, "throws DataCloneError: Failed to execute 'structuredClone' on 'Window': URL object could not be cloned."},
		{`structuredClone(Promise.resolve())`, "throws DataCloneError: Failed to execute 'structuredClone' on 'Window': Promise object could not be cloned."},
		{`try { structuredClone(() => 1) } catch (e) { [e instanceof DOMException, e.code, e.DATA_CLONE_ERR].join() }`, "true,25,25"},
		{`structuredClone()`, "throws TypeError: Failed to execute 'structuredClone' on 'Window': 1 argument required, but only 0 present."},
		{`var deep = []; for (var i = 0, d = deep; i < 20000; i++) { d[0] = []; d = d[0]; } structuredClone(deep)`, "throws RangeError: Maximum call stack size exceeded"},
	})
}

func TestGroupBy(t *testing.T) {
	runHostAPICases(t, []hostAPICase{
		{`JSON.stringify(Object.groupBy([1, 2, 3, 4], x => x % 2 ? "odd" : "even"))`, `{"odd":[1,3],"even":[2,4]}`},
		{`Object.getPrototypeOf(Object.groupBy([], x => x))`, "null"},
		{`JSON.stringify(Object.groupBy("abc", (c, i) => i))`, `{"0":["a"],"1":["b"],"2":["c"]}`},
		{`var s = Symbol("s"); Object.groupBy([1], () => s)[s].join()`, "1"},
		{`Object.groupBy([1], () => "__proto__").__proto__.join()`, "1"},
		{`var m = Map.groupBy([1, 2, 3], x => x > 1); m.get(true).join() + "|" + m.get(false).join()`, "2,3|1"},
		{`Map.groupBy([-0, 0], x => x).size + "|" + Object.is([...Map.groupBy([-0], x => x).keys()][0], 0)`, "1|true"},
		{`Map.groupBy([NaN, NaN, "NaN"], x => x).get(NaN).length`, "2"},
		{`var k = {}; var g = Map.groupBy([1, 2, 3], x => x < 3 ? k : {}); g.get(k).length + "|" + g.size`, "2|2"},
		{`var closed = false; function* gen() { try { yield 1; yield 2 } finally { closed = true } } try { Object.groupBy(gen(), () => { throw 1 }) } catch (e) {} closed`, "true"},
		{`Object.groupBy([1], 5)`, "throws TypeError: 5 is not a function"},
		{`Map.groupBy(null, x => x)`, "throws TypeError: null is not iterable"},
		{`[Object.groupBy.name, Map.groupBy.length, Object.keys(Object).includes("groupBy")].join()`, "groupBy,2,false"},
	})
}

func TestDOMException(t *testing.T) {
	runHostAPICases(t, []hostAPICase{
		{`var e = new DOMException("m", "AbortError"); [e.name, e.message, e.code, e instanceof Error, e instanceof DOMException, String(e)].join("|")`, "AbortError|m|20|true|true|AbortError: m"},
		{`Object.prototype.toString.call(e)`, "[object DOMException]"},
		{`var d = new DOMException(); [d.name, d.message, d.code].join("|")`, "Error||0"},
		{`[DOMException.ABORT_ERR, e.DATA_CLONE_ERR, DOMException.length].join()`, "20,25,0"},
		{`typeof e.stack === "string" && e.stack.indexOf("AbortError: m") === 0`, "true"},
		{`class Mine extends DOMException {}; var mi = new Mine("x", "NotFoundError"); [mi instanceof Mine, mi.code].join()`, "true,8"},
		{`JSON.stringify(e)`, "{}"},
	})
}

func TestDOMExceptionOnTheConsole(t *testing.T) {
	_, out := hostAPIPage(t, `
		console.log(new DOMException("x", "DataCloneError"));
		try { atob("*") } catch (e) { console.log(e.name, e.message); }
		btoa("\u20ac");
	`)
	want := []string{
		"log DataCloneError: x",
		"log InvalidCharacterError Failed to execute 'atob' on 'Window': The string to be decoded is not correctly encoded.",
		"error Uncaught InvalidCharacterError: Failed to execute 'btoa' on 'Window': The string to be encoded contains characters outside of the Latin1 range.",
	}
	if len(*out) != 3 {
		t.Fatalf("console: %q", *out)
	}
	for i, w := range want {
		if !strings.HasPrefix((*out)[i], w) {
			t.Errorf("line %d\n got: %s\nwant: %s...", i, (*out)[i], w)
		}
	}
}

// crypto is deterministic: the same context of the same run gets the same
// values, another context other values.
func TestCryptoIsDeterministic(t *testing.T) {
	const src = `Array.from(crypto.getRandomValues(new Uint8Array(12))).join() + "|" + crypto.randomUUID() + "|" + crypto.getRandomValues(new BigUint64Array(1))[0]`
	_, _, _, r1 := hostAPIRealm(t)
	a := hostAPIEval(t, r1, src)
	_, _, _, r2 := hostAPIRealm(t)
	if b := hostAPIEval(t, r2, src); a != b {
		t.Fatalf("same context, different values:\n%s\n%s", a, b)
	}
	b, _, h, _ := hostAPIRealm(t)
	tab2, err := b.NewTab("https://example.com/", browser.TabOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Run(); err != nil {
		t.Fatal(err)
	}
	if c := hostAPIEval(t, hostAPIRealmOf(t, h, tab2, router.KindWebPage), src); c == a {
		t.Fatalf("two contexts, same values: %s", c)
	}
	if again := hostAPIEval(t, r1, src); again == a {
		t.Fatalf("the generator does not advance: %s", again)
	}
	runHostAPICases(t, []hostAPICase{
		{`/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(crypto.randomUUID())`, "true"},
		{`var u = new Uint32Array(64); crypto.getRandomValues(u) === u && u.some(x => x !== 0) && new Set(u).size > 60`, "true"},
		{`crypto.getRandomValues(new Uint8Array(65536)).length`, "65536"},
		{`crypto.getRandomValues(new Int16Array(2)).length + crypto.getRandomValues(new Uint8ClampedArray(2)).length`, "4"},
		{`crypto.getRandomValues(new Uint8Array(65537))`, "throws QuotaExceededError: Failed to execute 'getRandomValues' on 'Crypto': The ArrayBufferView's byte length (65537) exceeds the number of bytes of entropy available via this API (65536)."},
		{`crypto.getRandomValues(new Float64Array(1))`, "throws TypeMismatchError: Failed to execute 'getRandomValues' on 'Crypto': The provided ArrayBufferView is of type 'Float64', which is not an integer array type."},
		{`crypto.getRandomValues(new DataView(new ArrayBuffer(4)))`, "throws TypeMismatchError: Failed to execute 'getRandomValues' on 'Crypto': The provided ArrayBufferView is of type 'DataView', which is not an integer array type."},
		{`crypto.getRandomValues([1, 2])`, "throws TypeError: Failed to execute 'getRandomValues' on 'Crypto': parameter 1 is not of type 'ArrayBufferView'."},
		{`try { crypto.getRandomValues(new Uint8Array(70000)) } catch (e) { e.code + "|" + (e instanceof DOMException) }`, "22|true"},
	})
}

// performance.now() counts virtual milliseconds from the realm's creation.
func TestPerformanceFollowsTheVirtualClock(t *testing.T) {
	b, out := hostAPIPage(t, `
		console.log(performance.now(), Math.abs(performance.timeOrigin + performance.now() - Date.now()) < 1);
		var origin = performance.timeOrigin;
		setTimeout(function () { console.log(performance.now(), performance.timeOrigin === origin); }, 1500);
		setTimeout(function () { console.log(performance.now()); }, 2250.5);
	`)
	if want := []string{"log 0 true", "log 1500 true", "log 2250.5"}; !slices.Equal(*out, want) {
		t.Fatalf("got %q\nwant %q", *out, want)
	}
	*out = nil
	first := b.Sched.Now()
	if _, err := b.NewTab("https://example.com/", browser.TabOptions{HTML: `<script>
		console.log(performance.now(), performance.timeOrigin, typeof performance.timeOrigin);
		setTimeout(function () { console.log(performance.now()); }, 10);
	</script>`}); err != nil {
		t.Fatal(err)
	}
	if err := b.Run(); err != nil {
		t.Fatal(err)
	}
	origin := sobek.New().ToValue(float64(first.UnixNano()) / 1e6).String()
	if want := []string{"log 0 " + origin + " number", "log 10"}; !slices.Equal(*out, want) {
		t.Fatalf("got %q\nwant %q", *out, want)
	}
}

// In a service worker the error texts name WorkerGlobalScope, and the
// APIs are there too.
func TestHostAPIsInAServiceWorker(t *testing.T) {
	var out []string
	h := js.NewHost(js.Options{Console: func(e js.ConsoleEntry) { out = append(out, e.Text) }})
	b := browser.New(browser.Options{Host: h})
	h.Attach(b)
	files := fstest.MapFS{
		"manifest.json": {Data: []byte(`{"manifest_version": 3, "name": "w", "version": "1", "background": {"service_worker": "bg.js"}}`)},
		"bg.js": {Data: []byte(`
			try { atob("*") } catch (e) { console.log(e.name, e.message); }
			console.log(typeof window, new URL("/x", "chrome-extension://id/bg.js").href, performance.now(), crypto.randomUUID().length);
		`)},
	}
	if _, err := b.LoadExtension(files, browser.LoadOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := b.Sched.RunFor(time.Second); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"InvalidCharacterError Failed to execute 'atob' on 'WorkerGlobalScope': The string to be decoded is not correctly encoded.",
		"undefined chrome-extension://id/x 0 36",
	}
	if !slices.Equal(out, want) {
		t.Fatalf("got %q\nwant %q", out, want)
	}
}
