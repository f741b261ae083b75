package serial

// serializeClone implements Serialize(StructuredClone, ...). One walk (the
// binary encoder in measuring mode) finds the DataCloneErrors, measures the
// encoding of the message value, and notes whether v needs changing. Only
// then is v copied, preserving its sharing and cycles.
func serializeClone(v Value, limit int) (Message, error) {
	w := binWalker{sc: true}
	w.n = 1 // the version byte
	w.value(v, false, 0)
	if w.failed {
		return Message{Format: StructuredClone}, &SerializeError{Reason: w.reason, Type: w.errType}
	}
	if limit > 0 && w.n > limit {
		return Message{Format: StructuredClone}, &SerializeError{Reason: TooLarge, Size: w.n, Limit: limit}
	}
	out := v
	if w.changed {
		c := cloneCopier{memo: make(map[Value]Value)}
		out = c.value(v)
	}
	return Message{Format: StructuredClone, Value: out, Size: w.n}, nil
}

// cloneCopier copies a value graph that binWalker (sc mode) accepted but
// marked changed, applying the same changes: shared ArrayBuffers and views on
// them become null, ToJSON is dropped, Error names are normalized, nil
// Values become undefined. Containers are copied once each (memo maps old to
// new), so shared and cyclic references keep their shape; immutable leaves
// (Date, RegExp, ArrayBuffer, TypedArray) are reused.
type cloneCopier struct {
	memo map[Value]Value
}

func (c *cloneCopier) value(v Value) Value {
	switch x := v.(type) {
	case nil:
		return Undefined{}
	case *Object:
		if x == nil {
			return Null{}
		}
		if m, ok := c.memo[x]; ok {
			return m
		}
		o := &Object{}
		c.memo[x] = o
		o.Props = c.props(x.Props)
		return o
	case *Array:
		if x == nil {
			return Null{}
		}
		if m, ok := c.memo[x]; ok {
			return m
		}
		a := &Array{}
		c.memo[x] = a
		if x.Elems != nil {
			a.Elems = make([]Value, len(x.Elems))
			for i, e := range x.Elems {
				if e != nil { // a hole stays a hole
					a.Elems[i] = c.value(e)
				}
			}
		}
		a.Props = c.props(x.Props)
		return a
	case *Map:
		if x == nil {
			return Null{}
		}
		if m, ok := c.memo[x]; ok {
			return m
		}
		m := &Map{}
		c.memo[x] = m
		if x.Entries != nil {
			m.Entries = make([]MapEntry, len(x.Entries))
			for i, e := range x.Entries {
				m.Entries[i] = MapEntry{Key: c.value(e.Key), Value: c.value(e.Value)}
			}
		}
		return m
	case *Set:
		if x == nil {
			return Null{}
		}
		if m, ok := c.memo[x]; ok {
			return m
		}
		s := &Set{}
		c.memo[x] = s
		if x.Elems != nil {
			s.Elems = make([]Value, len(x.Elems))
			for i, e := range x.Elems {
				s.Elems[i] = c.value(e)
			}
		}
		return s
	case *ArrayBuffer:
		if x == nil || x.Shared {
			return Null{}
		}
		return x
	case *TypedArray:
		if x == nil || x.Buffer != nil && x.Buffer.Shared {
			return Null{}
		}
		return x
	case *Error:
		if x == nil {
			return Null{}
		}
		name := cloneErrorName(x.Name)
		if name == x.Name {
			return x
		}
		if m, ok := c.memo[x]; ok {
			return m
		}
		e := &Error{Name: name, Message: x.Message}
		c.memo[x] = e
		return e
	case *Date:
		if x == nil {
			return Null{}
		}
		return x
	case *RegExp:
		if x == nil {
			return Null{}
		}
		return x
	case Undefined, Null, Bool, Number, String, BigInt:
		return v
	}
	return Null{} // not reached: the walker rejected everything else
}

func (c *cloneCopier) props(props []Prop) []Prop {
	if props == nil {
		return nil
	}
	out := make([]Prop, len(props))
	for i, p := range props {
		out[i] = Prop{Key: p.Key, Value: c.value(p.Value)}
	}
	return out
}
