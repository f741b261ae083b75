package js

import (
	"math"

	"github.com/grafana/sobek"
)

// installGroupBy defines Object.groupBy and Map.groupBy (ES2024), which
// sobek lacks: items are iterated (the iterator is closed if the callback
// throws), the callback gets (value, index), and groups keep the order in
// which their keys first appear. Object.groupBy returns a null-prototype
// object keyed by ToPropertyKey; Map.groupBy a Map keyed by SameValueZero.
func (a *hostAPI) installGroupBy() {
	obj := a.g.Get("Object").(*sobek.Object)
	a.must(obj.DefineDataProperty("groupBy", a.fn("groupBy", 2, func(call sobek.FunctionCall) sobek.Value {
		out := a.rt.CreateObject(nil)
		for _, g := range a.groupBy(call, true) {
			items := a.rt.NewArray(g.items...)
			if s, ok := g.key.(*sobek.Symbol); ok {
				a.must(out.DefineDataPropertySymbol(s, items, sobek.FLAG_TRUE, sobek.FLAG_TRUE, sobek.FLAG_TRUE))
			} else {
				a.must(out.DefineDataProperty(g.key.String(), items, sobek.FLAG_TRUE, sobek.FLAG_TRUE, sobek.FLAG_TRUE))
			}
		}
		return out
	}), sobek.FLAG_TRUE, sobek.FLAG_TRUE, sobek.FLAG_FALSE))
	m := a.g.Get("Map").(*sobek.Object)
	a.must(m.DefineDataProperty("groupBy", a.fn("groupBy", 2, func(call sobek.FunctionCall) sobek.Value {
		groups := a.groupBy(call, false)
		out, err := a.rt.New(m)
		a.must(err)
		set, ok := sobek.AssertFunction(out.Get("set"))
		if !ok {
			a.throwType("Map.prototype.set is not a function")
		}
		for _, g := range groups {
			if _, err := set(out, g.key, a.rt.NewArray(g.items...)); err != nil {
				panic(err)
			}
		}
		return out
	}), sobek.FLAG_TRUE, sobek.FLAG_TRUE, sobek.FLAG_FALSE))
}

type group struct {
	key   sobek.Value
	items []any
}

// groupKey buckets keys for the lookup; keys in a bucket are then told
// apart with SameValue (strings that differ only in lone surrogates share
// a bucket).
type groupKey struct {
	ref  any // an object or a symbol
	kind byte
	f    float64
	s    string
}

func (a *hostAPI) groupBy(call sobek.FunctionCall, property bool) []*group {
	items := call.Argument(0)
	if sobek.IsUndefined(items) || sobek.IsNull(items) {
		a.throwType(items.String() + " is not iterable")
	}
	cb, ok := sobek.AssertFunction(call.Argument(1))
	if !ok {
		a.throwType(call.Argument(1).String() + " is not a function")
	}
	var groups []*group
	index := map[groupKey][]*group{}
	k := 0
	a.rt.ForOf(items, func(v sobek.Value) bool {
		key, err := cb(sobek.Undefined(), v, a.rt.ToValue(k))
		if err != nil {
			panic(err)
		}
		var gk groupKey
		switch x := key.(type) {
		case *sobek.Symbol:
			gk.ref = x
		case *sobek.Object:
			if property {
				key = x.ToString()
				gk.kind, gk.s = 's', key.String()
			} else {
				gk.ref = x
			}
		default:
			switch {
			case property:
				key = key.ToString()
				gk.kind, gk.s = 's', key.String()
			case sobek.IsNumber(key):
				f := key.ToFloat()
				if f == 0 {
					key, f = a.rt.ToValue(0), 0 // -0 becomes +0
				}
				gk.kind, gk.f = 'n', f
				if math.IsNaN(f) {
					gk.f = 0
					gk.kind = 'N'
				}
			default:
				gk.kind, gk.s = 'p', key.String()
				if sobek.IsString(key) {
					gk.kind = 's'
				}
			}
		}
		var g *group
		for _, c := range index[gk] {
			if c.key.SameAs(key) {
				g = c
				break
			}
		}
		if g == nil {
			g = &group{key: key}
			groups = append(groups, g)
			index[gk] = append(index[gk], g)
		}
		g.items = append(g.items, v)
		k++
		return true
	})
	return groups
}
