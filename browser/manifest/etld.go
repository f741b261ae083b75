package manifest

import (
	"net/netip"
	"strings"
)

// isEffectiveTLD reports whether host (canonical, without "*.") is a public
// suffix, under which no one may claim every subdomain
// (externally_connectable, rule C4).
//
// Chrome uses the full Public Suffix List, private registries included, and
// treats unknown single-label names as registries too
// (INCLUDE_UNKNOWN_REGISTRIES). extsim has no network access and no
// dependencies, so it uses:
//
//   - every single-label host ("com", "uk", "dev", "localhost", "notatld"):
//     this covers every top-level domain, known or not;
//   - a short built-in list of common multi-label suffixes: second-level
//     country registries (co.uk, com.au, co.jp, ...) and popular private
//     hosting suffixes (appspot.com, github.io, herokuapp.com, ...).
//
// A suffix missing from the list is accepted where Chrome would drop it
// with a warning; extend publicSuffix when that matters.
func isEffectiveTLD(host string) bool {
	host = strings.TrimSuffix(host, ".")
	if host == "" {
		return false
	}
	if strings.HasPrefix(host, "[") {
		return false
	}
	if _, err := netip.ParseAddr(host); err == nil {
		return false
	}
	if !strings.Contains(host, ".") {
		return true
	}
	return publicSuffix(host)
}

// publicSuffix is the built-in list of multi-label public suffixes.
func publicSuffix(host string) bool {
	switch host {
	// Country registries with second-level domains.
	case "co.uk", "org.uk", "me.uk", "ltd.uk", "plc.uk", "net.uk", "ac.uk", "gov.uk", "sch.uk", "nhs.uk",
		"com.au", "net.au", "org.au", "edu.au", "gov.au", "asn.au", "id.au",
		"co.nz", "net.nz", "org.nz", "govt.nz", "ac.nz",
		"co.jp", "ne.jp", "or.jp", "ac.jp", "go.jp", "ad.jp", "ed.jp", "gr.jp", "lg.jp",
		"co.kr", "or.kr", "ne.kr", "go.kr", "ac.kr",
		"com.br", "net.br", "org.br", "gov.br", "edu.br",
		"com.cn", "net.cn", "org.cn", "gov.cn", "edu.cn", "ac.cn",
		"com.hk", "org.hk", "net.hk", "edu.hk", "gov.hk",
		"com.tw", "org.tw", "net.tw", "edu.tw", "gov.tw",
		"com.sg", "org.sg", "net.sg", "edu.sg", "gov.sg",
		"com.mx", "org.mx", "net.mx", "gob.mx", "edu.mx",
		"com.ar", "org.ar", "net.ar", "gob.ar",
		"com.tr", "org.tr", "net.tr", "gov.tr", "edu.tr",
		"co.in", "net.in", "org.in", "gov.in", "ac.in", "edu.in",
		"co.za", "org.za", "gov.za", "ac.za",
		"co.il", "org.il", "ac.il", "gov.il",
		"com.ru", "org.ru", "net.ru",
		"com.ua", "org.ua", "net.ua",
		"com.pl", "net.pl", "org.pl",
		"co.id", "or.id", "ac.id", "go.id",
		"com.my", "org.my", "net.my", "gov.my",
		"com.ph", "org.ph", "net.ph", "gov.ph",
		"com.vn", "net.vn", "org.vn", "gov.vn",
		"co.th", "or.th", "ac.th", "go.th", "in.th",
		"com.es", "org.es", "nom.es", "gob.es",
		"com.pt", "org.pt",
		"co.at", "or.at", "ac.at", "gv.at",
		"com.eg", "com.sa", "com.pk", "com.ng", "co.ke",
		// Private registries (hosting where each subdomain is a
		// different owner).
		"appspot.com", "blogspot.com", "github.io", "gitlab.io", "herokuapp.com",
		"netlify.app", "vercel.app", "pages.dev", "workers.dev", "web.app",
		"firebaseapp.com", "azurewebsites.net", "cloudfront.net", "s3.amazonaws.com",
		"onrender.com", "fly.dev", "glitch.me", "repl.co", "surge.sh", "ngrok.io",
		"ngrok-free.app", "now.sh", "bitbucket.io", "readthedocs.io":
		return true
	}
	return false
}
