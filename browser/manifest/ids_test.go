package manifest

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"strings"
	"testing"
)

// independentID computes a Chrome id the documented way, written
// differently from the package: hex-encode the SHA-256, keep 32 digits,
// and translate 0-9a-f to a-p character by character.
func independentID(b []byte) string {
	sum := sha256.Sum256(b)
	digits := hex.EncodeToString(sum[:])[:32]
	return strings.Map(func(r rune) rune {
		return rune("abcdefghijklmnop"[strings.IndexRune("0123456789abcdef", r)])
	}, digits)
}

// Chromium's test vectors for GenerateId (extension_unittest.cc,
// ExtensionTest.GenerateId), which GenerateIdForPath and the key path share.
var chromiumIDVectors = []struct{ in, id string }{
	{"test", "jpignaibiiemhngfjkcpokkamffknabf"},
	{"_", "ncocknphbhhlhkikpnnlmbcnbgdempcd"},
	{"this_string_is_longer_than_a_single_sha256_hash_digest", "jimneklojkjdibfkgiiophfhjhbdgcfi"},
}

func TestIDFromKeyChromiumVectors(t *testing.T) {
	for _, v := range chromiumIDVectors {
		key := base64.StdEncoding.EncodeToString([]byte(v.in))
		got, err := IDFromKey(key)
		if err != nil || got != v.id {
			t.Errorf("IDFromKey(base64(%q)) = %q, %v; want %q", v.in, got, err, v.id)
		}
		if got := IDFromPath(v.in); got != v.id {
			t.Errorf("IDFromPath(%q) = %q, want %q", v.in, got, v.id)
		}
		if independentID([]byte(v.in)) != v.id {
			t.Errorf("independentID(%q) disagrees with Chromium", v.in)
		}
	}
}

func TestIDFromKeyRSA(t *testing.T) {
	priv, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKIXPublicKey(&priv.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	want := independentID(der)
	b64 := base64.StdEncoding.EncodeToString(der)
	pemText := string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
	for name, key := range map[string]string{
		"base64":            b64,
		"with whitespace":   "  " + b64[:40] + "\n" + b64[40:] + "\n",
		"PEM armour":        pemText,
		"PEM armour, CRLFs": strings.ReplaceAll(pemText, "\n", "\r\n"),
	} {
		got, err := IDFromKey(key)
		if err != nil || got != want {
			t.Errorf("%s: IDFromKey = %q, %v; want %q", name, got, err, want)
		}
		if !ValidChromeID(got) {
			t.Errorf("%s: %q is not a valid id", name, got)
		}
	}
	again, _ := IDFromKey(b64)
	if again != want {
		t.Error("IDFromKey is not deterministic")
	}
}

func TestIDFromKeyErrors(t *testing.T) {
	for _, key := range []string{"", "   ", "not base64!", "dGVzdA", "-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----"} {
		if id, err := IDFromKey(key); err == nil {
			t.Errorf("IDFromKey(%q) = %q, want an error", key, id)
		}
	}
}

func TestIDFromPath(t *testing.T) {
	a, b := IDFromPath("/home/me/ext"), IDFromPath("/home/me/ext2")
	if !ValidChromeID(a) || !ValidChromeID(b) || a == b || a != IDFromPath("/home/me/ext") {
		t.Errorf("IDFromPath: %q %q", a, b)
	}
	if a != independentID([]byte("/home/me/ext")) {
		t.Error("IDFromPath disagrees with the documented algorithm")
	}
}

func TestValidChromeID(t *testing.T) {
	for s, want := range map[string]bool{
		"abcdefghijklmnopabcdefghijklmnop":  true,
		"jpignaibiiemhngfjkcpokkamffknabf":  true,
		"abcdefghijklmnopabcdefghijklmno":   false, // 31
		"abcdefghijklmnopabcdefghijklmnopa": false, // 33
		"abcdefghijklmnopabcdefghijklmnoq":  false, // q
		"ABCDEFGHIJKLMNOPABCDEFGHIJKLMNOP":  false, // Chrome ids are lower case
		"0bcdefghijklmnopabcdefghijklmnop":  false,
		"":                                  false,
		"*":                                 false,
	} {
		if got := ValidChromeID(s); got != want {
			t.Errorf("ValidChromeID(%q) = %v, want %v", s, got, want)
		}
	}
}
