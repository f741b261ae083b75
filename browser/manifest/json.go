package manifest

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// This file is a small JSON parser written for manifests rather than
// encoding/json, because a manifest diagnostic must point at the offending
// value: every value records the byte offset where it starts. It accepts
// what Chrome's manifest reader accepts: RFC 8259 JSON plus // and /* */
// comments, and a leading byte order mark. Trailing commas are rejected,
// as Chrome rejects them in manifest.json.

// maxDepth bounds nesting so that hostile input cannot exhaust the stack;
// Chrome's base::JSONReader uses the same limit.
const maxDepth = 200

type kind uint8

const (
	kindNull kind = iota
	kindBool
	kindNumber
	kindString
	kindArray
	kindObject
)

func (k kind) String() string {
	switch k {
	case kindNull:
		return "null"
	case kindBool:
		return "a boolean"
	case kindNumber:
		return "a number"
	case kindString:
		return "a string"
	case kindArray:
		return "a list"
	default:
		return "an object"
	}
}

// value is one parsed JSON value with its position.
type value struct {
	kind    kind
	off     int      // byte offset of the value's first byte (after any BOM)
	b       bool     // kindBool
	s       string   // kindString: the decoded text; kindNumber: the literal
	elems   []*value // kindArray
	members []member // kindObject, in source order, duplicates removed
}

// member is one key of an object. When a key repeats, the last value wins
// (as in Chrome) and the member keeps the position of the last occurrence.
type member struct {
	key    string
	keyOff int
	val    *value
}

// get returns the value of key in an object, or nil.
func (v *value) get(key string) *value {
	if v == nil || v.kind != kindObject {
		return nil
	}
	for i := range v.members {
		if v.members[i].key == key {
			return v.members[i].val
		}
	}
	return nil
}

// syntaxError is a JSON syntax error at a byte offset.
type syntaxError struct {
	off int
	msg string
}

// dupKey records a repeated object key, for a warning.
type dupKey struct {
	key string
	off int
}

type jsonParser struct {
	data  []byte
	pos   int
	depth int
	dups  []dupKey
}

// parseJSON parses data (without a BOM) as one JSON value surrounded by
// optional whitespace and comments.
func parseJSON(data []byte) (*value, []dupKey, *syntaxError) {
	p := &jsonParser{data: data}
	v, err := p.value()
	if err != nil {
		return nil, p.dups, err
	}
	if err := p.skip(); err != nil {
		return nil, p.dups, err
	}
	if p.pos < len(p.data) {
		return nil, p.dups, p.errf("unexpected %s after the top-level value", p.describe())
	}
	return v, p.dups, nil
}

func (p *jsonParser) errf(format string, args ...any) *syntaxError {
	return &syntaxError{off: p.pos, msg: fmt.Sprintf(format, args...)}
}

// describe names the input at p.pos for an error message.
func (p *jsonParser) describe() string { return p.describeAt(p.pos) }

func (p *jsonParser) describeAt(off int) string {
	if off >= len(p.data) {
		return "end of input"
	}
	r, _ := utf8.DecodeRune(p.data[off:])
	if r == utf8.RuneError || r < 0x20 || r == 0x7f {
		return fmt.Sprintf("byte 0x%02x", p.data[off])
	}
	return strconv.QuoteRune(r)
}

// skip passes over whitespace and comments.
func (p *jsonParser) skip() *syntaxError {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		case '/':
			if p.pos+1 >= len(p.data) {
				return p.errf("unexpected '/'")
			}
			switch p.data[p.pos+1] {
			case '/':
				end := bytes.IndexByte(p.data[p.pos:], '\n')
				if end < 0 {
					p.pos = len(p.data)
				} else {
					p.pos += end + 1
				}
			case '*':
				end := bytes.Index(p.data[p.pos+2:], []byte("*/"))
				if end < 0 {
					return p.errf("unterminated /* comment")
				}
				p.pos += 2 + end + 2
			default:
				return p.errf("unexpected '/'")
			}
		default:
			return nil
		}
	}
	return nil
}

func (p *jsonParser) value() (*value, *syntaxError) {
	if err := p.skip(); err != nil {
		return nil, err
	}
	if p.pos >= len(p.data) {
		return nil, p.errf("unexpected end of input, expected a value")
	}
	switch c := p.data[p.pos]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		off := p.pos
		s, err := p.str()
		if err != nil {
			return nil, err
		}
		return &value{kind: kindString, off: off, s: s}, nil
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	case c == 't':
		return p.literal("true", &value{kind: kindBool, off: p.pos, b: true})
	case c == 'f':
		return p.literal("false", &value{kind: kindBool, off: p.pos})
	case c == 'n':
		return p.literal("null", &value{kind: kindNull, off: p.pos})
	default:
		return nil, p.errf("unexpected %s, expected a value", p.describe())
	}
}

func (p *jsonParser) literal(word string, v *value) (*value, *syntaxError) {
	if !bytes.HasPrefix(p.data[p.pos:], []byte(word)) {
		return nil, p.errf("unexpected %s, expected a value", p.describe())
	}
	p.pos += len(word)
	return v, nil
}

func (p *jsonParser) enter() *syntaxError {
	p.depth++
	if p.depth > maxDepth {
		return p.errf("nesting deeper than %d levels", maxDepth)
	}
	return nil
}

func (p *jsonParser) object() (*value, *syntaxError) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	v := &value{kind: kindObject, off: p.pos}
	p.pos++ // '{'
	index := map[string]int{}
	for first := true; ; first = false {
		if err := p.skip(); err != nil {
			return nil, err
		}
		if p.pos >= len(p.data) {
			return nil, p.errf("unexpected end of input, expected '}'")
		}
		if p.data[p.pos] == '}' {
			if !first {
				// Only reachable after a comma: report it where the '}' is.
				return nil, p.errf("trailing comma before '}'")
			}
			p.pos++
			return v, nil
		}
		if p.data[p.pos] != '"' {
			return nil, p.errf("unexpected %s, expected a string key in double quotes", p.describe())
		}
		keyOff := p.pos
		key, err := p.str()
		if err != nil {
			return nil, err
		}
		if err := p.skip(); err != nil {
			return nil, err
		}
		if p.pos >= len(p.data) || p.data[p.pos] != ':' {
			return nil, p.errf("expected ':' after object key")
		}
		p.pos++
		val, err := p.value()
		if err != nil {
			return nil, err
		}
		if i, ok := index[key]; ok {
			p.dups = append(p.dups, dupKey{key: key, off: keyOff})
			v.members[i] = member{key: key, keyOff: keyOff, val: val}
		} else {
			index[key] = len(v.members)
			v.members = append(v.members, member{key: key, keyOff: keyOff, val: val})
		}
		if err := p.skip(); err != nil {
			return nil, err
		}
		if p.pos >= len(p.data) {
			return nil, p.errf("unexpected end of input, expected ',' or '}' after object member")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case '}':
			p.pos++
			return v, nil
		default:
			return nil, p.errf("expected ',' or '}' after object member")
		}
	}
}

func (p *jsonParser) array() (*value, *syntaxError) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	v := &value{kind: kindArray, off: p.pos}
	p.pos++ // '['
	for first := true; ; first = false {
		if err := p.skip(); err != nil {
			return nil, err
		}
		if p.pos >= len(p.data) {
			return nil, p.errf("unexpected end of input, expected ']'")
		}
		if p.data[p.pos] == ']' {
			if !first {
				return nil, p.errf("trailing comma before ']'")
			}
			p.pos++
			return v, nil
		}
		el, err := p.value()
		if err != nil {
			return nil, err
		}
		v.elems = append(v.elems, el)
		if err := p.skip(); err != nil {
			return nil, err
		}
		if p.pos >= len(p.data) {
			return nil, p.errf("unexpected end of input, expected ',' or ']' after list element")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			return v, nil
		default:
			return nil, p.errf("expected ',' or ']' after list element")
		}
	}
}

// number scans an RFC 8259 number and keeps its literal text.
func (p *jsonParser) number() (*value, *syntaxError) {
	start := p.pos
	d := p.data
	i := p.pos
	digits := func() int {
		n := 0
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if d[i] == '-' {
		i++
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case digits() == 0:
		p.pos = i
		return nil, p.errf("invalid number: expected a digit")
	}
	if i < len(d) && d[i] == '.' {
		i++
		if digits() == 0 {
			p.pos = i
			return nil, p.errf("invalid number: expected a digit after '.'")
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if digits() == 0 {
			p.pos = i
			return nil, p.errf("invalid number: expected a digit in the exponent")
		}
	}
	p.pos = i
	return &value{kind: kindNumber, off: start, s: string(d[start:i])}, nil
}

// str scans a string starting at the opening quote and returns its text.
// Lone surrogate escapes become U+FFFD, as in encoding/json.
func (p *jsonParser) str() (string, *syntaxError) {
	p.pos++ // opening quote
	var b strings.Builder
	for {
		if p.pos >= len(p.data) {
			return "", p.errf("unterminated string")
		}
		c := p.data[p.pos]
		switch {
		case c == '"':
			p.pos++
			return b.String(), nil
		case c == '\\':
			if err := p.escape(&b); err != nil {
				return "", err
			}
		case c < 0x20:
			return "", p.errf("control character %s in string (escape it)", p.describe())
		case c < utf8.RuneSelf:
			b.WriteByte(c)
			p.pos++
		default:
			r, n := utf8.DecodeRune(p.data[p.pos:])
			if r == utf8.RuneError && n == 1 {
				return "", p.errf("invalid UTF-8 in string")
			}
			b.WriteRune(r)
			p.pos += n
		}
	}
}

func (p *jsonParser) escape(b *strings.Builder) *syntaxError {
	if p.pos+1 >= len(p.data) {
		p.pos++
		return p.errf("unterminated string")
	}
	c := p.data[p.pos+1]
	switch c {
	case '"', '\\', '/':
		b.WriteByte(c)
	case 'b':
		b.WriteByte('\b')
	case 'f':
		b.WriteByte('\f')
	case 'n':
		b.WriteByte('\n')
	case 'r':
		b.WriteByte('\r')
	case 't':
		b.WriteByte('\t')
	case 'u':
		return p.unicodeEscape(b)
	default:
		return p.errf("invalid escape sequence in string: '\\' followed by %s", p.describeAt(p.pos+1))
	}
	p.pos += 2
	return nil
}

// unicodeEscape decodes \uXXXX at p.pos, joining surrogate pairs.
func (p *jsonParser) unicodeEscape(b *strings.Builder) *syntaxError {
	r1, ok := p.hex4(p.pos + 2)
	if !ok {
		return p.errf("invalid \\u escape in string (expected 4 hex digits)")
	}
	p.pos += 6
	if utf16.IsSurrogate(r1) {
		if p.pos+1 < len(p.data) && p.data[p.pos] == '\\' && p.data[p.pos+1] == 'u' {
			if r2, ok := p.hex4(p.pos + 2); ok {
				if r := utf16.DecodeRune(r1, r2); r != utf8.RuneError {
					b.WriteRune(r)
					p.pos += 6
					return nil
				}
			}
		}
		r1 = utf8.RuneError
	}
	b.WriteRune(r1)
	return nil
}

func (p *jsonParser) hex4(at int) (rune, bool) {
	if at+4 > len(p.data) {
		return 0, false
	}
	var r rune
	for _, c := range p.data[at : at+4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

// lineIndex turns byte offsets into 1-based line and column numbers. Lines
// end at '\n' (so "\r\n" works too); columns count Unicode characters
// (runes), not bytes, so that they match what an editor shows; an invalid
// UTF-8 byte counts as one character.
type lineIndex struct {
	data   []byte
	starts []int // byte offset of the start of each line
}

func newLineIndex(data []byte) *lineIndex {
	starts := []int{0}
	for i, c := range data {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &lineIndex{data: data, starts: starts}
}

func (x *lineIndex) position(off int) (line, col int) {
	if off < 0 {
		off = 0
	}
	if off > len(x.data) {
		off = len(x.data)
	}
	i := sort.Search(len(x.starts), func(i int) bool { return x.starts[i] > off }) - 1
	return i + 1, utf8.RuneCount(x.data[x.starts[i]:off]) + 1
}
