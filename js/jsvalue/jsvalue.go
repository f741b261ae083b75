// Package jsvalue converts between sobek (JavaScript) values and the message
// value model of package serial.
//
// Messages never share JS objects across realms: ToSerial turns the sender's
// value into a serial.Value graph, the router serializes it for the channel's
// format, and FromSerial builds fresh JS objects from the result in each
// receiving realm. Both must run on the goroutine of the realm they touch.
//
// # Classes
//
// ToSerial recognizes an object's kind the way the engine does, by its
// internal class rather than by its prototype chain, using sobek's public
// API: Object.ClassName ("Array", "Date", "RegExp", "Error", "Function",
// "String", "Number", "Boolean") and, for objects whose class is "Object",
// Object.ExportType (Map, Set, Promise, Proxy, ArrayBuffer, the typed arrays
// and BigInt wrappers each export to a Go type of their own). Ordinary JS
// objects export to map[string]interface{}; so do WeakMap, WeakSet and
// DataView objects, which are told apart by their Symbol.toStringTag when the
// object does not inherit directly from a root prototype (Object.prototype or
// null), and a DataView must then also answer its buffer, byteOffset and
// byteLength getters.
//
// Host objects follow one convention: an object backed by Go (a value wrapped
// by Runtime.ToValue, a DynamicObject...) or a Proxy that has an own or
// inherited Symbol.toStringTag string becomes serial.HostObject with that
// string as Class ("HTMLDocument", "Window"...), so a structured-clone
// channel fails with "<Class> object could not be cloned". A Proxy without a
// tag has Class "Proxy"; Promise, WeakMap and WeakSet use their own names. A
// Go-backed object without a tag is read as an ordinary object. In JSON mode
// a Proxy is read through its traps, as JSON.stringify does (as an array when
// its target is one).
//
// # Strings
//
// sobek strings are UTF-16. Their Go form (Value.String) replaces lone
// surrogates with U+FFFD, so a string whose Go form is valid UTF-8 without
// U+FFFD is taken as is, and any other string is re-read code unit by code
// unit (sobek.String.CharAt) and encoded as WTF-8, the form serial.String
// requires. FromSerial reverses this with sobek.StringFromUTF16. Property
// keys get the same treatment: Object.Keys gives keys in their lossy Go form,
// so an object with a key that may hold a lone surrogate is re-read (and
// built) with a small JS helper that keeps the exact key.
//
// # Deviations from the engines
//
//   - Identity is kept for both formats: the same JS object reached twice
//     becomes the same Go pointer, so its getters and its toJSON method run
//     once, at the first occurrence (JSON.stringify would run them for each
//     occurrence, with each occurrence's key).
//   - In JSON mode the contents of Maps and Sets and the non-index
//     properties of arrays are not read, since JSON.stringify ignores them.
//   - Boxed primitives (new String("x"), Object(1n)...) become primitives.
//   - Map entries are read with the Map's iterator (sobek exposes no other
//     way), so a Map whose iteration was overridden is read as overridden.
//   - Arrays longer than 1<<24 elements are refused with an error.
package jsvalue

import (
	"github.com/grafana/sobek"

	"github.com/extsim/extsim/router/serial"
)

// maxDepth is how many containers may nest, as in package serial: a value
// with more nested containers fails with the *serial.SerializeError that
// serial.Serialize would give it (Reason Unserializable, Type "depth").
const maxDepth = 10000

// maxArrayLength bounds the length of an array ToSerial converts:
// serial.Array holds one slot per index, holes included, so a sparse array
// with a huge length would otherwise exhaust memory.
const maxArrayLength = 1 << 24

// ToSerial converts a JS value from realm rt into a serial.Value graph for
// sending in format f. It must run on the realm's goroutine.
//
// Getters are invoked, as JSON.stringify and structuredClone do, and an
// exception one of them (or a toJSON method, a Proxy trap...) throws is
// returned as the *sobek.Exception itself. Other errors are a
// *serial.SerializeError for nesting deeper than 10000 containers, and plain
// errors for an unknown format or an array that is too long.
//
// In JSON mode an object with a callable toJSON property (own or inherited;
// for a Date only an own one, since serial renders Dates itself) is called
// with its key ("" at the top level, the index in an array) and becomes a
// serial.Object whose ToJSON is the converted result. Structured clone
// ignores toJSON.
//
// Which objects become which serial types, and how strings keep their lone
// surrogates, is described in the package documentation.
func ToSerial(rt *sobek.Runtime, v sobek.Value, f serial.Format) (serial.Value, error) {
	if f != serial.JSON && f != serial.StructuredClone {
		return nil, errUnknownFormat(f)
	}
	if _, ok := v.(*sobek.Object); !ok {
		if !sobek.IsBigInt(v) || f != serial.JSON {
			// Primitives run no JS code (except a BigInt's toJSON).
			return primitive(v), nil
		}
	}
	c := toConv{rt: rt, json: f == serial.JSON}
	var (
		out serial.Value
		err error
	)
	if ex := rt.Try(func() { out, err = c.value(v, keyRef{}, 0, false) }); ex != nil {
		return nil, ex
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// FromSerial materializes v as fresh JS values in realm rt, preserving
// shared and cyclic references. It must run on the realm's goroutine.
//
// Objects are made with the realm's own constructors (Date, RegExp, Map,
// Set, the typed arrays, DataView, the Error constructors, found on the
// global object), properties are defined as JSON.parse defines them (own,
// writable, enumerable, configurable data properties, so a "__proto__" key
// is an ordinary property), and a nil array element leaves a hole. Values no
// message can carry (Function, Symbol, HostObject) and values the realm
// cannot build (a typed array type it lacks, an invalid view, a constructor
// the page removed from the global object) become undefined. FromSerial
// never panics on a Go-built graph; if JS code it runs throws (a page that
// replaced Map.prototype.set...), the result is undefined.
func FromSerial(rt *sobek.Runtime, v serial.Value) sobek.Value {
	if out, ok := fromPrimitive(rt, v); ok {
		return out
	}
	b := fromBuilder{rt: rt}
	var out sobek.Value
	if ex := rt.Try(func() { out = b.value(v) }); ex != nil || out == nil {
		return sobek.Undefined()
	}
	return out
}
