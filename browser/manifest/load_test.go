package manifest

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

func loadStrings(t *testing.T, fsys fstest.MapFS) (*Manifest, []string) {
	t.Helper()
	m, ds := Load(fsys)
	var got []string
	for _, d := range ds {
		got = append(got, d.String())
	}
	return m, got
}

func TestLoadMissingFiles(t *testing.T) {
	manifest := `{
  "manifest_version": 3, "name": "n", "version": "1",
  "background": {"service_worker": "sw.js", "scripts": ["bg.js", "/lib/ok.js"]},
  "content_scripts": [{"matches": ["<all_urls>"], "js": ["cs.js", "./lib/ok.js"], "css": ["cs.css"]}],
  "action": {"default_popup": "popup.html?tab=1#top", "default_icon": {"16": "icons/16.png", "32": "icons/32.png"}},
  "options_page": "options.html",
  "options_ui": {"page": "lib"},
  "icons": {"128": "../icon.png"},
  "browser_action": {"default_popup": "", "default_icon": "ok.png"}
}`
	fsys := fstest.MapFS{
		"manifest.json": {Data: []byte(manifest)},
		"lib/ok.js":     {},
		"popup.html":    {},
		"icons/16.png":  {},
		"ok.png":        {},
	}
	m, got := loadStrings(t, fsys)
	want := []string{
		`manifest.json:3:36: error: background.service_worker: file "sw.js" does not exist`,
		`manifest.json:3:57: error: background.scripts[0]: file "bg.js" does not exist`,
		`manifest.json:4:58: error: content_scripts[0].js[0]: file "cs.js" does not exist`,
		`manifest.json:4:91: error: content_scripts[0].css[0]: file "cs.css" does not exist`,
		`manifest.json:5:100: error: action.default_icon.32: file "icons/32.png" does not exist`,
		`manifest.json:6:19: error: options_page: file "options.html" does not exist`,
		`manifest.json:7:26: error: options_ui.page: "lib" is a folder, not a file`,
		`manifest.json:8:20: error: icons.128: file "../icon.png" is outside the extension folder`,
		`manifest.json:9:3: warning: 'browser_action' requires manifest version of 2 or lower.`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if m == nil || m.Background.ServiceWorker != "sw.js" {
		t.Errorf("Manifest = %+v", m)
	}
	for _, d := range mustLoad(fsys).Errors() {
		if d.ID != IDMissingFile {
			t.Errorf("ID = %q, want %q", d.ID, IDMissingFile)
		}
	}
}

func mustLoad(fsys fstest.MapFS) Diagnostics { _, ds := Load(fsys); return ds }

func TestLoadMV2Files(t *testing.T) {
	fsys := fstest.MapFS{
		"manifest.json": {Data: []byte(`{"manifest_version": 2, "name": "n", "version": "1",
"background": {"page": "bg.html"}, "browser_action": {"default_popup": "p.html"}, "page_action": {"default_popup": "pa.html"}}`)},
		"bg.html": {},
	}
	_, got := loadStrings(t, fsys)
	want := []string{
		`manifest.json:2:72: error: browser_action.default_popup: file "p.html" does not exist`,
		`manifest.json:2:116: error: page_action.default_popup: file "pa.html" does not exist`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestLoadAllPresent(t *testing.T) {
	fsys := fstest.MapFS{
		"manifest.json": {Data: []byte(`{"manifest_version": 3, "name": "n", "version": "1",
"background": {"service_worker": "sw.js", "type": "module"},
"content_scripts": [{"matches": ["https://example.com/*"], "js": ["content/cs.js"]}],
"action": {"default_popup": "popup/index.html"}}`)},
		"sw.js":            {},
		"content/cs.js":    {},
		"popup/index.html": {},
	}
	m, ds := Load(fsys)
	if len(ds) != 0 {
		t.Fatal(ds)
	}
	if m.Action.DefaultPopup != "popup/index.html" {
		t.Errorf("DefaultPopup = %q", m.Action.DefaultPopup)
	}
}

func TestLoadNoManifest(t *testing.T) {
	m, ds := Load(fstest.MapFS{"bg.js": {}})
	if m != nil || len(ds) != 1 || ds[0].ID != IDMissingFile || ds[0].Line != 0 ||
		!strings.HasPrefix(ds[0].String(), "manifest.json: error: Manifest file is missing or unreadable: ") {
		t.Errorf("Load = %v, %v", m, ds)
	}
}

func TestLoadSyntaxError(t *testing.T) {
	m, ds := Load(fstest.MapFS{"manifest.json": {Data: []byte("{\n  \"name\": \"n\",\n}")}})
	if m != nil || len(ds) != 1 || ds[0].String() != "manifest.json:3:1: error: invalid JSON: trailing comma before '}'" {
		t.Errorf("Load = %v, %v", m, ds)
	}
}

func TestLoadDirFS(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("manifest.json", `{"manifest_version": 3, "name": "n", "version": "1", "background": {"service_worker": "sw.js"}}`)
	_, ds := Load(os.DirFS(dir))
	if len(ds) != 1 || ds[0].ID != IDMissingFile {
		t.Fatalf("before: %v", ds)
	}
	write("sw.js", "")
	if _, ds := Load(os.DirFS(dir)); len(ds) != 0 {
		t.Errorf("after: %v", ds)
	}
}
