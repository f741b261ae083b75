package suite

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/extsim/extsim/browser/manifest"
)

func writeCase(t *testing.T, caseJSON string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "c1")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "case.json"), []byte(caseJSON), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "manifest.json"), []byte(`{"manifest_version":3,"name":"c1","version":"1"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestLoadCase_Defaults(t *testing.T) {
	c, err := LoadCase(writeCase(t, `{"rules":["B5"],"about":"x"}`))
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "c1" || c.Limit != DefaultLimit || !reflect.DeepEqual(c.Families, []string{"chrome", "firefox"}) || c.OtherDir != "" || c.WebDir != "" {
		t.Errorf("case = %+v", c)
	}
}

func TestLoadCase_ErrorsNameTheFileAndTheField(t *testing.T) {
	for _, tc := range []struct{ json, want string }{
		{`{"rules":[],"about":"x"}`, `"rules" is empty`},
		{`{"rules":["B5"]}`, `"about" is empty`},
		{`{"rules":["B5"],"about":"x","families":["safari"]}`, `"families": "safari"`},
		{`{"rules":["B5"],"about":"x","limit":"soon"}`, `"limit": "soon"`},
		{`{"rules":["B5"],"about":"x","limt":"1s"}`, `unknown field "limt"`},
		{`{"rules":`, `unexpected EOF`},
		{`{"rules":["B5"],"about":"x","lib":["../x.js"]}`, `"lib": "../x.js" is not a file name`},
		{`{"rules":["B5"],"about":"x","lib":["x.txt"]}`, `"lib": "x.txt" is not a file name`},
		{`{"rules":["B5"],"about":"x","lib":["missing.js"]}`, `"lib": no file`},
	} {
		_, err := LoadCase(writeCase(t, tc.json))
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "case.json") {
			t.Errorf("%s: err = %v, want it to name case.json and %q", tc.json, err, tc.want)
		}
	}
}

func TestLoadCases_TestdataInNameOrder(t *testing.T) {
	cases, err := LoadCases("testdata/cases")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range cases {
		names = append(names, c.Name)
	}
	if want := []string{"cs-page", "fails", "fmt", "lib", "stop-worker"}; !reflect.DeepEqual(names, want) {
		t.Errorf("names = %v, want %v", names, want)
	}
	if cases[0].WebDir == "" || cases[1].Limit != time.Second || !reflect.DeepEqual(cases[4].Families, []string{"chrome"}) {
		t.Errorf("cs-page web %q, fails limit %v, stop-worker families %v", cases[0].WebDir, cases[1].Limit, cases[4].Families)
	}
}

func TestAdaptManifest_Chrome(t *testing.T) {
	var m map[string]any
	_ = json.Unmarshal([]byte(`{"manifest_version":3,"host_permissions":["https://x.test/*"],
		"background":{"service_worker":"bg.js"},
		"content_scripts":[{"matches":["<all_urls>"],"js":["a.js","b.js"]},{"matches":["<all_urls>"],"css":["c.css"]}],
		"browser_specific_settings":{"gecko":{"id":"x@y"}}}`), &m)
	bg, err := AdaptManifest(m, "chrome", false)
	if err != nil {
		t.Fatal(err)
	}
	if bg != "bg.js" {
		t.Errorf("background file = %q", bg)
	}
	if got := m["host_permissions"]; !reflect.DeepEqual(got, []any{"https://x.test/*", "http://127.0.0.1/*"}) {
		t.Errorf("host_permissions = %v", got)
	}
	css := m["content_scripts"].([]any)
	if got := css[0].(map[string]any)["js"]; !reflect.DeepEqual(got, []any{"shim.js", "a.js", "b.js"}) {
		t.Errorf("content script js = %v", got)
	}
	if _, ok := css[1].(map[string]any)["js"]; ok {
		t.Errorf("a css-only content script got a js list")
	}
	if m["key"] != selfKey || m["browser_specific_settings"] != nil {
		t.Errorf("key %v, browser_specific_settings %v", m["key"], m["browser_specific_settings"])
	}
	if sw := m["background"].(map[string]any)["service_worker"]; sw != "bg.js" {
		t.Errorf("service_worker = %v", sw)
	}
}

func TestAdaptManifest_Firefox(t *testing.T) {
	var m map[string]any
	_ = json.Unmarshal([]byte(`{"manifest_version":3,"key":"abc","background":{"service_worker":"bg.js","type":"module"}}`), &m)
	bg, err := AdaptManifest(m, "firefox", true)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"scripts": []any{"bg.js"}, "type": "module"}
	if bg != "bg.js" || !reflect.DeepEqual(m["background"], want) {
		t.Errorf("background %q %v, want %v", bg, m["background"], want)
	}
	if m["key"] != nil {
		t.Errorf("key kept: %v", m["key"])
	}
	gecko := m["browser_specific_settings"].(map[string]any)["gecko"].(map[string]any)
	if gecko["id"] != otherGeckoID {
		t.Errorf("gecko id = %v", gecko["id"])
	}
}

func TestAdaptManifest_BadBackground(t *testing.T) {
	m := map[string]any{"background": map[string]any{"page": "bg.html"}}
	if _, err := AdaptManifest(m, "chrome", false); err == nil || !strings.Contains(err.Error(), "neither service_worker nor scripts") {
		t.Errorf("err = %v", err)
	}
}

func TestPrepare_WritesShimAndKnownIDs(t *testing.T) {
	c, err := LoadCase("testdata/cases/cs-page")
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	p, err := Prepare(c, "chrome", "tok123", "http://127.0.0.1:9", tmp)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := manifest.IDFromKey(selfKey)
	if p.SelfID != want || p.OtherID != "" || p.Token != "tok123" || p.Limit != DefaultLimit {
		t.Errorf("prepared = %+v", p)
	}
	bg, _ := os.ReadFile(filepath.Join(p.Dir, "bg.js"))
	if !strings.HasPrefix(string(bg), "// The conformance shim") || !strings.Contains(string(bg), `"background":true`) || !strings.Contains(string(bg), "chrome.runtime.onConnect") {
		t.Errorf("bg.js does not start with the configured shim:\n%.300s", bg)
	}
	shim, _ := os.ReadFile(filepath.Join(p.Dir, "shim.js"))
	if !strings.Contains(string(shim), `"token":"tok123"`) || !strings.Contains(string(shim), `"background":false`) {
		t.Errorf("shim.js not configured:\n%.300s", shim)
	}
	for _, skipped := range []string{"case.json", "web"} {
		if _, err := os.Stat(filepath.Join(p.Dir, skipped)); err == nil {
			t.Errorf("%s copied into the extension", skipped)
		}
	}
	if _, err := Prepare(c, "safari", "t", "u", tmp); err == nil {
		t.Errorf("unknown family accepted")
	}
}

func TestParseMessage(t *testing.T) {
	m, err := ParseMessage([]byte(`{"token":"t","kind":"log","ctx":"bg","instance":"i","seq":1,"text":"hi"}`))
	if err != nil || m.Text != "hi" || m.Seq != 1 {
		t.Errorf("m = %+v, err %v", m, err)
	}
	for _, bad := range []string{`{"token":"t","kind":"shout"}`, `{"kind":"log"}`, `not json`} {
		if _, err := ParseMessage([]byte(bad)); err == nil || !strings.HasPrefix(err.Error(), "report: ") {
			t.Errorf("%s: err = %v", bad, err)
		}
	}
}

func TestRecord_OutcomeFixedAtFirstEndAndGapsShown(t *testing.T) {
	r := NewRecord()
	r.Add(Message{Kind: "log", Ctx: "bg", Instance: "a", Seq: 1, Text: "one"})
	r.Add(Message{Kind: "log", Ctx: "bg", Instance: "a", Seq: 3, Text: "three"})
	r.Add(Message{Kind: "fail", Ctx: "bg", Instance: "a", Seq: 4, Text: "why"})
	r.Add(Message{Kind: "done", Ctx: "cs", Instance: "b", Seq: 1})
	r.Timeout("late")
	res := r.Result()
	if res.Outcome != Fail || res.Message != "bg: why" {
		t.Errorf("outcome %s %q", res.Outcome, res.Message)
	}
	want := []string{"one", "(harness: report 3 of this context arrived after 1)", "three"}
	if !reflect.DeepEqual(res.Log["bg"], want) {
		t.Errorf("log = %q, want %q", res.Log["bg"], want)
	}
}

// Shared scripts (case.json "lib") go after the shim wherever the shim
// goes: right after shim.js in each content script list, after the shim
// in the background script (in list order, before the case's own code),
// and as lib/<name> for pages.
func TestPrepare_PlacesLibsAfterTheShim(t *testing.T) {
	c, err := LoadCase("testdata/cases/lib")
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Libs) != 2 || c.Libs[0].Name != "greet.js" || c.Libs[1].Name != "count.js" {
		t.Fatalf("libs = %+v", c.Libs)
	}
	for _, family := range []string{"chrome", "firefox"} {
		p, err := Prepare(c, family, "tok", "http://127.0.0.1:9", t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		data, _ := os.ReadFile(filepath.Join(p.Dir, "manifest.json"))
		var m struct {
			ContentScripts []struct {
				JS []string `json:"js"`
			} `json:"content_scripts"`
		}
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
		if want := []string{"shim.js", "lib/greet.js", "lib/count.js", "cs.js"}; len(m.ContentScripts) != 1 || !reflect.DeepEqual(m.ContentScripts[0].JS, want) {
			t.Errorf("%s: content scripts %+v, want js %v", family, m.ContentScripts, want)
		}
		bg, _ := os.ReadFile(filepath.Join(p.Dir, "bg.js"))
		shim, greet, count, own := strings.Index(string(bg), "// The conformance shim"), strings.Index(string(bg), "function greet"), strings.Index(string(bg), "var greeted"), strings.Index(string(bg), "T.log(greet")
		if shim != 0 || greet < shim || count < greet || own < count {
			t.Errorf("%s: bg.js order shim %d greet %d count %d own %d", family, shim, greet, count, own)
		}
		lib, err := os.ReadFile(filepath.Join(p.Dir, "lib", "greet.js"))
		if err != nil || !strings.HasPrefix(string(lib), "// A shared script") {
			t.Errorf("%s: lib/greet.js = %q, %v", family, lib, err)
		}
	}
}
