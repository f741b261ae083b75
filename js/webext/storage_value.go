package webext

import (
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/extsim/extsim/router/serial"
)

// storageChromeMaxDepth is V8ValueConverter's kMaxRecursionDepth: deeper
// values convert to nothing.
const storageChromeMaxDepth = 100

// storageChromeConv converts a value read from JavaScript (a structured-
// clone reading, so no toJSON was called) the way Chrome's bindings convert
// an "any" argument (content::V8ValueConverter), into the JSON values
// Chrome keeps: Null, Bool, Number, String, *Array and *Object.
type storageChromeConv struct {
	path []serial.Value // the containers being converted, for cycles
}

// value returns the converted value, or ok false where V8ValueConverter
// returns nothing (a property is then dropped, an array element is null).
func (c *storageChromeConv) value(v serial.Value, depth int) (out serial.Value, ok bool) {
	if depth > storageChromeMaxDepth {
		return nil, false
	}
	switch t := v.(type) {
	case nil, serial.Undefined, serial.BigInt, serial.Symbol, serial.Function:
		return nil, false
	case serial.Null, serial.Bool:
		return t, true
	case serial.String:
		return serial.String(storageChromeString(string(t))), true
	case serial.Number:
		f := float64(t)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, false
		}
		if f == 0 {
			return serial.Number(0), true // -0 becomes the integer 0
		}
		return t, true
	case *serial.Array:
		if t == nil {
			return serial.Null{}, true
		}
		if slices.Contains(c.path, serial.Value(t)) {
			return serial.Null{}, true
		}
		c.path = append(c.path, t)
		defer func() { c.path = c.path[:len(c.path)-1] }()
		a := &serial.Array{Elems: make([]serial.Value, len(t.Elems))}
		for i, e := range t.Elems {
			ev, ok := c.value(e, depth+1)
			if !ok {
				ev = serial.Null{} // holes and unconvertible elements
			}
			a.Elems[i] = ev
		}
		return a, true
	case *serial.Object:
		if t == nil {
			return serial.Null{}, true
		}
		if slices.Contains(c.path, serial.Value(t)) {
			return serial.Null{}, true
		}
		c.path = append(c.path, t)
		defer func() { c.path = c.path[:len(c.path)-1] }()
		o := &serial.Object{}
		for _, p := range t.Props {
			pv, ok := c.value(p.Value, depth+1)
			if !ok {
				continue
			}
			o.Props = append(o.Props, serial.Prop{Key: storageChromeString(p.Key), Value: pv})
		}
		// base::Value dictionaries are sorted by key.
		slices.SortStableFunc(o.Props, func(x, y serial.Prop) int { return strings.Compare(x.Key, y.Key) })
		return o, true
	}
	// Dates, RegExps, Maps, Sets, Errors, buffers, typed arrays and host
	// objects: their own enumerable properties, which a reading of them
	// does not keep (there rarely are any).
	return &serial.Object{}, true
}

// storageChromeString is s as Chrome keeps it: UTF-8, with each lone
// surrogate (kept by serial as WTF-8) replaced by U+FFFD.
func storageChromeString(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n <= 1 {
			if i+2 < len(s) && s[i] == 0xED && s[i+1] >= 0xA0 && s[i+1] <= 0xBF {
				n = 3 // a surrogate's 3-byte form
			} else {
				n = 1
			}
			b.WriteRune(utf8.RuneError)
			i += n
			continue
		}
		b.WriteString(s[i : i+n])
		i += n
	}
	return b.String()
}

// storageChromeSize is the length of v written by base::JSONWriter, which
// Chrome's quota enforcer counts: numbers that are not int32 are doubles and
// get ".0" when integral, and strings escape "<", U+2028 and U+2029.
func storageChromeSize(v serial.Value) int {
	switch t := v.(type) {
	case serial.Bool:
		if t {
			return 4
		}
		return 5
	case serial.Number:
		f := float64(t)
		text := string(serial.EncodeJSON(t))
		if f == math.Trunc(f) && (f < math.MinInt32 || f > math.MaxInt32) && !strings.ContainsAny(text, ".eE") {
			return len(text) + 2
		}
		return len(text)
	case serial.String:
		return storageChromeStringSize(string(t))
	case *serial.Array:
		if t == nil {
			return 4
		}
		n := 2 + max(len(t.Elems)-1, 0)
		for _, e := range t.Elems {
			n += storageChromeSize(e)
		}
		return n
	case *serial.Object:
		if t == nil {
			return 4
		}
		n := 2 + max(len(t.Props)-1, 0)
		for _, p := range t.Props {
			n += storageChromeStringSize(p.Key) + 1 + storageChromeSize(p.Value)
		}
		return n
	}
	return 4 // null
}

func storageChromeStringSize(s string) int {
	n := 2
	for _, r := range s {
		switch {
		case r == '"' || r == '\\' || r == '\b' || r == '\f' || r == '\n' || r == '\r' || r == '\t':
			n += 2
		case r < 0x20 || r == '<' || r == 0x2028 || r == 0x2029:
			n += 6
		default:
			n += utf8.RuneLen(r)
		}
	}
	return n
}
