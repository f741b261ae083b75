package manifest_test

import (
	"fmt"
	"testing/fstest"

	"github.com/extsim/extsim/browser/manifest"
)

func ExampleLoad() {
	fsys := fstest.MapFS{
		"manifest.json": {Data: []byte(`{
  // Comments are allowed, as in Chrome.
  "manifest_version": 3,
  "name": "Demo",
  "version": "1.0",
  "background": {"service_worker": "sw.js"},
  "content_scripts": [{"matches": ["https://*.example.com/*"], "js": ["content.js"]}],
  "action": {"default_popup": "popup.html"},
  "homepage": "https://example.com"
}`)},
		"sw.js":      {},
		"content.js": {},
	}
	m, ds := manifest.Load(fsys)
	for _, d := range ds {
		fmt.Println(d)
	}
	fmt.Println(ds.HasErrors(), m.Name, m.Version, m.ContentScripts[0].MatchesURL("https://www.example.com/page"))
	// Output:
	// manifest.json:8:31: error: action.default_popup: file "popup.html" does not exist
	// manifest.json:9:3: warning: Unrecognized manifest key 'homepage'.
	// true Demo 1.0 true
}

func ExampleParseMatchPattern() {
	p, err := manifest.ParseMatchPattern("https://*.google.com/foo*bar")
	if err != nil {
		panic(err)
	}
	fmt.Println(p.Matches("https://www.google.com/foo/baz/bar"))
	fmt.Println(p.Matches("https://docs.google.com/foobar"))
	fmt.Println(p.Matches("https://www.google.com/foo/baz"))

	_, err = manifest.ParseMatchPattern("https://www.*.com/*")
	fmt.Println(err)
	// Output:
	// true
	// true
	// false
	// invalid match pattern "https://www.*.com/*": Invalid host wildcard. '*' in a host must be the whole host or its first character followed by '.', as in *.example.com.
}
