package manifest

import (
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strings"
)

// Chrome derives an extension's id from its public key, or, for an
// unpacked extension without a "key", from the path of its folder: SHA-256
// the bytes, keep the first 16 bytes (32 hex digits) and write each hex
// digit 0-f as a letter a-p. (crx_file::id_util::GenerateId; Chromium's
// tests pin GenerateId("test") == "jpignaibiiemhngfjkcpokkamffknabf".)
//
// Firefox instead takes the add-on id from browser_specific_settings.gecko.id
// (Manifest.GeckoID) and gives every extension a random UUID per browser
// profile for its origin, moz-extension://<uuid>/; the UUID is not derived
// from anything in the manifest, so it is the browser's to generate.

// idFromBytes is Chrome's GenerateId.
func idFromBytes(b []byte) string {
	sum := sha256.Sum256(b)
	id := make([]byte, 32)
	for i, c := range sum[:16] {
		id[2*i] = 'a' + c>>4
		id[2*i+1] = 'a' + c&0x0f
	}
	return string(id)
}

// IDFromKey returns the Chrome extension id for the manifest "key": the
// base64 encoding of a DER SubjectPublicKeyInfo. PEM armour
// ("-----BEGIN PUBLIC KEY-----") and whitespace are allowed around it, as
// Chrome allows. The key's structure is not checked, as Chrome does not
// check it either: the id is the hash of whatever bytes the text decodes to.
func IDFromKey(key string) (string, error) {
	der, err := decodeKey(key)
	if err != nil {
		return "", err
	}
	return idFromBytes(der), nil
}

func decodeKey(key string) ([]byte, error) {
	s := strings.TrimSpace(key)
	if strings.HasPrefix(s, "-----BEGIN") {
		// Drop the armour lines.
		var body []string
		for _, line := range strings.Split(s, "\n") {
			if line = strings.TrimSpace(line); !strings.HasPrefix(line, "-----") {
				body = append(body, line)
			}
		}
		s = strings.Join(body, "")
	}
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, s)
	if s == "" {
		return nil, errors.New("the key is empty")
	}
	der, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, errors.New("the key is not valid base64")
	}
	return der, nil
}

// IDFromPath returns the id Chrome gives an unpacked extension that has no
// "key": the same hash, of the bytes of the folder's absolute path. (Chrome
// on Windows hashes the UTF-16 path with an upper-case drive letter; this
// hashes the string as given, which is what Chrome does on Linux and macOS.)
func IDFromPath(absPath string) string { return idFromBytes([]byte(absPath)) }

// ValidChromeID reports whether s has the form of a Chrome extension id: 32
// letters from a to p. Chrome ids are always lower case; see
// externally_connectable for the one place Chrome also accepts upper case.
func ValidChromeID(s string) bool {
	if len(s) != 32 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'p' {
			return false
		}
	}
	return true
}

// validChromeIDFold is Chromium's crx_file::id_util::IdIsValid, which
// lower-cases before checking; externally_connectable.ids uses it.
func validChromeIDFold(s string) bool { return ValidChromeID(asciiLower(s)) }
