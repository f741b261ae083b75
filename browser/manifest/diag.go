package manifest

import (
	"fmt"
	"sort"
	"strings"
)

// Severity says whether a diagnostic stops the extension from loading.
type Severity uint8

const (
	// Error: a browser refuses to load the extension.
	Error Severity = iota + 1
	// Warning: the browser loads the extension and shows an install
	// warning (or says nothing), usually ignoring the offending key.
	Warning
)

func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	default:
		return fmt.Sprintf("severity(%d)", uint8(s))
	}
}

// Diagnostic IDs. They are stable so that tools and tests can match on them
// rather than on message text, which may be improved.
const (
	IDSyntax       = "manifest.syntax"        // not valid JSON (with comments)
	IDType         = "manifest.type"          // a value of the wrong JSON type
	IDRequired     = "manifest.required"      // a required key is missing
	IDValue        = "manifest.value"         // right type, invalid value
	IDUnknownKey   = "manifest.unknown-key"   // unrecognized top-level key
	IDDuplicateKey = "manifest.duplicate-key" // a key repeated in one object
	IDMissingFile  = "manifest.missing-file"  // a referenced file is absent
	IDMatchPattern = "manifest.match-pattern" // an invalid match pattern
	IDPermission   = "manifest.permission"    // a permission that is dropped
	// IDManifestVersionKey: a key that belongs to the other manifest
	// version (e.g. browser_action in MV3); Chrome warns and ignores it.
	IDManifestVersionKey = "manifest.manifest-version-key"
	// IDBackground: the background declaration will not run in one of the
	// browsers (e.g. Chrome needs background.service_worker in MV3).
	IDBackground = "manifest.background"
	// IDGeckoID: browser_specific_settings.gecko.id is not a valid Firefox
	// add-on id. A warning because only Firefox cares.
	IDGeckoID = "manifest.gecko-id"

	// externally_connectable (Chromium rule C4).
	IDExternallyConnectablePattern  = "manifest.externally-connectable.pattern"  // error: Invalid match pattern
	IDExternallyConnectableID       = "manifest.externally-connectable.id"       // error: Invalid ID
	IDExternallyConnectableWildcard = "manifest.externally-connectable.wildcard" // warning: pattern dropped
	IDExternallyConnectableETLD     = "manifest.externally-connectable.etld"     // warning: pattern dropped
	IDExternallyConnectableEmpty    = "manifest.externally-connectable.empty"    // warning: nothing can connect
)

// Diagnostic is one problem found in a manifest.
type Diagnostic struct {
	Severity Severity
	// ID is stable, e.g. "manifest.type"; see the ID constants.
	ID string
	// File is the file the position refers to, usually "manifest.json".
	File string
	// Line and Col are 1-based and locate the offending value (the key for
	// duplicate and unknown keys). Col counts Unicode characters from the
	// start of the line. Both are 0 when there is no position, e.g. when
	// manifest.json cannot be read.
	Line, Col int
	// Message says what is wrong, naming the key path, e.g.
	// "background.service_worker must be a string".
	Message string
}

// String formats d like a compiler message:
// "manifest.json:7:15: error: background.service_worker must be a string".
func (d Diagnostic) String() string {
	if d.Line > 0 {
		return fmt.Sprintf("%s:%d:%d: %s: %s", d.File, d.Line, d.Col, d.Severity, d.Message)
	}
	return fmt.Sprintf("%s: %s: %s", d.File, d.Severity, d.Message)
}

// Diagnostics is the list of problems found in a manifest, in the order of
// their positions in the file. It implements error so that a caller can
// return ds.Errors() when ds.HasErrors().
type Diagnostics []Diagnostic

// HasErrors reports whether any diagnostic is an Error, that is whether a
// browser would refuse to load the extension.
func (ds Diagnostics) HasErrors() bool {
	for _, d := range ds {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Errors returns the diagnostics of severity Error.
func (ds Diagnostics) Errors() Diagnostics { return ds.filter(Error) }

// Warnings returns the diagnostics of severity Warning.
func (ds Diagnostics) Warnings() Diagnostics { return ds.filter(Warning) }

func (ds Diagnostics) filter(s Severity) Diagnostics {
	var out Diagnostics
	for _, d := range ds {
		if d.Severity == s {
			out = append(out, d)
		}
	}
	return out
}

// Error returns every diagnostic, one per line.
func (ds Diagnostics) Error() string {
	var b strings.Builder
	for i, d := range ds {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.String())
	}
	return b.String()
}

// sortByPosition orders diagnostics as a reader meets them in the file;
// diagnostics without a position come first. The sort is stable, so
// diagnostics at one position keep the order they were found in.
func (ds Diagnostics) sortByPosition() {
	sort.SliceStable(ds, func(i, j int) bool {
		if ds[i].Line != ds[j].Line {
			return ds[i].Line < ds[j].Line
		}
		return ds[i].Col < ds[j].Col
	})
}
