package serial

import (
	"encoding/binary"
	"math"
	"strconv"
)

// The binary format (version 1) is a version byte followed by one value.
// A value is a tag byte and a body:
//
//	tUndefined, tNull, tFalse, tTrue, tHole   (no body; holes only as array elements)
//	tNumber      8 bytes, IEEE 754 bits, little-endian
//	tString, tBigInt, tSymbol, tFunction, tHostObject
//	             a string: uvarint byte length, then the bytes (WTF-8,
//	             decimal digits, description, name, class)
//	tObject      uvarint n, then n × (key string, value)
//	tObjectToJSON  as tObject, then the ToJSON value
//	tArray       uvarint n, n × value (or tHole), uvarint m, m × (key, value)
//	tDate        8 bytes, the time value
//	tRegExp      source string, flags string
//	tMap         uvarint n, n × (key value, value value)
//	tSet         uvarint n, n × value
//	tArrayBuffer flags byte (1 = shared), uvarint length, the bytes
//	tTypedArray  kind byte, buffer value (a tArrayBuffer or a tRef to
//	             one), uvarint byte offset, uvarint byte length
//	tError       name string, message string
//	tRef         uvarint index of an object already read
//
// Every pointer-typed value (Object, Array, Date, RegExp, Map, Set,
// ArrayBuffer, TypedArray, Error) is numbered in order of first appearance,
// when its tag is written (before its contents, so that cycles can refer
// back to it); a later appearance is written as tRef. This keeps shared and
// cyclic references, which structured clone preserves.
const binaryVersion = 1

const (
	tUndefined byte = iota
	tNull
	tFalse
	tTrue
	tNumber
	tString
	tBigInt
	tSymbol
	tFunction
	tHostObject
	tHole
	tRef
	tObject
	tObjectToJSON
	tArray
	tDate
	tRegExp
	tMap
	tSet
	tArrayBuffer
	tTypedArray
	tError
)

func marshalBinary(v Value) []byte {
	w := binWalker{emit: true, buf: make([]byte, 0, 64)}
	w.byte(binaryVersion)
	w.value(v, false, 0)
	return w.buf
}

// binWalker writes (emit) or measures the binary encoding of a Value.
//
// In sc mode it implements the checks of Serialize(StructuredClone, ...) and
// measures the encoding of the value Serialize will return rather than of v:
// functions, symbols and host objects fail; shared ArrayBuffers (and views
// on them) count as null; Object.ToJSON is left out; Error names are
// normalized; nil Values count as undefined. changed records whether any of
// that happened, i.e. whether v must be copied.
type binWalker struct {
	emit bool
	sc   bool
	buf  []byte
	n    int
	seen ptrSet

	changed bool
	failed  bool
	reason  Reason
	errType string
}

func (w *binWalker) fail(r Reason, typ string) {
	if !w.failed {
		w.failed, w.reason, w.errType = true, r, typ
	}
}

func (w *binWalker) byte(c byte) {
	if w.emit {
		w.buf = append(w.buf, c)
	}
	w.n++
}

func (w *binWalker) uvarint(u uint64) {
	if w.emit {
		w.buf = binary.AppendUvarint(w.buf, u)
	}
	n := 1
	for u >= 0x80 {
		u >>= 7
		n++
	}
	w.n += n
}

func (w *binWalker) str(s string) {
	w.uvarint(uint64(len(s)))
	if w.emit {
		w.buf = append(w.buf, s...)
	}
	w.n += len(s)
}

func (w *binWalker) f64(f float64) {
	if w.emit {
		w.buf = binary.LittleEndian.AppendUint64(w.buf, math.Float64bits(f))
	}
	w.n += 8
}

// ref writes a back-reference if p was written before and reports whether
// it did; otherwise it numbers p.
func (w *binWalker) ref(p Value) bool {
	if i := w.seen.index(p); i >= 0 {
		w.byte(tRef)
		w.uvarint(uint64(i))
		return true
	}
	w.seen.add(p)
	return false
}

// nilPointer writes a typed nil pointer, which no JS value maps to, as null.
func (w *binWalker) nilPointer() {
	w.changed = true
	w.byte(tNull)
}

// container checks the nesting bound before a container's contents.
func (w *binWalker) container(depth int) bool {
	if w.sc && depth >= maxDepth {
		w.fail(Unserializable, "depth")
		return false
	}
	return true
}

// value writes v. elem says v is an array element, where nil is a hole;
// depth counts the containers around v.
func (w *binWalker) value(v Value, elem bool, depth int) {
	if w.failed {
		return
	}
	switch x := v.(type) {
	case nil:
		if elem {
			w.byte(tHole)
			return
		}
		w.changed = true
		w.byte(tUndefined)
	case Undefined:
		w.byte(tUndefined)
	case Null:
		w.byte(tNull)
	case Bool:
		if x {
			w.byte(tTrue)
		} else {
			w.byte(tFalse)
		}
	case Number:
		w.byte(tNumber)
		w.f64(float64(x))
	case String:
		w.byte(tString)
		w.str(string(x))
	case BigInt:
		w.byte(tBigInt)
		w.str(string(x))
	case Symbol:
		if w.sc {
			w.fail(NotCloneable, "Symbol")
			return
		}
		w.byte(tSymbol)
		w.str(x.Description)
	case Function:
		if w.sc {
			w.fail(NotCloneable, "Function")
			return
		}
		w.byte(tFunction)
		w.str(x.Name)
	case HostObject:
		if w.sc {
			w.fail(NotCloneable, x.Class)
			return
		}
		w.byte(tHostObject)
		w.str(x.Class)
	case *Object:
		if x == nil {
			w.nilPointer()
			return
		}
		if w.ref(x) || !w.container(depth) {
			return
		}
		withToJSON := x.ToJSON != nil && !w.sc
		if x.ToJSON != nil && w.sc {
			w.changed = true // structured clone does not call toJSON
		}
		if withToJSON {
			w.byte(tObjectToJSON)
		} else {
			w.byte(tObject)
		}
		w.props(x.Props, depth+1)
		if withToJSON {
			w.value(x.ToJSON, false, depth+1)
		}
	case *Array:
		if x == nil {
			w.nilPointer()
			return
		}
		if w.ref(x) || !w.container(depth) {
			return
		}
		w.byte(tArray)
		w.uvarint(uint64(len(x.Elems)))
		for _, e := range x.Elems {
			w.value(e, true, depth+1)
		}
		w.props(x.Props, depth+1)
	case *Date:
		if x == nil {
			w.nilPointer()
			return
		}
		if w.ref(x) {
			return
		}
		w.byte(tDate)
		w.f64(x.Time)
	case *RegExp:
		if x == nil {
			w.nilPointer()
			return
		}
		if w.ref(x) {
			return
		}
		w.byte(tRegExp)
		w.str(x.Source)
		w.str(x.Flags)
	case *Map:
		if x == nil {
			w.nilPointer()
			return
		}
		if w.ref(x) || !w.container(depth) {
			return
		}
		w.byte(tMap)
		w.uvarint(uint64(len(x.Entries)))
		for _, e := range x.Entries {
			w.value(e.Key, false, depth+1)
			w.value(e.Value, false, depth+1)
		}
	case *Set:
		if x == nil {
			w.nilPointer()
			return
		}
		if w.ref(x) || !w.container(depth) {
			return
		}
		w.byte(tSet)
		w.uvarint(uint64(len(x.Elems)))
		for _, e := range x.Elems {
			w.value(e, false, depth+1)
		}
	case *ArrayBuffer:
		if x == nil {
			w.nilPointer()
			return
		}
		if x.Shared && w.sc {
			// Rule F9: a SharedArrayBuffer does not survive extension
			// messaging; the receiver gets null.
			w.changed = true
			w.byte(tNull)
			return
		}
		if w.ref(x) {
			return
		}
		w.byte(tArrayBuffer)
		if x.Shared {
			w.byte(1)
		} else {
			w.byte(0)
		}
		w.uvarint(uint64(len(x.Data)))
		if w.emit {
			w.buf = append(w.buf, x.Data...)
		}
		w.n += len(x.Data)
	case *TypedArray:
		if x == nil {
			w.nilPointer()
			return
		}
		if w.sc {
			if x.Buffer != nil && x.Buffer.Shared {
				// A view cannot outlive its buffer: it becomes null
				// with it (rule F9).
				w.changed = true
				w.byte(tNull)
				return
			}
			if _, _, _, ok := typedArrayView(x); !ok {
				// No JS value looks like this; the closest is a view
				// whose buffer was detached, a DataCloneError.
				w.fail(NotCloneable, x.Type)
				return
			}
		}
		if w.ref(x) {
			return
		}
		kind, _ := typedArrayKind(x.Type)
		w.byte(tTypedArray)
		w.byte(kind)
		if x.Buffer == nil {
			w.byte(tNull) // only outside sc mode; rejected by UnmarshalBinary
		} else {
			w.value(x.Buffer, false, depth)
		}
		w.uvarint(uint64(x.Offset))
		w.uvarint(uint64(x.Length))
	case *Error:
		if x == nil {
			w.nilPointer()
			return
		}
		if w.ref(x) {
			return
		}
		name := x.Name
		if w.sc {
			if n := cloneErrorName(name); n != name {
				w.changed = true
				name = n
			}
		}
		w.byte(tError)
		w.str(name)
		w.str(x.Message)
	default:
		w.changed = true
		w.byte(tNull)
	}
}

func (w *binWalker) props(props []Prop, depth int) {
	w.uvarint(uint64(len(props)))
	for _, p := range props {
		w.str(p.Key)
		w.value(p.Value, false, depth)
	}
}

// cloneErrorName is the name an Error keeps through structured clone (HTML
// StructuredSerializeInternal): the standard constructors' names survive,
// anything else becomes "Error".
func cloneErrorName(name string) string {
	switch name {
	case "Error", "EvalError", "RangeError", "ReferenceError", "SyntaxError", "TypeError", "URIError":
		return name
	}
	return "Error"
}

// binReader decodes the binary format.
type binReader struct {
	b     []byte
	i     int
	objs  []Value // numbered objects, for tRef
	depth int
	// budget is how many slice elements may still be preallocated from
	// length prefixes. Every element needs at least one input byte, but
	// nested containers can each claim the whole remaining input, so
	// preallocation is drawn from a budget of len(b) shared by all of them;
	// beyond it slices grow as elements actually arrive.
	budget int
}

func unmarshalBinary(b []byte) (Value, error) {
	r := binReader{b: b, budget: len(b)}
	if len(b) == 0 {
		return nil, r.errf("empty input")
	}
	if b[0] != binaryVersion {
		return nil, r.errf("unknown version " + strconv.Itoa(int(b[0])))
	}
	r.i = 1
	v, err := r.value(false)
	if err != nil {
		return nil, err
	}
	if r.i != len(b) {
		return nil, r.errf("unexpected data after the value")
	}
	return v, nil
}

func (r *binReader) errf(msg string) error {
	return &syntaxError{format: "binary", off: r.i, msg: msg}
}

func (r *binReader) byte() (byte, error) {
	if r.i >= len(r.b) {
		return 0, r.errf("unexpected end of input")
	}
	c := r.b[r.i]
	r.i++
	return c, nil
}

func (r *binReader) uvarint() (uint64, error) {
	u, n := binary.Uvarint(r.b[r.i:])
	if n <= 0 {
		if n == 0 {
			return 0, r.errf("unexpected end of input in varint")
		}
		return 0, r.errf("varint overflows 64 bits")
	}
	r.i += n
	return u, nil
}

// count reads an element count. Each element takes at least minSize bytes, so a
// count the rest of the input cannot hold is rejected before anything is
// allocated. It also returns how many elements to preallocate.
func (r *binReader) count(minSize int) (n, prealloc int, err error) {
	at := r.i
	u, err := r.uvarint()
	if err != nil {
		return 0, 0, err
	}
	if u > uint64((len(r.b)-r.i)/minSize) {
		r.i = at
		return 0, 0, r.errf("count " + strconv.FormatUint(u, 10) + " exceeds the remaining input")
	}
	n = int(u)
	prealloc = min(n, r.budget)
	r.budget -= prealloc
	return n, prealloc, nil
}

func (r *binReader) str() (string, error) {
	at := r.i
	u, err := r.uvarint()
	if err != nil {
		return "", err
	}
	if u > uint64(len(r.b)-r.i) {
		r.i = at
		return "", r.errf("string length " + strconv.FormatUint(u, 10) + " exceeds the remaining input")
	}
	s := string(r.b[r.i : r.i+int(u)])
	r.i += int(u)
	return s, nil
}

func (r *binReader) f64() (float64, error) {
	if len(r.b)-r.i < 8 {
		return 0, r.errf("unexpected end of input in number")
	}
	f := math.Float64frombits(binary.LittleEndian.Uint64(r.b[r.i:]))
	r.i += 8
	return f, nil
}

// enter opens a container, enforcing maxDepth.
func (r *binReader) enter() error {
	if r.depth >= maxDepth {
		return r.errf("nesting deeper than " + strconv.Itoa(maxDepth) + " levels")
	}
	r.depth++
	return nil
}

// value reads one value; elem allows a hole (array elements).
func (r *binReader) value(elem bool) (Value, error) {
	at := r.i
	tag, err := r.byte()
	if err != nil {
		return nil, err
	}
	switch tag {
	case tUndefined:
		return Undefined{}, nil
	case tNull:
		return Null{}, nil
	case tFalse:
		return Bool(false), nil
	case tTrue:
		return Bool(true), nil
	case tHole:
		if !elem {
			r.i = at
			return nil, r.errf("hole outside an array")
		}
		return nil, nil
	case tNumber:
		f, err := r.f64()
		return Number(f), err
	case tString, tBigInt, tSymbol, tFunction, tHostObject:
		s, err := r.str()
		if err != nil {
			return nil, err
		}
		switch tag {
		case tString:
			return String(s), nil
		case tBigInt:
			return BigInt(s), nil
		case tSymbol:
			return Symbol{Description: s}, nil
		case tFunction:
			return Function{Name: s}, nil
		}
		return HostObject{Class: s}, nil
	case tRef:
		u, err := r.uvarint()
		if err != nil {
			return nil, err
		}
		if u >= uint64(len(r.objs)) {
			r.i = at
			return nil, r.errf("reference to unknown object " + strconv.FormatUint(u, 10))
		}
		return r.objs[u], nil
	case tObject, tObjectToJSON:
		if err := r.enter(); err != nil {
			r.i = at
			return nil, err
		}
		o := &Object{}
		r.objs = append(r.objs, o)
		if o.Props, err = r.props(); err != nil {
			return nil, err
		}
		if tag == tObjectToJSON {
			if o.ToJSON, err = r.value(false); err != nil {
				return nil, err
			}
		}
		r.depth--
		return o, nil
	case tArray:
		if err := r.enter(); err != nil {
			r.i = at
			return nil, err
		}
		a := &Array{}
		r.objs = append(r.objs, a)
		n, pre, err := r.count(1)
		if err != nil {
			return nil, err
		}
		if n > 0 {
			a.Elems = make([]Value, 0, pre)
		}
		for range n {
			e, err := r.value(true)
			if err != nil {
				return nil, err
			}
			a.Elems = append(a.Elems, e)
		}
		if a.Props, err = r.props(); err != nil {
			return nil, err
		}
		r.depth--
		return a, nil
	case tDate:
		d := &Date{}
		r.objs = append(r.objs, d)
		d.Time, err = r.f64()
		return d, err
	case tRegExp:
		re := &RegExp{}
		r.objs = append(r.objs, re)
		if re.Source, err = r.str(); err != nil {
			return nil, err
		}
		re.Flags, err = r.str()
		return re, err
	case tMap:
		if err := r.enter(); err != nil {
			r.i = at
			return nil, err
		}
		m := &Map{}
		r.objs = append(r.objs, m)
		n, pre, err := r.count(2)
		if err != nil {
			return nil, err
		}
		if n > 0 {
			m.Entries = make([]MapEntry, 0, pre)
		}
		for range n {
			k, err := r.value(false)
			if err != nil {
				return nil, err
			}
			v, err := r.value(false)
			if err != nil {
				return nil, err
			}
			m.Entries = append(m.Entries, MapEntry{Key: k, Value: v})
		}
		r.depth--
		return m, nil
	case tSet:
		if err := r.enter(); err != nil {
			r.i = at
			return nil, err
		}
		s := &Set{}
		r.objs = append(r.objs, s)
		n, pre, err := r.count(1)
		if err != nil {
			return nil, err
		}
		if n > 0 {
			s.Elems = make([]Value, 0, pre)
		}
		for range n {
			e, err := r.value(false)
			if err != nil {
				return nil, err
			}
			s.Elems = append(s.Elems, e)
		}
		r.depth--
		return s, nil
	case tArrayBuffer:
		ab := &ArrayBuffer{}
		r.objs = append(r.objs, ab)
		flags, err := r.byte()
		if err != nil {
			return nil, err
		}
		if flags > 1 {
			r.i--
			return nil, r.errf("invalid ArrayBuffer flags")
		}
		ab.Shared = flags == 1
		at := r.i
		u, err := r.uvarint()
		if err != nil {
			return nil, err
		}
		if u > uint64(len(r.b)-r.i) {
			r.i = at
			return nil, r.errf("ArrayBuffer length " + strconv.FormatUint(u, 10) + " exceeds the remaining input")
		}
		if u > 0 {
			ab.Data = append([]byte(nil), r.b[r.i:r.i+int(u)]...)
		}
		r.i += int(u)
		return ab, nil
	case tTypedArray:
		t := &TypedArray{}
		r.objs = append(r.objs, t)
		kind, err := r.byte()
		if err != nil {
			return nil, err
		}
		if kind == taInvalid || kind > taLast {
			r.i--
			return nil, r.errf("unknown typed array kind " + strconv.Itoa(int(kind)))
		}
		t.Type = typedArrayName(kind)
		bufAt := r.i
		bv, err := r.value(false)
		if err != nil {
			return nil, err
		}
		buf, ok := bv.(*ArrayBuffer)
		if !ok {
			r.i = bufAt
			return nil, r.errf("typed array buffer is not an ArrayBuffer")
		}
		t.Buffer = buf
		viewAt := r.i
		off, err := r.uvarint()
		if err != nil {
			return nil, err
		}
		length, err := r.uvarint()
		if err != nil {
			return nil, err
		}
		size := uint64(len(buf.Data))
		if off > size || length > size-off {
			r.i = viewAt
			return nil, r.errf("typed array view out of bounds")
		}
		t.Offset, t.Length = int(off), int(length)
		if _, _, _, ok := typedArrayView(t); !ok {
			r.i = viewAt
			return nil, r.errf("typed array view not aligned to its element size")
		}
		return t, nil
	case tError:
		e := &Error{}
		r.objs = append(r.objs, e)
		if e.Name, err = r.str(); err != nil {
			return nil, err
		}
		e.Message, err = r.str()
		return e, err
	}
	r.i = at
	return nil, r.errf("unknown tag " + strconv.Itoa(int(tag)))
}

func (r *binReader) props() ([]Prop, error) {
	n, pre, err := r.count(2)
	if err != nil || n == 0 {
		return nil, err
	}
	props := make([]Prop, 0, pre)
	for range n {
		k, err := r.str()
		if err != nil {
			return nil, err
		}
		v, err := r.value(false)
		if err != nil {
			return nil, err
		}
		props = append(props, Prop{Key: k, Value: v})
	}
	return props, nil
}
