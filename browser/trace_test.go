package browser_test

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/extsim/extsim/browser"
	"github.com/extsim/extsim/router"
	"github.com/extsim/extsim/router/serial"
	"github.com/extsim/extsim/trace"
)

// goHost runs no code but connects every content script to its extension,
// so that lifecycles produce messaging traffic.
type goHost struct{ b *browser.Browser }

type listener struct{}

func (listener) DispatchConnect(*router.Port) bool                  { return true }
func (listener) DispatchMessage(*router.Port, serial.Message)       {}
func (listener) DispatchDisconnect(*router.Port, *router.Error)     {}
func (listener) DispatchRequest(*router.Request) router.Disposition { return router.Handled }
func (listener) DispatchOutcome(*router.Call, router.Outcome)       {}

func (h *goHost) Start(*browser.Context) (router.Endpoint, error) { return listener{}, nil }
func (h *goHost) Stop(*browser.Context, router.Reason)            {}
func (h *goHost) RunScripts(c *browser.Context, _ []browser.Script) {
	if c.Kind == router.KindContentScript {
		if p, err := h.b.Router.Connect(c.ID, router.ExtensionTarget(""), "cs"); err == nil {
			_ = p.Post(serial.String(c.URL))
		}
	}
}

// scenario opens, navigates, caches, restores, crashes and closes tabs and
// returns the trace.
func scenario(t *testing.T, prof *browser.Profile, seed uint64) []byte {
	log := &trace.Log{}
	h := &goHost{}
	b := browser.New(browser.Options{Profile: prof, Host: h, Seeded: true, Seed: seed, Trace: log,
		Web: browser.MapWeb{"/": `<iframe src="/f"></iframe>`, "/f": ``}})
	h.b = b
	e, err := b.LoadExtension(ext(`{"manifest_version": 3, "name": "t", "version": "1",
	  "background": {"service_worker": "sw.js", "scripts": ["sw.js"]},
	  "content_scripts": [{"matches": ["<all_urls>"], "js": ["cs.js"], "all_frames": true}]}`, "sw.js", "cs.js"), browser.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var tabs []*browser.Tab
	for i := 0; i < 5; i++ {
		tab, err := b.NewTab(fmt.Sprintf("https://example.com/?%d", i), browser.TabOptions{})
		if err != nil {
			t.Fatal(err)
		}
		tabs = append(tabs, tab)
	}
	step := func() {
		if err := b.Sched.RunFor(100 * time.Millisecond); err != nil {
			t.Fatal(err)
		}
	}
	step()
	_ = tabs[0].EnterBFCache()
	_ = tabs[1].Navigate("https://example.com/next")
	tabs[2].Crash()
	step()
	_ = tabs[0].GoBack()
	e.StopBackground()
	step()
	e.Reload()
	tabs[3].Close()
	if err := b.Run(); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := log.WriteJSONL(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Every change in a context's life is a trace event with its reason, and the
// same seed gives the same trace byte for byte.
func TestLifecycleTraceIsCompleteAndDeterministic(t *testing.T) {
	for _, prof := range []func() *browser.Profile{browser.Chrome, browser.Firefox} {
		p := prof()
		t.Run(p.Name, func(t *testing.T) {
			a := scenario(t, prof(), 7)
			if !bytes.Equal(a, scenario(t, prof(), 7)) {
				t.Fatal("same seed, different traces")
			}
			text := string(a)
			for _, want := range []string{`"kind":"context.start"`, `"kind":"document.commit"`,
				`"reason":"crashed"`, `"kind":"context.invalidate"`,
				`"reason":"tab-closed"`, `"kind":"document.restore"`, `"kind":"extension.disable"`} {
				if !strings.Contains(text, want) {
					t.Errorf("trace lacks %s", want)
				}
			}
			if p.Name == "chrome" && (!strings.Contains(text, "back/forward cache") || !strings.Contains(text, `"reason":"worker-stopped"`)) {
				t.Error("chrome trace lacks the S8 disconnect or the worker stop")
			}
			if p.Name == "firefox" && !strings.Contains(text, `"reason":"suspended"`) {
				t.Error("firefox trace lacks the event page suspension")
			}
			var distinct []string
			for seed := uint64(1); seed <= 8; seed++ {
				s := string(scenario(t, prof(), seed))
				if !slices.Contains(distinct, s) {
					distinct = append(distinct, s)
				}
			}
			if len(distinct) < 2 {
				t.Error("eight seeds gave a single interleaving")
			}
		})
	}
}

func TestUnloadRemovesTheExtension(t *testing.T) {
	b := browser.New(browser.Options{})
	e, err := b.LoadExtension(ext(`{"manifest_version": 3, "name": "u", "version": "1", "background": {"service_worker": "sw.js"}}`, "sw.js"), browser.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	e.Unload()
	if b.ExtensionByID(e.ID) != nil || e.Background() != nil || len(b.Extensions()) != 0 {
		t.Fatal("extension still installed or running")
	}
	if _, err := b.LoadExtension(ext(`{"manifest_version": 3, "name": "u", "version": "1", "background": {"service_worker": "sw.js"}}`, "sw.js"), browser.LoadOptions{}); err != nil {
		t.Fatalf("reinstall after unload: %v", err)
	}
}
