package webext_test

import (
	"testing"
	"time"

	"github.com/extsim/extsim/browser"
)

var framesWeb = browser.MapWeb{
	"/nav": `<iframe src="/a?navigate"></iframe>`,
	"/rm":  `<iframe src="/a"></iframe>`,
	"/a":   ``,
	"/b":   ``,
}

// H1 / FF-71: a content script setting location.href in a sub-frame
// navigates that frame; the background's port from the old document
// closes with no lastError, then the new document connects (measured on
// Chromium 156 / Firefox ESR 153 by conformance case lc-subframe-navigates).
func TestH1_FF71_SubFrameNavigatesByLocationHref(t *testing.T) {
	for _, prof := range []*browser.Profile{browser.Chrome(), browser.Firefox()} {
		t.Run(prof.Name, func(t *testing.T) {
			e := newEnv(t, prof, framesWeb)
			e.load("testdata/lifecycle-frames-mv3")
			tab, err := e.b.NewTab("https://example.com/nav", browser.TabOptions{})
			if err != nil {
				t.Fatal(err)
			}
			e.run(time.Second)
			bg := "[" + e.b.Extensions()[0].Background().Label + "] "
			e.expect(bg+"connect from /a", bg+"disconnect of /a lastError none", bg+"connect from /b")
			if tab.URL() != "https://example.com/nav" {
				t.Fatalf("the tab navigated: %s", tab.URL())
			}
		})
	}
}

// D8 / H1 / FF-71: a content script removing an <iframe> element removes
// the frame; the background's port from the frame's content script closes
// with no lastError (measured on Chromium 156 / Firefox ESR 153 by
// conformance case lc-subframe-removed).
func TestD8_H1_FF71_RemovingTheIframeDisconnectsItsPorts(t *testing.T) {
	for _, prof := range []*browser.Profile{browser.Chrome(), browser.Firefox()} {
		t.Run(prof.Name, func(t *testing.T) {
			e := newEnv(t, prof, framesWeb)
			e.load("testdata/lifecycle-frames-mv3")
			tab, err := e.b.NewTab("https://example.com/rm", browser.TabOptions{})
			if err != nil {
				t.Fatal(err)
			}
			e.run(time.Second)
			bg := "[" + e.b.Extensions()[0].Background().Label + "] "
			e.expect(bg+"connect from /a", "[tab 1 frame 0 content frames] removed the iframe", bg+"disconnect of /a lastError none")
			if n := len(tab.MainFrame().Children()); n != 0 {
				t.Fatalf("%d child frames left", n)
			}
		})
	}
}
