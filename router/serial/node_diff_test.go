package serial

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// The tests in this file compare this package with V8, through Node.js.
// They are opt-in (EXTSIM_NODE_DIFF=1 and node on PATH) because the
// module's tests must not depend on anything outside Go; they were run with
// Node.js 20 when the package was written, with no differences.

// runNode runs script with node and returns its output, or skips the test.
func runNode(t *testing.T, script string) string {
	t.Helper()
	if os.Getenv("EXTSIM_NODE_DIFF") == "" {
		t.Skip("set EXTSIM_NODE_DIFF=1 to compare with Node.js")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not found")
	}
	cmd := exec.Command(node)
	cmd.Stdin = strings.NewReader(script)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, out)
	}
	return string(out)
}

// TestNodeDifferentialSerialize builds random graphs (valueGen), builds the
// same graphs in JS, and compares JSON.stringify's text (or its throwing)
// with Serialize(JSON) + EncodeJSON, and structuredClone's throwing with
// Serialize(StructuredClone). Host objects and SharedArrayBuffers are left
// out of the clone comparison: Node has no platform objects, and clones a
// SharedArrayBuffer within the process.
func TestNodeDifferentialSerialize(t *testing.T) {
	if os.Getenv("EXTSIM_NODE_DIFF") == "" {
		t.Skip("set EXTSIM_NODE_DIFF=1 to compare with Node.js")
	}
	rng := rand.New(rand.NewSource(7))
	var cases []string
	var expects []map[string]string
	for len(cases) < 5000 {
		b := make([]byte, rng.Intn(120))
		rng.Read(b)
		g := valueGen{b: b, budget: 48}
		v := g.value(0)
		e := &jsEmitter{names: map[Value]string{}}
		top := e.expr(v)
		if e.skip || strings.Contains(e.sb.String()+top, "SKIP") || dupMapKeys(v) {
			continue
		}
		exp := map[string]string{}
		m, err := Serialize(JSON, v, 0)
		if err != nil {
			// JS tells a BigInt from a cycle by the message; a function,
			// symbol or undefined-returning toJSON all give undefined.
			typ := err.(*SerializeError).Type
			switch typ {
			case "Function", "Symbol", "undefined":
				typ = "absent"
			}
			exp["json"] = "THROW:" + typ
		} else {
			exp["json"] = string(EncodeJSON(m.Value))
		}
		_, err = Serialize(StructuredClone, v, 0)
		hasHost := strings.Contains(e.sb.String(), "new (class") || strings.Contains(top, "new (class")
		hasSAB := strings.Contains(e.sb.String(), "SharedArrayBuffer")
		if !hasHost && !hasSAB {
			if err != nil {
				exp["sc"] = "THROW:" + err.(*SerializeError).Type
			} else {
				exp["sc"] = "OK"
			}
		}
		cases = append(cases, fmt.Sprintf("(() => {\n%s\nreturn %s;\n})", e.sb.String(), top))
		expects = append(expects, exp)
	}
	var js strings.Builder
	js.WriteString("const cases = [\n" + strings.Join(cases, ",\n") + "];\n")
	ej, _ := json.Marshal(expects)
	js.WriteString("const expects = " + string(ej) + ";\n")
	js.WriteString(`let bad = 0;
for (let i = 0; i < cases.length; i++) {
  const v = cases[i]();
  let got;
  try { got = JSON.stringify(v); if (got === undefined) got = (v === undefined) ? "null" : "THROW:absent"; }
  catch (e) { got = e.message.includes("BigInt") ? "THROW:BigInt" : e.message.includes("circular") ? "THROW:cycle" : "THROW:" + e.message; }
  if (got !== expects[i].json) { bad++; if (bad < 15) console.log("JSON MISMATCH", i, JSON.stringify(got), JSON.stringify(expects[i].json), cases[i].toString().slice(0, 600)); }
  if (expects[i].sc !== undefined) {
    let sc; try { structuredClone(v); sc = "OK"; }
    catch (e) { sc = e.message.startsWith("function") ? "THROW:Function" : e.message.startsWith("Symbol(") ? "THROW:Symbol" : "THROW:" + e.message; }
    if (sc !== expects[i].sc) { bad++; if (bad < 15) console.log("SC MISMATCH", i, sc, expects[i].sc, cases[i].toString().slice(0, 600)); }
  }
}
console.log("cases", cases.length, "mismatches", bad);
`)
	out := runNode(t, js.String())
	if !strings.Contains(out, " mismatches 0") {
		t.Errorf("differences from V8:\n%s", out)
	}
	t.Log(strings.TrimSpace(out))
}

// dupMapKeys reports whether some Map in v has a key twice, which JS Maps
// cannot hold (set replaces the entry), so JS would build another value.
func dupMapKeys(v Value) bool {
	seen := map[Value]bool{}
	var walk func(v Value) bool
	walk = func(v Value) bool {
		switch v.(type) {
		case *Object, *Array, *Map, *Set:
			if seen[v] {
				return false
			}
			seen[v] = true
		}
		switch x := v.(type) {
		case *Object:
			for _, p := range x.Props {
				if walk(p.Value) {
					return true
				}
			}
			return x.ToJSON != nil && walk(x.ToJSON)
		case *Array:
			for _, e := range x.Elems {
				if walk(e) {
					return true
				}
			}
			for _, p := range x.Props {
				if walk(p.Value) {
					return true
				}
			}
		case *Set:
			for _, e := range x.Elems {
				if walk(e) {
					return true
				}
			}
		case *Map:
			for i, e := range x.Entries {
				for _, f := range x.Entries[:i] {
					if Equal(e.Key, f.Key) && (e.Key == f.Key || !isPointerValue(e.Key)) {
						return true
					}
				}
				if walk(e.Key) || walk(e.Value) {
					return true
				}
			}
		}
		return false
	}
	return walk(v)
}

func isPointerValue(v Value) bool {
	switch v.(type) {
	case Undefined, Null, Bool, Number, String, BigInt, Symbol, Function, HostObject:
		return false
	}
	return true
}

// TestNodeDifferentialDecodeJSON compares DecodeJSON with JSON.parse on
// random, mostly well-formed JSON text: acceptance, and the value (key order
// included) as JSON.stringify writes it back.
func TestNodeDifferentialDecodeJSON(t *testing.T) {
	if os.Getenv("EXTSIM_NODE_DIFF") == "" {
		t.Skip("set EXTSIM_NODE_DIFF=1 to compare with Node.js")
	}
	rng := rand.New(rand.NewSource(3))
	toks := []string{"{", "}", "[", "]", ",", ":", `"a"`, `"1"`, `"0"`, `"10"`, `"01"`, `"b"`, "1", "-0", "0", "1.5e3", "-", ".", "e", "01", " ", "\n", "\t", "true", "null", `"\ud800"`, `"\udc00"`, `"\u0041"`, `"\x"`, "\"\x01\"", `""`, "1e400", "\u00a0", "\"\u2028\"", "4294967295", `"4294967294"`}
	var ins []string
	var exps []string
	for len(ins) < 10000 {
		var sb strings.Builder
		// Bias toward valid JSON: build a random value and sometimes mutate.
		var gen func(d int)
		gen = func(d int) {
			switch r := rng.Intn(7); {
			case r == 0 && d < 4:
				sb.WriteString("{")
				n := rng.Intn(4)
				for i := 0; i < n; i++ {
					if i > 0 {
						sb.WriteString(",")
					}
					sb.WriteString([]string{`"a"`, `"1"`, `"0"`, `"10"`, `"01"`, `"b"`, `"4294967295"`, `"4294967294"`, `"\ud800"`}[rng.Intn(9)])
					sb.WriteString(":")
					gen(d + 1)
				}
				sb.WriteString("}")
			case r == 1 && d < 4:
				sb.WriteString("[")
				n := rng.Intn(4)
				for i := 0; i < n; i++ {
					if i > 0 {
						sb.WriteString(",")
					}
					gen(d + 1)
				}
				sb.WriteString("]")
			default:
				sb.WriteString(toks[6+rng.Intn(len(toks)-6)])
			}
		}
		gen(0)
		s := sb.String()
		if rng.Intn(3) == 0 {
			b := []byte(s)
			pos := rng.Intn(len(b) + 1)
			s = string(b[:pos]) + toks[rng.Intn(len(toks))] + string(b[pos:])
		}
		if !utf8.ValidString(s) {
			continue
		}
		v, err := DecodeJSON([]byte(s))
		exp := "ERR"
		if err == nil {
			m, _ := Serialize(JSON, v, 0)
			exp = string(EncodeJSON(m.Value))
		}
		ins = append(ins, s)
		exps = append(exps, exp)
	}
	a, _ := json.Marshal(ins)
	b, _ := json.Marshal(exps)
	out := runNode(t, "const ins = "+string(a)+";\nconst exps = "+string(b)+";\n"+`let bad = 0, ok = 0;
for (let i = 0; i < ins.length; i++) {
  let got; try { got = JSON.stringify(JSON.parse(ins[i])); ok++; } catch (e) { got = "ERR"; }
  if (got !== exps[i]) { bad++; if (bad < 10) console.log("MISMATCH", JSON.stringify(ins[i]), got, exps[i]); }
}
console.log("inputs", ins.length, "parsed", ok, "mismatches", bad);
`)
	if !strings.Contains(out, " mismatches 0") {
		t.Errorf("differences from V8:\n%s", out)
	}
	t.Log(strings.TrimSpace(out))
}

// jsEmitter writes JS source that builds the same graph as a Value, one
// const per pointer; contents are filled in after creation, so cycles work.
type jsEmitter struct {
	sb    strings.Builder
	names map[Value]string
	n     int
	skip  bool
}

// jsString writes a WTF-8 string as a JS string literal, every code unit
// escaped; "SKIP" when s is not WTF-8 (no JS string has such bytes).
func jsString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); {
		r, size := decodeWTF8(s, i)
		if r == utf8.RuneError && size == 1 {
			return "SKIP"
		}
		if r >= 0x10000 {
			r -= 0x10000
			fmt.Fprintf(&b, "\\u%04x\\u%04x", 0xD800+(r>>10), 0xDC00+(r&0x3ff))
		} else {
			fmt.Fprintf(&b, "\\u%04x", r)
		}
		i += size
	}
	b.WriteByte('"')
	return b.String()
}

func (e *jsEmitter) expr(v Value) string {
	switch x := v.(type) {
	case nil, Undefined:
		return "undefined"
	case Null:
		return "null"
	case Bool:
		return strconv.FormatBool(bool(x))
	case Number:
		f := float64(x)
		switch {
		case math.IsNaN(f):
			return "NaN"
		case math.IsInf(f, 1):
			return "Infinity"
		case math.IsInf(f, -1):
			return "-Infinity"
		case f == 0 && math.Signbit(f):
			return "-0"
		}
		return "(" + strconv.FormatFloat(f, 'g', -1, 64) + ")"
	case String:
		s := jsString(string(x))
		if s == "SKIP" {
			e.skip = true
		}
		return s
	case BigInt:
		return string(x) + "n"
	case Symbol:
		return "Symbol(" + jsString(x.Description) + ")"
	case Function:
		return "(function f(){})"
	case HostObject:
		return "new (class " + x.Class + "{})()"
	}
	if name, ok := e.names[v]; ok {
		return name
	}
	e.n++
	name := "v" + strconv.Itoa(e.n)
	e.names[v] = name
	w := func(f string, a ...any) { fmt.Fprintf(&e.sb, f+"\n", a...) }
	switch x := v.(type) {
	case *Object:
		w("const %s = {};", name)
		for _, p := range x.Props {
			k := jsString(p.Key)
			w("Object.defineProperty(%s, %s, {value: %s, enumerable: true, writable: true, configurable: true});", name, k, e.expr(p.Value))
		}
		if x.ToJSON != nil {
			w("Object.defineProperty(%s, 'toJSON', {value: ((r) => () => r)(%s), enumerable: false});", name, e.expr(x.ToJSON))
		}
	case *Array:
		w("const %s = new Array(%d);", name, len(x.Elems))
		for i, el := range x.Elems {
			if el != nil {
				w("%s[%d] = %s;", name, i, e.expr(el))
			}
		}
		for _, p := range x.Props {
			w("%s[%s] = %s;", name, jsString(p.Key), e.expr(p.Value))
		}
	case *Date:
		w("const %s = new Date(%s);", name, e.expr(Number(x.Time)))
	case *RegExp:
		w("const %s = new RegExp('a', 'g');", name)
	case *Map:
		w("const %s = new Map();", name)
		for _, en := range x.Entries {
			w("%s.set(%s, %s);", name, e.expr(en.Key), e.expr(en.Value))
		}
	case *Set:
		w("const %s = new Set();", name)
		for _, el := range x.Elems {
			w("%s.add(%s);", name, e.expr(el))
		}
	case *ArrayBuffer:
		if x.Shared {
			w("const %s = new SharedArrayBuffer(%d); new Uint8Array(%s).set(%s);", name, len(x.Data), name, byteList(x.Data))
		} else {
			w("const %s = new Uint8Array(%s).buffer;", name, byteList(x.Data))
		}
	case *TypedArray:
		_, size, _, ok := typedArrayView(x)
		if !ok || x.Type == "Float16Array" {
			e.skip = true
			return "null"
		}
		if x.Type == "DataView" {
			w("const %s = new DataView(%s, %d, %d);", name, e.expr(x.Buffer), x.Offset, x.Length)
		} else {
			w("const %s = new %s(%s, %d, %d);", name, x.Type, e.expr(x.Buffer), x.Offset, x.Length/size)
		}
	case *Error:
		switch x.Name {
		case "Error", "TypeError":
			w("const %s = new %s(%s);", name, x.Name, jsString(x.Message))
		default:
			w("const %s = new Error(%s); Object.defineProperty(%s, 'name', {value: %s, enumerable: false});", name, jsString(x.Message), name, jsString(x.Name))
		}
	}
	return name
}

func byteList(b []byte) string {
	var s []string
	for _, c := range b {
		s = append(s, strconv.Itoa(int(c)))
	}
	return "[" + strings.Join(s, ",") + "]"
}

// TestNodeDifferentialNumbers compares appendJSNumber with String(x) on
// random doubles (random bit patterns, and random decimals of all sizes).
func TestNodeDifferentialNumbers(t *testing.T) {
	if os.Getenv("EXTSIM_NODE_DIFF") == "" {
		t.Skip("set EXTSIM_NODE_DIFF=1 to compare with Node.js")
	}
	rng := rand.New(rand.NewSource(5))
	var bits, want []string
	for i := 0; i < 100000; i++ {
		var f float64
		if i%2 == 0 {
			f = math.Float64frombits(rng.Uint64())
		} else {
			f = float64(rng.Int63n(1e6)) * math.Pow(10, float64(rng.Intn(60)-30))
		}
		bits = append(bits, strconv.FormatUint(math.Float64bits(f), 16))
		want = append(want, string(appendJSNumber(nil, f)))
	}
	a, _ := json.Marshal(bits)
	b, _ := json.Marshal(want)
	out := runNode(t, "const bits = "+string(a)+";\nconst want = "+string(b)+";\n"+`
const dv = new DataView(new ArrayBuffer(8));
let bad = 0;
for (let i = 0; i < bits.length; i++) {
  dv.setBigUint64(0, BigInt("0x" + bits[i]));
  const got = String(dv.getFloat64(0));
  if (got !== want[i]) { bad++; if (bad < 10) console.log("MISMATCH", bits[i], got, want[i]); }
}
console.log("numbers", bits.length, "mismatches", bad);
`)
	if !strings.Contains(out, " mismatches 0") {
		t.Errorf("differences from V8:\n%s", out)
	}
	t.Log(strings.TrimSpace(out))
}

// TestNodeDifferentialDates compares appendISODate with JSON.stringify of a
// Date on random time values across the whole range.
func TestNodeDifferentialDates(t *testing.T) {
	if os.Getenv("EXTSIM_NODE_DIFF") == "" {
		t.Skip("set EXTSIM_NODE_DIFF=1 to compare with Node.js")
	}
	rng := rand.New(rand.NewSource(6))
	var times []float64
	var want []string
	for i := 0; i < 20000; i++ {
		tv := (rng.Float64()*2 - 1) * maxTime * math.Pow(10, -float64(rng.Intn(8)))
		tv = math.Trunc(tv)
		times = append(times, tv)
		d, ok := appendISODate(nil, tv)
		if !ok {
			d = []byte("null")
		} else {
			d = []byte(`"` + string(d) + `"`)
		}
		want = append(want, string(d))
	}
	a, _ := json.Marshal(times)
	b, _ := json.Marshal(want)
	out := runNode(t, "const times = "+string(a)+";\nconst want = "+string(b)+";\n"+`
let bad = 0;
for (let i = 0; i < times.length; i++) {
  const got = JSON.stringify(new Date(times[i]));
  if (got !== want[i]) { bad++; if (bad < 10) console.log("MISMATCH", times[i], got, want[i]); }
}
console.log("dates", times.length, "mismatches", bad);
`)
	if !strings.Contains(out, " mismatches 0") {
		t.Errorf("differences from V8:\n%s", out)
	}
	t.Log(strings.TrimSpace(out))
}
