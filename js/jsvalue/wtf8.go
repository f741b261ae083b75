package jsvalue

import (
	"strings"
	"unicode/utf8"

	"github.com/grafana/sobek"
)

// wtf8 returns the WTF-8 form of a JS string: UTF-8, except that a lone
// surrogate code unit is written as its 3-byte generalized UTF-8 form.
//
// sobek's Go form of a string (String()) is exact unless the string holds a
// lone surrogate, which it turns into U+FFFD; a string that was imported from
// invalid UTF-8 keeps its bytes in that form but reads as U+FFFD in JS. So
// the Go form is taken when it is valid UTF-8 without U+FFFD, and otherwise
// the string is re-read code unit by code unit.
func wtf8(s sobek.String) string {
	g := s.String()
	if !mayBeLossy(g) {
		return g
	}
	return wtf8Units(s)
}

// mayBeLossy reports whether g, the Go form of a JS string or property key,
// might differ from the JS value: it holds U+FFFD or invalid UTF-8.
func mayBeLossy(g string) bool {
	for i := 0; i < len(g); i++ {
		if g[i] >= utf8.RuneSelf {
			return !utf8.ValidString(g[i:]) || strings.Contains(g[i:], "\uFFFD")
		}
	}
	return false
}

// wtf8Units encodes s's UTF-16 code units as WTF-8.
func wtf8Units(s sobek.String) string {
	n := s.Length()
	b := make([]byte, 0, n+n/2)
	for i := 0; i < n; i++ {
		c := rune(s.CharAt(i))
		if c >= 0xD800 && c <= 0xDBFF && i+1 < n {
			if d := rune(s.CharAt(i + 1)); d >= 0xDC00 && d <= 0xDFFF {
				b = utf8.AppendRune(b, 0x10000+(c-0xD800)<<10+(d-0xDC00))
				i++
				continue
			}
		}
		if c >= 0xD800 && c <= 0xDFFF {
			b = append(b, 0xE0|byte(c>>12), 0x80|byte(c>>6)&0x3F, 0x80|byte(c)&0x3F)
			continue
		}
		b = utf8.AppendRune(b, c)
	}
	return string(b)
}

// valueString returns the WTF-8 form of a JS string value, or of another
// primitive converted with ToString (which for objects runs their toString).
func valueString(v sobek.Value) string {
	if s, ok := v.(sobek.String); ok {
		return wtf8(s)
	}
	if v == nil {
		return "undefined"
	}
	if s, ok := v.ToString().(sobek.String); ok {
		return wtf8(s)
	}
	return v.String()
}

// jsString returns the JS string whose WTF-8 form is s. Bytes that are
// neither UTF-8 nor an encoded surrogate become U+FFFD.
func jsString(rt *sobek.Runtime, s string) sobek.Value {
	if utf8.ValidString(s) {
		return rt.ToValue(s)
	}
	return sobek.StringFromUTF16(utf16Units(s))
}

// utf16Units decodes WTF-8 into UTF-16 code units.
func utf16Units(s string) []uint16 {
	u := make([]uint16, 0, len(s))
	for i := 0; i < len(s); {
		if len(s)-i >= 3 && s[i] == 0xED && s[i+1] >= 0xA0 && s[i+1] <= 0xBF && s[i+2]&0xC0 == 0x80 {
			u = append(u, 0xD000|uint16(s[i+1]&0x3F)<<6|uint16(s[i+2]&0x3F))
			i += 3
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if r >= 0x10000 {
			r -= 0x10000
			u = append(u, 0xD800+uint16(r>>10), 0xDC00+uint16(r&0x3FF))
			continue
		}
		u = append(u, uint16(r))
	}
	return u
}
