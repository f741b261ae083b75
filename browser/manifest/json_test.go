package manifest

import (
	"strings"
	"testing"
)

// Chrome reads manifest.json with comments; a byte order mark is allowed.
func TestParseComments(t *testing.T) {
	src := `// An extension.
{
  /* the version
     of the manifest format */
  "manifest_version": 3, // MV3
  "name": "a // not a comment", /**/ "version": "1.0" /* end */
}
// trailing comment`
	m, ds := Parse([]byte(src), "manifest.json")
	if len(ds) != 0 {
		t.Fatal(ds)
	}
	eq(t, "Name", m.Name, "a // not a comment")
	eq(t, "Version", m.Version, "1.0")
}

func TestParseBOM(t *testing.T) {
	src := "\xEF\xBB\xBF{\"manifest_version\": 3, \"name\": \"n\", \"version\": 1}"
	_, ds := Parse([]byte(src), "manifest.json")
	// The BOM is not a character an editor shows: the value is at column 49
	// as without the BOM.
	want := "manifest.json:1:49: error: version must be a string"
	if len(ds) != 1 || ds[0].String() != want {
		t.Errorf("got %v, want %s", ds, want)
	}
}

// Columns count characters, not bytes; lines end at \n (and \r\n).
func TestParsePositionsRunesAndCRLF(t *testing.T) {
	src := "{\"manifest_version\": 3, \"name\": \"héllo wörld\",\r\n  \"version\": \"1\", \"description\": 7}"
	_, ds := Parse([]byte(src), "manifest.json")
	want := "manifest.json:2:34: error: description must be a string"
	if len(ds) != 1 || ds[0].String() != want {
		t.Errorf("got %v, want %s", ds, want)
	}
	src = "{\"manifest_version\": 3, \"name\": \"日本語\", \"version\": \"1\", \"description\": 7}"
	_, ds = Parse([]byte(src), "manifest.json")
	want = "manifest.json:1:71: error: description must be a string"
	if len(ds) != 1 || ds[0].String() != want {
		t.Errorf("got %v, want %s", ds, want)
	}
}

func TestParseSyntaxErrors(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"missing comma", "{\n  \"manifest_version\": 3\n  \"name\": \"n\"\n}",
			"manifest.json:3:3: error: invalid JSON: expected ',' or '}' after object member"},
		{"missing comma in list", `{"permissions": ["a" "b"]}`,
			"manifest.json:1:22: error: invalid JSON: expected ',' or ']' after list element"},
		{"trailing comma in object", "{\n  \"name\": \"n\",\n}",
			"manifest.json:3:1: error: invalid JSON: trailing comma before '}'"},
		{"trailing comma in list", `{"permissions": ["tabs",]}`,
			"manifest.json:1:25: error: invalid JSON: trailing comma before ']'"},
		{"empty input", "",
			"manifest.json:1:1: error: invalid JSON: unexpected end of input, expected a value"},
		{"only a comment", "// nothing\n",
			"manifest.json:2:1: error: invalid JSON: unexpected end of input, expected a value"},
		{"unterminated object", `{"name": "n"`,
			"manifest.json:1:13: error: invalid JSON: unexpected end of input, expected ',' or '}' after object member"},
		{"unterminated string", `{"name": "n}`,
			"manifest.json:1:13: error: invalid JSON: unterminated string"},
		{"unterminated comment", "{\"name\": \"n\" /* oops\n}",
			"manifest.json:1:14: error: invalid JSON: unterminated /* comment"},
		{"single slash", `{"name": "n" / }`,
			"manifest.json:1:14: error: invalid JSON: unexpected '/'"},
		{"single quotes", `{'name': "n"}`,
			`manifest.json:1:2: error: invalid JSON: unexpected '\'', expected a string key in double quotes`},
		{"unquoted key", `{name: "n"}`,
			`manifest.json:1:2: error: invalid JSON: unexpected 'n', expected a string key in double quotes`},
		{"missing colon", `{"name" "n"}`,
			"manifest.json:1:9: error: invalid JSON: expected ':' after object key"},
		{"bad escape", `{"name": "a\qb"}`,
			`manifest.json:1:12: error: invalid JSON: invalid escape sequence in string: '\' followed by 'q'`},
		{"bad unicode escape", `{"name": "\u12G4"}`,
			`manifest.json:1:11: error: invalid JSON: invalid \u escape in string (expected 4 hex digits)`},
		{"control character", "{\"name\": \"a\tb\"}",
			"manifest.json:1:12: error: invalid JSON: control character byte 0x09 in string (escape it)"},
		{"raw newline in string", "{\"name\": \"a\nb\"}",
			"manifest.json:1:12: error: invalid JSON: control character byte 0x0a in string (escape it)"},
		{"invalid UTF-8", "{\"name\": \"a\xffb\"}",
			"manifest.json:1:12: error: invalid JSON: invalid UTF-8 in string"},
		{"leading zero", `{"manifest_version": 03}`,
			"manifest.json:1:23: error: invalid JSON: expected ',' or '}' after object member"},
		{"plus sign", `{"manifest_version": +3}`,
			`manifest.json:1:22: error: invalid JSON: unexpected '+', expected a value`},
		{"bare minus", `{"manifest_version": -}`,
			"manifest.json:1:23: error: invalid JSON: invalid number: expected a digit"},
		{"fraction without digits", `{"manifest_version": 3.}`,
			"manifest.json:1:24: error: invalid JSON: invalid number: expected a digit after '.'"},
		{"exponent without digits", `{"manifest_version": 3e}`,
			"manifest.json:1:24: error: invalid JSON: invalid number: expected a digit in the exponent"},
		{"NaN", `{"manifest_version": NaN}`,
			"manifest.json:1:22: error: invalid JSON: unexpected 'N', expected a value"},
		{"bad literal", `{"a": tru}`,
			"manifest.json:1:7: error: invalid JSON: unexpected 't', expected a value"},
		{"two values", `{} {}`,
			"manifest.json:1:4: error: invalid JSON: unexpected '{' after the top-level value"},
		{"nul byte", "{}\x00",
			"manifest.json:1:3: error: invalid JSON: unexpected byte 0x00 after the top-level value"},
		{"too deep", strings.Repeat("[", 201) + strings.Repeat("]", 201),
			"manifest.json:1:201: error: invalid JSON: nesting deeper than 200 levels"},
	}
	for _, tt := range tests {
		m, ds := Parse([]byte(tt.src), "manifest.json")
		if m != nil {
			t.Errorf("%s: Manifest not nil", tt.name)
		}
		if len(ds) != 1 || ds[0].String() != tt.want || ds[0].ID != IDSyntax {
			t.Errorf("%s: got %v\nwant %s", tt.name, ds, tt.want)
		}
	}
}

func TestParseJSONValues(t *testing.T) {
	// Escapes, surrogate pairs, lone surrogates, numbers and nesting parse.
	src := `{"manifest_version": 2, "name": "\"q\" \\ \/ \b\f\n\r\t \u00e9 \ud83d\ude00 \ud800", "version": "1",
	"x_numbers": [0, -1, 1.5, -0.25e+10, 2E-3, 1e999], "x_nested": {"a": [[], {}, [null, true, false]]}}`
	m, ds := Parse([]byte(src), "manifest.json")
	eq(t, "Name", m.Name, "\"q\" \\ / \b\f\n\r\t é 😀 \uFFFD")
	var unknown int
	for _, d := range ds {
		if d.ID == IDUnknownKey {
			unknown++
		} else {
			t.Errorf("unexpected %v", d)
		}
	}
	eq(t, "unknown keys", unknown, 2)
}

func TestParseDuplicateKeysNested(t *testing.T) {
	src := mv3(`"background": {"service_worker": "a.js", "service_worker": "b.js"}`)
	m, ds := Parse([]byte(src), "manifest.json")
	want := `manifest.json:2:42: warning: duplicate key "service_worker": the last value wins`
	if len(ds) != 1 || ds[0].String() != want || ds[0].ID != IDDuplicateKey {
		t.Errorf("got %v, want %s", ds, want)
	}
	eq(t, "ServiceWorker", m.Background.ServiceWorker, "b.js")
}

func TestDiagnostics(t *testing.T) {
	ds := Diagnostics{
		{Severity: Warning, ID: IDUnknownKey, File: "manifest.json", Line: 2, Col: 3, Message: "w"},
		{Severity: Error, ID: IDType, File: "manifest.json", Line: 7, Col: 15, Message: "background.service_worker must be a string"},
		{Severity: Error, ID: IDMissingFile, File: "manifest.json", Message: "no position"},
	}
	eq(t, "String", ds[1].String(), "manifest.json:7:15: error: background.service_worker must be a string")
	eq(t, "String without position", ds[2].String(), "manifest.json: error: no position")
	eq(t, "HasErrors", ds.HasErrors(), true)
	eq(t, "Warnings().HasErrors", ds.Warnings().HasErrors(), false)
	eq(t, "Errors", len(ds.Errors()), 2)
	eq(t, "Warnings", len(ds.Warnings()), 1)
	eq(t, "Error", ds.Error(), "manifest.json:2:3: warning: w\nmanifest.json:7:15: error: background.service_worker must be a string\nmanifest.json: error: no position")
	var err error = ds.Errors()
	eq(t, "as error", err.Error(), "manifest.json:7:15: error: background.service_worker must be a string\nmanifest.json: error: no position")
	eq(t, "Severity(0)", Severity(0).String(), "severity(0)")
}
