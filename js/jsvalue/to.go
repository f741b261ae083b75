package jsvalue

import (
	"errors"
	"math"
	"math/big"
	"reflect"
	"slices"
	"strconv"
	"time"

	"github.com/grafana/sobek"

	"github.com/extsim/extsim/router/serial"
)

// memoKey identifies one conversion of an object. raw marks an object met as
// the result of a toJSON call (JSON mode), whose own toJSON is not called
// again; it is converted separately only when it has a toJSON method.
type memoKey struct {
	o   *sobek.Object
	raw bool
}

// keyRef is the property key a value was read under, materialized as a JS
// value only when a toJSON method needs it.
type keyRef struct {
	s     string      // the key, when v is nil and isIdx is false
	v     sobek.Value // the exact key, for keys read through the helpers
	idx   int         // the array index, when isIdx is set
	isIdx bool
}

func (k keyRef) value(rt *sobek.Runtime) sobek.Value {
	switch {
	case k.v != nil:
		return k.v
	case k.isIdx:
		return rt.ToValue(strconv.Itoa(k.idx))
	}
	return jsString(rt, k.s)
}

// toConv is the state of one ToSerial call.
type toConv struct {
	rt   *sobek.Runtime
	json bool
	memo memo[memoKey, serial.Value]
	h    *helpers
}

// primitive converts a non-object value.
func primitive(v sobek.Value) serial.Value {
	switch x := v.(type) {
	case nil:
		return serial.Undefined{}
	case sobek.String:
		return serial.String(wtf8(x))
	case *sobek.Symbol:
		return serial.Symbol{Description: x.String()}
	}
	switch {
	case sobek.IsUndefined(v):
		return serial.Undefined{}
	case sobek.IsNull(v):
		return serial.Null{}
	case sobek.IsNumber(v):
		return serial.Number(v.ToFloat())
	case sobek.IsBigInt(v):
		return serial.BigInt(v.String())
	}
	if b, ok := v.Export().(bool); ok {
		return serial.Bool(b)
	}
	return serial.Undefined{}
}

func depthError() error {
	return &serial.SerializeError{Reason: serial.Unserializable, Type: "depth"}
}

// value converts v, read under key; depth counts the containers around it.
// raw says v is what a toJSON method returned.
func (c *toConv) value(v sobek.Value, key keyRef, depth int, raw bool) (serial.Value, error) {
	if o, ok := v.(*sobek.Object); ok {
		if o == nil {
			return serial.Null{}, nil // what Runtime.ToValue makes of it
		}
		return c.object(o, key, depth, raw)
	}
	if c.json && !raw && sobek.IsBigInt(v) {
		// JSON.stringify calls toJSON on BigInts too (pages define
		// BigInt.prototype.toJSON to make them serializable).
		if fn, ok := sobek.AssertFunction(v.ToObject(c.rt).Get("toJSON")); ok {
			return c.callToJSON(fn, v, &serial.Object{}, key, depth)
		}
	}
	return primitive(v), nil
}

// callToJSON calls a toJSON method on this and stores the converted result
// in obj.ToJSON.
func (c *toConv) callToJSON(fn sobek.Callable, this sobek.Value, obj *serial.Object, key keyRef, depth int) (serial.Value, error) {
	r, err := fn(this, key.value(c.rt))
	if err != nil {
		return nil, err
	}
	if obj.ToJSON, err = c.value(r, key, depth, true); err != nil {
		return nil, err
	}
	return obj, nil
}

// toJSONMethod returns o's callable toJSON property, if JSON.stringify would
// call it. For a Date only an own toJSON counts: serial renders Dates as
// Date.prototype.toJSON does.
func toJSONMethod(o *sobek.Object, cls string) sobek.Callable {
	fn, ok := sobek.AssertFunction(o.Get("toJSON"))
	if !ok || cls == "Date" && !slices.Contains(o.GetOwnPropertyNames(), "toJSON") {
		return nil
	}
	return fn
}

func (c *toConv) object(o *sobek.Object, key keyRef, depth int, raw bool) (serial.Value, error) {
	if s, ok := c.memo.get(memoKey{o, raw}); ok {
		return s, nil
	}
	cls := o.ClassName()
	if c.json {
		fn := toJSONMethod(o, cls)
		switch {
		case fn != nil && !raw:
			obj := &serial.Object{}
			c.memo.put(memoKey{o, false}, obj)
			return c.callToJSON(fn, o, obj, key, depth)
		case fn == nil && raw:
			// Without a toJSON method, the object converts the same
			// either way.
			if s, ok := c.memo.get(memoKey{o, false}); ok {
				return s, nil
			}
			raw = false
		}
	}
	mk := memoKey{o, raw}
	switch cls {
	case "Array":
		return c.array(o, mk, depth)
	case "Function":
		return serial.Function{Name: funcName(o)}, nil
	case "Date":
		d := &serial.Date{Time: math.NaN()}
		if t, ok := o.Export().(time.Time); ok {
			d.Time = float64(t.UnixMilli())
		}
		c.memo.put(mk, d)
		return d, nil
	case "RegExp":
		r := &serial.RegExp{Source: valueString(o.Get("source")), Flags: valueString(o.Get("flags"))}
		c.memo.put(mk, r)
		return r, nil
	case "Error":
		e := &serial.Error{Name: "Error"}
		if n := o.Get("name"); n != nil && !sobek.IsUndefined(n) {
			e.Name = valueString(n)
		}
		if m := o.Get("message"); m != nil && !sobek.IsUndefined(m) {
			e.Message = valueString(m)
		}
		c.memo.put(mk, e)
		return e, nil
	case "String":
		// Boxed primitives become primitives, read as JSON.stringify
		// reads them (ToString, ToNumber).
		return serial.String(valueString(o)), nil
	case "Number":
		return serial.Number(o.ToFloat()), nil
	case "Boolean":
		if rv := reflect.ValueOf(o.Export()); rv.Kind() == reflect.Bool {
			return serial.Bool(rv.Bool()), nil
		}
		return serial.Bool(true), nil
	}
	return c.byExportType(o, mk, depth)
}

// byExportType converts an object whose class is "Object" (or another
// class with no meaning here, like "Arguments"). sobek gives the built-in
// exotic objects Go export types of their own.
func (c *toConv) byExportType(o *sobek.Object, mk memoKey, depth int) (serial.Value, error) {
	t := o.ExportType()
	switch t {
	case reflect.TypeFor[map[string]any]():
		// An ordinary object, or a built-in whose Go export is the same:
		// WeakMap, WeakSet, DataView. Those inherit from their own
		// prototype, so the tag is only read from objects that do not
		// inherit directly from a root (Object.prototype or null).
		if !rootProto(o) {
			switch tag := tagOf(o); tag {
			case "WeakMap", "WeakSet":
				return serial.HostObject{Class: tag}, nil
			case "DataView":
				if v, ok := c.dataView(o, mk); ok {
					return v, nil
				}
			}
		}
		return c.plain(o, mk, depth)
	case reflect.TypeFor[[][2]any]():
		return c.mapObject(o, mk, depth)
	case reflect.TypeFor[[]any]():
		return c.setObject(o, mk, depth)
	case reflect.TypeFor[*sobek.Promise]():
		return serial.HostObject{Class: "Promise"}, nil
	case reflect.TypeFor[sobek.Proxy]():
		return c.proxy(o, mk, depth)
	case reflect.TypeFor[sobek.ArrayBuffer]():
		return c.arrayBuffer(o), nil
	case reflect.TypeFor[*big.Int]():
		if b, ok := o.Export().(*big.Int); ok {
			return serial.BigInt(b.String()), nil
		}
	}
	if name := typedArrayName(t); name != "" {
		if name == "Uint8Array" && tagOf(o) == "Uint8ClampedArray" {
			name = "Uint8ClampedArray"
		}
		if v, ok := c.view(mk, name, o.Get("buffer"), o.Get("byteOffset"), o.Get("byteLength")); ok {
			return v, nil
		}
		return serial.HostObject{Class: name}, nil
	}
	// Backed by Go (a wrapped Go value, a DynamicObject...): a host object
	// when it names its class.
	if _, ok := sobek.AssertFunction(o); ok {
		return serial.Function{Name: funcName(o)}, nil
	}
	if tag := tagOf(o); tag != "" {
		return serial.HostObject{Class: tag}, nil
	}
	return c.plain(o, mk, depth)
}

// typedArrayName names the typed array whose Go export type is t. sobek
// exports Uint8Array and Uint8ClampedArray alike, as []byte.
func typedArrayName(t reflect.Type) string {
	switch t {
	case reflect.TypeFor[[]byte]():
		return "Uint8Array"
	case reflect.TypeFor[[]int8]():
		return "Int8Array"
	case reflect.TypeFor[[]uint16]():
		return "Uint16Array"
	case reflect.TypeFor[[]int16]():
		return "Int16Array"
	case reflect.TypeFor[[]uint32]():
		return "Uint32Array"
	case reflect.TypeFor[[]int32]():
		return "Int32Array"
	case reflect.TypeFor[[]float32]():
		return "Float32Array"
	case reflect.TypeFor[[]float64]():
		return "Float64Array"
	case reflect.TypeFor[[]int64]():
		return "BigInt64Array"
	case reflect.TypeFor[[]uint64]():
		return "BigUint64Array"
	}
	return ""
}

// rootProto reports whether o inherits directly from a root object, one
// without a prototype (normally Object.prototype), or from nothing.
func rootProto(o *sobek.Object) bool {
	p := o.Prototype()
	return p == nil || p.Prototype() == nil
}

// tagOf returns o's own or inherited Symbol.toStringTag, if it is a string.
func tagOf(o *sobek.Object) string {
	if s, ok := o.GetSymbol(sobek.SymToStringTag).(sobek.String); ok {
		return wtf8(s)
	}
	return ""
}

func funcName(o *sobek.Object) string {
	if s, ok := o.Get("name").(sobek.String); ok {
		return wtf8(s)
	}
	return ""
}

// proxy converts a Proxy. Structured clone refuses proxies; JSON.stringify
// reads them through their traps, as an array when the target is one.
func (c *toConv) proxy(o *sobek.Object, mk memoKey, depth int) (serial.Value, error) {
	if !c.json {
		tag := tagOf(o)
		if tag == "" {
			tag = "Proxy"
		}
		return serial.HostObject{Class: tag}, nil
	}
	t := o
	for t != nil && t.ExportType() == reflect.TypeFor[sobek.Proxy]() {
		p, _ := t.Export().(sobek.Proxy)
		t = p.Target()
	}
	if t != nil && t.ClassName() == "Array" {
		return c.array(o, mk, depth)
	}
	return c.plain(o, mk, depth)
}

// dataView converts an object tagged "DataView", unless its getters show it
// is not one (ok false: it is then an ordinary object).
func (c *toConv) dataView(o *sobek.Object, mk memoKey) (v serial.Value, ok bool) {
	var buf, off, n sobek.Value
	if ex := c.rt.Try(func() {
		buf, off, n = o.Get("buffer"), o.Get("byteOffset"), o.Get("byteLength")
	}); ex != nil {
		return nil, false
	}
	return c.view(mk, "DataView", buf, off, n)
}

// view builds a TypedArray of type typ on the buffer buf.
func (c *toConv) view(mk memoKey, typ string, buf, off, n sobek.Value) (serial.Value, bool) {
	bo, ok := buf.(*sobek.Object)
	if !ok || bo.ExportType() != reflect.TypeFor[sobek.ArrayBuffer]() || off == nil || n == nil {
		return nil, false
	}
	t := &serial.TypedArray{Type: typ, Buffer: c.arrayBuffer(bo), Offset: int(off.ToInteger()), Length: int(n.ToInteger())}
	c.memo.put(mk, t)
	return t, true
}

// arrayBuffer converts an ArrayBuffer, once per buffer, so that views on one
// buffer stay views on one buffer.
func (c *toConv) arrayBuffer(o *sobek.Object) *serial.ArrayBuffer {
	mk := memoKey{o: o}
	if s, ok := c.memo.get(mk); ok {
		if ab, ok := s.(*serial.ArrayBuffer); ok {
			return ab
		}
	}
	ab := &serial.ArrayBuffer{}
	if b, ok := o.Export().(sobek.ArrayBuffer); ok {
		ab.Data = slices.Clone(b.Bytes())
	}
	if ab.Data == nil {
		ab.Data = []byte{}
	}
	c.memo.put(mk, ab)
	return ab
}

func (c *toConv) mapObject(o *sobek.Object, mk memoKey, depth int) (serial.Value, error) {
	if depth >= maxDepth {
		return nil, depthError()
	}
	m := &serial.Map{}
	c.memo.put(mk, m)
	if c.json {
		return m, nil // JSON.stringify renders a Map as {}
	}
	var entries [][2]sobek.Value
	if err := c.rt.ExportTo(o, &entries); err != nil {
		return nil, err
	}
	m.Entries = make([]serial.MapEntry, len(entries))
	for i, e := range entries {
		k, err := c.value(e[0], keyRef{}, depth+1, false)
		if err != nil {
			return nil, err
		}
		v, err := c.value(e[1], keyRef{}, depth+1, false)
		if err != nil {
			return nil, err
		}
		m.Entries[i] = serial.MapEntry{Key: k, Value: v}
	}
	return m, nil
}

func (c *toConv) setObject(o *sobek.Object, mk memoKey, depth int) (serial.Value, error) {
	if depth >= maxDepth {
		return nil, depthError()
	}
	s := &serial.Set{}
	c.memo.put(mk, s)
	if c.json {
		return s, nil // JSON.stringify renders a Set as {}
	}
	var elems []sobek.Value
	if err := c.rt.ExportTo(o, &elems); err != nil {
		return nil, err
	}
	s.Elems = make([]serial.Value, len(elems))
	for i, e := range elems {
		v, err := c.value(e, keyRef{}, depth+1, false)
		if err != nil {
			return nil, err
		}
		s.Elems[i] = v
	}
	return s, nil
}

// keys returns o's own enumerable string keys in order. exact is nil unless
// a key may hold a lone surrogate, which Object.Keys cannot express: then
// the keys are read again with the helpers, exact holds them as JS strings,
// and keys their WTF-8 forms.
func (c *toConv) keys(o *sobek.Object) (keys []string, exact []sobek.Value, err error) {
	keys = o.Keys()
	for _, k := range keys {
		if mayBeLossy(k) {
			h, err := c.helpers()
			if err != nil {
				return nil, nil, err
			}
			if exact, err = h.ownKeys(o, len(keys)); err != nil {
				return nil, nil, err
			}
			keys = make([]string, len(exact))
			for i, kv := range exact {
				keys[i] = valueString(kv)
			}
			return keys, exact, nil
		}
	}
	return keys, nil, nil
}

// get reads o[keys[i]] (nil when the property is gone).
func (c *toConv) get(o *sobek.Object, keys []string, exact []sobek.Value, i int) (sobek.Value, keyRef, error) {
	if exact == nil {
		return o.Get(keys[i]), keyRef{s: keys[i]}, nil
	}
	v, err := c.h.get(sobek.Undefined(), o, exact[i])
	return v, keyRef{v: exact[i]}, err
}

func (c *toConv) helpers() (*helpers, error) {
	if c.h == nil {
		h, err := newHelpers(c.rt)
		if err != nil {
			return nil, err
		}
		c.h = h
	}
	return c.h, nil
}

// plain converts an ordinary object: its own enumerable string-keyed
// properties, in order, read with [[Get]].
func (c *toConv) plain(o *sobek.Object, mk memoKey, depth int) (serial.Value, error) {
	if depth >= maxDepth {
		return nil, depthError()
	}
	obj := &serial.Object{}
	c.memo.put(mk, obj)
	keys, exact, err := c.keys(o)
	if err != nil || len(keys) == 0 {
		return obj, err
	}
	obj.Props = make([]serial.Prop, 0, len(keys))
	for i := range keys {
		pv, kr, err := c.get(o, keys, exact, i)
		if err != nil {
			return nil, err
		}
		if pv == nil {
			continue // deleted by an earlier getter
		}
		sv, err := c.value(pv, kr, depth+1, false)
		if err != nil {
			return nil, err
		}
		obj.Props = append(obj.Props, serial.Prop{Key: keys[i], Value: sv})
	}
	return obj, nil
}

// array converts an array. JSON mode reads indices 0..length-1 with [[Get]]
// (a missing one is a hole, which JSON renders as null), as JSON.stringify
// does; structured clone reads the own enumerable properties, as the HTML
// serialization steps do, so holes stay holes and other properties go to
// Props.
func (c *toConv) array(o *sobek.Object, mk memoKey, depth int) (serial.Value, error) {
	if depth >= maxDepth {
		return nil, depthError()
	}
	var n int64
	if l := o.Get("length"); l != nil {
		n = l.ToInteger()
	}
	if n < 0 {
		n = 0
	}
	if n > maxArrayLength {
		return nil, errors.New("jsvalue: cannot send an array of length " + strconv.FormatInt(n, 10) +
			" (extsim's limit is " + strconv.Itoa(maxArrayLength) + ")")
	}
	a := &serial.Array{Elems: make([]serial.Value, n)}
	c.memo.put(mk, a)
	if c.json {
		for i := range a.Elems {
			ev := o.Get(strconv.Itoa(i))
			if ev == nil {
				continue
			}
			sv, err := c.value(ev, keyRef{idx: i, isIdx: true}, depth+1, false)
			if err != nil {
				return nil, err
			}
			a.Elems[i] = sv
		}
		return a, nil
	}
	keys, exact, err := c.keys(o)
	if err != nil {
		return nil, err
	}
	for i, k := range keys {
		ev, kr, err := c.get(o, keys, exact, i)
		if err != nil {
			return nil, err
		}
		if ev == nil {
			continue
		}
		sv, err := c.value(ev, kr, depth+1, false)
		if err != nil {
			return nil, err
		}
		if idx, ok := arrayIndex(k); ok && idx < len(a.Elems) {
			a.Elems[idx] = sv
		} else {
			a.Props = append(a.Props, serial.Prop{Key: k, Value: sv})
		}
	}
	return a, nil
}

// arrayIndex parses a canonical array index ("0", "17", not "017" or "-1").
func arrayIndex(k string) (int, bool) {
	if len(k) == 0 || len(k) > 10 || len(k) > 1 && k[0] == '0' {
		return 0, false
	}
	n := 0
	for i := 0; i < len(k); i++ {
		d := k[i] - '0'
		if d > 9 {
			return 0, false
		}
		n = n*10 + int(d)
	}
	if n >= math.MaxUint32 {
		return 0, false
	}
	return n, true
}
