package dom

import (
	"strings"
	"testing"

	"github.com/grafana/sobek"
	"golang.org/x/net/html"
)

// BenchmarkInstall: what every page or content-script realm pays, the DOM
// untouched (the lazy globals).
func BenchmarkInstall(b *testing.B) {
	glue, _ := Compile()
	tree := NewTree(nil, "https://example.com/")
	rts := make([]*sobek.Runtime, 0, 1024)
	for range 1024 {
		rts = append(rts, sobek.New())
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if i == len(rts) {
			b.StopTimer()
			for j := range rts {
				rts[j] = sobek.New()
			}
			i = 0
			tree.worlds = nil
			b.StartTimer()
		}
		Install(rts[i], glue, Options{Tree: tree, Window: true})
		i++
	}
}

// BenchmarkFirstUse: a world's first read of document (the glue runs) and
// a querySelector.
func BenchmarkFirstUse(b *testing.B) {
	glue, _ := Compile()
	root, _ := html.Parse(strings.NewReader(`<ul><li>a</li><li class="x">b</li></ul>`))
	tree := NewTree(root, "https://example.com/")
	prog := sobek.MustCompile("t.js", `document.querySelector("li.x").textContent`, true)
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		rt := sobek.New()
		Install(rt, glue, Options{Tree: tree, Window: true})
		tree.worlds = tree.worlds[:0]
		b.StartTimer()
		if v, err := rt.RunProgram(prog); err != nil || v.String() != "b" {
			b.Fatal(v, err)
		}
	}
}
