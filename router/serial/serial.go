// Package serial is the message value model of extsim and its two wire
// formats.
//
// A JavaScript value leaves its realm as a Value: an immutable Go graph that
// the sending side builds (the JS layer, or a Go test). Serialize turns it into
// a Message for one channel's format, applying that format's rules:
//
//   - JSON (Chrome's default): JSON.stringify semantics. undefined becomes null
//     at the top level and in arrays and is dropped from objects; NaN and
//     ±Infinity become null; toJSON results replace objects; Dates become ISO
//     strings; Map, Set, RegExp and Error become {}; BigInt, cycles and a
//     top-level function or symbol fail. (Chromium rules F2-F4.)
//   - Structured clone (Firefox, and Chrome's opt-in): Dates, RegExps, Maps,
//     Sets, typed arrays, BigInt, undefined, NaN, -0 and shared or cyclic
//     references survive; functions, symbols and platform objects fail with a
//     DataCloneError.
//
// A Message's Value is again a graph of this package's types, restricted to
// what the format can carry, and is materialized anew in each receiving realm:
// values never cross engines. Message.Size is the serialized size that the
// browser's size limit is checked against.
//
// EncodeJSON/DecodeJSON and MarshalBinary/UnmarshalBinary are byte codecs for
// the two formats: traces show payloads with them, and fuzzing checks them.
package serial

import (
	"errors"
	"strconv"
)

// Value is any JavaScript value that can be offered for sending. The concrete
// types are the ones in this package. Values must not be mutated once built.
type Value interface{ isValue() }

// Undefined is the undefined value.
type Undefined struct{}

// Null is the null value.
type Null struct{}

// Bool is a boolean.
type Bool bool

// Number is a JavaScript number (float64, including NaN, ±Inf and -0).
type Number float64

// String is a JavaScript string, stored as WTF-8: UTF-8 that may also hold
// lone surrogates (encoded as their 3-byte generalized UTF-8 form), so that
// every JS string, including ill-formed ones, round-trips exactly.
type String string

// BigInt is a JavaScript BigInt in decimal notation, e.g. "-42".
type BigInt string

// Symbol is a JavaScript symbol. It can never be sent.
type Symbol struct{ Description string }

// Function is a JavaScript function. It can never be sent as a value.
type Function struct{ Name string }

// HostObject is a platform object the engine cannot clone (Window, Location,
// a DOM node...). Class is its interface name, used in Firefox's
// "<Class> object could not be cloned." error.
type HostObject struct{ Class string }

// Prop is one own enumerable string-keyed property, in JS property order.
type Prop struct {
	Key   string // WTF-8
	Value Value
}

// Object is a plain object: own enumerable string-keyed properties in order.
type Object struct {
	Props []Prop
	// ToJSON, when not nil, is what the object's toJSON() method returned in
	// the sending realm. JSON mode serializes it instead of Props; structured
	// clone ignores it.
	ToJSON Value
}

// Array is an array. A nil element is a hole.
type Array struct {
	Elems []Value
	// Props holds extra non-index own enumerable properties (rare); JSON
	// ignores them, structured clone keeps them.
	Props []Prop
}

// Date is a Date object; Time is milliseconds since the Unix epoch (NaN for
// an invalid date).
type Date struct{ Time float64 }

// RegExp is a regular expression object.
type RegExp struct{ Source, Flags string }

// MapEntry is one key/value pair of a Map, in insertion order.
type MapEntry struct{ Key, Value Value }

// Map is a Map object.
type Map struct{ Entries []MapEntry }

// Set is a Set object.
type Set struct{ Elems []Value }

// ArrayBuffer is an ArrayBuffer (or a SharedArrayBuffer when Shared is set).
type ArrayBuffer struct {
	Data   []byte
	Shared bool
}

// TypedArray is a view on an ArrayBuffer. Type is the constructor name:
// Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array,
// Int32Array, Uint32Array, Float32Array, Float64Array, BigInt64Array,
// BigUint64Array or DataView. Offset and Length are in bytes.
type TypedArray struct {
	Type   string
	Buffer *ArrayBuffer
	Offset int
	Length int
}

// Error is an Error object (Name is "Error", "TypeError", ...).
type Error struct{ Name, Message string }

func (Undefined) isValue()    {}
func (Null) isValue()         {}
func (Bool) isValue()         {}
func (Number) isValue()       {}
func (String) isValue()       {}
func (BigInt) isValue()       {}
func (Symbol) isValue()       {}
func (Function) isValue()     {}
func (HostObject) isValue()   {}
func (*Object) isValue()      {}
func (*Array) isValue()       {}
func (*Date) isValue()        {}
func (*RegExp) isValue()      {}
func (*Map) isValue()         {}
func (*Set) isValue()         {}
func (*ArrayBuffer) isValue() {}
func (*TypedArray) isValue()  {}
func (*Error) isValue()       {}

// Format is a channel's serialization format.
type Format uint8

const (
	// JSON is JSON.stringify / JSON.parse semantics (Chrome's default).
	JSON Format = iota
	// StructuredClone is the HTML structured clone algorithm (Firefox; Chrome
	// with "message_serialization": "structured_clone").
	StructuredClone
)

// String names the format as manifests spell it: "json", "structured_clone".
func (f Format) String() string {
	switch f {
	case JSON:
		return "json"
	case StructuredClone:
		return "structured_clone"
	}
	return "Format(" + strconv.Itoa(int(f)) + ")"
}

// Message is a value serialized for one format: Value holds only what the
// format carries, and Size is its serialized size in bytes (the UTF-8 length
// of the JSON text, or the length of MarshalBinary's encoding).
type Message struct {
	Format Format
	Value  Value
	Size   int
}

// Reason says why a value could not be serialized.
type Reason uint8

const (
	// Unserializable: JSON could not represent the value (BigInt, cycle,
	// top-level function/symbol/undefined-producing toJSON...).
	Unserializable Reason = iota + 1
	// NotCloneable: structured clone met a function, symbol or platform
	// object (a DataCloneError).
	NotCloneable
	// TooLarge: the serialized size exceeded the limit.
	TooLarge
)

// SerializeError describes a value that cannot be sent.
type SerializeError struct {
	Reason Reason
	// Type names the offending value's type for NotCloneable ("Function",
	// "Symbol", a HostObject's Class, or a malformed TypedArray's Type) and
	// for Unserializable ("BigInt", "cycle", "Function", "Symbol",
	// "undefined"; "depth" when containers nest more than 10000 deep, where
	// the engine would overflow its stack; "length" when the JSON text would
	// exceed V8's maximum string length, where JSON.stringify throws a
	// RangeError).
	Type string
	// Size and Limit are set for TooLarge.
	Size, Limit int
}

func (e *SerializeError) Error() string {
	switch e.Reason {
	case Unserializable:
		switch e.Type {
		case "cycle":
			return "serial: cannot serialize a cyclic structure as JSON"
		case "depth":
			return "serial: cannot serialize: nesting deeper than " + strconv.Itoa(maxDepth) + " levels"
		case "length":
			return "serial: cannot serialize: JSON text exceeds the maximum string length"
		}
		return "serial: cannot serialize " + e.Type + " as JSON"
	case NotCloneable:
		return "serial: " + e.Type + " object could not be cloned"
	case TooLarge:
		return "serial: message of " + strconv.Itoa(e.Size) + " bytes exceeds the limit of " + strconv.Itoa(e.Limit) + " bytes"
	}
	return "serial: cannot serialize " + e.Type
}

// Serialize converts v for format f. A limit > 0 rejects messages whose Size
// exceeds it with a TooLarge error; 0 means no limit. Serialize never mutates
// v, and returns v itself as Message.Value when no conversion is needed.
//
// Errors are reported in the order the browser meets them: a value that
// cannot be serialized at all fails with Unserializable or NotCloneable even
// when it is also too large, because the engine throws while serializing,
// before the size is checked. Among several bad values, the first one in
// property order is reported, as the engine's depth-first walk would.
//
// Details of the JSON format:
//   - The message is a tree, as JSON.parse gives the receiver: a reference
//     the sender shares (without a cycle) is copied for each occurrence.
//   - A Date becomes its toISOString() text, or null when invalid; a Date
//     returned by a toJSON method becomes {} (toJSON is called only once).
//   - Typed arrays become {"0":e0,"1":e1,...}; a DataView, and a view
//     JavaScript could not have (out of bounds, unknown type), becomes {}.
//   - HostObjects become {}; a nil Value counts as undefined; typed nil
//     pointers, which no JS value maps to, become null.
//
// Details of the structured clone format:
//   - A SharedArrayBuffer (ArrayBuffer with Shared set) becomes null, and so
//     does a typed array viewing one, because Chrome delivers null for it
//     (rule F9). The Firefox notes do not cover SharedArrayBuffer; extsim
//     applies Chrome's behaviour to both browsers.
//   - Object.ToJSON is dropped; Error names other than the standard
//     constructors' (Error, EvalError, RangeError, ReferenceError,
//     SyntaxError, TypeError, URIError) become "Error", as the HTML
//     serialization steps for Error objects say.
//   - A typed array whose view JavaScript could not have made fails as
//     NotCloneable with its Type, like a detached buffer in a browser.
//   - A nil Value becomes undefined (except an array hole); typed nil
//     pointers become null.
//   - When anything changes, the result is a copy in which every shared or
//     cyclic reference keeps its shape.
func Serialize(f Format, v Value, limit int) (Message, error) {
	switch f {
	case JSON:
		return serializeJSON(v, limit)
	case StructuredClone:
		return serializeClone(v, limit)
	}
	return Message{}, errors.New("serial: unknown format " + f.String())
}

// EncodeJSON returns the JSON text of a JSON-mode message value (one that
// Serialize(JSON, ...) produced). Lone surrogates are written as \uXXXX
// escapes, exactly as JSON.stringify does.
//
// Given any other Value, EncodeJSON applies the JSON.stringify rules that
// Serialize applies, and writes null where JSON.stringify would throw (a
// BigInt, a cyclic reference, a top-level function).
func EncodeJSON(v Value) []byte { return encodeJSON(v) }

// DecodeJSON parses JSON text (RFC 8259, as JSON.parse accepts it) into a
// JSON-mode Value: Null, Bool, Number, String, *Array, *Object. \uXXXX
// escapes of lone surrogates become WTF-8.
func DecodeJSON(b []byte) (Value, error) { return decodeJSON(b) }

// MarshalBinary encodes a structured-clone message value (one that
// Serialize(StructuredClone, ...) produced) in extsim's own tagged binary
// format, keeping shared and cyclic references.
//
// Any Value graph can be encoded, including values structured clone rejects
// (functions, symbols, host objects) and Object.ToJSON, so the format also
// serves as a lossless dump of whatever a test built.
func MarshalBinary(v Value) []byte { return marshalBinary(v) }

// UnmarshalBinary decodes MarshalBinary's format. It rejects malformed input
// with an error (never a panic) and bounds what it allocates by len(b).
func UnmarshalBinary(b []byte) (Value, error) { return unmarshalBinary(b) }

// Equal reports whether two value graphs are structurally equal, including
// the shape of shared and cyclic references. NaN equals NaN; -0 differs from
// +0.
func Equal(a, b Value) bool {
	var s eqState
	return s.eq(a, b)
}
