package serial

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
)

// Expected texts in this file were produced by JSON.stringify / JSON.parse in
// Node.js 20 (V8), from the equivalent JS values.

func obj(kv ...any) *Object {
	o := &Object{}
	for i := 0; i < len(kv); i += 2 {
		v, _ := kv[i+1].(Value) // nil stays a nil Value
		o.Props = append(o.Props, Prop{Key: kv[i].(string), Value: v})
	}
	return o
}

func arr(elems ...Value) *Array { return &Array{Elems: elems} }

// checkJSONMessage checks the invariants of a successful Serialize(JSON):
// the value is a JSON-only tree, Size is the length of its text, and the
// text parses back to an equal value.
func checkJSONMessage(t *testing.T, m Message) []byte {
	t.Helper()
	if m.Format != JSON {
		t.Errorf("Format = %v", m.Format)
	}
	checkJSONOnly(t, m.Value, map[Value]bool{})
	text := EncodeJSON(m.Value)
	if m.Size != len(text) {
		t.Errorf("Size = %d, len(EncodeJSON) = %d (%s)", m.Size, len(text), text)
	}
	back, err := DecodeJSON(text)
	if err != nil {
		t.Fatalf("DecodeJSON(%s): %v", text, err)
	}
	if !Equal(back, m.Value) {
		t.Errorf("DecodeJSON(EncodeJSON(v)) differs from v for %s", text)
	}
	return text
}

// checkJSONOnly checks that v holds only what JSON carries, as a tree.
func checkJSONOnly(t *testing.T, v Value, seen map[Value]bool) {
	t.Helper()
	switch x := v.(type) {
	case Null, Bool, String:
	case Number:
		f := float64(x)
		if math.IsNaN(f) || math.IsInf(f, 0) || f == 0 && math.Signbit(f) {
			t.Errorf("JSON message holds number %v", f)
		}
	case *Object:
		if seen[x] {
			t.Errorf("JSON message is not a tree: object met twice")
			return
		}
		seen[x] = true
		if x.ToJSON != nil {
			t.Errorf("JSON message holds an object with ToJSON")
		}
		for _, p := range x.Props {
			checkJSONOnly(t, p.Value, seen)
		}
	case *Array:
		if seen[x] {
			t.Errorf("JSON message is not a tree: array met twice")
			return
		}
		seen[x] = true
		if x.Props != nil {
			t.Errorf("JSON message holds array properties")
		}
		for _, e := range x.Elems {
			if e == nil {
				t.Errorf("JSON message holds a hole")
				continue
			}
			checkJSONOnly(t, e, seen)
		}
	default:
		t.Errorf("JSON message holds %T", v)
	}
}

func TestF2_JSONConversions(t *testing.T) {
	shared := obj("x", Number(1))
	buf := &ArrayBuffer{Data: []byte{1, 0, 2, 0, 0xff, 0xff, 0, 0, 0xc0, 0x7f}}
	f32 := &ArrayBuffer{Data: []byte{0, 0, 0xc0, 0x7f, 0xcd, 0xcc, 0xcc, 0x3d, 0, 0, 0, 0x80}}
	cases := []struct {
		name string
		in   Value
		want string
	}{
		{"F2/top-level undefined is null", Undefined{}, `null`},
		{"F2/nil Value is undefined", nil, `null`},
		{"F2/string undefined stays a string", String("undefined"), `"undefined"`},
		{"F2/null", Null{}, `null`},
		{"F2/true", Bool(true), `true`},
		{"F2/undefined in array is null", arr(Number(1), Undefined{}, Number(2)), `[1,null,2]`},
		{"F2/undefined property dropped", obj("a", Number(1), "b", Undefined{}), `{"a":1}`},
		{"F2/function in array is null", arr(Function{Name: "f"}), `[null]`},
		{"F2/function property dropped", obj("f", Function{}, "a", Null{}), `{"a":null}`},
		{"F2/symbol in array is null", arr(Symbol{}), `[null]`},
		{"F3/symbol-valued property dropped", obj("s", Symbol{Description: "x"}), `{}`},
		{"F2/hole is null", arr(nil, Number(1), nil), `[null,1,null]`},
		{"F2/NaN is null", Number(math.NaN()), `null`},
		{"F2/Infinity is null", arr(Number(math.Inf(1)), Number(math.Inf(-1))), `[null,null]`},
		{"F2/-0 is 0", Number(math.Copysign(0, -1)), `0`},
		{"F2/-0 nested is 0", obj("z", Number(math.Copysign(0, -1))), `{"z":0}`},
		{"F2/toJSON result replaces the object", obj("a", &Object{Props: []Prop{{"x", Number(1)}}, ToJSON: String("t")}), `{"a":"t"}`},
		{"F2/top-level toJSON", &Object{ToJSON: Number(7)}, `7`},
		{"F2/toJSON returning undefined in array is null", arr(&Object{ToJSON: Undefined{}}), `[null]`},
		{"F2/toJSON returning function as property is dropped", obj("a", &Object{ToJSON: Function{}}, "b", Bool(false)), `{"b":false}`},
		{"F2/toJSON result's toJSON is not called", arr(&Object{ToJSON: &Object{Props: []Prop{{"a", Number(1)}}, ToJSON: Number(5)}}), `[{"a":1}]`},
		{"F2/toJSON returning a Date gives {}", &Object{ToJSON: &Date{Time: 0}}, `{}`},
		{"F2/Date is an ISO string", obj("d", &Date{Time: 1767323045678}), `{"d":"2026-01-02T03:04:05.678Z"}`},
		{"F2/invalid Date is null", arr(&Date{Time: math.NaN()}), `[null]`},
		{"F2/Map and Set are {}", arr(&Map{Entries: []MapEntry{{Number(1), Number(2)}}}, &Set{Elems: []Value{Number(1)}}), `[{},{}]`},
		{"F2/RegExp Error ArrayBuffer host object are {}", arr(&RegExp{Source: "x", Flags: "g"}, &Error{Name: "Error", Message: "e"}, &ArrayBuffer{Data: []byte{1}}, HostObject{Class: "Location"}), `[{},{},{},{}]`},
		{"F2/Uint8Array is an index object", &TypedArray{Type: "Uint8Array", Buffer: buf, Offset: 0, Length: 3}, `{"0":1,"1":0,"2":2}`},
		{"F2/Int16Array view", &TypedArray{Type: "Int16Array", Buffer: buf, Offset: 2, Length: 4}, `{"0":2,"1":-1}`},
		{"F2/Float32Array NaN and -0", &TypedArray{Type: "Float32Array", Buffer: f32, Offset: 0, Length: 12}, `{"0":null,"1":0.10000000149011612,"2":0}`},
		{"F2/DataView is {}", &TypedArray{Type: "DataView", Buffer: buf, Offset: 0, Length: 4}, `{}`},
		{"F2/empty BigInt64Array is {}", &TypedArray{Type: "BigInt64Array", Buffer: buf, Offset: 0, Length: 0}, `{}`},
		{"F2/out-of-bounds view is {}", &TypedArray{Type: "Uint8Array", Buffer: buf, Offset: 8, Length: 4}, `{}`},
		{"F2/array extra properties are ignored", &Array{Elems: []Value{Number(1), Number(2)}, Props: []Prop{{"x", Number(1)}}}, `[1,2]`},
		{"F2/shared reference is written twice", arr(shared, obj("s", shared)), `[{"x":1},{"s":{"x":1}}]`},
		{"F2/numbers", arr(Number(1e21), Number(1e-7), Number(0.1), Number(-5)), `[1e+21,1e-7,0.1,-5]`},
		{"F2/escapes", String("\"\\/\b\f\n\r\t\x00\x1f\x7f"), `"\"\\/\b\f\n\r\t\u0000\u001f` + "\x7f" + `"`},
		{"F2/lone surrogates escaped", String("a\xed\xa0\x80b\xed\xbf\xbf"), `"a\ud800b\udfff"`},
		{"F2/U+2028 raw", String("\u2028\u2029é😀"), "\"\u2028\u2029é😀\""},
		{"F2/key escaping", obj("a\"\n", Number(1)), `{"a\"\n":1}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, err := Serialize(JSON, c.in, 0)
			if err != nil {
				t.Fatalf("Serialize: %v", err)
			}
			if got := string(checkJSONMessage(t, m)); got != c.want {
				t.Errorf("text = %s, want %s", got, c.want)
			}
			if got := string(EncodeJSON(c.in)); got != c.want {
				t.Errorf("EncodeJSON(input) = %s, want %s", got, c.want)
			}
		})
	}
}

// TestF2_JSONSafeValueReturnedAsIs checks that a value JSON carries unchanged
// is returned itself, and that anything needing conversion is not (the
// sender's graph is never mutated).
func TestF2_JSONSafeValueReturnedAsIs(t *testing.T) {
	safe := obj("a", Number(1), "b", arr(String("x"), Bool(true), Null{}), "c", obj())
	m, err := Serialize(JSON, safe, 0)
	if err != nil {
		t.Fatal(err)
	}
	if m.Value != Value(safe) {
		t.Errorf("JSON-safe value was copied")
	}
	unsafe := obj("a", Number(1), "b", arr(Undefined{}))
	before := MarshalBinary(unsafe)
	m, err = Serialize(JSON, unsafe, 0)
	if err != nil {
		t.Fatal(err)
	}
	if m.Value == Value(unsafe) {
		t.Errorf("value needing conversion was returned as is")
	}
	// The unchanged property value is reused, the changed array is not.
	if mo := m.Value.(*Object); mo.Props[1].Value == unsafe.Props[1].Value {
		t.Errorf("changed array was reused")
	}
	if string(MarshalBinary(unsafe)) != string(before) {
		t.Errorf("Serialize mutated its input")
	}
	// A shared reference must become two trees.
	s := obj("k", String("v"))
	m, err = Serialize(JSON, arr(s, s), 0)
	if err != nil {
		t.Fatal(err)
	}
	a := m.Value.(*Array)
	if a.Elems[0] == a.Elems[1] {
		t.Errorf("shared reference kept in JSON message")
	}
	checkJSONMessage(t, m)
}

func TestF3_JSONFailures(t *testing.T) {
	cyc := obj("a", Number(1))
	cyc.Props = append(cyc.Props, Prop{"self", cyc})
	cycArr := arr(Number(1))
	cycArr.Elems = append(cycArr.Elems, obj("up", cycArr))
	selfToJSON := &Object{}
	selfToJSON.ToJSON = obj("me", selfToJSON) // toJSON result refers back: endless in JS too
	buf := &ArrayBuffer{Data: make([]byte, 16)}
	cases := []struct {
		name string
		in   Value
		typ  string
	}{
		{"F3/top-level BigInt", BigInt("1"), "BigInt"},
		{"F3/nested BigInt", obj("a", arr(BigInt("-42"))), "BigInt"},
		{"F3/BigInt64Array", &TypedArray{Type: "BigInt64Array", Buffer: buf, Length: 8}, "BigInt"},
		{"F3/toJSON returning BigInt", arr(&Object{ToJSON: BigInt("1")}), "BigInt"},
		{"F3/top-level function", Function{Name: "f"}, "Function"},
		{"F3/top-level symbol", Symbol{}, "Symbol"},
		{"F3/top-level toJSON returning undefined", &Object{ToJSON: Undefined{}}, "undefined"},
		{"F3/top-level toJSON returning function", &Object{ToJSON: Function{}}, "Function"},
		{"F3/cyclic object", cyc, "cycle"},
		{"F3/cyclic array", cycArr, "cycle"},
		{"F3/cycle through toJSON results", selfToJSON, "cycle"},
		{"F3/first error in traversal order wins", arr(BigInt("1"), cyc), "BigInt"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Serialize(JSON, c.in, 0)
			var se *SerializeError
			if !errors.As(err, &se) {
				t.Fatalf("err = %v, want a *SerializeError", err)
			}
			if se.Reason != Unserializable || se.Type != c.typ {
				t.Errorf("err = %+v, want Unserializable %q", se, c.typ)
			}
			// EncodeJSON is total: null where JSON.stringify throws.
			if _, err := DecodeJSON(EncodeJSON(c.in)); err != nil {
				t.Errorf("EncodeJSON output does not parse: %v", err)
			}
		})
	}
	// A BigInt inside a Map is never serialized: Map is {}.
	if _, err := Serialize(JSON, &Map{Entries: []MapEntry{{BigInt("1"), BigInt("2")}}}, 0); err != nil {
		t.Errorf("BigInt inside Map: %v", err)
	}
}

func TestF3_JSONDepthAndLength(t *testing.T) {
	deep := func(n int) Value {
		var v Value = Null{}
		for range n {
			v = arr(v)
		}
		return v
	}
	m, err := Serialize(JSON, deep(maxDepth), 0)
	if err != nil {
		t.Fatalf("depth %d: %v", maxDepth, err)
	}
	if _, err := DecodeJSON(EncodeJSON(m.Value)); err != nil {
		t.Errorf("depth %d text does not decode: %v", maxDepth, err)
	}
	var se *SerializeError
	if _, err := Serialize(JSON, deep(maxDepth+1), 0); !errors.As(err, &se) || se.Type != "depth" {
		t.Errorf("depth %d: err = %v, want depth", maxDepth+1, err)
	}

	// The V8 string length bound, scaled down: a DAG that doubles at each
	// level would take forever to write out.
	var dag Value = String("0123456789")
	for range 80 {
		dag = arr(dag, dag)
	}
	w := jsonWalker{strict: true, safe: true, maxUnits: 1 << 16}
	w.top(dag)
	if !w.failed || w.errType != "length" {
		t.Errorf("exponential DAG: failed=%v type=%q, want length", w.failed, w.errType)
	}
	// Units are UTF-16 code units: "😀" is 2, "é" 1, an escaped lone
	// surrogate 6.
	w = jsonWalker{strict: true, safe: true, maxUnits: 1 << 30}
	w.top(String("😀é\xed\xa0\x80"))
	if w.units != 2+2+1+6 || w.n != 2+4+2+6 {
		t.Errorf("units=%d bytes=%d, want 11 and 14", w.units, w.n)
	}
}

func TestF5_JSONSizeLimit(t *testing.T) {
	v := obj("msg", String(strings.Repeat("é", 100)), "n", Number(1.5), "u", Undefined{})
	text := EncodeJSON(v)
	size := len(text) // `{"msg":"ééé…","n":1.5}`
	if want := len(`{"msg":"","n":1.5}`) + 200; size != want {
		t.Fatalf("len(text) = %d, want %d", size, want)
	}
	m, err := Serialize(JSON, v, size)
	if err != nil {
		t.Fatalf("at the limit: %v", err)
	}
	if m.Size != size {
		t.Errorf("Size = %d, want %d", m.Size, size)
	}
	_, err = Serialize(JSON, v, size-1)
	var se *SerializeError
	if !errors.As(err, &se) || se.Reason != TooLarge || se.Size != size || se.Limit != size-1 {
		t.Fatalf("over the limit: err = %v", err)
	}
	want := "serial: message of 218 bytes exceeds the limit of 217 bytes"
	if se.Error() != want {
		t.Errorf("Error() = %q, want %q", se.Error(), want)
	}
	// Serialization errors come before the size check, as in Chrome.
	_, err = Serialize(JSON, arr(String(strings.Repeat("x", 100)), BigInt("1")), 10)
	if !errors.As(err, &se) || se.Reason != Unserializable {
		t.Errorf("BigInt in oversized message: err = %v, want Unserializable", err)
	}
	// The 64 MiB limit of rule F5, with a message one byte over.
	const limit = 64 << 20
	big := String(strings.Repeat("a", limit-2)) // plus two quotes: exactly the limit
	if m, err := Serialize(JSON, big, limit); err != nil || m.Size != limit {
		t.Errorf("64 MiB message: size %d, err %v", m.Size, err)
	}
	if _, err := Serialize(JSON, big+"b", limit); !errors.As(err, &se) || se.Reason != TooLarge || se.Size != limit+1 {
		t.Errorf("64 MiB + 1 message: err = %v", err)
	}
}

func TestSerializeErrorStrings(t *testing.T) {
	cases := []struct {
		err  SerializeError
		want string
	}{
		{SerializeError{Reason: Unserializable, Type: "BigInt"}, "serial: cannot serialize BigInt as JSON"},
		{SerializeError{Reason: Unserializable, Type: "cycle"}, "serial: cannot serialize a cyclic structure as JSON"},
		{SerializeError{Reason: NotCloneable, Type: "Function"}, "serial: Function object could not be cloned"},
		{SerializeError{Reason: NotCloneable, Type: "Location"}, "serial: Location object could not be cloned"},
		{SerializeError{Reason: TooLarge, Size: 70000000, Limit: 67108864}, "serial: message of 70000000 bytes exceeds the limit of 67108864 bytes"},
	}
	for _, c := range cases {
		if got := c.err.Error(); got != c.want {
			t.Errorf("%+v: %q, want %q", c.err, got, c.want)
		}
	}
	if JSON.String() != "json" || StructuredClone.String() != "structured_clone" {
		t.Errorf("Format names: %q %q", JSON, StructuredClone)
	}
}

func TestJSNumberFormat(t *testing.T) {
	cases := []struct {
		f    float64
		want string
	}{
		{0.0000000000000000, "0"},
		{math.Copysign(0, -1), "0"},
		{1.0000000000000000, "1"},
		{-1.0000000000000000, "-1"},
		{0.10000000000000001, "0.1"},
		{0.30000000000000004, "0.30000000000000004"},
		{0.33333333333333331, "0.3333333333333333"},
		{-0.33333333333333331, "-0.3333333333333333"},
		{100.00000000000000, "100"},
		{1.0000000000000000e+20, "100000000000000000000"},
		{1.0000000000000000e+21, "1e+21"},
		{1.5000000000000000e+21, "1.5e+21"},
		{1.2345678901234568e+20, "123456789012345680000"},
		{9.9999999999999995e-7, "0.000001"},
		{9.9999999999999995e-8, "1e-7"},
		{0.0000012345000000000000, "0.0000012345"},
		{1.2345000000000001e-7, "1.2345e-7"},
		{4.9406564584124654e-324, "5e-324"},
		{-4.9406564584124654e-324, "-5e-324"},
		{1.7976931348623157e+308, "1.7976931348623157e+308"},
		{9007199254740992.0, "9007199254740992"},
		{9007199254740994.0, "9007199254740994"},
		{9.2233720368547758e+18, "9223372036854776000"},
		{1.8446744073709552e+19, "18446744073709552000"},
		{9007199254740991.0, "9007199254740991"},
		{-9007199254740991.0, "-9007199254740991"},
		{1000000000000000.0, "1000000000000000"},
		{10000000000000000, "10000000000000000"},
		{1.0000000000000000e+17, "100000000000000000"},
		{123.45600000000000, "123.456"},
		{-1.2345600000000000e-8, "-1.23456e-8"},
		{4.3499999999999996, "4.35"},
		{0.50000000000000000, "0.5"},
		{1.0000000000000000e+100, "1e+100"},
		{1.2300000000000000e-100, "1.23e-100"},
		{0.000025000000000000001, "0.000025"},
		{9.9999999999999987e+20, "999999999999999900000"},
		{1.0000000000000001e+301, "1e+301"},
		{12345678.900000000, "12345678.9"},
		{0.000010000000000000001, "0.00001"},
		{3.1415900000000001e+21, "3.14159e+21"},
		{1.0000000000000002, "1.0000000000000002"},
		{4294967295.0000000, "4294967295"},
		{4294967296.5000000, "4294967296.5"},
		{2.2200000000000000e+21, "2.22e+21"},
		{1.9999999999999999e-7, "2e-7"},
		{math.NaN(), "NaN"},
		{math.Inf(1), "Infinity"},
		{math.Inf(-1), "-Infinity"},
	}
	for _, c := range cases {
		if got := string(appendJSNumber(nil, c.f)); got != c.want {
			t.Errorf("%v: %s, want %s", c.f, got, c.want)
		}
	}
}

func TestISODate(t *testing.T) {
	cases := []struct {
		t    float64
		want string // as JSON.stringify(new Date(t)) gives it
	}{
		{0, `"1970-01-01T00:00:00.000Z"`},
		{1, `"1970-01-01T00:00:00.001Z"`},
		{-1, `"1969-12-31T23:59:59.999Z"`},
		{1767323045678, `"2026-01-02T03:04:05.678Z"`},
		{8640000000000000, `"+275760-09-13T00:00:00.000Z"`},
		{-8640000000000000, `"-271821-04-20T00:00:00.000Z"`},
		{8640000000000001, `null`},
		{-8640000000000001, `null`},
		{math.NaN(), `null`},
		{math.Inf(1), `null`},
		{-62198755200000, `"-000001-01-01T00:00:00.000Z"`},
		{-62167219200000, `"0000-01-01T00:00:00.000Z"`},
		{-62167219200001, `"-000001-12-31T23:59:59.999Z"`},
		{253402300799999, `"9999-12-31T23:59:59.999Z"`},
		{253402300800000, `"+010000-01-01T00:00:00.000Z"`},
		{951782400000, `"2000-02-29T00:00:00.000Z"`},
		{-2208988800000, `"1900-01-01T00:00:00.000Z"`},
		{1000000000000.9, `"2001-09-09T01:46:40.000Z"`},
		{-1.5, `"1969-12-31T23:59:59.999Z"`},
	}
	for _, c := range cases {
		m, err := Serialize(JSON, &Date{Time: c.t}, 0)
		if err != nil {
			t.Fatalf("%v: %v", c.t, err)
		}
		if got := string(checkJSONMessage(t, m)); got != c.want {
			t.Errorf("%v: %s, want %s", c.t, got, c.want)
		}
	}
}

// TestStringsSurviveJSON: lone surrogates, NUL and U+2028 survive JSON
// messaging unchanged (Chromium errata, measured on Chromium 156).
func TestStringsSurviveJSON(t *testing.T) {
	strs := []string{
		"",
		"plain",
		"\x00",
		"a\x00b",
		"\u2028\u2029",
		"\xed\xa0\x80",              // lone high surrogate U+D800
		"\xed\xbf\xbf",              // lone low surrogate U+DFFF
		"x\xed\xb0\x80\xed\xa0\x80", // low then high: two lone surrogates
		"😀",
		"\U0010FFFF",
		"\x7f\x1f\"\\",
		"\uFFFD\uFEFF",
	}
	for _, s := range strs {
		for _, v := range []Value{String(s), obj(s, String(s)), arr(String(s))} {
			m, err := Serialize(JSON, v, 0)
			if err != nil {
				t.Fatal(err)
			}
			text := checkJSONMessage(t, m)
			back, err := DecodeJSON(text)
			if err != nil {
				t.Fatal(err)
			}
			if !Equal(back, v) {
				t.Errorf("%q did not survive: text %q", s, text)
			}
		}
	}
	// Escaped surrogate pairs, and raw WTF-8 halves that meet, are the
	// supplementary character.
	for _, in := range []string{`"\ud83d\ude00"`, `"\ud83d` + "\xed\xb8\x80" + `"`, "\"\xed\xa0\xbd\xed\xb8\x80\""} {
		v, err := DecodeJSON([]byte(in))
		if err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		if v != String("😀") {
			t.Errorf("%q decoded to %q", in, v)
		}
	}
	// A String that holds both halves as separate WTF-8 sequences is, as a
	// JS string, the pair: JSON.stringify writes the character.
	if got := string(EncodeJSON(String("\xed\xa0\xbd\xed\xb8\x80"))); got != `"😀"` {
		t.Errorf("surrogate halves encoded as %s", got)
	}
	// Bytes that are not WTF-8 cannot come from JS; they become U+FFFD.
	if got := string(EncodeJSON(String("a\xffb"))); got != "\"a\uFFFDb\"" {
		t.Errorf("invalid byte encoded as %q", got)
	}
	m, _ := Serialize(JSON, String("a\xffb\xed\xa0"), 0)
	if m.Size != len(EncodeJSON(m.Value)) {
		t.Errorf("size of invalid bytes: %d vs %d", m.Size, len(EncodeJSON(m.Value)))
	}
}

func TestDecodeJSON(t *testing.T) {
	cases := []struct {
		in   string
		want string // JSON.stringify(JSON.parse(in)), when ok
		ok   bool
	}{
		{"0", "0", true},
		{"-0", "0", true},
		{"01", "", false},
		{"-01", "", false},
		{"1.", "", false},
		{"1.5", "1.5", true},
		{".5", "", false},
		{"-", "", false},
		{"+1", "", false},
		{"1e", "", false},
		{"1e+", "", false},
		{"1e5", "100000", true},
		{"1E-5", "0.00001", true},
		{"-1.5e+300", "-1.5e+300", true},
		{"1e400", "null", true},
		{"-1e400", "null", true},
		{"1e-400", "0", true},
		{"[1,]", "", false},
		{"[,1]", "", false},
		{"[]", "[]", true},
		{"{}", "{}", true},
		{"{\"a\":1,}", "", false},
		{"{,}", "", false},
		{"\"\\x\"", "", false},
		{"\"\\u00\"", "", false},
		{"\"\\uZZZZ\"", "", false},
		{"\"\\ud800\"", "\"\\ud800\"", true},
		{"\"\\ud800\\udc00\"", "\"𐀀\"", true},
		{"\"\\/\"", "\"/\"", true},
		{"\"\t\"", "", false},
		{"\"\x00\"", "", false},
		{"\"\x1f\"", "", false},
		{"\"\x7f\"", "\"\x7f\"", true},
		{"\"\u2028\"", "\"\u2028\"", true},
		{"\uFEFF1", "", false},
		{"\u00a01", "", false},
		{" 1 ", "1", true},
		{"\t\n\r1", "1", true},
		{"\f1", "", false},
		{"\v1", "", false},
		{"1 2", "", false},
		{"true", "true", true},
		{"tru", "", false},
		{"truex", "", false},
		{"nul", "", false},
		{"null", "null", true},
		{"[1 2]", "", false},
		{"{\"a\" 1}", "", false},
		{"{\"a\":}", "", false},
		{"{1:2}", "", false},
		{"{'a':1}", "", false},
		{"\"abc", "", false},
		{"\"abc\\", "", false},
		{"[", "", false},
		{"{", "", false},
		{"{\"b\":1,\"1\":2,\"a\":3,\"0\":4}", "{\"0\":4,\"1\":2,\"b\":1,\"a\":3}", true},
		{"{\"a\":1,\"b\":2,\"a\":3}", "{\"a\":3,\"b\":2}", true},
		{"{\"4294967295\":1,\"4294967294\":2,\"01\":3,\"1\":4}", "{\"1\":4,\"4294967294\":2,\"4294967295\":1,\"01\":3}", true},
		{"[1,[2,[3]]]", "[1,[2,[3]]]", true},
		{"\"\\u0041\\t\"", "\"A\\t\"", true},
		{"", "", false},
		{"  ", "", false},
		{"NaN", "", false},
		{"Infinity", "", false},
		{"-Infinity", "", false},
		{"0x10", "", false},
		{"1_000", "", false},
		{"00", "", false},
		{"-00", "", false},
		{"2.", "", false},
		{"2.e3", "", false},
		{"2.0e3", "2000", true},
		{"[-]", "", false},
		{"123456789012345678901234567890", "1.2345678901234568e+29", true},
		{"0.1e1", "1", true},
		{"\"a\"\"b\"", "", false},
		{"[true,false,null]", "[true,false,null]", true},
		{"{\"\":1}", "{\"\":1}", true},
		{"{\"__proto__\":1}", "{\"__proto__\":1}", true},
		{"\"\xff\"", "", false},                   // not UTF-8
		{"\"\xc0\xaf\"", "", false},               // overlong
		{"\"\xed\xa0\x80\"", "\"\\ud800\"", true}, // WTF-8 lone surrogate
		{"\"\xf4\x90\x80\x80\"", "", false},       // beyond U+10FFFF
	}
	for _, c := range cases {
		v, err := DecodeJSON([]byte(c.in))
		if (err == nil) != c.ok {
			t.Errorf("DecodeJSON(%q): err = %v, want ok=%v", c.in, err, c.ok)
			continue
		}
		if err != nil {
			if !strings.HasPrefix(err.Error(), "serial: invalid JSON at offset ") {
				t.Errorf("DecodeJSON(%q): error %q lacks the offset prefix", c.in, err)
			}
			continue
		}
		m, err := Serialize(JSON, v, 0)
		if err != nil {
			t.Fatalf("Serialize(DecodeJSON(%q)): %v", c.in, err)
		}
		if got := string(checkJSONMessage(t, m)); got != c.want {
			t.Errorf("DecodeJSON(%q) = %s, want %s", c.in, got, c.want)
		}
	}
}

func TestDecodeJSONDetails(t *testing.T) {
	// -0 and overflow keep their JS values.
	v, _ := DecodeJSON([]byte("-0"))
	if !Equal(v, Number(math.Copysign(0, -1))) {
		t.Errorf("-0 decoded to %v", v)
	}
	v, _ = DecodeJSON([]byte("[1e999,-1e999,-1e-999]"))
	a := v.(*Array)
	if !Equal(a.Elems[0], Number(math.Inf(1))) || !Equal(a.Elems[1], Number(math.Inf(-1))) || !Equal(a.Elems[2], Number(math.Copysign(0, -1))) {
		t.Errorf("overflow decoded to %v", a.Elems)
	}
	// Offsets point at the offending byte.
	for in, off := range map[string]string{
		`[1, 2,]`:        "offset 6:",
		`{"a":1,"b" 2}`:  "offset 11:",
		`"abc`:           "offset 4:",
		`[1,2] x`:        "offset 6:",
		"\"ab\x01\"":     "offset 3:",
		`"\q"`:           "offset 1:",
		`"\u12G4"`:       "offset 5:",
		`01`:             "offset 1:",
		`1.e5`:           "offset 2:",
		`-`:              "offset 1:",
		`{"a":1}}`:       "offset 7:",
		"[\"\xe2\x82\"]": "offset 2:",
	} {
		_, err := DecodeJSON([]byte(in))
		if err == nil || !strings.Contains(err.Error(), off) {
			t.Errorf("DecodeJSON(%q): err = %v, want %s", in, err, off)
		}
	}
	// Nesting is bounded, like encoding/json's scanner.
	ok := strings.Repeat("[", maxDepth) + strings.Repeat("]", maxDepth)
	if _, err := DecodeJSON([]byte(ok)); err != nil {
		t.Errorf("depth %d: %v", maxDepth, err)
	}
	tooDeep := strings.Repeat(`{"a":`, maxDepth+1) + "1" + strings.Repeat("}", maxDepth+1)
	if _, err := DecodeJSON([]byte(tooDeep)); err == nil || !strings.Contains(err.Error(), "nesting") {
		t.Errorf("depth %d: err = %v", maxDepth+1, err)
	}
	if json.Valid([]byte(tooDeep)) || !json.Valid([]byte(ok)) {
		t.Errorf("encoding/json disagrees on the depth limit")
	}
	// Many keys, with duplicates, past the linear-search size.
	var sb strings.Builder
	sb.WriteString("{")
	for i := range 40 {
		if i > 0 {
			sb.WriteString(",")
		}
		sb.WriteString(`"k` + string(rune('a'+i%20)) + `":` + string(rune('0'+i%10)))
	}
	sb.WriteString(`,"7":0,"3":1}`)
	v, err := DecodeJSON([]byte(sb.String()))
	if err != nil {
		t.Fatal(err)
	}
	o := v.(*Object)
	if len(o.Props) != 22 || o.Props[0].Key != "3" || o.Props[1].Key != "7" || o.Props[2].Key != "ka" || o.Props[2].Value != Number(0) {
		t.Errorf("keys: %v", o.Props)
	}
}

func TestAllocsUnchangedValues(t *testing.T) {
	small := obj("a", Number(1), "b", String("x"), "c", Bool(true))
	nested := obj("a", arr(Number(1), Number(2)), "b", obj("c", Null{}))
	for name, v := range map[string]Value{"string": String("hi"), "object": small, "nested": nested} {
		var m Message
		allocs := testing.AllocsPerRun(100, func() { m, _ = Serialize(JSON, v, 1<<20) })
		if allocs != 0 {
			t.Errorf("Serialize(JSON, %s) allocates %v times", name, allocs)
		}
		if m.Value != v {
			t.Errorf("Serialize(JSON, %s) copied", name)
		}
	}
	for name, v := range map[string]Value{"number": Number(1), "string": String("hi"), "object": small, "nested": nested} {
		if allocs := testing.AllocsPerRun(100, func() { _, _ = Serialize(StructuredClone, v, 0) }); allocs != 0 {
			t.Errorf("Serialize(StructuredClone, %s) allocates %v times", name, allocs)
		}
	}
}

func TestF2_TypedArrayKinds(t *testing.T) {
	buf := &ArrayBuffer{Data: []byte{0x01, 0x80, 0xff, 0x7f, 0x00, 0x3c, 0x00, 0xc0}}
	half := &ArrayBuffer{Data: []byte{0x00, 0x3c, 0x00, 0xc0, 0x00, 0x7c, 0x01, 0x7c, 0x01, 0x00, 0xff, 0x7b, 0x00, 0x80}}
	cases := []struct {
		typ  string
		buf  *ArrayBuffer
		want string
	}{
		{"Int8Array", buf, `{"0":1,"1":-128,"2":-1,"3":127,"4":0,"5":60,"6":0,"7":-64}`},
		{"Uint8Array", buf, `{"0":1,"1":128,"2":255,"3":127,"4":0,"5":60,"6":0,"7":192}`},
		{"Uint8ClampedArray", buf, `{"0":1,"1":128,"2":255,"3":127,"4":0,"5":60,"6":0,"7":192}`},
		{"Int16Array", buf, `{"0":-32767,"1":32767,"2":15360,"3":-16384}`},
		{"Uint16Array", buf, `{"0":32769,"1":32767,"2":15360,"3":49152}`},
		{"Int32Array", buf, `{"0":2147450881,"1":-1073726464}`},
		{"Uint32Array", buf, `{"0":2147450881,"1":3221240832}`},
		{"Float32Array", buf, `{"0":null,"1":-2.003662109375}`},
		{"Float64Array", buf, `{"0":-2.029297828659765}`},
		// Float16Array (ES2025; not in Node 20): 1, -2, +Inf, NaN, the
		// smallest subnormal 2^-24, the largest finite 65504, -0.
		{"Float16Array", half, `{"0":1,"1":-2,"2":null,"3":null,"4":5.960464477539063e-8,"5":65504,"6":0}`},
		{"BigUint64Array", &ArrayBuffer{}, `{}`},
		{"DataView", buf, `{}`},
	}
	for _, c := range cases {
		v := &TypedArray{Type: c.typ, Buffer: c.buf, Length: len(c.buf.Data)}
		m, err := Serialize(JSON, v, 0)
		if err != nil {
			t.Fatalf("%s: %v", c.typ, err)
		}
		if got := string(checkJSONMessage(t, m)); got != c.want {
			t.Errorf("%s: %s, want %s", c.typ, got, c.want)
		}
	}
}

// TestJSONNilPointers: typed nil pointers match no JS value; they must not
// crash anything, and are written as null.
func TestJSONNilPointers(t *testing.T) {
	v := arr((*Object)(nil), (*Array)(nil), (*Date)(nil), (*TypedArray)(nil), (*Map)(nil), obj("o", (*Object)(nil)))
	m, err := Serialize(JSON, v, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(checkJSONMessage(t, m)), `[null,null,null,null,null,{"o":null}]`; got != want {
		t.Errorf("%s, want %s", got, want)
	}
	m, err = Serialize(StructuredClone, v, 0)
	if err != nil {
		t.Fatal(err)
	}
	checkCloneMessage(t, m)
	if !Equal(m.Value, arr(Null{}, Null{}, Null{}, Null{}, Null{}, obj("o", Null{}))) {
		t.Errorf("structured clone of nil pointers: %#v", m.Value)
	}
}
