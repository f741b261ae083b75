package manifest

import (
	"bytes"
	"errors"
	"reflect"
	"testing"
	"testing/fstest"
	"unicode/utf8"
)

// FuzzParse: arbitrary bytes never panic; every diagnostic of Parse has a
// position inside the input, a severity, an ID and a message; parsing is
// deterministic; and a nil Manifest always comes with an error. Seeds are
// in testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"manifest_version": 3, "name": "n", "version": "1"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, ds := Parse(data, "manifest.json")
		lines := bytes.Split(trimBOM(data), []byte("\n"))
		for _, d := range ds {
			if d.Line < 1 || d.Col < 1 {
				t.Fatalf("diagnostic without a position: %+v", d)
			}
			if d.Line > len(lines) || d.Col > utf8.RuneCount(lines[d.Line-1])+1 {
				t.Fatalf("position %d:%d outside the input: %+v", d.Line, d.Col, d)
			}
			if (d.Severity != Error && d.Severity != Warning) || d.ID == "" || d.Message == "" || d.File != "manifest.json" {
				t.Fatalf("incomplete diagnostic: %+v", d)
			}
		}
		if m == nil && !ds.HasErrors() {
			t.Fatalf("nil Manifest without an error: %v", ds)
		}
		m2, ds2 := Parse(data, "manifest.json")
		if !reflect.DeepEqual(ds, ds2) || !reflect.DeepEqual(m, m2) {
			t.Fatal("Parse is not deterministic")
		}
		// Load adds the file checks; they must not panic either.
		_, lds := Load(fstest.MapFS{"manifest.json": {Data: data}, "sw.js": {}, "dir/cs.js": {}})
		if len(lds) < len(ds) {
			t.Fatalf("Load lost diagnostics: %v vs %v", lds, ds)
		}
		if m != nil {
			for _, cs := range m.ContentScripts {
				cs.MatchesURL("https://www.example.com/path?q#f")
			}
			m.ExternallyConnectable.MatchesURL("https://example.com/")
			m.ChromeID("/ext")
		}
	})
}

// FuzzMatchPattern: ParseMatchPattern never panics and fails only with a
// *PatternError; a parsed pattern's String() re-parses to an equal pattern
// with the same String(); Matches and MatchGlob never panic; Matches implies
// MatchesIgnoringPath and <all_urls>. Seeds are in
// testdata/fuzz/FuzzMatchPattern.
func FuzzMatchPattern(f *testing.F) {
	f.Add("https://*.example.com/*", "https://www.example.com/x")
	all := MustParseMatchPattern(AllURLs)
	f.Fuzz(func(t *testing.T, pattern, url string) {
		MatchGlob(pattern, url)
		p, err := ParseMatchPattern(pattern)
		if err != nil {
			var pe *PatternError
			if !errors.As(err, &pe) || pe.Pattern != pattern || pe.Reason == "" {
				t.Fatalf("ParseMatchPattern(%q) error %#v", pattern, err)
			}
			return
		}
		s := p.String()
		q, err := ParseMatchPattern(s)
		if err != nil {
			t.Fatalf("%q.String() = %q, which does not parse: %v", pattern, s, err)
		}
		if *q != *p || q.String() != s {
			t.Fatalf("%q -> %q -> %#v, want %#v", pattern, s, *q, *p)
		}
		m := p.Matches(url)
		if m && !p.MatchesIgnoringPath(url) {
			t.Fatalf("%q matches %q but not ignoring the path", pattern, url)
		}
		if m && !all.Matches(url) {
			t.Fatalf("%q matches %q but <all_urls> does not", pattern, url)
		}
	})
}
