package js

import (
	"encoding/hex"
	"reflect"
	"strconv"
	"time"

	"github.com/grafana/sobek"
)

// performance returns the builder of the performance object:
// performance.now() is the virtual milliseconds since the realm was
// created (exact: no coarsening), and performance.timeOrigin the virtual
// time of its creation in milliseconds since the Unix epoch, so that
// timeOrigin + now() is Date.now().
func (a *hostAPI) performance() func() *sobek.Object {
	sched := a.r.Host.b.Sched
	start := sched.Elapsed()
	origin := float64(sched.Now().UnixNano()) / float64(time.Millisecond)
	var p *sobek.Object
	return func() *sobek.Object {
		if p != nil {
			return p
		}
		p = a.rt.NewObject()
		now := a.fn("now", 0, func(sobek.FunctionCall) sobek.Value {
			return a.rt.ToValue(float64(sched.Elapsed()-start) / float64(time.Millisecond))
		})
		a.must(p.DefineDataProperty("now", now, sobek.FLAG_TRUE, sobek.FLAG_TRUE, sobek.FLAG_FALSE))
		a.must(p.DefineDataProperty("timeOrigin", a.rt.ToValue(origin), sobek.FLAG_FALSE, sobek.FLAG_TRUE, sobek.FLAG_TRUE))
		a.tag(p, "Performance")
		return p
	}
}

// crypto builds the crypto object: getRandomValues and randomUUID.
// They are deterministic: a splitmix64 generator per realm, seeded from the
// context's ID (never from the OS), so the same context of the same run
// gets the same values and two contexts get different ones. Math.random
// has its own generator (newRealm).
func (a *hostAPI) crypto() *sobek.Object {
	if a.cryptoObj != nil {
		return a.cryptoObj
	}
	c := a.rt.NewObject()
	const what = "Failed to execute 'getRandomValues' on 'Crypto'"
	grv := a.fn("getRandomValues", 1, func(call sobek.FunctionCall) sobek.Value {
		a.need(call, 1, what)
		o, ok := call.Arguments[0].(*sobek.Object)
		typ := ""
		if ok {
			t := o.ExportType()
			typ = typedArrayType(t)
			if typ == "" && t == reflect.TypeFor[map[string]any]() && tagName(o) == "DataView" {
				typ = "DataView"
			}
		}
		if typ == "" {
			a.throwType(what + ": parameter 1 is not of type 'ArrayBufferView'.")
		}
		if typ == "Float32" || typ == "Float64" || typ == "DataView" {
			a.throwDOM("TypeMismatchError", what+": The provided ArrayBufferView is of type '"+typ+"', which is not an integer array type.")
		}
		var b []byte
		a.must(a.rt.ExportTo(o, &b))
		if len(b) > 65536 {
			a.throwDOM("QuotaExceededError", what+": The ArrayBufferView's byte length ("+strconv.Itoa(len(b))+") exceeds the number of bytes of entropy available via this API (65536).")
		}
		a.random(b)
		return o
	})
	a.must(c.DefineDataProperty("getRandomValues", grv, sobek.FLAG_TRUE, sobek.FLAG_TRUE, sobek.FLAG_FALSE))
	uuid := a.fn("randomUUID", 0, func(sobek.FunctionCall) sobek.Value {
		var b [16]byte
		a.random(b[:])
		b[6] = b[6]&0x0F | 0x40 // version 4
		b[8] = b[8]&0x3F | 0x80 // variant 10
		var s [36]byte
		hex.Encode(s[0:8], b[0:4])
		hex.Encode(s[9:13], b[4:6])
		hex.Encode(s[14:18], b[6:8])
		hex.Encode(s[19:23], b[8:10])
		hex.Encode(s[24:], b[10:])
		s[8], s[13], s[18], s[23] = '-', '-', '-', '-'
		return a.rt.ToValue(string(s[:]))
	})
	a.must(c.DefineDataProperty("randomUUID", uuid, sobek.FLAG_TRUE, sobek.FLAG_TRUE, sobek.FLAG_FALSE))
	a.tag(c, "Crypto")
	a.cryptoObj = c
	return c
}

// random fills b from the realm's generator. It is seeded on first use:
// the context has no ID yet while its realm is being set up.
func (a *hostAPI) random(b []byte) {
	if !a.seeded {
		a.rng = uint64(a.r.Ctx.ID)*0xD1B54A32D192ED03 ^ 0x6A09E667F3BCC909
		a.seeded = true
	}
	for i := 0; i < len(b); i += 8 {
		a.rng += 0x9E3779B97F4A7C15
		z := a.rng
		z = (z ^ z>>30) * 0xBF58476D1CE4E5B9
		z = (z ^ z>>27) * 0x94D049BB133111EB
		z ^= z >> 31
		for j := 0; j < 8 && i+j < len(b); j++ {
			b[i+j] = byte(z >> (8 * j))
		}
	}
}
