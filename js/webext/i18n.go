package webext

// The i18n API: getMessage over the extension's _locales/<locale>/
// messages.json, getUILanguage and getAcceptLanguages. The UI language is
// en-US; messages are looked up in en_US, then en, then the manifest's
// default_locale, as Chrome falls back. Message names are case-insensitive;
// "$NAME$" placeholders are replaced by their content, "$1".."$9" by the
// substitutions, "$$" by "$"; the predefined @@extension_id, @@ui_locale
// and @@bidi_* messages exist. An unknown message gives "".

import (
	_ "embed"
	"io/fs"
	"strings"

	"github.com/grafana/sobek"

	"github.com/extsim/extsim/browser"
	"github.com/extsim/extsim/router"
	"github.com/extsim/extsim/router/serial"
)

//go:embed i18n.js
var i18nSource string

func i18nModule() *module {
	return &module{name: "i18n", source: i18nSource, natives: i18nNatives}
}

// uiLocale is the browser's UI language (en-US).
const uiLocale = "en-US"

// catalog is one extension's messages, by lower-case name.
type catalog map[string]*serial.Object

func loadCatalog(e *browser.Extension) catalog {
	c := catalog{}
	locales := []string{"en_US", "en"}
	if d := e.Manifest.DefaultLocale; d != "" {
		locales = append(locales, d)
	}
	// Later locales only fill names the earlier ones lack.
	for _, loc := range locales {
		data, err := fs.ReadFile(e.Files, "_locales/"+loc+"/messages.json")
		if err != nil {
			continue
		}
		v, err := serial.DecodeJSON([]byte(stripJSONComments(string(data))))
		if err != nil {
			continue
		}
		o, ok := v.(*serial.Object)
		if !ok {
			continue
		}
		for _, p := range o.Props {
			key := strings.ToLower(p.Key)
			if m, ok := p.Value.(*serial.Object); ok && c[key] == nil {
				c[key] = m
			}
		}
	}
	return c
}

func objString(o *serial.Object, key string) (string, bool) {
	for _, p := range o.Props {
		if strings.EqualFold(p.Key, key) {
			if s, ok := p.Value.(serial.String); ok {
				return string(s), true
			}
		}
	}
	return "", false
}

// getMessage implements i18n.getMessage.
func (c catalog) getMessage(e *browser.Extension, name string, subs []string) string {
	switch strings.ToLower(name) {
	case "@@extension_id":
		return e.ID
	case "@@ui_locale":
		return strings.ReplaceAll(uiLocale, "-", "_")
	case "@@bidi_dir":
		return "ltr"
	case "@@bidi_reversed_dir":
		return "rtl"
	case "@@bidi_start_edge":
		return "left"
	case "@@bidi_end_edge":
		return "right"
	}
	m := c[strings.ToLower(name)]
	if m == nil {
		return ""
	}
	msg, _ := objString(m, "message")
	var placeholders *serial.Object
	for _, p := range m.Props {
		if p.Key == "placeholders" {
			placeholders, _ = p.Value.(*serial.Object)
		}
	}
	return expand(msg, subs, func(ph string) string {
		if placeholders == nil {
			return ""
		}
		for _, p := range placeholders.Props {
			if strings.EqualFold(p.Key, ph) {
				if po, ok := p.Value.(*serial.Object); ok {
					content, _ := objString(po, "content")
					return expand(content, subs, func(string) string { return "" })
				}
			}
		}
		return ""
	})
}

// expand replaces $$, $1..$9 and $name$ in s.
func expand(s string, subs []string, placeholder func(string) string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '$' || i+1 >= len(s) {
			b.WriteByte(c)
			continue
		}
		next := s[i+1]
		switch {
		case next == '$':
			b.WriteByte('$')
			i++
		case next >= '1' && next <= '9':
			if k := int(next - '1'); k < len(subs) {
				b.WriteString(subs[k])
			}
			i++
		default:
			end := strings.IndexByte(s[i+1:], '$')
			name := ""
			if end >= 0 {
				name = s[i+1 : i+1+end]
			}
			if end > 0 && isPlaceholderName(name) {
				b.WriteString(placeholder(name))
				i += end + 1
			} else {
				b.WriteByte(c)
			}
		}
	}
	return b.String()
}

func isPlaceholderName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || c == '@' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

func i18nNatives(a *api, x *sobek.Object, shared *sharedState) {
	c := a.r.Ctx
	e := c.Extension
	rt := a.r.RT
	enabled := e != nil && c.Kind != router.KindWebPage
	if err := x.Set("enabled", enabled); err != nil {
		panic(err)
	}
	if !enabled {
		return
	}
	key := "i18n:" + e.ID
	cat, _ := shared.values[key].(catalog)
	if cat == nil {
		cat = loadCatalog(e)
		shared.values[key] = cat
	}
	must := func(err error) {
		if err != nil {
			panic(err)
		}
	}
	must(x.Set("getMessage", func(call sobek.FunctionCall) sobek.Value {
		var subs []string
		switch v := call.Argument(1).(type) {
		case *sobek.Object:
			if v.ClassName() == "Array" {
				for _, k := range v.Keys() {
					subs = append(subs, v.Get(k).String())
				}
			} else {
				subs = []string{v.String()}
			}
		default:
			if v != nil && !sobek.IsUndefined(v) && !sobek.IsNull(v) {
				subs = []string{v.String()}
			}
		}
		return rt.ToValue(cat.getMessage(e, call.Argument(0).String(), subs))
	}))
	must(x.Set("uiLanguage", uiLocale))
}
