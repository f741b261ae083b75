package dom

import (
	_ "embed"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/grafana/sobek"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

//go:embed glue.js
var glueSource string

// Glue is the DOM's JavaScript side compiled once; every world runs it on
// first use.
type Glue struct{ prog *sobek.Program }

// Compile compiles the glue.
func Compile() (*Glue, error) {
	p, err := sobek.Compile("extsim:dom.js", glueSource, true)
	if err != nil {
		return nil, fmt.Errorf("dom: compiling the glue: %w", err)
	}
	return &Glue{prog: p}, nil
}

// Options configures a world.
type Options struct {
	// Tree is the document; nil for a realm without one (a service
	// worker), which still gets Event and EventTarget.
	Tree *Tree
	// Window: the global object is a window (addEventListener,
	// dispatchEvent, postMessage and on<event> properties on it).
	Window bool
	// Alive reports whether the world's listeners may run (its context is
	// alive and not in the back/forward cache).
	Alive func() bool
	// Call runs a listener as an entry of the world's realm; the realm
	// reports what it throws as uncaught. Nil calls it directly and drops
	// what it throws.
	Call func(fn sobek.Callable, this sobek.Value, args ...sobek.Value)
	// Now is the time for Event.timeStamp, in milliseconds; nil gives 0.
	Now func() float64
	// PostMessage implements window.postMessage; nil leaves it out.
	PostMessage func(call sobek.FunctionCall) sobek.Value
	// Navigate navigates the document's frame to an absolute URL (setting
	// location.href, location.assign, location.replace; location.reload
	// passes the document's own URL). Nil makes those a no-op, as in a
	// document that is in no frame.
	Navigate func(absURL string)
}

// classNames are the globals the glue defines.
var classNames = []string{"EventTarget", "Node", "Element", "HTMLElement", "CharacterData", "Text", "Comment",
	"DocumentType", "Document", "DOMTokenList", "CSSStyleDeclaration", "Event", "CustomEvent", "MessageEvent", "UIEvent", "MouseEvent",
	"PageTransitionEvent"}

// World is one realm's view of the DOM: its wrappers and prototypes.
type World struct {
	// Alive is Options.Alive.
	Alive func() bool
	opts  Options
	rt    *sobek.Runtime
	glue  *Glue
	g     *sobek.Object
	tree  *Tree
	dead  bool

	classes  *sobek.Object // nil until the glue ran
	miss     *sobek.Object // what "get" answers for names Go does not own
	protos   map[string]*sobek.Object
	wrappers map[*html.Node]*sobek.Object
	nodes    map[*sobek.Object]*html.Node
	// handleKey keys the hidden property that ties an event or a
	// script-made EventTarget to its Go side: a property, not a map, so
	// that the garbage collector takes both when the script drops them.
	handleKey *sobek.Symbol
	globals   map[string]sobek.Value // the lazy globals built so far
	methods   map[string]sobek.Value // the methods Go answers, built so far
}

// Install gives rt the DOM's globals and returns the world. They live on
// an object Go implements, put between the global object and
// Object.prototype (where a browser has Window.prototype and
// EventTarget.prototype): nothing is built until a script first reads
// one of them, so a content script that never touches the DOM pays for
// one object. Assigning one of the names makes an own global property,
// as assigning a browser's does.
func Install(rt *sobek.Runtime, glue *Glue, opts Options) *World {
	if opts.Call == nil {
		opts.Call = func(fn sobek.Callable, this sobek.Value, args ...sobek.Value) { _, _ = fn(this, args...) }
	}
	w := &World{Alive: opts.Alive, opts: opts, rt: rt, glue: glue, g: rt.GlobalObject(), tree: opts.Tree}
	if w.tree != nil {
		w.tree.worlds = append(w.tree.worlds, w)
	}
	w.g.SetPrototype(rt.NewDynamicObject(lazyGlobals{w}))
	return w
}

// lazyGlobals is the global object's prototype: the DOM's globals, built
// on first read.
type lazyGlobals struct{ w *World }

// windowMethods are the EventTarget methods of window, and the glue's
// native operation behind each.
var windowMethods = map[string]string{"addEventListener": "listen", "removeEventListener": "unlisten", "dispatchEvent": "dispatch"}

func (l lazyGlobals) Has(key string) bool {
	w := l.w
	switch key {
	case "document", "location":
		return w.tree != nil
	case "addEventListener", "removeEventListener", "dispatchEvent":
		return w.opts.Window && w.tree != nil
	case "postMessage":
		return w.opts.Window && w.opts.PostMessage != nil
	}
	return slices.Contains(classNames, key)
}

func (l lazyGlobals) Get(key string) sobek.Value {
	if !l.Has(key) {
		return nil
	}
	w := l.w
	if v, ok := w.globals[key]; ok {
		return v
	}
	var v sobek.Value
	switch key {
	case "postMessage":
		v = w.rt.ToValue(w.opts.PostMessage)
	case "addEventListener", "removeEventListener", "dispatchEvent":
		native := w.rt.ToValue(windowMethods[key])
		v = w.rt.ToValue(func(call sobek.FunctionCall) sobek.Value {
			args := append([]sobek.Value{native, call.This, w.rt.ToValue(len(call.Arguments))}, call.Arguments...)
			return w.native(sobek.FunctionCall{This: call.This, Arguments: args})
		})
	case "location":
		v = w.location()
	default:
		w.init()
		if key == "document" {
			return w.wrap(w.tree.Doc)
		}
		v = w.classes.Get(key)
	}
	if w.globals == nil {
		w.globals = map[string]sobek.Value{}
	}
	w.globals[key] = v
	return v
}

func (l lazyGlobals) Set(string, sobek.Value) bool { return false }
func (l lazyGlobals) Delete(string) bool           { return false }
func (l lazyGlobals) Keys() []string               { return nil }

// Close ends the world: its listeners no longer run, and the tree forgets
// it.
func (w *World) Close() {
	w.dead = true
	if t := w.tree; t != nil {
		for i, o := range t.worlds {
			if o == w {
				t.worlds = append(t.worlds[:i:i], t.worlds[i+1:]...)
				break
			}
		}
	}
}

// handle is opaque to scripts: no exported fields or methods.
type handle struct{ v any }

func (w *World) setHandle(o *sobek.Object, v any) {
	_ = o.DefineDataPropertySymbol(w.handleKey, w.rt.ToValue(&handle{v}), sobek.FLAG_FALSE, sobek.FLAG_FALSE, sobek.FLAG_FALSE)
}

// handle returns the Go side of an event or a script-made EventTarget.
func (w *World) handle(o *sobek.Object) any {
	if w.handleKey == nil {
		return nil
	}
	if v := o.GetSymbol(w.handleKey); v != nil {
		if h, ok := v.Export().(*handle); ok {
			return h.v
		}
	}
	return nil
}

// Worlds is how many live worlds see the tree.
func (t *Tree) Worlds() int { return len(t.worlds) }

// Tree is the world's document tree (nil without a document).
func (w *World) Tree() *Tree { return w.tree }

// init runs the glue once.
func (w *World) init() {
	if w.miss != nil {
		return
	}
	w.miss = w.rt.NewObject()
	w.wrappers = map[*html.Node]*sobek.Object{}
	w.nodes = map[*sobek.Object]*html.Node{}
	w.handleKey = sobek.NewSymbol("extsim")
	fn, err := w.rt.RunProgram(w.glue.prog)
	if err != nil {
		panic(w.rt.NewGoError(fmt.Errorf("dom: running the glue: %w", err)))
	}
	call, _ := sobek.AssertFunction(fn)
	v, err := call(sobek.Undefined(), w.rt.ToValue(w.native), w.g, w.miss)
	if err != nil {
		panic(w.rt.NewGoError(fmt.Errorf("dom: running the glue: %w", err)))
	}
	w.classes = v.(*sobek.Object)
	w.protos = map[string]*sobek.Object{}
	for _, name := range classNames {
		c := w.classes.Get(name).(*sobek.Object)
		w.protos[name] = c.Get("prototype").(*sobek.Object)
	}
}

// Document returns the world's wrapper of the document.
func (w *World) Document() sobek.Value {
	w.init()
	return w.wrap(w.tree.Doc)
}

// wrap returns the world's wrapper of n, making it on first use.
func (w *World) wrap(n *html.Node) sobek.Value {
	if n == nil {
		return sobek.Null()
	}
	if o := w.wrappers[n]; o != nil {
		return o
	}
	o := w.rt.NewObject()
	var proto string
	switch n.Type {
	case html.DocumentNode:
		proto = "Document"
	case html.ElementNode:
		proto = "HTMLElement"
	case html.TextNode:
		proto = "Text"
	case html.CommentNode:
		proto = "Comment"
	case html.DoctypeNode:
		proto = "DocumentType"
	default:
		proto = "Node"
	}
	o.SetPrototype(w.protos[proto])
	w.wrappers[n] = o
	w.nodes[o] = n
	return o
}

func (w *World) wrapAll(ns []*html.Node) sobek.Value {
	vs := make([]any, len(ns))
	for i, n := range ns {
		vs[i] = w.wrap(n)
	}
	return w.rt.NewArray(vs...)
}

func (w *World) node(v sobek.Value) *html.Node {
	if o, ok := v.(*sobek.Object); ok {
		return w.nodes[o]
	}
	return nil
}

func (w *World) typeError(msg string) { panic(w.rt.NewTypeError(msg)) }

// domException throws a DOMException, as the browsers do.
func (w *World) domException(name, msg string) {
	ctor, ok := w.g.Get("DOMException").(*sobek.Object)
	if ok {
		if ex, err := w.rt.New(ctor, w.rt.ToValue(msg), w.rt.ToValue(name)); err == nil {
			panic(ex)
		}
	}
	panic(w.rt.NewTypeError(name + ": " + msg))
}

func (w *World) location() sobek.Value {
	o := w.rt.NewObject()
	u, err := url.Parse(w.tree.URL)
	if err != nil {
		u = &url.URL{}
	}
	origin := "null"
	switch u.Scheme {
	case "http", "https", "chrome-extension", "moz-extension", "ftp", "ws", "wss":
		origin = u.Scheme + "://" + u.Host
	}
	hash := ""
	if u.Fragment != "" {
		hash = "#" + u.EscapedFragment()
	}
	search := ""
	if u.RawQuery != "" {
		search = "?" + u.RawQuery
	}
	fields := [][2]string{{"href", w.tree.URL}, {"origin", origin}, {"protocol", u.Scheme + ":"}, {"host", u.Host},
		{"hostname", u.Hostname()}, {"port", u.Port()}, {"pathname", u.EscapedPath()}, {"search", search}, {"hash", hash}}
	for _, f := range fields[1:] {
		_ = o.DefineDataProperty(f[0], w.rt.ToValue(f[1]), sobek.FLAG_FALSE, sobek.FLAG_TRUE, sobek.FLAG_TRUE)
	}
	href := w.tree.URL
	// href is an accessor: assigning it navigates the frame, as the
	// navigation methods do (a frame's own script moving it to a new
	// document, lc-subframe-navigates).
	getHref := w.rt.ToValue(func() string { return href })
	setHref := w.rt.ToValue(func(v sobek.Value) { w.navigate("Failed to set the 'href' property on 'Location'", u, v) })
	_ = o.DefineAccessorProperty("href", getHref, setHref, sobek.FLAG_FALSE, sobek.FLAG_TRUE)
	for _, m := range []string{"assign", "replace"} {
		prefix := "Failed to execute '" + m + "' on 'Location'"
		_ = o.Set(m, func(call sobek.FunctionCall) sobek.Value {
			w.argCount(m, "Location", w.rt.ToValue(len(call.Arguments)), 1)
			w.navigate(prefix, u, call.Argument(0))
			return sobek.Undefined()
		})
	}
	_ = o.Set("reload", func() {
		if w.opts.Navigate != nil {
			w.opts.Navigate(href)
		}
	})
	_ = o.Set("toString", func() string { return href })
	return o
}

// navigate resolves v against the document's URL base and asks for the
// navigation; a URL that does not parse throws Chrome's SyntaxError.
func (w *World) navigate(prefix string, base *url.URL, v sobek.Value) {
	raw := v.String()
	ref, err := url.Parse(strings.TrimSpace(raw))
	var abs *url.URL
	if err == nil {
		abs = base.ResolveReference(ref)
	}
	if abs == nil || abs.Scheme == "" {
		w.domException("SyntaxError", fmt.Sprintf("%s: '%s' is not a valid URL.", prefix, raw))
		return
	}
	if w.opts.Navigate != nil {
		w.opts.Navigate(abs.String())
	}
}

// argCount checks a method's argument count like Chrome does.
func (w *World) argCount(method, iface string, have sobek.Value, want int) {
	if n := int(have.ToInteger()); n < want {
		s := "s"
		if want == 1 {
			s = ""
		}
		w.typeError(fmt.Sprintf("Failed to execute '%s' on '%s': %d argument%s required, but only %d present.", method, iface, want, s, n))
	}
}

func (w *World) nodeArg(v sobek.Value, method string, pos int) *html.Node {
	n := w.node(v)
	if n == nil {
		w.typeError(fmt.Sprintf("Failed to execute '%s' on 'Node': parameter %d is not of type 'Node'.", method, pos))
	}
	return n
}

// describe names a node for "X.y is not supported by extsim yet".
func (w *World) describe(v sobek.Value) string {
	n := w.node(v)
	switch {
	case n == nil:
		return "object"
	case n == w.tree.Doc:
		return "document"
	case n.Type == html.ElementNode:
		return "HTMLElement"
	case n.Type == html.TextNode:
		return "Text"
	case n.Type == html.CommentNode:
		return "Comment"
	}
	return "Node"
}

// insert inserts c into p before ref (at the end when ref is nil), after
// the checks of the DOM's pre-insert algorithm extsim models.
func (w *World) insert(method string, p, c, ref *html.Node) {
	if p.Type != html.ElementNode && p.Type != html.DocumentNode {
		w.domException("HierarchyRequestError", fmt.Sprintf("Failed to execute '%s' on 'Node': This node type does not support this method.", method))
	}
	if Contains(c, p) {
		w.domException("HierarchyRequestError", fmt.Sprintf("Failed to execute '%s' on 'Node': The new child element contains the parent.", method))
	}
	if c.Type == html.DocumentNode {
		w.domException("HierarchyRequestError", fmt.Sprintf("Failed to execute '%s' on 'Node': Nodes of type '#document' may not be inserted inside nodes of type '%s'.", method, nodeName(p)))
	}
	if ref != nil && ref.Parent != p {
		w.domException("NotFoundError", fmt.Sprintf("Failed to execute '%s' on 'Node': The node before which the new node is to be inserted is not a child of this node.", method))
	}
	if ref == c {
		ref = c.NextSibling
	}
	if c.Parent != nil {
		c.Parent.RemoveChild(c)
	}
	if ref == nil {
		p.AppendChild(c)
	} else {
		p.InsertBefore(c, ref)
	}
}

func nodeName(n *html.Node) string {
	switch n.Type {
	case html.ElementNode:
		return strings.ToUpper(n.Data)
	case html.TextNode:
		return "#text"
	case html.CommentNode:
		return "#comment"
	case html.DocumentNode:
		return "#document"
	case html.DoctypeNode:
		return n.Data
	}
	return ""
}

func nodeType(n *html.Node) int {
	switch n.Type {
	case html.ElementNode:
		return 1
	case html.TextNode:
		return 3
	case html.CommentNode:
		return 8
	case html.DocumentNode:
		return 9
	case html.DoctypeNode:
		return 10
	}
	return 0
}

func elementSibling(n *html.Node, next bool) *html.Node {
	for {
		if next {
			n = n.NextSibling
		} else {
			n = n.PrevSibling
		}
		if n == nil || n.Type == html.ElementNode {
			return n
		}
	}
}

func elementChildren(n *html.Node) []*html.Node {
	var out []*html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			out = append(out, c)
		}
	}
	return out
}

// selector compiles sel for a method, throwing Chrome's SyntaxError.
func (w *World) selector(method, iface string, v sobek.Value) func(*html.Node) bool {
	sel := v.String()
	s, err := w.tree.Selector(sel)
	if err != nil {
		w.domException("SyntaxError", fmt.Sprintf("Failed to execute '%s' on '%s': '%s' is not a valid selector.", method, iface, sel))
	}
	return s.Match
}

func ifaceOf(n *html.Node) string {
	if n.Type == html.DocumentNode {
		return "Document"
	}
	return "Element"
}

// reflected attributes: string properties that mirror an attribute.
var reflected = map[string]string{"id": "id", "className": "class", "name": "name", "title": "title", "placeholder": "placeholder", "type": "type"}

// urlAttrs are reflected as URLs resolved against the document.
var urlAttrs = map[string]string{"href": "href", "src": "src"}

// boolAttrs are reflected as booleans.
var boolAttrs = map[string]string{"hidden": "hidden", "disabled": "disabled"}

// native is N(op, this, ...args) of the glue: every DOM member lands here.
// detachingOps are the node operations that can take nodes out of the
// document (moving a node removes it from its old place first).
var detachingOps = map[string]bool{"removeChild": true, "replaceChild": true, "remove": true, "empty": true,
	"appendChild": true, "insertBefore": true, "insertAdjacentElement": true,
	"=textContent": true, "=innerText": true, "=innerHTML": true}

func (w *World) native(call sobek.FunctionCall) sobek.Value {
	w.init()
	rt := w.rt
	op := call.Argument(0).String()
	this := call.Argument(1)
	arg := func(i int) sobek.Value { return call.Argument(2 + i) }
	switch op {
	case "get":
		return w.getMember(this, arg(0).String())
	case "set":
		return rt.ToValue(w.setMember(this, arg(0).String(), arg(1)))
	case "has":
		k := arg(0).String()
		_, node := nodeMembers[k]
		_, method := nodeMethods[k]
		_, ev := eventMembers[k]
		return rt.ToValue(node || method || ev)
	case "isNode":
		return rt.ToValue(w.node(this) != nil)
	case "isTarget":
		if o, ok := this.(*sobek.Object); ok {
			_, plain := w.handle(o).(*target)
			return rt.ToValue(w.nodes[o] != nil || plain || (w.opts.Window && o == w.g))
		}
		return rt.ToValue(false)
	case "newTarget":
		o := this.(*sobek.Object)
		w.setHandle(o, &target{owner: o})
		return sobek.Undefined()
	case "listen", "unlisten":
		return w.listen(op == "listen", this, arg(0), arg(1), arg(2), arg(3))
	case "dispatch":
		return w.dispatch(this, arg(0), arg(1))
	case "newText":
		return w.wrap(&html.Node{Type: html.TextNode, Data: arg(0).String()})
	case "newComment":
		return w.wrap(&html.Node{Type: html.CommentNode, Data: arg(0).String()})
	}
	n := w.node(this)
	if n == nil {
		if e := w.eventOf(this); e != nil {
			return w.eventMember(op, e, call)
		}
		if op == "newEvent" {
			return w.newEvent(this.(*sobek.Object), arg(0).String(), arg(1))
		}
		w.typeError("Illegal invocation")
	}
	if detachingOps[op] && w.tree != nil {
		defer w.tree.nodesRemoved()
	}
	t := w.tree
	switch op {
	case "nodeType":
		return rt.ToValue(nodeType(n))
	case "nodeName":
		return rt.ToValue(nodeName(n))
	case "parentNode":
		return w.wrap(n.Parent)
	case "parentElement":
		if n.Parent != nil && n.Parent.Type == html.ElementNode {
			return w.wrap(n.Parent)
		}
		return sobek.Null()
	case "childNodes":
		var cs []*html.Node
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			cs = append(cs, c)
		}
		return w.wrapAll(cs)
	case "firstChild":
		return w.wrap(n.FirstChild)
	case "lastChild":
		return w.wrap(n.LastChild)
	case "nextSibling":
		return w.wrap(n.NextSibling)
	case "previousSibling":
		return w.wrap(n.PrevSibling)
	case "ownerDocument":
		if n == t.Doc {
			return sobek.Null()
		}
		return w.wrap(t.Doc)
	case "isConnected":
		return rt.ToValue(Contains(t.Doc, n))
	case "textContent", "innerText":
		if n.Type == html.DocumentNode || n.Type == html.DoctypeNode {
			return sobek.Null()
		}
		return rt.ToValue(TextContent(n))
	case "=textContent", "=innerText":
		if n.Type != html.DocumentNode && n.Type != html.DoctypeNode {
			s := ""
			if v := arg(0); !sobek.IsNull(v) && !sobek.IsUndefined(v) {
				s = v.String()
			}
			SetTextContent(n, s)
		}
		return sobek.Undefined()
	case "nodeValue", "data":
		if n.Type == html.TextNode || n.Type == html.CommentNode {
			return rt.ToValue(n.Data)
		}
		return sobek.Null()
	case "=nodeValue", "=data":
		if n.Type == html.TextNode || n.Type == html.CommentNode {
			n.Data = arg(0).String()
		}
		return sobek.Undefined()
	case "length":
		return rt.ToValue(utf16Len(n.Data))
	case "name":
		if n.Type == html.DoctypeNode {
			return rt.ToValue(n.Data)
		}
		v, _ := Attr(n, "name")
		return rt.ToValue(v)
	case "appendChild":
		w.argCount("appendChild", "Node", arg(0), 1)
		c := w.nodeArg(arg(1), "appendChild", 1)
		w.insert("appendChild", n, c, nil)
		return arg(1)
	case "insertBefore":
		w.argCount("insertBefore", "Node", arg(0), 2)
		c := w.nodeArg(arg(1), "insertBefore", 1)
		var ref *html.Node
		if v := arg(2); !sobek.IsNull(v) && !sobek.IsUndefined(v) {
			ref = w.nodeArg(v, "insertBefore", 2)
		}
		w.insert("insertBefore", n, c, ref)
		return arg(1)
	case "removeChild":
		w.argCount("removeChild", "Node", arg(0), 1)
		c := w.nodeArg(arg(1), "removeChild", 1)
		if c.Parent != n {
			w.domException("NotFoundError", "Failed to execute 'removeChild' on 'Node': The node to be removed is not a child of this node.")
		}
		n.RemoveChild(c)
		return arg(1)
	case "replaceChild":
		w.argCount("replaceChild", "Node", arg(0), 2)
		c := w.nodeArg(arg(1), "replaceChild", 1)
		old := w.nodeArg(arg(2), "replaceChild", 2)
		if old.Parent != n {
			w.domException("NotFoundError", "Failed to execute 'replaceChild' on 'Node': The node to be replaced is not a child of this node.")
		}
		if c != old {
			w.insert("replaceChild", n, c, old)
			n.RemoveChild(old)
		}
		return arg(2)
	case "contains":
		o := w.node(arg(0))
		return rt.ToValue(o != nil && Contains(n, o))
	case "cloneNode":
		return w.wrap(Clone(n, arg(0).ToBoolean()))
	case "remove":
		if n.Parent != nil {
			n.Parent.RemoveChild(n)
		}
		return sobek.Undefined()
	case "empty":
		removeChildren(n)
		return sobek.Undefined()
	case "children":
		return w.wrapAll(elementChildren(n))
	case "childElementCount":
		return rt.ToValue(len(elementChildren(n)))
	case "firstElementChild":
		if c := n.FirstChild; c != nil && c.Type != html.ElementNode {
			return w.wrap(elementSibling(c, true))
		}
		return w.wrap(n.FirstChild)
	case "lastElementChild":
		if c := n.LastChild; c != nil && c.Type != html.ElementNode {
			return w.wrap(elementSibling(c, false))
		}
		return w.wrap(n.LastChild)
	case "nextElementSibling":
		return w.wrap(elementSibling(n, true))
	case "previousElementSibling":
		return w.wrap(elementSibling(n, false))
	case "querySelector", "querySelectorAll":
		iface := ifaceOf(n)
		w.argCount(op, iface, arg(0), 1)
		s, err := t.Selector(arg(1).String())
		if err != nil {
			w.domException("SyntaxError", fmt.Sprintf("Failed to execute '%s' on '%s': '%s' is not a valid selector.", op, iface, arg(1).String()))
		}
		m := QueryAll(n, s, op == "querySelector")
		if op == "querySelector" {
			if len(m) == 0 {
				return sobek.Null()
			}
			return w.wrap(m[0])
		}
		return w.wrapAll(m)
	case "byTag":
		tag := strings.ToLower(arg(0).String())
		var out []*html.Node
		descendants(n, func(c *html.Node) bool {
			if c.Type == html.ElementNode && (tag == "*" || c.Data == tag) {
				out = append(out, c)
			}
			return true
		})
		return w.wrapAll(out)
	case "byClass":
		want := strings.Fields(arg(0).String())
		var out []*html.Node
		descendants(n, func(c *html.Node) bool {
			if c.Type == html.ElementNode && len(want) > 0 {
				have, _ := Attr(c, "class")
				fs := strings.Fields(have)
				all := true
				for _, k := range want {
					all = all && contains(fs, k)
				}
				if all {
					out = append(out, c)
				}
			}
			return true
		})
		return w.wrapAll(out)
	case "byId":
		id := arg(0).String()
		var found *html.Node
		walk(n, func(c *html.Node) bool {
			if v, ok := Attr(c, "id"); ok && c.Type == html.ElementNode && v == id {
				found = c
				return false
			}
			return true
		})
		return w.wrap(found)
	case "createElement":
		w.argCount("createElement", "Document", arg(0), 1)
		tag := arg(1).String()
		if !validName(tag) {
			w.domException("InvalidCharacterError", fmt.Sprintf("Failed to execute 'createElement' on 'Document': The tag name provided ('%s') is not a valid name.", tag))
		}
		return w.wrap(NewElement(tag))
	case "documentElement":
		return w.wrap(t.DocumentElement())
	case "head":
		return w.wrap(t.Head())
	case "body":
		return w.wrap(t.Body())
	case "title":
		if n.Type == html.DocumentNode {
			return rt.ToValue(t.Title())
		}
	case "=title":
		if n.Type == html.DocumentNode {
			t.SetTitle(arg(0).String())
			return sobek.Undefined()
		}
	case "readyState":
		return rt.ToValue(t.readyState())
	case "URL", "documentURI":
		return rt.ToValue(t.URL)
	case "location":
		return lazyGlobals{w}.Get("location")
	case "defaultView":
		if w.opts.Window {
			return w.g
		}
		return sobek.Null()
	case "tagName":
		return rt.ToValue(strings.ToUpper(n.Data))
	case "localName":
		return rt.ToValue(n.Data)
	case "outerHTML":
		s, err := OuterHTML(n)
		if err != nil {
			panic(rt.NewGoError(err))
		}
		return rt.ToValue(s)
	case "innerHTML":
		s, err := InnerHTML(n)
		if err != nil {
			panic(rt.NewGoError(err))
		}
		return rt.ToValue(s)
	case "=innerHTML":
		s := ""
		if v := arg(0); !sobek.IsNull(v) {
			s = v.String()
		}
		if err := SetInnerHTML(n, s); err != nil {
			panic(rt.NewGoError(err))
		}
		return sobek.Undefined()
	case "attributes":
		o := rt.NewObject()
		for _, a := range n.Attr {
			_ = o.Set(a.Key, a.Val)
		}
		return o
	case "getAttribute":
		w.argCount("getAttribute", "Element", arg(0), 1)
		if v, ok := Attr(n, strings.ToLower(arg(1).String())); ok {
			return rt.ToValue(v)
		}
		return sobek.Null()
	case "setAttribute":
		w.argCount("setAttribute", "Element", arg(0), 2)
		k := arg(1).String()
		if !validName(k) {
			w.domException("InvalidCharacterError", fmt.Sprintf("Failed to execute 'setAttribute' on 'Element': '%s' is not a valid attribute name.", k))
		}
		SetAttr(n, strings.ToLower(k), arg(2).String())
		return sobek.Undefined()
	case "removeAttribute":
		w.argCount("removeAttribute", "Element", arg(0), 1)
		RemoveAttr(n, strings.ToLower(arg(1).String()))
		return sobek.Undefined()
	case "attributeNames":
		names := make([]any, len(n.Attr))
		for i, a := range n.Attr {
			names[i] = a.Key
		}
		return rt.NewArray(names...)
	case "matches", "closest":
		w.argCount(op, "Element", arg(0), 1)
		match := w.selector(op, "Element", arg(1))
		if op == "matches" {
			return rt.ToValue(match(n))
		}
		for p := n; p != nil && p.Type == html.ElementNode; p = p.Parent {
			if match(p) {
				return w.wrap(p)
			}
		}
		return sobek.Null()
	case "click":
		w.tree.Click(n)
		return sobek.Undefined()
	case "insertAdjacentHTML", "insertAdjacentElement", "insertAdjacentText":
		return w.insertAdjacent(op, n, arg(0), arg(1).String(), arg(2))
	case "value":
		if !hasValue(n) {
			return sobek.Undefined()
		}
		return rt.ToValue(t.value(n))
	case "=value":
		if hasValue(n) {
			if n.DataAtom == atom.Option {
				SetAttr(n, "value", arg(0).String())
			} else {
				t.setValue(n, arg(0).String())
			}
		}
		return sobek.Undefined()
	case "checked":
		if n.DataAtom != atom.Input {
			return sobek.Undefined()
		}
		return rt.ToValue(t.isChecked(n))
	case "=checked":
		if n.DataAtom == atom.Input {
			t.setChecked(n, arg(0).ToBoolean())
		}
		return sobek.Undefined()
	}
	if a, ok := reflected[op]; ok {
		v, _ := Attr(n, a)
		return rt.ToValue(v)
	}
	if a, ok := boolAttrs[op]; ok {
		_, has := Attr(n, a)
		return rt.ToValue(has)
	}
	if a, ok := urlAttrs[op]; ok {
		v, has := Attr(n, a)
		if !has {
			return rt.ToValue("")
		}
		return rt.ToValue(resolveURL(t.URL, v))
	}
	if strings.HasPrefix(op, "=") {
		k := op[1:]
		if a, ok := reflected[k]; ok {
			SetAttr(n, a, arg(0).String())
			return sobek.Undefined()
		}
		if a, ok := urlAttrs[k]; ok {
			SetAttr(n, a, arg(0).String())
			return sobek.Undefined()
		}
		if a, ok := boolAttrs[k]; ok {
			if arg(0).ToBoolean() {
				SetAttr(n, a, "")
			} else {
				RemoveAttr(n, a)
			}
			return sobek.Undefined()
		}
	}
	return sobek.Undefined() // an attribute this kind of node lacks
}

// getMember answers the glue's members proxy: an attribute Go owns, the
// error for a member extsim lacks, null for an unset on<event> handler,
// or w.miss for names that behave as on any object.
func (w *World) getMember(this sobek.Value, k string) sobek.Value {
	n := w.node(this)
	if n == nil {
		if e := w.eventOf(this); e != nil && eventMembers[k] {
			return w.eventMember(k, e, sobek.FunctionCall{})
		}
		return w.miss
	}
	if kinds, ok := nodeMembers[k]; ok && kinds.has(n) {
		return w.native(sobek.FunctionCall{Arguments: []sobek.Value{w.rt.ToValue(k), this}})
	}
	if m, ok := nodeMethods[k]; ok && m.kinds.has(n) {
		return w.method(k, m)
	}
	if _, ok := missingMembers[k]; ok {
		w.typeError(w.describe(this) + "." + k + " is not supported by extsim yet")
	}
	if len(k) > 2 && strings.HasPrefix(k, "on") {
		return sobek.Null()
	}
	return w.miss
}

// method returns the world's function for a method Go implements, made
// on first use: it calls the native operation with the receiver (and the
// argument count, for the methods that check it).
func (w *World) method(name string, m methodSpec) sobek.Value {
	if f, ok := w.methods[name]; ok {
		return f
	}
	op := w.rt.ToValue(m.op)
	f := w.rt.ToValue(func(call sobek.FunctionCall) sobek.Value {
		args := make([]sobek.Value, 0, len(call.Arguments)+3)
		args = append(args, op, call.This)
		if m.argc {
			args = append(args, w.rt.ToValue(len(call.Arguments)))
		}
		args = append(args, call.Arguments...)
		return w.native(sobek.FunctionCall{This: call.This, Arguments: args})
	}).(*sobek.Object)
	_ = f.DefineDataProperty("name", w.rt.ToValue(name), sobek.FLAG_FALSE, sobek.FLAG_FALSE, sobek.FLAG_TRUE)
	if w.methods == nil {
		w.methods = map[string]sobek.Value{}
	}
	w.methods[name] = f
	return f
}

// methodSpec is a method Go implements: which nodes have it, its native
// operation, and whether that operation checks the argument count.
type methodSpec struct {
	kinds memberKinds
	op    string
	argc  bool
}

// nodeMethods are the methods of nodes Go answers through the proxy.
var nodeMethods = map[string]methodSpec{
	"appendChild":            {memberKinds{node: true}, "appendChild", true},
	"insertBefore":           {memberKinds{node: true}, "insertBefore", true},
	"removeChild":            {memberKinds{node: true}, "removeChild", true},
	"replaceChild":           {memberKinds{node: true}, "replaceChild", true},
	"contains":               {memberKinds{node: true}, "contains", false},
	"cloneNode":              {memberKinds{node: true}, "cloneNode", false},
	"querySelector":          {memberKinds{element: true, document: true}, "querySelector", true},
	"querySelectorAll":       {memberKinds{element: true, document: true}, "querySelectorAll", true},
	"getElementsByTagName":   {memberKinds{element: true, document: true}, "byTag", false},
	"getElementsByClassName": {memberKinds{element: true, document: true}, "byClass", false},
	"getAttribute":           {memberKinds{element: true}, "getAttribute", true},
	"setAttribute":           {memberKinds{element: true}, "setAttribute", true},
	"removeAttribute":        {memberKinds{element: true}, "removeAttribute", true},
	"getAttributeNames":      {memberKinds{element: true}, "attributeNames", false},
	"matches":                {memberKinds{element: true}, "matches", true},
	"closest":                {memberKinds{element: true}, "closest", true},
	"click":                  {memberKinds{element: true}, "click", false},
	"getElementById":         {memberKinds{document: true}, "byId", false},
	"createElement":          {memberKinds{document: true}, "createElement", true},
	"createTextNode":         {memberKinds{document: true}, "newText", false},
	"createComment":          {memberKinds{document: true}, "newComment", false},
	"insertAdjacentHTML":     {memberKinds{element: true}, "insertAdjacentHTML", true},
	"insertAdjacentElement":  {memberKinds{element: true}, "insertAdjacentElement", true},
	"insertAdjacentText":     {memberKinds{element: true}, "insertAdjacentText", true},
}

// setMember answers the proxy's set: true if k is an attribute Go owns
// (and was set), false to let the script's value become an own property.
func (w *World) setMember(this sobek.Value, k string, v sobek.Value) bool {
	n := w.node(this)
	if n == nil {
		if k != "returnValue" && k != "cancelBubble" {
			return false
		}
		if e := w.eventOf(this); e != nil {
			w.eventMember("="+k, e, sobek.FunctionCall{Arguments: []sobek.Value{nil, nil, v}})
			return true
		}
		return false
	}
	if kinds, ok := nodeMembers[k]; ok && kinds.writable && kinds.has(n) {
		w.native(sobek.FunctionCall{Arguments: []sobek.Value{w.rt.ToValue("=" + k), this, v}})
		return true
	}
	return false
}

// memberKinds says which nodes have an attribute, and whether scripts may
// set it.
type memberKinds struct {
	node, element, text, doctype, document bool
	writable                               bool
}

func (m memberKinds) has(n *html.Node) bool {
	switch n.Type {
	case html.ElementNode:
		return m.node || m.element
	case html.TextNode, html.CommentNode:
		return m.node || m.text
	case html.DoctypeNode:
		return m.node || m.doctype
	case html.DocumentNode:
		return m.node || m.document
	}
	return m.node
}

// nodeMembers are the attributes of nodes Go answers.
var nodeMembers = func() map[string]memberKinds {
	m := map[string]memberKinds{}
	add := func(k memberKinds, names string) {
		for _, name := range strings.Fields(names) {
			old := m[name]
			old.node, old.element, old.text = old.node || k.node, old.element || k.element, old.text || k.text
			old.doctype, old.document = old.doctype || k.doctype, old.document || k.document
			old.writable = old.writable || k.writable
			m[name] = old
		}
	}
	add(memberKinds{node: true}, "nodeType nodeName parentNode parentElement childNodes firstChild lastChild nextSibling previousSibling ownerDocument isConnected")
	add(memberKinds{node: true, writable: true}, "textContent nodeValue")
	add(memberKinds{element: true}, "tagName localName nextElementSibling previousElementSibling outerHTML attributes")
	add(memberKinds{element: true, document: true}, "children childElementCount firstElementChild lastElementChild")
	add(memberKinds{element: true, writable: true}, "id className innerHTML value checked hidden disabled name type href src placeholder innerText")
	add(memberKinds{element: true, document: true, writable: true}, "title")
	add(memberKinds{text: true, writable: true}, "data")
	add(memberKinds{text: true}, "length")
	add(memberKinds{doctype: true}, "name")
	add(memberKinds{document: true}, "documentElement head body readyState URL documentURI location defaultView")
	return m
}()

// eventMembers are the attributes of events Go answers.
var eventMembers = func() map[string]bool {
	m := map[string]bool{}
	for _, k := range strings.Fields(`type target currentTarget srcElement eventPhase bubbles cancelable composed
		defaultPrevented isTrusted timeStamp returnValue cancelBubble detail data origin lastEventId source ports view
		clientX clientY screenX screenY x y pageX pageY offsetX offsetY button buttons ctrlKey shiftKey altKey metaKey
		relatedTarget persisted`) {
		m[k] = true
	}
	return m
}()

// missingMembers are members of Document, Element and Node that browsers
// have and extsim lacks: reading one throws instead of giving undefined
// (and a confusing "is not a function" later).
var missingMembers = func() map[string]bool {
	m := map[string]bool{}
	for _, k := range strings.Fields(`cookie forms images links scripts embeds plugins anchors domain referrer
		lastModified activeElement hasFocus createEvent createRange createTreeWalker createNodeIterator evaluate
		execCommand getSelection elementFromPoint elementsFromPoint open write writeln close implementation
		styleSheets adoptedStyleSheets fonts visibilityState hidden fullscreenElement exitFullscreen
		pointerLockElement adoptNode importNode createDocumentFragment createElementNS createAttribute
		getElementsByName currentScript designMode scrollingElement timeline startViewTransition
		attachShadow shadowRoot getBoundingClientRect getClientRects scrollIntoView focus blur
		offsetWidth offsetHeight offsetTop offsetLeft
		offsetParent clientWidth clientHeight clientTop clientLeft scrollTop scrollLeft scrollWidth scrollHeight
		scroll scrollTo scrollBy animate getAnimations requestFullscreen requestPointerLock setAttributeNS
		getAttributeNS removeAttributeNS hasAttributeNS getElementsByTagNameNS getAttributeNode setAttributeNode
		namespaceURI prefix slot assignedSlot contentEditable isContentEditable tabIndex form labels files select
		setSelectionRange selectionStart selectionEnd options selectedIndex submit reset requestSubmit
		checkValidity reportValidity setCustomValidity validity validationMessage contentWindow contentDocument
		play pause normalize isEqualNode isSameNode compareDocumentPosition lookupNamespaceURI lookupPrefix
		baseURI splitText wholeText appendData insertData deleteData replaceData substringData outerText
		computedStyleMap setPointerCapture releasePointerCapture hasPointerCapture checkVisibility showPopover
		hidePopover togglePopover draggable spellcheck autofocus inert accessKey translate nonce part showModal`) {
		m[k] = true
	}
	return m
}()

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// utf16Len is a string's length in UTF-16 code units, as JS counts.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}

// validName is a loose XML Name check: what createElement and
// setAttribute refuse with InvalidCharacterError.
func validName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == ':' || r == '_' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r > 0x7f:
		case i > 0 && (r == '-' || r == '.' || r >= '0' && r <= '9'):
		default:
			return false
		}
	}
	return true
}

func resolveURL(base, ref string) string {
	b, err := url.Parse(base)
	if err != nil {
		return ref
	}
	u, err := b.Parse(strings.TrimSpace(ref))
	if err != nil {
		return ref
	}
	return u.String()
}

// insertAdjacent implements insertAdjacentHTML, insertAdjacentElement and
// insertAdjacentText: position is beforebegin, afterbegin, beforeend or
// afterend (any case).
func (w *World) insertAdjacent(method string, n *html.Node, argc sobek.Value, position string, what sobek.Value) sobek.Value {
	w.argCount(method, "Element", argc, 2)
	where := strings.ToLower(position)
	parent, before := n, (*html.Node)(nil)
	switch where {
	case "beforebegin":
		parent, before = n.Parent, n
	case "afterbegin":
		before = n.FirstChild
	case "beforeend":
	case "afterend":
		parent, before = n.Parent, n.NextSibling
	default:
		w.domException("SyntaxError", fmt.Sprintf("Failed to execute '%s' on 'Element': The value provided ('%s') is not one of 'beforeBegin', 'afterBegin', 'beforeEnd', or 'afterEnd'.", method, position))
	}
	if parent == nil || parent.Type == html.DocumentNode && (where == "beforebegin" || where == "afterend") {
		if method == "insertAdjacentHTML" {
			w.domException("NoModificationAllowedError", "Failed to execute 'insertAdjacentHTML' on 'Element': The element has no parent.")
		}
		return sobek.Null()
	}
	var nodes []*html.Node
	switch method {
	case "insertAdjacentHTML":
		ctx := parent
		if parent.Type != html.ElementNode {
			ctx = NewElement("body")
		}
		parsed, err := html.ParseFragment(strings.NewReader(what.String()), ctx)
		if err != nil {
			panic(w.rt.NewGoError(fmt.Errorf("parsing the HTML of insertAdjacentHTML: %w", err)))
		}
		nodes = parsed
	case "insertAdjacentText":
		nodes = []*html.Node{{Type: html.TextNode, Data: what.String()}}
	default:
		el := w.node(what)
		if el == nil || el.Type != html.ElementNode {
			w.typeError("Failed to execute 'insertAdjacentElement' on 'Element': parameter 2 is not of type 'Element'.")
		}
		nodes = []*html.Node{el}
	}
	for _, c := range nodes {
		w.insert(method, parent, c, before)
	}
	if method == "insertAdjacentElement" {
		return what
	}
	return sobek.Undefined()
}
