package webext_test

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/extsim/extsim/browser"
)

// i18n.getMessage reads _locales (en_US, then en, then default_locale),
// expands placeholders, $1..$9 and $$, knows the @@ messages, and gives ""
// for unknown names; content scripts have it too.
func TestI18nGetMessage(t *testing.T) {
	for _, prof := range []func() *browser.Profile{browser.Chrome, browser.Firefox} {
		e := newEnv(t, prof(), nil)
		files := fstest.MapFS{
			"manifest.json": {Data: []byte(`{"manifest_version": 3, "name": "__MSG_appName__", "version": "1", "default_locale": "fr",
			  "background": {"service_worker": "bg.js", "scripts": ["bg.js"]},
			  "content_scripts": [{"matches": ["<all_urls>"], "js": ["cs.js"]}]}`)},
			"_locales/en/messages.json": {Data: []byte(`{
			  "appName": {"message": "Demo"},
			  "greeting": {"message": "Hello $USER$, you have $COUNT$ new $$ messages ($1)",
			    "placeholders": {"user": {"content": "$1"}, "count": {"content": "$2", "example": "3"}}}
			}`)},
			"_locales/fr/messages.json": {Data: []byte(`{"onlyFrench": {"message": "Bonjour"}, "appName": {"message": "Démo"}}`)},
			"bg.js": {Data: []byte(`console.log(chrome.i18n.getMessage("appName"), "|", chrome.i18n.getMessage("GREETING", ["Ada", "3"]),
			  "|", chrome.i18n.getMessage("onlyFrench"), "|", JSON.stringify(chrome.i18n.getMessage("missing")),
			  "|", chrome.i18n.getMessage("@@ui_locale"), chrome.i18n.getUILanguage(), chrome.i18n.getMessage("@@extension_id") === chrome.runtime.id);`)},
			"cs.js": {Data: []byte(`console.log("content:", chrome.i18n.getMessage("greeting", "Bob"));`)},
		}
		if _, err := e.b.LoadExtension(files, browser.LoadOptions{}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.b.NewTab("https://example.com/", browser.TabOptions{}); err != nil {
			t.Fatal(err)
		}
		e.run(time.Second)
		got := strings.Join(e.out, "\n")
		for _, want := range []string{
			`Demo | Hello Ada, you have 3 new $ messages (Ada) | Bonjour | "" | en_US en-US true`,
			`content: Hello Bob, you have  new $ messages (Bob)`,
		} {
			if !strings.Contains(got, want) {
				t.Fatalf("%s: console lacks %q:\n%s", prof().Name, want, got)
			}
		}
	}
}
