package suite

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/extsim/extsim/browser/manifest"
)

// The fixed public keys written into chrome manifests as "key", so that
// extension ids are known before a browser loads the extension (Chrome
// derives the id from the key). They were generated for this harness and
// belong to no published extension.
const (
	selfKey  = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAxlLNQN0AoM7NKPNBL0iknzxnnqzt9SJqvP0dTmoC/sYZowXHHFzX1srMJ9xAE7wk2/ZZdGLktyQhuc3U0lnSCFGJe/8ZCKGIJM/prI34ovG6qHB0RKOtyhv74NMdWgZ0j9phfESVNpgMit/y33vr4TX5Telo5Dc/mAgy38lwRhsA1UABRAh29mp7EVX7ROwX0jkoo3SI3ypnst3FZNr/agl1QM0p2z633o4u2I50WlSOa16CN0R0Hy1EZDZ8PqFvfYb94m+lsQ09TI4ofGGHegvrRfBZtowTKdQrYk1+X7jAXfKhO/iOZ3gf80w0KBFGUVXWrmfadGi/ojBcNklJbQIDAQAB"
	otherKey = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAoZM48rKmIQudEUL6P7keAMklTbiCjkIi9jJ2cEpEUqe8Dt1VX7Q63HGtdXD28clwl/zpCRupHTRW3mszrKaLE1lusEvnC8Ut15DaKvlVQvF+O8us39WmAyM5NhiHDWC4wMAjgFmQrDJn72Jl8TOjDK/YX+weWbHVMZHEmXa8ICFR2ydUoHuqBisYBJ7/g7ib+yVSFY7/QqosGl6WIBKTcfyb7UyUGN3gQZjySpE2+qInoc0G0jAPLx6kX44cjYX7efyvair6lLSBOcF630NYxWH+rA0LDzAquAhWMgovhlFpO6+wEc44jx2Oct3OIb8QQzhf+zYbqQ5JX98fDLZlHQIDAQAB"
	// The gecko ids given to the two extensions under Firefox.
	selfGeckoID  = "self@conformance.extsim"
	otherGeckoID = "other@conformance.extsim"
	// loopbackHosts lets content scripts and pages of the page server match.
	loopbackHosts = "http://127.0.0.1/*"
)

// NewToken returns a fresh random token for one run of one case.
func NewToken() string {
	var b [12]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b[:])
}

// Prepare copies the case's extension(s) into a fresh folder under tmp,
// adapts their manifests to family and writes the shim, configured with
// token and baseURL. tmp must exist; the caller removes it.
func Prepare(c *Case, family, token, baseURL, tmp string) (*Prepared, error) {
	if family != "chrome" && family != "firefox" {
		return nil, fmt.Errorf("preparing %s: unknown family %q", c.Name, family)
	}
	p := &Prepared{Name: c.Name, Rules: c.Rules, Family: family, Token: token, BaseURL: baseURL, Limit: c.Limit}
	var err error
	if p.SelfID, err = extensionID(family, false); err != nil {
		return nil, err
	}
	if c.OtherDir != "" {
		if p.OtherID, err = extensionID(family, true); err != nil {
			return nil, err
		}
	}
	cfg := ShimConfig{Name: c.Name, Token: token, BaseURL: baseURL, Family: family, Self: p.SelfID, Other: p.OtherID}
	p.Dir = filepath.Join(tmp, c.Name+"-"+family)
	libs, err := readLibs(c.Libs)
	if err != nil {
		return nil, fmt.Errorf("preparing %s: %w", c.Name, err)
	}
	if err := prepareExtension(c.Dir, p.Dir, family, false, cfg, libs); err != nil {
		return nil, fmt.Errorf("preparing %s for %s: %w", c.Name, family, err)
	}
	if c.OtherDir != "" {
		p.OtherDir = filepath.Join(tmp, c.Name+"-"+family+"-other")
		cfg.InOther = true
		if err := prepareExtension(c.OtherDir, p.OtherDir, family, true, cfg, libs); err != nil {
			return nil, fmt.Errorf("preparing %s/other for %s: %w", c.Name, family, err)
		}
	}
	return p, nil
}

// libFile is a shared script read for one preparation.
type libFile struct {
	name   string
	source []byte
}

func readLibs(libs []Lib) ([]libFile, error) {
	var out []libFile
	for _, l := range libs {
		src, err := os.ReadFile(l.Path)
		if err != nil {
			return nil, fmt.Errorf("shared script: %w", err)
		}
		out = append(out, libFile{l.Name, src})
	}
	return out, nil
}

// libPrefix is where the shared scripts go in a prepared extension:
// lib/<name>, so that an extension page can load them itself.
const libPrefix = "lib/"

func extensionID(family string, other bool) (string, error) {
	if family == "firefox" {
		if other {
			return otherGeckoID, nil
		}
		return selfGeckoID, nil
	}
	key := selfKey
	if other {
		key = otherKey
	}
	id, err := manifest.IDFromKey(key)
	if err != nil {
		return "", fmt.Errorf("the harness's fixed key: %w", err)
	}
	return id, nil
}

// prepareExtension copies src to dst (skipping case.json, other/ and web/
// at the top), adapts the manifest and places the shim and the shared
// scripts: after the shim in every content script list and in the
// background script, and as lib/<name> for extension pages.
func prepareExtension(src, dst, family string, other bool, cfg ShimConfig, libs []libFile) error {
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		if d.IsDir() {
			if !other && (rel == "other" || rel == "web") {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if rel == "case.json" {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		return fmt.Errorf("copying: %w", err)
	}
	mfile := filepath.Join(dst, "manifest.json")
	data, err := os.ReadFile(mfile)
	if err != nil {
		return err
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		return fmt.Errorf("%s: %w", filepath.Join(src, "manifest.json"), err)
	}
	bgFile, err := AdaptManifest(m, family, other)
	if err != nil {
		return fmt.Errorf("%s: %w", filepath.Join(src, "manifest.json"), err)
	}
	if len(libs) > 0 {
		if err := os.MkdirAll(filepath.Join(dst, "lib"), 0o755); err != nil {
			return err
		}
		var names []any
		for _, l := range libs {
			names = append(names, libPrefix+l.name)
			if err := os.WriteFile(filepath.Join(dst, "lib", l.name), l.source, 0o644); err != nil {
				return err
			}
		}
		insertAfterShim(m, names)
	}
	out, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(mfile, out, 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dst, "shim.js"), []byte(Shim(cfg, false)), 0o644); err != nil {
		return err
	}
	if bgFile != "" {
		path := filepath.Join(dst, filepath.FromSlash(bgFile))
		src, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("the background script: %w", err)
		}
		var b strings.Builder
		b.WriteString(Shim(cfg, true) + "\n")
		for _, l := range libs {
			b.Write(l.source)
			b.WriteString("\n")
		}
		b.Write(src)
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// AdaptManifest changes a case's manifest (written as Chrome MV3) for
// family, as conformance/README.md describes, and returns the background
// script file the shim must be prepended to ("" when there is none).
func AdaptManifest(m map[string]any, family string, other bool) (string, error) {
	// Host permission for the loopback page server.
	key := "host_permissions"
	if v, _ := m["manifest_version"].(float64); v == 2 {
		key = "permissions"
	}
	hosts, _ := m[key].([]any)
	if !containsString(hosts, loopbackHosts) {
		m[key] = append(hosts, loopbackHosts)
	}
	// The shim goes first in every content script list.
	if css, ok := m["content_scripts"].([]any); ok {
		for i, cs := range css {
			entry, ok := cs.(map[string]any)
			if !ok {
				return "", fmt.Errorf("content_scripts[%d] is not an object", i)
			}
			if js, ok := entry["js"].([]any); ok && len(js) > 0 {
				entry["js"] = append([]any{"shim.js"}, js...)
			}
		}
	}
	bgFile := ""
	if bg, ok := m["background"].(map[string]any); ok {
		if sw, ok := bg["service_worker"].(string); ok {
			bgFile = sw
		} else if scripts, ok := bg["scripts"].([]any); ok && len(scripts) > 0 {
			bgFile, _ = scripts[0].(string)
		}
		if bgFile == "" {
			return "", fmt.Errorf("background has neither service_worker nor scripts")
		}
		if family == "firefox" {
			delete(bg, "service_worker")
			if _, ok := bg["scripts"]; !ok {
				bg["scripts"] = []any{bgFile}
			}
		}
	}
	id, _ := extensionID(family, other)
	switch family {
	case "chrome":
		delete(m, "browser_specific_settings")
		if other {
			m["key"] = otherKey
		} else {
			m["key"] = selfKey
		}
	case "firefox":
		delete(m, "key")
		bss, _ := m["browser_specific_settings"].(map[string]any)
		if bss == nil {
			bss = map[string]any{}
		}
		gecko, _ := bss["gecko"].(map[string]any)
		if gecko == nil {
			gecko = map[string]any{}
		}
		gecko["id"] = id
		bss["gecko"] = gecko
		m["browser_specific_settings"] = bss
	}
	return bgFile, nil
}

// insertAfterShim puts names right after "shim.js" in every content script
// list AdaptManifest gave the shim.
func insertAfterShim(m map[string]any, names []any) {
	css, _ := m["content_scripts"].([]any)
	for _, cs := range css {
		entry, _ := cs.(map[string]any)
		js, _ := entry["js"].([]any)
		if len(js) == 0 || js[0] != "shim.js" {
			continue
		}
		entry["js"] = append(append([]any{"shim.js"}, names...), js[1:]...)
	}
}

func containsString(list []any, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// ShimConfig is what the shim is told about the run.
type ShimConfig struct {
	Name    string `json:"name"`
	Token   string `json:"token"`
	BaseURL string `json:"baseURL"`
	Family  string `json:"family"`
	Self    string `json:"self"`
	Other   string `json:"other"`
	// InOther is set in the second extension's copy: its default context
	// labels start with "other:".
	InOther bool `json:"inOther"`
}

// Shim returns the shim's source configured with cfg; background selects
// the copy prepended to the background script (default label "bg").
func Shim(cfg ShimConfig, background bool) string {
	c := struct {
		ShimConfig
		Background bool `json:"background"`
	}{cfg, background}
	data, _ := json.Marshal(c) // plain strings and bools: cannot fail
	return strings.Replace(shimSource, "/*CONFIG*/null", string(data), 1)
}
