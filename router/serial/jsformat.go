package serial

import (
	"encoding/binary"
	"math"
	"strconv"
	"time"
	"unicode/utf8"
)

// appendJSNumber appends f formatted as JavaScript's Number::toString(10)
// (ECMA-262 6.1.6.1.20) does. strconv's shortest formatting picks the same
// digits (the shortest that round-trip, the closest one on ties), but lays
// them out differently: JS uses exponent form only from 1e21 up and below
// 1e-6, where 'g' switches at other points, and does not pad the exponent
// (1e-7, where 'e' gives 1e-07).
func appendJSNumber(b []byte, f float64) []byte {
	switch {
	case f != f:
		return append(b, "NaN"...)
	case f == 0:
		return append(b, '0') // both +0 and -0 print as "0"
	case math.IsInf(f, 1):
		return append(b, "Infinity"...)
	case math.IsInf(f, -1):
		return append(b, "-Infinity"...)
	}
	if f < 0 {
		b = append(b, '-')
		f = -f
	}
	// Integers below 2^53 are printed exactly, and their shortest
	// round-trip digits are exactly their decimal digits (the ULP is <= 1).
	if f < 1<<53 && f == math.Trunc(f) {
		return strconv.AppendInt(b, int64(f), 10)
	}
	// From 1e-6 up to 1e21, JS writes the shortest digits in plain
	// decimal notation, which is what 'f' with precision -1 does. (Both
	// bounds are exact: 1e21 is a double, and no double other than the
	// nearest one to 1e-6 has shortest digits that round to 1e-6.)
	if f >= 1e-6 && f < 1e21 {
		return strconv.AppendFloat(b, f, 'f', -1, 64)
	}
	// Elsewhere JS uses exponent form: the same digits as 'e' with
	// precision -1 ("d[.ddd]e±XX"), but with the exponent unpadded.
	var tmp [32]byte
	e := strconv.AppendFloat(tmp[:0], f, 'e', -1, 64)
	i := 0
	for e[i] != 'e' {
		i++
	}
	b = append(b, e[:i+2]...) // mantissa, 'e' and the sign
	j := i + 2
	for j < len(e)-1 && e[j] == '0' {
		j++
	}
	return append(b, e[j:]...)
}

// maxTime is the largest absolute time value a Date can hold (ECMA-262
// 21.4.1.31 TimeClip): ±8.64e15 ms, 100 million days around the epoch.
const maxTime = 8.64e15

// appendISODate appends the time value t (ms since the epoch) as
// Date.prototype.toISOString does, e.g. "2026-01-02T03:04:05.678Z", with
// "+YYYYYY"/"-YYYYYY" years outside 0..9999. ok is false for an invalid date
// (NaN or beyond ±8.64e15), for which Date.prototype.toJSON returns null.
func appendISODate(b []byte, t float64) (_ []byte, ok bool) {
	if t != t || t > maxTime || t < -maxTime {
		return b, false
	}
	// TimeClip truncates toward zero; a Date built from JS is already
	// integral, this only makes odd Go-built values behave like JS.
	tm := time.UnixMilli(int64(t)).UTC()
	y := tm.Year()
	switch {
	case y >= 0 && y <= 9999:
		b = appendPadded(b, y, 4)
	case y < 0:
		b = append(b, '-')
		b = appendPadded(b, -y, 6)
	default:
		b = append(b, '+')
		b = appendPadded(b, y, 6)
	}
	b = append(b, '-')
	b = appendPadded(b, int(tm.Month()), 2)
	b = append(b, '-')
	b = appendPadded(b, tm.Day(), 2)
	b = append(b, 'T')
	b = appendPadded(b, tm.Hour(), 2)
	b = append(b, ':')
	b = appendPadded(b, tm.Minute(), 2)
	b = append(b, ':')
	b = appendPadded(b, tm.Second(), 2)
	b = append(b, '.')
	b = appendPadded(b, tm.Nanosecond()/1e6, 3)
	return append(b, 'Z'), true
}

// appendPadded appends the non-negative v with leading zeros to width w.
func appendPadded(b []byte, v, w int) []byte {
	var tmp [20]byte
	d := strconv.AppendInt(tmp[:0], int64(v), 10)
	for i := len(d); i < w; i++ {
		b = append(b, '0')
	}
	return append(b, d...)
}

// Typed array kinds. The numbers are also the codes of MarshalBinary's
// format, so they must never change.
const (
	taInvalid byte = iota
	taInt8
	taUint8
	taUint8Clamped
	taInt16
	taUint16
	taInt32
	taUint32
	taFloat16
	taFloat32
	taFloat64
	taBigInt64
	taBigUint64
	taDataView
	taLast = taDataView
)

// typedArrayKind maps a constructor name to its kind and element size.
func typedArrayKind(name string) (kind byte, size int) {
	switch name {
	case "Int8Array":
		return taInt8, 1
	case "Uint8Array":
		return taUint8, 1
	case "Uint8ClampedArray":
		return taUint8Clamped, 1
	case "Int16Array":
		return taInt16, 2
	case "Uint16Array":
		return taUint16, 2
	case "Int32Array":
		return taInt32, 4
	case "Uint32Array":
		return taUint32, 4
	case "Float16Array":
		return taFloat16, 2
	case "Float32Array":
		return taFloat32, 4
	case "Float64Array":
		return taFloat64, 8
	case "BigInt64Array":
		return taBigInt64, 8
	case "BigUint64Array":
		return taBigUint64, 8
	case "DataView":
		return taDataView, 1
	}
	return taInvalid, 0
}

// typedArrayName is the inverse of typedArrayKind.
func typedArrayName(kind byte) string {
	switch kind {
	case taInt8:
		return "Int8Array"
	case taUint8:
		return "Uint8Array"
	case taUint8Clamped:
		return "Uint8ClampedArray"
	case taInt16:
		return "Int16Array"
	case taUint16:
		return "Uint16Array"
	case taInt32:
		return "Int32Array"
	case taUint32:
		return "Uint32Array"
	case taFloat16:
		return "Float16Array"
	case taFloat32:
		return "Float32Array"
	case taFloat64:
		return "Float64Array"
	case taBigInt64:
		return "BigInt64Array"
	case taBigUint64:
		return "BigUint64Array"
	case taDataView:
		return "DataView"
	}
	return ""
}

// typedArrayView checks that t is a view JavaScript could have made: a known
// type over a buffer, in bounds, and (except for DataView) aligned to whole
// elements. It returns the viewed bytes.
func typedArrayView(t *TypedArray) (kind byte, size int, data []byte, ok bool) {
	kind, size = typedArrayKind(t.Type)
	if kind == taInvalid || t.Buffer == nil || t.Offset < 0 || t.Length < 0 ||
		t.Offset > len(t.Buffer.Data) || t.Length > len(t.Buffer.Data)-t.Offset ||
		t.Offset%size != 0 || t.Length%size != 0 {
		return kind, size, nil, false
	}
	return kind, size, t.Buffer.Data[t.Offset : t.Offset+t.Length], true
}

// typedArrayElem reads one element of a non-BigInt kind from p
// (little-endian, like every platform browsers run on) as a JS number.
func typedArrayElem(kind byte, p []byte) float64 {
	switch kind {
	case taInt8:
		return float64(int8(p[0]))
	case taUint8, taUint8Clamped:
		return float64(p[0])
	case taInt16:
		return float64(int16(binary.LittleEndian.Uint16(p)))
	case taUint16:
		return float64(binary.LittleEndian.Uint16(p))
	case taInt32:
		return float64(int32(binary.LittleEndian.Uint32(p)))
	case taUint32:
		return float64(binary.LittleEndian.Uint32(p))
	case taFloat16:
		return float16to64(binary.LittleEndian.Uint16(p))
	case taFloat32:
		return float64(math.Float32frombits(binary.LittleEndian.Uint32(p)))
	case taFloat64:
		return math.Float64frombits(binary.LittleEndian.Uint64(p))
	}
	return 0
}

// float16to64 converts IEEE 754 binary16 bits to a float64.
func float16to64(h uint16) float64 {
	sign := 1.0
	if h&0x8000 != 0 {
		sign = -1
	}
	exp := int(h>>10) & 0x1f
	frac := float64(h & 0x3ff)
	switch exp {
	case 0:
		return sign * math.Ldexp(frac, -24)
	case 0x1f:
		if frac != 0 {
			return math.NaN()
		}
		return math.Inf(int(sign))
	}
	return sign * math.Ldexp(1024+frac, exp-25)
}

// decodeWTF8 decodes the code point at s[i:]. It differs from
// utf8.DecodeRuneInString in accepting the 3-byte encodings of surrogates
// (U+D800..U+DFFF), which WTF-8 uses for lone surrogates; other invalid
// bytes give (utf8.RuneError, 1).
func decodeWTF8(s string, i int) (rune, int) {
	if isSurrogateSeq(s[i:]) {
		return 0xD000 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F), 3
	}
	return utf8.DecodeRuneInString(s[i:])
}

// decodeWTF8Bytes is decodeWTF8 for a byte slice.
func decodeWTF8Bytes(b []byte, i int) (rune, int) {
	if isSurrogateSeq(b[i:]) {
		return 0xD000 | rune(b[i+1]&0x3F)<<6 | rune(b[i+2]&0x3F), 3
	}
	return utf8.DecodeRune(b[i:])
}

// isSurrogateSeq reports whether s starts with the 3-byte generalized UTF-8
// encoding of a surrogate: ED A0..BF 80..BF.
func isSurrogateSeq[T string | []byte](s T) bool {
	return len(s) >= 3 && s[0] == 0xED && s[1] >= 0xA0 && s[1] <= 0xBF && s[2]&0xC0 == 0x80
}

// surrogatePair reports whether s[i:] starts a high surrogate immediately
// followed by a low one, and returns the code point they encode. A JS string
// holding such a pair holds that supplementary character, so encoders treat
// it as one (a well-formed WTF-8 string never has this shape, but a
// carelessly built String might).
func surrogatePair(s string, i int) (rune, bool) {
	hi, n := decodeWTF8(s, i)
	if n != 3 || hi < 0xD800 || hi > 0xDBFF || i+3 >= len(s) {
		return 0, false
	}
	lo, m := decodeWTF8(s, i+3)
	if m != 3 || lo < 0xDC00 || lo > 0xDFFF {
		return 0, false
	}
	return 0x10000 + (hi-0xD800)<<10 + (lo - 0xDC00), true
}

// appendSurrogate appends the WTF-8 (generalized UTF-8) encoding of the
// surrogate code unit u, which utf8.AppendRune refuses to encode.
func appendSurrogate(b []byte, u rune) []byte {
	return append(b, 0xE0|byte(u>>12), 0x80|byte(u>>6)&0x3F, 0x80|byte(u)&0x3F)
}
