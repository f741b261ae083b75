package router

import (
	"github.com/extsim/extsim/router/serial"
)

// Sender is a runtime.MessageSender, computed by the router from the
// sending context's Identity (never passed in by the caller). Its Object is
// exactly what receivers see: keys present only when they apply, in the
// browser's order.
type Sender struct {
	obj *serial.Object
}

// Object returns the sender as the value handed to listeners. It is shared;
// do not modify it.
func (s *Sender) Object() *serial.Object { return s.obj }

// Get returns the value of key, and whether the key is present.
func (s *Sender) Get(key string) (serial.Value, bool) {
	for _, p := range s.obj.Props {
		if p.Key == key {
			return p.Value, true
		}
	}
	return nil, false
}

// Has reports whether key is present.
func (s *Sender) Has(key string) bool {
	_, ok := s.Get(key)
	return ok
}

// String returns the string value of key, or "" when absent or not a string.
func (s *Sender) String(key string) string {
	v, _ := s.Get(key)
	str, _ := v.(serial.String)
	return string(str)
}

// Keys lists the present keys in order.
func (s *Sender) Keys() []string {
	keys := make([]string, len(s.obj.Props))
	for i, p := range s.obj.Props {
		keys[i] = p.Key
	}
	return keys
}

type senderBuilder struct{ props []serial.Prop }

func (b *senderBuilder) str(k, v string) {
	b.props = append(b.props, serial.Prop{Key: k, Value: serial.String(v)})
}
func (b *senderBuilder) num(k string, v int) {
	b.props = append(b.props, serial.Prop{Key: k, Value: serial.Number(float64(v))})
}
func (b *senderBuilder) val(k string, v serial.Value) {
	b.props = append(b.props, serial.Prop{Key: k, Value: v})
}

// senderFor computes the MessageSender for a message from `from`.
// tabsChannel is set for tabs.connect / tabs.sendMessage; external for
// messages that reach onConnectExternal / onMessageExternal.
func (r *Router) senderFor(from *endpoint, tabsChannel, external bool, ec *ExternallyConnectable) *Sender {
	id := from.ident
	var b senderBuilder
	if r.prof.FirefoxSenderFields {
		r.firefoxSender(&b, from)
	} else {
		r.chromeSender(&b, id, tabsChannel)
		if external && ec != nil && ec.AcceptsTLSChannelID {
			b.str("tlsChannelId", "") // C7: always the empty string
		}
	}
	return &Sender{obj: &serial.Object{Props: b.props}}
}

// chromeSender follows E4 and C6 with the errata measured on Chromium 156:
// on tabs channels the sender is {id, url, origin} (D6, errata 2); a service
// worker on a runtime channel has only {id, url} (errata 2).
func (r *Router) chromeSender(b *senderBuilder, id Identity, tabsChannel bool) {
	if id.Extension != "" && id.Kind != KindWebPage {
		b.str("id", id.Extension)
	}
	if id.Kind == KindNativeHost {
		b.str("nativeApplication", id.Label)
		return
	}
	if id.URL != "" {
		b.str("url", id.URL)
	}
	if id.Kind == KindServiceWorker && !tabsChannel {
		return
	}
	if id.Origin != "" {
		b.str("origin", id.Origin)
	}
	if tabsChannel || !id.InTab() {
		return
	}
	b.num("frameId", id.Frame)
	if id.Document != "" {
		b.str("documentId", id.Document)
	}
	b.str("documentLifecycle", id.lifecycle())
	if tab, ok := r.world.Tab(id.Tab); ok {
		b.val("tab", tab) // E5: not scrubbed by permissions
	}
}

// firefoxSender follows FF-26 and FF-27: contextId and envType are internal
// but visible; tab and frameId only inside a tab; no documentLifecycle, no
// tlsChannelId. The key order is UNCONFIRMED (ExtensionParent getSender was
// not re-read); the set of keys is what FF-26 lists.
func (r *Router) firefoxSender(b *senderBuilder, from *endpoint) {
	id := from.ident
	b.num("contextId", int(from.id))
	if id.Extension != "" {
		b.str("id", id.Extension)
	}
	env := "addon_child"
	if id.Kind == KindContentScript {
		env = "content_child"
	}
	b.str("envType", env)
	if id.URL != "" {
		b.str("url", id.URL)
	}
	if id.InTab() {
		b.num("frameId", id.Frame)
		if tab, ok := r.world.Tab(id.Tab); ok {
			b.val("tab", tab)
		}
	}
	if id.Origin != "" {
		b.str("origin", id.Origin)
	}
	if id.Document != "" {
		b.str("documentId", id.Document)
	}
}
