package serial

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"math"
	"testing"
	"unicode/utf8"
)

// FuzzDecodeJSON: DecodeJSON never panics; what it decodes survives
// Serialize → EncodeJSON → DecodeJSON; and on UTF-8 input it agrees with
// encoding/json.Valid about validity.
//
// There is no documented difference to encoding/json.Valid for UTF-8 input:
// both accept RFC 8259 JSON text with any top-level value, reject a BOM, and
// cap nesting at 10000 levels. (JSON.parse itself has no depth cap.) Input
// that is not UTF-8 is outside the comparison: DecodeJSON accepts WTF-8 lone
// surrogates in strings and rejects other invalid bytes, where
// encoding/json.Valid accepts any bytes in strings.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{
		`null`, `-0`, `1e400`, `"\ud800"`, `"\ud83d\ude00"`, `{"b":1,"1":2,"b":3}`,
		`[1,[2,{"a":[]}],"x"]`, `01`, `[1,]`, `"\x"`, "\"\xed\xa0\x80\"", `{"a":1}}`,
		"\"\u2028\\u0000\"", `123456789012345678901234567890`, `[-1.5e-7, 0.1, 1e21]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		v, err := DecodeJSON(b)
		if utf8.Valid(b) && json.Valid(b) != (err == nil) {
			t.Fatalf("DecodeJSON err = %v, json.Valid = %v", err, json.Valid(b))
		}
		if err != nil {
			return
		}
		m, err := Serialize(JSON, v, 0)
		if err != nil {
			t.Fatalf("Serialize(JSON) of decoded JSON: %v", err)
		}
		text := EncodeJSON(m.Value)
		if len(text) != m.Size {
			t.Fatalf("Size %d, len(EncodeJSON) %d", m.Size, len(text))
		}
		if !json.Valid(text) {
			t.Fatalf("EncodeJSON wrote invalid JSON %q", text)
		}
		v2, err := DecodeJSON(text)
		if err != nil {
			t.Fatalf("DecodeJSON(EncodeJSON(v)) = %v for %q", err, text)
		}
		if !Equal(v2, m.Value) {
			t.Fatalf("round trip differs: %q", text)
		}
		if !hasNegZeroOrInf(v) && !Equal(v, v2) {
			t.Fatalf("round trip differs from the decoded value: %q", text)
		}
		if !bytes.Equal(EncodeJSON(v2), text) {
			t.Fatalf("EncodeJSON is not a fixed point: %q", text)
		}
	})
}

// hasNegZeroOrInf reports whether a decoded JSON value holds a number JSON
// cannot write back (-0 is written as 0, ±Infinity as null).
func hasNegZeroOrInf(v Value) bool {
	switch x := v.(type) {
	case Number:
		f := float64(x)
		return math.IsInf(f, 0) || f == 0 && math.Signbit(f)
	case *Object:
		for _, p := range x.Props {
			if hasNegZeroOrInf(p.Value) {
				return true
			}
		}
	case *Array:
		for _, e := range x.Elems {
			if hasNegZeroOrInf(e) {
				return true
			}
		}
	}
	return false
}

// FuzzUnmarshalBinary: UnmarshalBinary never panics; what it decodes
// re-marshals to bytes that decode to an equal graph; Serialize in
// structured clone mode accepts or rejects it consistently.
func FuzzUnmarshalBinary(f *testing.F) {
	f.Add(MarshalBinary(everything()))
	f.Add(MarshalBinary(Undefined{}))
	f.Add(binary.AppendUvarint([]byte{binaryVersion, tArray}, 1<<40))
	f.Add([]byte{binaryVersion, tArray, 2, tRef, 0, tHole, 0})
	f.Add([]byte{binaryVersion, tTypedArray, taInt16, tArrayBuffer, 0, 4, 1, 2, 3, 4, 2, 2})
	f.Fuzz(func(t *testing.T, b []byte) {
		v, err := UnmarshalBinary(b)
		if err != nil {
			return
		}
		b2 := MarshalBinary(v)
		v2, err := UnmarshalBinary(b2)
		if err != nil {
			t.Fatalf("re-marshaled value does not decode: %v", err)
		}
		if !Equal(v, v2) {
			t.Fatal("re-marshaled value differs")
		}
		if !bytes.Equal(MarshalBinary(v2), b2) {
			t.Fatal("MarshalBinary is not a fixed point")
		}
		checkClone(t, v)
	})
}

// checkClone runs Serialize(StructuredClone) on v and checks its result.
func checkClone(t *testing.T, v Value) {
	before := MarshalBinary(v)
	m, err := Serialize(StructuredClone, v, 0)
	if !bytes.Equal(MarshalBinary(v), before) {
		t.Fatal("Serialize(StructuredClone) mutated its input")
	}
	if err != nil {
		var se *SerializeError
		if !errors.As(err, &se) || !(se.Reason == NotCloneable || se.Reason == Unserializable && se.Type == "depth") {
			t.Fatalf("unexpected error %v", err)
		}
		return
	}
	b := MarshalBinary(m.Value)
	if len(b) != m.Size {
		t.Fatalf("Size %d, len(MarshalBinary) %d", m.Size, len(b))
	}
	back, err := UnmarshalBinary(b)
	if err != nil {
		t.Fatalf("message does not decode: %v", err)
	}
	if !Equal(back, m.Value) {
		t.Fatal("message round trip differs")
	}
	again, err := Serialize(StructuredClone, m.Value, m.Size)
	if err != nil || !sameValue(again.Value, m.Value) || again.Size != m.Size {
		t.Fatalf("Serialize is not idempotent: %v", err)
	}
	if m.Size > 1 {
		var se *SerializeError
		if _, err := Serialize(StructuredClone, v, m.Size-1); !errors.As(err, &se) || se.Reason != TooLarge {
			t.Fatalf("limit Size-1: err = %v", err)
		}
	}
}

// sameValue is identity for pointers, and equality for primitives (Number
// needs Equal: NaN != NaN).
func sameValue(a, b Value) bool {
	if _, ok := a.(Number); ok {
		return Equal(a, b)
	}
	return a == b
}

// checkJSON runs Serialize(JSON) on v and checks its result. exact says v's
// strings are well-formed WTF-8, so that the message must also survive
// EncodeJSON → DecodeJSON exactly.
func checkJSON(t *testing.T, v Value, exact bool) {
	before := MarshalBinary(v)
	m, err := Serialize(JSON, v, 0)
	if !bytes.Equal(MarshalBinary(v), before) {
		t.Fatal("Serialize(JSON) mutated its input")
	}
	if err != nil {
		var se *SerializeError
		if !errors.As(err, &se) || se.Reason != Unserializable {
			t.Fatalf("unexpected error %v", err)
		}
		// EncodeJSON stays total and writes valid JSON.
		if text := EncodeJSON(v); !json.Valid(text) {
			t.Fatalf("EncodeJSON of unserializable value wrote %q", text)
		}
		return
	}
	checkJSONOnly(t, m.Value, map[Value]bool{})
	text := EncodeJSON(m.Value)
	if len(text) != m.Size {
		t.Fatalf("Size %d, len(EncodeJSON) %d: %q", m.Size, len(text), text)
	}
	if orig := EncodeJSON(v); !bytes.Equal(orig, text) {
		t.Fatalf("EncodeJSON(v) = %q, EncodeJSON(message) = %q", orig, text)
	}
	if !json.Valid(text) {
		t.Fatalf("invalid JSON %q", text)
	}
	back, err := DecodeJSON(text)
	if err != nil {
		t.Fatalf("DecodeJSON(%q): %v", text, err)
	}
	if exact && !Equal(back, m.Value) {
		t.Fatalf("JSON round trip differs: %q", text)
	}
	if _, err := Serialize(JSON, v, m.Size); err != nil {
		t.Fatalf("at the limit: %v", err)
	}
	var se *SerializeError
	if _, err := Serialize(JSON, v, m.Size-1); m.Size > 1 && (!errors.As(err, &se) || se.Reason != TooLarge || se.Size != m.Size) {
		t.Fatalf("limit Size-1: err = %v", err)
	}
}

// FuzzSerialize builds a value graph from the fuzz input (see valueGen) and
// checks Serialize in both formats.
func FuzzSerialize(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{10, 3, 0, 5, 1, 1, 4, 2, 14, 0, 12, 3, 0, 1, 0})
	f.Add([]byte("\x0a\x04\x01\x00\x02\x17\x02\x0e\x00\x0f\x06\x13\x05\x14\x00\x02\x08"))
	f.Add([]byte{22, 10, 2, 0, 15, 1, 14, 0, 20, 1, 3, 40})
	f.Add([]byte{12, 4, 1, 6, 0, 9, 19, 1, 7, 20, 0, 2, 3, 5, 99, 3})
	f.Fuzz(func(t *testing.T, b []byte) {
		g := valueGen{b: b, budget: 48}
		v := g.value(0)
		checkJSON(t, v, !g.invalid)
		checkClone(t, v)
	})
}

// valueGen deterministically builds a Value graph from bytes: every type
// this package knows, with holes, toJSON results, shared and cyclic
// references (a container is registered before its contents are generated,
// so a back-reference may point at an ancestor). Object keys are distinct
// and in JS property order, as the JS layer would produce them. The graph is
// bounded in nodes and depth, which also bounds how often JSON writes a
// shared subtree.
type valueGen struct {
	b       []byte
	i       int
	objs    []Value
	budget  int
	invalid bool // a String holds bytes that are not WTF-8
}

func (g *valueGen) next() byte {
	if g.i >= len(g.b) {
		return 0
	}
	c := g.b[g.i]
	g.i++
	return c
}

func (g *valueGen) str() string {
	n := int(g.next() % 5)
	var s []byte
	lastHigh := false
	for range n {
		p := pick(genStrings(), int(g.next()))
		if p == "\xed\xb0\x80" && lastHigh {
			continue // keep WTF-8 well-formed: no high+low halves
		}
		if p == "\xff" {
			g.invalid = true
		}
		lastHigh = p == "\xed\xa0\x80"
		s = append(s, p...)
	}
	return string(s)
}

func (g *valueGen) number() Number {
	c := g.next()
	switch {
	case c < 100:
		return Number(pick(genNumbers(), int(c)))
	case c < 110:
		return Number(math.NaN())
	case c < 120:
		return Number(math.Inf(1 - 2*int(c&1)))
	case c < 130:
		return Number(math.Copysign(0, -1))
	case c < 200:
		return Number(float64(int8(g.next())) * math.Pow(10, float64(int8(g.next())%30)))
	}
	var raw [8]byte
	for i := range raw {
		raw[i] = g.next()
	}
	return Number(math.Float64frombits(binary.LittleEndian.Uint64(raw[:])))
}

func (g *valueGen) buffer() *ArrayBuffer {
	n := int(g.next() % 18)
	var data []byte
	if n == 17 {
		// Numbers as float64, float32 and float16 (±Inf, NaN, -0...).
		data = binary.LittleEndian.AppendUint64(data, math.Float64bits(float64(g.number())))
		data = binary.LittleEndian.AppendUint32(data, math.Float32bits(float32(g.number())))
		data = binary.LittleEndian.AppendUint16(data, []uint16{0x7c00, 0xfc00, 0x7e00, 0x8000, 0x0001, 0x7bff}[g.next()%6])
		data = append(data, 0, 0)
	} else {
		data = make([]byte, n)
		for i := range data {
			data[i] = g.next()
		}
	}
	ab := &ArrayBuffer{Data: data, Shared: g.next()%4 == 0}
	g.objs = append(g.objs, ab)
	return ab
}

func (g *valueGen) value(depth int) Value {
	if g.budget <= 0 {
		return Null{}
	}
	g.budget--
	c := g.next()
	if depth >= 6 && c%24 >= 10 {
		c = 5 // only leaves this deep
	}
	switch c % 24 {
	case 0:
		return Undefined{}
	case 1:
		return Null{}
	case 2:
		return Bool(g.next()&1 == 1)
	case 3, 4:
		return g.number()
	case 5:
		return String(g.str())
	case 6:
		return BigInt([]string{"0", "-1", "123456789012345678901234567890"}[g.next()%3])
	case 7:
		return Symbol{Description: g.str()}
	case 8:
		return Function{Name: "f"}
	case 9:
		return HostObject{Class: []string{"Location", "Window", "URL"}[g.next()%3]}
	case 10, 11:
		return g.object(depth)
	case 12, 13:
		a := &Array{}
		g.objs = append(g.objs, a)
		n := int(g.next() % 5)
		for range n {
			if g.next()%5 == 0 {
				a.Elems = append(a.Elems, nil)
			} else {
				a.Elems = append(a.Elems, g.value(depth+1))
			}
		}
		if g.next()%6 == 0 {
			a.Props = []Prop{{Key: "x", Value: g.value(depth + 1)}}
		}
		return a
	case 14, 23:
		if len(g.objs) == 0 {
			return Null{}
		}
		return g.objs[int(g.next())%len(g.objs)]
	case 15:
		d := &Date{Time: float64(g.number())}
		g.objs = append(g.objs, d)
		return d
	case 16:
		re := &RegExp{Source: g.str(), Flags: "g"}
		g.objs = append(g.objs, re)
		return re
	case 17:
		m := &Map{}
		g.objs = append(g.objs, m)
		for range int(g.next() % 3) {
			m.Entries = append(m.Entries, MapEntry{Key: g.value(depth + 1), Value: g.value(depth + 1)})
		}
		return m
	case 18:
		s := &Set{}
		g.objs = append(g.objs, s)
		for range int(g.next() % 3) {
			s.Elems = append(s.Elems, g.value(depth+1))
		}
		return s
	case 19:
		return g.buffer()
	case 20:
		t := &TypedArray{Type: pick(genTypes(), int(g.next()))}
		g.objs = append(g.objs, t)
		t.Buffer = g.buffer()
		t.Offset = int(g.next() % 9)
		t.Length = int(g.next() % 9)
		if g.next()%4 == 0 {
			t.Buffer = nil
		}
		return t
	case 21:
		e := &Error{Name: []string{"Error", "TypeError", "MyError"}[g.next()%3], Message: g.str()}
		g.objs = append(g.objs, e)
		return e
	case 22:
		o := g.object(depth)
		o.ToJSON = g.value(depth + 1)
		return o
	}
	return Null{}
}

func (g *valueGen) object(depth int) *Object {
	o := &Object{}
	g.objs = append(g.objs, o)
	used := map[string]bool{}
	for range int(g.next() % 5) {
		k := pick(genKeys(), int(g.next()))
		if used[k] {
			continue
		}
		used[k] = true
		o.Props = append(o.Props, Prop{Key: k, Value: g.value(depth + 1)})
	}
	sortIndexKeys(o.Props)
	return o
}

func genNumbers() []float64 {
	return []float64{0, 1, -1, 0.1, 1e21, 1e-7, 123456789012345680000, 5e-324, 1.7976931348623157e308, 2.5, -1e-300}
}

func genStrings() []string {
	return []string{"a", "é", "😀", "\x00", "\u2028", "\xed\xa0\x80", "\xed\xb0\x80", `"\`, "\n\x1f", "0", "10", "\xff"}
}

func genKeys() []string {
	return []string{"a", "b", "0", "1", "10", "__proto__", "", "\xed\xb0\x80k", "4294967295", "01"}
}

func genTypes() []string {
	return []string{"Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array", "Uint32Array", "Float16Array", "Float32Array", "Float64Array", "BigInt64Array", "BigUint64Array", "DataView", "Bogus"}
}

// pick returns xs[i mod len(xs)].
func pick[T any](xs []T, i int) T { return xs[i%len(xs)] }
