package serial

import (
	"math"
	"strconv"
	"unicode/utf8"
)

// v8MaxStringLength is V8's String::kMaxLength on 64-bit platforms, in
// UTF-16 code units. JSON.stringify throws a RangeError ("Invalid string
// length") when its result would be longer, which Chrome reports as a
// serialization failure. Besides fidelity, the bound keeps the size walk
// finite for DAGs that share subtrees exponentially often.
const v8MaxStringLength = 1<<29 - 24

// serializeJSON implements Serialize(JSON, ...). A first walk measures the
// JSON text without building it, finds the errors JSON.stringify would throw
// (in the same traversal order), and notes whether v is already a JSON-only
// tree. Only when it is not does a second walk build the converted value.
func serializeJSON(v Value, limit int) (Message, error) {
	w := jsonWalker{strict: true, safe: true, maxUnits: v8MaxStringLength}
	w.top(v)
	if w.failed {
		return Message{Format: JSON}, &SerializeError{Reason: Unserializable, Type: w.errType}
	}
	if limit > 0 && w.n > limit {
		return Message{Format: JSON}, &SerializeError{Reason: TooLarge, Size: w.n, Limit: limit}
	}
	out := v
	if !w.safe {
		var b jsonBuilder
		out = b.top(v)
	}
	return Message{Format: JSON, Value: out, Size: w.n}, nil
}

// encodeJSON implements EncodeJSON: a measuring walk sizes the buffer, and a
// second walk fills it, so the text is allocated once.
func encodeJSON(v Value) []byte {
	m := jsonWalker{}
	m.top(v)
	w := jsonWalker{emit: true, buf: make([]byte, 0, m.n)}
	w.top(v)
	return w.buf
}

// jsonWalker walks a Value as JSON.stringify (ECMA-262 25.5.2.2) would,
// either measuring the text (emit false) or appending it to buf.
//
// In strict mode (Serialize) the first error stops the walk; otherwise
// (EncodeJSON) null is written where JSON.stringify would throw, so that
// EncodeJSON is total. Cycle detection is needed in both modes, or a cyclic
// value would never finish.
type jsonWalker struct {
	emit   bool
	strict bool
	buf    []byte
	n      int // bytes of text so far
	units  int // UTF-16 code units of text so far (strict mode only)

	maxUnits int // strict mode: fail with "length" beyond this

	// safe stays true while v needs no conversion: Serialize may return v
	// itself. Once false, seen is no longer maintained.
	safe bool
	seen ptrSet // containers met so far, to spot shared references

	path  pathSet // containers on the current path, to spot cycles
	depth int     // containers ({ or [) currently open

	failed  bool
	errType string
}

// fail records that JSON.stringify would throw here (strict mode), or
// writes null in place of the offending value (lenient mode).
func (w *jsonWalker) fail(typ string) {
	if w.strict {
		if !w.failed {
			w.failed = true
			w.errType = typ
		}
		return
	}
	w.raw("null")
}

// raw appends ASCII text.
func (w *jsonWalker) raw(s string) {
	if w.emit {
		w.buf = append(w.buf, s...)
	}
	w.n += len(s)
	w.units += len(s)
}

// str appends s as a JSON string literal.
func (w *jsonWalker) str(s string) {
	if w.emit {
		old := len(w.buf)
		w.buf = appendJSONString(w.buf, s)
		w.n += len(w.buf) - old
		return
	}
	n, u := jsonStringSize(s)
	w.n += n
	w.units += u
}

// number appends a finite number other than -0.
func (w *jsonWalker) number(f float64) {
	var tmp [32]byte
	d := appendJSNumber(tmp[:0], f)
	if w.emit {
		w.buf = append(w.buf, d...)
	}
	w.n += len(d)
	w.units += len(d)
}

// resolveToJSON applies a precomputed toJSON result (SerializeJSONProperty
// step 2). The result is not resolved again: JS calls toJSON once.
func resolveToJSON(v Value) (Value, bool) {
	if o, ok := v.(*Object); ok && o != nil && o.ToJSON != nil {
		return o.ToJSON, true
	}
	return v, false
}

// absentInJSON reports whether JSON.stringify produces no text for v (it
// returns undefined): undefined, functions and symbols. A nil Value counts
// as undefined.
func absentInJSON(v Value) bool {
	switch v.(type) {
	case nil, Undefined, Function, Symbol:
		return true
	}
	return false
}

// top walks the whole message. Chrome sends a top-level undefined as null
// (rule F2) but fails when JSON.stringify returns undefined for anything else:
// a function, a symbol, or a toJSON that returns one of those or undefined
// (rule F3).
func (w *jsonWalker) top(v Value) {
	r, replaced := resolveToJSON(v)
	if replaced {
		w.safe = false
	}
	switch r.(type) {
	case nil, Undefined:
		if replaced {
			w.fail("undefined")
		} else {
			w.safe = false
			w.raw("null")
		}
	case Function:
		w.fail("Function")
	case Symbol:
		w.fail("Symbol")
	default:
		w.value(r, replaced)
	}
	if w.strict && w.units > w.maxUnits {
		w.fail("length")
	}
}

// value walks r, a toJSON-resolved value that is not absent. replaced says
// r came from a toJSON call: then a Date is not converted again (JS calls
// toJSON once per value, and Date's conversion is its toJSON method), and
// is written as the empty object it is.
func (w *jsonWalker) value(r Value, replaced bool) {
	if w.strict && w.units > w.maxUnits {
		w.fail("length")
		return
	}
	switch x := r.(type) {
	case Null:
		w.raw("null")
	case Bool:
		if x {
			w.raw("true")
		} else {
			w.raw("false")
		}
	case Number:
		w.jsonNumber(float64(x))
	case String:
		w.str(string(x))
	case BigInt:
		w.fail("BigInt")
	case *Object:
		if x == nil {
			w.nilPointer()
			return
		}
		w.object(x)
	case *Array:
		if x == nil {
			w.nilPointer()
			return
		}
		w.array(x)
	case *Date:
		if x == nil {
			w.nilPointer()
			return
		}
		// Date.prototype.toJSON: toISOString, or null for an invalid date.
		w.safe = false
		if replaced {
			w.emptyObject()
			return
		}
		var tmp [40]byte
		if d, ok := appendISODate(tmp[:0], x.Time); ok {
			w.n += len(d) + 2
			w.units += len(d) + 2
			if w.emit {
				w.buf = append(w.buf, '"')
				w.buf = append(w.buf, d...)
				w.buf = append(w.buf, '"')
			}
		} else {
			w.raw("null")
		}
	case *TypedArray:
		if x == nil {
			w.nilPointer()
			return
		}
		w.safe = false
		w.typedArray(x)
	case *Map, *Set, *RegExp, *Error, *ArrayBuffer, HostObject:
		// No own enumerable string-keyed properties: "{}".
		if isNilPointer(x) {
			w.nilPointer()
			return
		}
		w.safe = false
		w.emptyObject()
	default:
		// Unreachable for this package's types; be total anyway.
		w.safe = false
		w.raw("null")
	}
}

// nilPointer handles a typed nil pointer, which no JS value maps to: it is
// written as null.
func (w *jsonWalker) nilPointer() {
	w.safe = false
	w.raw("null")
}

// jsonNumber writes a number: NaN and ±Infinity become null, -0 becomes 0.
func (w *jsonWalker) jsonNumber(f float64) {
	switch {
	case math.IsNaN(f) || math.IsInf(f, 0):
		w.safe = false
		w.raw("null")
	case f == 0 && math.Signbit(f):
		w.safe = false
		w.raw("0")
	default:
		w.number(f)
	}
}

// open enters a container: it checks the depth bound and writes the bracket.
func (w *jsonWalker) open(bracket string) bool {
	if w.strict && w.depth >= maxDepth {
		w.fail("depth")
		return false
	}
	w.depth++
	w.raw(bracket)
	return true
}

func (w *jsonWalker) close(bracket string) {
	w.depth--
	w.raw(bracket)
}

func (w *jsonWalker) emptyObject() {
	if w.open("{") {
		w.close("}")
	}
}

// enter does the cycle and sharing bookkeeping for a container about to be
// walked. It reports false if the container closes a cycle.
func (w *jsonWalker) enter(p Value) bool {
	if w.path.has(p) {
		w.fail("cycle")
		return false
	}
	if w.safe {
		// A reference met twice must become two separate trees in the
		// message, as JSON.parse would give the receiver.
		if w.seen.index(p) >= 0 {
			w.safe = false
		} else {
			w.seen.add(p)
		}
	}
	w.path.push(p)
	return true
}

func (w *jsonWalker) object(o *Object) {
	if !w.enter(o) {
		return
	}
	if o.ToJSON != nil {
		// o is itself a toJSON result; its own toJSON is not called, but
		// the message copy must not carry it.
		w.safe = false
	}
	if !w.open("{") {
		return
	}
	first := true
	for _, p := range o.Props {
		r, replaced := resolveToJSON(p.Value)
		if absentInJSON(r) {
			w.safe = false
			continue
		}
		if replaced {
			w.safe = false
		}
		if !first {
			w.raw(",")
		}
		first = false
		w.str(p.Key)
		w.raw(":")
		w.value(r, replaced)
		if w.failed {
			return
		}
	}
	w.close("}")
	w.path.pop(o)
}

func (w *jsonWalker) array(a *Array) {
	if !w.enter(a) {
		return
	}
	if a.Props != nil {
		w.safe = false // JSON only writes the elements
	}
	if !w.open("[") {
		return
	}
	for i, e := range a.Elems {
		if i > 0 {
			w.raw(",")
		}
		r, replaced := resolveToJSON(e)
		if absentInJSON(r) {
			// Holes, undefined, functions and symbols become null.
			w.safe = false
			w.raw("null")
			continue
		}
		if replaced {
			w.safe = false
		}
		w.value(r, replaced)
		if w.failed {
			return
		}
	}
	w.close("]")
	w.path.pop(a)
}

// typedArray writes a typed array as JSON.stringify does: an object whose
// keys are the element indices ({"0":1,"1":2}). A DataView has no index
// properties and gives {}. A view JS could not have (out of bounds, unknown
// type) is written as {}, like a typed array whose buffer was detached.
func (w *jsonWalker) typedArray(t *TypedArray) {
	kind, size, data, ok := typedArrayView(t)
	if !ok || kind == taDataView || len(data) == 0 {
		w.emptyObject()
		return
	}
	if kind == taBigInt64 || kind == taBigUint64 {
		w.fail("BigInt")
		return
	}
	if !w.open("{") {
		return
	}
	var tmp [24]byte
	for i := 0; i*size < len(data); i++ {
		if i > 0 {
			w.raw(",")
		}
		w.raw(`"`)
		d := strconv.AppendInt(tmp[:0], int64(i), 10)
		if w.emit {
			w.buf = append(w.buf, d...)
		}
		w.n += len(d)
		w.units += len(d)
		w.raw(`":`)
		w.jsonNumber(typedArrayElem(kind, data[i*size:]))
		if w.strict && w.units > w.maxUnits {
			w.fail("length")
			return
		}
	}
	w.close("}")
}

// Classes of a non-ASCII sequence in a String, for JSON output.
const (
	seqRaw   = iota // a valid character, written as is
	seqPair         // two surrogate halves meeting: one supplementary character
	seqLone         // a lone surrogate, written as \udxxx
	seqError        // a byte that is not WTF-8, written as U+FFFD
)

// scanNonASCII classifies the sequence starting at s[i] (s[i] >= 0x80) and
// returns its length in s. The common 2- and 3-byte characters are decoded
// inline; the rest goes through decodeWTF8.
func scanNonASCII(s string, i int) (size int, class uint8) {
	c := s[i]
	if c >= 0xC2 && c <= 0xDF && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
		return 2, seqRaw
	}
	if c >= 0xE1 && c <= 0xEC && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
		return 3, seqRaw
	}
	if _, ok := surrogatePair(s, i); ok {
		return 6, seqPair
	}
	r, size := decodeWTF8(s, i)
	switch {
	case size == 3 && r >= 0xD800 && r <= 0xDFFF:
		return 3, seqLone
	case r == utf8.RuneError && size == 1:
		return 1, seqError
	}
	return size, seqRaw
}

// jsonStringSize returns the length of s as a JSON string literal (quotes
// included) in bytes and in UTF-16 code units. It mirrors appendJSONString.
func jsonStringSize(s string) (n, u int) {
	n, u = 2, 2
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c >= 0x20 && c != '"' && c != '\\':
				n++
				u++
			case c == '"' || c == '\\' || c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t':
				n += 2
				u += 2
			default:
				n += 6
				u += 6
			}
			i++
			continue
		}
		size, class := scanNonASCII(s, i)
		switch class {
		case seqRaw:
			// Escapes are ASCII, so only raw characters differ in units:
			// one each, two for a supplementary (4-byte) character.
			n += size
			u++
			if size == 4 {
				u++
			}
		case seqPair:
			n += 4
			u += 2
		case seqLone:
			n += 6
			u += 6
		case seqError:
			n += 3
			u++
		}
		i += size
	}
	return n, u
}

// appendJSONString appends s as JSON.stringify writes a string
// (QuoteJSONString, ECMA-262 25.5.2.3): ", \ and control characters
// escaped (\b \f \n \r \t, else \u00xx), lone surrogates as \udxxx, all
// else raw, including U+2028, U+2029 and DEL. Bytes that are not WTF-8
// cannot come from a JS string; each is written as U+FFFD.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0 // s[start:i] is pending raw text
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		size, class := scanNonASCII(s, i)
		switch class {
		case seqPair:
			b = append(b, s[start:i]...)
			r, _ := surrogatePair(s, i)
			b = utf8.AppendRune(b, r)
			start = i + size
		case seqLone:
			b = append(b, s[start:i]...)
			r, _ := decodeWTF8(s, i)
			b = append(b, '\\', 'u', 'd', hex[r>>8&0xF], hex[r>>4&0xF], hex[r&0xF])
			start = i + size
		case seqError:
			b = append(b, s[start:i]...)
			b = append(b, "\uFFFD"...)
			start = i + size
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// jsonBuilder builds the JSON-only message value once jsonWalker has found
// that v needs converting (and that it can be converted). Unchanged subtrees
// are reused, but every container appears at most once in the result: the
// receiver gets a tree, as JSON.parse would give it, so a reference met a
// second time is copied ("fresh" mode copies a whole subtree).
type jsonBuilder struct {
	seen ptrSet
}

func (b *jsonBuilder) top(v Value) Value {
	r, replaced := resolveToJSON(v)
	if absentInJSON(r) {
		return Null{} // only undefined gets here: the walker failed otherwise
	}
	out, _ := b.value(r, replaced, false)
	return out
}

// value converts r, a toJSON-resolved value that is not absent (replaced
// as for jsonWalker.value), and reports whether the result differs from r.
func (b *jsonBuilder) value(r Value, replaced, fresh bool) (Value, bool) {
	switch x := r.(type) {
	case Null, Bool, String:
		return r, false
	case Number:
		if v, changed := jsonNumberValue(float64(x)); changed {
			return v, true
		}
		return r, false
	case *Object:
		if x == nil {
			return Null{}, true
		}
		return b.object(x, fresh)
	case *Array:
		if x == nil {
			return Null{}, true
		}
		return b.array(x, fresh)
	case *Date:
		if x == nil {
			return Null{}, true
		}
		if replaced {
			return &Object{}, true
		}
		var tmp [40]byte
		if d, ok := appendISODate(tmp[:0], x.Time); ok {
			return String(d), true
		}
		return Null{}, true
	case *TypedArray:
		if x == nil {
			return Null{}, true
		}
		return typedArrayObject(x), true
	case *Map, *Set, *RegExp, *Error, *ArrayBuffer, HostObject:
		if isNilPointer(x) {
			return Null{}, true
		}
		return &Object{}, true
	}
	return Null{}, true
}

// first reports whether p is met for the first time, outside fresh mode.
func (b *jsonBuilder) first(p Value, fresh bool) bool {
	if fresh || b.seen.index(p) >= 0 {
		return false
	}
	b.seen.add(p)
	return true
}

func (b *jsonBuilder) object(o *Object, fresh bool) (Value, bool) {
	fresh = !b.first(o, fresh)
	copying := fresh || o.ToJSON != nil
	var out []Prop
	if copying {
		out = make([]Prop, 0, len(o.Props))
	}
	for i, p := range o.Props {
		r, replaced := resolveToJSON(p.Value)
		if absentInJSON(r) {
			if !copying {
				copying = true
				out = append(make([]Prop, 0, len(o.Props)), o.Props[:i]...)
			}
			continue
		}
		nv, changed := b.value(r, replaced, fresh)
		if (changed || replaced) && !copying {
			copying = true
			out = append(make([]Prop, 0, len(o.Props)), o.Props[:i]...)
		}
		if copying {
			out = append(out, Prop{Key: p.Key, Value: nv})
		}
	}
	if !copying {
		return o, false
	}
	return &Object{Props: out}, true
}

func (b *jsonBuilder) array(a *Array, fresh bool) (Value, bool) {
	fresh = !b.first(a, fresh)
	copying := fresh || a.Props != nil
	var out []Value
	if copying {
		out = make([]Value, 0, len(a.Elems))
	}
	for i, e := range a.Elems {
		r, replaced := resolveToJSON(e)
		var nv Value
		changed := replaced
		if absentInJSON(r) {
			nv, changed = Null{}, true
		} else {
			var c bool
			nv, c = b.value(r, replaced, fresh)
			changed = changed || c
		}
		if changed && !copying {
			copying = true
			out = append(make([]Value, 0, len(a.Elems)), a.Elems[:i]...)
		}
		if copying {
			out = append(out, nv)
		}
	}
	if !copying {
		return a, false
	}
	return &Array{Elems: out}, true
}

// typedArrayObject is the JSON form of a typed array: {"0":e0,"1":e1,...}.
// BigInt arrays never get here (the walker failed on them).
func typedArrayObject(t *TypedArray) *Object {
	kind, size, data, ok := typedArrayView(t)
	if !ok || kind == taDataView || len(data) == 0 {
		return &Object{}
	}
	props := make([]Prop, 0, len(data)/size)
	for i := 0; i*size < len(data); i++ {
		// Elements are JS numbers: NaN and ±Infinity (float arrays) become
		// null, -0 becomes 0, as for any number.
		v, _ := jsonNumberValue(typedArrayElem(kind, data[i*size:]))
		props = append(props, Prop{Key: strconv.Itoa(i), Value: v})
	}
	return &Object{Props: props}
}

// jsonNumberValue is what a number becomes in a JSON message, and whether
// that differs from the number: NaN and ±Infinity become null, -0 becomes 0.
func jsonNumberValue(f float64) (Value, bool) {
	switch {
	case math.IsNaN(f) || math.IsInf(f, 0):
		return Null{}, true
	case f == 0 && math.Signbit(f):
		return Number(0), true
	}
	return Number(f), false
}

// isNilPointer reports whether v is a typed nil pointer of one of the types
// JSON writes as {}.
func isNilPointer(v Value) bool {
	switch x := v.(type) {
	case *Map:
		return x == nil
	case *Set:
		return x == nil
	case *RegExp:
		return x == nil
	case *Error:
		return x == nil
	case *ArrayBuffer:
		return x == nil
	}
	return false
}
