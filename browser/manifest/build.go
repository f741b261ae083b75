package manifest

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
)

// This file turns the JSON tree into a Manifest, one key at a time,
// collecting diagnostics instead of stopping at the first problem.

// fileRef is a file the manifest names.
type fileRef struct {
	key  string // key path, e.g. "content_scripts[0].js[1]"
	name string // as written
	page bool   // an HTML page, whose ?query and #fragment are dropped
	off  int
}

func (b *builder) checkFile(fsys fs.FS, r fileRef) {
	name := r.name
	if r.page {
		if i := strings.IndexAny(name, "?#"); i >= 0 {
			name = name[:i]
		}
	}
	name = strings.TrimLeft(name, "/")
	if name == "" {
		return
	}
	clean := path.Clean(name)
	if clean == ".." || strings.HasPrefix(clean, "../") {
		b.add(Error, IDMissingFile, r.off, "%s: file %q is outside the extension folder", r.key, r.name)
		return
	}
	fi, err := fs.Stat(fsys, clean)
	switch {
	case err != nil:
		b.add(Error, IDMissingFile, r.off, "%s: file %q does not exist", r.key, r.name)
	case fi.IsDir():
		b.add(Error, IDMissingFile, r.off, "%s: %q is a folder, not a file", r.key, r.name)
	}
}

// builder turns the JSON tree into a Manifest and diagnostics.
type builder struct {
	file  string
	lines *lineIndex
	ds    Diagnostics
	m     *Manifest
	mv    int // 2, 3, or 0 when unknown (then both forms are accepted)
	refs  []fileRef
	// allURLs: the externally_connectable.all_urls permission (rule C4).
	allURLs bool
}

func (b *builder) add(sev Severity, id string, off int, format string, args ...any) {
	line, col := b.lines.position(off)
	b.ds = append(b.ds, Diagnostic{Severity: sev, ID: id, File: b.file, Line: line, Col: col,
		Message: fmt.Sprintf(format, args...)})
}

func (b *builder) typeErr(v *value, path, want string) {
	b.add(Error, IDType, v.off, "%s must be %s", path, want)
}

func (b *builder) ref(key, name string, page bool, v *value) {
	b.refs = append(b.refs, fileRef{key: key, name: name, page: page, off: v.off})
}

func parse(data []byte, file string) (*Manifest, Diagnostics, *builder) {
	data = trimBOM(data)
	b := &builder{file: file, lines: newLineIndex(data)}
	root, dups, serr := parseJSON(data)
	if serr != nil {
		b.add(Error, IDSyntax, serr.off, "invalid JSON: %s", serr.msg)
		return nil, b.ds, nil
	}
	for _, d := range dups {
		b.add(Warning, IDDuplicateKey, d.off, "duplicate key %q: the last value wins", d.key)
	}
	if root.kind != kindObject {
		b.add(Error, IDType, root.off, "the manifest must be a JSON object, not %s", root.kind)
		b.ds.sortByPosition()
		return nil, b.ds, nil
	}
	b.m = &Manifest{}
	b.manifest(root)
	b.ds.sortByPosition()
	return b.m, b.ds, b
}

func trimBOM(data []byte) []byte {
	if len(data) >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF {
		return data[3:]
	}
	return data
}

func (b *builder) manifest(root *value) {
	m := b.m
	// Keys that others depend on come first.
	if v := root.get("manifest_version"); v == nil {
		b.add(Error, IDRequired, root.off, "manifest_version is required: it must be 2 or 3")
	} else if v.kind != kindNumber {
		b.typeErr(v, "manifest_version", "the number 2 or 3")
	} else if v.s != "2" && v.s != "3" {
		b.add(Error, IDValue, v.off, "manifest_version must be 2 or 3, not %s", v.s)
	} else {
		b.mv = int(v.s[0] - '0')
		m.ManifestVersion = b.mv
	}
	if v := root.get("permissions"); v != nil {
		m.Permissions, m.HostPermissions = b.permissions(v, "permissions")
		m.NativeMessaging = m.HasPermission("nativeMessaging")
		b.allURLs = m.HasPermission("externally_connectable.all_urls")
	}
	for _, mem := range root.members {
		b.member(mem)
	}
	if root.get("name") == nil {
		b.add(Error, IDRequired, root.off, "name is required")
	}
	if root.get("version") == nil {
		b.add(Error, IDRequired, root.off, "version is required")
	}
}

func (b *builder) member(mem member) {
	m, v, key := b.m, mem.val, mem.key
	switch key {
	case "manifest_version", "permissions":
		// Done first, in manifest().
	case "name":
		if s, ok := b.str(v, key); ok {
			if strings.TrimSpace(s) == "" {
				b.add(Error, IDValue, v.off, "name must not be empty")
			}
			m.Name = s
		}
	case "version":
		if s, ok := b.str(v, key); ok {
			if !validVersion(s) {
				b.add(Error, IDValue, v.off, "version %q is invalid: it must be 1 to 4 dot-separated integers from 0 to 65535, without leading zeros", s)
			} else {
				m.Version = s
			}
		}
	case "description":
		m.Description, _ = b.str(v, key)
	case "default_locale":
		m.DefaultLocale, _ = b.str(v, key)
	case "background":
		m.Background = b.background(v)
	case "content_scripts":
		b.contentScripts(v)
	case "action":
		if b.mv == 2 {
			b.add(Warning, IDManifestVersionKey, mem.keyOff, "'action' requires manifest version of at least 3.")
		}
		m.Action = b.action(v, key)
	case "browser_action", "page_action":
		if b.mv == 3 {
			b.add(Warning, IDManifestVersionKey, mem.keyOff, "'%s' requires manifest version of 2 or lower.", key)
		}
		if key == "browser_action" {
			m.BrowserAction = b.action(v, key)
		} else {
			m.PageAction = b.action(v, key)
		}
	case "options_page":
		if s, ok := b.str(v, key); ok {
			m.OptionsPage = s
			b.ref(key, s, true, v)
		}
	case "options_ui":
		m.OptionsUI = b.optionsUI(v)
	case "icons":
		m.Icons = b.icons(v, key)
	case "host_permissions", "optional_host_permissions":
		if b.mv == 2 {
			b.add(Warning, IDManifestVersionKey, mem.keyOff, "'%s' requires manifest version of at least 3.", key)
			return
		}
		hosts := b.hostPatterns(v, key)
		if key == "host_permissions" {
			m.HostPermissions = append(m.HostPermissions, hosts...)
		} else {
			m.OptionalHostPermissions = append(m.OptionalHostPermissions, hosts...)
		}
	case "optional_permissions":
		api, hosts := b.permissions(v, key)
		m.OptionalPermissions = api
		m.OptionalHostPermissions = append(m.OptionalHostPermissions, hosts...)
	case "externally_connectable":
		m.ExternallyConnectable = b.externallyConnectable(v)
	case "web_accessible_resources":
		m.WebAccessibleResources = b.webAccessibleResources(v)
	case "key":
		if s, ok := b.str(v, key); ok {
			if _, err := decodeKey(s); err != nil {
				b.add(Error, IDValue, v.off, "Invalid value for 'key': %v", err)
			} else {
				m.Key = s
			}
		}
	case "browser_specific_settings", "applications":
		b.geckoID(v, key)
	case "message_serialization":
		if v.kind != kindString {
			b.typeErr(v, key, `a string: "json" or "structured_clone"`)
		} else if v.s != "json" && v.s != "structured_clone" {
			b.add(Error, IDValue, v.off, `message_serialization must be "json" or "structured_clone", not %q`, v.s)
		} else {
			m.MessageSerialization = v.s
		}
	default:
		if !knownKey(key) {
			b.add(Warning, IDUnknownKey, mem.keyOff, "Unrecognized manifest key '%s'.", key)
		}
	}
}

// knownKey lists the top-level keys that Chrome or Firefox recognize but
// this package does not interpret, so that they draw no warning.
func knownKey(k string) bool {
	switch k {
	case "author", "automation", "chrome_settings_overrides", "chrome_url_overrides",
		"commands", "content_capabilities", "content_security_policy",
		"converted_from_user_script", "cross_origin_embedder_policy",
		"cross_origin_opener_policy", "current_locale", "declarative_net_request",
		"devtools_page", "differential_fingerprint", "event_rules", "export",
		"file_browser_handlers", "file_handlers", "file_system_provider_capabilities",
		"homepage_url", "import", "incognito", "input_components", "minimum_chrome_version",
		"nacl_modules", "oauth2", "offline_enabled", "omnibox", "platforms",
		"replacement_web_app", "requirements", "sandbox", "short_name", "side_panel",
		"storage", "system_indicator", "trial_tokens", "tts_engine", "update_url",
		"version_name", "web_authentication_proxy", "webview",
		// Firefox.
		"developer", "dictionaries", "experiment_apis", "hidden", "l10n_resources",
		"protocol_handlers", "sidebar_action", "theme", "theme_experiment", "user_scripts":
		return true
	}
	return false
}

// validVersion applies Chrome's rule for "version".
func validVersion(s string) bool {
	parts := strings.Split(s, ".")
	if len(parts) > 4 {
		return false
	}
	for _, p := range parts {
		if p == "" || len(p) > 5 || (len(p) > 1 && p[0] == '0') {
			return false
		}
		for _, c := range []byte(p) {
			if c < '0' || c > '9' {
				return false
			}
		}
		if n, _ := strconv.Atoi(p); n > 65535 {
			return false
		}
	}
	return true
}

func (b *builder) str(v *value, path string) (string, bool) {
	if v.kind != kindString {
		b.typeErr(v, path, "a string")
		return "", false
	}
	return v.s, true
}

func (b *builder) boolean(v *value, path string) bool {
	if v.kind != kindBool {
		b.typeErr(v, path, "a boolean")
		return false
	}
	return v.b
}

func (b *builder) object(v *value, path string) bool {
	if v.kind != kindObject {
		b.typeErr(v, path, "an object")
		return false
	}
	return true
}

// item is one string of a list, with its index and value (for positions).
type item struct {
	s string
	i int
	v *value
}

func texts(items []item) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.s)
	}
	return out
}

// strList reads a list of strings. Elements that are not strings are
// errors and left out of the result.
func (b *builder) strList(v *value, path string, nonEmpty bool) []item {
	want := "a list of strings"
	if nonEmpty {
		want = "a non-empty list of strings"
	}
	if v.kind != kindArray || (nonEmpty && len(v.elems) == 0) {
		b.typeErr(v, path, want)
		return nil
	}
	var out []item
	for i, el := range v.elems {
		if el.kind != kindString {
			b.typeErr(el, fmt.Sprintf("%s[%d]", path, i), "a string")
			continue
		}
		out = append(out, item{s: el.s, i: i, v: el})
	}
	return out
}

// patterns parses a list of match patterns; invalid ones are errors in
// Chrome's words ("Invalid value for 'content_scripts[0].matches[0]':
// Invalid scheme.") followed by the detail.
func (b *builder) patterns(v *value, path string, nonEmpty bool) []*MatchPattern {
	var out []*MatchPattern
	for _, el := range b.strList(v, path, nonEmpty) {
		p, err := ParseMatchPattern(el.s)
		if err != nil {
			var pe *PatternError
			if !errors.As(err, &pe) {
				pe = &PatternError{Reason: err.Error()}
			}
			b.add(Error, IDMatchPattern, el.v.off, "Invalid value for '%s[%d]': %s %s", path, el.i, pe.Reason, pe.Detail)
			continue
		}
		out = append(out, p)
	}
	return out
}

// isHostPattern tells host patterns from API permission names, as Chrome
// does: a permission with a scheme separator, or <all_urls>.
func isHostPattern(s string) bool {
	return s == AllURLs || strings.Contains(s, "://")
}

// permissions splits "permissions" or "optional_permissions" into API
// permissions and host patterns.
func (b *builder) permissions(v *value, path string) ([]string, []*MatchPattern) {
	var api []string
	var hosts []*MatchPattern
	for _, el := range b.strList(v, path, false) {
		switch {
		case !isHostPattern(el.s):
			api = append(api, el.s)
		case b.mv == 3:
			hostKey := "host_permissions"
			if path == "optional_permissions" {
				hostKey = "optional_host_permissions"
			}
			b.add(Warning, IDPermission, el.v.off, "%s[%d]: host pattern %q is ignored: in Manifest V3 it belongs in %s", path, el.i, el.s, hostKey)
		default:
			if p, err := ParseMatchPattern(el.s); err != nil {
				b.add(Warning, IDPermission, el.v.off, "Permission '%s' is unknown or URL pattern is malformed.", el.s)
			} else {
				hosts = append(hosts, p)
			}
		}
	}
	return api, hosts
}

func (b *builder) hostPatterns(v *value, path string) []*MatchPattern {
	var out []*MatchPattern
	for _, el := range b.strList(v, path, false) {
		if p, err := ParseMatchPattern(el.s); err != nil {
			b.add(Warning, IDPermission, el.v.off, "Permission '%s' is unknown or URL pattern is malformed.", el.s)
		} else {
			out = append(out, p)
		}
	}
	return out
}

func (b *builder) background(v *value) *Background {
	if !b.object(v, "background") {
		return nil
	}
	bg := &Background{}
	var scripts, page, sw, persistent *value
	for _, mem := range v.members {
		path := "background." + mem.key
		f := mem.val
		switch mem.key {
		case "scripts":
			scripts = f
			items := b.strList(f, path, false)
			bg.Scripts = texts(items)
			for _, it := range items {
				b.ref(fmt.Sprintf("%s[%d]", path, it.i), it.s, false, it.v)
			}
		case "page":
			if s, ok := b.str(f, path); ok {
				page = f
				bg.Page = s
				b.ref(path, s, true, f)
			}
		case "persistent":
			if f.kind != kindBool {
				b.typeErr(f, path, "a boolean")
			} else {
				persistent = f
				val := f.b
				bg.Persistent = &val
			}
		case "service_worker":
			if s, ok := b.str(f, path); ok {
				if s == "" {
					b.add(Error, IDValue, f.off, "background.service_worker must not be empty")
					break
				}
				sw = f
				bg.ServiceWorker = s
				b.ref(path, s, false, f)
			}
		case "type":
			if s, ok := b.str(f, path); ok {
				if s != "module" && s != "classic" {
					b.add(Error, IDValue, f.off, `background.type must be "module" or "classic", not %q`, s)
				} else {
					bg.Type = s
				}
			}
		}
	}
	if scripts != nil && page != nil {
		b.add(Error, IDValue, page.off, "background.page and background.scripts cannot both be used")
	}
	switch b.mv {
	case 3:
		if sw == nil && (scripts != nil || page != nil) {
			b.add(Warning, IDBackground, v.off, "Chrome needs background.service_worker in Manifest V3")
		}
		if persistent != nil {
			b.add(Warning, IDManifestVersionKey, persistent.off, "'background.persistent' requires manifest version of 2 or lower.")
		}
	case 2:
		if sw != nil {
			b.add(Warning, IDManifestVersionKey, sw.off, "'background.service_worker' requires manifest version of at least 3.")
		}
	}
	return bg
}

func (b *builder) contentScripts(v *value) {
	if v.kind != kindArray {
		b.typeErr(v, "content_scripts", "a list of objects")
		return
	}
	for i, el := range v.elems {
		path := fmt.Sprintf("content_scripts[%d]", i)
		if !b.object(el, path) {
			continue
		}
		cs := ContentScript{RunAt: DocumentIdle, World: Isolated}
		files := 0
		for _, mem := range el.members {
			p := path + "." + mem.key
			f := mem.val
			switch mem.key {
			case "matches":
				cs.Matches = b.patterns(f, p, true)
			case "exclude_matches":
				cs.ExcludeMatches = b.patterns(f, p, false)
			case "include_globs":
				cs.IncludeGlobs = texts(b.strList(f, p, false))
			case "exclude_globs":
				cs.ExcludeGlobs = texts(b.strList(f, p, false))
			case "js", "css":
				items := b.strList(f, p, false)
				for _, it := range items {
					b.ref(fmt.Sprintf("%s[%d]", p, it.i), it.s, false, it.v)
				}
				files += len(items)
				strs := texts(items)
				if mem.key == "js" {
					cs.JS = strs
				} else {
					cs.CSS = strs
				}
			case "all_frames":
				cs.AllFrames = b.boolean(f, p)
			case "match_about_blank":
				cs.MatchAboutBlank = b.boolean(f, p)
			case "match_origin_as_fallback":
				cs.MatchOriginAsFallback = b.boolean(f, p)
			case "run_at":
				if s, ok := b.str(f, p); ok {
					switch r := RunAt(s); r {
					case DocumentStart, DocumentEnd, DocumentIdle:
						cs.RunAt = r
					default:
						b.add(Error, IDValue, f.off, `%s must be "document_start", "document_end" or "document_idle", not %q`, p, s)
					}
				}
			case "world":
				if s, ok := b.str(f, p); ok {
					switch w := World(s); w {
					case Isolated, Main:
						cs.World = w
					default:
						b.add(Error, IDValue, f.off, `%s must be "ISOLATED" or "MAIN", not %q`, p, s)
					}
				}
			}
		}
		if el.get("matches") == nil {
			b.add(Error, IDRequired, el.off, "%s.matches must be a non-empty list of strings", path)
		}
		if files == 0 {
			b.add(Error, IDRequired, el.off, "At least one js or css file is required for '%s'.", path)
		}
		b.m.ContentScripts = append(b.m.ContentScripts, cs)
	}
}

func (b *builder) action(v *value, key string) *Action {
	if !b.object(v, key) {
		return nil
	}
	a := &Action{Key: key}
	for _, mem := range v.members {
		p := key + "." + mem.key
		f := mem.val
		switch mem.key {
		case "default_popup":
			if s, ok := b.str(f, p); ok {
				a.DefaultPopup = s
				b.ref(p, s, true, f)
			}
		case "default_title":
			a.DefaultTitle, _ = b.str(f, p)
		case "default_icon":
			if f.kind == kindString {
				a.DefaultIcon = f.s
				b.ref(p, f.s, false, f)
			} else if f.kind == kindObject {
				a.DefaultIcons = b.icons(f, p)
			} else {
				b.typeErr(f, p, "a string or an object mapping sizes to files")
			}
		}
	}
	return a
}

func (b *builder) icons(v *value, path string) map[string]string {
	if !b.object(v, path) {
		return nil
	}
	out := map[string]string{}
	for _, mem := range v.members {
		p := path + "." + mem.key
		if s, ok := b.str(mem.val, p); ok {
			out[mem.key] = s
			b.ref(p, s, false, mem.val)
		}
	}
	return out
}

func (b *builder) optionsUI(v *value) *OptionsUI {
	if !b.object(v, "options_ui") {
		return nil
	}
	o := &OptionsUI{}
	for _, mem := range v.members {
		p := "options_ui." + mem.key
		switch mem.key {
		case "page":
			if s, ok := b.str(mem.val, p); ok {
				o.Page = s
				b.ref(p, s, true, mem.val)
			}
		case "open_in_tab":
			o.OpenInTab = b.boolean(mem.val, p)
		}
	}
	if v.get("page") == nil {
		b.add(Error, IDRequired, v.off, "options_ui.page is required")
	}
	return o
}

// externallyConnectable applies Chromium's ExternallyConnectableInfo rules
// (C4), with Chrome's messages. Unlike Chrome, which stops at the first
// error, every problem is reported.
func (b *builder) externallyConnectable(v *value) *ExternallyConnectable {
	if !b.object(v, "externally_connectable") {
		return nil
	}
	ec := &ExternallyConnectable{}
	if f := v.get("ids"); f != nil {
		ec.IDs = []string{}
		for _, it := range b.strList(f, "externally_connectable.ids", false) {
			if it.s != "*" && !validChromeIDFold(it.s) {
				b.add(Error, IDExternallyConnectableID, it.v.off, "Invalid ID '%s'", it.s)
				continue
			}
			ec.IDs = append(ec.IDs, it.s)
		}
	}
	if f := v.get("matches"); f != nil {
		for _, it := range b.strList(f, "externally_connectable.matches", false) {
			el := it.v
			p, err := ParseMatchPattern(el.s)
			if err != nil {
				b.add(Error, IDExternallyConnectablePattern, el.off, "Invalid match pattern '%s'", el.s)
				continue
			}
			allHosts := p.allURLs || (p.host == "" && p.subdomains)
			switch {
			case b.allURLs && allHosts:
				// Kept: the extension has externally_connectable.all_urls.
			case p.host == "":
				b.add(Warning, IDExternallyConnectableWildcard, el.off, "Wildcard domain patterns such as \"%s\" are not allowed", el.s)
				continue
			case p.subdomains && isEffectiveTLD(p.host):
				b.add(Warning, IDExternallyConnectableETLD, el.off, "\"%s\" is an effective top level domain for which wildcard subdomains such as \"%s\" are not allowed", p.host, el.s)
				continue
			}
			ec.Matches = append(ec.Matches, p)
		}
	}
	if f := v.get("accepts_tls_channel_id"); f != nil {
		ec.AcceptsTLSChannelID = b.boolean(f, "externally_connectable.accepts_tls_channel_id")
	}
	if v.get("ids") == nil && v.get("matches") == nil {
		b.add(Warning, IDExternallyConnectableEmpty, v.off, "'externally_connectable' specifies neither 'matches' nor 'ids'; nothing will be able to connect")
	}
	return ec
}

func (b *builder) webAccessibleResources(v *value) []WebAccessibleResource {
	const key = "web_accessible_resources"
	if v.kind != kindArray {
		b.typeErr(v, key, "a list")
		return nil
	}
	var out []WebAccessibleResource
	var mv2 []string
	for i, el := range v.elems {
		path := fmt.Sprintf("%s[%d]", key, i)
		switch {
		case el.kind == kindString && b.mv != 3:
			mv2 = append(mv2, el.s)
		case el.kind == kindObject && b.mv != 2:
			out = append(out, b.webAccessibleEntry(el, path))
		case b.mv == 2:
			b.typeErr(el, path, "a string (a path) in Manifest V2")
		default:
			b.typeErr(el, path, "an object with resources and matches or extension_ids in Manifest V3")
		}
	}
	if len(mv2) > 0 {
		all := MustParseMatchPattern(AllURLs)
		out = append([]WebAccessibleResource{{Resources: mv2, Matches: []*MatchPattern{all}, ExtensionIDs: []string{"*"}}}, out...)
	}
	return out
}

func (b *builder) webAccessibleEntry(el *value, path string) WebAccessibleResource {
	var w WebAccessibleResource
	for _, mem := range el.members {
		p := path + "." + mem.key
		f := mem.val
		switch mem.key {
		case "resources":
			w.Resources = texts(b.strList(f, p, false))
		case "matches":
			w.Matches = b.patterns(f, p, false)
		case "extension_ids":
			for _, it := range b.strList(f, p, false) {
				if it.s != "*" && !ValidChromeID(it.s) {
					b.add(Error, IDValue, it.v.off, "%s[%d]: %q is not a valid extension id", p, it.i, it.s)
					continue
				}
				w.ExtensionIDs = append(w.ExtensionIDs, it.s)
			}
		case "use_dynamic_url":
			w.UseDynamicURL = b.boolean(f, p)
		}
	}
	if el.get("resources") == nil || (el.get("matches") == nil && el.get("extension_ids") == nil) {
		b.add(Error, IDRequired, el.off, "Invalid value for '%s'. Entry must at least have resources, and one other valid key.", path)
	}
	return w
}

// validGeckoID checks Firefox's add-on id format: an email-like id
// ([a-z0-9-._]*@[a-z0-9-._]+, any case) or a GUID in braces.
func validGeckoID(id string) bool {
	if len(id) == 38 && id[0] == '{' && id[37] == '}' {
		for i := 1; i < 37; i++ {
			c := id[i]
			if i == 9 || i == 14 || i == 19 || i == 24 {
				if c != '-' {
					return false
				}
			} else if !isHex(c) {
				return false
			}
		}
		return true
	}
	at := strings.IndexByte(id, '@')
	if at < 0 || at == len(id)-1 {
		return false
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; i != at && !(isAlnum(c) || c == '-' || c == '.' || c == '_') {
			return false
		}
	}
	return true
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func (b *builder) geckoID(v *value, key string) {
	if !b.object(v, key) {
		return
	}
	g := v.get("gecko")
	if g == nil || !b.object(g, key+".gecko") {
		return
	}
	f := g.get("id")
	if f == nil {
		return
	}
	id, ok := b.str(f, key+".gecko.id")
	if !ok {
		return
	}
	if !validGeckoID(id) {
		b.add(Warning, IDGeckoID, f.off, "%s.gecko.id %q is not a valid Firefox add-on id (an email-like id such as name@example.com, or a GUID in braces)", key, id)
	}
	// browser_specific_settings wins over the older applications key.
	if key == "browser_specific_settings" || b.m.GeckoID == "" {
		b.m.GeckoID = id
	}
}
