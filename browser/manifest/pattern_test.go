package manifest

import (
	"errors"
	"testing"
)

// Valid patterns, with their canonical String() and parts.
func TestParseMatchPatternValid(t *testing.T) {
	tests := []struct {
		in, str, scheme, host, port, path string
		subdomains                        bool
	}{
		{"<all_urls>", "<all_urls>", "*", "", "*", "/*", true},
		{"https://*/*", "https://*/*", "https", "", "*", "/*", true},
		{"https://*/", "https://*/", "https", "", "*", "/", true},
		{"https://*/foo*", "https://*/foo*", "https", "", "*", "/foo*", true},
		{"https://*.google.com/foo*bar", "https://*.google.com/foo*bar", "https", "google.com", "*", "/foo*bar", true},
		{"https://example.org/foo/bar.html", "https://example.org/foo/bar.html", "https", "example.org", "*", "/foo/bar.html", false},
		{"file:///foo*", "file:///foo*", "file", "", "*", "/foo*", false},
		{"http://127.0.0.1/*", "http://127.0.0.1/*", "http", "127.0.0.1", "*", "/*", false},
		{"*://mail.google.com/*", "*://mail.google.com/*", "*", "mail.google.com", "*", "/*", false},
		{"http://localhost:8080/*", "http://localhost:8080/*", "http", "localhost", "8080", "/*", false},
		{"http://*:*/*", "http://*/*", "http", "", "*", "/*", true},
		{"http://*:1234/", "http://*:1234/", "http", "", "1234", "/", true},
		{"http://foo:*/", "http://foo/", "http", "foo", "*", "/", false},
		{"http://foo:080/", "http://foo:80/", "http", "foo", "80", "/", false},
		{"ws://localhost:9222/*", "ws://localhost:9222/*", "ws", "localhost", "9222", "/*", false},
		{"wss://*.example.com/socket", "wss://*.example.com/socket", "wss", "example.com", "*", "/socket", true},
		{"ftp://ftp.example.com/*", "ftp://ftp.example.com/*", "ftp", "ftp.example.com", "*", "/*", false},
		{"https://WWW.Example.COM/Path*", "https://www.example.com/Path*", "https", "www.example.com", "*", "/Path*", false},
		{"http://[2607:f8b0:4005:805::200e]/*", "http://[2607:f8b0:4005:805::200e]/*", "http", "[2607:f8b0:4005:805::200e]", "*", "/*", false},
		{"http://[2607:F8B0:4005:0805:0:0:0:200e]:8888/*", "http://[2607:f8b0:4005:805::200e]:8888/*", "http", "[2607:f8b0:4005:805::200e]", "8888", "/*", false},
		// The host and port of file: patterns are ignored; the host may be
		// left out (Chromium Match15, Match16).
		{"file://localhost/foo*", "file:///foo*", "file", "", "*", "/foo*", false},
		{"file://foo*", "file:///foo*", "file", "", "*", "/foo*", false},
		{"file://foo:1234/bar", "file:///bar", "file", "", "*", "/bar", false},
		{"file:///", "file:///", "file", "", "*", "/", false},
		// Port-like text in the path is path.
		{"http://*/:1234", "http://*/:1234", "http", "", "*", "/:1234", true},
		{"http://foo/bar:1234/path", "http://foo/bar:1234/path", "http", "foo", "*", "/bar:1234/path", false},
		{"http://*/%40*", "http://*/%40*", "http", "", "*", "/%40*", true},
		{"https://example.com./*", "https://example.com./*", "https", "example.com.", "*", "/*", false},
	}
	for _, tt := range tests {
		p, err := ParseMatchPattern(tt.in)
		if err != nil {
			t.Errorf("ParseMatchPattern(%q): %v", tt.in, err)
			continue
		}
		if got := p.String(); got != tt.str {
			t.Errorf("ParseMatchPattern(%q).String() = %q, want %q", tt.in, got, tt.str)
		}
		if p.Scheme() != tt.scheme || p.Host() != tt.host || p.Port() != tt.port || p.Path() != tt.path || p.MatchesSubdomains() != tt.subdomains {
			t.Errorf("ParseMatchPattern(%q) = scheme %q host %q port %q path %q subdomains %v; want %q %q %q %q %v",
				tt.in, p.Scheme(), p.Host(), p.Port(), p.Path(), p.MatchesSubdomains(), tt.scheme, tt.host, tt.port, tt.path, tt.subdomains)
		}
		q, err := ParseMatchPattern(p.String())
		if err != nil || *q != *p {
			t.Errorf("re-parsing %q: %v, %v; want %v", p.String(), q, err, p)
		}
	}
	if !MustParseMatchPattern("<all_urls>").MatchesAllURLs() || MustParseMatchPattern("*://*/*").MatchesAllURLs() {
		t.Error("MatchesAllURLs")
	}
}

// Invalid patterns, with Chromium's reason (url_pattern_unittest.cc
// ParseInvalid, Ports, IPv6Patterns, and the documentation's list).
func TestParseMatchPatternInvalid(t *testing.T) {
	tests := []struct{ in, reason string }{
		// From the documentation's "invalid patterns".
		{"https://www.google.com", ReasonEmptyPath},
		{"https://*foo/bar", ReasonInvalidHostWildcard},
		{"https://foo.*.bar/baz", ReasonInvalidHostWildcard},
		{"http:/bar", ReasonWrongSchemeSeparator},
		{"foo://*", ReasonInvalidScheme},
		// Chromium's tests.
		{"http", ReasonMissingSchemeSeparator},
		{"www.yahoo.com", ReasonMissingSchemeSeparator},
		{"", ReasonMissingSchemeSeparator},
		{"http:", ReasonWrongSchemeSeparator},
		{"http:/", ReasonWrongSchemeSeparator},
		{"http://", ReasonEmptyHost},
		{"http:///", ReasonEmptyHost},
		{"http://:1234/", ReasonEmptyHost},
		{"http://*./", ReasonEmptyHost},
		{"http://*foo/bar", ReasonInvalidHostWildcard},
		{"http://foo.*.bar/baz", ReasonInvalidHostWildcard},
		{"http://fo.*.ba:123/baz", ReasonInvalidHostWildcard},
		{"http://bar", ReasonEmptyPath},
		{"http://foo.*/bar", ReasonInvalidHostWildcard},
		{"https://www.*.com/*", ReasonInvalidHostWildcard},
		{"http://google.*/*", ReasonInvalidHostWildcard},
		{"http://\x00www/", ReasonInvalidHost},
		{"http://foo:/", ReasonInvalidPort},
		{"http://*.foo:/", ReasonInvalidPort},
		{"http://foo:com/", ReasonInvalidPort},
		{"http://foo:123456/", ReasonInvalidPort},
		{"http://foo:65536/", ReasonInvalidPort},
		{"http://foo:80:80/monkey", ReasonInvalidPort},
		{"http://foo:-1/", ReasonInvalidPort},
		// A number port needs a scheme with a default port; '*' has none.
		{"*://localhost:8080/*", ReasonInvalidPort},
		{"http://[2607:f8b0:4005:805::200e]:/*", ReasonInvalidPort},
		{"http://[]:8888/*", ReasonEmptyHost},
		{"http://[2607:f8b0:4005:805::200e/*", ReasonInvalidHost},
		{"http://[2607:f8b0:4005:805::200e]]/*", ReasonInvalidHost},
		{"http://[[2607:f8b0:4005:805::200e]/*", ReasonInvalidHost},
		{"http://[2607:f8b0:4005:805:200e]/*", ReasonInvalidHost},
		{"http://[2607:f8b0:4005:805:200e:12:bogus]/*", ReasonInvalidHost},
		{"http://[[2607:f8b0:4005:805::200e]:abc/*", ReasonInvalidPort},
		// Unsupported schemes.
		{"chrome-extension://abc/*", ReasonInvalidScheme},
		{"moz-extension://*/*", ReasonInvalidScheme},
		{"HTTP://example.com/*", ReasonInvalidScheme},
		{"urn:*", ReasonInvalidScheme},
		{"about:blank", ReasonInvalidScheme},
		{"data:*", ReasonInvalidScheme},
		{"all_urls", ReasonMissingSchemeSeparator},
		{"<all_urls>/", ReasonMissingSchemeSeparator},
		// Forbidden host characters.
		{"http://exa mple.com/*", ReasonInvalidHost},
		{"http://user@example.com/*", ReasonInvalidHost},
		{"http://ex%41mple.com/*", ReasonInvalidHost},
		{"http://a\\b/*", ReasonInvalidHost},
	}
	for _, tt := range tests {
		p, err := ParseMatchPattern(tt.in)
		if err == nil {
			t.Errorf("ParseMatchPattern(%q) = %v, want error %q", tt.in, p, tt.reason)
			continue
		}
		var pe *PatternError
		if !errors.As(err, &pe) {
			t.Errorf("ParseMatchPattern(%q) error %T, want *PatternError", tt.in, err)
			continue
		}
		if pe.Reason != tt.reason || pe.Pattern != tt.in || pe.Detail == "" {
			t.Errorf("ParseMatchPattern(%q) = %q / %q, want reason %q", tt.in, pe.Reason, pe.Detail, tt.reason)
		}
	}
}

func TestMustParseMatchPatternPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("MustParseMatchPattern(\"bad\") did not panic")
		}
	}()
	MustParseMatchPattern("bad")
}

func TestPatternErrorText(t *testing.T) {
	_, err := ParseMatchPattern("https://www.google.com")
	want := `invalid match pattern "https://www.google.com": Empty path. A path is required after the host; use /* for any path.`
	if err == nil || err.Error() != want {
		t.Errorf("error = %v, want %s", err, want)
	}
}

type matchCase struct {
	url  string
	want bool
}

// The documentation's examples
// (developer.chrome.com/docs/extensions/develop/concepts/match-patterns) and
// Chromium's url_pattern_unittest.cc Match* cases.
func TestMatchPatternMatches(t *testing.T) {
	tests := []struct {
		pattern string
		cases   []matchCase
	}{
		{"https://*/*", []matchCase{
			{"https://www.google.com/", true},
			{"https://example.org/foo/bar.html", true},
			{"https://example.org", true},
			{"http://www.google.com/", false},
			{"file:///foo", false},
		}},
		{"https://*/", []matchCase{
			{"https://www.google.com/", true},
			{"https://www.google.com", true},
			{"https://example.org/foo/bar.html", false}, // the path counts (not for host permissions)
		}},
		{"https://*/foo*", []matchCase{
			{"https://example.com/foo/bar.html", true},
			{"https://www.google.com/foo", true},
			{"https://www.google.com/foobar", true},
			{"https://example.com/", false},
			{"http://www.google.com/foo", false},
		}},
		{"https://*.google.com/foo*bar", []matchCase{
			{"https://www.google.com/foo/baz/bar", true},
			{"https://docs.google.com/foobar", true},
			{"https://google.com/foobar", true},
			{"https://monkey.images.google.com/foooobar", true},
			{"https://www.google.com/foo?bar", true}, // the query is part of the path
			{"https://wwwgoogle.com/foobar", false},
			{"https://yahoo.com/foobar", false},
			{"https://www.google.com/foo/baz", false},
			{"https://www.google.com/foo#bar", false}, // never the fragment
		}},
		{"https://example.org/foo/bar.html", []matchCase{
			{"https://example.org/foo/bar.html", true},
			{"https://example.org/foo/bar.html#top", true},
			{"https://EXAMPLE.org/foo/bar.html", true},
			{"https://example.org/foo/bar.html?q=1", false},
			{"https://example.org/foo/BAR.html", false}, // paths are case-sensitive
			{"https://www.example.org/foo/bar.html", false},
		}},
		{"file:///foo*", []matchCase{
			{"file:///foo/bar.html", true},
			{"file:///foo", true},
			{"file:///foobar", true},
			{"file://localhost/foo", true},
			{"file://foo", false},
			{"file://foobar", false},
			{"file:///bar", false},
		}},
		{"http://127.0.0.1/*", []matchCase{
			{"http://127.0.0.1/", true},
			{"http://127.0.0.1/foo/bar.html", true},
			{"http://127.0.0.1", true},
			{"http://127.0.0.1:8080/", true}, // no port in the pattern: any port
			{"https://127.0.0.1/", false},
		}},
		{"*://mail.google.com/*", []matchCase{
			{"http://mail.google.com/foo/baz/bar", true},
			{"https://mail.google.com/foobar", true},
			{"ws://mail.google.com/", false}, // '*' is http and https only
			{"ftp://mail.google.com/", false},
			{"file:///mail.google.com/", false},
		}},
		{"<all_urls>", []matchCase{
			{"http://example.org/foo/bar.html", true},
			{"https://example.org/", true},
			{"ws://example.org/", true},
			{"wss://example.org/", true},
			{"ftp://example.org/", true},
			{"file:///bar/baz.html", true},
			{"file://localhost/foo/bar", true},
			{"http://127.0.0.1", true},
			{"chrome-extension://abcdefghijklmnopabcdefghijklmnop/page.html", false},
			{"moz-extension://0b7c1d5e-1b8f-4d1c-9d41-3f0c5d7e1a2b/page.html", false},
			{"about:blank", false},
			{"data:text/html,hi", false},
			{"blob:https://example.org/uuid", false},
			{"chrome://settings/", false},
			{"http:", false},
			{"not a url", false},
		}},
		{"http://*/*", []matchCase{
			{"http://google.com", true},
			{"http://yahoo.com", true},
			{"http://google.com/foo", true},
			{"https://google.com", false},
			{"http://74.125.127.100/search", true},
			{"http://[::1]/", true},
		}},
		// Subdomain matching is never done against IP addresses (Match7).
		{"http://*.0.0.1/*", []matchCase{{"http://127.0.0.1", false}}},
		// Ports (Match17, Match18, IgnorePorts).
		{"http://www.example.com:80/foo", []matchCase{
			{"http://www.example.com:80/foo", true},
			{"http://www.example.com/foo", true},
			{"http://www.example.com:8080/foo", false},
		}},
		{"http://www.example.com:*/foo", []matchCase{
			{"http://www.example.com:80/foo", true},
			{"http://www.example.com/foo", true},
			{"http://www.example.com:8080/foo", true},
		}},
		{"http://www.example.com:8080/foo", []matchCase{{"http://www.example.com:1234/foo", false}}},
		{"https://localhost:443/*", []matchCase{{"https://localhost/x", true}}},
		{"http://localhost:8080/*", []matchCase{
			{"http://localhost:8080/", true},
			{"http://localhost/", false},
		}},
		// "/x/*" also matches "/x" (IgnoreMissingBackslashes).
		{"http://www.example.com/example/*", []matchCase{
			{"http://www.example.com/example", true},
			{"http://www.example.com/example/", true},
		}},
		{"http://www.example.com/example", []matchCase{
			{"http://www.example.com/example", true},
			{"http://www.example.com/example/", false},
		}},
		// '?' and '\' in a path are literal (Match5).
		{"file:///foo?bar\\*baz", []matchCase{
			{"file:///foo?bar\\hellobaz", true},
			{"file:///fooXbar\\hellobaz", false},
		}},
		// IPv6.
		{"http://[2607:f8b0:4005:805::200e]/*", []matchCase{
			{"http://[2607:f8b0:4005:805::200e]/", true},
			{"http://[2607:F8B0:4005:805:0::200e]:81/", true},
			{"http://[2607:f8b0:4005:805::200f]/", false},
		}},
		// Trailing dots are ignored in hosts.
		{"https://example.com/*", []matchCase{
			{"https://example.com./", true},
			{"https://example.com/a/../b", true},
		}},
		{"https://example.com/public/*", []matchCase{
			{"https://example.com/public/x", true},
			{"https://example.com/public/../admin", false}, // resolved to /admin first
		}},
		{"wss://*.example.com/*", []matchCase{
			{"wss://chat.example.com/socket", true},
			{"ws://chat.example.com/socket", false},
		}},
		{"https://*.example.com/*?x=*", []matchCase{
			{"https://a.example.com/page?x=1", true},
			{"https://a.example.com/page?y=1", false},
			{"https://a.example.com/page", false},
		}},
	}
	for _, tt := range tests {
		p, err := ParseMatchPattern(tt.pattern)
		if err != nil {
			t.Fatalf("ParseMatchPattern(%q): %v", tt.pattern, err)
		}
		for _, c := range tt.cases {
			if got := p.Matches(c.url); got != c.want {
				t.Errorf("%q.Matches(%q) = %v, want %v", tt.pattern, c.url, got, c.want)
			}
		}
	}
}

func TestMatchesIgnoringPath(t *testing.T) {
	p := MustParseMatchPattern("https://*.example.com/")
	for _, c := range []matchCase{
		{"https://www.example.com/deep/path?q", true},
		{"https://example.com/", true},
		{"http://www.example.com/", false},
		{"https://example.org/", false},
	} {
		if got := p.MatchesIgnoringPath(c.url); got != c.want {
			t.Errorf("MatchesIgnoringPath(%q) = %v, want %v", c.url, got, c.want)
		}
	}
	var zero MatchPattern
	if zero.Matches("https://example.com/") || zero.MatchesIgnoringPath("https://example.com/") {
		t.Error("the zero MatchPattern matched")
	}
}

func TestMatchGlob(t *testing.T) {
	tests := []struct {
		glob, s string
		want    bool
	}{
		{"*", "", true},
		{"*", "anything", true},
		{"", "", true},
		{"", "a", false},
		{"?", "", false},
		{"?", "a", true},
		{"?", "é", true}, // one character, two bytes
		{"??", "é", false},
		{"a?c", "abc", true},
		{"a?c", "ac", false},
		{"*nytimes.com/???s/*", "https://www.nytimes.com/arts/index.html", true},
		{"*nytimes.com/???s/*", "https://www.nytimes.com/jobs/index.html", true},
		{"*nytimes.com/???s/*", "https://www.nytimes.com/sports/index.html", false},
		{"https://???.example.com/foo/*", "https://www.example.com/foo/bar", true},
		{"https://???.example.com/foo/*", "https://the.example.com/foo/", true},
		{"https://???.example.com/foo/*", "https://my.example.com/foo/bar", false},
		{"https://???.example.com/foo/*", "https://example.com/foo/", false},
		{"https://???.example.com/foo/*", "https://www.example.com/foo", false},
		{"*://*/*business*", "https://www.nytimes.com/business/index.html", true},
		{"*://*/*business*", "https://www.nytimes.com/arts/index.html", false},
		{"a*b*c", "aXXbYYc", true},
		{"a*b*c", "aXXcYYb", false},
		{"*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false},
		{"\\*", "\\x", true}, // no escape character
	}
	for _, tt := range tests {
		if got := MatchGlob(tt.glob, tt.s); got != tt.want {
			t.Errorf("MatchGlob(%q, %q) = %v, want %v", tt.glob, tt.s, got, tt.want)
		}
	}
}

// Chrome's rule: matches AND NOT exclude_matches AND (no include_globs OR
// one matches) AND NOT any exclude_glob. The globs are the documentation's
// examples (content-scripts#matchAndGlob).
func TestContentScriptMatchesURL(t *testing.T) {
	pats := func(ss ...string) []*MatchPattern {
		var out []*MatchPattern
		for _, s := range ss {
			out = append(out, MustParseMatchPattern(s))
		}
		return out
	}
	tests := []struct {
		name string
		cs   ContentScript
		urls []matchCase
	}{
		{"exclude_matches", ContentScript{
			Matches:        pats("https://*.nytimes.com/*"),
			ExcludeMatches: pats("*://*/*business*"),
		}, []matchCase{
			{"https://www.nytimes.com/arts/index.html", true},
			{"https://www.nytimes.com/jobs/index.html", true},
			{"https://www.nytimes.com/business/index.html", false},
			{"https://www.example.com/", false},
		}},
		{"include_globs", ContentScript{
			Matches:      pats("https://*.nytimes.com/*"),
			IncludeGlobs: []string{"*nytimes.com/???s/*"},
		}, []matchCase{
			{"https://www.nytimes.com/arts/index.html", true},
			{"https://www.nytimes.com/jobs/index.html", true},
			{"https://www.nytimes.com/sports/index.html", false},
		}},
		{"exclude_globs", ContentScript{
			Matches:      pats("https://*.nytimes.com/*"),
			ExcludeGlobs: []string{"*science*"},
		}, []matchCase{
			{"https://history.nytimes.com", true},
			{"https://history.nytimes.com/index.html", true},
			{"https://science.nytimes.com", false},
			{"https://www.nytimes.com/science", false},
		}},
		{"all four", ContentScript{
			Matches:        pats("https://*.nytimes.com/*"),
			ExcludeMatches: pats("*://*/*business*"),
			IncludeGlobs:   []string{"*nytimes.com/???s/*"},
			ExcludeGlobs:   []string{"*science*"},
		}, []matchCase{
			{"https://www.nytimes.com/arts/index.html", true},
			{"https://www.nytimes.com/jobs/index.html", true},
			{"https://www.nytimes.com/sports/index.html", false},
			{"https://www.nytimes.com/business/index.html", false},
			{"https://www.nytimes.com/arts/science.html", false},
		}},
		{"globs see the whole URL, fragment included", ContentScript{
			Matches:      pats("<all_urls>"),
			ExcludeGlobs: []string{"*#nocs"},
		}, []matchCase{
			{"https://example.com/a", true},
			{"https://example.com/a#nocs", false},
		}},
		{"no matches matches nothing", ContentScript{
			IncludeGlobs: []string{"*"},
		}, []matchCase{
			{"https://example.com/", false},
		}},
	}
	for _, tt := range tests {
		for _, c := range tt.urls {
			if got := tt.cs.MatchesURL(c.url); got != c.want {
				t.Errorf("%s: MatchesURL(%q) = %v, want %v", tt.name, c.url, got, c.want)
			}
		}
	}
}
