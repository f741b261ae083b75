// Package dom is extsim's document object model: one tree per document,
// built over the golang.org/x/net/html nodes the browser model parsed, and
// seen by every JavaScript world of the document (the page's main world and
// each extension's content-script world) through that world's own wrapper
// objects, as isolated worlds are in browsers.
//
// The tree (Tree) holds what all worlds share: the nodes, the event
// listeners of every world, form values. A World is one realm's view: its
// wrappers (built lazily, one per node the world touches), its prototypes
// and its globals. Events are dispatched by the tree, so a listener added in
// any world hears an event dispatched from any other, with capture, target
// and bubble phases. Everything runs on the scheduler's goroutine: no
// locking.
package dom

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Tree is one document's DOM.
type Tree struct {
	// Doc is the document node (html.DocumentNode).
	Doc *html.Node
	// URL is the document's URL.
	URL string
	// ReadyState reports "loading", "interactive" or "complete"; nil means
	// "complete".
	ReadyState func() string
	// OnTitle, if set, is told when a script sets document.title.
	OnTitle func(title string)
	// OnNodesRemoved, if set, is told after a script's DOM operation that
	// may have taken nodes out of the document, so that the browser can
	// remove the frames of <iframe> elements no longer in it (Connected).
	OnNodesRemoved func()

	targets   map[*html.Node]*target // nodes with listeners
	window    *target
	worlds    []*World
	values    map[*html.Node]string // dirty values of form controls
	checked   map[*html.Node]bool   // dirty checkedness of inputs
	selectors map[string]cascadia.Selector
}

// NewTree makes the tree of a document from its parsed HTML; a nil root
// (about:blank, a page that failed to parse) gives an empty document with
// html, head and body, as browsers make.
func NewTree(root *html.Node, url string) *Tree {
	if root == nil {
		root, _ = html.Parse(strings.NewReader(""))
	}
	return &Tree{Doc: root, URL: url, targets: map[*html.Node]*target{}, window: &target{isWindow: true}}
}

func (t *Tree) readyState() string {
	if t.ReadyState == nil {
		return "complete"
	}
	return t.ReadyState()
}

// DocumentElement is the <html> element (nil if the tree has none).
func (t *Tree) DocumentElement() *html.Node {
	for c := t.Doc.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			return c
		}
	}
	return nil
}

func (t *Tree) childOfRoot(a atom.Atom) *html.Node {
	if de := t.DocumentElement(); de != nil {
		for c := de.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && c.DataAtom == a {
				return c
			}
		}
	}
	return nil
}

// Body is the <body> element (nil if none).
func (t *Tree) Body() *html.Node { return t.childOfRoot(atom.Body) }

// Head is the <head> element (nil if none).
func (t *Tree) Head() *html.Node { return t.childOfRoot(atom.Head) }

// Title is the text of the first <title>, whitespace collapsed, as
// document.title returns it.
func (t *Tree) Title() string {
	var title *html.Node
	walk(t.Doc, func(n *html.Node) bool {
		if n.Type == html.ElementNode && n.DataAtom == atom.Title {
			title = n
			return false
		}
		return true
	})
	if title == nil {
		return ""
	}
	return strings.Join(strings.Fields(TextContent(title)), " ")
}

// SetTitle replaces the first <title>'s text, creating one in <head>.
func (t *Tree) SetTitle(s string) {
	var title *html.Node
	walk(t.Doc, func(n *html.Node) bool {
		if n.Type == html.ElementNode && n.DataAtom == atom.Title {
			title = n
			return false
		}
		return true
	})
	if title == nil {
		head := t.Head()
		if head == nil {
			return
		}
		title = NewElement("title")
		head.AppendChild(title)
	}
	SetTextContent(title, s)
	if t.OnTitle != nil {
		t.OnTitle(t.Title())
	}
}

// walk visits n and its descendants in tree order while fn returns true.
func walk(n *html.Node, fn func(*html.Node) bool) bool {
	if !fn(n) {
		return false
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if !walk(c, fn) {
			return false
		}
	}
	return true
}

// descendants visits the descendants of n (not n) in tree order.
func descendants(n *html.Node, fn func(*html.Node) bool) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if !walk(c, fn) {
			return
		}
	}
}

// NewElement makes a detached HTML element.
func NewElement(tag string) *html.Node {
	tag = strings.ToLower(tag)
	return &html.Node{Type: html.ElementNode, Data: tag, DataAtom: atom.Lookup([]byte(tag))}
}

// TextContent is the concatenated text of n's descendant text nodes (the
// data of a text or comment node).
func TextContent(n *html.Node) string {
	switch n.Type {
	case html.TextNode, html.CommentNode:
		return n.Data
	}
	var b strings.Builder
	walk(n, func(c *html.Node) bool {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
		return true
	})
	return b.String()
}

// SetTextContent replaces n's children by one text node (none for "").
func SetTextContent(n *html.Node, s string) {
	switch n.Type {
	case html.TextNode, html.CommentNode:
		n.Data = s
		return
	}
	removeChildren(n)
	if s != "" {
		n.AppendChild(&html.Node{Type: html.TextNode, Data: s})
	}
}

func removeChildren(n *html.Node) {
	for c := n.FirstChild; c != nil; c = n.FirstChild {
		n.RemoveChild(c)
	}
}

// InnerHTML serializes n's children.
func InnerHTML(n *html.Node) (string, error) {
	var b bytes.Buffer
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if err := html.Render(&b, c); err != nil {
			return "", fmt.Errorf("serializing <%s>: %w", n.Data, err)
		}
	}
	return b.String(), nil
}

// OuterHTML serializes n with its children.
func OuterHTML(n *html.Node) (string, error) {
	var b bytes.Buffer
	if err := html.Render(&b, n); err != nil {
		return "", fmt.Errorf("serializing <%s>: %w", n.Data, err)
	}
	return b.String(), nil
}

// SetInnerHTML parses s as a fragment in the context of element n (the
// HTML fragment parsing algorithm) and replaces n's children with it.
func SetInnerHTML(n *html.Node, s string) error {
	ctx := n
	if n.Type != html.ElementNode {
		ctx = NewElement("body")
	}
	nodes, err := html.ParseFragment(strings.NewReader(s), ctx)
	if err != nil {
		return fmt.Errorf("parsing innerHTML of <%s>: %w", n.Data, err)
	}
	removeChildren(n)
	for _, c := range nodes {
		n.AppendChild(c)
	}
	return nil
}

// Attr returns an attribute of n.
func Attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// SetAttr sets an attribute of n, adding it last if new.
func SetAttr(n *html.Node, key, val string) {
	for i, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			n.Attr[i].Val = val
			return
		}
	}
	n.Attr = append(n.Attr, html.Attribute{Key: key, Val: val})
}

// RemoveAttr removes an attribute of n.
func RemoveAttr(n *html.Node, key string) {
	for i, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			n.Attr = append(n.Attr[:i], n.Attr[i+1:]...)
			return
		}
	}
}

// Contains reports whether n is other or one of its ancestors.
func Contains(n, other *html.Node) bool {
	for ; other != nil; other = other.Parent {
		if other == n {
			return true
		}
	}
	return false
}

// Clone copies n, and its descendants when deep.
func Clone(n *html.Node, deep bool) *html.Node {
	c := &html.Node{Type: n.Type, DataAtom: n.DataAtom, Data: n.Data, Namespace: n.Namespace}
	c.Attr = append([]html.Attribute(nil), n.Attr...)
	if deep {
		for k := n.FirstChild; k != nil; k = k.NextSibling {
			c.AppendChild(Clone(k, true))
		}
	}
	return c
}

// Selector compiles a CSS selector group, with a cache: pages run the same
// few selectors over and over.
func (t *Tree) Selector(sel string) (cascadia.Selector, error) {
	if s, ok := t.selectors[sel]; ok {
		return s, nil
	}
	s, err := cascadia.Compile(sel)
	if err != nil {
		return nil, err
	}
	if t.selectors == nil || len(t.selectors) > 256 {
		t.selectors = map[string]cascadia.Selector{}
	}
	t.selectors[sel] = s
	return s, nil
}

// QueryAll returns the descendants of n matching s, in tree order; only
// the first when first is set.
func QueryAll(n *html.Node, s cascadia.Selector, first bool) []*html.Node {
	var out []*html.Node
	descendants(n, func(c *html.Node) bool {
		if c.Type == html.ElementNode && s.Match(c) {
			out = append(out, c)
			return !first
		}
		return true
	})
	return out
}

// Query returns the first element under the document matching sel.
func (t *Tree) Query(sel string) (*html.Node, error) {
	s, err := t.Selector(sel)
	if err != nil {
		return nil, fmt.Errorf("%q is not a valid selector: %w", sel, err)
	}
	if m := QueryAll(t.Doc, s, true); len(m) > 0 {
		return m[0], nil
	}
	return nil, nil
}

// value is the current value of a form control, "" for other elements.
func (t *Tree) value(n *html.Node) string {
	if v, ok := t.values[n]; ok {
		return v
	}
	switch n.DataAtom {
	case atom.Textarea:
		return TextContent(n)
	case atom.Select:
		var first, selected *html.Node
		descendants(n, func(c *html.Node) bool {
			if c.Type == html.ElementNode && c.DataAtom == atom.Option {
				if first == nil {
					first = c
				}
				if _, ok := Attr(c, "selected"); ok {
					selected = c
					return false
				}
			}
			return true
		})
		if selected == nil {
			selected = first
		}
		if selected == nil {
			return ""
		}
		return optionValue(selected)
	case atom.Option:
		return optionValue(n)
	}
	v, ok := Attr(n, "value")
	if !ok && n.DataAtom == atom.Input {
		if typ, _ := Attr(n, "type"); strings.EqualFold(typ, "checkbox") || strings.EqualFold(typ, "radio") {
			return "on"
		}
	}
	return v
}

func optionValue(n *html.Node) string {
	if v, ok := Attr(n, "value"); ok {
		return v
	}
	return strings.Join(strings.Fields(TextContent(n)), " ")
}

func (t *Tree) setValue(n *html.Node, v string) {
	if t.values == nil {
		t.values = map[*html.Node]string{}
	}
	t.values[n] = v
}

func hasValue(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Input, atom.Textarea, atom.Select, atom.Option, atom.Button:
		return true
	}
	return false
}

func (t *Tree) isChecked(n *html.Node) bool {
	if c, ok := t.checked[n]; ok {
		return c
	}
	_, ok := Attr(n, "checked")
	return ok
}

func (t *Tree) setChecked(n *html.Node, c bool) {
	if t.checked == nil {
		t.checked = map[*html.Node]bool{}
	}
	t.checked[n] = c
}

// nodesRemoved tells OnNodesRemoved, if set.
func (t *Tree) nodesRemoved() {
	if t.OnNodesRemoved != nil {
		t.OnNodesRemoved()
	}
}

// Connected reports whether n is in the document (its root is t.Doc).
func (t *Tree) Connected(n *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if n == t.Doc {
			return true
		}
	}
	return false
}
