package sourcemap

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func TestParseAndLookup(t *testing.T) {
	// "AAAA,SAASA": column 0 -> a.ts 0:0; column 9 -> a.ts 0:9 (S = +9).
	// Line 2 is empty; "AAEA" on line 3: line +2 -> 2:9 (the original
	// column carries over from line 1: only the generated column restarts).
	// "ACAA,EDCD": source 1 (b.js) 2:9, then column +2, source -1, line +1,
	// col -1 -> a.ts 3:8.
	m, err := Parse([]byte(`{"version":3,"sources":["a.ts","../lib/b.js"],"sourceRoot":"src",
		"names":["x"],"mappings":"AAAA,SAASA;;AAEA;ACAA,EDCD;K"}`), "chrome-extension://x/dist/app.js.map")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"chrome-extension://x/dist/src/a.ts", "chrome-extension://x/dist/lib/b.js"}
	for i := range want {
		if m.Sources[i] != want[i] {
			t.Fatalf("Sources = %q, want %q", m.Sources, want)
		}
	}
	cases := []struct {
		line, col int
		want      Position
		ok        bool
	}{
		{1, 1, Position{want[0], 1, 1}, true},
		{1, 9, Position{want[0], 1, 1}, true},
		{1, 10, Position{want[0], 1, 10}, true},
		{1, 500, Position{want[0], 1, 10}, true},
		{2, 1, Position{}, false},
		{3, 4, Position{want[0], 3, 10}, true},
		{4, 1, Position{want[1], 3, 10}, true},
		{4, 3, Position{want[0], 4, 9}, true},
		{5, 1, Position{}, false}, // a 1-field segment maps to nothing
		{6, 1, Position{}, false},
		{0, 1, Position{}, false},
	}
	for _, c := range cases {
		got, ok := m.Lookup(c.line, c.col)
		if got != c.want || ok != c.ok {
			t.Errorf("Lookup(%d, %d) = %v, %v; want %v, %v", c.line, c.col, got, ok, c.want, c.ok)
		}
	}
}

func TestParseErrors(t *testing.T) {
	cases := map[string]string{
		`{"version":2,"sources":[],"mappings":""}`:                          "version 2, want 3",
		`{"version":3,"sections":[]}`:                                       "index maps",
		`{"version":3,"sources":["a"],"mappings":"AA!A"}`:                   `line 1: invalid VLQ digit '!'`,
		`{"version":3,"sources":["a"],"mappings":"AAAg"}`:                   "line 1: truncated VLQ number",
		`{"version":3,"sources":["a"],"mappings":";ACAA"}`:                  "line 2: source index 1 out of range",
		`{"version":3,"sources":["a"],"mappings":"AA"}`:                     "a segment has 2 fields",
		`{"version":3,"sources":["a"],"mappings":"AAAAAA"}`:                 "more than 5 fields",
		`{"version":3,"sources":["a"],"mappings":"AADA"}`:                   "negative original position",
		`{"version":3,"sources":["a"],"mappings":"D"}`:                      "negative generated column",
		`{"version":3,"sources":["a"],"mappings":"gggggggggggggggggggggA"}`: "too large",
		`not json`: "invalid character",
	}
	for in, want := range cases {
		if _, err := Parse([]byte(in), ""); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Parse(%s) = %v, want an error containing %q", in, err, want)
		}
	}
}

// encodeVLQ is the inverse of decodeVLQ, for the round trip.
func encodeVLQ(b *strings.Builder, v int) {
	u := uint64(v) << 1
	if v < 0 {
		u = uint64(-v)<<1 | 1
	}
	for {
		d := u & 31
		u >>= 5
		if u != 0 {
			d |= 32
		}
		b.WriteByte(base64Digits[d])
		if u == 0 {
			return
		}
	}
}

// Random segments, encoded the way bundlers do, decode back to themselves.
func TestRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	type seg struct{ gen, src, line, col int }
	var lines [][]seg
	var b strings.Builder
	var pSrc, pLine, pCol int
	for l := 0; l < 200; l++ {
		if l > 0 {
			b.WriteByte(';')
		}
		var segs []seg
		gen := 0
		for s := 0; s < rng.IntN(6); s++ {
			if s > 0 {
				b.WriteByte(',')
			}
			d := rng.IntN(40)
			gen += d
			sg := seg{gen, rng.IntN(3), rng.IntN(5000), rng.IntN(300)}
			encodeVLQ(&b, d)
			encodeVLQ(&b, sg.src-pSrc)
			encodeVLQ(&b, sg.line-pLine)
			encodeVLQ(&b, sg.col-pCol)
			pSrc, pLine, pCol = sg.src, sg.line, sg.col
			segs = append(segs, sg)
		}
		lines = append(lines, segs)
	}
	m, err := Parse([]byte(`{"version":3,"sources":["a","b","c"],"mappings":"`+b.String()+`"}`), "")
	if err != nil {
		t.Fatal(err)
	}
	for l, segs := range lines {
		for i, s := range segs {
			if i+1 < len(segs) && segs[i+1].gen == s.gen {
				continue // a later segment at the same column wins
			}
			got, ok := m.Lookup(l+1, s.gen+1)
			want := Position{[]string{"a", "b", "c"}[s.src], s.line + 1, s.col + 1}
			if !ok || got != want {
				t.Fatalf("line %d col %d: got %v %v, want %v", l+1, s.gen+1, got, ok, want)
			}
		}
	}
}

// The decoder never panics, and what it finds is inside the map.
func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"version":3,"sources":["a.ts"],"mappings":"AAAA,SAASA;;AAEA"}`), 1, 10)
	f.Add([]byte(`{"version":3,"sources":["a","b"],"sourceRoot":"x/","mappings":"ACAA,EDCD;K;gBAAgB"}`), 2, 3)
	f.Add([]byte(`{"version":3,"sources":[null],"mappings":";;;"}`), 4, 1)
	f.Fuzz(func(t *testing.T, data []byte, line, col int) {
		m, err := Parse(data, "chrome-extension://x/app.js.map")
		if err != nil {
			return
		}
		p, ok := m.Lookup(line, col)
		if ok && (p.Line < 1 || p.Column < 1) {
			t.Fatalf("Lookup(%d, %d) = %v", line, col, p)
		}
	})
}
