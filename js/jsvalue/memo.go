package jsvalue

// smallN is how many entries a memo keeps in its fixed arrays before
// spilling to a map. Most messages hold a handful of objects, and a linear
// scan of a few pointers is cheaper than allocating and hashing into a map.
const smallN = 8

// memo maps objects already converted to their conversion, so that shared
// and cyclic references keep their shape.
type memo[K comparable, V any] struct {
	keys [smallN]K
	vals [smallN]V
	n    int
	m    map[K]V
}

func (m *memo[K, V]) get(k K) (V, bool) {
	if m.m != nil {
		v, ok := m.m[k]
		return v, ok
	}
	for i := 0; i < m.n; i++ {
		if m.keys[i] == k {
			return m.vals[i], true
		}
	}
	var zero V
	return zero, false
}

// put records k's conversion, replacing an earlier one.
func (m *memo[K, V]) put(k K, v V) {
	if m.m != nil {
		m.m[k] = v
		return
	}
	for i := 0; i < m.n; i++ {
		if m.keys[i] == k {
			m.vals[i] = v
			return
		}
	}
	if m.n < smallN {
		m.keys[m.n], m.vals[m.n] = k, v
		m.n++
		return
	}
	m.m = make(map[K]V, 2*smallN)
	for i := 0; i < m.n; i++ {
		m.m[m.keys[i]] = m.vals[i]
	}
	m.m[k] = v
}
