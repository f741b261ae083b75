// Package manifest parses and validates an extension's manifest.json for
// Manifest V2 and V3, as Chrome and Firefox read it, and provides the match
// patterns, globs and extension ids that go with it.
//
// Parse and Load never stop at the first problem: they return a Manifest
// filled in as far as possible and every Diagnostic, each with the file,
// the 1-based line and column of the offending value, a stable ID and a
// message naming the key path ("content_scripts[0].matches must be a
// non-empty list of strings"). A browser refuses an extension whose
// diagnostics contain an Error; Warnings are what browsers show as install
// warnings, or say nothing about.
//
// The diagnostics describe the manifest, not one browser. Where Chrome and
// Firefox disagree (Firefox MV3 runs background.scripts, Chrome MV3 needs
// background.service_worker; Firefox ignores externally_connectable; Chrome
// ignores browser_specific_settings), the manifest records what is written
// and the difference becomes a Warning with its own ID, so that the browser
// model can apply its profile. Keys of either browser are known keys.
//
// manifest.json is read as Chrome reads it: JSON plus // and /* */
// comments, with an optional byte order mark; trailing commas are a syntax
// error; when a key repeats the last value wins (with a warning). Columns
// count Unicode characters, not bytes, so they match what an editor shows.
package manifest

import "io/fs"

// Manifest is a parsed manifest.json. Zero values mean the key was absent;
// pointers are used where absent and zero differ.
type Manifest struct {
	// ManifestVersion is 2 or 3; 0 if missing or invalid (an Error).
	ManifestVersion int
	// Name is required. It may be a "__MSG_name__" placeholder, which the
	// browser localizes from _locales/; it is kept as written.
	Name string
	// Version is required: 1 to 4 dot-separated integers from 0 to 65535
	// without leading zeros (Chrome's rule).
	Version       string
	Description   string
	DefaultLocale string

	Background     *Background
	ContentScripts []ContentScript

	// Action is the MV3 "action" key; BrowserAction and PageAction are the
	// MV2 keys (Firefox also keeps page_action in MV3). Each records its
	// key in Action.Key. ToolbarAction picks the one a browser shows.
	Action        *Action
	BrowserAction *Action
	PageAction    *Action

	OptionsPage string
	OptionsUI   *OptionsUI
	// Icons maps a size ("16", "48", "128") to a file.
	Icons map[string]string

	// Permissions lists the API permissions ("storage", "tabs", ...), in
	// order. Host patterns are never here: in MV2 they are moved from
	// "permissions" to HostPermissions; in MV3 they belong in
	// "host_permissions" and are dropped from "permissions" with a warning.
	Permissions []string
	// HostPermissions are the valid host patterns of "host_permissions"
	// (MV3) or of "permissions" (MV2). Chrome ignores their paths; match
	// them with MatchesIgnoringPath.
	HostPermissions []*MatchPattern
	// OptionalPermissions and OptionalHostPermissions are the same split of
	// "optional_permissions" (and MV3 "optional_host_permissions").
	OptionalPermissions     []string
	OptionalHostPermissions []*MatchPattern
	// NativeMessaging reports whether Permissions has "nativeMessaging".
	NativeMessaging bool

	// ExternallyConnectable is nil when the key is absent, which in Chrome
	// lets every extension (and no web page) connect (rule C1).
	ExternallyConnectable *ExternallyConnectable

	// WebAccessibleResources is in MV3 form. An MV2 list of paths becomes
	// one entry with Matches <all_urls> and ExtensionIDs "*", which is what
	// MV2 means: any page and any extension may load them.
	WebAccessibleResources []WebAccessibleResource

	// Key is the base64 public key as written; see IDFromKey.
	Key string
	// GeckoID is browser_specific_settings.gecko.id (or the older
	// applications.gecko.id), the Firefox add-on id; "" if absent. Firefox
	// makes up a per-profile UUID for the extension's origin
	// (moz-extension://<uuid>/), which is the browser's to generate.
	GeckoID string

	// MessageSerialization is "json", "structured_clone", or "" when the
	// key is absent, which means "json" (rule F6). See UsesStructuredClone.
	MessageSerialization string
}

// Background is the "background" key.
type Background struct {
	// Scripts run in a generated background page (MV2) or event page
	// (Firefox MV3).
	Scripts []string
	// Page is an HTML background page.
	Page string
	// Persistent is nil when absent. In MV2 absent means persistent (true);
	// false makes an event page.
	Persistent *bool
	// ServiceWorker is the MV3 background service worker script (Chrome).
	ServiceWorker string
	// Type is "module", "classic" or "" (absent, which means classic).
	Type string
}

// IsModule reports whether the background scripts are ES modules.
func (b *Background) IsModule() bool { return b != nil && b.Type == "module" }

// RunAt says when a content script is injected.
type RunAt string

// The run_at values.
const (
	DocumentStart RunAt = "document_start"
	DocumentEnd   RunAt = "document_end"
	DocumentIdle  RunAt = "document_idle" // the default
)

// World is the JavaScript world a content script runs in.
type World string

// The world values.
const (
	Isolated World = "ISOLATED" // the default
	Main     World = "MAIN"
)

// ContentScript is one entry of "content_scripts". RunAt and World hold
// their defaults when absent.
type ContentScript struct {
	// Matches are the valid patterns of "matches" (required, non-empty).
	Matches        []*MatchPattern
	ExcludeMatches []*MatchPattern
	IncludeGlobs   []string
	ExcludeGlobs   []string
	JS             []string
	// CSS is recorded (and its files checked by Load) but extsim does not
	// apply style sheets.
	CSS                   []string
	AllFrames             bool
	MatchAboutBlank       bool
	MatchOriginAsFallback bool
	RunAt                 RunAt
	World                 World
}

// MatchesURL reports whether the script is injected into a document at url,
// by Chrome's rule (UserScript::MatchesURL): url matches one of Matches and
// none of ExcludeMatches, and, when there are IncludeGlobs, one of them,
// and none of ExcludeGlobs. Globs are matched against the whole URL, with
// MatchGlob. A script with no valid Matches matches nothing. Frames,
// about:blank and origin fallback (AllFrames, MatchAboutBlank,
// MatchOriginAsFallback) are for the caller, which knows the frame tree.
func (cs ContentScript) MatchesURL(url string) bool {
	if !anyPattern(cs.Matches, url) || anyPattern(cs.ExcludeMatches, url) {
		return false
	}
	if len(cs.IncludeGlobs) > 0 && !anyGlob(cs.IncludeGlobs, url) {
		return false
	}
	return !anyGlob(cs.ExcludeGlobs, url)
}

func anyPattern(ps []*MatchPattern, url string) bool {
	for _, p := range ps {
		if p.Matches(url) {
			return true
		}
	}
	return false
}

func anyGlob(gs []string, url string) bool {
	for _, g := range gs {
		if MatchGlob(g, url) {
			return true
		}
	}
	return false
}

// Action is "action", "browser_action" or "page_action".
type Action struct {
	// Key is the manifest key this came from: "action", "browser_action"
	// or "page_action".
	Key          string
	DefaultPopup string
	DefaultTitle string
	// DefaultIcon is set when default_icon is a single path; DefaultIcons
	// when it maps sizes to paths.
	DefaultIcon  string
	DefaultIcons map[string]string
}

// OptionsUI is "options_ui".
type OptionsUI struct {
	Page      string
	OpenInTab bool
}

// ExternallyConnectable is "externally_connectable" after Chrome's checks
// (rule C4): invalid patterns and ids are errors; wildcard-host and
// public-suffix patterns are dropped with warnings.
type ExternallyConnectable struct {
	// IDs lists the extension ids allowed to connect, as written; "*"
	// allows every extension. nil when "ids" is absent: then no extension
	// may connect (rule C2).
	IDs []string
	// Matches are the kept patterns of the web pages allowed to connect.
	Matches []*MatchPattern
	// AcceptsTLSChannelID is accepts_tls_channel_id (rule C7).
	AcceptsTLSChannelID bool
}

// AllowsID reports whether extension id may connect (rule C2): "*" is
// listed, or id is, exactly.
func (e *ExternallyConnectable) AllowsID(id string) bool {
	if e == nil {
		return false
	}
	for _, x := range e.IDs {
		if x == "*" || x == id {
			return true
		}
	}
	return false
}

// MatchesURL reports whether a web page at url may connect (rule C2).
func (e *ExternallyConnectable) MatchesURL(url string) bool {
	return e != nil && anyPattern(e.Matches, url)
}

// WebAccessibleResource is one MV3 web_accessible_resources entry.
type WebAccessibleResource struct {
	// Resources are paths, which may contain '*' wildcards.
	Resources []string
	// Matches are the origins of the pages that may load them.
	Matches []*MatchPattern
	// ExtensionIDs are the extensions that may load them; "*" is any.
	ExtensionIDs  []string
	UseDynamicURL bool
}

// ToolbarAction returns the action a browser shows in the toolbar: "action"
// in MV3, "browser_action" (or else "page_action") in MV2, or nil.
func (m *Manifest) ToolbarAction() *Action {
	if m.ManifestVersion == 3 {
		return m.Action
	}
	if m.BrowserAction != nil {
		return m.BrowserAction
	}
	return m.PageAction
}

// HasPermission reports whether name is one of the API Permissions.
func (m *Manifest) HasPermission(name string) bool {
	for _, p := range m.Permissions {
		if p == name {
			return true
		}
	}
	return false
}

// UsesStructuredClone reports whether the extension opted in to
// structured-clone messaging (rule F6).
func (m *Manifest) UsesStructuredClone() bool {
	return m.MessageSerialization == "structured_clone"
}

// ChromeID returns the id Chrome gives the extension: from Key when it is
// valid, otherwise from the absolute path of the unpacked folder.
func (m *Manifest) ChromeID(absPath string) string {
	if m.Key != "" {
		if id, err := IDFromKey(m.Key); err == nil {
			return id
		}
	}
	return IDFromPath(absPath)
}

// Parse parses manifest text. file names it in diagnostics (usually
// "manifest.json"). The Manifest is nil only when the text is not a JSON
// object; otherwise it holds everything that could be read, even when
// there are errors.
func Parse(data []byte, file string) (*Manifest, Diagnostics) {
	m, ds, _ := parse(data, file)
	return m, ds
}

// Load reads manifest.json from fsys (an unpacked extension folder, such
// as os.DirFS(dir) or an fstest.MapFS), parses it, and adds an Error for
// every file the manifest names that fsys does not have, naming the file
// and the key: background.scripts, background.page,
// background.service_worker, content_scripts js and css, the default_popup
// and default_icon of action, browser_action and page_action, options_page,
// options_ui.page and icons. Paths are relative to the folder (a leading
// "/" is allowed); a page's ?query or #fragment is ignored.
func Load(fsys fs.FS) (*Manifest, Diagnostics) {
	const file = "manifest.json"
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, Diagnostics{{Severity: Error, ID: IDMissingFile, File: file,
			Message: "Manifest file is missing or unreadable: " + err.Error()}}
	}
	m, ds, b := parse(data, file)
	if b != nil {
		for _, r := range b.refs {
			b.checkFile(fsys, r)
		}
		ds = b.ds
		ds.sortByPosition()
	}
	return m, ds
}
