package browser

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Script is one script of a page, in execution order: an external file or
// inline source.
type Script struct {
	// URL is the resolved src, or the document URL for an inline script.
	URL    string
	Inline bool
	Source string // inline source
	Module bool   // <script type="module">
}

// pageScan is what the browser needs from a parsed page: its title, the
// src of each <iframe> (the child frames it creates), and its scripts.
type pageScan struct {
	root    *html.Node
	title   string
	iframes []iframe
	scripts []Script
}

// iframe is one <iframe> (or <frame>) element of a page.
type iframe struct {
	src  string // resolved src, "about:blank" when absent or empty
	elem *html.Node
}

// scanPage parses body as HTML and collects iframes and scripts, resolving
// URLs against base. Scripts are in the order a browser runs them: classic
// scripts as the parser meets them, then the deferred ones in document
// order (module scripts, inline or not, and classic scripts with src and
// defer), as HTML's "list of scripts that will execute when the document
// has finished parsing".
func scanPage(base *url.URL, body []byte) (*pageScan, error) {
	root, err := html.Parse(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("parsing %s: %w", base, err)
	}
	ps := &pageScan{root: root}
	var deferred []Script
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Title:
				if ps.title == "" {
					ps.title = strings.TrimSpace(textOf(n))
				}
			case atom.Iframe, atom.Frame:
				ps.iframes = append(ps.iframes, iframe{src: resolve(base, attr(n, "src"), "about:blank"), elem: n})
			case atom.Script:
				typ := strings.ToLower(strings.TrimSpace(attr(n, "type")))
				if !isJSType(typ) {
					break
				}
				s := Script{Module: typ == "module"}
				src, hasSrc := attrOK(n, "src")
				if hasSrc {
					s.URL = resolve(base, src, "")
				} else {
					s.URL, s.Inline, s.Source = base.String(), true, textOf(n)
				}
				if _, deferAttr := attrOK(n, "defer"); s.Module || (hasSrc && deferAttr) {
					deferred = append(deferred, s)
				} else {
					ps.scripts = append(ps.scripts, s)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	ps.scripts = append(ps.scripts, deferred...)
	return ps, nil
}

// isJSType reports whether a <script type> runs as JavaScript.
func isJSType(t string) bool {
	switch t {
	case "", "module", "text/javascript", "application/javascript", "application/ecmascript", "text/ecmascript":
		return true
	}
	return false
}

func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func attr(n *html.Node, key string) string {
	v, _ := attrOK(n, key)
	return v
}

func textOf(n *html.Node) string {
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return b.String()
}

// resolve resolves ref against base; an empty or unparsable ref gives def.
func resolve(base *url.URL, ref, def string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return def
	}
	u, err := base.Parse(ref)
	if err != nil {
		return def
	}
	return u.String()
}
