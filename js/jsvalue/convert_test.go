package jsvalue_test

import (
	"testing"

	"github.com/grafana/sobek"

	"github.com/extsim/extsim/js/jsvalue"
	"github.com/extsim/extsim/router/serial"
)

// send converts expr in one runtime, serializes it for f and materializes it
// in a second runtime as the global x; then check must evaluate to true there.
func send(t *testing.T, f serial.Format, expr, check string) {
	t.Helper()
	a, b := sobek.New(), sobek.New()
	v, err := a.RunString("(" + expr + ")")
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	sv, err := jsvalue.ToSerial(a, v, f)
	if err != nil {
		t.Fatalf("%s: ToSerial: %v", expr, err)
	}
	m, err := serial.Serialize(f, sv, 0)
	if err != nil {
		t.Fatalf("%s: Serialize: %v", expr, err)
	}
	if err := b.Set("x", jsvalue.FromSerial(b, m.Value)); err != nil {
		t.Fatal(err)
	}
	ok, err := b.RunString(check)
	if err != nil || !ok.ToBoolean() {
		got, _ := b.RunString(`(function(){ try { return JSON.stringify(x) } catch (e) { return String(x) } })()`)
		t.Errorf("%s -> %s: check %q failed (%v)", expr, got, check, err)
	}
}

func TestStructuredCloneRoundTrips(t *testing.T) {
	sc := serial.StructuredClone
	for _, c := range [][2]string{
		{`-0`, `Object.is(x, -0)`},
		{`NaN`, `Number.isNaN(x)`},
		{`undefined`, `x === undefined`},
		{`123n`, `x === 123n`},
		{`"h\u00e9llo"`, `x === "h\u00e9llo"`},
		{`{b: 1, a: 2, 1: 3}`, `Object.keys(x).join() === "1,b,a"`},
		{`[1, undefined, "3"]`, `x.length === 3 && x[1] === undefined && x[2] === "3"`},
		{`new Date(86400000)`, `x instanceof Date && x.getTime() === 86400000`},
		{`/a+b/gi`, `x instanceof RegExp && x.source === "a+b" && x.flags === "gi"`},
		{`new Map([["k", {v: 1}]])`, `x instanceof Map && x.get("k").v === 1`},
		{`new Set([1, "two"])`, `x instanceof Set && x.has(1) && x.has("two")`},
		{`new TypeError("bad")`, `x instanceof TypeError && x.message === "bad"`},
		{`(function(){ var b = new ArrayBuffer(8); var u = new Uint8Array(b); u[1] = 7; return {u: u, d: new Uint16Array(b, 2, 2)}; })()`,
			`x.u[1] === 7 && x.d.length === 2 && x.u.buffer === x.d.buffer`},
		{`(function(){ var o = {}; o.self = o; return o; })()`, `x.self === x`},
		{`(function(){ var s = {n: 1}; return [s, s]; })()`, `x[0] === x[1]`},
	} {
		send(t, sc, c[0], c[1])
	}
}

func TestJSONRoundTripsMatchJSONStringify(t *testing.T) {
	for _, expr := range []string{
		`{a: 1, b: undefined, c: function(){}, d: [undefined, NaN, Infinity]}`,
		`{when: new Date(0)}`,
		`{t: {toJSON: function (k) { return "toJSON of " + k; }}}`,
		`new Map([[1, 2]])`,
		`[new Set([1]), /x/]`,
		`undefined`,
		`-0`,
	} {
		check := `JSON.stringify(x) === JSON.stringify(JSON.parse(JSON.stringify(` + expr + `) === undefined ? "null" : JSON.stringify(` + expr + `)))`
		send(t, serial.JSON, expr, check)
	}
}

func TestUnsendableValues(t *testing.T) {
	rt := sobek.New()
	for _, expr := range []string{`(function(){})`, `Symbol("s")`, `new WeakMap()`} {
		v, _ := rt.RunString(expr)
		sv, err := jsvalue.ToSerial(rt, v, serial.StructuredClone)
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		if _, err := serial.Serialize(serial.StructuredClone, sv, 0); err == nil {
			t.Errorf("%s: structured clone accepted it", expr)
		}
	}
	v, _ := rt.RunString(`({get bad() { throw new Error("getter threw"); }})`)
	if _, err := jsvalue.ToSerial(rt, v, serial.JSON); err == nil {
		t.Fatal("a throwing getter must fail the conversion")
	}
}

func BenchmarkRoundTripSmallObject(b *testing.B) {
	a, c := sobek.New(), sobek.New()
	v, _ := a.RunString(`({greeting: "hi", n: 1})`)
	b.ReportAllocs()
	for b.Loop() {
		sv, err := jsvalue.ToSerial(a, v, serial.JSON)
		if err != nil {
			b.Fatal(err)
		}
		jsvalue.FromSerial(c, sv)
	}
}
