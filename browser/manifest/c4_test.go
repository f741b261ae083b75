package manifest

import (
	"testing"
)

// Rule C4 (shared/spec/chromium-semantics.md): Chromium's parsing of
// externally_connectable, extensions/common/manifest_handlers/
// externally_connectable.cc and its unit test.

func TestC4_InvalidMatchPatternIsAnError(t *testing.T) {
	runParseCases(t, []parseCase{
		{name: "no scheme (Chromium ErrorBadMatches)", src: mv3(`"externally_connectable": {"matches": ["www.yahoo.com"]}`),
			want: []string{"manifest.json:2:40: error: Invalid match pattern 'www.yahoo.com'"}},
		{name: "no path", src: mv3(`"externally_connectable": {"matches": ["https://example.com"]}`),
			want: []string{"manifest.json:2:40: error: Invalid match pattern 'https://example.com'"}},
	})
	_, ds := Parse([]byte(mv3(`"externally_connectable": {"matches": ["www.yahoo.com"]}`)), "manifest.json")
	if ds[0].ID != IDExternallyConnectablePattern || ds[0].Severity != Error {
		t.Errorf("got %+v", ds[0])
	}
}

func TestC4_InvalidIDIsAnError(t *testing.T) {
	runParseCases(t, []parseCase{
		{name: "badid (Chromium ErrorBadID)", src: mv3(`"externally_connectable": {"ids": ["abcdefghijklmnopabcdefghijklmnop", "badid"]}`),
			want: []string{"manifest.json:2:72: error: Invalid ID 'badid'"},
			check: func(t *testing.T, m *Manifest) {
				eq(t, "IDs", m.ExternallyConnectable.IDs, []string{"abcdefghijklmnopabcdefghijklmnop"})
			}},
		{name: "33 letters", src: mv3(`"externally_connectable": {"ids": ["abcdefghijklmnopabcdefghijklmnopa"]}`),
			want: []string{"manifest.json:2:36: error: Invalid ID 'abcdefghijklmnopabcdefghijklmnopa'"}},
		// Chromium's IdIsValid lower-cases first, so an upper-case id
		// loads; it then never equals a real (lower-case) id.
		{name: "upper case accepted", src: mv3(`"externally_connectable": {"ids": ["ABCDEFGHIJKLMNOPABCDEFGHIJKLMNOP", "*"]}`),
			check: func(t *testing.T, m *Manifest) {
				ec := m.ExternallyConnectable
				eq(t, "IDs", ec.IDs, []string{"ABCDEFGHIJKLMNOPABCDEFGHIJKLMNOP", "*"})
			}},
		{name: "ids not a list", src: mv3(`"externally_connectable": {"ids": "*"}`),
			want: []string{"manifest.json:2:35: error: externally_connectable.ids must be a list of strings"}},
	})
	_, ds := Parse([]byte(mv3(`"externally_connectable": {"ids": ["badid"]}`)), "manifest.json")
	if ds[0].ID != IDExternallyConnectableID || ds[0].Severity != Error {
		t.Errorf("got %+v", ds[0])
	}
}

func TestC4_WildcardHostsDropped(t *testing.T) {
	runParseCases(t, []parseCase{
		{name: "all_urls, *://*/*, https://*/*, file:///*",
			src: mv3(`"externally_connectable": {"matches": ["<all_urls>", "*://*/*", "https://*/*", "file:///*", "https://example.com/*"]}`),
			want: []string{
				`manifest.json:2:40: warning: Wildcard domain patterns such as "<all_urls>" are not allowed`,
				`manifest.json:2:54: warning: Wildcard domain patterns such as "*://*/*" are not allowed`,
				`manifest.json:2:65: warning: Wildcard domain patterns such as "https://*/*" are not allowed`,
				`manifest.json:2:80: warning: Wildcard domain patterns such as "file:///*" are not allowed`,
			},
			check: func(t *testing.T, m *Manifest) {
				eq(t, "Matches", patternStrings(m.ExternallyConnectable.Matches), []string{"https://example.com/*"})
			}},
		{name: "kept with externally_connectable.all_urls",
			src:  mv3(`"permissions": ["externally_connectable.all_urls"], "externally_connectable": {"matches": ["<all_urls>", "https://*/*", "file:///*"]}`),
			want: []string{`manifest.json:2:121: warning: Wildcard domain patterns such as "file:///*" are not allowed`},
			check: func(t *testing.T, m *Manifest) {
				eq(t, "Matches", patternStrings(m.ExternallyConnectable.Matches), []string{"<all_urls>", "https://*/*"})
				eq(t, "MatchesURL", m.ExternallyConnectable.MatchesURL("https://anything.example/"), true)
			}},
	})
	_, ds := Parse([]byte(mv3(`"externally_connectable": {"matches": ["<all_urls>"]}`)), "manifest.json")
	if ds[0].ID != IDExternallyConnectableWildcard || ds[0].Severity != Warning {
		t.Errorf("got %+v", ds[0])
	}
}

func TestC4_EffectiveTLDWildcardsDropped(t *testing.T) {
	runParseCases(t, []parseCase{
		{name: "*.com, *.co.uk, *.appspot.com",
			src: mv3(`"externally_connectable": {"matches": ["http://*.com/*", "http://*.co.uk/*", "https://*.appspot.com/*", "https://*.notatld/*"]}`),
			want: []string{
				`manifest.json:2:40: warning: "com" is an effective top level domain for which wildcard subdomains such as "http://*.com/*" are not allowed`,
				`manifest.json:2:58: warning: "co.uk" is an effective top level domain for which wildcard subdomains such as "http://*.co.uk/*" are not allowed`,
				`manifest.json:2:78: warning: "appspot.com" is an effective top level domain for which wildcard subdomains such as "https://*.appspot.com/*" are not allowed`,
				`manifest.json:2:105: warning: "notatld" is an effective top level domain for which wildcard subdomains such as "https://*.notatld/*" are not allowed`,
			},
			check: func(t *testing.T, m *Manifest) { eq(t, "Matches", len(m.ExternallyConnectable.Matches), 0) }},
		{name: "appspot.com itself and subdomains of real domains are fine",
			src: mv3(`"externally_connectable": {"matches": ["https://appspot.com/*", "https://*.example.co.uk/*", "https://*.myapp.appspot.com/*", "http://*.127.0.0.1/*"]}`),
			check: func(t *testing.T, m *Manifest) {
				eq(t, "Matches", patternStrings(m.ExternallyConnectable.Matches),
					[]string{"https://appspot.com/*", "https://*.example.co.uk/*", "https://*.myapp.appspot.com/*", "http://*.127.0.0.1/*"})
			}},
		{name: "the permission does not allow eTLD wildcards",
			src:  mv3(`"permissions": ["externally_connectable.all_urls"], "externally_connectable": {"matches": ["https://*.com/*"]}`),
			want: []string{`manifest.json:2:92: warning: "com" is an effective top level domain for which wildcard subdomains such as "https://*.com/*" are not allowed`}},
	})
	_, ds := Parse([]byte(mv3(`"externally_connectable": {"matches": ["http://*.com/*"]}`)), "manifest.json")
	if ds[0].ID != IDExternallyConnectableETLD || ds[0].Severity != Warning {
		t.Errorf("got %+v", ds[0])
	}
}

func TestC4_NeitherMatchesNorIDs(t *testing.T) {
	runParseCases(t, []parseCase{
		{name: "empty object", src: mv3(`"externally_connectable": {}`),
			want: []string{"manifest.json:2:27: warning: 'externally_connectable' specifies neither 'matches' nor 'ids'; nothing will be able to connect"},
			check: func(t *testing.T, m *Manifest) {
				ec := m.ExternallyConnectable
				if ec == nil || ec.IDs != nil || ec.AllowsID("abcdefghijklmnopabcdefghijklmnop") || ec.MatchesURL("https://example.com/") {
					t.Errorf("ExternallyConnectable = %+v", ec)
				}
			}},
		{name: "only accepts_tls_channel_id", src: mv3(`"externally_connectable": {"accepts_tls_channel_id": true}`),
			want: []string{"manifest.json:2:27: warning: 'externally_connectable' specifies neither 'matches' nor 'ids'; nothing will be able to connect"},
			check: func(t *testing.T, m *Manifest) {
				eq(t, "AcceptsTLSChannelID", m.ExternallyConnectable.AcceptsTLSChannelID, true)
			}},
		{name: "empty lists are specified", src: mv3(`"externally_connectable": {"ids": [], "matches": []}`),
			check: func(t *testing.T, m *Manifest) { eq(t, "IDs", m.ExternallyConnectable.IDs, []string{}) }},
		{name: "not an object", src: mv3(`"externally_connectable": ["*"]`),
			want: []string{"manifest.json:2:27: error: externally_connectable must be an object"}},
		{name: "accepts_tls_channel_id wrong type", src: mv3(`"externally_connectable": {"ids": ["*"], "accepts_tls_channel_id": "yes"}`),
			want: []string{"manifest.json:2:68: error: externally_connectable.accepts_tls_channel_id must be a boolean"}},
	})
	_, ds := Parse([]byte(mv3(`"externally_connectable": {}`)), "manifest.json")
	if ds[0].ID != IDExternallyConnectableEmpty || ds[0].Severity != Warning {
		t.Errorf("got %+v", ds[0])
	}
}

// The parsed policy answers rule C2's questions.
func TestC4_PolicyQueries(t *testing.T) {
	m, ds := Parse([]byte(mv3(`"externally_connectable": {"ids": ["abcdefghijklmnopabcdefghijklmnop"], "matches": ["https://*.example.com/*", "http://localhost:8080/*"]}`)), "manifest.json")
	if len(ds) != 0 {
		t.Fatal(ds)
	}
	ec := m.ExternallyConnectable
	for id, want := range map[string]bool{
		"abcdefghijklmnopabcdefghijklmnop": true,
		"bbcdefghijklmnopabcdefghijklmnop": false,
		"ABCDEFGHIJKLMNOPABCDEFGHIJKLMNOP": false,
		"*":                                false,
	} {
		if got := ec.AllowsID(id); got != want {
			t.Errorf("AllowsID(%q) = %v, want %v", id, got, want)
		}
	}
	for url, want := range map[string]bool{
		"https://example.com/":        true,
		"https://app.example.com/x?y": true,
		"http://app.example.com/":     false,
		"http://localhost:8080/page":  true,
		"http://localhost:8081/page":  false,
		"https://example.org/":        false,
	} {
		if got := ec.MatchesURL(url); got != want {
			t.Errorf("MatchesURL(%q) = %v, want %v", url, got, want)
		}
	}
	all, _ := Parse([]byte(mv3(`"externally_connectable": {"ids": ["*"]}`)), "manifest.json")
	if !all.ExternallyConnectable.AllowsID("bbcdefghijklmnopabcdefghijklmnop") {
		t.Error(`"*" does not allow every id`)
	}
	var none *ExternallyConnectable
	if none.AllowsID("x") || none.MatchesURL("https://example.com/") {
		t.Error("nil ExternallyConnectable allows")
	}
}
