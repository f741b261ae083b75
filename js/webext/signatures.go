package webext

// The signature table: one declaration per implemented API function, from
// which the prelude checks arguments in both profiles and builds Chrome's
// signature text ("Error in invocation of tabs.connect(integer tabId,
// optional object connectInfo): ..."). The parameter names and types follow
// Chromium's JSON schemas (extensions/common/api/*.json and
// chrome/common/extensions/api/*.json); a choice of types is written
// "[integer|array]" as Chromium's api_signature.cc prints it. The
// spec confirms the texts of runtime.connect, runtime.sendMessage,
// tabs.connect and tabs.sendMessage (K1); the others are written from the
// schemas' parameter lists as extsim knows them (UNCONFIRMED against a
// running browser).

import (
	"encoding/json"
	"strings"
)

// param is one parameter of an API function.
type param struct {
	Name     string
	Types    []string // string, integer, number, boolean, object, array, function, any
	Optional bool
	// Min is the least value of an integer parameter (tabId >= 0, K3).
	Min *int
	// Props types an object parameter's properties ("string", "integer>=0",
	// "string|array"...; a trailing "!" marks a required one); Open allows properties not listed (checked only
	// by type), for schemas whose property list extsim does not mirror.
	Props map[string]string
	Open  bool
}

// signature is one API function: namespace.function and its parameters.
type signature struct {
	API    string
	Params []param
}

// Text is Chrome's signature string, as in "Error in invocation of <Text>: ...".
func (s signature) Text() string {
	parts := make([]string, len(s.Params))
	for i, p := range s.Params {
		t := p.Types[0]
		if len(p.Types) > 1 {
			t = "[" + strings.Join(p.Types, "|") + "]"
		}
		if p.Optional {
			t = "optional " + t
		}
		parts[i] = t + " " + p.Name
	}
	return s.API + "(" + strings.Join(parts, ", ") + ")"
}

func req(name string, types ...string) param { return param{Name: name, Types: types} }
func opt(name string, types ...string) param {
	return param{Name: name, Types: types, Optional: true}
}

// callback is the optional trailing callback of asynchronous functions.
var callback = opt("callback", "function")

func nonNegative(p param) param {
	zero := 0
	p.Min = &zero
	return p
}

func withProps(p param, open bool, props map[string]string) param {
	p.Props, p.Open = props, open
	return p
}

// signatures returns the table, keyed by "namespace.function" (storage
// areas' methods as "storage.get" etc., as Chrome names them).
func signatures() map[string]signature {
	tabID := nonNegative(req("tabId", "integer"))
	list := []signature{
		// runtime (K1, K4; FF-84)
		{"runtime.connect", []param{opt("extensionId", "string"),
			withProps(opt("connectInfo", "object"), false, map[string]string{"name": "string", "includeTlsChannelId": "boolean"})}},
		{"runtime.sendMessage", []param{opt("extensionId", "string"), req("message", "any"),
			withProps(opt("options", "object"), false, map[string]string{"includeTlsChannelId": "boolean"}), callback}},
		{"runtime.getURL", []param{req("path", "string")}},
		{"runtime.getManifest", nil},
		{"runtime.reload", nil},
		{"runtime.openOptionsPage", []param{callback}},
		{"runtime.getPlatformInfo", []param{callback}},
		// tabs (K3)
		{"tabs.connect", []param{tabID,
			withProps(opt("connectInfo", "object"), false, map[string]string{"name": "string", "frameId": "integer>=0", "documentId": "string"})}},
		{"tabs.sendMessage", []param{tabID, req("message", "any"),
			withProps(opt("options", "object"), false, map[string]string{"frameId": "integer>=0", "documentId": "string"}), callback}},
		{"tabs.query", []param{withProps(req("queryInfo", "object"), true, map[string]string{
			"active": "boolean", "currentWindow": "boolean", "lastFocusedWindow": "boolean", "pinned": "boolean",
			"discarded": "boolean", "windowId": "integer", "index": "integer", "status": "string", "title": "string",
			"url": "string|array"}), callback}},
		{"tabs.get", []param{req("tabId", "integer"), callback}},
		{"tabs.getCurrent", []param{callback}},
		{"tabs.create", []param{withProps(req("createProperties", "object"), true, map[string]string{
			"url": "string", "active": "boolean", "pinned": "boolean", "windowId": "integer", "index": "integer>=0"}), callback}},
		{"tabs.update", []param{opt("tabId", "integer"), withProps(req("updateProperties", "object"), true, map[string]string{
			"url": "string", "active": "boolean", "pinned": "boolean"}), callback}},
		{"tabs.remove", []param{req("tabIds", "integer", "array"), callback}},
		{"tabs.reload", []param{opt("tabId", "integer"), withProps(opt("reloadProperties", "object"), false, map[string]string{"bypassCache": "boolean"}), callback}},
		{"tabs.executeScript", []param{opt("tabId", "integer"), withProps(req("details", "object"), true, map[string]string{
			"file": "string", "code": "string", "allFrames": "boolean", "frameId": "integer>=0"}), callback}},
		{"scripting.executeScript", []param{req("injection", "object"), callback}},
		{"webNavigation.getAllFrames", []param{withProps(req("details", "object"), false, map[string]string{"tabId": "integer!"}), callback}},
		{"webNavigation.getFrame", []param{withProps(req("details", "object"), false, map[string]string{
			"tabId": "integer!", "frameId": "integer", "processId": "integer", "documentId": "string"}), callback}},
		{"extension.getURL", []param{req("path", "string")}},
		// getBackgroundPage always throws (prelude.js noBackgroundPage).
		{"extension.getBackgroundPage", []param{}},
		{"runtime.getBackgroundPage", []param{callback}},
		{"action.openPopup", []param{withProps(opt("options", "object"), false, map[string]string{"windowId": "integer"}), callback}},
		{"browserAction.openPopup", []param{withProps(opt("options", "object"), false, map[string]string{"windowId": "integer"}), callback}},
		// windows
		{"windows.get", []param{req("windowId", "integer"), withProps(opt("queryOptions", "object"), true, map[string]string{"populate": "boolean"}), callback}},
		{"windows.getCurrent", []param{withProps(opt("queryOptions", "object"), true, map[string]string{"populate": "boolean"}), callback}},
		{"windows.getLastFocused", []param{withProps(opt("queryOptions", "object"), true, map[string]string{"populate": "boolean"}), callback}},
		{"windows.getAll", []param{withProps(opt("queryOptions", "object"), true, map[string]string{"populate": "boolean"}), callback}},
		{"windows.create", []param{withProps(opt("createData", "object"), true, map[string]string{"url": "string|array", "focused": "boolean"}), callback}},
		{"windows.remove", []param{req("windowId", "integer"), callback}},
		// permissions
		{"permissions.contains", []param{withProps(req("permissions", "object"), false, map[string]string{"permissions": "array", "origins": "array"}), callback}},
		{"permissions.getAll", []param{callback}},
		// modules with their own argument parsing, declared here so that the
		// surface test knows them (alarms.js, i18n.js, storage.js).
		{"alarms.create", []param{opt("name", "string"), req("alarmInfo", "object"), callback}},
		{"alarms.get", []param{opt("name", "string"), callback}},
		{"alarms.getAll", []param{callback}},
		{"alarms.clear", []param{opt("name", "string"), callback}},
		{"alarms.clearAll", []param{callback}},
		{"i18n.getMessage", []param{req("messageName", "string"), opt("substitutions", "any"), opt("options", "object")}},
		{"i18n.getUILanguage", nil},
		{"i18n.getAcceptLanguages", []param{callback}},
		{"storage.get", []param{opt("keys", "string", "array", "object"), callback}},
		{"storage.getKeys", []param{callback}},
		{"storage.getBytesInUse", []param{opt("keys", "string", "array"), callback}},
		{"storage.set", []param{req("items", "object"), callback}},
		{"storage.remove", []param{req("keys", "string", "array"), callback}},
		{"storage.clear", []param{callback}},
		{"storage.setAccessLevel", []param{req("accessOptions", "object"), callback}},
	}
	m := make(map[string]signature, len(list))
	for _, s := range list {
		m[s.API] = s
	}
	return m
}

// signatureJSON encodes one declaration for the prelude, which parses it
// on first use: {"sig", "api", "params": [{"n", "t", "o", "min", "props",
// "open"}]}.
func signatureJSON(s signature) string {
	type jsParam struct {
		N     string            `json:"n"`
		T     []string          `json:"t"`
		O     bool              `json:"o"`
		Min   *int              `json:"min,omitempty"`
		Props map[string]string `json:"props,omitempty"`
		Open  bool              `json:"open"`
	}
	params := make([]jsParam, len(s.Params))
	for i, p := range s.Params {
		params[i] = jsParam{p.Name, p.Types, p.Optional, p.Min, p.Props, p.Open}
	}
	data, err := json.Marshal(map[string]any{"sig": s.Text(), "api": s.API, "params": params})
	if err != nil {
		panic(err) // only strings, bools and ints: cannot fail
	}
	return string(data)
}
