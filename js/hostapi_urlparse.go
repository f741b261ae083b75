package js

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file is a WHATWG URL parser (https://url.spec.whatwg.org/), the
// "basic URL parser" state machine with its state overrides (which the
// URL setters use), the host parser (domains, IPv4 in all its forms,
// IPv6, opaque hosts) and the serializers. net/url is not used: it differs
// from browsers in too many visible ways (backslashes, tabs and newlines,
// "%2e" segments, percent-encoding sets, IPv4 shorthand, relative
// references against special schemes).
//
// Deviations:
//   - Domain to ASCII is a small subset of UTS #46: lower-casing, the
//     ideographic full stops, full-width ASCII, the Unicode spaces and the
//     ignored code points are mapped, then non-ASCII labels are
//     Punycode-encoded; there is no NFC normalization, no other mapping,
//     and no validation of "xn--" labels or of the bidirectional and
//     joiner rules.
//   - chrome-extension and moz-extension are special schemes without a
//     default port, as the browsers register them as standard schemes:
//     their host is parsed as a domain, their path is never empty, and
//     their origin is a tuple ("chrome-extension://<id>").
//   - Spaces before "?" or "#" in opaque paths are kept, as browsers did
//     before the 2025 change that percent-encodes them.

const eof = -1

// urlRecord is a URL: the spec's URL record.
type urlRecord struct {
	scheme, username, password string
	host                       string // serialized; IPv6 in brackets
	hasHost                    bool
	port                       int // -1: null
	path                       []string
	opaque                     bool // the path is opaquePath
	opaquePath                 string
	query, fragment            string
	hasQuery, hasFragment      bool
}

type urlState uint8

const (
	stNone urlState = iota
	stSchemeStart
	stScheme
	stNoScheme
	stSpecialRelativeOrAuthority
	stPathOrAuthority
	stRelative
	stRelativeSlash
	stSpecialAuthoritySlashes
	stSpecialAuthorityIgnoreSlashes
	stAuthority
	stHost
	stHostname
	stPort
	stFile
	stFileSlash
	stFileHost
	stPathStart
	stPath
	stOpaquePath
	stQuery
	stFragment
)

// defaultPort returns a special scheme's default port, -1 for a special
// scheme without one, and -2 for other schemes.
func defaultPort(scheme string) int {
	switch scheme {
	case "http", "ws":
		return 80
	case "https", "wss":
		return 443
	case "ftp":
		return 21
	case "file", "chrome-extension", "moz-extension":
		return -1
	}
	return -2
}

func isSpecial(scheme string) bool { return defaultPort(scheme) != -2 }

func (u *urlRecord) special() bool { return isSpecial(u.scheme) }

func (u *urlRecord) hasCredentials() bool { return u.username != "" || u.password != "" }

func (u *urlRecord) cannotHaveCredentialsOrPort() bool {
	return !u.hasHost || u.host == "" || u.scheme == "file"
}

func (u *urlRecord) shortenPath() {
	if u.scheme == "file" && len(u.path) == 1 && isNormalizedDriveLetter(u.path[0]) {
		return
	}
	if len(u.path) > 0 {
		u.path = u.path[:len(u.path)-1]
	}
}

// stripTrailingSpaces is "potentially strip trailing spaces from an
// opaque path".
func (u *urlRecord) stripTrailingSpaces() {
	if u.opaque && !u.hasFragment && !u.hasQuery {
		u.opaquePath = strings.TrimRight(u.opaquePath, " ")
	}
}

func (u *urlRecord) setQuery(q string, ok bool) { u.query, u.hasQuery = q, ok }

func (u *urlRecord) setFragment(f string, ok bool) { u.fragment, u.hasFragment = f, ok }

// parseURL parses input against base (nil for none).
func parseURL(input string, base *urlRecord) (*urlRecord, bool) {
	u := &urlRecord{port: -1}
	input = strings.TrimFunc(input, func(r rune) bool { return r <= 0x20 })
	if !basicParse(input, base, u, stNone) {
		return nil, false
	}
	return u, true
}

// basicParse runs the basic URL parser on u. With a state override it
// changes one component of an existing URL (the setters); its result then
// only says whether it failed, and what it changed before failing stays
// changed, as the standard says.
func basicParse(input string, base, u *urlRecord, override urlState) bool {
	if strings.ContainsAny(input, "\t\n\r") {
		input = strings.Map(func(r rune) rune {
			if r == '\t' || r == '\n' || r == '\r' {
				return -1
			}
			return r
		}, input)
	}
	in := []rune(input)
	at := func(i int) rune {
		if i >= 0 && i < len(in) {
			return in[i]
		}
		return eof
	}
	state := override
	if state == stNone {
		state = stSchemeStart
	}
	var buf []rune
	var atSignSeen, insideBrackets, passwordTokenSeen bool
	for p := 0; ; p++ {
		c := at(p)
		switch state {
		case stSchemeStart:
			switch {
			case isASCIIAlpha(c):
				buf = append(buf, lowerASCII(c))
				state = stScheme
			case override == stNone:
				state = stNoScheme
				p--
			default:
				return false
			}

		case stScheme:
			switch {
			case isASCIIAlnum(c) || c == '+' || c == '-' || c == '.':
				buf = append(buf, lowerASCII(c))
			case c == ':':
				s := string(buf)
				if override != stNone {
					if u.special() != isSpecial(s) ||
						(u.hasCredentials() || u.port >= 0) && s == "file" ||
						u.scheme == "file" && u.hasHost && u.host == "" {
						return true
					}
				}
				u.scheme = s
				if override != stNone {
					if u.port == defaultPort(s) {
						u.port = -1
					}
					return true
				}
				buf = buf[:0]
				switch {
				case s == "file":
					state = stFile
				case u.special() && base != nil && base.scheme == s:
					state = stSpecialRelativeOrAuthority
				case u.special():
					state = stSpecialAuthoritySlashes
				case at(p+1) == '/':
					state = stPathOrAuthority
					p++
				default:
					u.opaque, u.opaquePath = true, ""
					state = stOpaquePath
				}
			case override == stNone:
				buf = buf[:0]
				state = stNoScheme
				p = -1
			default:
				return false
			}

		case stNoScheme:
			switch {
			case base == nil || base.opaque && c != '#':
				return false
			case base.opaque && c == '#':
				u.scheme = base.scheme
				u.opaque, u.opaquePath = true, base.opaquePath
				u.setQuery(base.query, base.hasQuery)
				u.setFragment("", true)
				state = stFragment
			case base.scheme != "file":
				state = stRelative
				p--
			default:
				state = stFile
				p--
			}

		case stSpecialRelativeOrAuthority:
			if c == '/' && at(p+1) == '/' {
				state = stSpecialAuthorityIgnoreSlashes
				p++
			} else {
				state = stRelative
				p--
			}

		case stPathOrAuthority:
			if c == '/' {
				state = stAuthority
			} else {
				state = stPath
				p--
			}

		case stRelative:
			u.scheme = base.scheme
			switch {
			case c == '/' || u.special() && c == '\\':
				state = stRelativeSlash
			default:
				u.username, u.password = base.username, base.password
				u.host, u.hasHost, u.port = base.host, base.hasHost, base.port
				u.path = append([]string(nil), base.path...)
				u.setQuery(base.query, base.hasQuery)
				switch {
				case c == '?':
					u.setQuery("", true)
					state = stQuery
				case c == '#':
					u.setFragment("", true)
					state = stFragment
				case c != eof:
					u.setQuery("", false)
					u.shortenPath()
					state = stPath
					p--
				}
			}

		case stRelativeSlash:
			switch {
			case u.special() && (c == '/' || c == '\\'):
				state = stSpecialAuthorityIgnoreSlashes
			case c == '/':
				state = stAuthority
			default:
				u.username, u.password = base.username, base.password
				u.host, u.hasHost, u.port = base.host, base.hasHost, base.port
				state = stPath
				p--
			}

		case stSpecialAuthoritySlashes:
			state = stSpecialAuthorityIgnoreSlashes
			if c == '/' && at(p+1) == '/' {
				p++
			} else {
				p--
			}

		case stSpecialAuthorityIgnoreSlashes:
			if c != '/' && c != '\\' {
				state = stAuthority
				p--
			}

		case stAuthority:
			switch {
			case c == '@':
				if atSignSeen {
					buf = append([]rune("%40"), buf...)
				}
				atSignSeen = true
				var user, pass strings.Builder
				for _, cp := range buf {
					if cp == ':' && !passwordTokenSeen {
						passwordTokenSeen = true
						continue
					}
					if passwordTokenSeen {
						appendEncoded(&pass, cp, userinfoSet)
					} else {
						appendEncoded(&user, cp, userinfoSet)
					}
				}
				u.username += user.String()
				u.password += pass.String()
				buf = buf[:0]
			case c == eof || c == '/' || c == '?' || c == '#' || u.special() && c == '\\':
				if atSignSeen && len(buf) == 0 {
					return false
				}
				p -= len(buf) + 1
				buf = buf[:0]
				state = stHost
			default:
				buf = append(buf, c)
			}

		case stHost, stHostname:
			switch {
			case override != stNone && u.scheme == "file":
				p--
				state = stFileHost
			case c == ':' && !insideBrackets:
				if len(buf) == 0 || override == stHostname {
					return false
				}
				h, ok := parseHost(string(buf), !u.special())
				if !ok {
					return false
				}
				u.host, u.hasHost = h, true
				buf = buf[:0]
				state = stPort
			case c == eof || c == '/' || c == '?' || c == '#' || u.special() && c == '\\':
				p--
				if u.special() && len(buf) == 0 {
					return false
				}
				if override != stNone && len(buf) == 0 && (u.hasCredentials() || u.port >= 0) {
					return false
				}
				h, ok := parseHost(string(buf), !u.special())
				if !ok {
					return false
				}
				u.host, u.hasHost = h, true
				buf = buf[:0]
				state = stPathStart
				if override != stNone {
					return true
				}
			default:
				if c == '[' {
					insideBrackets = true
				}
				if c == ']' {
					insideBrackets = false
				}
				buf = append(buf, c)
			}

		case stPort:
			switch {
			case c >= '0' && c <= '9':
				buf = append(buf, c)
			case c == eof || c == '/' || c == '?' || c == '#' || u.special() && c == '\\' || override != stNone:
				if len(buf) > 0 {
					port := 0
					for _, d := range buf {
						port = port*10 + int(d-'0')
						if port > 65535 {
							return false
						}
					}
					if port == defaultPort(u.scheme) {
						u.port = -1
					} else {
						u.port = port
					}
					buf = buf[:0]
					if override != stNone {
						return true
					}
				}
				if override != stNone {
					return false
				}
				state = stPathStart
				p--
			default:
				return false
			}

		case stFile:
			u.scheme = "file"
			u.host, u.hasHost = "", true
			switch {
			case c == '/' || c == '\\':
				state = stFileSlash
			case base != nil && base.scheme == "file":
				u.host, u.hasHost = base.host, base.hasHost
				u.path = append([]string(nil), base.path...)
				u.setQuery(base.query, base.hasQuery)
				switch {
				case c == '?':
					u.setQuery("", true)
					state = stQuery
				case c == '#':
					u.setFragment("", true)
					state = stFragment
				case c != eof:
					u.setQuery("", false)
					if !startsWithDriveLetter(in[p:]) {
						u.shortenPath()
					} else {
						u.path = nil
					}
					state = stPath
					p--
				}
			default:
				state = stPath
				p--
			}

		case stFileSlash:
			if c == '/' || c == '\\' {
				state = stFileHost
				break
			}
			if base != nil && base.scheme == "file" {
				u.host, u.hasHost = base.host, base.hasHost
				if !startsWithDriveLetter(in[p:]) && len(base.path) > 0 && isNormalizedDriveLetter(base.path[0]) {
					u.path = append(u.path, base.path[0])
				}
			}
			state = stPath
			p--

		case stFileHost:
			if c != eof && c != '/' && c != '\\' && c != '?' && c != '#' {
				buf = append(buf, c)
				break
			}
			p--
			switch {
			case override == stNone && isDriveLetter(string(buf)):
				// The buffer is kept: it is the path's first segment.
				state = stPath
			case len(buf) == 0:
				u.host, u.hasHost = "", true
				if override != stNone {
					return true
				}
				state = stPathStart
			default:
				h, ok := parseHost(string(buf), !u.special())
				if !ok {
					return false
				}
				if h == "localhost" {
					h = ""
				}
				u.host, u.hasHost = h, true
				if override != stNone {
					return true
				}
				buf = buf[:0]
				state = stPathStart
			}

		case stPathStart:
			switch {
			case u.special():
				state = stPath
				if c != '/' && c != '\\' {
					p--
				}
			case override == stNone && c == '?':
				u.setQuery("", true)
				state = stQuery
			case override == stNone && c == '#':
				u.setFragment("", true)
				state = stFragment
			case c != eof:
				state = stPath
				if c != '/' {
					p--
				}
			case override != stNone && !u.hasHost:
				u.path = append(u.path, "")
			}

		case stPath:
			slash := c == '/' || u.special() && c == '\\'
			if c == eof || slash || override == stNone && (c == '?' || c == '#') {
				seg := string(buf)
				switch {
				case isDoubleDot(seg):
					u.shortenPath()
					if !slash {
						u.path = append(u.path, "")
					}
				case isSingleDot(seg):
					if !slash {
						u.path = append(u.path, "")
					}
				default:
					if u.scheme == "file" && len(u.path) == 0 && isDriveLetter(seg) {
						seg = seg[:1] + ":"
					}
					u.path = append(u.path, seg)
				}
				buf = buf[:0]
				if c == '?' {
					u.setQuery("", true)
					state = stQuery
				}
				if c == '#' {
					u.setFragment("", true)
					state = stFragment
				}
			} else {
				buf = appendEncodedRunes(buf, c, pathSet)
			}

		case stOpaquePath:
			switch c {
			case '?':
				u.setQuery("", true)
				state = stQuery
			case '#':
				u.setFragment("", true)
				state = stFragment
			case eof:
			default:
				// Up to the next "?" or "#" at once: data: URLs are long.
				j := p
				for j < len(in) && in[j] != '?' && in[j] != '#' {
					j++
				}
				u.opaquePath += encodeRunes(in[p:j], c0Set)
				p = j - 1
			}

		case stQuery:
			if c == eof || override == stNone && c == '#' {
				set := querySet
				if u.special() {
					set = specialQuerySet
				}
				u.query += encodeRunes(buf, set)
				buf = buf[:0]
				if c == '#' {
					u.setFragment("", true)
					state = stFragment
				}
			} else {
				buf = append(buf, c)
			}

		case stFragment:
			if c != eof {
				u.fragment += encodeRunes(in[p:], fragmentSet)
				p = len(in) - 1
			}
		}
		if p >= len(in) {
			return true
		}
	}
}

func isASCIIAlpha(c rune) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isASCIIAlnum(c rune) bool { return isASCIIAlpha(c) || c >= '0' && c <= '9' }

func lowerASCII(c rune) rune {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// isDriveLetter: a Windows drive letter ("C:" or "C|").
func isDriveLetter(s string) bool {
	return len(s) == 2 && isASCIIAlpha(rune(s[0])) && (s[1] == ':' || s[1] == '|')
}

func isNormalizedDriveLetter(s string) bool { return isDriveLetter(s) && s[1] == ':' }

func startsWithDriveLetter(r []rune) bool {
	if len(r) < 2 || !isASCIIAlpha(r[0]) || r[1] != ':' && r[1] != '|' {
		return false
	}
	return len(r) == 2 || r[2] == '/' || r[2] == '\\' || r[2] == '?' || r[2] == '#'
}

func isSingleDot(s string) bool { return s == "." || strings.EqualFold(s, "%2e") }

func isDoubleDot(s string) bool {
	switch strings.ToLower(s) {
	case "..", ".%2e", "%2e.", "%2e%2e":
		return true
	}
	return false
}

// Percent-encode sets.
type encodeSet uint8

const (
	c0Set encodeSet = iota
	fragmentSet
	querySet
	specialQuerySet
	pathSet
	userinfoSet
	componentSet
	formSet
)

// inSet reports whether c must be percent-encoded in set.
func inSet(c rune, set encodeSet) bool {
	if c < 0x20 || c > 0x7E {
		return true
	}
	var extra string
	switch set {
	case c0Set:
		return false
	case fragmentSet:
		extra = " \"<>`"
	case querySet:
		extra = " \"#<>"
	case specialQuerySet:
		extra = " \"#<>'"
	case pathSet:
		extra = " \"#<>?^`{}"
	case userinfoSet:
		extra = " \"#<>?^`{}/:;=@[\\]|"
	case componentSet:
		extra = " \"#<>?^`{}/:;=@[\\]|$%&+,"
	case formSet:
		extra = " \"#<>?^`{}/:;=@[\\]|$%&+,!'()~"
	}
	return strings.ContainsRune(extra, c)
}

const upperHex = "0123456789ABCDEF"

func appendEncoded(b *strings.Builder, c rune, set encodeSet) {
	if !inSet(c, set) {
		b.WriteRune(c)
		return
	}
	var tmp [utf8.UTFMax]byte
	n := utf8.EncodeRune(tmp[:], c)
	for _, x := range tmp[:n] {
		b.WriteByte('%')
		b.WriteByte(upperHex[x>>4])
		b.WriteByte(upperHex[x&15])
	}
}

func appendEncodedRunes(buf []rune, c rune, set encodeSet) []rune {
	if !inSet(c, set) {
		return append(buf, c)
	}
	var tmp [utf8.UTFMax]byte
	n := utf8.EncodeRune(tmp[:], c)
	for _, x := range tmp[:n] {
		buf = append(buf, '%', rune(upperHex[x>>4]), rune(upperHex[x&15]))
	}
	return buf
}

func encodeRunes(r []rune, set encodeSet) string {
	var b strings.Builder
	b.Grow(len(r))
	for _, c := range r {
		appendEncoded(&b, c, set)
	}
	return b.String()
}

func encodeString(s string, set encodeSet) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, c := range s {
		appendEncoded(&b, c, set)
	}
	return b.String()
}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// percentDecode decodes the %XX sequences of s; a "%" not followed by two
// hex digits stays.
func percentDecode(s string) []byte {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			h, ok1 := unhex(s[i+1])
			l, ok2 := unhex(s[i+2])
			if ok1 && ok2 {
				out = append(out, h<<4|l)
				i += 2
				continue
			}
		}
		out = append(out, s[i])
	}
	return out
}

// parseHost is the host parser; it returns the serialized host.
func parseHost(input string, notSpecial bool) (string, bool) {
	if strings.HasPrefix(input, "[") {
		if !strings.HasSuffix(input, "]") || len(input) < 2 {
			return "", false
		}
		a, ok := parseIPv6([]rune(input[1 : len(input)-1]))
		if !ok {
			return "", false
		}
		return "[" + serializeIPv6(a) + "]", true
	}
	if notSpecial {
		for _, c := range input {
			if isForbiddenHost(c) {
				return "", false
			}
		}
		return encodeString(input, c0Set), true
	}
	domain, ok := domainToASCII(decodeUTF8(percentDecode(input)))
	if !ok {
		return "", false
	}
	for _, c := range domain {
		if isForbiddenHost(c) || c <= 0x1F || c == '%' || c == 0x7F {
			return "", false
		}
	}
	if endsInNumber(domain) {
		v, ok := parseIPv4(domain)
		if !ok {
			return "", false
		}
		return strconv.Itoa(int(v>>24)) + "." + strconv.Itoa(int(v>>16&255)) + "." +
			strconv.Itoa(int(v>>8&255)) + "." + strconv.Itoa(int(v&255)), true
	}
	return domain, true
}

func isForbiddenHost(c rune) bool {
	switch c {
	case 0, '\t', '\n', '\r', ' ', '#', '/', ':', '<', '>', '?', '@', '[', '\\', ']', '^', '|':
		return true
	}
	return false
}

// domainToASCII approximates UTS #46 ToASCII (see the file comment).
func domainToASCII(s string) (string, bool) {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		s = strings.ToLower(s)
	} else {
		s = strings.Map(func(r rune) rune {
			switch {
			case r == 0x3002 || r == 0xFF0E || r == 0xFF61:
				return '.'
			case r >= 0xFF01 && r <= 0xFF5E:
				r -= 0xFEE0
			case r == 0xA0 || r >= 0x2000 && r <= 0x200A || r == 0x202F || r == 0x205F || r == 0x3000:
				return ' ' // then refused, as a forbidden code point
			case r == 0xAD || r == 0x34F || r >= 0x180B && r <= 0x180D || r == 0x200B || r == 0x2060 ||
				r >= 0xFE00 && r <= 0xFE0F || r == 0xFEFF:
				return -1
			}
			return unicode.ToLower(r)
		}, s)
		labels := strings.Split(s, ".")
		for i, l := range labels {
			if !isASCII(l) {
				p, ok := punycode(l)
				if !ok {
					return "", false
				}
				labels[i] = "xn--" + p
			}
		}
		s = strings.Join(labels, ".")
	}
	return s, s != ""
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// punycode encodes a label (RFC 3492).
func punycode(label string) (string, bool) {
	const (
		base, tmin, tmax, skew, damp = 36, 1, 26, 38, 700
		initialBias, initialN        = 72, 128
	)
	in := []rune(label)
	var out []byte
	for _, c := range in {
		if c < 0x80 {
			out = append(out, byte(c))
		}
	}
	b := len(out)
	h := b
	if b > 0 {
		out = append(out, '-')
	}
	digit := func(d int) byte {
		if d < 26 {
			return byte('a' + d)
		}
		return byte('0' + d - 26)
	}
	adapt := func(delta, numPoints int, first bool) int {
		if first {
			delta /= damp
		} else {
			delta /= 2
		}
		delta += delta / numPoints
		k := 0
		for delta > ((base-tmin)*tmax)/2 {
			delta /= base - tmin
			k += base
		}
		return k + (base-tmin+1)*delta/(delta+skew)
	}
	n, delta, bias := initialN, 0, initialBias
	for h < len(in) {
		m := int(unicode.MaxRune) + 1
		for _, c := range in {
			if int(c) >= n && int(c) < m {
				m = int(c)
			}
		}
		if (m - n) > (1<<30)/(h+1) {
			return "", false
		}
		delta += (m - n) * (h + 1)
		n = m
		for _, c := range in {
			if int(c) < n {
				delta++
			}
			if int(c) == n {
				q := delta
				for k := base; ; k += base {
					t := k - bias
					if t < tmin {
						t = tmin
					} else if t > tmax {
						t = tmax
					}
					if q < t {
						break
					}
					out = append(out, digit(t+(q-t)%(base-t)))
					q = (q - t) / (base - t)
				}
				out = append(out, digit(q))
				bias = adapt(delta, h+1, h == b)
				delta = 0
				h++
			}
		}
		delta++
		n++
	}
	return string(out), true
}

// endsInNumber is the "ends in a number checker".
func endsInNumber(s string) bool {
	parts := strings.Split(s, ".")
	if parts[len(parts)-1] == "" {
		if len(parts) == 1 {
			return false
		}
		parts = parts[:len(parts)-1]
	}
	last := parts[len(parts)-1]
	if last != "" && strings.Trim(last, "0123456789") == "" {
		return true
	}
	_, ok := parseIPv4Number(last)
	return ok
}

// parseIPv4Number parses a decimal, octal (0...) or hex (0x...) number;
// values too large for an address saturate.
func parseIPv4Number(s string) (uint64, bool) {
	if s == "" {
		return 0, false
	}
	radix := uint64(10)
	if len(s) >= 2 && (s[:2] == "0x" || s[:2] == "0X") {
		s, radix = s[2:], 16
	} else if len(s) >= 2 && s[0] == '0' {
		s, radix = s[1:], 8
	}
	var v uint64
	for i := 0; i < len(s); i++ {
		d, ok := unhex(s[i])
		if !ok || uint64(d) >= radix {
			return 0, false
		}
		v = v*radix + uint64(d)
		if v > 1<<40 {
			v = 1 << 40
		}
	}
	return v, true
}

func parseIPv4(s string) (uint32, bool) {
	parts := strings.Split(s, ".")
	if parts[len(parts)-1] == "" && len(parts) > 1 {
		parts = parts[:len(parts)-1]
	}
	if len(parts) > 4 {
		return 0, false
	}
	nums := make([]uint64, len(parts))
	for i, p := range parts {
		n, ok := parseIPv4Number(p)
		if !ok {
			return 0, false
		}
		nums[i] = n
	}
	last := len(nums) - 1
	for _, n := range nums[:last] {
		if n > 255 {
			return 0, false
		}
	}
	if nums[last] >= 1<<(8*(5-len(nums))) {
		return 0, false
	}
	v := nums[last]
	for i, n := range nums[:last] {
		v += n << (8 * (3 - i))
	}
	return uint32(v), true
}

func parseIPv6(in []rune) ([8]uint16, bool) {
	var addr [8]uint16
	piece, compress := 0, -1
	p := 0
	at := func(i int) rune {
		if i < len(in) {
			return in[i]
		}
		return eof
	}
	if at(0) == ':' {
		if at(1) != ':' {
			return addr, false
		}
		p += 2
		piece++
		compress = piece
	}
	for at(p) != eof {
		if piece == 8 {
			return addr, false
		}
		if at(p) == ':' {
			if compress != -1 {
				return addr, false
			}
			p++
			piece++
			compress = piece
			continue
		}
		value, length := 0, 0
		for length < 4 {
			d, ok := hexRune(at(p))
			if !ok {
				break
			}
			value = value*16 + int(d)
			p++
			length++
		}
		if at(p) == '.' {
			if length == 0 {
				return addr, false
			}
			p -= length
			if piece > 6 {
				return addr, false
			}
			seen := 0
			for at(p) != eof {
				v4 := -1
				if seen > 0 {
					if at(p) == '.' && seen < 4 {
						p++
					} else {
						return addr, false
					}
				}
				if c := at(p); c < '0' || c > '9' {
					return addr, false
				}
				for c := at(p); c >= '0' && c <= '9'; c = at(p) {
					n := int(c - '0')
					switch v4 {
					case -1:
						v4 = n
					case 0:
						return addr, false
					default:
						v4 = v4*10 + n
					}
					if v4 > 255 {
						return addr, false
					}
					p++
				}
				addr[piece] = addr[piece]*0x100 + uint16(v4)
				seen++
				if seen == 2 || seen == 4 {
					piece++
				}
			}
			if seen != 4 {
				return addr, false
			}
			break
		} else if at(p) == ':' {
			p++
			if at(p) == eof {
				return addr, false
			}
		} else if at(p) != eof {
			return addr, false
		}
		addr[piece] = uint16(value)
		piece++
	}
	if compress != -1 {
		swaps := piece - compress
		piece = 7
		for piece != 0 && swaps > 0 {
			addr[piece], addr[compress+swaps-1] = addr[compress+swaps-1], addr[piece]
			piece--
			swaps--
		}
	} else if piece != 8 {
		return addr, false
	}
	return addr, true
}

func hexRune(c rune) (byte, bool) {
	if c < 0 || c > 0x7F {
		return 0, false
	}
	return unhex(byte(c))
}

func serializeIPv6(a [8]uint16) string {
	// The first longest run of two or more zero pieces is compressed.
	compress, best := -1, 1
	for i := 0; i < 8; {
		if a[i] != 0 {
			i++
			continue
		}
		j := i
		for j < 8 && a[j] == 0 {
			j++
		}
		if j-i > best {
			compress, best = i, j-i
		}
		i = j
	}
	var b strings.Builder
	for i := 0; i < 8; i++ {
		if i == compress {
			if i == 0 {
				b.WriteString("::")
			} else {
				b.WriteByte(':')
			}
			i += best - 1
			continue
		}
		b.WriteString(strconv.FormatUint(uint64(a[i]), 16))
		if i != 7 {
			b.WriteByte(':')
		}
	}
	return b.String()
}

// pathname is the URL path serializer.
func (u *urlRecord) pathname() string {
	if u.opaque {
		return u.opaquePath
	}
	var b strings.Builder
	for _, s := range u.path {
		b.WriteByte('/')
		b.WriteString(s)
	}
	return b.String()
}

// href is the URL serializer.
func (u *urlRecord) href() string {
	var b strings.Builder
	b.WriteString(u.scheme)
	b.WriteByte(':')
	if u.hasHost {
		b.WriteString("//")
		if u.hasCredentials() {
			b.WriteString(u.username)
			if u.password != "" {
				b.WriteByte(':')
				b.WriteString(u.password)
			}
			b.WriteByte('@')
		}
		b.WriteString(u.host)
		if u.port >= 0 {
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(u.port))
		}
	} else if !u.opaque && len(u.path) > 1 && u.path[0] == "" {
		b.WriteString("/.")
	}
	b.WriteString(u.pathname())
	if u.hasQuery {
		b.WriteByte('?')
		b.WriteString(u.query)
	}
	if u.hasFragment {
		b.WriteByte('#')
		b.WriteString(u.fragment)
	}
	return b.String()
}

// origin is the ASCII serialization of the URL's origin; fileOrigin is
// what a file: URL gives ("null" in the standard and Firefox, "file://"
// in Chrome).
func (u *urlRecord) origin(fileOrigin string) string {
	switch u.scheme {
	case "http", "https", "ws", "wss", "ftp", "chrome-extension", "moz-extension":
		s := u.scheme + "://" + u.host
		if u.port >= 0 {
			s += ":" + strconv.Itoa(u.port)
		}
		return s
	case "blob":
		if p, ok := parseURL(u.pathname(), nil); ok {
			switch p.scheme {
			case "http", "https", "chrome-extension", "moz-extension":
				return p.origin(fileOrigin)
			}
		}
	case "file":
		return fileOrigin
	}
	return "null"
}

// hostPort is URL.host: the host and the port when there is one.
func (u *urlRecord) hostPort() string {
	if !u.hasHost {
		return ""
	}
	if u.port < 0 {
		return u.host
	}
	return u.host + ":" + strconv.Itoa(u.port)
}

// parseForm is the application/x-www-form-urlencoded parser.
func parseForm(s string) [][2]string {
	var list [][2]string
	for _, seq := range strings.Split(s, "&") {
		if seq == "" {
			continue
		}
		name, value, _ := strings.Cut(seq, "=")
		list = append(list, [2]string{formDecode(name), formDecode(value)})
	}
	return list
}

func formDecode(s string) string {
	if strings.ContainsAny(s, "+%") {
		s = strings.ReplaceAll(s, "+", " ")
		return decodeUTF8(percentDecode(s))
	}
	return s
}

// serializeForm is the application/x-www-form-urlencoded serializer.
func serializeForm(list [][2]string) string {
	var b strings.Builder
	for i, p := range list {
		if i > 0 {
			b.WriteByte('&')
		}
		formEncode(&b, p[0])
		b.WriteByte('=')
		formEncode(&b, p[1])
	}
	return b.String()
}

func formEncode(b *strings.Builder, s string) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ':
			b.WriteByte('+')
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '*', c == '-', c == '.', c == '_':
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(upperHex[c>>4])
			b.WriteByte(upperHex[c&15])
		}
	}
}
