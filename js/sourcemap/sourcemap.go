// Package sourcemap decodes source maps (revision 3, the format bundlers
// and compilers emit next to extension code) and maps a position of the
// generated file back to the original source, so that extsim reports
// errors where the extension's author wrote the code.
//
// Only what error locations need is decoded: sources, sourceRoot and the
// mappings. Index maps ("sections") are refused with an error.
package sourcemap

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
)

// Map is a decoded source map.
type Map struct {
	// Sources are the original files, resolved against the map's URL and
	// sourceRoot when the map has a URL.
	Sources []string
	// lines[i] holds the segments of generated line i (0-based), sorted by
	// generated column.
	lines [][]segment
}

// segment maps a generated column to a place in a source; source < 0 for a
// segment that maps to nothing.
type segment struct {
	genCol, source, line, col int
}

// Position is a place in an original source: 1-based line and column, as
// browsers print them.
type Position struct {
	Source       string
	Line, Column int
}

type rawMap struct {
	Version    int              `json:"version"`
	Sources    []*string        `json:"sources"`
	SourceRoot string           `json:"sourceRoot"`
	Mappings   string           `json:"mappings"`
	Sections   *json.RawMessage `json:"sections"`
}

// Parse decodes the JSON of a source map. mapURL, when not empty, is where
// the map was found; sources are resolved against it.
func Parse(data []byte, mapURL string) (*Map, error) {
	var raw rawMap
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("sourcemap: %w", err)
	}
	if raw.Version != 3 {
		return nil, fmt.Errorf("sourcemap: version %d, want 3", raw.Version)
	}
	if raw.Sections != nil {
		return nil, errors.New("sourcemap: index maps (sections) are not supported")
	}
	m := &Map{Sources: make([]string, len(raw.Sources))}
	base, _ := url.Parse(mapURL)
	for i, s := range raw.Sources {
		if s != nil {
			m.Sources[i] = resolveSource(base, raw.SourceRoot, *s)
		}
	}
	if err := m.decodeMappings(raw.Mappings); err != nil {
		return nil, err
	}
	return m, nil
}

// resolveSource joins sourceRoot and a source and resolves the result
// against the map's URL.
func resolveSource(base *url.URL, root, src string) string {
	if root != "" && !strings.HasSuffix(root, "/") {
		root += "/"
	}
	joined := root + src
	if base == nil || base.String() == "" {
		return joined
	}
	u, err := base.Parse(joined)
	if err != nil {
		return joined
	}
	return u.String()
}

// decodeMappings decodes the "mappings" string: generated lines separated
// by ';', segments by ','; each segment 1, 4 or 5 base64 VLQ fields, the
// generated column relative to the previous segment of the line, the others
// relative to the previous segment that had them.
func (m *Map) decodeMappings(s string) error {
	var source, line, col int
	cur := []segment{}
	var fields [5]int
	for i, lineNo := 0, 0; i <= len(s); {
		if i == len(s) || s[i] == ';' {
			sort.SliceStable(cur, func(a, b int) bool { return cur[a].genCol < cur[b].genCol })
			m.lines = append(m.lines, cur)
			cur = []segment{}
			lineNo++
			i++
			continue
		}
		if s[i] == ',' {
			i++
			continue
		}
		n := 0
		for i < len(s) && s[i] != ',' && s[i] != ';' {
			if n == len(fields) {
				return fmt.Errorf("sourcemap: line %d: a segment has more than 5 fields", lineNo+1)
			}
			v, next, err := decodeVLQ(s, i)
			if err != nil {
				return fmt.Errorf("sourcemap: line %d: %w", lineNo+1, err)
			}
			fields[n], i = v, next
			n++
		}
		genCol := fields[0]
		if len(cur) > 0 {
			genCol += cur[len(cur)-1].genCol
		}
		seg := segment{genCol: genCol, source: -1}
		switch n {
		case 1:
		case 4, 5:
			source += fields[1]
			line += fields[2]
			col += fields[3]
			// fields[4], the name index, is not needed for positions.
			if source < 0 || source >= len(m.Sources) {
				return fmt.Errorf("sourcemap: line %d: source index %d out of range", lineNo+1, source)
			}
			if line < 0 || col < 0 {
				return fmt.Errorf("sourcemap: line %d: negative original position", lineNo+1)
			}
			seg.source, seg.line, seg.col = source, line, col
		default:
			return fmt.Errorf("sourcemap: line %d: a segment has %d fields, want 1, 4 or 5", lineNo+1, n)
		}
		if genCol < 0 {
			return fmt.Errorf("sourcemap: line %d: negative generated column", lineNo+1)
		}
		cur = append(cur, seg)
	}
	return nil
}

const base64Digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

// decodeVLQ reads one base64 VLQ number of s at i: 5 bits per digit, low
// bits first, bit 6 set on all but the last digit, the sign in the lowest
// bit of the result.
func decodeVLQ(s string, i int) (v, next int, err error) {
	var acc uint64
	for shift := uint(0); ; shift += 5 {
		if i >= len(s) {
			return 0, i, errors.New("truncated VLQ number")
		}
		d := strings.IndexByte(base64Digits, s[i])
		if d < 0 {
			return 0, i, fmt.Errorf("invalid VLQ digit %q", s[i])
		}
		if shift > 30 {
			return 0, i, errors.New("VLQ number too large")
		}
		i++
		acc |= uint64(d&31) << shift
		if d&32 == 0 {
			break
		}
	}
	v = int(acc >> 1)
	if acc&1 != 0 {
		v = -v
	}
	return v, i, nil
}

// Lookup maps a 1-based line and column of the generated file to the
// original source: the last segment of that line that starts at or before
// the column. ok is false when nothing maps there.
func (m *Map) Lookup(line, column int) (Position, bool) {
	if line < 1 || line > len(m.lines) {
		return Position{}, false
	}
	segs := m.lines[line-1]
	i := sort.Search(len(segs), func(i int) bool { return segs[i].genCol > column-1 }) - 1
	if i < 0 || segs[i].source < 0 {
		return Position{}, false
	}
	s := segs[i]
	return Position{Source: m.Sources[s.source], Line: s.line + 1, Column: s.col + 1}, true
}
