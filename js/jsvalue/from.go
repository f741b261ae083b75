package jsvalue

import (
	"math/big"
	"strconv"
	"unicode/utf8"

	"github.com/grafana/sobek"

	"github.com/extsim/extsim/router/serial"
)

// fromBuilder is the state of one FromSerial call.
type fromBuilder struct {
	rt   *sobek.Runtime
	memo memo[serial.Value, *sobek.Object]
	// pending marks, in memo, an array whose elements are being built: the
	// array itself is made afterwards, in one step, unless an element
	// refers back to it first.
	pending *sobek.Object
	h       *helpers
}

// fromPrimitive converts the values that need no realm state.
func fromPrimitive(rt *sobek.Runtime, v serial.Value) (sobek.Value, bool) {
	switch x := v.(type) {
	case nil, serial.Undefined, serial.Symbol, serial.Function, serial.HostObject:
		return sobek.Undefined(), true
	case serial.Null:
		return sobek.Null(), true
	case serial.Bool:
		return rt.ToValue(bool(x)), true
	case serial.Number:
		return rt.ToValue(float64(x)), true
	case serial.String:
		return jsString(rt, string(x)), true
	case serial.BigInt:
		b, ok := new(big.Int).SetString(string(x), 10)
		if !ok {
			return sobek.Undefined(), true
		}
		return rt.ToValue(b), true
	}
	return nil, false
}

func (b *fromBuilder) value(v serial.Value) sobek.Value {
	if out, ok := fromPrimitive(b.rt, v); ok {
		return out
	}
	if o, ok := b.memo.get(v); ok {
		if o == b.pending {
			// An element of an array under construction refers back
			// to the array: make it now.
			o = b.rt.NewArray()
			b.memo.put(v, o)
		}
		return o
	}
	switch x := v.(type) {
	case *serial.Object:
		if x == nil {
			return sobek.Null()
		}
		o := b.rt.NewObject()
		b.memo.put(v, o)
		for _, p := range x.Props {
			b.define(o, p.Key, b.value(p.Value))
		}
		return o
	case *serial.Array:
		if x == nil {
			return sobek.Null()
		}
		return b.array(x)
	case *serial.Date:
		if x == nil {
			return sobek.Null()
		}
		return b.construct(v, "Date", b.rt.ToValue(x.Time))
	case *serial.RegExp:
		if x == nil {
			return sobek.Null()
		}
		return b.construct(v, "RegExp", jsString(b.rt, x.Source), jsString(b.rt, x.Flags))
	case *serial.Map:
		if x == nil {
			return sobek.Null()
		}
		m := b.construct(v, "Map")
		mo, ok := m.(*sobek.Object)
		if !ok {
			return m
		}
		set, ok := sobek.AssertFunction(mo.Get("set"))
		for _, e := range x.Entries {
			k, val := b.value(e.Key), b.value(e.Value)
			if ok {
				_, _ = set(mo, k, val)
			}
		}
		return mo
	case *serial.Set:
		if x == nil {
			return sobek.Null()
		}
		s := b.construct(v, "Set")
		so, ok := s.(*sobek.Object)
		if !ok {
			return s
		}
		add, ok := sobek.AssertFunction(so.Get("add"))
		for _, e := range x.Elems {
			val := b.value(e)
			if ok {
				_, _ = add(so, val)
			}
		}
		return so
	case *serial.ArrayBuffer:
		if x == nil {
			return sobek.Null()
		}
		data := make([]byte, len(x.Data)) // each realm gets its own bytes
		copy(data, x.Data)
		o, ok := b.rt.ToValue(b.rt.NewArrayBuffer(data)).(*sobek.Object)
		if !ok {
			return sobek.Undefined()
		}
		b.memo.put(v, o)
		return o
	case *serial.TypedArray:
		if x == nil {
			return sobek.Null()
		}
		size := elemSize(x.Type)
		if size == 0 || x.Buffer == nil || x.Length < 0 || x.Length%size != 0 {
			return sobek.Undefined()
		}
		buf := b.value(x.Buffer)
		n := x.Length
		if x.Type != "DataView" {
			n /= size
		}
		return b.construct(v, x.Type, buf, b.rt.ToValue(x.Offset), b.rt.ToValue(n))
	case *serial.Error:
		if x == nil {
			return sobek.Null()
		}
		name := "Error"
		switch x.Name {
		case "EvalError", "RangeError", "ReferenceError", "SyntaxError", "TypeError", "URIError":
			name = x.Name
		}
		return b.construct(v, name, jsString(b.rt, x.Message))
	}
	return sobek.Undefined()
}

// construct calls new name(args...) with the realm's global constructor
// and records the result for v; a missing constructor or an exception gives
// undefined.
func (b *fromBuilder) construct(v serial.Value, name string, args ...sobek.Value) sobek.Value {
	ctor, ok := b.rt.Get(name).(*sobek.Object)
	if !ok {
		return sobek.Undefined()
	}
	o, err := b.rt.New(ctor, args...)
	if err != nil || o == nil {
		return sobek.Undefined()
	}
	b.memo.put(v, o)
	return o
}

// array builds an array. Elements are built first and the array made from
// them in one step; holes are deleted afterwards. If an element refers back
// to the array, the array is made at that moment and filled index by index.
func (b *fromBuilder) array(x *serial.Array) sobek.Value {
	if b.pending == nil {
		b.pending = new(sobek.Object) // a marker, never given to sobek
	}
	b.memo.put(x, b.pending)
	items := make([]any, len(x.Elems))
	holes := false
	for i, e := range x.Elems {
		if e == nil {
			holes = true
			continue
		}
		items[i] = b.value(e)
	}
	arr, _ := b.memo.get(x)
	if arr == b.pending {
		arr = b.rt.NewArray(items...)
		b.memo.put(x, arr)
		if holes {
			for i, e := range x.Elems {
				if e == nil {
					_ = arr.Delete(strconv.Itoa(i))
				}
			}
		}
	} else {
		for i, it := range items {
			if x.Elems[i] != nil {
				_ = arr.DefineDataProperty(strconv.Itoa(i), it.(sobek.Value), sobek.FLAG_TRUE, sobek.FLAG_TRUE, sobek.FLAG_TRUE)
			}
		}
		_ = arr.Set("length", len(x.Elems))
	}
	for _, p := range x.Props {
		b.define(arr, p.Key, b.value(p.Value))
	}
	return arr
}

// define creates the data property key (WTF-8) on o, as JSON.parse and the
// structured deserializer do.
func (b *fromBuilder) define(o *sobek.Object, key string, v sobek.Value) {
	if utf8.ValidString(key) {
		_ = o.DefineDataProperty(key, v, sobek.FLAG_TRUE, sobek.FLAG_TRUE, sobek.FLAG_TRUE)
		return
	}
	// A key with a lone surrogate: sobek's Go API would turn it into
	// U+FFFD. Such a key cannot be "__proto__", so assignment is creation.
	if b.h == nil {
		h, err := newHelpers(b.rt)
		if err != nil {
			return
		}
		b.h = h
	}
	_, _ = b.h.set(sobek.Undefined(), o, jsString(b.rt, key), v)
}

// elemSize is the element size of a typed array type (1 for DataView), or 0
// for an unknown type.
func elemSize(typ string) int {
	switch typ {
	case "Int8Array", "Uint8Array", "Uint8ClampedArray", "DataView":
		return 1
	case "Int16Array", "Uint16Array", "Float16Array":
		return 2
	case "Int32Array", "Uint32Array", "Float32Array":
		return 4
	case "Float64Array", "BigInt64Array", "BigUint64Array":
		return 8
	}
	return 0
}
