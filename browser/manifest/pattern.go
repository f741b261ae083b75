package manifest

import (
	"fmt"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Match patterns follow Chromium's URLPattern (extensions/common/
// url_pattern.cc) and https://developer.chrome.com/docs/extensions/develop/concepts/match-patterns:
//
//	<all_urls>
//	<scheme>://<host>[:<port>]<path>
//
// Choices where the documentation leaves room, and why:
//
//   - Schemes: "*" (http and https only, as Chrome documents), http, https,
//     ws, wss, ftp and file. These are the schemes a simulated page or frame
//     can have that Chrome lets extensions match. Schemes without "//"
//     (urn:, data:, about:) and extension or browser schemes
//     (chrome-extension:, moz-extension:, chrome:) are rejected: content
//     scripts and host permissions never apply to them in Chrome.
//   - <all_urls> matches exactly those six schemes (http, https, ws, wss,
//     ftp, file), and not chrome-extension://, moz-extension://, about:,
//     data: or blob: URLs.
//   - Ports: optional. Absent and ":*" both mean any port. A number (0 to
//     65535) needs a scheme that has a default port (http, https, ws, wss,
//     ftp), as in Chromium's IsValidPortForScheme; so "*://host:8080/*" is
//     invalid there and here. A numeric port matches a URL's effective port
//     (http://h/ has port 80). The host and port of file: patterns are
//     ignored (file://localhost/foo is file:///foo; file://foo* is
//     file:///foo*).
//   - Hosts are compared case-insensitively in ASCII only; there is no IDNA
//     conversion (write punycode). IPv6 hosts go in brackets. A trailing dot
//     is ignored when matching. "*.example.com" matches example.com and its
//     subdomains, never an IP address.
//   - The path is matched, with '*' as the only wildcard, against the URL's
//     path plus "?query" when there is a query, never the fragment. As in
//     Chromium, a pattern path ending in "/*" also matches the path without
//     the slash ("/foo/*" matches "/foo"). For host permissions, where
//     Chrome ignores the path, use MatchesIgnoringPath.

// Pattern parse failures, with Chromium's texts (URLPattern::ParseResult),
// which Chrome shows in "Invalid value for 'content_scripts[0].matches[0]':
// <reason>".
const (
	ReasonMissingSchemeSeparator = "Missing scheme separator."
	ReasonInvalidScheme          = "Invalid scheme."
	ReasonWrongSchemeSeparator   = "Wrong scheme type."
	ReasonEmptyHost              = "Host can not be empty."
	ReasonInvalidHostWildcard    = "Invalid host wildcard."
	ReasonEmptyPath              = "Empty path."
	ReasonInvalidPort            = "Invalid port."
	ReasonInvalidHost            = "Invalid host."
)

// PatternError explains why a string is not a valid match pattern.
type PatternError struct {
	Pattern string
	// Reason is one of the Reason constants (Chromium's text).
	Reason string
	// Detail says precisely what is wrong and how to fix it.
	Detail string
}

func (e *PatternError) Error() string {
	return fmt.Sprintf("invalid match pattern %q: %s %s", e.Pattern, e.Reason, e.Detail)
}

// AllURLs is the special pattern that matches every URL of a supported
// scheme.
const AllURLs = "<all_urls>"

// MatchPattern is a parsed match pattern. Its zero value matches nothing;
// build one with ParseMatchPattern. A MatchPattern is immutable and safe for
// concurrent use. Two patterns that match the same URLs by construction
// compare equal with ==.
type MatchPattern struct {
	allURLs    bool
	scheme     string // "*", "http", "https", "ws", "wss", "ftp" or "file"
	subdomains bool   // host was "*" or started with "*."
	host       string // canonical host without "*."; "" with subdomains means any host
	port       string // "*" or a canonical decimal number
	path       string // starts with "/"
}

// defaultPort returns the default port of a scheme, and whether it has one.
func defaultPort(scheme string) (int, bool) {
	switch scheme {
	case "http", "ws":
		return 80, true
	case "https", "wss":
		return 443, true
	case "ftp":
		return 21, true
	}
	return 0, false
}

func validPatternScheme(s string) bool {
	switch s {
	case "*", "http", "https", "ws", "wss", "ftp", "file":
		return true
	}
	return false
}

// allURLsScheme reports whether <all_urls> matches URLs of scheme s.
func allURLsScheme(s string) bool {
	return s != "*" && validPatternScheme(s)
}

// ParseMatchPattern parses a match pattern. The error is a *PatternError
// that says what is wrong.
func ParseMatchPattern(s string) (*MatchPattern, error) {
	fail := func(reason, detail string, args ...any) (*MatchPattern, error) {
		return nil, &PatternError{Pattern: s, Reason: reason, Detail: fmt.Sprintf(detail, args...)}
	}
	if s == AllURLs {
		return &MatchPattern{allURLs: true, scheme: "*", subdomains: true, port: "*", path: "/*"}, nil
	}
	sep := strings.Index(s, "://")
	if sep < 0 {
		colon := strings.IndexByte(s, ':')
		if colon < 0 {
			return fail(ReasonMissingSchemeSeparator, "A pattern is <scheme>://<host><path>, e.g. https://*.example.com/*, or <all_urls>.")
		}
		if !validPatternScheme(s[:colon]) {
			return fail(ReasonInvalidScheme, "The scheme %q is not supported; use *, http, https, ws, wss, ftp or file.", s[:colon])
		}
		return fail(ReasonWrongSchemeSeparator, "The scheme must be followed by \"://\".")
	}
	p := &MatchPattern{scheme: s[:sep], port: "*"}
	if !validPatternScheme(p.scheme) {
		return fail(ReasonInvalidScheme, "The scheme %q is not supported; use *, http, https, ws, wss, ftp or file (lower case).", p.scheme)
	}
	rest := s[sep+3:]
	if rest == "" {
		return fail(ReasonEmptyHost, "Nothing follows %q.", p.scheme+"://")
	}
	slash := strings.IndexByte(rest, '/')
	if p.scheme == "file" {
		// Chromium ignores the host of file: patterns, and allows leaving
		// it out entirely: file://foo* means file:///foo*.
		if slash < 0 {
			p.path = "/" + rest
		} else {
			p.path = rest[slash:]
		}
		return p, nil
	}
	if slash == 0 {
		return fail(ReasonEmptyHost, "A host is required between \"://\" and the path; use * for any host.")
	}
	if slash < 0 {
		return fail(ReasonEmptyPath, "A path is required after the host; use /* for any path.")
	}
	hostPort := rest[:slash]
	p.path = rest[slash:]
	hostPart, portPart, hasPort, err := splitHostPort(hostPort)
	if err != "" {
		return fail(ReasonInvalidHost, "%s", err)
	}
	if hasPort {
		port, ok := canonicalPort(p.scheme, portPart)
		if !ok {
			if _, has := defaultPort(p.scheme); !has && portPart != "" && portPart != "*" {
				return fail(ReasonInvalidPort, "The port %q needs a scheme with ports (http, https, ws, wss or ftp); with scheme %q only :* is allowed.", portPart, p.scheme)
			}
			return fail(ReasonInvalidPort, "The port %q must be * or a number from 0 to 65535.", portPart)
		}
		p.port = port
	}
	switch {
	case hostPart == "" || hostPart == "[]":
		return fail(ReasonEmptyHost, "A host is required between \"://\" and the path; use * for any host.")
	case hostPart == "*":
		p.subdomains = true
		hostPart = ""
	case strings.HasPrefix(hostPart, "*."):
		if len(hostPart) == 2 {
			return fail(ReasonEmptyHost, "\"*.\" must be followed by a domain, e.g. *.example.com.")
		}
		p.subdomains = true
		hostPart = hostPart[2:]
	}
	if strings.Contains(hostPart, "*") {
		return fail(ReasonInvalidHostWildcard, "'*' in a host must be the whole host or its first character followed by '.', as in *.example.com.")
	}
	if hostPart != "" {
		h, why := canonicalHost(hostPart)
		if why != "" {
			return fail(ReasonInvalidHost, "%s", why)
		}
		p.host = h
	}
	return p, nil
}

// splitHostPort splits "host:port" or "[v6]:port" the way Chromium does:
// the first ':' outside brackets starts the port.
func splitHostPort(s string) (host, port string, hasPort bool, err string) {
	if !strings.HasPrefix(s, "[") {
		if i := strings.IndexByte(s, ':'); i >= 0 {
			return s[:i], s[i+1:], true, ""
		}
		return s, "", false, ""
	}
	end := strings.IndexByte(s, ']')
	if end < 0 {
		return "", "", false, "An IPv6 address must end with ']'."
	}
	if end == len(s)-1 {
		return s, "", false, ""
	}
	if s[end+1] != ':' {
		return "", "", false, "Only a :port may follow an IPv6 address in brackets."
	}
	return s[:end+1], s[end+2:], true, ""
}

func canonicalPort(scheme, port string) (string, bool) {
	if port == "*" {
		return "*", true
	}
	if _, ok := defaultPort(scheme); !ok || port == "" || len(port) > 5 {
		return "", false
	}
	for _, c := range []byte(port) {
		if c < '0' || c > '9' {
			return "", false
		}
	}
	n, err := strconv.Atoi(port)
	if err != nil || n > 65535 {
		return "", false
	}
	return strconv.Itoa(n), true
}

// canonicalHost validates a pattern host (without any "*.") and returns
// its canonical form: ASCII lower case, IPv6 in canonical bracketed form.
// It rejects the URL Standard's forbidden domain code points.
func canonicalHost(h string) (string, string) {
	if strings.HasPrefix(h, "[") {
		inner := strings.TrimSuffix(strings.TrimPrefix(h, "["), "]")
		if inner == "" {
			return "", "Empty IPv6 address."
		}
		a, err := netip.ParseAddr(inner)
		if err != nil || !a.Is6() || a.Zone() != "" {
			return "", fmt.Sprintf("%q is not an IPv6 address.", inner)
		}
		return "[" + a.String() + "]", ""
	}
	if !utf8.ValidString(h) {
		return "", "The host is not valid UTF-8."
	}
	for _, c := range []byte(h) {
		if c <= 0x20 || c == 0x7f || strings.IndexByte("#%/:<>?@[\\]^|", c) >= 0 {
			return "", fmt.Sprintf("The host %q contains the character %q, which hosts cannot contain.", h, rune(c))
		}
	}
	return asciiLower(h), ""
}

func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// MustParseMatchPattern is like ParseMatchPattern but panics on error; for
// patterns written in Go source.
func MustParseMatchPattern(s string) *MatchPattern {
	p, err := ParseMatchPattern(s)
	if err != nil {
		panic(err)
	}
	return p
}

// String returns the pattern in canonical form, as Chromium's GetAsString
// does: the host in lower case, a ":*" port left out, the host of a file:
// pattern left out. Parsing the result gives an equal pattern.
func (p *MatchPattern) String() string {
	if p.allURLs {
		return AllURLs
	}
	var b strings.Builder
	b.WriteString(p.scheme)
	b.WriteString("://")
	if p.scheme != "file" {
		if p.subdomains {
			b.WriteByte('*')
			if p.host != "" {
				b.WriteByte('.')
			}
		}
		b.WriteString(p.host)
		if p.port != "*" {
			b.WriteByte(':')
			b.WriteString(p.port)
		}
	}
	b.WriteString(p.path)
	return b.String()
}

// MatchesAllURLs reports whether p is <all_urls>.
func (p *MatchPattern) MatchesAllURLs() bool { return p.allURLs }

// Scheme returns the scheme: "*" (http or https), "http", "https", "ws",
// "wss", "ftp" or "file"; "*" for <all_urls>.
func (p *MatchPattern) Scheme() string { return p.scheme }

// Host returns the canonical host without any leading "*."; "" when the
// pattern matches every host (host "*", <all_urls>) or is a file: pattern.
func (p *MatchPattern) Host() string { return p.host }

// MatchesSubdomains reports whether the host was "*" or began with "*.".
func (p *MatchPattern) MatchesSubdomains() bool { return p.subdomains }

// Port returns "*" (any port) or the port number in decimal.
func (p *MatchPattern) Port() string { return p.port }

// Path returns the path pattern, starting with "/".
func (p *MatchPattern) Path() string { return p.path }

// testURL is the part of a URL a pattern looks at.
type testURL struct {
	scheme string
	host   string // lower case, no brackets for IPv6, no trailing dot
	isIP   bool
	port   int
	path   string // path plus "?query" when there is a query
}

// parseTestURL splits a URL the way a browser's canonical URL would be.
func parseTestURL(raw string) (testURL, bool) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" {
		return testURL{}, false
	}
	t := testURL{scheme: u.Scheme}
	if !allURLsScheme(t.scheme) {
		return t, true // only the scheme matters: nothing will match
	}
	if u.Opaque != "" {
		return testURL{}, false
	}
	// Resolve "." and ".." segments as a browser's URL parser does, so
	// that /public/../admin is /admin.
	forceQuery := u.ForceQuery
	u = u.ResolveReference(&url.URL{})
	host := strings.TrimSuffix(asciiLower(u.Hostname()), ".")
	if t.scheme == "file" {
		if host == "localhost" {
			host = ""
		}
	} else if host == "" {
		return testURL{}, false
	}
	t.host = host
	if a, err := netip.ParseAddr(host); err == nil && a.Zone() == "" {
		t.isIP = true
		if a.Is6() {
			t.host = "[" + a.String() + "]"
		}
	}
	if ps := u.Port(); ps != "" {
		n, err := strconv.Atoi(ps)
		if err != nil || n > 65535 {
			return testURL{}, false
		}
		t.port = n
	} else {
		t.port, _ = defaultPort(t.scheme)
	}
	t.path = u.EscapedPath()
	if t.path == "" {
		t.path = "/"
	}
	if forceQuery || u.RawQuery != "" {
		t.path += "?" + u.RawQuery
	}
	return t, true
}

// Matches reports whether the URL rawURL matches p. A URL that does not
// parse matches nothing.
func (p *MatchPattern) Matches(rawURL string) bool {
	t, ok := parseTestURL(rawURL)
	if !ok || !p.matchesOrigin(t) {
		return false
	}
	return p.allURLs || p.matchesPath(t.path)
}

// MatchesIgnoringPath reports whether rawURL matches p's scheme, host and
// port. Chrome ignores the path of host permissions ("https://*/" and
// "https://*/*" grant the same hosts), so use this for host_permissions.
func (p *MatchPattern) MatchesIgnoringPath(rawURL string) bool {
	t, ok := parseTestURL(rawURL)
	return ok && p.matchesOrigin(t)
}

func (p *MatchPattern) matchesOrigin(t testURL) bool {
	if p == nil || p.scheme == "" || !allURLsScheme(t.scheme) {
		return false
	}
	if p.allURLs {
		return true
	}
	if p.scheme == "*" {
		if t.scheme != "http" && t.scheme != "https" {
			return false
		}
	} else if p.scheme != t.scheme {
		return false
	}
	if p.scheme != "file" && !p.matchesHost(t) {
		return false
	}
	return p.port == "*" || p.port == strconv.Itoa(t.port)
}

func (p *MatchPattern) matchesHost(t testURL) bool {
	host := strings.TrimSuffix(p.host, ".")
	if t.host == host {
		return true
	}
	if !p.subdomains {
		return false
	}
	if host == "" {
		return true
	}
	if t.isIP {
		return false
	}
	return len(t.host) > len(host)+1 && strings.HasSuffix(t.host, host) && t.host[len(t.host)-len(host)-1] == '.'
}

func (p *MatchPattern) matchesPath(path string) bool {
	// Chromium: "/foo/*" also matches "/foo".
	if len(p.path) == len(path)+2 && strings.HasPrefix(p.path, path) && strings.HasSuffix(p.path, "/*") {
		return true
	}
	return wildcardMatch(p.path, path, false)
}

// MatchGlob reports whether s matches glob, where '*' matches any run of
// characters (including none) and '?' exactly one character. Everything
// else matches itself; there is no escape character. The whole of s must
// match. This is how Chrome applies content_scripts include_globs and
// exclude_globs to a page's full URL.
func MatchGlob(glob, s string) bool { return wildcardMatch(glob, s, true) }

// wildcardMatch matches s against pattern with '*' (and '?' if question)
// using the linear backtracking algorithm: on a mismatch, retry from the
// last '*' with one more character swallowed. Characters are UTF-8 runes.
func wildcardMatch(pattern, s string, question bool) bool {
	pi, si := 0, 0
	starPi, starSi := -1, 0
	for si < len(s) {
		if pi < len(pattern) {
			switch c := pattern[pi]; {
			case c == '*':
				starPi, starSi = pi, si
				pi++
				continue
			case c == '?' && question:
				_, n := utf8.DecodeRuneInString(s[si:])
				pi++
				si += n
				continue
			case c == s[si]:
				pi++
				si++
				continue
			}
		}
		if starPi < 0 {
			return false
		}
		_, n := utf8.DecodeRuneInString(s[starSi:])
		starSi += n
		pi, si = starPi+1, starSi
	}
	for pi < len(pattern) && pattern[pi] == '*' {
		pi++
	}
	return pi == len(pattern)
}
