package webext_test

import (
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/extsim/extsim/browser"
	"github.com/extsim/extsim/js"
	"github.com/extsim/extsim/js/webext"
)

// env is a browser running JavaScript, with its console output.
type env struct {
	t    *testing.T
	b    *browser.Browser
	host *js.Host
	out  []string
}

func newEnv(t *testing.T, prof *browser.Profile, web browser.Web) *env {
	t.Helper()
	e := &env{t: t}
	b, h, err := webext.NewBrowser(browser.Options{Profile: prof, Web: web}, js.Options{
		Console: func(c js.ConsoleEntry) { e.out = append(e.out, c.String()) },
	}, webext.Options{})
	if err != nil {
		t.Fatal(err)
	}
	e.b, e.host = b, h
	return e
}

func (e *env) load(dir string) *browser.Extension {
	e.t.Helper()
	x, err := e.b.LoadExtension(os.DirFS(dir), browser.LoadOptions{Path: "/extsim/" + dir})
	if err != nil {
		e.t.Fatal(err)
	}
	return x
}

func (e *env) run(d time.Duration) {
	e.t.Helper()
	if err := e.b.Sched.RunFor(d); err != nil {
		e.t.Fatal(err)
	}
}

// backgroundLines returns the console since the last call with extension
// name's background label ("[service-worker name] ", "[background name] ")
// taken off, and forgets it.
func (e *env) backgroundLines(name string) []string {
	var out []string
	for _, l := range e.out {
		l = strings.Replace(l, "[service-worker "+name+"] ", "", 1)
		l = strings.Replace(l, "[background "+name+"] ", "", 1)
		out = append(out, l)
	}
	e.out = nil
	return out
}

func (e *env) expect(want ...string) {
	e.t.Helper()
	if !slices.Equal(e.out, want) {
		e.t.Fatalf("console\n got:\n  %s\nwant:\n  %s", strings.Join(e.out, "\n  "), strings.Join(want, "\n  "))
	}
	e.out = nil
}

// profiles pairs each profile with the seed variant it can load: Chromium
// 156 refuses MV2 (errata 7); Firefox runs the MDN code unchanged as MV2.
var profiles = []struct {
	name    string
	profile func() *browser.Profile
	variant string
}{
	{"chrome", browser.Chrome, "mv3"},
	{"firefox", browser.Firefox, "mv2"},
	{"firefox-mv3", browser.Firefox, "mv3"},
}

// The runtime.connect() seed (shared/seeds): the content script connects,
// both sides greet, a click on the page and a click on the toolbar button
// each send one more message.
func TestSeedRuntimeConnect(t *testing.T) {
	for _, p := range profiles {
		t.Run(p.name, func(t *testing.T) {
			e := newEnv(t, p.profile(), nil)
			ext := e.load(seedDir("runtime-connect", p.variant))
			tab, err := e.b.NewTab("https://example.com/", browser.TabOptions{})
			if err != nil {
				t.Fatal(err)
			}
			e.run(time.Second)
			cs := "[tab 1 frame 0 content runtime.connect example] "
			bg := "[" + ext.Background().Label + "] "
			e.expect(
				bg+"In background script, received message from content script",
				bg+"hello from content script",
				cs+"In content script, received message from background script: ",
				cs+"hi there content script!",
			)
			if err := e.host.Click(tab.MainFrame().Document()); err != nil {
				t.Fatal(err)
			}
			if err := ext.ClickAction(tab); err != nil {
				t.Fatal(err)
			}
			e.run(time.Second)
			e.expect(
				bg+"In background script, received message from content script",
				bg+"they clicked the page!",
				cs+"In content script, received message from background script: ",
				cs+"they clicked the button!",
			)
		})
	}
}

// The tabs.connect() seed: a toolbar click queries the active tab of the
// current window and connects to its content script by name.
func TestSeedTabsConnect(t *testing.T) {
	for _, p := range profiles {
		t.Run(p.name, func(t *testing.T) {
			e := newEnv(t, p.profile(), nil)
			ext := e.load(seedDir("tabs-connect", p.variant))
			if _, err := e.b.NewTab("https://example.com/other", browser.TabOptions{}); err != nil {
				t.Fatal(err)
			}
			tab, err := e.b.NewTab("https://example.com/", browser.TabOptions{})
			if err != nil {
				t.Fatal(err)
			}
			e.run(time.Second)
			if err := ext.ClickAction(tab); err != nil {
				t.Fatal(err)
			}
			e.run(time.Second)
			cs := "[tab 2 frame 0 content tabs.connect example] "
			e.expect(cs+"connected: tabs-connect-example", cs+"hi from background script")
		})
	}
}

// seedDir is where a seed variant lives: the MV3 versions are the runnable
// examples/ of the repository; the MV2 ones (MDN's code unchanged) are test
// data.
func seedDir(name, variant string) string {
	if variant == "mv3" {
		return "../../examples/" + name
	}
	return "testdata/seed-" + name + "-mv2"
}
