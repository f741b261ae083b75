package js

import (
	"slices"
	"strings"
	"unicode/utf16"

	"github.com/grafana/sobek"
)

// urlObj is a URL: its record and its URLSearchParams, made on first use.
type urlObj struct {
	hostObject
	rec       urlRecord
	params    *paramsObj
	paramsObj *sobek.Object
}

// paramsObj is a URLSearchParams, linked to its URL if it has one.
type paramsObj struct {
	hostObject
	list [][2]string
	url  *urlObj
}

// paramsIter is a URLSearchParams iterator: live over the list, by index.
type paramsIter struct {
	hostObject
	params *paramsObj
	kind   byte // 'e'ntries, 'k'eys, 'v'alues
	i      int
}

// update is the URLSearchParams update steps: the URL's query follows the
// list.
func (p *paramsObj) update() {
	if p.url == nil {
		return
	}
	q := serializeForm(p.list)
	p.url.rec.setQuery(q, q != "")
	if q == "" {
		p.url.rec.stripTrailingSpaces()
	}
}

// queryChanged refreshes the URLSearchParams list of a URL whose query
// was set.
func (u *urlObj) queryChanged() {
	if u.params == nil {
		return
	}
	u.params.list = nil
	if u.rec.hasQuery {
		u.params.list = parseForm(u.rec.query)
	}
}

func (a *hostAPI) fileOrigin() string {
	if p := a.r.Host.b.Profile(); p != nil && p.ExtensionScheme == "moz-extension" {
		return "null"
	}
	return "file://"
}

// urlClass builds URL (see hostapi_urlparse.go for the parser).
func (a *hostAPI) urlClass() *sobek.Object {
	if a.url != nil {
		return a.url
	}
	// parse parses (url, base); the error is Chrome's: "Invalid URL" or
	// "Invalid base URL".
	parse := func(args []sobek.Value, what string) (*urlRecord, string) {
		a.need(sobek.FunctionCall{Arguments: args}, 1, what)
		input := usv(args[0])
		var base *urlRecord
		if len(args) > 1 && !sobek.IsUndefined(args[1]) {
			b, ok := parseURL(usv(args[1]), nil)
			if !ok {
				return nil, "Invalid base URL"
			}
			base = b
		}
		rec, ok := parseURL(input, base)
		if !ok {
			return nil, "Invalid URL"
		}
		return rec, ""
	}
	ctor, proto := a.class("URL", 1, func(args []sobek.Value, proto *sobek.Object) *sobek.Object {
		const what = "Failed to construct 'URL'"
		rec, err := parse(args, what)
		if err != "" {
			a.throwType(what + ": " + err)
		}
		return a.wrap(&urlObj{rec: *rec}, proto)
	})
	a.url, a.urlProto = ctor, proto
	a.method(ctor, "canParse", 1, func(call sobek.FunctionCall) sobek.Value {
		_, err := parse(call.Arguments, "Failed to execute 'canParse' on 'URL'")
		return a.rt.ToValue(err == "")
	})
	a.method(ctor, "parse", 1, func(call sobek.FunctionCall) sobek.Value {
		rec, err := parse(call.Arguments, "Failed to execute 'parse' on 'URL'")
		if err != "" {
			return sobek.Null()
		}
		return a.wrap(&urlObj{rec: *rec}, proto)
	})
	str := func(f func(u *urlObj) string) func(sobek.FunctionCall) sobek.Value {
		return func(call sobek.FunctionCall) sobek.Value {
			return a.rt.ToValue(f(thisAs[*urlObj](a, call)))
		}
	}
	set := func(f func(u *urlObj, v string)) func(sobek.FunctionCall) sobek.Value {
		return func(call sobek.FunctionCall) sobek.Value {
			u := thisAs[*urlObj](a, call)
			f(u, usv(call.Argument(0)))
			return sobek.Undefined()
		}
	}
	a.attr(proto, "origin", str(func(u *urlObj) string { return u.rec.origin(a.fileOrigin()) }), nil)
	a.attr(proto, "protocol", str(func(u *urlObj) string { return u.rec.scheme + ":" }), set(func(u *urlObj, v string) {
		basicParse(v+":", nil, &u.rec, stSchemeStart)
	}))
	a.attr(proto, "username", str(func(u *urlObj) string { return u.rec.username }), set(func(u *urlObj, v string) {
		if !u.rec.cannotHaveCredentialsOrPort() {
			u.rec.username = encodeString(v, userinfoSet)
		}
	}))
	a.attr(proto, "password", str(func(u *urlObj) string { return u.rec.password }), set(func(u *urlObj, v string) {
		if !u.rec.cannotHaveCredentialsOrPort() {
			u.rec.password = encodeString(v, userinfoSet)
		}
	}))
	a.attr(proto, "host", str(func(u *urlObj) string { return u.rec.hostPort() }), set(func(u *urlObj, v string) {
		if !u.rec.opaque {
			basicParse(v, nil, &u.rec, stHost)
		}
	}))
	a.attr(proto, "hostname", str(func(u *urlObj) string { return u.rec.host }), set(func(u *urlObj, v string) {
		if !u.rec.opaque {
			basicParse(v, nil, &u.rec, stHostname)
		}
	}))
	a.attr(proto, "port", str(func(u *urlObj) string {
		if u.rec.port < 0 {
			return ""
		}
		return itoa(u.rec.port)
	}), set(func(u *urlObj, v string) {
		switch {
		case u.rec.cannotHaveCredentialsOrPort():
		case v == "":
			u.rec.port = -1
		default:
			basicParse(v, nil, &u.rec, stPort)
		}
	}))
	a.attr(proto, "pathname", str(func(u *urlObj) string { return u.rec.pathname() }), set(func(u *urlObj, v string) {
		if !u.rec.opaque {
			u.rec.path = nil
			basicParse(v, nil, &u.rec, stPathStart)
		}
	}))
	a.attr(proto, "search", str(func(u *urlObj) string {
		if u.rec.query == "" {
			return ""
		}
		return "?" + u.rec.query
	}), set(func(u *urlObj, v string) {
		if v == "" {
			u.rec.setQuery("", false)
			u.rec.stripTrailingSpaces()
		} else {
			u.rec.setQuery("", true)
			basicParse(strings.TrimPrefix(v, "?"), nil, &u.rec, stQuery)
		}
		u.queryChanged()
	}))
	a.attr(proto, "searchParams", func(call sobek.FunctionCall) sobek.Value {
		u := thisAs[*urlObj](a, call)
		if u.params == nil {
			a.paramsClass()
			u.params = &paramsObj{url: u}
			u.queryChanged()
			u.paramsObj = a.wrap(u.params, a.paramsProto)
		}
		return u.paramsObj
	}, nil)
	a.attr(proto, "hash", str(func(u *urlObj) string {
		if u.rec.fragment == "" {
			return ""
		}
		return "#" + u.rec.fragment
	}), set(func(u *urlObj, v string) {
		if v == "" {
			u.rec.setFragment("", false)
			u.rec.stripTrailingSpaces()
			return
		}
		u.rec.setFragment("", true)
		basicParse(strings.TrimPrefix(v, "#"), nil, &u.rec, stFragment)
	}))
	href := str(func(u *urlObj) string { return u.rec.href() })
	a.attr(proto, "href", href, set(func(u *urlObj, v string) {
		rec, ok := parseURL(v, nil)
		if !ok {
			a.throwType("Failed to set the 'href' property on 'URL': Invalid URL")
		}
		u.rec = *rec
		u.queryChanged()
	}))
	a.method(proto, "toJSON", 0, href)
	a.method(proto, "toString", 0, href)
	return ctor
}

// paramsClass builds URLSearchParams.
func (a *hostAPI) paramsClass() *sobek.Object {
	if a.params != nil {
		return a.params
	}
	ctor, proto := a.class("URLSearchParams", 0, func(args []sobek.Value, proto *sobek.Object) *sobek.Object {
		p := &paramsObj{}
		if len(args) > 0 {
			p.list = a.paramsInit(args[0])
		}
		return a.wrap(p, proto)
	})
	a.params, a.paramsProto = ctor, proto
	iface := func(op string) string { return "Failed to execute '" + op + "' on 'URLSearchParams'" }
	a.method(proto, "append", 2, func(call sobek.FunctionCall) sobek.Value {
		p := thisAs[*paramsObj](a, call)
		a.need(call, 2, iface("append"))
		p.list = append(p.list, [2]string{usv(call.Arguments[0]), usv(call.Arguments[1])})
		p.update()
		return sobek.Undefined()
	})
	// match reports whether an entry has the name and, when the call
	// passes one, the value.
	match := func(call sobek.FunctionCall) func(e [2]string) bool {
		name := usv(call.Arguments[0])
		if v := call.Argument(1); !sobek.IsUndefined(v) {
			value := usv(v)
			return func(e [2]string) bool { return e[0] == name && e[1] == value }
		}
		return func(e [2]string) bool { return e[0] == name }
	}
	a.method(proto, "delete", 1, func(call sobek.FunctionCall) sobek.Value {
		p := thisAs[*paramsObj](a, call)
		a.need(call, 1, iface("delete"))
		p.list = slices.DeleteFunc(p.list, match(call))
		p.update()
		return sobek.Undefined()
	})
	a.method(proto, "get", 1, func(call sobek.FunctionCall) sobek.Value {
		p := thisAs[*paramsObj](a, call)
		a.need(call, 1, iface("get"))
		name := usv(call.Arguments[0])
		for _, e := range p.list {
			if e[0] == name {
				return a.rt.ToValue(e[1])
			}
		}
		return sobek.Null()
	})
	a.method(proto, "getAll", 1, func(call sobek.FunctionCall) sobek.Value {
		p := thisAs[*paramsObj](a, call)
		a.need(call, 1, iface("getAll"))
		name := usv(call.Arguments[0])
		var out []any
		for _, e := range p.list {
			if e[0] == name {
				out = append(out, e[1])
			}
		}
		return a.rt.NewArray(out...)
	})
	a.method(proto, "has", 1, func(call sobek.FunctionCall) sobek.Value {
		p := thisAs[*paramsObj](a, call)
		a.need(call, 1, iface("has"))
		return a.rt.ToValue(slices.ContainsFunc(p.list, match(call)))
	})
	a.method(proto, "set", 2, func(call sobek.FunctionCall) sobek.Value {
		p := thisAs[*paramsObj](a, call)
		a.need(call, 2, iface("set"))
		name, value := usv(call.Arguments[0]), usv(call.Arguments[1])
		i := slices.IndexFunc(p.list, func(e [2]string) bool { return e[0] == name })
		if i < 0 {
			p.list = append(p.list, [2]string{name, value})
		} else {
			p.list[i][1] = value
			rest := slices.DeleteFunc(p.list[i+1:], func(e [2]string) bool { return e[0] == name })
			p.list = p.list[:i+1+len(rest)]
		}
		p.update()
		return sobek.Undefined()
	})
	a.method(proto, "sort", 0, func(call sobek.FunctionCall) sobek.Value {
		p := thisAs[*paramsObj](a, call)
		slices.SortStableFunc(p.list, func(x, y [2]string) int { return compareUTF16(x[0], y[0]) })
		p.update()
		return sobek.Undefined()
	})
	a.method(proto, "toString", 0, func(call sobek.FunctionCall) sobek.Value {
		return a.rt.ToValue(serializeForm(thisAs[*paramsObj](a, call).list))
	})
	a.method(proto, "forEach", 1, func(call sobek.FunctionCall) sobek.Value {
		p := thisAs[*paramsObj](a, call)
		a.need(call, 1, iface("forEach"))
		cb, ok := sobek.AssertFunction(call.Arguments[0])
		if !ok {
			a.throwType(iface("forEach") + ": The callback provided as parameter 1 is not a function.")
		}
		for i := 0; i < len(p.list); i++ {
			e := p.list[i]
			if _, err := cb(call.Argument(1), a.rt.ToValue(e[1]), a.rt.ToValue(e[0]), call.This); err != nil {
				panic(err)
			}
		}
		return sobek.Undefined()
	})
	a.attr(proto, "size", func(call sobek.FunctionCall) sobek.Value {
		return a.rt.ToValue(len(thisAs[*paramsObj](a, call).list))
	}, nil)

	// The iterators.
	iterProto := a.rt.NewObject()
	if arr, ok := sobek.AssertFunction(a.rt.NewArray().GetSymbol(sobek.SymIterator)); ok {
		if it, err := arr(a.rt.NewArray()); err == nil {
			// %ArrayIteratorPrototype%'s prototype: %IteratorPrototype%.
			a.must(iterProto.SetPrototype(it.(*sobek.Object).Prototype().Prototype()))
		}
	}
	a.method(iterProto, "next", 0, func(call sobek.FunctionCall) sobek.Value {
		it := thisAs[*paramsIter](a, call)
		res := a.rt.NewObject()
		if it.params == nil || it.i >= len(it.params.list) {
			it.params = nil
			a.must(res.Set("value", sobek.Undefined()))
			a.must(res.Set("done", true))
			return res
		}
		e := it.params.list[it.i]
		it.i++
		var v sobek.Value
		switch it.kind {
		case 'k':
			v = a.rt.ToValue(e[0])
		case 'v':
			v = a.rt.ToValue(e[1])
		default:
			v = a.rt.NewArray(e[0], e[1])
		}
		a.must(res.Set("value", v))
		a.must(res.Set("done", false))
		return res
	})
	a.tag(iterProto, "URLSearchParams Iterator")
	a.paramsIterProto = iterProto
	iter := func(kind byte) func(sobek.FunctionCall) sobek.Value {
		return func(call sobek.FunctionCall) sobek.Value {
			return a.wrap(&paramsIter{params: thisAs[*paramsObj](a, call), kind: kind}, iterProto)
		}
	}
	entries := a.method(proto, "entries", 0, iter('e'))
	a.method(proto, "keys", 0, iter('k'))
	a.method(proto, "values", 0, iter('v'))
	a.must(proto.DefineDataPropertySymbol(sobek.SymIterator, entries, sobek.FLAG_TRUE, sobek.FLAG_TRUE, sobek.FLAG_FALSE))
	return ctor
}

// paramsInit reads URLSearchParams' argument: a sequence of pairs (any
// iterable object), a record (any other object: its own enumerable string
// keys), or a string (a leading "?" is dropped).
func (a *hostAPI) paramsInit(v sobek.Value) [][2]string {
	const what = "Failed to construct 'URLSearchParams'"
	o, ok := v.(*sobek.Object)
	if !ok {
		if sobek.IsUndefined(v) {
			return nil
		}
		return parseForm(strings.TrimPrefix(usv(v), "?"))
	}
	var list [][2]string
	if m := o.GetSymbol(sobek.SymIterator); m != nil && !sobek.IsUndefined(m) && !sobek.IsNull(m) {
		a.rt.ForOf(o, func(pair sobek.Value) bool {
			po, ok := pair.(*sobek.Object)
			if !ok {
				a.throwType(what + ": The provided value cannot be converted to a sequence.")
			}
			var items []string
			a.rt.ForOf(po, func(x sobek.Value) bool {
				items = append(items, usv(x))
				return len(items) <= 2
			})
			if len(items) != 2 {
				a.throwType(what + ": Sequence initializer must only contain pair elements")
			}
			list = append(list, [2]string{items[0], items[1]})
			return true
		})
		return list
	}
	for _, k := range o.Keys() {
		list = append(list, [2]string{k, usv(o.Get(k))})
	}
	return list
}

// compareUTF16 orders strings by their UTF-16 code units, as
// URLSearchParams.sort does.
func compareUTF16(x, y string) int {
	if isASCII(x) && isASCII(y) {
		return strings.Compare(x, y)
	}
	return slices.Compare(utf16.Encode([]rune(x)), utf16.Encode([]rune(y)))
}
