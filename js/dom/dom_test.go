package dom

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/grafana/sobek"
	"golang.org/x/net/html"
)

// env is a document seen by several worlds, each a sobek runtime of its
// own, as the js package wires them (without a browser).
type env struct {
	t      *testing.T
	tree   *Tree
	worlds []*World
	rts    []*sobek.Runtime
	log    []string // "w0: text" from log() and uncaught listener errors
}

func newEnv(t *testing.T, page string, worlds int) *env {
	t.Helper()
	root, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	glue, err := Compile()
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, tree: NewTree(root, "https://example.com/dir/page.html?q=1#h")}
	for i := 0; i < worlds; i++ {
		rt := sobek.New()
		label := fmt.Sprintf("w%d", i)
		opts := Options{Tree: e.tree, Window: true,
			Call: func(fn sobek.Callable, this sobek.Value, args ...sobek.Value) {
				if _, err := fn(this, args...); err != nil {
					e.log = append(e.log, label+": uncaught "+strings.SplitN(err.Error(), "\n", 2)[0])
				}
			}}
		w := Install(rt, glue, opts)
		must(t, rt.Set("log", func(call sobek.FunctionCall) sobek.Value {
			var parts []string
			for _, a := range call.Arguments {
				parts = append(parts, a.String())
			}
			e.log = append(e.log, label+": "+strings.Join(parts, " "))
			return sobek.Undefined()
		}))
		_, err = rt.RunString(`globalThis.window = globalThis; globalThis.DOMException = class DOMException extends Error { constructor(m, n) { super(m); this.name = n; } }`)
		must(t, err)
		e.worlds = append(e.worlds, w)
		e.rts = append(e.rts, rt)
	}
	return e
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// run runs src in world i and returns its completion value as a string.
func (e *env) run(i int, src string) string {
	e.t.Helper()
	v, err := e.rts[i].RunString(src)
	if err != nil {
		e.t.Fatalf("w%d: %v\nin: %s", i, err, src)
	}
	return v.String()
}

// eq checks the string value of JavaScript expressions in world i.
func (e *env) eq(i int, cases map[string]string) {
	e.t.Helper()
	keys := make([]string, 0, len(cases))
	for k := range cases {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, expr := range keys {
		if got := e.run(i, "String("+expr+")"); got != cases[expr] {
			e.t.Errorf("w%d: %s = %q, want %q", i, expr, got, cases[expr])
		}
	}
}

func (e *env) wantLog(want ...string) {
	e.t.Helper()
	if !slices.Equal(e.log, want) {
		e.t.Fatalf("log:\n  %s\nwant:\n  %s", strings.Join(e.log, "\n  "), strings.Join(want, "\n  "))
	}
	e.log = nil
}

const listPage = `<!DOCTYPE html><html><head><title>  The
  page </title></head><body class="b">
<div id="main" class="a b" data-user-id="7"><ul><li>one</li><li class="x">two</li><li>three</li></ul>
<p>para <b>bold</b></p><input id="in" value="v0"><input type="checkbox" id="cb" checked>
<textarea id="ta">text</textarea><select id="sel"><option value="1">A</option><option selected>B</option></select>
<a id="link" href="../other.html">link</a></div></body></html>`

func TestDocumentMembers(t *testing.T) {
	e := newEnv(t, listPage, 1)
	e.eq(0, map[string]string{
		"document.title":                                        "The page",
		"document.URL":                                          "https://example.com/dir/page.html?q=1#h",
		"document.readyState":                                   "complete",
		"document.body.tagName":                                 "BODY",
		"document.head.firstChild.tagName":                      "TITLE",
		"document.documentElement.nodeName":                     "HTML",
		"document.nodeType":                                     "9",
		"document.firstChild.nodeType":                          "10",
		"document.firstChild.name":                              "html",
		"document.body.parentNode === document.documentElement": "true",
		"document.documentElement.parentElement":                "null",
		"document.body.ownerDocument === document":              "true",
		"location.href === document.URL":                        "true",
		"location.origin":                                       "https://example.com",
		"location.pathname + location.search + location.hash":   "/dir/page.html?q=1#h",
		"document.location.host":                                "example.com",
		"document.defaultView === this":                         "true",
		"document.getElementById('link').href":                  "https://example.com/other.html",
		"document.getElementById('nope')":                       "null",
	})
	e.run(0, `document.title = "New"`)
	e.eq(0, map[string]string{"document.title": "New", "document.querySelector('title').textContent": "New"})
}

// querySelector and friends use a real CSS selector engine (cascadia).
func TestSelectors(t *testing.T) {
	e := newEnv(t, listPage, 1)
	e.eq(0, map[string]string{
		"document.querySelector('ul > li:nth-child(2)').textContent":                     "two",
		"document.querySelector('li.x + li').textContent":                                "three",
		"document.querySelectorAll('#main li:not(.x)').length":                           "2",
		"document.querySelector('[data-user-id=\"7\"]').id":                              "main",
		"document.querySelector('div.a.b > p b').textContent":                            "bold",
		"document.querySelector('input[type=checkbox]:checked').id":                      "cb",
		"document.querySelectorAll('li, p').length":                                      "4",
		"document.querySelector('section')":                                              "null",
		"document.getElementById('main').querySelector('div')":                           "null", // not the element itself
		"document.querySelector('ul').querySelectorAll('body li').length":                "3",    // ancestors outside the scope count
		"document.querySelector('li').matches('ul > li:first-child')":                    "true",
		"document.querySelector('b').closest('div').id":                                  "main",
		"document.querySelector('b').closest('section')":                                 "null",
		"document.getElementsByTagName('li').length":                                     "3",
		"document.getElementsByClassName('a b')[0].id":                                   "main",
		"document.getElementsByClassName('b').length":                                    "2",
		"document.body.children.length":                                                  "1",
		"document.querySelector('ul').firstElementChild.textContent":                     "one",
		"document.querySelector('ul').lastElementChild.previousElementSibling.className": "x",
	})
	e.eq(0, map[string]string{
		`(() => { try { document.querySelector('li[') } catch (e) { return e.name + ": " + e.message } })()`: "SyntaxError: Failed to execute 'querySelector' on 'Document': 'li[' is not a valid selector.",
		`(() => { try { document.body.matches('::') } catch (e) { return e.name + ": " + e.message } })()`:   "SyntaxError: Failed to execute 'matches' on 'Element': '::' is not a valid selector.",
		`(() => { try { document.querySelector() } catch (e) { return e.name + ": " + e.message } })()`:      "TypeError: Failed to execute 'querySelector' on 'Document': 1 argument required, but only 0 present.",
	})
}

// Each world has its own wrappers of the one tree: identity holds inside a
// world, expandos stay in their world, and changes to the tree show in
// every world.
func TestIsolatedWorldsShareOneTree(t *testing.T) {
	e := newEnv(t, listPage, 2)
	e.run(0, `var main = document.getElementById("main"); main.secret = "page only";
		var li = document.createElement("li"); li.textContent = "four"; li.id = "new";
		document.querySelector("ul").appendChild(li);`)
	e.eq(0, map[string]string{
		"document.body === document.body":          "true",
		"document.getElementById('main') === main": "true",
		"document.querySelector('#main').secret":   "page only",
		"document.querySelectorAll('li').length":   "4",
	})
	e.eq(1, map[string]string{
		"document.getElementById('main').secret":                "undefined",
		"'secret' in document.getElementById('main')":           "false",
		"document.querySelectorAll('li').length":                "4",
		"document.getElementById('new').textContent":            "four",
		"document.getElementById('new') instanceof HTMLElement": "true",
	})
	e.run(1, `document.getElementById("new").remove(); document.body.dataset.fromContent = "yes";`)
	e.eq(0, map[string]string{
		"document.querySelectorAll('li').length":          "3",
		"li.isConnected":                                  "false",
		"document.body.getAttribute('data-from-content')": "yes",
	})
	if e.rts[0].Get("HTMLElement") == e.rts[1].Get("HTMLElement") {
		t.Fatal("the worlds share a prototype")
	}
}

// Events go through the capture phase (window first), the target, then the
// bubble phase, and reach the listeners of every world in the order they
// were added.
func TestEventPhasesAcrossWorlds(t *testing.T) {
	e := newEnv(t, listPage, 2)
	listen := `
	  var phases = ["none", "capture", "target", "bubble"];
	  function on(target, name, capture) {
	    target.addEventListener("ping", function (ev) {
	      log(name, phases[ev.eventPhase], capture ? "capture" : "bubble", ev.target.tagName, ev.currentTarget === target);
	    }, capture);
	  }
	  on(window, "window", true); on(document, "document", true); on(document.body, "body", true);
	  on(document.querySelector("b"), "b", false); on(document.querySelector("b"), "b", true);
	  on(document.body, "body", false); on(window, "window", false);`
	e.run(0, listen)
	e.run(1, listen)
	e.run(1, `log("dispatch returned", document.querySelector("b").dispatchEvent(new Event("ping", {bubbles: true})))`)
	e.wantLog(
		"w0: window capture capture B true", "w1: window capture capture B true",
		"w0: document capture capture B true", "w1: document capture capture B true",
		"w0: body capture capture B true", "w1: body capture capture B true",
		// At the target, capture listeners run before the others (the DOM's
		// current rule), each group in the order added.
		"w0: b target capture B true", "w1: b target capture B true",
		"w0: b target bubble B true", "w1: b target bubble B true",
		"w0: body bubble bubble B true", "w1: body bubble bubble B true",
		"w0: window bubble bubble B true", "w1: window bubble bubble B true",
		"w1: dispatch returned true",
	)
	// A non-bubbling event still has a capture phase, but stops at the
	// target.
	e.run(0, `document.querySelector("b").dispatchEvent(new Event("ping"))`)
	if len(e.log) != 10 || !strings.HasPrefix(e.log[9], "w1: b target bubble") {
		t.Fatalf("non-bubbling event: %q", e.log)
	}
}

func TestEventPropagationControls(t *testing.T) {
	e := newEnv(t, listPage, 2)
	e.run(0, `
	  var b = document.querySelector("b");
	  b.addEventListener("x", function (ev) { log("first"); ev.stopImmediatePropagation(); });
	  b.addEventListener("x", function () { log("never"); });
	  document.body.addEventListener("y", function (ev) { log("body y"); ev.stopPropagation(); });
	  document.addEventListener("y", function () { log("never: propagation stopped"); });
	  var once = function () { log("once"); };
	  b.addEventListener("z", once, {once: true});
	  b.addEventListener("z", {handleEvent: function (ev) { log("handleEvent", this !== b); }});
	  var removed = function () { log("removed listener ran"); };
	  b.addEventListener("z", removed); b.removeEventListener("z", removed);
	  b.addEventListener("c", function (ev) { ev.preventDefault(); log("canceled", ev.defaultPrevented); });
	  b.addEventListener("boom", function () { throw new Error("listener failed"); });
	  b.addEventListener("boom", function () { log("next listener still runs"); });`)
	e.run(1, `var b = document.querySelector("b");
	  b.addEventListener("x", function () { log("never: other world, same target"); });
	  log(b.dispatchEvent(new Event("x")));
	  log(b.dispatchEvent(new Event("y", {bubbles: true})));
	  b.dispatchEvent(new Event("z")); b.dispatchEvent(new Event("z"));
	  log(b.dispatchEvent(new Event("c", {cancelable: true})), b.dispatchEvent(new Event("c")));
	  b.dispatchEvent(new Event("boom"));
	  var ev = new Event("again"); b.dispatchEvent(ev);
	  try { b.dispatchEvent(ev) } catch (err) { log(err.name) }`)
	e.wantLog(
		"w0: first", "w1: true",
		"w0: body y", "w1: true",
		"w0: once", "w0: handleEvent true", "w0: handleEvent true",
		"w0: canceled true", "w0: canceled false", "w1: false true",
		"w0: uncaught Error: listener failed at <eval>:13:51(3)", "w0: next listener still runs",
		"w1: InvalidStateError",
	)
}

// A trusted click (Tree.Click, as js.Host.ClickSelector uses, and
// element.click()) is a MouseEvent every world hears.
func TestClickIsTrustedAndReachesEveryWorld(t *testing.T) {
	e := newEnv(t, listPage, 2)
	for i := range 2 {
		e.run(i, `document.addEventListener("click", function (ev) {
		  log(ev.type, ev.isTrusted, ev instanceof MouseEvent, ev.target.id, ev.detail, ev.bubbles, ev.cancelable);
		});`)
	}
	n, err := e.tree.Query("#link")
	must(t, err)
	e.tree.Click(n)
	e.run(1, `document.getElementById("main").click()`)
	e.run(1, `document.getElementById("main").dispatchEvent(new MouseEvent("click", {bubbles: true, clientX: 5}))`)
	e.wantLog(
		"w0: click true true link 1 true true", "w1: click true true link 1 true true",
		"w0: click true true main 1 true true", "w1: click true true main 1 true true",
		"w0: click false true main 0 true false", "w1: click false true main 0 true false",
	)
}

// CustomEvent.detail made in one world reaches the others as a structured
// clone (Chromium), null when it cannot be cloned.
func TestCustomEventDetailAcrossWorlds(t *testing.T) {
	e := newEnv(t, listPage, 2)
	e.run(1, `document.addEventListener("hello", function (ev) { log(JSON.stringify(ev.detail), ev.detail === window.sent); });`)
	e.run(0, `window.sent = {n: 1, list: [1, 2]}; document.addEventListener("hello", function (ev) { log(JSON.stringify(ev.detail), ev.detail === window.sent); });
		document.dispatchEvent(new CustomEvent("hello", {detail: window.sent}));
		document.dispatchEvent(new CustomEvent("hello", {detail: function () {}}));`)
	e.wantLog(`w1: {"n":1,"list":[1,2]} false`, `w0: {"n":1,"list":[1,2]} true`, "w1: null false", "w0: undefined false")
}

func TestInnerHTMLRoundTripAndTreeEdits(t *testing.T) {
	e := newEnv(t, listPage, 1)
	e.eq(0, map[string]string{
		`(() => { const d = document.createElement("div"); d.innerHTML = '<p class="a">x &amp; <i>y</i></p><br><!--c-->'; return d.innerHTML; })()`: `<p class="a">x &amp; <i>y</i></p><br/><!--c-->`,
		`(() => { const d = document.createElement("div"); d.innerHTML = "<td>cell</td>text"; return d.childNodes.length + " " + d.innerHTML; })()`: "1 celltext", // a <td> outside a table is dropped
		`(() => { const t = document.createElement("table"); t.innerHTML = "<tr><td>cell</td></tr>"; return t.outerHTML; })()`:                      "<table><tbody><tr><td>cell</td></tr></tbody></table>",
		`(() => { const d = document.createElement("div"); d.textContent = "<b>not bold</b>"; return d.innerHTML + " " + d.childNodes.length; })()`: "&lt;b&gt;not bold&lt;/b&gt; 1",
		`document.querySelector("p").textContent`: "para bold",
		`document.querySelector("p").outerHTML`:   "<p>para <b>bold</b></p>",
	})
	e.eq(0, map[string]string{`(() => {
		const ul = document.querySelector("ul");
		const a = document.createElement("LI"); a.append("zero", document.createTextNode("!"));
		ul.insertBefore(a, ul.firstChild);
		ul.prepend(document.createComment("c"));
		ul.lastElementChild.after("tail");
		ul.querySelector(".x").replaceWith(document.createElement("hr"));
		const clone = ul.cloneNode(true), shallow = ul.cloneNode();
		ul.removeChild(ul.querySelector("hr"));
		return ul.innerHTML + " | " + clone.children.length + " " + shallow.childNodes.length + " " + a.tagName + " " + a.parentNode.tagName;
	})()`: "<!--c--><li>zero!</li><li>one</li><li>three</li>tail | 4 0 LI UL"})
	e.eq(0, map[string]string{
		`(() => { const b = document.body; b.replaceChildren("only", document.createElement("span")); return b.innerHTML; })()`: "only<span></span>",
	})
	errText := func(src string) string {
		return "(() => { try { " + src + "; return 'no error' } catch (e) { return e.name + ': ' + e.message } })()"
	}
	e.eq(0, map[string]string{
		errText(`document.body.appendChild(document.documentElement)`):                    "HierarchyRequestError: Failed to execute 'appendChild' on 'Node': The new child element contains the parent.",
		errText(`document.body.removeChild(document.createElement("p"))`):                 "NotFoundError: Failed to execute 'removeChild' on 'Node': The node to be removed is not a child of this node.",
		errText(`document.body.insertBefore(document.createElement("p"), document.head)`): "NotFoundError: Failed to execute 'insertBefore' on 'Node': The node before which the new node is to be inserted is not a child of this node.",
		errText(`document.body.appendChild({})`):                                          "TypeError: Failed to execute 'appendChild' on 'Node': parameter 1 is not of type 'Node'.",
		errText(`document.createElement("a b")`):                                          "InvalidCharacterError: Failed to execute 'createElement' on 'Document': The tag name provided ('a b') is not a valid name.",
		errText(`document.body.appendChild.call({}, document.body)`):                      "TypeError: Illegal invocation",
		errText(`new Node()`): "TypeError: Failed to construct 'Node': Illegal constructor",
	})
}

func TestAttributesClassListDatasetAndValues(t *testing.T) {
	e := newEnv(t, listPage, 1)
	e.run(0, `var m = document.getElementById("main");
		m.classList.add("c", "a"); m.classList.remove("b"); m.classList.toggle("d"); m.classList.toggle("c");
		m.dataset.fooBar = "fb"; delete m.dataset.userId;
		m.setAttribute("Title", "t"); m.toggleAttribute("hidden");
		document.getElementById("in").value = "typed";
		document.getElementById("cb").checked = false;`)
	e.eq(0, map[string]string{
		"m.className": "a d",
		"m.classList.length + m.classList.item(1)":                                 "2d",
		"m.classList.contains('a')":                                                "true",
		"[...m.classList].join()":                                                  "a,d",
		"m.getAttribute('data-foo-bar')":                                           "fb",
		"m.hasAttribute('data-user-id')":                                           "false",
		"Object.keys(m.dataset).join()":                                            "fooBar",
		"m.title + m.hidden":                                                       "ttrue",
		"m.getAttributeNames().join()":                                             "id,class,data-foo-bar,title,hidden",
		"m.getAttribute('nope')":                                                   "null",
		"document.getElementById('in').value":                                      "typed",
		"document.getElementById('in').getAttribute('value')":                      "v0",
		"document.getElementById('cb').checked":                                    "false",
		"document.getElementById('cb').value":                                      "on",
		"document.getElementById('ta').value":                                      "text",
		"document.getElementById('sel').value":                                     "B",
		"m.value":                                                                  "undefined",
		`(() => { try { m.classList.add("a b") } catch (e) { return e.name } })()`: "InvalidCharacterError",
	})
}

// Members extsim does not have throw a TypeError naming them, instead of
// reading as undefined; what scripts commonly probe still works.
func TestUnsupportedMembersThrow(t *testing.T) {
	e := newEnv(t, listPage, 1)
	errText := func(src string) string {
		return "(() => { try { " + src + "; return 'no error' } catch (e) { return e.name + ': ' + e.message } })()"
	}
	e.eq(0, map[string]string{
		errText("document.cookie"):                             "TypeError: document.cookie is not supported by extsim yet",
		errText("document.body.attachShadow({})"):              "TypeError: HTMLElement.attachShadow is not supported by extsim yet",
		errText("document.body.firstChild.splitText(1)"):       "TypeError: Text.splitText is not supported by extsim yet",
		"document.body.onclick":                                "null",
		"'cookie' in document":                                 "false",
		"(document.body.expando = 1, document.body.expando)":   "1",
		"JSON.stringify(document.body)":                        "{\"expando\":1}",
		"typeof document.body.toString":                        "function",
		"document.body.hasOwnProperty('expando')":              "true",
		"Object.prototype.toString.call(document.body) !== ''": "true",
	})
	e.eq(0, map[string]string{"(Promise.resolve(document.body), 'thenable probe ok')": "thenable probe ok"})
}

// on<event> properties are event handlers of the world that set them.
func TestEventHandlerProperties(t *testing.T) {
	e := newEnv(t, listPage, 2)
	e.run(0, `document.body.onclick = function (ev) { log("onclick", ev.type); return false; }; onmessage = function (ev) { log("window.onmessage"); };`)
	e.run(1, `log(document.body.onclick, document.body.dispatchEvent(new MouseEvent("click", {cancelable: true})));`)
	e.wantLog("w0: onclick click", "w1: null false")
}

// Browser-fired events: readystatechange, DOMContentLoaded (bubbles to the
// window), load (at the window, target the document), pagehide, message.
func TestBrowserFiredEvents(t *testing.T) {
	e := newEnv(t, listPage, 1)
	e.run(0, `for (const type of ["readystatechange", "DOMContentLoaded", "load", "pagehide", "message"]) {
		window.addEventListener(type, function (ev) {
		  log(type, ev.isTrusted, ev.target === document ? "document" : ev.target === window ? "window" : "?",
		    type === "pagehide" ? ev.persisted : "", type === "message" ? JSON.stringify(ev.data) + " " + ev.origin + " " + (ev.source === window) : "");
		});
	}`)
	e.tree.FireDocumentEvent("readystatechange", false)
	e.tree.FireDocumentEvent("DOMContentLoaded", true)
	e.tree.FireLoad()
	e.tree.FirePageHide(true)
	e.wantLog("w0: DOMContentLoaded true document  ", "w0: load true document  ", "w0: pagehide true window true ")
}

// The DOM's globals are built on first read but look like ordinary
// globals; a realm without a document (a service worker) has the event
// classes only.
func TestLazyGlobals(t *testing.T) {
	e := newEnv(t, listPage, 1)
	if e.worlds[0].classes != nil {
		t.Fatal("the glue ran before any script touched the DOM")
	}
	e.eq(0, map[string]string{
		"'document' in window && typeof Element":                             "function",
		"window.addEventListener === addEventListener":                       "true",
		"window instanceof EventTarget && document instanceof Node":          "true",
		"document.body instanceof Element && !(document instanceof Element)": "true",
		"typeof postMessage": "undefined", // no PostMessage option here
		"(function () { var Event = 1; return Event; })()": "1",
	})
	e.run(0, `Text = "shadowed by the page"`)
	e.eq(0, map[string]string{"Text": "shadowed by the page", "document.createTextNode('x') instanceof CharacterData": "true"})

	glue, err := Compile()
	must(t, err)
	rt := sobek.New()
	Install(rt, glue, Options{})
	for src, want := range map[string]string{
		"typeof document + typeof location + typeof addEventListener": "undefinedundefinedundefined",
		"new CustomEvent('x', {detail: 1}).detail":                    "1",
		"(() => { const t = new EventTarget(); let n = 0; t.addEventListener('x', () => n++); t.dispatchEvent(new Event('x')); return n; })()": "1",
	} {
		v, err := rt.RunString("String(" + src + ")")
		if err != nil || v.String() != want {
			t.Errorf("worker: %s = %v (%v), want %q", src, v, err, want)
		}
	}
}

func TestStyleAndInsertAdjacent(t *testing.T) {
	e := newEnv(t, `<body><div id="d" style="color: red; margin-top:1px"><p id="p">x</p></div></body>`, 2)
	e.run(0, `var d = document.getElementById("d");
		d.style.backgroundColor = "blue"; d.style.marginTop = ""; d.style.setProperty("--gap", "2px", "important");
		var p = document.getElementById("p");
		p.insertAdjacentHTML("beforebegin", "<i>1</i>"); p.insertAdjacentHTML("afterBegin", "<b>2</b>");
		p.insertAdjacentText("beforeend", "3"); p.insertAdjacentElement("afterend", document.createElement("hr"));`)
	e.eq(1, map[string]string{
		"document.getElementById('d').getAttribute('style')":              "color: red; background-color: blue; --gap: 2px !important;",
		"document.getElementById('d').style.color":                        "red",
		"document.getElementById('d').style.getPropertyPriority('--gap')": "important",
		"document.getElementById('d').style.length":                       "3",
		"document.getElementById('d').style.fontSize":                     "",
		"document.getElementById('d').innerHTML":                          `<i>1</i><p id="p"><b>2</b>x3</p><hr/>`,
	})
	e.run(1, `document.getElementById("d").style.cssText = "display: none"`)
	e.eq(0, map[string]string{
		"d.style.display + ' ' + d.style.length": "none 1",
		`(() => { try { p.insertAdjacentHTML("middle", "x") } catch (e) { return e.name + ": " + e.message } })()`:          "SyntaxError: Failed to execute 'insertAdjacentHTML' on 'Element': The value provided ('middle') is not one of 'beforeBegin', 'afterBegin', 'beforeEnd', or 'afterEnd'.",
		`(() => { try { document.createElement("a").insertAdjacentHTML("afterend", "x") } catch (e) { return e.name } })()`: "NoModificationAllowedError",
		`document.createElement("a").insertAdjacentElement("afterend", p)`:                                                  "null",
	})
}
