package manifest

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"reflect"
	"strings"
	"testing"
)

// mv3 and mv2 return a valid manifest whose second line is extra, so that
// a value in extra at column c is reported at 2:c.
func mv3(extra string) string {
	return "{\"manifest_version\": 3, \"name\": \"n\", \"version\": \"1\",\n" + extra + "\n}"
}

func mv2(extra string) string {
	return "{\"manifest_version\": 2, \"name\": \"n\", \"version\": \"1\",\n" + extra + "\n}"
}

type parseCase struct {
	name  string
	src   string
	want  []string // Diagnostic.String() of every diagnostic, in order
	check func(t *testing.T, m *Manifest)
}

func runParseCases(t *testing.T, tests []parseCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, ds := Parse([]byte(tt.src), "manifest.json")
			var got []string
			for _, d := range ds {
				got = append(got, d.String())
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("diagnostics:\n%s\nwant:\n%s\nsource:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"), tt.src)
			}
			if tt.check != nil {
				if m == nil {
					t.Fatal("Parse returned a nil Manifest")
				}
				tt.check(t, m)
			}
		})
	}
}

func eq[T any](t *testing.T, what string, got, want T) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s = %#v, want %#v", what, got, want)
	}
}

func patternStrings(ps []*MatchPattern) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.String())
	}
	return out
}

func TestParseTopLevel(t *testing.T) {
	runParseCases(t, []parseCase{
		{name: "minimal valid", src: mv3(`"description": "d"`), check: func(t *testing.T, m *Manifest) {
			eq(t, "ManifestVersion", m.ManifestVersion, 3)
			eq(t, "Name", m.Name, "n")
			eq(t, "Version", m.Version, "1")
			eq(t, "Description", m.Description, "d")
		}},
		{name: "manifest_version missing", src: `{"name": "n", "version": "1"}`,
			want: []string{"manifest.json:1:1: error: manifest_version is required: it must be 2 or 3"}},
		{name: "manifest_version string", src: `{"manifest_version": "3", "name": "n", "version": "1"}`,
			want: []string{"manifest.json:1:22: error: manifest_version must be the number 2 or 3"}},
		{name: "manifest_version 4", src: `{"manifest_version": 4, "name": "n", "version": "1"}`,
			want: []string{"manifest.json:1:22: error: manifest_version must be 2 or 3, not 4"}},
		{name: "manifest_version 3.0", src: `{"manifest_version": 3.0, "name": "n", "version": "1"}`,
			want:  []string{"manifest.json:1:22: error: manifest_version must be 2 or 3, not 3.0"},
			check: func(t *testing.T, m *Manifest) { eq(t, "ManifestVersion", m.ManifestVersion, 0) }},
		{name: "name and version missing", src: `{"manifest_version": 2}`,
			want: []string{"manifest.json:1:1: error: name is required", "manifest.json:1:1: error: version is required"}},
		{name: "name wrong type", src: mv3(`"description": "d", "name": ["x"]`),
			want: []string{
				`manifest.json:2:21: warning: duplicate key "name": the last value wins`,
				"manifest.json:2:29: error: name must be a string",
			}},
		{name: "name empty", src: `{"manifest_version": 3, "name": " ", "version": "1"}`,
			want: []string{"manifest.json:1:33: error: name must not be empty"}},
		{name: "description wrong type", src: mv3(`"description": 5`),
			want: []string{"manifest.json:2:16: error: description must be a string"}},
		{name: "default_locale", src: mv3(`"default_locale": "en"`),
			check: func(t *testing.T, m *Manifest) { eq(t, "DefaultLocale", m.DefaultLocale, "en") }},
		{name: "unknown keys are warnings", src: mv3(`"colour": "red", "sidebar_action": {}, "commands": {}`),
			want: []string{"manifest.json:2:1: warning: Unrecognized manifest key 'colour'."}},
		{name: "duplicate key: last wins", src: mv3(`"description": "a", "description": "b"`),
			want:  []string{`manifest.json:2:21: warning: duplicate key "description": the last value wins`},
			check: func(t *testing.T, m *Manifest) { eq(t, "Description", m.Description, "b") }},
		{name: "top level not an object", src: `["manifest_version", 3]`,
			want: []string{"manifest.json:1:1: error: the manifest must be a JSON object, not a list"}},
	})
}

func TestParseVersion(t *testing.T) {
	for _, v := range []string{"1", "0", "1.0", "1.2.3.4", "65535.0.0.65535", "10.20.30"} {
		_, ds := Parse([]byte(`{"manifest_version": 3, "name": "n", "version": "`+v+`"}`), "manifest.json")
		if len(ds) != 0 {
			t.Errorf("version %q: %v", v, ds)
		}
	}
	for _, v := range []string{"", "1.2.3.4.5", "01", "1.01", "65536", "1..2", "1.", ".1", "1.2a", "-1", "+1", " 1", "1.0.0-beta", "99999"} {
		m, ds := Parse([]byte(`{"manifest_version": 3, "name": "n", "version": "`+v+`"}`), "manifest.json")
		want := `manifest.json:1:49: error: version "` + v + `" is invalid: it must be 1 to 4 dot-separated integers from 0 to 65535, without leading zeros`
		if len(ds) != 1 || ds[0].String() != want || ds[0].ID != IDValue {
			t.Errorf("version %q: %v, want %s", v, ds, want)
		}
		if m.Version != "" {
			t.Errorf("version %q recorded as %q", v, m.Version)
		}
	}
	_, ds := Parse([]byte(`{"manifest_version": 3, "name": "n", "version": 1}`), "manifest.json")
	if len(ds) != 1 || ds[0].String() != "manifest.json:1:49: error: version must be a string" || ds[0].ID != IDType {
		t.Errorf("numeric version: %v", ds)
	}
}

func TestParseBackground(t *testing.T) {
	runParseCases(t, []parseCase{
		{name: "MV3 service worker module", src: mv3(`"background": {"service_worker": "sw.js", "type": "module"}`),
			check: func(t *testing.T, m *Manifest) {
				eq(t, "Background", *m.Background, Background{ServiceWorker: "sw.js", Type: "module"})
				eq(t, "IsModule", m.Background.IsModule(), true)
			}},
		{name: "service_worker wrong type", src: mv3(`"background": {"service_worker": 5}`),
			want: []string{"manifest.json:2:34: error: background.service_worker must be a string"}},
		{name: "service_worker empty", src: mv3(`"background": {"service_worker": ""}`),
			want: []string{"manifest.json:2:34: error: background.service_worker must not be empty"}},
		{name: "type invalid", src: mv3(`"background": {"service_worker": "sw.js", "type": "esm"}`),
			want: []string{`manifest.json:2:51: error: background.type must be "module" or "classic", not "esm"`}},
		{name: "background not an object", src: mv3(`"background": "bg.js"`),
			want: []string{"manifest.json:2:15: error: background must be an object"}},
		{name: "MV3 scripts only: Firefox event page, Chrome warning", src: mv3(`"background": {"scripts": ["a.js", "b.js"]}`),
			want: []string{"manifest.json:2:15: warning: Chrome needs background.service_worker in Manifest V3"},
			check: func(t *testing.T, m *Manifest) {
				eq(t, "Scripts", m.Background.Scripts, []string{"a.js", "b.js"})
			}},
		{name: "MV3 page only", src: mv3(`"background": {"page": "bg.html"}`),
			want: []string{"manifest.json:2:15: warning: Chrome needs background.service_worker in Manifest V3"}},
		{name: "MV3 both service_worker and scripts (cross-browser)", src: mv3(`"background": {"service_worker": "sw.js", "scripts": ["sw.js"]}`),
			check: func(t *testing.T, m *Manifest) {
				eq(t, "ServiceWorker", m.Background.ServiceWorker, "sw.js")
				eq(t, "Scripts", m.Background.Scripts, []string{"sw.js"})
			}},
		{name: "MV3 persistent", src: mv3(`"background": {"service_worker": "sw.js", "persistent": false}`),
			want: []string{"manifest.json:2:57: warning: 'background.persistent' requires manifest version of 2 or lower."}},
		{name: "scripts wrong type", src: mv2(`"background": {"scripts": "bg.js"}`),
			want: []string{"manifest.json:2:27: error: background.scripts must be a list of strings"}},
		{name: "scripts element wrong type", src: mv2(`"background": {"scripts": ["a.js", 7]}`),
			want:  []string{"manifest.json:2:36: error: background.scripts[1] must be a string"},
			check: func(t *testing.T, m *Manifest) { eq(t, "Scripts", m.Background.Scripts, []string{"a.js"}) }},
		{name: "MV2 persistent false", src: mv2(`"background": {"scripts": ["bg.js"], "persistent": false}`),
			check: func(t *testing.T, m *Manifest) {
				if m.Background.Persistent == nil || *m.Background.Persistent {
					t.Errorf("Persistent = %v, want false", m.Background.Persistent)
				}
			}},
		{name: "MV2 persistent absent", src: mv2(`"background": {"page": "bg.html"}`),
			check: func(t *testing.T, m *Manifest) {
				eq(t, "Persistent", m.Background.Persistent, (*bool)(nil))
				eq(t, "Page", m.Background.Page, "bg.html")
			}},
		{name: "persistent wrong type", src: mv2(`"background": {"scripts": ["bg.js"], "persistent": "no"}`),
			want: []string{"manifest.json:2:52: error: background.persistent must be a boolean"}},
		{name: "page and scripts", src: mv2(`"background": {"scripts": ["bg.js"], "page": "bg.html"}`),
			want: []string{"manifest.json:2:46: error: background.page and background.scripts cannot both be used"}},
		{name: "MV2 service_worker", src: mv2(`"background": {"service_worker": "sw.js"}`),
			want: []string{"manifest.json:2:34: warning: 'background.service_worker' requires manifest version of at least 3."}},
	})
}

func TestParseContentScripts(t *testing.T) {
	runParseCases(t, []parseCase{
		{name: "defaults", src: mv3(`"content_scripts": [{"matches": ["https://*.example.com/*"], "js": ["cs.js"]}]`),
			check: func(t *testing.T, m *Manifest) {
				cs := m.ContentScripts[0]
				eq(t, "Matches", patternStrings(cs.Matches), []string{"https://*.example.com/*"})
				eq(t, "JS", cs.JS, []string{"cs.js"})
				eq(t, "RunAt", cs.RunAt, DocumentIdle)
				eq(t, "World", cs.World, Isolated)
				eq(t, "AllFrames", cs.AllFrames, false)
			}},
		{name: "every field", src: mv3(`"content_scripts": [{"matches": ["<all_urls>"], "exclude_matches": ["*://*/*admin*"],
"include_globs": ["*a*"], "exclude_globs": ["*b*"], "js": ["a.js", "b.js"], "css": ["c.css"],
"all_frames": true, "match_about_blank": true, "match_origin_as_fallback": true, "run_at": "document_start", "world": "MAIN"}]`),
			check: func(t *testing.T, m *Manifest) {
				eq(t, "ContentScripts", m.ContentScripts, []ContentScript{{
					Matches:               []*MatchPattern{MustParseMatchPattern("<all_urls>")},
					ExcludeMatches:        []*MatchPattern{MustParseMatchPattern("*://*/*admin*")},
					IncludeGlobs:          []string{"*a*"},
					ExcludeGlobs:          []string{"*b*"},
					JS:                    []string{"a.js", "b.js"},
					CSS:                   []string{"c.css"},
					AllFrames:             true,
					MatchAboutBlank:       true,
					MatchOriginAsFallback: true,
					RunAt:                 DocumentStart,
					World:                 Main,
				}})
			}},
		{name: "css only", src: mv3(`"content_scripts": [{"matches": ["<all_urls>"], "css": ["c.css"], "run_at": "document_end"}]`),
			check: func(t *testing.T, m *Manifest) { eq(t, "RunAt", m.ContentScripts[0].RunAt, DocumentEnd) }},
		{name: "not a list", src: mv3(`"content_scripts": {"matches": ["<all_urls>"]}`),
			want: []string{"manifest.json:2:20: error: content_scripts must be a list of objects"}},
		{name: "entry not an object", src: mv3(`"content_scripts": ["cs.js"]`),
			want: []string{"manifest.json:2:21: error: content_scripts[0] must be an object"}},
		{name: "matches missing", src: mv3(`"content_scripts": [{"js": ["cs.js"]}]`),
			want: []string{"manifest.json:2:21: error: content_scripts[0].matches must be a non-empty list of strings"}},
		{name: "matches empty", src: mv3(`"content_scripts": [{"matches": [], "js": ["cs.js"]}]`),
			want: []string{"manifest.json:2:33: error: content_scripts[0].matches must be a non-empty list of strings"}},
		{name: "matches a string", src: mv3(`"content_scripts": [{"matches": "<all_urls>", "js": ["cs.js"]}]`),
			want: []string{"manifest.json:2:33: error: content_scripts[0].matches must be a non-empty list of strings"}},
		{name: "matches element not a string", src: mv3(`"content_scripts": [{"matches": ["<all_urls>", null], "js": ["cs.js"]}]`),
			want: []string{"manifest.json:2:48: error: content_scripts[0].matches[1] must be a string"}},
		{name: "invalid match pattern", src: mv3(`"content_scripts": [{"matches": ["<all_urls>", "https://*.google.*/*"], "js": ["cs.js"]}]`),
			want: []string{"manifest.json:2:48: error: Invalid value for 'content_scripts[0].matches[1]': Invalid host wildcard. '*' in a host must be the whole host or its first character followed by '.', as in *.example.com."},
			check: func(t *testing.T, m *Manifest) {
				eq(t, "Matches", patternStrings(m.ContentScripts[0].Matches), []string{"<all_urls>"})
			}},
		{name: "invalid exclude pattern", src: mv3(`"content_scripts": [{"matches": ["<all_urls>"], "exclude_matches": ["example.com"], "js": ["cs.js"]}]`),
			want: []string{"manifest.json:2:69: error: Invalid value for 'content_scripts[0].exclude_matches[0]': Missing scheme separator. A pattern is <scheme>://<host><path>, e.g. https://*.example.com/*, or <all_urls>."}},
		{name: "second entry positions", src: mv3(`"content_scripts": [{"matches": ["<all_urls>"], "js": ["a.js"]},
  {"matches": ["<all_urls>"], "js": "b.js"}]`),
			want: []string{
				"manifest.json:3:3: error: At least one js or css file is required for 'content_scripts[1]'.",
				"manifest.json:3:37: error: content_scripts[1].js must be a list of strings",
			}},
		{name: "no js or css", src: mv3(`"content_scripts": [{"matches": ["<all_urls>"]}]`),
			want: []string{"manifest.json:2:21: error: At least one js or css file is required for 'content_scripts[0]'."}},
		{name: "run_at invalid", src: mv3(`"content_scripts": [{"matches": ["<all_urls>"], "js": ["a.js"], "run_at": "document_ready"}]`),
			want: []string{`manifest.json:2:75: error: content_scripts[0].run_at must be "document_start", "document_end" or "document_idle", not "document_ready"`}},
		{name: "world invalid", src: mv3(`"content_scripts": [{"matches": ["<all_urls>"], "js": ["a.js"], "world": "main"}]`),
			want: []string{`manifest.json:2:74: error: content_scripts[0].world must be "ISOLATED" or "MAIN", not "main"`}},
		{name: "all_frames wrong type", src: mv3(`"content_scripts": [{"matches": ["<all_urls>"], "js": ["a.js"], "all_frames": 1}]`),
			want: []string{"manifest.json:2:79: error: content_scripts[0].all_frames must be a boolean"}},
		{name: "include_globs wrong type", src: mv3(`"content_scripts": [{"matches": ["<all_urls>"], "js": ["a.js"], "include_globs": "*"}]`),
			want: []string{"manifest.json:2:82: error: content_scripts[0].include_globs must be a list of strings"}},
	})
}

func TestParseActions(t *testing.T) {
	runParseCases(t, []parseCase{
		{name: "MV3 action", src: mv3(`"action": {"default_popup": "popup.html", "default_title": "T", "default_icon": "i.png"}`),
			check: func(t *testing.T, m *Manifest) {
				eq(t, "Action", *m.Action, Action{Key: "action", DefaultPopup: "popup.html", DefaultTitle: "T", DefaultIcon: "i.png"})
				eq(t, "ToolbarAction", m.ToolbarAction(), m.Action)
			}},
		{name: "MV3 browser_action is MV2 only", src: mv3(`"browser_action": {"default_popup": "popup.html"}`),
			want: []string{"manifest.json:2:1: warning: 'browser_action' requires manifest version of 2 or lower."},
			check: func(t *testing.T, m *Manifest) {
				eq(t, "BrowserAction.Key", m.BrowserAction.Key, "browser_action")
				eq(t, "ToolbarAction", m.ToolbarAction(), (*Action)(nil))
			}},
		{name: "MV3 page_action (Firefox keeps it)", src: mv3(`"page_action": {"default_popup": "p.html"}`),
			want:  []string{"manifest.json:2:1: warning: 'page_action' requires manifest version of 2 or lower."},
			check: func(t *testing.T, m *Manifest) { eq(t, "PageAction.Key", m.PageAction.Key, "page_action") }},
		{name: "MV2 action is MV3 only", src: mv2(`"action": {"default_popup": "popup.html"}`),
			want: []string{"manifest.json:2:1: warning: 'action' requires manifest version of at least 3."}},
		{name: "MV2 browser_action", src: mv2(`"browser_action": {"default_popup": "popup.html", "default_icon": {"16": "a.png", "32": "b.png"}}`),
			check: func(t *testing.T, m *Manifest) {
				eq(t, "BrowserAction", *m.BrowserAction, Action{Key: "browser_action", DefaultPopup: "popup.html",
					DefaultIcons: map[string]string{"16": "a.png", "32": "b.png"}})
				eq(t, "ToolbarAction", m.ToolbarAction(), m.BrowserAction)
			}},
		{name: "MV2 page_action is the toolbar action without browser_action", src: mv2(`"page_action": {"default_popup": "p.html"}`),
			check: func(t *testing.T, m *Manifest) { eq(t, "ToolbarAction", m.ToolbarAction(), m.PageAction) }},
		{name: "action not an object", src: mv3(`"action": "popup.html"`),
			want: []string{"manifest.json:2:11: error: action must be an object"}},
		{name: "default_popup wrong type", src: mv3(`"action": {"default_popup": true}`),
			want: []string{"manifest.json:2:29: error: action.default_popup must be a string"}},
		{name: "default_icon wrong type", src: mv3(`"action": {"default_icon": 16}`),
			want: []string{"manifest.json:2:28: error: action.default_icon must be a string or an object mapping sizes to files"}},
		{name: "options_page", src: mv3(`"options_page": "options.html"`),
			check: func(t *testing.T, m *Manifest) { eq(t, "OptionsPage", m.OptionsPage, "options.html") }},
		{name: "options_page wrong type", src: mv3(`"options_page": {"page": "o.html"}`),
			want: []string{"manifest.json:2:17: error: options_page must be a string"}},
		{name: "options_ui", src: mv3(`"options_ui": {"page": "o.html", "open_in_tab": true}`),
			check: func(t *testing.T, m *Manifest) {
				eq(t, "OptionsUI", *m.OptionsUI, OptionsUI{Page: "o.html", OpenInTab: true})
			}},
		{name: "options_ui without page", src: mv3(`"options_ui": {"open_in_tab": "yes"}`),
			want: []string{"manifest.json:2:15: error: options_ui.page is required", "manifest.json:2:31: error: options_ui.open_in_tab must be a boolean"}},
		{name: "icons", src: mv3(`"icons": {"16": "i16.png", "128": "i128.png"}`),
			check: func(t *testing.T, m *Manifest) {
				eq(t, "Icons", m.Icons, map[string]string{"16": "i16.png", "128": "i128.png"})
			}},
		{name: "icons wrong type", src: mv3(`"icons": ["i.png"], "name": "x"`),
			want: []string{"manifest.json:2:10: error: icons must be an object", `manifest.json:2:21: warning: duplicate key "name": the last value wins`}},
	})
}

func TestParsePermissions(t *testing.T) {
	runParseCases(t, []parseCase{
		{name: "MV2 host patterns move to HostPermissions", src: mv2(`"permissions": ["tabs", "https://*.example.com/*", "<all_urls>", "nativeMessaging"]`),
			check: func(t *testing.T, m *Manifest) {
				eq(t, "Permissions", m.Permissions, []string{"tabs", "nativeMessaging"})
				eq(t, "HostPermissions", patternStrings(m.HostPermissions), []string{"https://*.example.com/*", "<all_urls>"})
				eq(t, "NativeMessaging", m.NativeMessaging, true)
				eq(t, "HasPermission(tabs)", m.HasPermission("tabs"), true)
				eq(t, "HasPermission(storage)", m.HasPermission("storage"), false)
			}},
		{name: "MV2 malformed host pattern", src: mv2(`"permissions": ["https://example.com"]`),
			want: []string{"manifest.json:2:17: warning: Permission 'https://example.com' is unknown or URL pattern is malformed."}},
		{name: "MV3 host_permissions", src: mv3(`"permissions": ["storage"], "host_permissions": ["https://*/*"]`),
			check: func(t *testing.T, m *Manifest) {
				eq(t, "Permissions", m.Permissions, []string{"storage"})
				eq(t, "HostPermissions", patternStrings(m.HostPermissions), []string{"https://*/*"})
				eq(t, "NativeMessaging", m.NativeMessaging, false)
			}},
		{name: "MV3 host pattern in permissions", src: mv3(`"permissions": ["storage", "https://*/*"]`),
			want: []string{`manifest.json:2:28: warning: permissions[1]: host pattern "https://*/*" is ignored: in Manifest V3 it belongs in host_permissions`},
			check: func(t *testing.T, m *Manifest) {
				eq(t, "Permissions", m.Permissions, []string{"storage"})
				eq(t, "HostPermissions", len(m.HostPermissions), 0)
			}},
		{name: "MV2 host_permissions", src: mv2(`"host_permissions": ["https://*/*"]`),
			want:  []string{"manifest.json:2:1: warning: 'host_permissions' requires manifest version of at least 3."},
			check: func(t *testing.T, m *Manifest) { eq(t, "HostPermissions", len(m.HostPermissions), 0) }},
		{name: "MV3 invalid host permission", src: mv3(`"host_permissions": ["https://*/*", "*.example.com"]`),
			want: []string{"manifest.json:2:37: warning: Permission '*.example.com' is unknown or URL pattern is malformed."},
			check: func(t *testing.T, m *Manifest) {
				eq(t, "HostPermissions", patternStrings(m.HostPermissions), []string{"https://*/*"})
			}},
		{name: "permissions wrong type", src: mv3(`"permissions": "tabs"`),
			want: []string{"manifest.json:2:16: error: permissions must be a list of strings"}},
		{name: "permission not a string", src: mv3(`"permissions": ["tabs", {"x": 1}]`),
			want: []string{"manifest.json:2:25: error: permissions[1] must be a string"}},
		{name: "MV2 optional permissions split", src: mv2(`"optional_permissions": ["bookmarks", "https://*/*"]`),
			check: func(t *testing.T, m *Manifest) {
				eq(t, "OptionalPermissions", m.OptionalPermissions, []string{"bookmarks"})
				eq(t, "OptionalHostPermissions", patternStrings(m.OptionalHostPermissions), []string{"https://*/*"})
			}},
		{name: "MV3 optional_host_permissions", src: mv3(`"optional_permissions": ["bookmarks"], "optional_host_permissions": ["https://*/*"]`),
			check: func(t *testing.T, m *Manifest) {
				eq(t, "OptionalPermissions", m.OptionalPermissions, []string{"bookmarks"})
				eq(t, "OptionalHostPermissions", patternStrings(m.OptionalHostPermissions), []string{"https://*/*"})
			}},
		{name: "MV3 host pattern in optional_permissions", src: mv3(`"optional_permissions": ["https://*/*"]`),
			want: []string{`manifest.json:2:26: warning: optional_permissions[0]: host pattern "https://*/*" is ignored: in Manifest V3 it belongs in optional_host_permissions`}},
	})
}

func TestParseWebAccessibleResources(t *testing.T) {
	all := []*MatchPattern{MustParseMatchPattern(AllURLs)}
	runParseCases(t, []parseCase{
		{name: "MV2 paths", src: mv2(`"web_accessible_resources": ["img/*.png", "page.html"]`),
			check: func(t *testing.T, m *Manifest) {
				eq(t, "WebAccessibleResources", m.WebAccessibleResources, []WebAccessibleResource{{
					Resources: []string{"img/*.png", "page.html"}, Matches: all, ExtensionIDs: []string{"*"}}})
			}},
		{name: "MV2 object", src: mv2(`"web_accessible_resources": [{"resources": ["a.png"]}]`),
			want: []string{"manifest.json:2:30: error: web_accessible_resources[0] must be a string (a path) in Manifest V2"}},
		{name: "MV3 entries", src: mv3(`"web_accessible_resources": [{"resources": ["a.png"], "matches": ["https://example.com/*"], "use_dynamic_url": true},
{"resources": ["b.png"], "extension_ids": ["abcdefghijklmnopabcdefghijklmnop", "*"]}]`),
			check: func(t *testing.T, m *Manifest) {
				eq(t, "WebAccessibleResources", m.WebAccessibleResources, []WebAccessibleResource{
					{Resources: []string{"a.png"}, Matches: []*MatchPattern{MustParseMatchPattern("https://example.com/*")}, UseDynamicURL: true},
					{Resources: []string{"b.png"}, ExtensionIDs: []string{"abcdefghijklmnopabcdefghijklmnop", "*"}},
				})
			}},
		{name: "MV3 string", src: mv3(`"web_accessible_resources": ["a.png"]`),
			want: []string{"manifest.json:2:30: error: web_accessible_resources[0] must be an object with resources and matches or extension_ids in Manifest V3"}},
		{name: "MV3 resources only", src: mv3(`"web_accessible_resources": [{"resources": ["a.png"]}]`),
			want: []string{"manifest.json:2:30: error: Invalid value for 'web_accessible_resources[0]'. Entry must at least have resources, and one other valid key."}},
		{name: "MV3 bad pattern and id", src: mv3(`"web_accessible_resources": [{"resources": ["a.png"], "matches": ["https://example.com"], "extension_ids": ["nope"]}]`),
			want: []string{
				"manifest.json:2:67: error: Invalid value for 'web_accessible_resources[0].matches[0]': Empty path. A path is required after the host; use /* for any path.",
				`manifest.json:2:109: error: web_accessible_resources[0].extension_ids[0]: "nope" is not a valid extension id`,
			}},
		{name: "not a list", src: mv3(`"web_accessible_resources": {}`),
			want: []string{"manifest.json:2:29: error: web_accessible_resources must be a list"}},
	})
}

func TestParseKeyGeckoSerialization(t *testing.T) {
	runParseCases(t, []parseCase{
		{name: "key", src: mv3(`"key": "dGVzdA=="`),
			check: func(t *testing.T, m *Manifest) {
				eq(t, "Key", m.Key, "dGVzdA==")
				eq(t, "ChromeID", m.ChromeID("/ignored"), "jpignaibiiemhngfjkcpokkamffknabf")
			}},
		{name: "key not base64", src: mv3(`"key": "not base64!"`),
			want: []string{"manifest.json:2:8: error: Invalid value for 'key': the key is not valid base64"},
			check: func(t *testing.T, m *Manifest) {
				eq(t, "Key", m.Key, "")
				eq(t, "ChromeID", m.ChromeID("test"), "jpignaibiiemhngfjkcpokkamffknabf")
			}},
		{name: "key wrong type", src: mv3(`"key": 1`),
			want: []string{"manifest.json:2:8: error: key must be a string"}},
		{name: "browser_specific_settings", src: mv3(`"browser_specific_settings": {"gecko": {"id": "addon@example.com", "strict_min_version": "109.0"}}`),
			check: func(t *testing.T, m *Manifest) { eq(t, "GeckoID", m.GeckoID, "addon@example.com") }},
		{name: "applications (older key)", src: mv2(`"applications": {"gecko": {"id": "{12345678-abcd-ABCD-1234-123456789012}"}}`),
			check: func(t *testing.T, m *Manifest) { eq(t, "GeckoID", m.GeckoID, "{12345678-abcd-ABCD-1234-123456789012}") }},
		{name: "browser_specific_settings wins", src: mv2(`"browser_specific_settings": {"gecko": {"id": "new@x"}}, "applications": {"gecko": {"id": "old@x"}}`),
			check: func(t *testing.T, m *Manifest) { eq(t, "GeckoID", m.GeckoID, "new@x") }},
		{name: "gecko id invalid", src: mv3(`"browser_specific_settings": {"gecko": {"id": "not an id"}}`),
			want: []string{`manifest.json:2:47: warning: browser_specific_settings.gecko.id "not an id" is not a valid Firefox add-on id (an email-like id such as name@example.com, or a GUID in braces)`}},
		{name: "gecko id wrong type", src: mv3(`"browser_specific_settings": {"gecko": {"id": 5}}`),
			want: []string{"manifest.json:2:47: error: browser_specific_settings.gecko.id must be a string"}},
		{name: "gecko wrong type", src: mv3(`"browser_specific_settings": {"gecko": []}`),
			want: []string{"manifest.json:2:40: error: browser_specific_settings.gecko must be an object"}},
		{name: "serialization json", src: mv3(`"message_serialization": "json"`),
			check: func(t *testing.T, m *Manifest) { eq(t, "UsesStructuredClone", m.UsesStructuredClone(), false) }},
		{name: "serialization structured_clone", src: mv3(`"message_serialization": "structured_clone"`),
			check: func(t *testing.T, m *Manifest) { eq(t, "UsesStructuredClone", m.UsesStructuredClone(), true) }},
		{name: "serialization absent means json", src: mv3(`"description": ""`),
			check: func(t *testing.T, m *Manifest) {
				eq(t, "MessageSerialization", m.MessageSerialization, "")
				eq(t, "UsesStructuredClone", m.UsesStructuredClone(), false)
			}},
		{name: "serialization other value", src: mv3(`"message_serialization": "structuredClone"`),
			want: []string{`manifest.json:2:26: error: message_serialization must be "json" or "structured_clone", not "structuredClone"`}},
		{name: "serialization not a string", src: mv3(`"message_serialization": true`),
			want: []string{`manifest.json:2:26: error: message_serialization must be a string: "json" or "structured_clone"`}},
	})
}

func TestChromeIDFromGeneratedKey(t *testing.T) {
	priv, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKIXPublicKey(&priv.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	key := base64.StdEncoding.EncodeToString(der)
	m, ds := Parse([]byte(mv3(`"key": "`+key+`"`)), "manifest.json")
	if len(ds) != 0 {
		t.Fatal(ds)
	}
	want := independentID(der)
	if got := m.ChromeID("/some/path"); got != want {
		t.Errorf("ChromeID = %q, want %q", got, want)
	}
}
