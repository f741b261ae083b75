package jsvalue

import (
	"errors"
	"strconv"

	"github.com/grafana/sobek"

	"github.com/extsim/extsim/router/serial"
)

// helperSource defines the JS helpers for property keys that sobek's Go API
// cannot express exactly (keys holding lone surrogates): Object.Keys, Get and
// DefineDataProperty take and give Go strings, in which a lone surrogate
// reads as U+FFFD. The helpers use only syntax, never globals a page could
// have replaced. for-in lists the object's own enumerable string keys first,
// in [[OwnPropertyKeys]] order, then inherited ones, which callers drop.
const helperSource = `[
function (o) { var r = []; for (var k in o) r[r.length] = k; return r; },
function (o, k) { return o[k]; },
function (o, k, v) { o[k] = v; }
]`

// helpers are the compiled helperSource functions of one realm, made on
// first need for one conversion.
type helpers struct {
	keys, get, set sobek.Callable
}

func newHelpers(rt *sobek.Runtime) (*helpers, error) {
	v, err := rt.RunString(helperSource)
	if err != nil {
		return nil, err
	}
	arr, ok := v.(*sobek.Object)
	if !ok {
		return nil, errors.New("jsvalue: helper setup failed")
	}
	var h helpers
	for i, dst := range []*sobek.Callable{&h.keys, &h.get, &h.set} {
		fn, ok := sobek.AssertFunction(arr.Get(strconv.Itoa(i)))
		if !ok {
			return nil, errors.New("jsvalue: helper setup failed")
		}
		*dst = fn
	}
	return &h, nil
}

// ownKeys returns o's first n enumerable string keys (its own ones, when n
// is the length of o.Keys()) as exact JS strings.
func (h *helpers) ownKeys(o *sobek.Object, n int) ([]sobek.Value, error) {
	v, err := h.keys(sobek.Undefined(), o)
	if err != nil {
		return nil, err
	}
	arr, ok := v.(*sobek.Object)
	if !ok {
		return nil, errors.New("jsvalue: helper failed")
	}
	keys := make([]sobek.Value, 0, n)
	for i := 0; i < n; i++ {
		k := arr.Get(strconv.Itoa(i))
		if k == nil {
			break
		}
		keys = append(keys, k)
	}
	return keys, nil
}

func errUnknownFormat(f serial.Format) error {
	return errors.New("jsvalue: unknown format " + f.String())
}
