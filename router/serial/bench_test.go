package serial

import (
	"strconv"
	"strings"
	"testing"
)

// largeValue builds a JSON-safe value of about 1 MiB of JSON text: an array
// of records with numbers, strings, booleans and nested arrays.
func largeValue() *Object {
	var recs []Value
	text := strings.Repeat("lorem ipsum é ", 5)
	for i := 0; i < 6200; i++ {
		recs = append(recs, obj(
			"id", Number(float64(i)),
			"name", String("record-"+strconv.Itoa(i)),
			"score", Number(float64(i)*0.37),
			"ok", Bool(i%2 == 0),
			"tags", arr(String("a"), String("b"), Number(1.5e-7)),
			"text", String(text),
		))
	}
	return obj("records", arr(recs...), "count", Number(float64(len(recs))))
}

func BenchmarkSerializeJSONSmall(b *testing.B) {
	small := obj("type", String("ping"), "seq", Number(42), "ok", Bool(true))
	for name, v := range map[string]Value{"string": String("hi"), "object3": small} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Serialize(JSON, v, 64<<20); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkSerializeJSONLarge(b *testing.B) {
	safe := largeValue()
	// Same value with one property per record that JSON drops, so that
	// the message has to be built.
	convert := largeValue()
	for _, r := range convert.Props[0].Value.(*Array).Elems {
		o := r.(*Object)
		o.Props = append(o.Props, Prop{Key: "cb", Value: Function{}})
	}
	for name, v := range map[string]*Object{"safe": safe, "convert": convert} {
		b.Run(name, func(b *testing.B) {
			m, err := Serialize(JSON, v, 0)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(m.Size))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Serialize(JSON, v, 64<<20); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkSerializeCloneLarge(b *testing.B) {
	v := largeValue()
	m, _ := Serialize(StructuredClone, v, 0)
	b.SetBytes(int64(m.Size))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Serialize(StructuredClone, v, 64<<20); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeJSON(b *testing.B) {
	v := largeValue()
	b.SetBytes(int64(len(EncodeJSON(v))))
	b.ReportAllocs()
	for b.Loop() {
		EncodeJSON(v)
	}
}

func BenchmarkDecodeJSON(b *testing.B) {
	text := EncodeJSON(largeValue())
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeJSON(text); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMarshalBinary(b *testing.B) {
	v := largeValue()
	b.SetBytes(int64(len(MarshalBinary(v))))
	b.ReportAllocs()
	for b.Loop() {
		MarshalBinary(v)
	}
}

func BenchmarkUnmarshalBinary(b *testing.B) {
	data := MarshalBinary(largeValue())
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := UnmarshalBinary(data); err != nil {
			b.Fatal(err)
		}
	}
}
