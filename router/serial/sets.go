package serial

// maxDepth bounds how deeply containers may nest, in every walker and
// decoder of this package. Engines fail on deep values too (V8 throws a
// RangeError when JSON.stringify or the structured serializer runs out of
// stack); the bound keeps Go stacks small, and using the same number
// everywhere guarantees that whatever Serialize accepts, DecodeJSON and
// UnmarshalBinary accept back. It matches encoding/json's nesting limit.
const maxDepth = 10000

// smallSet is how many pointers the pointer sets keep in a fixed array
// before spilling to a map. Most messages are small and shallow, so their
// walks never allocate.
const smallSet = 16

// ptrSet records pointer-typed Values in order of first insertion and
// numbers them from 0. The first smallSet live in an array (searched
// linearly), the rest in a map. Only pointer-typed Values may be added: they
// are compared by identity.
type ptrSet struct {
	small [smallSet]Value
	n     int
	big   map[Value]int
}

// index returns p's number, or -1 when p was never added.
func (s *ptrSet) index(p Value) int {
	for i := 0; i < s.n; i++ {
		if s.small[i] == p {
			return i
		}
	}
	if s.big != nil {
		if i, ok := s.big[p]; ok {
			return i
		}
	}
	return -1
}

// add inserts p, which must not be present, and returns its number.
func (s *ptrSet) add(p Value) int {
	if s.n < smallSet {
		s.small[s.n] = p
		s.n++
		return s.n - 1
	}
	if s.big == nil {
		s.big = make(map[Value]int)
	}
	i := s.n + len(s.big)
	s.big[p] = i
	return i
}

// pathSet is the stack of containers being walked, for cycle detection:
// a container met again while it is on the stack closes a cycle. Like
// JSON.stringify's stack, it only holds the current path, so a shared but
// acyclic reference is not a cycle. The first smallSet levels live in an
// array, deeper ones in a map.
type pathSet struct {
	small [smallSet]Value
	n     int
	big   map[Value]struct{}
}

func (s *pathSet) has(p Value) bool {
	for i := 0; i < s.n; i++ {
		if s.small[i] == p {
			return true
		}
	}
	if len(s.big) > 0 {
		_, ok := s.big[p]
		return ok
	}
	return false
}

// push adds p, which must not be on the path, as the innermost level.
func (s *pathSet) push(p Value) {
	if s.n < smallSet {
		s.small[s.n] = p
		s.n++
		return
	}
	if s.big == nil {
		s.big = make(map[Value]struct{})
	}
	s.big[p] = struct{}{}
}

// pop removes p, which must be the innermost level.
func (s *pathSet) pop(p Value) {
	if len(s.big) > 0 {
		delete(s.big, p)
		return
	}
	s.n--
	s.small[s.n] = nil
}
