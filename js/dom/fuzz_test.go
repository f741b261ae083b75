package dom

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// extsim writes no parser (x/net/html and cascadia parse), but it feeds
// them whatever pages and scripts hold: no input may panic, and
// innerHTML's serialization must parse back to itself once normalized.
func FuzzInnerHTMLAndSelectors(f *testing.F) {
	f.Add(`<p class="a">x<b>y</b></p>`, "p > b")
	f.Add(`<table><td>cell</table><!--c--><script>if (a<b) {}</script>`, "td:nth-child(2n+1), :not(p)")
	f.Add(`<svg><foreignObject><p>x</svg>`, "[a~=\"b\"]")
	f.Add("<select><option>1<option>2</select>", "li[")
	f.Fuzz(func(t *testing.T, src, sel string) {
		root, err := html.Parse(strings.NewReader("<body></body>"))
		if err != nil {
			t.Fatal(err)
		}
		tree := NewTree(root, "https://example.com/")
		body := tree.Body()
		if err := SetInnerHTML(body, src); err != nil {
			return
		}
		once, err := InnerHTML(body)
		if err != nil {
			return
		}
		_, _ = tree.Query(sel)
		if err := SetInnerHTML(body, once); err != nil {
			t.Fatalf("innerHTML %q does not parse back: %v", once, err)
		}
		twice, err := InnerHTML(body)
		if err != nil {
			t.Fatal(err)
		}
		if err := SetInnerHTML(body, twice); err != nil {
			t.Fatal(err)
		}
		if thrice, _ := InnerHTML(body); thrice != twice {
			t.Fatalf("innerHTML is not stable: %q -> %q", twice, thrice)
		}
	})
}
