package js

import (
	"encoding/base64"
	"reflect"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/grafana/sobek"
)

// installBase64 defines atob and btoa (HTML's forgiving-base64).
func (a *hostAPI) installBase64() {
	a.global("btoa", 1, func(call sobek.FunctionCall) sobek.Value {
		what := "Failed to execute 'btoa' on '" + a.scope + "'"
		a.need(call, 1, what)
		s := call.Arguments[0].ToString().String()
		b := make([]byte, 0, len(s))
		for _, c := range s {
			if c > 0xFF {
				a.throwDOM("InvalidCharacterError", what+": The string to be encoded contains characters outside of the Latin1 range.")
			}
			b = append(b, byte(c))
		}
		return a.rt.ToValue(base64.StdEncoding.EncodeToString(b))
	})
	a.global("atob", 1, func(call sobek.FunctionCall) sobek.Value {
		what := "Failed to execute 'atob' on '" + a.scope + "'"
		a.need(call, 1, what)
		b, ok := forgivingBase64(call.Arguments[0].ToString().String())
		if !ok {
			a.throwDOM("InvalidCharacterError", what+": The string to be decoded is not correctly encoded.")
		}
		return a.rt.ToValue(latin1(b))
	})
}

// forgivingBase64 decodes s as the HTML standard's forgiving-base64 decode
// does: ASCII whitespace is ignored, padding is optional (but must be
// right when present), and bits left over at the end are dropped.
func forgivingBase64(s string) ([]byte, bool) {
	clean := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\t', '\n', '\f', '\r', ' ':
		default:
			clean = append(clean, c)
		}
	}
	if len(clean)%4 == 0 {
		if n := len(clean); n >= 1 && clean[n-1] == '=' {
			clean = clean[:n-1]
			if n >= 2 && clean[n-2] == '=' {
				clean = clean[:n-2]
			}
		}
	}
	if len(clean)%4 == 1 {
		return nil, false
	}
	for _, c := range clean {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/') {
			return nil, false
		}
	}
	out, err := base64.RawStdEncoding.DecodeString(string(clean))
	return out, err == nil
}

// latin1 makes the string whose code units are the bytes of b.
func latin1(b []byte) string {
	ascii := true
	for _, c := range b {
		if c >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return string(b)
	}
	var sb strings.Builder
	sb.Grow(len(b) * 2)
	for _, c := range b {
		sb.WriteRune(rune(c))
	}
	return sb.String()
}

// encoderObj is a TextEncoder.
type encoderObj struct{ hostObject }

// textEncoderClass builds TextEncoder: encode(string) returns a new
// Uint8Array of the UTF-8 bytes (lone surrogates become U+FFFD);
// encodeInto(string, uint8Array) writes the characters that fit whole and
// returns {read, written} in UTF-16 code units and bytes.
func (a *hostAPI) textEncoderClass() *sobek.Object {
	if a.textEncoder != nil {
		return a.textEncoder
	}
	ctor, proto := a.class("TextEncoder", 0, func(_ []sobek.Value, proto *sobek.Object) *sobek.Object {
		return a.wrap(&encoderObj{}, proto)
	})
	a.attr(proto, "encoding", func(call sobek.FunctionCall) sobek.Value {
		thisAs[*encoderObj](a, call)
		return a.rt.ToValue("utf-8")
	}, nil)
	a.method(proto, "encode", 0, func(call sobek.FunctionCall) sobek.Value {
		thisAs[*encoderObj](a, call)
		s := ""
		if v := call.Argument(0); !sobek.IsUndefined(v) {
			s = usv(v)
		}
		return a.newUint8Array([]byte(s))
	})
	a.method(proto, "encodeInto", 2, func(call sobek.FunctionCall) sobek.Value {
		thisAs[*encoderObj](a, call)
		const what = "Failed to execute 'encodeInto' on 'TextEncoder'"
		a.need(call, 2, what)
		s := usv(call.Arguments[0])
		dst, ok := a.uint8View(call.Arguments[1])
		if !ok {
			a.throwType(what + ": parameter 2 is not of type 'Uint8Array'.")
		}
		read, written := 0, 0
		for _, c := range s {
			n := utf8.RuneLen(c)
			if written+n > len(dst) {
				break
			}
			utf8.EncodeRune(dst[written:], c)
			written += n
			read += utf16.RuneLen(c)
		}
		res := a.rt.NewObject()
		a.must(res.Set("read", read))
		a.must(res.Set("written", written))
		return res
	})
	a.textEncoder, a.textEncoderProto = ctor, proto
	return ctor
}

// newUint8Array makes a Uint8Array over a new ArrayBuffer holding b.
func (a *hostAPI) newUint8Array(b []byte) *sobek.Object {
	if a.uint8Array == nil {
		c, ok := a.g.Get("Uint8Array").(*sobek.Object)
		if !ok {
			a.throwType("Uint8Array is not defined")
		}
		a.uint8Array = c
	}
	o, err := a.rt.New(a.uint8Array, a.rt.ToValue(a.rt.NewArrayBuffer(b)))
	if err != nil {
		panic(err)
	}
	return o
}

// uint8View returns the bytes a Uint8Array views (not a
// Uint8ClampedArray), shared with it.
func (a *hostAPI) uint8View(v sobek.Value) ([]byte, bool) {
	o, ok := v.(*sobek.Object)
	if !ok || o.ExportType() != reflect.TypeFor[[]byte]() || tagName(o) == "Uint8ClampedArray" {
		return nil, false
	}
	b, ok := o.Export().([]byte)
	return b, ok
}

// bufferSource returns the bytes an ArrayBuffer, a typed array or a
// DataView holds or views, shared with it.
func (a *hostAPI) bufferSource(v sobek.Value) ([]byte, bool) {
	o, ok := v.(*sobek.Object)
	if !ok {
		return nil, false
	}
	switch t := o.ExportType(); {
	case t == reflect.TypeFor[sobek.ArrayBuffer]():
		return o.Export().(sobek.ArrayBuffer).Bytes(), true
	case typedArrayType(t) != "":
	case t == reflect.TypeFor[map[string]any]() && tagName(o) == "DataView":
	default:
		return nil, false
	}
	var b []byte
	if err := a.rt.ExportTo(o, &b); err != nil {
		return nil, false
	}
	return b, true
}

// typedArrayType names the element type of a typed array by its sobek
// export type ("Uint8" for both Uint8Array and Uint8ClampedArray), or "".
func typedArrayType(t reflect.Type) string {
	switch t {
	case reflect.TypeFor[[]byte]():
		return "Uint8"
	case reflect.TypeFor[[]int8]():
		return "Int8"
	case reflect.TypeFor[[]uint16]():
		return "Uint16"
	case reflect.TypeFor[[]int16]():
		return "Int16"
	case reflect.TypeFor[[]uint32]():
		return "Uint32"
	case reflect.TypeFor[[]int32]():
		return "Int32"
	case reflect.TypeFor[[]float32]():
		return "Float32"
	case reflect.TypeFor[[]float64]():
		return "Float64"
	case reflect.TypeFor[[]int64]():
		return "BigInt64"
	case reflect.TypeFor[[]uint64]():
		return "BigUint64"
	}
	return ""
}

// tagName returns o's Symbol.toStringTag if it is a string.
func tagName(o *sobek.Object) string {
	if s, ok := o.GetSymbol(sobek.SymToStringTag).(sobek.String); ok {
		return s.String()
	}
	return ""
}

// decoderObj is a TextDecoder and its streaming state.
type decoderObj struct {
	hostObject
	enc       string // "utf-8", "utf-16le", "utf-16be", "windows-1252"
	fatal     bool
	ignoreBOM bool
	bomSeen   bool
	dec       utf8Decoder
	pending   []byte // UTF-16: a byte of an incomplete code unit
	lead      rune   // UTF-16: a lead surrogate waiting for its trail
}

// textDecoderClass builds TextDecoder for the encodings extension code
// meets: UTF-8 (the default), UTF-16LE, UTF-16BE and windows-1252 (which
// the Encoding standard also calls latin1, ascii, iso-8859-1...). Other
// labels throw RangeError, as labels a browser does not know do. decode
// takes an ArrayBuffer, a typed array or a DataView and supports {stream:
// true}; invalid input becomes U+FFFD as the standard's decoders say, or
// throws a TypeError when fatal.
func (a *hostAPI) textDecoderClass() *sobek.Object {
	if a.textDecoder != nil {
		return a.textDecoder
	}
	ctor, proto := a.class("TextDecoder", 0, func(args []sobek.Value, proto *sobek.Object) *sobek.Object {
		d := &decoderObj{enc: "utf-8"}
		if len(args) > 0 && !sobek.IsUndefined(args[0]) {
			label := usv(args[0])
			d.enc = encodingForLabel(label)
			if d.enc == "" {
				a.throwRange("Failed to construct 'TextDecoder': The encoding label provided ('" + label + "') is invalid.")
			}
		}
		if len(args) > 1 && !sobek.IsUndefined(args[1]) && !sobek.IsNull(args[1]) {
			opts, ok := args[1].(*sobek.Object)
			if !ok {
				a.throwType("Failed to construct 'TextDecoder': The provided value is not of type 'TextDecoderOptions'.")
			}
			d.fatal = opts.Get("fatal") != nil && opts.Get("fatal").ToBoolean()
			d.ignoreBOM = opts.Get("ignoreBOM") != nil && opts.Get("ignoreBOM").ToBoolean()
		}
		return a.wrap(d, proto)
	})
	a.attr(proto, "encoding", func(call sobek.FunctionCall) sobek.Value {
		return a.rt.ToValue(thisAs[*decoderObj](a, call).enc)
	}, nil)
	a.attr(proto, "fatal", func(call sobek.FunctionCall) sobek.Value {
		return a.rt.ToValue(thisAs[*decoderObj](a, call).fatal)
	}, nil)
	a.attr(proto, "ignoreBOM", func(call sobek.FunctionCall) sobek.Value {
		return a.rt.ToValue(thisAs[*decoderObj](a, call).ignoreBOM)
	}, nil)
	a.method(proto, "decode", 0, func(call sobek.FunctionCall) sobek.Value {
		d := thisAs[*decoderObj](a, call)
		const what = "Failed to execute 'decode' on 'TextDecoder'"
		var in []byte
		if v := call.Argument(0); !sobek.IsUndefined(v) && !sobek.IsNull(v) {
			b, ok := a.bufferSource(v)
			if !ok {
				a.throwType(what + ": The provided value is not of type '(ArrayBuffer or ArrayBufferView)'.")
			}
			in = b
		}
		stream := false
		if v := call.Argument(1); !sobek.IsUndefined(v) && !sobek.IsNull(v) {
			opts, ok := v.(*sobek.Object)
			if !ok {
				a.throwType(what + ": The provided value is not of type 'TextDecodeOptions'.")
			}
			stream = opts.Get("stream") != nil && opts.Get("stream").ToBoolean()
		}
		s, ok := d.decode(in, !stream)
		if !ok {
			d.reset()
			a.throwType(what + ": The encoded data was not valid.")
		}
		return a.rt.ToValue(s)
	})
	a.textDecoder, a.textDecoderProto = ctor, proto
	return ctor
}

// encodingForLabel returns the name of the encoding a label stands for,
// among those TextDecoder supports, or "".
func encodingForLabel(label string) string {
	switch strings.ToLower(strings.Trim(label, "\t\n\f\r ")) {
	case "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8", "x-unicode20utf8":
		return "utf-8"
	case "csunicode", "iso-10646-ucs-2", "ucs-2", "unicode", "unicodefeff", "utf-16", "utf-16le":
		return "utf-16le"
	case "unicodefffe", "utf-16be":
		return "utf-16be"
	case "ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819", "iso-8859-1",
		"iso-ir-100", "iso8859-1", "iso88591", "iso_8859-1", "iso_8859-1:1987", "l1", "latin1",
		"us-ascii", "windows-1252", "x-cp1252":
		return "windows-1252"
	}
	return ""
}

func (d *decoderObj) reset() {
	d.bomSeen = false
	d.dec = utf8Decoder{}
	d.pending = d.pending[:0]
	d.lead = 0
}

// decode decodes the next chunk; flush ends the stream. It reports false
// for invalid input in fatal mode.
func (d *decoderObj) decode(in []byte, flush bool) (string, bool) {
	var out []rune
	ok := true
	switch d.enc {
	case "utf-8":
		out, ok = d.dec.decode(out, in, flush, d.fatal)
	case "utf-16le", "utf-16be":
		out, ok = d.decode16(out, in, flush)
	default:
		out = make([]rune, 0, len(in))
		for _, b := range in {
			out = append(out, windows1252(b))
		}
	}
	if !ok {
		return "", false
	}
	if !d.ignoreBOM && !d.bomSeen && len(out) > 0 {
		d.bomSeen = true
		if d.enc != "windows-1252" && out[0] == 0xFEFF {
			out = out[1:]
		}
	}
	if flush {
		d.reset()
	}
	return string(out), true
}

// decode16 is the Encoding standard's UTF-16 decoder.
func (d *decoderObj) decode16(out []rune, in []byte, flush bool) ([]rune, bool) {
	be := d.enc == "utf-16be"
	bad := func() bool {
		if d.fatal {
			return false
		}
		out = append(out, 0xFFFD)
		return true
	}
	buf := append(d.pending, in...)
	i := 0
	for ; i+1 < len(buf); i += 2 {
		u := rune(buf[i]) | rune(buf[i+1])<<8
		if be {
			u = rune(buf[i])<<8 | rune(buf[i+1])
		}
		switch {
		case d.lead != 0:
			lead := d.lead
			d.lead = 0
			if u >= 0xDC00 && u <= 0xDFFF {
				out = append(out, 0x10000+(lead-0xD800)<<10+(u-0xDC00))
				continue
			}
			if !bad() {
				return nil, false
			}
			i -= 2 // process u again
		case u >= 0xD800 && u <= 0xDBFF:
			d.lead = u
		case u >= 0xDC00 && u <= 0xDFFF:
			if !bad() {
				return nil, false
			}
		default:
			out = append(out, u)
		}
	}
	d.pending = append(d.pending[:0], buf[i:]...)
	if flush && (len(d.pending) > 0 || d.lead != 0) {
		d.pending = d.pending[:0]
		d.lead = 0
		if !bad() {
			return nil, false
		}
	}
	return out, true
}

// windows1252 maps a windows-1252 byte to its code point.
func windows1252(b byte) rune {
	if b < 0x80 || b >= 0xA0 {
		return rune(b)
	}
	const high = "\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F" +
		"\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178"
	i := 0
	for _, r := range high {
		if i == int(b-0x80) {
			return r
		}
		i++
	}
	return rune(b)
}

// utf8Decoder is the Encoding standard's UTF-8 decoder, which replaces
// each maximal invalid subsequence with one U+FFFD (Go's decoder replaces
// every byte of it).
type utf8Decoder struct {
	cp           rune
	needed, seen int
	lower, upper byte
	started      bool
}

func (d *utf8Decoder) decode(out []rune, in []byte, flush, fatal bool) ([]rune, bool) {
	if !d.started {
		d.lower, d.upper, d.started = 0x80, 0xBF, true
	}
	if out == nil {
		out = make([]rune, 0, len(in))
	}
	for i := 0; i < len(in); i++ {
		b := in[i]
		if d.needed == 0 {
			switch {
			case b <= 0x7F:
				out = append(out, rune(b))
			case b >= 0xC2 && b <= 0xDF:
				d.needed, d.cp = 1, rune(b&0x1F)
			case b >= 0xE0 && b <= 0xEF:
				if b == 0xE0 {
					d.lower = 0xA0
				}
				if b == 0xED {
					d.upper = 0x9F
				}
				d.needed, d.cp = 2, rune(b&0xF)
			case b >= 0xF0 && b <= 0xF4:
				if b == 0xF0 {
					d.lower = 0x90
				}
				if b == 0xF4 {
					d.upper = 0x8F
				}
				d.needed, d.cp = 3, rune(b&0x7)
			default:
				if fatal {
					return nil, false
				}
				out = append(out, 0xFFFD)
			}
			continue
		}
		if b < d.lower || b > d.upper {
			d.cp, d.needed, d.seen, d.lower, d.upper = 0, 0, 0, 0x80, 0xBF
			if fatal {
				return nil, false
			}
			out = append(out, 0xFFFD)
			i-- // the byte starts over
			continue
		}
		d.lower, d.upper = 0x80, 0xBF
		d.cp = d.cp<<6 | rune(b&0x3F)
		d.seen++
		if d.seen == d.needed {
			out = append(out, d.cp)
			d.cp, d.needed, d.seen = 0, 0, 0
		}
	}
	if flush && d.needed != 0 {
		*d = utf8Decoder{}
		if fatal {
			return nil, false
		}
		out = append(out, 0xFFFD)
	}
	return out, true
}

// decodeUTF8 decodes b as UTF-8 with replacement, as the URL standard's
// "UTF-8 decode without BOM" does.
func decodeUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	var d utf8Decoder
	out, _ := d.decode(nil, b, true, false)
	return string(out)
}
