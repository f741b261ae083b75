package js

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"strings"

	"github.com/grafana/sobek"

	"github.com/extsim/extsim/js/sourcemap"
)

// sourceMaps remembers which scripts end with a sourceMappingURL comment
// and decodes their maps on first need, so that uncaught errors are
// reported at the original source:line:col, as a browser's console does
// for extensions that ship maps. Scripts without the comment cost one
// search of their text; maps are only read when an error needs one.
type sourceMaps struct {
	mapURL map[string]string         // script URL -> its map's URL (may be data:)
	maps   map[string]*sourcemap.Map // map URL -> decoded map; nil when unusable
}

const sourceMappingPrefix = "sourceMappingURL="

// noteScript records the map a fetched script points to, if any.
func (h *Host) noteScript(scriptURL, src string) {
	i := strings.LastIndex(src, sourceMappingPrefix)
	if i < 4 || (src[i-4:i] != "//# " && src[i-4:i] != "//@ ") {
		return
	}
	ref := src[i+len(sourceMappingPrefix):]
	if j := strings.IndexAny(ref, "\r\n"); j >= 0 {
		if strings.TrimSpace(ref[j:]) != "" {
			return // the comment must be the script's last line
		}
		ref = ref[:j]
	}
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return
	}
	if !strings.HasPrefix(ref, "data:") {
		base, err := url.Parse(scriptURL)
		if err != nil {
			return
		}
		u, err := base.Parse(ref)
		if err != nil {
			return
		}
		ref = u.String()
	}
	if h.srcMaps.mapURL == nil {
		h.srcMaps.mapURL = map[string]string{}
		h.srcMaps.maps = map[string]*sourcemap.Map{}
	}
	h.srcMaps.mapURL[scriptURL] = ref
}

// mapPosition maps a position of a script to its original source, when
// the script has a usable map.
func (h *Host) mapPosition(file string, line, col int) (sourcemap.Position, bool) {
	ref, ok := h.srcMaps.mapURL[file]
	if !ok {
		return sourcemap.Position{}, false
	}
	m, seen := h.srcMaps.maps[ref]
	if !seen {
		m = h.loadSourceMap(ref, file)
		h.srcMaps.maps[ref] = m
	}
	if m == nil {
		return sourcemap.Position{}, false
	}
	return m.Lookup(line, col)
}

// loadSourceMap fetches (or decodes a data: URL) and parses a map; a map
// that cannot be read is reported once as a console warning, like
// DevTools' "failed to load source map" notice, and ignored. Sources
// resolve against the map's URL, or the script's for an inline data: map.
func (h *Host) loadSourceMap(ref, script string) *sourcemap.Map {
	var data []byte
	var err error
	base := ref
	if strings.HasPrefix(ref, "data:") {
		data, err = decodeDataURL(ref)
		base = script
	} else {
		data, err = h.b.Fetch(ref)
	}
	var m *sourcemap.Map
	if err == nil {
		m, err = sourcemap.Parse(data, base)
	}
	if err != nil {
		where := ref
		if len(where) > 60 {
			where = where[:60] + "..."
		}
		h.console(ConsoleEntry{At: h.b.Sched.Elapsed(), Context: "extsim", Level: "warn", Text: fmt.Sprintf("DevTools failed to load source map %s: %v", where, err)})
		return nil
	}
	return m
}

// decodeDataURL returns the body of a data: URL (base64 or percent-encoded).
func decodeDataURL(ref string) ([]byte, error) {
	meta, body, ok := strings.Cut(strings.TrimPrefix(ref, "data:"), ",")
	if !ok {
		return nil, fmt.Errorf("malformed data: URL")
	}
	if strings.HasSuffix(meta, ";base64") {
		return base64.StdEncoding.DecodeString(body)
	}
	s, err := url.PathUnescape(body)
	return []byte(s), err
}

// exceptionText is ExceptionText with the location mapped through the
// script's source map, if it has one.
func (r *Realm) exceptionText(err error) string {
	text := ExceptionText(err)
	if r.Host.srcMaps.mapURL == nil {
		return text
	}
	var ex *sobek.Exception
	switch e := err.(type) {
	case *sobek.Exception:
		ex = e
	case *sobek.StackOverflowError:
		ex = &e.Exception
	default:
		return text
	}
	for _, f := range ex.Stack() {
		pos := f.Position()
		if f.SrcName() == "" || pos.Line <= 0 {
			continue
		}
		orig, ok := r.Host.mapPosition(f.SrcName(), pos.Line, pos.Column)
		if !ok {
			return text
		}
		from := fmt.Sprintf(" (at %s:%d:%d)", f.SrcName(), pos.Line, pos.Column)
		to := fmt.Sprintf(" (at %s:%d:%d)", orig.Source, orig.Line, orig.Column)
		return strings.Replace(text, from, to, 1)
	}
	return text
}
