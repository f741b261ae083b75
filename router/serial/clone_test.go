package serial

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"runtime"
	"strings"
	"testing"
)

// checkCloneMessage checks the invariants of a successful
// Serialize(StructuredClone): Size is the length of MarshalBinary, and the
// encoding decodes to an equal graph.
func checkCloneMessage(t *testing.T, m Message) {
	t.Helper()
	if m.Format != StructuredClone {
		t.Errorf("Format = %v", m.Format)
	}
	b := MarshalBinary(m.Value)
	if m.Size != len(b) {
		t.Errorf("Size = %d, len(MarshalBinary) = %d", m.Size, len(b))
	}
	back, err := UnmarshalBinary(b)
	if err != nil {
		t.Fatalf("UnmarshalBinary: %v", err)
	}
	if !Equal(back, m.Value) {
		t.Errorf("UnmarshalBinary(MarshalBinary(v)) differs from v")
	}
}

// everything builds a value with every type structured clone keeps,
// including shared and cyclic references.
func everything() *Object {
	buf := &ArrayBuffer{Data: []byte{1, 2, 3, 4, 5, 6, 7, 8}}
	shared := obj("s", String("shared"))
	cyc := &Array{Elems: []Value{Number(1)}, Props: []Prop{{"extra", Bool(true)}}}
	cyc.Elems = append(cyc.Elems, cyc, nil)
	m := &Map{}
	m.Entries = []MapEntry{{String("k"), Number(1)}, {m, shared}, {Undefined{}, Null{}}}
	return obj(
		"undefined", Undefined{},
		"nan", Number(math.NaN()),
		"negzero", Number(math.Copysign(0, -1)),
		"inf", Number(math.Inf(-1)),
		"bigint", BigInt("-12345678901234567890"),
		"date", &Date{Time: 1767323045678},
		"baddate", &Date{Time: math.NaN()},
		"regexp", &RegExp{Source: "a+b", Flags: "gi"},
		"map", m,
		"set", &Set{Elems: []Value{Number(1), String("1"), shared}},
		"buffer", buf,
		"u8", &TypedArray{Type: "Uint8Array", Buffer: buf, Offset: 1, Length: 3},
		"f64", &TypedArray{Type: "Float64Array", Buffer: buf, Offset: 0, Length: 8},
		"big", &TypedArray{Type: "BigInt64Array", Buffer: buf, Offset: 0, Length: 8},
		"view", &TypedArray{Type: "DataView", Buffer: buf, Offset: 3, Length: 5},
		"error", &Error{Name: "TypeError", Message: "boom"},
		"holes", cyc,
		"shared1", shared,
		"shared2", shared,
		"lone", String("\xed\xa0\x80\x00\u2028"),
	)
}

func TestFF34_StructuredCloneKeeps(t *testing.T) {
	v := everything()
	m, err := Serialize(StructuredClone, v, 0)
	if err != nil {
		t.Fatal(err)
	}
	if m.Value != Value(v) {
		t.Errorf("value needing no change was copied")
	}
	checkCloneMessage(t, m)
	back, _ := UnmarshalBinary(MarshalBinary(m.Value))
	o := back.(*Object)
	get := func(k string) Value {
		for _, p := range o.Props {
			if p.Key == k {
				return p.Value
			}
		}
		t.Fatalf("no property %q", k)
		return nil
	}
	if get("shared1") != get("shared2") {
		t.Errorf("shared reference not preserved")
	}
	holes := get("holes").(*Array)
	if holes.Elems[1] != Value(holes) || holes.Elems[2] != nil {
		t.Errorf("cycle or hole not preserved")
	}
	if get("u8").(*TypedArray).Buffer != get("buffer") {
		t.Errorf("typed array does not share its buffer")
	}
	if f := float64(get("negzero").(Number)); f != 0 || !math.Signbit(f) {
		t.Errorf("-0 became %v", f)
	}
	if _, ok := get("undefined").(Undefined); !ok {
		t.Errorf("undefined property lost")
	}
	// Top-level values structured clone keeps as they are.
	for _, v := range []Value{Undefined{}, Number(math.NaN()), BigInt("1"), String("")} {
		m, err := Serialize(StructuredClone, v, 0)
		if err != nil || !Equal(m.Value, v) {
			t.Errorf("%#v: %#v, %v", v, m.Value, err)
		}
		checkCloneMessage(t, m)
	}
}

func TestFF34_StructuredCloneIgnoresToJSON(t *testing.T) {
	inner := &Object{Props: []Prop{{"a", Number(1)}}, ToJSON: String("json")}
	inner.Props = append(inner.Props, Prop{"self", inner})
	v := arr(inner, inner, &Date{Time: 0})
	m, err := Serialize(StructuredClone, v, 0)
	if err != nil {
		t.Fatal(err)
	}
	checkCloneMessage(t, m)
	a := m.Value.(*Array)
	o := a.Elems[0].(*Object)
	if o.ToJSON != nil || inner.ToJSON == nil {
		t.Errorf("ToJSON kept in the message, or dropped from the input")
	}
	if a.Elems[1] != Value(o) || o.Props[1].Value != Value(o) {
		t.Errorf("shared/cyclic shape lost in the copy")
	}
	if a.Elems[2] != v.Elems[2] {
		t.Errorf("immutable Date was not reused")
	}
	want := arr(&Object{Props: []Prop{{"a", Number(1)}}}, nil, &Date{Time: 0})
	wo := want.Elems[0].(*Object)
	wo.Props = append(wo.Props, Prop{"self", wo})
	want.Elems[1] = wo
	if !Equal(m.Value, want) {
		t.Errorf("copy differs from expectation")
	}
}

func TestFF34_StructuredCloneErrorNames(t *testing.T) {
	for name, want := range map[string]string{
		"Error": "Error", "EvalError": "EvalError", "RangeError": "RangeError",
		"ReferenceError": "ReferenceError", "SyntaxError": "SyntaxError",
		"TypeError": "TypeError", "URIError": "URIError",
		"AggregateError": "Error", "MyError": "Error", "": "Error",
	} {
		e := &Error{Name: name, Message: "m"}
		m, err := Serialize(StructuredClone, arr(e, e), 0)
		if err != nil {
			t.Fatal(err)
		}
		checkCloneMessage(t, m)
		a := m.Value.(*Array)
		got := a.Elems[0].(*Error)
		if got.Name != want || got.Message != "m" || a.Elems[1] != Value(got) {
			t.Errorf("%q: got %+v", name, got)
		}
	}
}

func TestFF35_StructuredCloneRejects(t *testing.T) {
	circ := obj("a", Number(1))
	circ.Props = append(circ.Props, Prop{"c", circ})
	buf := &ArrayBuffer{Data: make([]byte, 8)}
	cases := []struct {
		name string
		in   Value
		typ  string
	}{
		{"FF-35/function", Function{Name: "f"}, "Function"},
		{"FF-35/nested function", obj("cb", Function{}), "Function"},
		{"FF-35/symbol", Symbol{Description: "s"}, "Symbol"},
		{"FF-35/symbol in Set", &Set{Elems: []Value{Symbol{}}}, "Symbol"},
		{"FF-35/function as Map key", &Map{Entries: []MapEntry{{Function{}, Null{}}}}, "Function"},
		{"FF-35/Location", HostObject{Class: "Location"}, "Location"},
		{"FF-35/[circ, location]", arr(circ, HostObject{Class: "Location"}), "Location"},
		{"FF-35/first in traversal order", arr(HostObject{Class: "URL"}, Function{}), "URL"},
		{"FF-35/unknown typed array type", &TypedArray{Type: "Int128Array", Buffer: buf}, "Int128Array"},
		{"FF-35/view out of bounds", &TypedArray{Type: "Uint8Array", Buffer: buf, Offset: 4, Length: 5}, "Uint8Array"},
		{"FF-35/view misaligned", &TypedArray{Type: "Int32Array", Buffer: buf, Offset: 2, Length: 4}, "Int32Array"},
		{"FF-35/view without buffer", &TypedArray{Type: "Uint8Array"}, "Uint8Array"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Serialize(StructuredClone, c.in, 0)
			var se *SerializeError
			if !errors.As(err, &se) {
				t.Fatalf("err = %v, want a *SerializeError", err)
			}
			if se.Reason != NotCloneable || se.Type != c.typ {
				t.Errorf("err = %+v, want NotCloneable %q", se, c.typ)
			}
			if want := "serial: " + c.typ + " object could not be cloned"; se.Error() != want {
				t.Errorf("Error() = %q, want %q", se.Error(), want)
			}
		})
	}
}

func TestF9_SharedArrayBufferBecomesNull(t *testing.T) {
	sab := &ArrayBuffer{Data: []byte{1, 2, 3, 4}, Shared: true}
	view := &TypedArray{Type: "Uint8Array", Buffer: sab, Offset: 0, Length: 4}
	plain := &ArrayBuffer{Data: []byte{9}}
	v := obj("sab", sab, "again", sab, "view", view, "plain", plain)
	m, err := Serialize(StructuredClone, v, 0)
	if err != nil {
		t.Fatal(err)
	}
	checkCloneMessage(t, m)
	want := obj("sab", Null{}, "again", Null{}, "view", Null{}, "plain", plain)
	if !Equal(m.Value, want) {
		t.Errorf("SharedArrayBuffer did not become null")
	}
	if m.Value.(*Object).Props[3].Value != Value(plain) {
		t.Errorf("plain ArrayBuffer was not reused")
	}
	if !sab.Shared || v.Props[0].Value != Value(sab) {
		t.Errorf("input mutated")
	}
	m, err = Serialize(StructuredClone, sab, 0)
	if err != nil || m.Value != Value(Null{}) || m.Size != 2 {
		t.Errorf("top-level SharedArrayBuffer: %#v size %d, %v", m.Value, m.Size, err)
	}
	// JSON: a SharedArrayBuffer is {} like any ArrayBuffer, and a view on
	// one is written element by element.
	m, err = Serialize(JSON, arr(sab, view), 0)
	if err != nil || string(EncodeJSON(m.Value)) != `[{},{"0":1,"1":2,"2":3,"3":4}]` {
		t.Errorf("JSON of SharedArrayBuffer: %s, %v", EncodeJSON(m.Value), err)
	}
}

func TestF5_StructuredCloneSizeLimit(t *testing.T) {
	v := obj("data", &ArrayBuffer{Data: make([]byte, 1000)}, "f", Function{})
	var se *SerializeError
	if _, err := Serialize(StructuredClone, v, 10); !errors.As(err, &se) || se.Reason != NotCloneable {
		t.Errorf("clone error must come before the size check: %v", err)
	}
	v = obj("data", &ArrayBuffer{Data: make([]byte, 1000)}, "s", &ArrayBuffer{Data: make([]byte, 1000), Shared: true})
	m, err := Serialize(StructuredClone, v, 0)
	if err != nil {
		t.Fatal(err)
	}
	checkCloneMessage(t, m)
	if _, err := Serialize(StructuredClone, v, m.Size); err != nil {
		t.Errorf("at the limit: %v", err)
	}
	_, err = Serialize(StructuredClone, v, m.Size-1)
	if !errors.As(err, &se) || se.Reason != TooLarge || se.Size != m.Size || se.Limit != m.Size-1 {
		t.Errorf("over the limit: %v", err)
	}
	// Depth is bounded so that UnmarshalBinary can read whatever Serialize
	// accepts.
	deep := func(n int) Value {
		var v Value = Null{}
		for range n {
			v = &Set{Elems: []Value{v}}
		}
		return v
	}
	m, err = Serialize(StructuredClone, deep(maxDepth), 0)
	if err != nil {
		t.Fatalf("depth %d: %v", maxDepth, err)
	}
	checkCloneMessage(t, m)
	if _, err := Serialize(StructuredClone, deep(maxDepth+1), 0); !errors.As(err, &se) || se.Type != "depth" {
		t.Errorf("depth %d: %v", maxDepth+1, err)
	}
}

func TestMarshalBinaryAnyValue(t *testing.T) {
	o := &Object{Props: []Prop{{"f", Function{Name: "f"}}, {"s", Symbol{Description: "d"}}, {"h", HostObject{Class: "Window"}}}}
	o.ToJSON = o
	v := arr(o, &ArrayBuffer{Data: []byte{1}, Shared: true}, nil)
	b := MarshalBinary(v)
	back, err := UnmarshalBinary(b)
	if err != nil {
		t.Fatal(err)
	}
	if !Equal(back, v) {
		t.Errorf("round trip differs")
	}
	if !bytes.Equal(MarshalBinary(back), b) {
		t.Errorf("re-marshal differs")
	}
}

func TestUnmarshalBinaryRejects(t *testing.T) {
	huge := binary.AppendUvarint([]byte{binaryVersion, tArray}, 1<<40)
	deep := append([]byte{binaryVersion}, bytes.Repeat([]byte{tSet, 1}, maxDepth+1)...)
	deep = append(deep, tNull)
	okDeep := append([]byte{binaryVersion}, bytes.Repeat([]byte{tSet, 1}, maxDepth)...)
	okDeep = append(okDeep, tNull)
	cases := []struct {
		name string
		in   []byte
		want string
	}{
		{"empty", nil, "offset 0: empty input"},
		{"bad version", []byte{9, tNull}, "offset 0: unknown version 9"},
		{"no value", []byte{binaryVersion}, "offset 1: unexpected end"},
		{"unknown tag", []byte{binaryVersion, 200}, "offset 1: unknown tag 200"},
		{"trailing data", []byte{binaryVersion, tNull, tNull}, "offset 2: unexpected data"},
		{"top-level hole", []byte{binaryVersion, tHole}, "offset 1: hole outside an array"},
		{"huge count", huge, "offset 2: count 1099511627776 exceeds"},
		{"huge string", binary.AppendUvarint([]byte{binaryVersion, tString}, 1<<62), "offset 2: string length"},
		{"truncated number", []byte{binaryVersion, tNumber, 0, 0}, "offset 2: unexpected end of input in number"},
		{"varint overflow", append([]byte{binaryVersion, tString}, bytes.Repeat([]byte{0xff}, 11)...), "varint overflows"},
		{"bad reference", []byte{binaryVersion, tArray, 1, tRef, 1, 0}, "offset 3: reference to unknown object 1"},
		{"too deep", deep, "nesting deeper than 10000"},
		{"buffer not an ArrayBuffer", []byte{binaryVersion, tTypedArray, taUint8, tNull, 0, 0}, "offset 3: typed array buffer is not an ArrayBuffer"},
		{"self as buffer", []byte{binaryVersion, tTypedArray, taUint8, tRef, 0, 0, 0}, "typed array buffer is not an ArrayBuffer"},
		{"view out of bounds", []byte{binaryVersion, tTypedArray, taUint8, tArrayBuffer, 0, 2, 1, 2, 1, 2}, "offset 8: typed array view out of bounds"},
		{"view misaligned", []byte{binaryVersion, tTypedArray, taInt16, tArrayBuffer, 0, 4, 1, 2, 3, 4, 1, 2}, "not aligned"},
		{"unknown kind", []byte{binaryVersion, tTypedArray, 99}, "offset 2: unknown typed array kind 99"},
		{"bad buffer flags", []byte{binaryVersion, tArrayBuffer, 7, 0}, "offset 2: invalid ArrayBuffer flags"},
		{"truncated buffer", []byte{binaryVersion, tArrayBuffer, 0, 5, 1}, "offset 3: ArrayBuffer length 5 exceeds"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := UnmarshalBinary(c.in)
			if err == nil || !strings.HasPrefix(err.Error(), "serial: invalid binary at offset ") || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want %q", err, c.want)
			}
		})
	}
	if _, err := UnmarshalBinary(okDeep); err != nil {
		t.Errorf("depth %d: %v", maxDepth, err)
	}
	// A huge claimed count must fail without allocating for it.
	allocs := testing.AllocsPerRun(10, func() { _, _ = UnmarshalBinary(huge) })
	if allocs > 5 {
		t.Errorf("huge count allocates %v times", allocs)
	}
}

// TestUnmarshalBinaryAllocationBound: nested containers that each claim the
// rest of the input must not each preallocate that much.
func TestUnmarshalBinaryAllocationBound(t *testing.T) {
	const n = 2000
	b := []byte{binaryVersion}
	for i := range n {
		b = append(b, tArray)
		b = binary.AppendUvarint(b, uint64(2*(n-i)))
	}
	b = append(b, tNull)
	var before, after runtimeMem
	before.read()
	_, err := UnmarshalBinary(b)
	after.read()
	if err == nil {
		t.Fatal("truncated input decoded")
	}
	if grown := after.total - before.total; grown > 100*uint64(len(b))+1<<20 {
		t.Errorf("decoding %d bytes allocated %d bytes", len(b), grown)
	}
}

func TestEqual(t *testing.T) {
	x := obj("a", Number(1))
	y := obj("a", Number(1))
	cyc1 := arr(Number(1))
	cyc1.Elems = append(cyc1.Elems, cyc1)
	cyc2 := arr(Number(1))
	cyc2.Elems = append(cyc2.Elems, cyc2)
	// Two-cycle vs self-cycle of the same local shape.
	p1, p2 := arr(), arr()
	p1.Elems = []Value{p2}
	p2.Elems = []Value{p1}
	self := arr()
	self.Elems = []Value{self}
	nan := Number(math.NaN())
	cases := []struct {
		name string
		a, b Value
		want bool
	}{
		{"NaN equals NaN", nan, Number(math.NaN()), true},
		{"-0 differs from +0", Number(math.Copysign(0, -1)), Number(0), false},
		{"Date NaN", &Date{Time: math.NaN()}, &Date{Time: math.NaN()}, true},
		{"equal objects", x, y, true},
		{"key order matters", obj("a", Null{}, "b", Null{}), obj("b", Null{}, "a", Null{}), false},
		{"shared vs distinct", arr(x, x), arr(x, y), false},
		{"distinct vs shared", arr(x, y), arr(y, y), false},
		{"shared vs shared", arr(x, x), arr(y, y), true},
		{"cycles", cyc1, cyc2, true},
		{"two-cycle vs self-cycle", p1, self, false},
		{"hole vs undefined", arr(nil), arr(Undefined{}), false},
		{"undefined vs null", Undefined{}, Null{}, false},
		{"string vs bigint", String("1"), BigInt("1"), false},
		{"ToJSON counts", &Object{ToJSON: Null{}}, &Object{}, false},
		{"array props count", &Array{Props: []Prop{{"x", Null{}}}}, &Array{}, false},
		{"nil vs empty slices", &Array{Elems: []Value{}}, &Array{}, true},
		{"buffers", &ArrayBuffer{Data: []byte{1}}, &ArrayBuffer{Data: []byte{1}, Shared: true}, false},
		{"typed arrays", &TypedArray{Type: "Uint8Array", Buffer: &ArrayBuffer{Data: []byte{1}}, Length: 1}, &TypedArray{Type: "Uint8Array", Buffer: &ArrayBuffer{Data: []byte{1}}, Length: 1}, true},
		{"regexp flags", &RegExp{Source: "a", Flags: "g"}, &RegExp{Source: "a"}, false},
		{"map entries", &Map{Entries: []MapEntry{{Number(1), Number(2)}}}, &Map{Entries: []MapEntry{{Number(1), Number(3)}}}, false},
		{"typed nil pointers", (*Object)(nil), (*Object)(nil), true},
		{"typed nil vs object", (*Object)(nil), &Object{}, false},
		{"nil vs nil", nil, nil, true},
	}
	for _, c := range cases {
		if got := Equal(c.a, c.b); got != c.want {
			t.Errorf("%s: Equal = %v", c.name, got)
		}
		if got := Equal(c.b, c.a); got != c.want {
			t.Errorf("%s (swapped): Equal = %v", c.name, got)
		}
	}
}

type runtimeMem struct{ total uint64 }

func (m *runtimeMem) read() {
	var s runtime.MemStats
	runtime.ReadMemStats(&s)
	m.total = s.TotalAlloc
}

// TestFF34_CopyKeepsShape: when something forces a copy, every container
// kind is copied once, keeping sharing and cycles, and nil Values become
// undefined.
func TestFF34_CopyKeepsShape(t *testing.T) {
	m := &Map{}
	s := &Set{}
	a := &Array{Elems: []Value{nil, s}, Props: []Prop{{"m", m}}}
	m.Entries = []MapEntry{{m, a}, {nil, s}}
	s.Elems = []Value{a, m, nil}
	sab := &ArrayBuffer{Data: []byte{1}, Shared: true}
	v := obj("a", a, "m", m, "s", s, "sab", sab, "nil", nil)
	msg, err := Serialize(StructuredClone, v, 0)
	if err != nil {
		t.Fatal(err)
	}
	checkCloneMessage(t, msg)
	ca := &Array{Elems: []Value{nil, nil}}
	cm := &Map{}
	cs := &Set{}
	ca.Elems[1] = cs
	ca.Props = []Prop{{"m", cm}}
	cm.Entries = []MapEntry{{cm, ca}, {Undefined{}, cs}}
	cs.Elems = []Value{ca, cm, Undefined{}}
	want := obj("a", ca, "m", cm, "s", cs, "sab", Null{}, "nil", Undefined{})
	if !Equal(msg.Value, want) {
		t.Errorf("copy has the wrong shape")
	}
	if !Equal(v, obj("a", a, "m", m, "s", s, "sab", sab, "nil", nil)) || !sab.Shared {
		t.Errorf("input changed")
	}
}
