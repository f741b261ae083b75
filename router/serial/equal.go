package serial

import (
	"bytes"
	"math"
)

// eqState compares two graphs in lockstep. Pointers met at the same place
// are paired, and a pairing, once made, must hold everywhere: this makes the
// comparison terminate on cycles and tells a shared reference apart from two
// equal but distinct ones (structured clone preserves the difference).
type eqState struct {
	ab, ba map[Value]Value
}

// pair reports whether a and b were paired before (done) and, if so,
// whether with each other; otherwise it pairs them.
func (s *eqState) pair(a, b Value) (done, eq bool) {
	if s.ab == nil {
		s.ab = make(map[Value]Value)
		s.ba = make(map[Value]Value)
	}
	if m, ok := s.ab[a]; ok {
		return true, m == b
	}
	if _, ok := s.ba[b]; ok {
		return true, false
	}
	s.ab[a] = b
	s.ba[b] = a
	return false, false
}

func sameNumber(x, y float64) bool {
	if x != x {
		return y != y
	}
	return x == y && math.Signbit(x) == math.Signbit(y)
}

func (s *eqState) eq(a, b Value) bool {
	switch x := a.(type) {
	case nil:
		return b == nil
	case Number:
		y, ok := b.(Number)
		return ok && sameNumber(float64(x), float64(y))
	case Undefined, Null, Bool, String, BigInt, Symbol, Function, HostObject:
		return a == b
	case *Object:
		y, ok := b.(*Object)
		if !ok || x == nil || y == nil {
			return ok && x == y
		}
		if done, eq := s.pair(x, y); done {
			return eq
		}
		if (x.ToJSON == nil) != (y.ToJSON == nil) || !s.props(x.Props, y.Props) {
			return false
		}
		return x.ToJSON == nil || s.eq(x.ToJSON, y.ToJSON)
	case *Array:
		y, ok := b.(*Array)
		if !ok || x == nil || y == nil {
			return ok && x == y
		}
		if done, eq := s.pair(x, y); done {
			return eq
		}
		return s.list(x.Elems, y.Elems) && s.props(x.Props, y.Props)
	case *Date:
		y, ok := b.(*Date)
		if !ok || x == nil || y == nil {
			return ok && x == y
		}
		if done, eq := s.pair(x, y); done {
			return eq
		}
		return sameNumber(x.Time, y.Time)
	case *RegExp:
		y, ok := b.(*RegExp)
		if !ok || x == nil || y == nil {
			return ok && x == y
		}
		if done, eq := s.pair(x, y); done {
			return eq
		}
		return *x == *y
	case *Map:
		y, ok := b.(*Map)
		if !ok || x == nil || y == nil {
			return ok && x == y
		}
		if done, eq := s.pair(x, y); done {
			return eq
		}
		if len(x.Entries) != len(y.Entries) {
			return false
		}
		for i := range x.Entries {
			if !s.eq(x.Entries[i].Key, y.Entries[i].Key) || !s.eq(x.Entries[i].Value, y.Entries[i].Value) {
				return false
			}
		}
		return true
	case *Set:
		y, ok := b.(*Set)
		if !ok || x == nil || y == nil {
			return ok && x == y
		}
		if done, eq := s.pair(x, y); done {
			return eq
		}
		return s.list(x.Elems, y.Elems)
	case *ArrayBuffer:
		y, ok := b.(*ArrayBuffer)
		if !ok || x == nil || y == nil {
			return ok && x == y
		}
		if done, eq := s.pair(x, y); done {
			return eq
		}
		return x.Shared == y.Shared && bytes.Equal(x.Data, y.Data)
	case *TypedArray:
		y, ok := b.(*TypedArray)
		if !ok || x == nil || y == nil {
			return ok && x == y
		}
		if done, eq := s.pair(x, y); done {
			return eq
		}
		if x.Type != y.Type || x.Offset != y.Offset || x.Length != y.Length {
			return false
		}
		if x.Buffer == nil || y.Buffer == nil {
			return x.Buffer == y.Buffer
		}
		return s.eq(x.Buffer, y.Buffer)
	case *Error:
		y, ok := b.(*Error)
		if !ok || x == nil || y == nil {
			return ok && x == y
		}
		if done, eq := s.pair(x, y); done {
			return eq
		}
		return *x == *y
	}
	return false
}

func (s *eqState) props(x, y []Prop) bool {
	if len(x) != len(y) {
		return false
	}
	for i := range x {
		if x[i].Key != y[i].Key || !s.eq(x[i].Value, y[i].Value) {
			return false
		}
	}
	return true
}

// list compares two element lists in order (array elements, set members).
func (s *eqState) list(a, b []Value) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !s.eq(a[i], b[i]) {
			return false
		}
	}
	return true
}
