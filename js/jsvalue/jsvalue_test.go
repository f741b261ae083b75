package jsvalue_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/grafana/sobek"

	"github.com/extsim/extsim/js/jsvalue"
	"github.com/extsim/extsim/router/serial"
)

// run evaluates src in rt, failing the test on an exception.
func run(t testing.TB, rt *sobek.Runtime, src string) sobek.Value {
	t.Helper()
	v, err := rt.RunString(src)
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	return v
}

// transfer evaluates expr in runtime a (as the global orig), converts it
// for f, serializes it and materializes the message in runtime b as the
// global x. a and b may be the same runtime.
func transfer(t *testing.T, a, b *sobek.Runtime, f serial.Format, expr string) {
	t.Helper()
	v := run(t, a, "var orig = ("+expr+"); orig")
	sv, err := jsvalue.ToSerial(a, v, f)
	if err != nil {
		t.Fatalf("ToSerial: %v", err)
	}
	m, err := serial.Serialize(f, sv, 0)
	if err != nil {
		t.Fatalf("Serialize: %v", err)
	}
	if err := b.Set("x", jsvalue.FromSerial(b, m.Value)); err != nil {
		t.Fatal(err)
	}
}

// check runs a JS check in rt that must return true (or throw, failing).
func check(t *testing.T, rt *sobek.Runtime, cond string) {
	t.Helper()
	v, err := rt.RunString("(function () { " + cond + " })()")
	if err != nil {
		t.Errorf("check %q threw: %v", cond, err)
		return
	}
	if !v.SameAs(rt.ToValue(true)) {
		got, _ := rt.RunString(`(function(){ try { return String(JSON.stringify(x)) } catch (e) { return String(x) } })()`)
		t.Errorf("check %q failed; x = %v", cond, got)
	}
}

var cloneCases = []struct{ name, expr, check string }{
	{"number", `42.5`, `return x === 42.5`},
	{"negative zero", `-0`, `return Object.is(x, -0)`},
	{"NaN", `NaN`, `return Number.isNaN(x)`},
	{"infinities", `[Infinity, -Infinity]`, `return x[0] === Infinity && x[1] === -Infinity`},
	{"booleans", `[true, false]`, `return x[0] === true && x[1] === false`},
	{"null and undefined", `[null, undefined]`, `return x[0] === null && x[1] === undefined && 1 in x`},
	{"undefined", `undefined`, `return x === undefined`},
	{"string", `"h\u00e9llo \u4e16\u754c"`, `return x === "h\u00e9llo \u4e16\u754c"`},
	{"long string", `"a".repeat(100) + "\u00e9"`, `return x === "a".repeat(100) + "\u00e9"`},
	{"lone high surrogate", `"\ud800"`, `return x.length === 1 && x.charCodeAt(0) === 0xd800`},
	{"lone low surrogate inside", `"a\udc00b"`, `return x === "a\udc00b"`},
	{"reversed pair", `"\udc00\ud800"`, `return x === "\udc00\ud800"`},
	{"surrogate pair", `"\ud83d\ude00"`, `return x === "\ud83d\ude00" && x.length === 2`},
	{"replacement character", `"\ufffd\ud800"`, `return x === "\ufffd\ud800"`},
	{"BigInt", `-(2n ** 70n)`, `return x === -(2n ** 70n)`},
	{"nested objects", `{a: {b: {c: [1, {d: "e"}]}}, f: null}`,
		`return x.a.b.c[1].d === "e" && x.f === null && x.a.b.c.length === 2 && x !== orig`},
	{"key order", `{b: 1, a: 2, 1: 3}`, `return Object.keys(x).join() === "1,b,a"`},
	{"lone surrogate key", `{"\ud800": 1, b: 2}`, `return Object.keys(x).length === 2 && Object.keys(x)[0] === "\ud800" && x["\ud800"] === 1`},
	{"__proto__ key", `JSON.parse('{"__proto__": {"p": 1}, "a": 2}')`,
		`return Object.getPrototypeOf(x) === Object.prototype && x.hasOwnProperty("__proto__") && x.__proto__.p === 1`},
	{"getter becomes data", `{get g() { return 5; }}`,
		`var d = Object.getOwnPropertyDescriptor(x, "g"); return d.value === 5 && d.writable && d.enumerable`},
	{"non-enumerable and symbol keys dropped",
		`Object.defineProperty({a: 1, [Symbol("s")]: 2}, "hidden", {value: 3, enumerable: false})`,
		`return Object.getOwnPropertyNames(x).join() === "a" && Object.getOwnPropertySymbols(x).length === 0`},
	{"inherited properties dropped", `Object.create({inherited: 1}, {own: {value: 2, enumerable: true}})`,
		`return Object.keys(x).join() === "own" && !("inherited" in x)`},
	{"array holes", `[1, , 3, , ]`, `return x.length === 4 && !(1 in x) && !(3 in x) && x[2] === 3`},
	{"sparse array", `(function () { var a = []; a[5] = "five"; return a; })()`,
		`return x.length === 6 && x[5] === "five" && Object.keys(x).join() === "5"`},
	{"array extra props", `(function () { var a = [1]; a.foo = "bar"; return a; })()`,
		`return Array.isArray(x) && x.length === 1 && x.foo === "bar"`},
	{"date", `new Date(86400000)`, `return x instanceof Date && x.getTime() === 86400000`},
	{"invalid date", `new Date(NaN)`, `return x instanceof Date && isNaN(x.getTime())`},
	{"regexp", `/a+\/b/gimsuy`, `return x instanceof RegExp && x.source === "a+\\/b" && x.flags === "gimsuy"`},
	{"map", `new Map([["k", {v: 1}], [{o: 1}, "obj"], [2, 3]])`,
		`var e = Array.from(x); return x instanceof Map && x.size === 3 && x.get("k").v === 1 && e[1][0].o === 1 && e[1][1] === "obj" && x.get(2) === 3`},
	{"set", `new Set([1, "two", {three: 3}])`,
		`var e = Array.from(x); return x instanceof Set && x.has(1) && x.has("two") && e[2].three === 3`},
	{"array buffer", `(function () { var b = new ArrayBuffer(4); new Uint8Array(b)[3] = 9; return b; })()`,
		`return x instanceof ArrayBuffer && x.byteLength === 4 && new Uint8Array(x)[3] === 9`},
	{"typed arrays share a buffer",
		`(function () { var b = new ArrayBuffer(8); var u = new Uint8Array(b); u[2] = 7; return {u: u, d: new Uint16Array(b, 2, 2), v: new DataView(b, 4, 4)}; })()`,
		`return x.u instanceof Uint8Array && x.d instanceof Uint16Array && x.v instanceof DataView &&
			x.u.buffer === x.d.buffer && x.d.buffer === x.v.buffer && x.d.length === 2 && x.d.byteOffset === 2 &&
			x.d[0] === 7 && x.v.byteOffset === 4 && x.v.byteLength === 4 && (x.u[2] = 8, x.d[0] === 8)`},
	{"typed array kinds",
		`[new Int8Array([-1]), new Uint8ClampedArray([300]), new Int16Array([-2]), new Uint32Array([4e9]), new Float32Array([0.5]), new Float64Array([-0]), new BigInt64Array([-5n]), new BigUint64Array([5n]), new Int32Array(new ArrayBuffer(16), 4, 2)]`,
		`return x[0] instanceof Int8Array && x[0][0] === -1 && x[1] instanceof Uint8ClampedArray && x[1][0] === 255 &&
			x[2][0] === -2 && x[3][0] === 4e9 && x[4][0] === 0.5 && Object.is(x[5][0], -0) && x[6][0] === -5n &&
			x[7] instanceof BigUint64Array && x[7][0] === 5n && x[8] instanceof Int32Array && x[8].byteOffset === 4 && x[8].length === 2 && x[8].buffer.byteLength === 16`},
	{"errors", `[new TypeError("bad"), new RangeError("r"), new Error("e"), new (class MyError extends Error {})("m")]`,
		`return x[0] instanceof TypeError && x[0].message === "bad" && x[1] instanceof RangeError &&
			x[2].constructor === Error && x[3].constructor === Error && x[3].message === "m"`},
	{"boxed primitives", `[new String("s"), new Number(2), new Boolean(false), Object(3n)]`,
		`return x[0] === "s" && x[1] === 2 && x[2] === false && x[3] === 3n`},
	{"object cycle", `(function () { var o = {}; o.self = o; return o; })()`, `return x.self === x && x !== orig`},
	{"array cycle", `(function () { var a = [1]; a.push(a); return a; })()`, `return x[1] === x && x.length === 2 && x[0] === 1`},
	{"array cycle with holes", `(function () { var a = [, 1]; a[3] = a; return a; })()`,
		`return x[3] === x && x.length === 4 && !(0 in x) && !(2 in x) && x[1] === 1`},
	{"array cycle through its props", `(function () { var a = [1]; a.me = a; return a; })()`, `return x.me === x && x[0] === 1`},
	{"map and set cycles", `(function () { var m = new Map(); var s = new Set(); m.set(m, s); s.add(m); return m; })()`,
		`var s = x.get(x); return s instanceof Set && s.has(x)`},
	{"shared references", `(function () { var s = {n: 1}; var a = [s]; return {a: s, b: s, c: [s, s], d: a, e: a}; })()`,
		`return x.a === x.b && x.c[0] === x.a && x.c[1] === x.a && x.d === x.e && x.d[0] === x.a`},
	{"shared date and regexp", `(function () { var d = new Date(0), r = /x/; return [d, d, r, r]; })()`,
		`return x[0] === x[1] && x[2] === x[3] && x[0] instanceof Date`},
}

func TestStructuredCloneRoundTrip(t *testing.T) {
	for _, c := range cloneCases {
		t.Run(c.name, func(t *testing.T) {
			t.Run("one runtime", func(t *testing.T) {
				a := sobek.New()
				transfer(t, a, a, serial.StructuredClone, c.expr)
				check(t, a, c.check)
			})
			t.Run("two runtimes", func(t *testing.T) {
				a, b := sobek.New(), sobek.New()
				transfer(t, a, b, serial.StructuredClone, c.expr)
				run(t, b, "var orig = undefined")
				check(t, b, c.check)
			})
		})
	}
}

// jsonCases are sent in JSON mode; the receiver must get what
// JSON.parse(JSON.stringify(value)) gives.
var jsonCases = []string{
	`{a: 1, b: "two", c: [true, false, null]}`,
	`{b: 1, a: 2, 1: 3, 0: 4}`,
	`{a: undefined, b: function () {}, c: Symbol("s"), d: [undefined, function () {}, Symbol("t")], e: 1}`,
	`[NaN, Infinity, -Infinity, -0, 1e21, 1e-7]`,
	`[1, , 3, , ]`,
	`{when: new Date(0), bad: new Date(NaN), dates: [new Date(1e12)]}`,
	`{t: {toJSON: function (k) { return "toJSON of " + k; }}}`,
	`[{toJSON: function (k) { return "index " + k + " " + typeof k; }}]`,
	`{toJSON: function (k) { return {top: k === "", type: typeof k}; }}`,
	`{a: {toJSON: function () { return undefined; }}, b: 1}`,
	`{nested: {deeper: {toJSON: function (k) { return [k, {inner: {toJSON: function (k2) { return k2 + "!"; }}}]; }}}}`,
	`{t: {toJSON: function () { return {toJSON: function () { return "not called"; }, x: 2}; }}}`,
	`{t: {toJSON: function () { return new Date(0); }}}`,
	`{d: (function () { var d = new Date(0); d.toJSON = function (k) { return "own " + k; }; return d; })()}`,
	`(function () { class P { constructor() { this.own = 1; } get proto() { return 2; } toJSON() { return {own: this.own, p: this.proto}; } } return [new P()]; })()`,
	`(function () { class Q { constructor() { this.own = 1; } get proto() { return 2; } } return new Q(); })()`,
	`Object.create({inherited: 1}, {own: {value: 2, enumerable: true}})`,
	`{m: new Map([[1, 2]]), s: new Set([1]), r: /x/g, e: new TypeError("t"), w: new WeakMap(), p: Promise.resolve(1)}`,
	`{u: new Uint8Array([1, 2]), f: new Float64Array([0.5, NaN]), v: new DataView(new ArrayBuffer(2)), b: new ArrayBuffer(2)}`,
	`[new String("s"), new Number(2), new Boolean(false)]`,
	`(function () { var s = {n: 1}; return {a: s, b: s, c: [s]}; })()`,
	`(function () { var a = [1, 2]; a.extra = 3; return {a: a}; })()`,
	`new Proxy({a: 1, b: [2]}, {})`,
	`new Proxy([1, 2, 3], {})`,
	`(BigInt.prototype.toJSON = function () { return this.toString() + "n"; }, {big: 12n, list: [3n]})`,
	`(Map.prototype.toJSON = function () { return Array.from(this); }, {m: new Map([["k", "v"]])})`,
	`(function () { var f = function () {}; f.toJSON = function () { return "from a function"; }; return {f: f}; })()`,
	`JSON.parse('{"__proto__": {"p": 1}}')`,
	`"plain string"`,
	`42`,
	`null`,
	`true`,
	`-0`,
	`NaN`,
	`new Date(0)`,
	`[]`,
	`{}`,
}

func TestJSONMatchesStringify(t *testing.T) {
	for _, expr := range jsonCases {
		t.Run(expr, func(t *testing.T) {
			a, b := sobek.New(), sobek.New()
			transfer(t, a, b, serial.JSON, expr)
			// What the receiver must see: JSON.parse of the sender's
			// JSON.stringify, compared as JSON text and structurally.
			want := run(t, a, "JSON.stringify(orig)")
			if sobek.IsUndefined(want) {
				t.Fatalf("JSON.stringify(%s) is undefined; not a JSON case", expr)
			}
			if err := b.Set("want", want); err != nil {
				t.Fatal(err)
			}
			check(t, b, `return JSON.stringify(x) === want && deepEqual(x, JSON.parse(want));
				function deepEqual(p, q) {
					if (typeof p !== typeof q) return false;
					if (p === null || typeof p !== "object") return Object.is(p, q);
					if (Array.isArray(p) !== Array.isArray(q)) return false;
					if (Object.getPrototypeOf(p) !== Object.getPrototypeOf(q)) return false;
					var pk = Object.getOwnPropertyNames(p), qk = Object.getOwnPropertyNames(q);
					if (pk.join("\u0000") !== qk.join("\u0000")) return false;
					for (var i = 0; i < pk.length; i++) if (!deepEqual(p[pk[i]], q[pk[i]])) return false;
					return true;
				}`)
		})
	}
}

func TestJSONTopLevelUndefined(t *testing.T) {
	// JSON.stringify(undefined) is undefined; Chrome delivers null.
	a, b := sobek.New(), sobek.New()
	transfer(t, a, b, serial.JSON, `undefined`)
	check(t, b, `return x === null`)
}

// TestJSONLoneSurrogates: JSON.stringify writes lone surrogates as \uXXXX
// escapes, and JSON.parse restores them. (sobek's own JSON.parse turns such
// escapes into U+FFFD, so the receiver is checked against literals here.)
func TestJSONLoneSurrogates(t *testing.T) {
	a, b := sobek.New(), sobek.New()
	expr := `{s: "\ud800 lone \udfff", "\ud800k": "key", pair: "\ud83d\ude00"}`
	transfer(t, a, b, serial.JSON, expr)
	if err := b.Set("want", run(t, a, "JSON.stringify(orig)")); err != nil {
		t.Fatal(err)
	}
	check(t, b, `return JSON.stringify(x) === want && x.s === "\ud800 lone \udfff" && x["\ud800k"] === "key" &&
		x.pair === "\ud83d\ude00" && Object.keys(x).join() === ["s", "\ud800k", "pair"].join()`)
}

func toSerial(t *testing.T, rt *sobek.Runtime, expr string, f serial.Format) serial.Value {
	t.Helper()
	sv, err := jsvalue.ToSerial(rt, run(t, rt, "("+expr+")"), f)
	if err != nil {
		t.Fatalf("%s: ToSerial: %v", expr, err)
	}
	return sv
}

func TestUnserializable(t *testing.T) {
	for _, c := range []struct {
		expr   string
		f      serial.Format
		reason serial.Reason
		typ    string
	}{
		{`(function named() {})`, serial.JSON, serial.Unserializable, "Function"},
		{`(function named() {})`, serial.StructuredClone, serial.NotCloneable, "Function"},
		{`class K {}`, serial.StructuredClone, serial.NotCloneable, "Function"},
		{`({f: async function () {}})`, serial.StructuredClone, serial.NotCloneable, "Function"},
		{`Symbol("s")`, serial.JSON, serial.Unserializable, "Symbol"},
		{`[Symbol("s")]`, serial.StructuredClone, serial.NotCloneable, "Symbol"},
		{`({b: 1n})`, serial.JSON, serial.Unserializable, "BigInt"},
		{`Object(1n)`, serial.JSON, serial.Unserializable, "BigInt"},
		{`(function () { var o = {}; o.self = o; return o; })()`, serial.JSON, serial.Unserializable, "cycle"},
		{`(function () { var o = {toJSON: function () { return [o]; }}; return o; })()`, serial.JSON, serial.Unserializable, "cycle"},
		{`({toJSON: function () {}})`, serial.JSON, serial.Unserializable, "undefined"},
		{`({toJSON: function () { return function () {}; }})`, serial.JSON, serial.Unserializable, "Function"},
		{`new WeakMap()`, serial.StructuredClone, serial.NotCloneable, "WeakMap"},
		{`new WeakSet()`, serial.StructuredClone, serial.NotCloneable, "WeakSet"},
		{`Promise.resolve(1)`, serial.StructuredClone, serial.NotCloneable, "Promise"},
		{`new Proxy({}, {})`, serial.StructuredClone, serial.NotCloneable, "Proxy"},
		{`new Proxy(new Map(), {})`, serial.StructuredClone, serial.NotCloneable, "Map"},
		{`Object(Symbol("s"))`, serial.StructuredClone, serial.NotCloneable, "Symbol"},
	} {
		rt := sobek.New()
		sv := toSerial(t, rt, c.expr, c.f)
		_, err := serial.Serialize(c.f, sv, 0)
		var se *serial.SerializeError
		if !errors.As(err, &se) || se.Reason != c.reason || se.Type != c.typ {
			t.Errorf("%s (%v): err = %v, want reason %d type %q", c.expr, c.f, err, c.reason, c.typ)
		}
	}
}

func TestExceptionsPropagate(t *testing.T) {
	for _, c := range []struct {
		expr string
		f    serial.Format
		msg  string
	}{
		{`({a: 1, get bad() { throw new Error("getter threw"); }})`, serial.StructuredClone, "getter threw"},
		{`({a: 1, get bad() { throw new Error("getter threw"); }})`, serial.JSON, "getter threw"},
		{`[{get bad() { throw new TypeError("in array"); }}]`, serial.StructuredClone, "in array"},
		{`[{get bad() { throw new TypeError("in array"); }}]`, serial.JSON, "in array"},
		{`({t: {toJSON: function () { throw new RangeError("toJSON threw"); }}})`, serial.JSON, "toJSON threw"},
		{`new Proxy({}, {ownKeys: function () { throw new Error("trap threw"); }})`, serial.JSON, "trap threw"},
		{`(function () { var m = new Map([[1, 2]]); m[Symbol.iterator] = function () { throw new Error("iterator threw"); }; return m; })()`,
			serial.StructuredClone, "iterator threw"},
		{`(function () { var p = Proxy.revocable({}, {}); p.revoke(); return p.proxy; })()`, serial.JSON, "revoked"},
	} {
		rt := sobek.New()
		v := run(t, rt, "("+c.expr+")")
		sv, err := jsvalue.ToSerial(rt, v, c.f)
		ex, ok := err.(*sobek.Exception)
		if !ok || !strings.Contains(ex.Error(), c.msg) {
			t.Errorf("%s (%v): got %v, %v; want a *sobek.Exception with %q", c.expr, c.f, sv, err, c.msg)
		}
	}
	// The realm stays usable after an exception.
	rt := sobek.New()
	_, err := jsvalue.ToSerial(rt, run(t, rt, `({get bad() { throw new Error("x"); }})`), serial.JSON)
	if err == nil {
		t.Fatal("no error")
	}
	if v := run(t, rt, `1 + 1`); v.ToInteger() != 2 {
		t.Fatal("runtime broken after an exception")
	}
}

// TestExceptionInsideJSCall runs ToSerial from a Go function called by JS,
// as the webext layer does: an exception must reach ToSerial's caller and
// leave the calling script able to catch what the Go function throws.
func TestExceptionInsideJSCall(t *testing.T) {
	rt := sobek.New()
	if err := rt.Set("send", func(call sobek.FunctionCall) sobek.Value {
		_, err := jsvalue.ToSerial(rt, call.Argument(0), serial.JSON)
		if ex, ok := err.(*sobek.Exception); ok {
			panic(ex)
		}
		return rt.ToValue(err == nil)
	}); err != nil {
		t.Fatal(err)
	}
	v := run(t, rt, `var r = []; r.push(send({a: 1}));
		try { send({get bad() { throw new Error("boom"); }}); r.push("no throw"); } catch (e) { r.push(e.message); }
		r.push(send([1, 2])); r.join()`)
	if got := v.String(); got != "true,boom,true" {
		t.Errorf("got %q", got)
	}
}

func TestDepthLimit(t *testing.T) {
	for _, f := range []serial.Format{serial.JSON, serial.StructuredClone} {
		for _, shape := range []string{"[v]", "{v: v}", "new Set([v])"} {
			if f == serial.JSON && strings.HasPrefix(shape, "new") {
				continue
			}
			rt := sobek.New()
			mk := func(n int) sobek.Value {
				return run(t, rt, `(function () { var v = null; for (var i = 0; i < `+strconv.Itoa(n)+`; i++) v = `+shape+`; return v; })()`)
			}
			sv, err := jsvalue.ToSerial(rt, mk(10000), f)
			if err != nil {
				t.Fatalf("%v %s: 10000 levels: %v", f, shape, err)
			}
			if _, err := serial.Serialize(f, sv, 0); err != nil {
				t.Errorf("%v %s: 10000 levels: Serialize: %v", f, shape, err)
			}
			_, err = jsvalue.ToSerial(rt, mk(10001), f)
			var se *serial.SerializeError
			if !errors.As(err, &se) || se.Type != "depth" {
				t.Errorf("%v %s: 10001 levels: err = %v, want a depth error", f, shape, err)
			}
		}
	}
}

func TestHugeArrayRefused(t *testing.T) {
	rt := sobek.New()
	for _, f := range []serial.Format{serial.JSON, serial.StructuredClone} {
		_, err := jsvalue.ToSerial(rt, run(t, rt, `(function () { var a = []; a.length = 4294967295; return a; })()`), f)
		if err == nil || !strings.Contains(err.Error(), "length") {
			t.Errorf("%v: err = %v", f, err)
		}
	}
}

func TestUnknownFormatAndNil(t *testing.T) {
	rt := sobek.New()
	if _, err := jsvalue.ToSerial(rt, rt.ToValue(1), serial.Format(9)); err == nil {
		t.Error("unknown format accepted")
	}
	for _, v := range []sobek.Value{nil, (*sobek.Object)(nil)} {
		sv, err := jsvalue.ToSerial(rt, v, serial.StructuredClone)
		if err != nil || (sv != serial.Undefined{} && sv != serial.Null{}) {
			t.Errorf("%#v: %#v, %v", v, sv, err)
		}
	}
}

func TestGoLevelShape(t *testing.T) {
	rt := sobek.New()

	// Key order follows [[OwnPropertyKeys]].
	o := toSerial(t, rt, `{b: 1, a: 2, 1: 3}`, serial.StructuredClone).(*serial.Object)
	var keys []string
	for _, p := range o.Props {
		keys = append(keys, p.Key)
	}
	if strings.Join(keys, ",") != "1,b,a" {
		t.Errorf("keys %v", keys)
	}

	// One Go pointer per JS object.
	for _, f := range []serial.Format{serial.JSON, serial.StructuredClone} {
		a := toSerial(t, rt, `(function () { var s = {}; return [s, s]; })()`, f).(*serial.Array)
		if a.Elems[0] != a.Elems[1] {
			t.Errorf("%v: shared object converted twice", f)
		}
		c := toSerial(t, rt, `(function () { var o = {}; o.o = o; return o; })()`, f).(*serial.Object)
		if c.Props[0].Value != serial.Value(c) {
			t.Errorf("%v: cycle not kept", f)
		}
	}
	views := toSerial(t, rt, `(function () { var b = new ArrayBuffer(8); return [new Uint8Array(b), new DataView(b, 2), b]; })()`, serial.StructuredClone).(*serial.Array)
	u, d := views.Elems[0].(*serial.TypedArray), views.Elems[1].(*serial.TypedArray)
	if u.Buffer != d.Buffer || views.Elems[2] != serial.Value(u.Buffer) || d.Type != "DataView" || d.Offset != 2 || d.Length != 6 {
		t.Errorf("views: %+v %+v %+v", u, d, views.Elems[2])
	}

	// Strings are WTF-8.
	for expr, want := range map[string]string{
		`"\ud800"`:          "\xed\xa0\x80",
		`"a\udfffb"`:        "a\xed\xbf\xbfb",
		`"\ud83d\ude00"`:    "\U0001F600",
		`"\ufffd"`:          "\ufffd",
		`"\ud83d"+"\ude00"`: "\U0001F600",
	} {
		if got := toSerial(t, rt, expr, serial.StructuredClone); got != serial.String(want) {
			t.Errorf("%s: %q, want %q", expr, got, want)
		}
	}
	k := toSerial(t, rt, `{"\ud800": 1}`, serial.StructuredClone).(*serial.Object)
	if len(k.Props) != 1 || k.Props[0].Key != "\xed\xa0\x80" {
		t.Errorf("lone surrogate key: %+v", k.Props)
	}

	// Array holes are nil in structured clone; in JSON mode a hole is nil
	// too (serial writes null).
	for _, f := range []serial.Format{serial.JSON, serial.StructuredClone} {
		h := toSerial(t, rt, `[1, , undefined]`, f).(*serial.Array)
		if len(h.Elems) != 3 || h.Elems[1] != nil || h.Elems[2] != (serial.Undefined{}) {
			t.Errorf("%v: holes %#v", f, h.Elems)
		}
	}

	// Functions and errors.
	if fn := toSerial(t, rt, `(function named() {})`, serial.JSON); fn != (serial.Function{Name: "named"}) {
		t.Errorf("function: %#v", fn)
	}
	e := toSerial(t, rt, `(function () { var e = new TypeError("m"); e.name = "Custom"; return e; })()`, serial.StructuredClone).(*serial.Error)
	if e.Name != "Custom" || e.Message != "m" {
		t.Errorf("error: %+v", e)
	}
	if d := toSerial(t, rt, `new Date(1234)`, serial.JSON).(*serial.Date); d.Time != 1234 {
		t.Errorf("date: %v", d.Time)
	}
	if r := toSerial(t, rt, `/a\u00e9/giu`, serial.StructuredClone).(*serial.RegExp); r.Source != "a\\u00e9" || r.Flags != "giu" {
		t.Errorf("regexp: %+v", r)
	}

	// toJSON only in JSON mode.
	tj := toSerial(t, rt, `{a: 1, toJSON: function (k) { return "k=" + k; }}`, serial.JSON).(*serial.Object)
	if tj.ToJSON != serial.String("k=") {
		t.Errorf("toJSON: %#v", tj.ToJSON)
	}
	if sc := toSerial(t, rt, `{a: 1, toJSON: function (k) { return "k=" + k; }}`, serial.StructuredClone).(*serial.Object); sc.ToJSON != nil || len(sc.Props) != 2 {
		t.Errorf("structured clone called toJSON: %#v", sc)
	}
}

// host is a Go-backed object (a DOM wrapper, say).
type host struct{ props map[string]sobek.Value }

func (h *host) Get(key string) sobek.Value { return h.props[key] }
func (h *host) Set(key string, v sobek.Value) bool {
	h.props[key] = v
	return true
}
func (h *host) Has(key string) bool { _, ok := h.props[key]; return ok }
func (h *host) Delete(key string) bool {
	delete(h.props, key)
	return true
}
func (h *host) Keys() []string {
	var k []string
	for key := range h.props {
		k = append(k, key)
	}
	return k
}

func TestHostObjects(t *testing.T) {
	rt := sobek.New()
	tagged := rt.NewDynamicObject(&host{props: map[string]sobek.Value{"a": rt.ToValue(1)}})
	proto := rt.NewObject()
	if err := proto.DefineDataPropertySymbol(sobek.SymToStringTag, rt.ToValue("HTMLDocument"), sobek.FLAG_FALSE, sobek.FLAG_TRUE, sobek.FLAG_FALSE); err != nil {
		t.Fatal(err)
	}
	if err := tagged.SetPrototype(proto); err != nil {
		t.Fatal(err)
	}
	for _, f := range []serial.Format{serial.JSON, serial.StructuredClone} {
		if got := mustToSerial(t, rt, tagged, f); got != (serial.HostObject{Class: "HTMLDocument"}) {
			t.Errorf("%v: tagged host object: %#v", f, got)
		}
	}
	_, err := serial.Serialize(serial.StructuredClone, mustToSerial(t, rt, tagged, serial.StructuredClone), 0)
	if err == nil || err.Error() != "serial: HTMLDocument object could not be cloned" {
		t.Errorf("clone error: %v", err)
	}

	// Without a tag, a Go-backed object is read as an ordinary object.
	plain := rt.NewDynamicObject(&host{props: map[string]sobek.Value{"a": rt.ToValue(1)}})
	o, ok := mustToSerial(t, rt, plain, serial.StructuredClone).(*serial.Object)
	if !ok || len(o.Props) != 1 || o.Props[0].Key != "a" || o.Props[0].Value != serial.Number(1) {
		t.Errorf("untagged host object: %#v", o)
	}
	// A wrapped Go struct with a tag too.
	type goStruct struct{ Field int }
	wrapped := rt.ToValue(&goStruct{Field: 1}).(*sobek.Object)
	if err := wrapped.SetPrototype(proto); err != nil {
		t.Fatal(err)
	}
	if got := mustToSerial(t, rt, wrapped, serial.StructuredClone); got != (serial.HostObject{Class: "HTMLDocument"}) {
		t.Errorf("wrapped Go value: %#v", got)
	}
	// A plain JS object with a tag stays a plain object (as in browsers:
	// structuredClone({[Symbol.toStringTag]: "X"}) is an ordinary clone).
	if _, ok := toSerial(t, rt, `(function () { class C { get [Symbol.toStringTag]() { return "C"; } } var c = new C(); c.a = 1; return c; })()`, serial.StructuredClone).(*serial.Object); !ok {
		t.Error("a tagged JS object is not plain")
	}
	if _, ok := toSerial(t, rt, `Math`, serial.StructuredClone).(*serial.Object); !ok {
		t.Error("Math is not plain")
	}
	// An object posing as a DataView is read as an ordinary object.
	if _, ok := toSerial(t, rt, `Object.create(DataView.prototype)`, serial.StructuredClone).(*serial.Object); !ok {
		t.Error("fake DataView")
	}
}

func mustToSerial(t *testing.T, rt *sobek.Runtime, v sobek.Value, f serial.Format) serial.Value {
	t.Helper()
	sv, err := jsvalue.ToSerial(rt, v, f)
	if err != nil {
		t.Fatal(err)
	}
	return sv
}

// TestFromSerialOddGraphs feeds FromSerial graphs no JS value produces; it
// must not panic, and must do something sensible.
func TestFromSerialOddGraphs(t *testing.T) {
	rt := sobek.New()
	self := &serial.Array{Elems: []serial.Value{nil, nil}}
	self.Elems[1] = self
	obj := &serial.Object{}
	obj.Props = []serial.Prop{{Key: "o", Value: obj}, {Key: "\xed\xa0\x80", Value: serial.Bool(true)}, {Key: "bad\xff", Value: nil}}
	obj.ToJSON = serial.String("ignored")
	buf := &serial.ArrayBuffer{Data: []byte{1, 2, 3, 4}}
	for _, c := range []struct {
		v     serial.Value
		check string
	}{
		{nil, `return x === undefined`},
		{(*serial.Object)(nil), `return x === null`},
		{(*serial.Array)(nil), `return x === null`},
		{(*serial.Map)(nil), `return x === null`},
		{(*serial.TypedArray)(nil), `return x === null`},
		{serial.Function{Name: "f"}, `return x === undefined`},
		{serial.Symbol{Description: "s"}, `return x === undefined`},
		{serial.HostObject{Class: "Window"}, `return x === undefined`},
		{serial.BigInt("12x"), `return x === undefined`},
		{serial.String("bad \xff byte"), `return x === "bad \ufffd byte"`},
		{serial.String("\xed\xa0\x80\xed\xb0\x80"), `return x === "\ud800\udc00" && x.length === 2`},
		{self, `return x.length === 2 && x[1] === x && !(0 in x)`},
		{obj, `return x.o === x && x["\ud800"] === true && x["bad\ufffd"] === undefined && "bad\ufffd" in x && !("toJSON" in x)`},
		{&serial.TypedArray{Type: "Uint16Array", Buffer: buf, Offset: 1, Length: 2}, `return x === undefined`},
		{&serial.TypedArray{Type: "Uint16Array", Buffer: buf, Offset: 0, Length: 3}, `return x === undefined`},
		{&serial.TypedArray{Type: "Uint16Array", Buffer: buf, Offset: 2, Length: 4}, `return x === undefined`},
		{&serial.TypedArray{Type: "Nope", Buffer: buf}, `return x === undefined`},
		{&serial.TypedArray{Type: "Uint8Array"}, `return x === undefined`},
		{&serial.TypedArray{Type: "Uint16Array", Buffer: buf, Offset: 2, Length: 2}, `return x instanceof Uint16Array && x.length === 1 && x.byteOffset === 2`},
		{&serial.Error{Name: "Custom", Message: "m"}, `return x.constructor === Error && x.message === "m"`},
		{&serial.Error{Name: "SyntaxError"}, `return x instanceof SyntaxError`},
		{&serial.RegExp{Source: "(", Flags: ""}, `return x === undefined`},
		{&serial.RegExp{Source: "a", Flags: "zz"}, `return x === undefined`},
		{&serial.Map{Entries: []serial.MapEntry{{Key: nil, Value: nil}}}, `return x instanceof Map && x.size === 1 && x.has(undefined)`},
		{&serial.Set{Elems: []serial.Value{nil, serial.Null{}}}, `return x instanceof Set && x.size === 2`},
		{&serial.Array{Elems: []serial.Value{nil}}, `return x.length === 1 && !(0 in x)`},
		{&serial.Array{}, `return Array.isArray(x) && x.length === 0`},
		{&serial.Date{Time: 1e300}, `return x instanceof Date && isNaN(x.getTime())`},
	} {
		if err := rt.Set("x", jsvalue.FromSerial(rt, c.v)); err != nil {
			t.Fatal(err)
		}
		check(t, rt, c.check)
	}
}

// TestFromSerialTamperedRealm: a page that replaced globals gets undefined
// where it broke construction, never a panic.
func TestFromSerialTamperedRealm(t *testing.T) {
	rt := sobek.New()
	run(t, rt, `Map = undefined; Set.prototype.add = function () { throw new Error("no"); }; Object.defineProperty(Object.prototype, "trap", {set: function () { throw new Error("setter ran"); }});`)
	v := &serial.Object{Props: []serial.Prop{
		{Key: "m", Value: &serial.Map{}},
		{Key: "s", Value: &serial.Set{Elems: []serial.Value{serial.Number(1)}}},
		{Key: "trap", Value: serial.Number(2)},
	}}
	if err := rt.Set("x", jsvalue.FromSerial(rt, v)); err != nil {
		t.Fatal(err)
	}
	check(t, rt, `return x.m === undefined && x.s.size === 0 && x.trap === 2`)
}

func BenchmarkSmallObject(b *testing.B) {
	for _, f := range []serial.Format{serial.JSON, serial.StructuredClone} {
		b.Run(f.String(), func(b *testing.B) {
			a, c := sobek.New(), sobek.New()
			v := run(b, a, `({greeting: "hi", n: 1})`)
			b.ReportAllocs()
			for b.Loop() {
				sv, err := jsvalue.ToSerial(a, v, f)
				if err != nil {
					b.Fatal(err)
				}
				jsvalue.FromSerial(c, sv)
			}
		})
	}
}

func BenchmarkSmallObjectToSerial(b *testing.B) {
	a := sobek.New()
	v := run(b, a, `({greeting: "hi", n: 1})`)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := jsvalue.ToSerial(a, v, serial.JSON); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSmallObjectFromSerial(b *testing.B) {
	c := sobek.New()
	sv := &serial.Object{Props: []serial.Prop{{Key: "greeting", Value: serial.String("hi")}, {Key: "n", Value: serial.Number(1)}}}
	b.ReportAllocs()
	for b.Loop() {
		jsvalue.FromSerial(c, sv)
	}
}

func BenchmarkArrayOf1000(b *testing.B) {
	for _, f := range []serial.Format{serial.JSON, serial.StructuredClone} {
		b.Run(f.String(), func(b *testing.B) {
			a, c := sobek.New(), sobek.New()
			v := run(b, a, `Array.from({length: 1000}, function (_, i) { return {id: i, name: "item" + i, ok: i % 2 === 0}; })`)
			b.ReportAllocs()
			for b.Loop() {
				sv, err := jsvalue.ToSerial(a, v, f)
				if err != nil {
					b.Fatal(err)
				}
				jsvalue.FromSerial(c, sv)
			}
		})
	}
}
