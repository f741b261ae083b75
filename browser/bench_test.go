package browser_test

import (
	"testing"
	"testing/fstest"

	"github.com/extsim/extsim/browser"
)

// benchBrowser has one extension with an all-frames content script and a
// web whose pages have one iframe: every tab has two frames, each with a
// page context and a content script context (Go contexts, no JS).
func benchBrowser(b *testing.B) *browser.Browser {
	web := browser.MapWeb{"/": `<iframe src="/frame"></iframe>`, "/frame": ``, "/next": `<iframe src="/frame"></iframe>`}
	br := browser.New(browser.Options{Web: web})
	files := fstest.MapFS{
		"manifest.json": {Data: []byte(`{"manifest_version": 3, "name": "b", "version": "1",
		  "content_scripts": [{"matches": ["<all_urls>"], "js": ["cs.js"], "all_frames": true}]}`)},
		"cs.js": {Data: []byte("//")},
	}
	if _, err := br.LoadExtension(files, browser.LoadOptions{}); err != nil {
		b.Fatal(err)
	}
	return br
}

func run(b *testing.B, br *browser.Browser) {
	if err := br.Run(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkOpenTab: open a tab whose page has an iframe, with content
// scripts in both frames, and close it.
func BenchmarkOpenTab(b *testing.B) {
	br := benchBrowser(b)
	b.ReportAllocs()
	for b.Loop() {
		t, err := br.NewTab("https://example.com/", browser.TabOptions{})
		if err != nil {
			b.Fatal(err)
		}
		run(b, br)
		t.Close()
		run(b, br)
	}
}

// BenchmarkNavigate: navigate an open tab between two pages (the old page
// goes into the back/forward cache, the oldest cached ones are evicted).
func BenchmarkNavigate(b *testing.B) {
	br := benchBrowser(b)
	t, err := br.NewTab("https://example.com/", browser.TabOptions{})
	if err != nil {
		b.Fatal(err)
	}
	run(b, br)
	urls := []string{"https://example.com/next", "https://example.com/"}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if err := t.Navigate(urls[i%2]); err != nil {
			b.Fatal(err)
		}
		i++
		run(b, br)
	}
}
