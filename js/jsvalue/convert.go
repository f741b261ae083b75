// Package jsvalue converts between JavaScript values of a sobek realm and
// serial.Value graphs, the form in which messages leave one realm and are
// materialized, as fresh objects, in another.
package jsvalue

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"time"

	"github.com/grafana/sobek"

	"github.com/extsim/extsim/router/serial"
)

// maxDepth bounds nesting, so a deep structure is an error, not a crashed
// Go stack.
const maxDepth = 10000

// ToSerial converts v from realm rt into a serial.Value graph for format f.
// It runs getters (as JSON.stringify and structuredClone do) and, in JSON
// mode, toJSON methods; an exception they throw is returned. The same JS
// object reached twice becomes the same Go pointer, so cycles terminate and
// serial.Serialize decides whether they may be sent. Call it on the realm's
// goroutine.
func ToSerial(rt *sobek.Runtime, v sobek.Value, f serial.Format) (out serial.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			if ex, ok := r.(*sobek.Exception); ok {
				out, err = nil, ex
				return
			}
			panic(r)
		}
	}()
	c := &toConv{rt: rt, f: f, seen: map[*sobek.Object]serial.Value{}, buffers: map[*sobek.Object]*serial.ArrayBuffer{}}
	return c.value(v, "", 0)
}

type toConv struct {
	rt       *sobek.Runtime
	f        serial.Format
	seen     map[*sobek.Object]serial.Value
	buffers  map[*sobek.Object]*serial.ArrayBuffer
	protos   map[*sobek.Object]string // intrinsic prototype -> class, built on demand
	objProto *sobek.Object
}

func (c *toConv) value(v sobek.Value, key string, depth int) (serial.Value, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("jsvalue: value nested more than %d levels deep", maxDepth)
	}
	switch {
	case v == nil || sobek.IsUndefined(v):
		return serial.Undefined{}, nil
	case sobek.IsNull(v):
		return serial.Null{}, nil
	}
	if s, ok := v.(*sobek.Symbol); ok {
		return serial.Symbol{Description: s.String()}, nil
	}
	o, isObj := v.(*sobek.Object)
	if !isObj {
		switch x := v.Export().(type) {
		case bool:
			return serial.Bool(x), nil
		case int64:
			return serial.Number(float64(x)), nil
		case float64:
			return serial.Number(x), nil
		case string:
			return serial.String(x), nil
		case *big.Int:
			return serial.BigInt(x.String()), nil
		}
		return serial.String(v.String()), nil
	}
	if sv, ok := c.seen[o]; ok {
		return sv, nil
	}
	if _, ok := sobek.AssertFunction(o); ok {
		return serial.Function{Name: o.Get("name").String()}, nil
	}
	switch class := c.classOf(o); class {
	case "Array":
		a := &serial.Array{}
		c.seen[o] = a
		n := int(o.Get("length").ToInteger())
		a.Elems = make([]serial.Value, n)
		for i := 0; i < n; i++ {
			e, err := c.value(o.Get(strconv.Itoa(i)), strconv.Itoa(i), depth+1)
			if err != nil {
				return nil, err
			}
			a.Elems[i] = e
		}
		return a, nil
	case "Date":
		if c.f == serial.JSON {
			if own := o.GetOwnPropertyNames(); containsString(own, "toJSON") {
				return c.withToJSON(o, key, depth)
			}
		}
		d := &serial.Date{Time: math.NaN()}
		if t, ok := o.Export().(time.Time); ok && !t.IsZero() {
			d.Time = float64(t.UnixNano()) / 1e6
		}
		if getTime, ok := sobek.AssertFunction(o.Get("getTime")); ok {
			if tv, err := getTime(o); err == nil {
				d.Time = tv.ToFloat()
			}
		}
		c.seen[o] = d
		return d, nil
	case "RegExp":
		r := &serial.RegExp{Source: o.Get("source").String(), Flags: o.Get("flags").String()}
		c.seen[o] = r
		return r, nil
	case "Map", "Set":
		entries, err := c.arrayFrom(o)
		if err != nil {
			return nil, err
		}
		if class == "Set" {
			s := &serial.Set{}
			c.seen[o] = s
			for _, e := range entries {
				sv, err := c.value(e, "", depth+1)
				if err != nil {
					return nil, err
				}
				s.Elems = append(s.Elems, sv)
			}
			return s, nil
		}
		m := &serial.Map{}
		c.seen[o] = m
		for _, e := range entries {
			pair := e.ToObject(c.rt)
			k, err := c.value(pair.Get("0"), "", depth+1)
			if err != nil {
				return nil, err
			}
			val, err := c.value(pair.Get("1"), "", depth+1)
			if err != nil {
				return nil, err
			}
			m.Entries = append(m.Entries, serial.MapEntry{Key: k, Value: val})
		}
		return m, nil
	case "ArrayBuffer":
		return c.buffer(o), nil
	case "Error":
		e := &serial.Error{Name: o.Get("name").String(), Message: o.Get("message").String()}
		c.seen[o] = e
		return e, nil
	case "Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array", "Uint32Array",
		"Float32Array", "Float64Array", "BigInt64Array", "BigUint64Array", "DataView":
		buf, _ := o.Get("buffer").(*sobek.Object)
		ta := &serial.TypedArray{Type: class, Offset: int(o.Get("byteOffset").ToInteger()), Length: int(o.Get("byteLength").ToInteger())}
		if buf != nil {
			ta.Buffer = c.buffer(buf)
		}
		c.seen[o] = ta
		return ta, nil
	case "Object":
	case "Proxy":
		return serial.HostObject{Class: "Object"}, nil
	default:
		// Promises, WeakMaps, Proxies and Go-backed objects cannot be cloned.
		return serial.HostObject{Class: class}, nil
	}
	if c.f == serial.JSON {
		if _, ok := sobek.AssertFunction(o.Get("toJSON")); ok {
			return c.withToJSON(o, key, depth)
		}
	}
	obj := &serial.Object{}
	c.seen[o] = obj
	keys := o.Keys()
	obj.Props = make([]serial.Prop, 0, len(keys))
	for _, k := range keys {
		pv, err := c.value(o.Get(k), k, depth+1)
		if err != nil {
			return nil, err
		}
		obj.Props = append(obj.Props, serial.Prop{Key: k, Value: pv})
	}
	return obj, nil
}

// classOf names o's built-in class. sobek's ClassName knows Array, Date,
// RegExp and Error; the rest are recognised by the realm's intrinsic
// prototypes on o's prototype chain (so subclasses count), after a fast
// path for plain objects.
func (c *toConv) classOf(o *sobek.Object) string {
	if cn := o.ClassName(); cn != "Object" {
		return cn
	}
	if _, ok := o.Export().(sobek.Proxy); ok {
		return "Proxy"
	}
	proto := o.Prototype()
	if proto == nil || proto == c.objectProto() {
		return "Object"
	}
	if c.protos == nil {
		c.protos = map[*sobek.Object]string{}
		// The constructors whose instances structured clone treats
		// specially, or refuses.
		for _, name := range [...]string{"Map", "Set", "WeakMap", "WeakSet", "WeakRef", "Promise", "ArrayBuffer",
			"SharedArrayBuffer", "DataView", "Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array",
			"Int32Array", "Uint32Array", "Float32Array", "Float64Array", "BigInt64Array", "BigUint64Array"} {
			if ctor, ok := c.rt.Get(name).(*sobek.Object); ok {
				if p, ok := ctor.Get("prototype").(*sobek.Object); ok {
					c.protos[p] = name
				}
			}
		}
	}
	for p := proto; p != nil; p = p.Prototype() {
		if name, ok := c.protos[p]; ok {
			return name
		}
	}
	return "Object"
}

func (c *toConv) objectProto() *sobek.Object {
	if c.objProto == nil {
		c.objProto, _ = c.rt.Get("Object").ToObject(c.rt).Get("prototype").(*sobek.Object)
	}
	return c.objProto
}

// withToJSON calls o.toJSON(key) as JSON.stringify does.
func (c *toConv) withToJSON(o *sobek.Object, key string, depth int) (serial.Value, error) {
	fn, _ := sobek.AssertFunction(o.Get("toJSON"))
	obj := &serial.Object{}
	c.seen[o] = obj
	res, err := fn(o, c.rt.ToValue(key))
	if err != nil {
		return nil, err
	}
	tj, err := c.value(res, key, depth+1)
	if err != nil {
		return nil, err
	}
	if tj == nil {
		tj = serial.Undefined{}
	}
	obj.ToJSON = tj
	return obj, nil
}

func (c *toConv) buffer(o *sobek.Object) *serial.ArrayBuffer {
	if b, ok := c.buffers[o]; ok {
		return b
	}
	ab := &serial.ArrayBuffer{}
	if x, ok := o.Export().(sobek.ArrayBuffer); ok {
		ab.Data = append([]byte(nil), x.Bytes()...)
	}
	c.buffers[o] = ab
	c.seen[o] = ab
	return ab
}

// arrayFrom returns the elements of an iterable (Map entries, Set values).
func (c *toConv) arrayFrom(o *sobek.Object) ([]sobek.Value, error) {
	from, _ := sobek.AssertFunction(c.rt.Get("Array").ToObject(c.rt).Get("from"))
	arr, err := from(sobek.Undefined(), o)
	if err != nil {
		return nil, err
	}
	a := arr.ToObject(c.rt)
	n := int(a.Get("length").ToInteger())
	out := make([]sobek.Value, n)
	for i := range out {
		out[i] = a.Get(strconv.Itoa(i))
	}
	return out, nil
}

func containsString(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// FromSerial builds v as fresh JavaScript values in realm rt, restoring
// shared and cyclic references. Values that can never be sent (functions,
// symbols, host objects) become undefined.
func FromSerial(rt *sobek.Runtime, v serial.Value) sobek.Value {
	c := &fromConv{rt: rt, seen: map[any]sobek.Value{}}
	return c.value(v)
}

type fromConv struct {
	rt   *sobek.Runtime
	seen map[any]sobek.Value
}

func (c *fromConv) ctor(name string) sobek.Value { return c.rt.Get(name) }

func (c *fromConv) construct(name string, args ...sobek.Value) *sobek.Object {
	o, err := c.rt.New(c.ctor(name), args...)
	if err != nil {
		panic(fmt.Sprintf("jsvalue: new %s: %v", name, err))
	}
	return o
}

func (c *fromConv) value(v serial.Value) sobek.Value {
	rt := c.rt
	switch x := v.(type) {
	case nil, serial.Undefined:
		return sobek.Undefined()
	case serial.Null:
		return sobek.Null()
	case serial.Bool:
		return rt.ToValue(bool(x))
	case serial.Number:
		return rt.ToValue(float64(x))
	case serial.String:
		return rt.ToValue(string(x))
	case serial.BigInt:
		n, ok := new(big.Int).SetString(string(x), 10)
		if !ok {
			return sobek.Undefined()
		}
		return rt.ToValue(n)
	}
	if sv, ok := c.seen[v]; ok {
		return sv
	}
	switch x := v.(type) {
	case *serial.Object:
		o := rt.NewObject()
		c.seen[v] = o
		for _, p := range x.Props {
			_ = o.Set(p.Key, c.value(p.Value))
		}
		return o
	case *serial.Array:
		a := rt.NewArray()
		c.seen[v] = a
		for i, e := range x.Elems {
			if e != nil {
				_ = a.Set(strconv.Itoa(i), c.value(e))
			}
		}
		_ = a.Set("length", len(x.Elems))
		for _, p := range x.Props {
			_ = a.Set(p.Key, c.value(p.Value))
		}
		return a
	case *serial.Date:
		d := c.construct("Date", rt.ToValue(x.Time))
		c.seen[v] = d
		return d
	case *serial.RegExp:
		r := c.construct("RegExp", rt.ToValue(x.Source), rt.ToValue(x.Flags))
		c.seen[v] = r
		return r
	case *serial.Map:
		m := c.construct("Map")
		c.seen[v] = m
		set, _ := sobek.AssertFunction(m.Get("set"))
		for _, e := range x.Entries {
			_, _ = set(m, c.value(e.Key), c.value(e.Value))
		}
		return m
	case *serial.Set:
		s := c.construct("Set")
		c.seen[v] = s
		add, _ := sobek.AssertFunction(s.Get("add"))
		for _, e := range x.Elems {
			_, _ = add(s, c.value(e))
		}
		return s
	case *serial.ArrayBuffer:
		b := rt.ToValue(rt.NewArrayBuffer(append([]byte(nil), x.Data...)))
		c.seen[v] = b
		return b
	case *serial.TypedArray:
		if x.Buffer == nil {
			return sobek.Undefined()
		}
		buf := c.value(x.Buffer)
		length := x.Length
		if size := elementSize(x.Type); size > 1 {
			length /= size
		}
		t := c.construct(x.Type, buf, rt.ToValue(x.Offset), rt.ToValue(length))
		c.seen[v] = t
		return t
	case *serial.Error:
		name := x.Name
		switch name {
		case "Error", "EvalError", "RangeError", "ReferenceError", "SyntaxError", "TypeError", "URIError":
		default:
			name = "Error"
		}
		e := c.construct(name, rt.ToValue(x.Message))
		c.seen[v] = e
		return e
	}
	return sobek.Undefined()
}

func elementSize(t string) int {
	switch t {
	case "Int16Array", "Uint16Array":
		return 2
	case "Int32Array", "Uint32Array", "Float32Array":
		return 4
	case "Float64Array", "BigInt64Array", "BigUint64Array":
		return 8
	}
	return 1
}
