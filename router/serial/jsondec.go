package serial

import (
	"math"
	"slices"
	"strconv"
	"unicode/utf8"
)

// syntaxError is a DecodeJSON or UnmarshalBinary failure at a byte offset.
type syntaxError struct {
	format string // "JSON" or "binary"
	off    int
	msg    string
}

func (e *syntaxError) Error() string {
	return "serial: invalid " + e.format + " at offset " + strconv.Itoa(e.off) + ": " + e.msg
}

// jsonParser is a recursive-descent parser for JSON text as JSON.parse
// accepts it (ECMA-262 25.5.1, i.e. RFC 8259 without the BOM). Recursion is
// bounded by maxDepth.
type jsonParser struct {
	b     []byte
	s     string // b as a string, allocated once: strings without escapes are slices of it
	i     int
	depth int
	// props and elems are stacks of the members of the objects and arrays
	// being parsed; each container copies its members out, at their exact
	// count, when it closes, instead of growing a slice of its own.
	props []Prop
	elems []Value
}

func decodeJSON(b []byte) (Value, error) {
	p := jsonParser{b: b, s: string(b)}
	v, err := p.value()
	if err != nil {
		return nil, err
	}
	p.ws()
	if p.i < len(p.b) {
		return nil, p.errf("unexpected " + p.describe() + " after top-level value")
	}
	return v, nil
}

func (p *jsonParser) errf(msg string) error {
	return &syntaxError{format: "JSON", off: p.i, msg: msg}
}

// describe names the byte at p.i for an error message.
func (p *jsonParser) describe() string {
	if p.i >= len(p.b) {
		return "end of input"
	}
	c := p.b[p.i]
	if c >= 0x20 && c < 0x7f {
		return "character " + strconv.QuoteRune(rune(c))
	}
	return "byte 0x" + strconv.FormatUint(uint64(c), 16)
}

// ws skips JSON whitespace: exactly space, tab, LF and CR.
func (p *jsonParser) ws() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *jsonParser) value() (Value, error) {
	p.ws()
	if p.i >= len(p.b) {
		return nil, p.errf("unexpected end of input")
	}
	switch c := p.b[p.i]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		s, err := p.str()
		if err != nil {
			return nil, err
		}
		return String(s), nil
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	case c == 't':
		return Bool(true), p.literal("true")
	case c == 'f':
		return Bool(false), p.literal("false")
	case c == 'n':
		return Null{}, p.literal("null")
	}
	return nil, p.errf("unexpected " + p.describe())
}

func (p *jsonParser) literal(lit string) error {
	for j := 0; j < len(lit); j++ {
		if p.i >= len(p.b) || p.b[p.i] != lit[j] {
			return p.errf("unexpected " + p.describe() + " in literal " + lit)
		}
		p.i++
	}
	return nil
}

// enter opens a container, enforcing maxDepth.
func (p *jsonParser) enter() error {
	if p.depth >= maxDepth {
		return p.errf("nesting deeper than " + strconv.Itoa(maxDepth) + " levels")
	}
	p.depth++
	p.i++
	return nil
}

func (p *jsonParser) array() (Value, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	a := &Array{}
	p.ws()
	if p.i < len(p.b) && p.b[p.i] == ']' {
		p.i++
		p.depth--
		return a, nil
	}
	base := len(p.elems)
	for {
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		p.elems = append(p.elems, v)
		p.ws()
		if p.i >= len(p.b) {
			return nil, p.errf("unexpected end of input in array")
		}
		switch p.b[p.i] {
		case ',':
			p.i++
		case ']':
			p.i++
			p.depth--
			a.Elems = append([]Value(nil), p.elems[base:]...)
			clear(p.elems[base:])
			p.elems = p.elems[:base]
			return a, nil
		default:
			return nil, p.errf("unexpected " + p.describe() + " in array, expecting ',' or ']'")
		}
	}
}

// object parses an object. Like JSON.parse, which defines the properties one
// after the other, a repeated key keeps the position of its first occurrence
// and the value of its last, and the result lists keys in JS own-property
// order: array indices ascending first, then the other keys in insertion
// order.
func (p *jsonParser) object() (Value, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	o := &Object{}
	p.ws()
	if p.i < len(p.b) && p.b[p.i] == '}' {
		p.i++
		p.depth--
		return o, nil
	}
	var byKey map[string]int // positions, once linear search gets slow
	indices := false
	base := len(p.props)
	for {
		p.ws()
		if p.i >= len(p.b) || p.b[p.i] != '"' {
			return nil, p.errf("unexpected " + p.describe() + " in object, expecting a string key")
		}
		key, err := p.str()
		if err != nil {
			return nil, err
		}
		p.ws()
		if p.i >= len(p.b) || p.b[p.i] != ':' {
			return nil, p.errf("unexpected " + p.describe() + " in object, expecting ':'")
		}
		p.i++
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		members := p.props[base:]
		pos := -1
		if byKey != nil {
			if j, ok := byKey[key]; ok {
				pos = j
			}
		} else {
			for j := range members {
				if members[j].Key == key {
					pos = j
					break
				}
			}
		}
		if pos >= 0 {
			members[pos].Value = v
		} else {
			if _, ok := arrayIndex(key); ok {
				indices = true
			}
			p.props = append(p.props, Prop{Key: key, Value: v})
			members = p.props[base:]
			if byKey != nil {
				byKey[key] = len(members) - 1
			} else if len(members) > 16 {
				byKey = make(map[string]int, 2*len(members))
				for j, pr := range members {
					byKey[pr.Key] = j
				}
			}
		}
		p.ws()
		if p.i >= len(p.b) {
			return nil, p.errf("unexpected end of input in object")
		}
		switch p.b[p.i] {
		case ',':
			p.i++
		case '}':
			p.i++
			p.depth--
			o.Props = append([]Prop(nil), p.props[base:]...)
			clear(p.props[base:])
			p.props = p.props[:base]
			if indices {
				sortIndexKeys(o.Props)
			}
			return o, nil
		default:
			return nil, p.errf("unexpected " + p.describe() + " in object, expecting ',' or '}'")
		}
	}
}

// arrayIndex reports whether key is an array index (ECMA-262 6.1.7): the
// canonical decimal form of an integer below 2^32-1.
func arrayIndex(key string) (uint32, bool) {
	if len(key) == 0 || len(key) > 10 || (key[0] == '0' && len(key) > 1) {
		return 0, false
	}
	var n uint64
	for i := 0; i < len(key); i++ {
		c := key[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	if n >= math.MaxUint32 {
		return 0, false
	}
	return uint32(n), true
}

// sortIndexKeys puts props in JS own-property order (OrdinaryOwnPropertyKeys):
// array-index keys ascending, then the rest in their current order.
func sortIndexKeys(props []Prop) {
	var idx, rest []Prop
	for _, pr := range props {
		if _, ok := arrayIndex(pr.Key); ok {
			idx = append(idx, pr)
		} else {
			rest = append(rest, pr)
		}
	}
	slices.SortFunc(idx, func(a, b Prop) int {
		x, _ := arrayIndex(a.Key)
		y, _ := arrayIndex(b.Key)
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	})
	copy(props, idx)
	copy(props[len(idx):], rest)
}

// number parses a number with the JSON grammar
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? and converts it as JSON.parse
// does: correctly rounded, overflowing to ±Infinity, keeping -0.
func (p *jsonParser) number() (Value, error) {
	b := p.b
	start := p.i
	i := p.i
	neg := false
	if b[i] == '-' {
		neg = true
		i++
	}
	digits := func() int {
		j := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		return i - j
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		digits()
	default:
		p.i = i
		return nil, p.errf("unexpected " + p.describe() + " in number, expecting a digit")
	}
	intEnd := i
	simple := true
	if i < len(b) && b[i] == '.' {
		simple = false
		i++
		if digits() == 0 {
			p.i = i
			return nil, p.errf("unexpected " + p.describe() + " in number, expecting a digit after '.'")
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		simple = false
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if digits() == 0 {
			p.i = i
			return nil, p.errf("unexpected " + p.describe() + " in number, expecting an exponent digit")
		}
	}
	p.i = i
	first := start
	if neg {
		first++
	}
	if simple && intEnd-first <= 15 {
		// At most 15 digits: exact in a float64, no rounding question.
		var n int64
		for j := first; j < intEnd; j++ {
			n = n*10 + int64(b[j]-'0')
		}
		f := float64(n)
		if neg {
			f = -f // -0 stays -0, as in JS
		}
		return Number(f), nil
	}
	f, err := strconv.ParseFloat(string(b[start:i]), 64)
	if err != nil && !isRangeErr(err) {
		p.i = start
		return nil, p.errf("invalid number")
	}
	return Number(f), nil // ±Inf on overflow, as JS gives
}

func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

// str parses a string literal at p.i (the opening quote) into WTF-8:
// \uXXXX escapes of lone surrogates, and raw lone surrogates in WTF-8
// input, become 3-byte surrogate sequences, and surrogate halves that meet
// (escaped or raw) become the supplementary character they encode, since a
// JS string does not tell the two apart. Other invalid UTF-8 is rejected.
func (p *jsonParser) str() (string, error) {
	b := p.b
	start := p.i + 1
	ascii := true
	for i := start; i < len(b); i++ {
		c := b[i]
		switch {
		case c == '"':
			if ascii || utf8.Valid(b[start:i]) {
				p.i = i + 1
				return p.s[start:i], nil
			}
			return p.strSlow(start)
		case c == '\\':
			return p.strSlow(start)
		case c < 0x20:
			p.i = i
			return "", p.errf("unescaped control character in string")
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	p.i = len(b)
	return "", p.errf("unexpected end of input in string")
}

func (p *jsonParser) strSlow(start int) (string, error) {
	b := p.b
	buf := make([]byte, 0, 16)
	highEnd := -1 // len(buf) just after appending a high surrogate
	unit := func(u rune) {
		if u >= 0xDC00 && u <= 0xDFFF && highEnd == len(buf) {
			hi, _ := decodeWTF8Bytes(buf, len(buf)-3)
			buf = utf8.AppendRune(buf[:len(buf)-3], 0x10000+(hi-0xD800)<<10+(u-0xDC00))
			return
		}
		if u >= 0xD800 && u <= 0xDFFF {
			buf = appendSurrogate(buf, u)
			if u <= 0xDBFF {
				highEnd = len(buf)
			}
			return
		}
		buf = utf8.AppendRune(buf, u)
	}
	for i := start; i < len(b); {
		c := b[i]
		switch {
		case c == '"':
			p.i = i + 1
			return string(buf), nil
		case c == '\\':
			if i+1 >= len(b) {
				p.i = len(b)
				return "", p.errf("unexpected end of input in string")
			}
			switch e := b[i+1]; e {
			case '"', '\\', '/':
				buf = append(buf, e)
			case 'b':
				buf = append(buf, '\b')
			case 'f':
				buf = append(buf, '\f')
			case 'n':
				buf = append(buf, '\n')
			case 'r':
				buf = append(buf, '\r')
			case 't':
				buf = append(buf, '\t')
			case 'u':
				var u rune
				for j := i + 2; j < i+6; j++ {
					if j >= len(b) {
						p.i = len(b)
						return "", p.errf("unexpected end of input in \\u escape")
					}
					h := hexVal(b[j])
					if h < 0 {
						p.i = j
						return "", p.errf("invalid hex digit in \\u escape")
					}
					u = u<<4 | rune(h)
				}
				unit(u)
				i += 6
				continue
			default:
				p.i = i
				return "", p.errf("invalid escape sequence")
			}
			i += 2
		case c < 0x20:
			p.i = i
			return "", p.errf("unescaped control character in string")
		case c < utf8.RuneSelf:
			buf = append(buf, c)
			i++
		default:
			r, size := decodeWTF8Bytes(b, i)
			switch {
			case r == utf8.RuneError && size == 1:
				p.i = i
				return "", p.errf("invalid UTF-8 in string")
			case size == 3 && r >= 0xD800 && r <= 0xDFFF:
				unit(r)
			default:
				buf = append(buf, b[i:i+size]...)
			}
			i += size
		}
	}
	p.i = len(b)
	return "", p.errf("unexpected end of input in string")
}

func hexVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c - 'a' + 10)
	case c >= 'A' && c <= 'F':
		return int(c - 'A' + 10)
	}
	return -1
}
