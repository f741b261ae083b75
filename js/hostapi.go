package js

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"

	"github.com/grafana/sobek"

	"github.com/extsim/extsim/router"
)

// installHostAPIs adds the web platform APIs extension code expects beyond
// timers and console, where sobek lacks them (it already has
// Array.prototype.at/findLast/findLastIndex/toSorted/toReversed/toSpliced/
// with, Object.hasOwn, String.prototype.at/replaceAll):
//
//   - structuredClone, over js/jsvalue and router/serial (hostapi_clone.go);
//   - atob and btoa, TextEncoder and TextDecoder (hostapi_encoding.go);
//   - URL and URLSearchParams, with a WHATWG URL parser (hostapi_url*.go);
//   - performance.now and performance.timeOrigin on the virtual clock, and
//     crypto.getRandomValues and crypto.randomUUID from a generator seeded
//     by the context's ID, so runs are reproducible (hostapi_random.go);
//   - Object.groupBy and Map.groupBy (hostapi_groupby.go);
//   - DOMException, unless the document layer defined one already; the
//     APIs above throw it as Chrome does (DataCloneError,
//     InvalidCharacterError...).
//
// # Cost
//
// Everything is native Go: no JavaScript is parsed per realm. A native
// function costs about half a microsecond to create, so the classes with
// several members (TextEncoder, TextDecoder, URL, URLSearchParams,
// DOMException, and the performance and crypto objects) are built on first
// use: until then the global property is an accessor whose getter builds
// the value and replaces itself with an ordinary data property (writable,
// configurable, enumerable only for performance and crypto), and whose
// setter stores the assigned value the same way. The only visible
// difference is Object.getOwnPropertyDescriptor on a name nobody has
// touched yet. Map.groupBy makes sobek build its Map constructor (about
// 10 µs, most of what this adds to a realm), which it would otherwise do
// on first use; there is no way to reach Map lazily, and extension
// contexts build it anyway (js/webext's prelude uses Maps).
//
// # Instances
//
// Instances of the classes are sobek dynamic objects backed by Go (see
// hostObject): methods check their receiver ("Illegal invocation"
// otherwise), structuredClone refuses them with "<Class> object could not
// be cloned." through jsvalue's host-object convention, and JSON.stringify
// sees no own properties, as in a browser. Expando string properties work;
// symbol-keyed and private (#x) properties on them do not (a sobek
// limitation), nor do Object.freeze and preventExtensions.
//
// Interface objects (URL...) throw Chrome's TypeError when called without
// new and can be subclassed. They are Proxies of sobek native constructors
// (see class), with an own Symbol.hasInstance.
//
// Error texts are Chrome's ("Failed to execute 'atob' on 'Window': ...";
// "... on 'WorkerGlobalScope'" in a service worker).
func (r *Realm) installHostAPIs() error {
	a := &hostAPI{r: r, rt: r.RT, g: r.RT.GlobalObject(), scope: "Window"}
	r.newDOMException = a.newDOMException
	if r.Ctx.Kind == router.KindServiceWorker {
		a.scope = "WorkerGlobalScope"
	}
	var err error
	try := func(f func()) {
		if err == nil {
			if ex := a.rt.Try(f); ex != nil {
				err = ex
			}
		}
	}
	try(a.installClone)
	try(a.installBase64)
	try(a.installGroupBy)
	if r.Ctx.Kind == router.KindServiceWorker {
		try(a.installImportScripts)
	}
	try(func() {
		a.lazy("performance", true, a.performance())
		a.lazy("crypto", true, a.crypto)
		if d, ok := a.g.Get("DOMException").(*sobek.Object); ok {
			a.domException = d
		} else {
			a.lazy("DOMException", false, a.domExceptionClass)
		}
		a.lazy("TextEncoder", false, a.textEncoderClass)
		a.lazy("TextDecoder", false, a.textDecoderClass)
		a.lazy("URL", false, a.urlClass)
		a.lazy("URLSearchParams", false, a.paramsClass)
	})
	return err
}

// hostAPI holds a realm's host APIs: the realm, and the classes built so
// far (nil until first use).
type hostAPI struct {
	r     *Realm
	rt    *sobek.Runtime
	g     *sobek.Object
	scope string // the global's interface in error texts

	rng    uint64 // crypto's generator state
	seeded bool

	domException, domExceptionProto *sobek.Object
	textEncoder, textEncoderProto   *sobek.Object
	textDecoder, textDecoderProto   *sobek.Object
	url, urlProto                   *sobek.Object
	params, paramsProto             *sobek.Object
	paramsIterProto                 *sobek.Object
	uint8Array                      *sobek.Object
	cryptoObj                       *sobek.Object
}

// must panics with err, which rt.Try (installHostAPIs) or sobek (inside a
// native) turns into an exception.
func (a *hostAPI) must(err error) {
	if err != nil {
		panic(a.rt.NewGoError(err))
	}
}

// fn makes a native function with the name and length a browser gives it.
func (a *hostAPI) fn(name string, length int, f func(sobek.FunctionCall) sobek.Value) *sobek.Object {
	o := a.rt.ToValue(f).(*sobek.Object)
	a.setNameLength(o, name, length)
	return o
}

func (a *hostAPI) setNameLength(o *sobek.Object, name string, length int) {
	a.must(o.DefineDataProperty("name", a.rt.ToValue(name), sobek.FLAG_FALSE, sobek.FLAG_TRUE, sobek.FLAG_FALSE))
	if length != 0 {
		a.must(o.DefineDataProperty("length", a.rt.ToValue(length), sobek.FLAG_FALSE, sobek.FLAG_TRUE, sobek.FLAG_FALSE))
	}
}

// global defines an operation on the global object, as Web IDL does
// (writable, enumerable, configurable).
func (a *hostAPI) global(name string, length int, f func(sobek.FunctionCall) sobek.Value) {
	a.must(a.g.DefineDataProperty(name, a.fn(name, length, f), sobek.FLAG_TRUE, sobek.FLAG_TRUE, sobek.FLAG_TRUE))
}

// method defines an operation on an interface prototype object (or on a
// namespace-like object).
func (a *hostAPI) method(o *sobek.Object, name string, length int, f func(sobek.FunctionCall) sobek.Value) *sobek.Object {
	m := a.fn(name, length, f)
	a.must(o.DefineDataProperty(name, m, sobek.FLAG_TRUE, sobek.FLAG_TRUE, sobek.FLAG_TRUE))
	return m
}

// attr defines an attribute: an accessor with "get x" and, unless set is
// nil, "set x" functions.
func (a *hostAPI) attr(o *sobek.Object, name string, get, set func(sobek.FunctionCall) sobek.Value) {
	var s sobek.Value
	if set != nil {
		s = a.fn("set "+name, 1, set)
	}
	a.must(o.DefineAccessorProperty(name, a.fn("get "+name, 0, get), s, sobek.FLAG_TRUE, sobek.FLAG_TRUE))
}

// tag sets Symbol.toStringTag, as on interface prototype objects.
func (a *hostAPI) tag(o *sobek.Object, name string) {
	a.must(o.DefineDataPropertySymbol(sobek.SymToStringTag, a.rt.ToValue(name), sobek.FLAG_FALSE, sobek.FLAG_TRUE, sobek.FLAG_FALSE))
}

// class makes an interface object: a constructor that only works with new
// (Chrome's TypeError otherwise), whose prototype has the tag name.
// construct receives the arguments and the prototype of the instance
// (new.target's, for subclasses) and returns the instance.
func (a *hostAPI) class(name string, length int, construct func(args []sobek.Value, proto *sobek.Object) *sobek.Object) (ctor, proto *sobek.Object) {
	ctor = a.rt.ToValue(func(call sobek.ConstructorCall) *sobek.Object {
		if call.NewTarget == nil {
			a.throwType("Failed to construct '" + name + "': Please use the 'new' operator, this DOM object constructor cannot be called as a function.")
		}
		return construct(call.Arguments, call.This.Prototype())
	}).(*sobek.Object)
	a.setNameLength(ctor, name, length)
	proto = ctor.Get("prototype").(*sobek.Object)
	a.must(ctor.DefineDataProperty("prototype", proto, sobek.FLAG_FALSE, sobek.FLAG_FALSE, sobek.FLAG_FALSE))
	a.tag(proto, name)
	// sobek gives a native constructor no new.target for a plain "new C()",
	// so "C()" and "new C()" look the same to it. Through a Proxy without
	// traps, construction passes the proxy as new.target and a call does
	// not. sobek's instanceof does not see through a Proxy, so the target
	// gets its own Symbol.hasInstance (OrdinaryHasInstance).
	a.must(ctor.DefineDataPropertySymbol(sobek.SymHasInstance, a.fn("[Symbol.hasInstance]", 1, func(call sobek.FunctionCall) sobek.Value {
		if o, ok := call.Argument(0).(*sobek.Object); ok {
			for p := o.Prototype(); p != nil; p = p.Prototype() {
				if p == proto {
					return a.rt.ToValue(true)
				}
			}
		}
		return a.rt.ToValue(false)
	}), sobek.FLAG_FALSE, sobek.FLAG_FALSE, sobek.FLAG_FALSE))
	ctor = a.rt.ToValue(a.rt.NewProxy(ctor, &sobek.ProxyTrapConfig{})).(*sobek.Object)
	a.must(proto.DefineDataProperty("constructor", ctor, sobek.FLAG_TRUE, sobek.FLAG_TRUE, sobek.FLAG_FALSE))
	return ctor, proto
}

// lazy defines a global that is built on first use (see
// installHostAPIs): an interface object (not enumerable) or a namespace
// like crypto (enumerable, as Window's attributes are). One native serves
// as both getter and setter: a getter is called without arguments, a
// setter with one.
func (a *hostAPI) lazy(name string, enumerable bool, build func() *sobek.Object) {
	e := sobek.FLAG_FALSE
	if enumerable {
		e = sobek.FLAG_TRUE
	}
	f := a.rt.ToValue(func(call sobek.FunctionCall) sobek.Value {
		var v sobek.Value
		if len(call.Arguments) == 0 {
			v = build()
		} else {
			v = call.Arguments[0]
		}
		// Fails only if the page made the property non-configurable.
		_ = a.g.DefineDataProperty(name, v, sobek.FLAG_TRUE, sobek.FLAG_TRUE, e)
		return v
	}).(*sobek.Object)
	a.must(a.g.DefineAccessorProperty(name, f, f, sobek.FLAG_TRUE, e))
}

// hostObject is the Go side of an instance of a host class: a sobek
// dynamic object whose own properties are the expandos scripts set on it.
// The state of the instance lives in the type that embeds it.
type hostObject struct {
	props map[string]sobek.Value
	order []string
}

func (h *hostObject) Get(key string) sobek.Value { return h.props[key] }

func (h *hostObject) Set(key string, v sobek.Value) bool {
	if h.props == nil {
		h.props = map[string]sobek.Value{}
	}
	if _, ok := h.props[key]; !ok {
		h.order = append(h.order, key)
	}
	h.props[key] = v
	return true
}

func (h *hostObject) Has(key string) bool {
	_, ok := h.props[key]
	return ok
}

func (h *hostObject) Delete(key string) bool {
	if _, ok := h.props[key]; ok {
		delete(h.props, key)
		h.order = slices.DeleteFunc(h.order, func(k string) bool { return k == key })
	}
	return true
}

func (h *hostObject) Keys() []string { return slices.Clone(h.order) }

// wrap makes the JS object of a host instance.
func (a *hostAPI) wrap(d sobek.DynamicObject, proto *sobek.Object) *sobek.Object {
	o := a.rt.NewDynamicObject(d)
	a.must(o.SetPrototype(proto))
	return o
}

// thisAs returns the Go side of a method's receiver, or throws Chrome's
// "Illegal invocation".
func thisAs[T sobek.DynamicObject](a *hostAPI, call sobek.FunctionCall) T {
	if o, ok := call.This.(*sobek.Object); ok && o.ExportType() == reflect.TypeFor[T]() {
		return o.Export().(T)
	}
	a.throwType("Illegal invocation")
	panic("unreachable")
}

// need throws Chrome's TypeError when an operation gets fewer arguments
// than it requires.
func (a *hostAPI) need(call sobek.FunctionCall, n int, what string) {
	if len(call.Arguments) < n {
		s := "s"
		if n == 1 {
			s = ""
		}
		a.throwType(fmt.Sprintf("%s: %d argument%s required, but only %d present.", what, n, s, len(call.Arguments)))
	}
}

// usv converts a value to a string as Web IDL's USVString does: ToString
// (which throws for a Symbol), lone surrogates replaced by U+FFFD.
func usv(v sobek.Value) string {
	if v == nil {
		return "undefined"
	}
	return v.ToString().String()
}

func (a *hostAPI) throwType(msg string) {
	panic(a.rt.NewTypeError("%s", msg))
}

// throwRange throws a RangeError of the realm (its global constructor).
func (a *hostAPI) throwRange(msg string) {
	if c, ok := a.g.Get("RangeError").(*sobek.Object); ok {
		if e, err := a.rt.New(c, a.rt.ToValue(msg)); err == nil {
			panic(e)
		}
	}
	a.throwType(msg)
}

// NewDOMException returns a DOMException of this realm with name and msg,
// for the API layers that throw one (a port's DataCloneError in Firefox,
// FF-35). It uses the realm's own class, not whatever a script stored in the
// global DOMException since.
func (r *Realm) NewDOMException(name, msg string) *sobek.Object {
	return r.newDOMException(name, msg)
}

// throwDOM throws a DOMException.
func (a *hostAPI) throwDOM(name, msg string) {
	panic(a.newDOMException(name, msg))
}

func (a *hostAPI) newDOMException(name, msg string) *sobek.Object {
	if a.domExceptionProto == nil && a.domException != nil {
		// The document layer's DOMException.
		if o, err := a.rt.New(a.domException, a.rt.ToValue(msg), a.rt.ToValue(name)); err == nil {
			return o
		}
	}
	if a.domExceptionProto == nil {
		a.domException = nil
		a.domExceptionClass()
	}
	return a.makeDOMException(a.domExceptionProto, name, msg)
}

// makeDOMException makes an Error object (with its stack) whose prototype
// is proto and whose own name, message and code are a DOMException's.
func (a *hostAPI) makeDOMException(proto *sobek.Object, name, msg string) *sobek.Object {
	e := a.rt.NewTypeError("%s", msg)
	a.must(e.SetPrototype(proto))
	a.must(e.DefineDataProperty("name", a.rt.ToValue(name), sobek.FLAG_TRUE, sobek.FLAG_TRUE, sobek.FLAG_FALSE))
	a.must(e.DefineDataProperty("code", a.rt.ToValue(domExceptionCode(name)), sobek.FLAG_TRUE, sobek.FLAG_TRUE, sobek.FLAG_FALSE))
	return e
}

// domExceptionCode is the legacy code of a DOMException name, or 0.
func domExceptionCode(name string) int {
	for i, n := range domExceptionNames() {
		if n == name {
			return i + 1
		}
	}
	return 0
}

// domExceptionNames are the DOMException names that have a legacy code,
// by code from 1 ("" for codes no name uses any more).
func domExceptionNames() [25]string {
	return [...]string{
		"IndexSizeError", "", "HierarchyRequestError", "WrongDocumentError",
		"InvalidCharacterError", "", "NoModificationAllowedError", "NotFoundError",
		"NotSupportedError", "", "InvalidStateError", "SyntaxError",
		"InvalidModificationError", "NamespaceError", "InvalidAccessError", "",
		"TypeMismatchError", "SecurityError", "NetworkError", "AbortError",
		"URLMismatchError", "QuotaExceededError", "TimeoutError",
		"InvalidNodeTypeError", "DataCloneError",
	}
}

// domExceptionConstants are DOMException's legacy code constants, by code
// from 1.
func domExceptionConstants() [25]string {
	return [...]string{
		"INDEX_SIZE_ERR", "DOMSTRING_SIZE_ERR", "HIERARCHY_REQUEST_ERR", "WRONG_DOCUMENT_ERR",
		"INVALID_CHARACTER_ERR", "NO_DATA_ALLOWED_ERR", "NO_MODIFICATION_ALLOWED_ERR", "NOT_FOUND_ERR",
		"NOT_SUPPORTED_ERR", "INUSE_ATTRIBUTE_ERR", "INVALID_STATE_ERR", "SYNTAX_ERR",
		"INVALID_MODIFICATION_ERR", "NAMESPACE_ERR", "INVALID_ACCESS_ERR", "VALIDATION_ERR",
		"TYPE_MISMATCH_ERR", "SECURITY_ERR", "NETWORK_ERR", "ABORT_ERR", "URL_MISMATCH_ERR",
		"QUOTA_EXCEEDED_ERR", "TIMEOUT_ERR", "INVALID_NODE_TYPE_ERR", "DATA_CLONE_ERR",
	}
}

// domExceptionClass builds DOMException: new DOMException(message, name)
// makes an Error object (so consoles and structured clone treat it as an
// error) inheriting from DOMException.prototype, itself inheriting from
// Error.prototype.
func (a *hostAPI) domExceptionClass() *sobek.Object {
	if a.domExceptionProto != nil {
		return a.domException
	}
	ctor, proto := a.class("DOMException", 0, func(args []sobek.Value, proto *sobek.Object) *sobek.Object {
		msg, name := "", "Error"
		if len(args) > 0 && !sobek.IsUndefined(args[0]) {
			msg = usv(args[0])
		}
		if len(args) > 1 && !sobek.IsUndefined(args[1]) {
			name = usv(args[1])
		}
		return a.makeDOMException(proto, name, msg)
	})
	// The intrinsic Error.prototype, whatever the page did to the globals.
	a.must(proto.SetPrototype(a.rt.NewTypeError("").Prototype().Prototype()))
	for i, c := range domExceptionConstants() {
		v := a.rt.ToValue(i + 1)
		a.must(ctor.DefineDataProperty(c, v, sobek.FLAG_FALSE, sobek.FLAG_FALSE, sobek.FLAG_TRUE))
		a.must(proto.DefineDataProperty(c, v, sobek.FLAG_FALSE, sobek.FLAG_FALSE, sobek.FLAG_TRUE))
	}
	a.domException, a.domExceptionProto = ctor, proto
	return ctor
}

// itoa is strconv.Itoa, short.
func itoa(n int) string { return strconv.Itoa(n) }
