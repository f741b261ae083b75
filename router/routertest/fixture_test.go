package routertest

import (
	"strings"

	"github.com/extsim/extsim/router"
)

// Extension ids with Chrome's syntax (32 letters a-p).
var (
	extA = strings.Repeat("a", 32)
	extB = strings.Repeat("b", 32)
)

// fixture is a typical extension: a background page, a tab with a page
// whose top frame and one iframe run the extension's content script.
type fixture struct {
	h        *Harness
	bg       *Context
	cs0, cs1 *Context // content scripts in tab 1, frames 0 and 1
}

func bgIdentity(ext string) router.Identity {
	return router.Identity{Extension: ext, Kind: router.KindBackgroundPage,
		URL: "chrome-extension://" + ext + "/background.html", Origin: "chrome-extension://" + ext, Document: "doc-bg-" + ext[:1]}
}

func contentIdentity(ext string, tab, frame int) router.Identity {
	return router.Identity{Extension: ext, Kind: router.KindContentScript, Tab: tab, Frame: frame,
		Document: docID(tab, frame), URL: pageURL(tab, frame), Origin: "https://example.com"}
}

func pageIdentity(tab, frame int) router.Identity {
	return router.Identity{Kind: router.KindWebPage, Tab: tab, Frame: frame,
		Document: docID(tab, frame), URL: pageURL(tab, frame), Origin: "https://example.com"}
}

func docID(tab, frame int) string {
	return "doc-" + string(rune('0'+tab)) + "-" + string(rune('0'+frame))
}

func pageURL(tab, frame int) string {
	if frame == 0 {
		return "https://example.com/"
	}
	return "https://example.com/frame" + string(rune('0'+frame)) + ".html"
}

// newFixture builds the fixture: every context listens.
func newFixture(h *Harness) *fixture {
	h.AddExtension(extA)
	h.AddTab(1, "https://example.com/")
	return &fixture{
		h:   h,
		bg:  h.Listening("bg", bgIdentity(extA)),
		cs0: h.Listening("cs0", contentIdentity(extA, 1, 0)),
		cs1: h.Listening("cs1", contentIdentity(extA, 1, 1)),
	}
}
