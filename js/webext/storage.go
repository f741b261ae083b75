package webext

// The storage API: chrome.storage / browser.storage with the local, sync,
// session and managed areas, storage.onChanged and each area's onChanged.
//
// storage.js validates arguments in each browser's grammar and hands every
// call to the natives here, which keep the values and answer with a task
// posted to the caller's queue (the call is asynchronous in both browsers).
//
// # Where values live
//
// An extension's areas are in the installer's sharedState (one browser), so
// every context of the extension (background, pages, content scripts) sees
// the same store, and it outlives a stopped service worker or event page.
// Keys are "storage:<extension id>:<area>" (a *storageArea) and
// "storage:<extension id>" (a *storageMeta: access levels, the sync write
// buckets, whether the background listens). A new installation under an
// already used id (Unload, then LoadExtension) starts with empty local,
// session and managed areas; sync is kept, as the sync server keeps it.
//
// # Values
//
// Chrome converts values as its bindings' V8ValueConverter does, then keeps
// them as JSON (storageChromeConv): undefined properties are dropped (at
// the top level of set too, and from get's defaults); functions, symbols,
// BigInts, NaN and ±Infinity are dropped from objects (null in arrays) and
// are an argument error as a top-level value of set ("Error at parameter
// 'items': Error at property 'k': Unserializable value."); null is kept;
// Dates, RegExps, Maps, Sets, Errors, typed arrays and host objects become
// {}, toJSON is not called, a cycle becomes null, -0 becomes 0, object keys
// come back sorted, lone surrogates become U+FFFD, and values nested deeper
// than 100 levels are dropped.
//
// Firefox keeps storage.local and storage.session as structured clones
// (IndexedDB and memory): Dates, Maps, Sets, undefined... survive and a
// function fails with "<Type> object could not be cloned.". Its
// storage.sync is structured-cloned to the parent and kept as JSON (Date
// becomes its ISO string); a value JSON cannot hold (a BigInt) fails with
// "An unexpected error occurred". The profile (lib.CHROME) picks the rules.
//
// # Quotas
//
// Sizes are counted as Chrome's quota enforcer counts them: the key's UTF-8
// length plus the value's JSON length (storageChromeSize follows
// base::JSONWriter: "<" is escaped as \u003C, integral doubles outside the
// int32 range get ".0"). Firefox's sync quota uses the plain JSON length.
// Chrome's storage.sync also limits writes per function (set, remove,
// clear) to 120 a minute and 1800 an hour, counted in virtual time with
// Chrome's fixed windows. storage.local's 10485760 bytes do not apply with
// the unlimitedStorage permission. The session quota and getBytesInUse use
// the same measure in both browsers (an approximation for Chrome's session
// memory accounting and Firefox's local and session areas).
//
// # Events
//
// A write that changes something posts, to every live context of the
// extension that may use the area (content scripts only where the access
// level allows), a task that fires storage.onChanged(changes, areaName) and
// then storage.<area>.onChanged(changes); the caller's own completion is
// posted after them. Chrome reports only keys whose value changed (a set to
// an equal value reports nothing); Firefox reports every key a set wrote
// (MDN, Firefox bug 1833153). When the background once added a storage
// change listener, the change also wakes it if it is stopped (Chrome's lazy
// listeners, Firefox's persistent events) and counts as activity for its
// idle timer, through Extension.DispatchEvent("storage.onChanged") (which
// the prelude ignores) followed by the delivery task.
//
// # Areas by context
//
// Both browsers require the "storage" permission; web pages never get the
// API. Chrome MV3 has storage.session; content scripts see it but every
// call fails with "Access to storage is not allowed from this context."
// until a trusted context calls storage.session.setAccessLevel with
// TRUSTED_AND_UNTRUSTED_CONTEXTS (setAccessLevel on local and sync
// restricts or opens them the same way; on managed it fails). Firefox has
// storage.session in extension contexts only and no setAccessLevel.
// storage.managed has no policy in extsim: Chrome answers it as an empty
// read-only store ("This is a read-only store."), Firefox fails every call
// with "Managed storage manifest not found".
//
// # Arguments
//
// Chrome's argument errors are TypeErrors "Error in invocation of
// storage.<method>(<signature>): <detail>" (the methods belong to the
// StorageArea type, so "storage.get", not "storage.local.get"), with
// "No matching signature." for arguments that fit no parameter and
// "Error at parameter 'keys': Value did not match any choice." for a key
// list holding a non-string. Firefox's are simplified to "Incorrect
// argument types for storage.<area>.<method>." for every shape error.
//
// # Not modelled, or unverified
//
// The quota texts are current Chromium's ("Resource::kQuotaBytesPerItem
// quota exceeded"; Chrome before 2021 said "QUOTA_BYTES_PER_ITEM quota
// exceeded"). Nested nulls are kept in Chrome (its "any" conversion may
// strip them from nested objects). Firefox keeps undefined values in
// storage.local. storage.onChanged fires before storage.<area>.onChanged in
// both browsers. storage.session is not cleared when an extension is
// disabled or reloaded (the module sees no such lifecycle event), and
// managed storage policies cannot be set.

import (
	_ "embed"
	"fmt"
	"slices"
	"time"

	"github.com/grafana/sobek"

	"github.com/extsim/extsim/browser"
	"github.com/extsim/extsim/js/jsvalue"
	"github.com/extsim/extsim/router"
	"github.com/extsim/extsim/router/serial"
)

//go:embed storage.js
var storageSource string

// storageModule is chrome.storage / browser.storage.
func storageModule() *module {
	return &module{name: "storage", source: storageSource, natives: storageNatives}
}

// The browsers' error texts.
const (
	errStorageAccess         = "Access to storage is not allowed from this context."
	errStorageReadOnly       = "This is a read-only store."
	errStorageNoAccessLevel  = "This StorageArea is not available for setting access level"
	errStorageLevelContext   = "Context cannot set the storage access level"
	errStorageUnserializable = "Unserializable value."
	errStorageNoChoice       = "Value did not match any choice."
	errStorageSession        = "Session storage quota bytes exceeded. Values were not stored."
	errFirefoxQuota          = "QuotaExceededError: storage.sync API call exceeded its quota limitations."
	errFirefoxManaged        = "Managed storage manifest not found"
	errFirefoxUnexpected     = "An unexpected error occurred"
)

// Chrome's storage.json constants.
const (
	storageSyncQuotaBytes        = 102400
	storageSyncQuotaBytesPerItem = 8192
	storageSyncMaxItems          = 512
	storageSyncWritesPerHour     = 1800
	storageSyncWritesPerMinute   = 120
	storageSyncSustainedWrites   = 1000000
	storageLocalQuotaBytes       = 10485760
	storageSessionQuotaBytes     = 10485760
)

// Access levels (chrome.storage.AccessLevel).
const (
	storageTrusted   = "TRUSTED_CONTEXTS"
	storageUntrusted = "TRUSTED_AND_UNTRUSTED_CONTEXTS"
)

// storageFormat is how an area keeps values.
type storageFormat uint8

const (
	storageChrome      storageFormat = iota // V8ValueConverter, then JSON
	storageClone                            // Firefox: structured clone
	storageFirefoxJSON                      // Firefox sync: structured clone, then JSON
)

// storageRules is how one browser runs one area.
type storageRules struct {
	format storageFormat
	// Limits; 0 means none.
	quotaBytes, quotaPerItem, maxItems int
	// Errors for the three limits.
	errBytes, errPerItem, errItems string
	// rateLimited: Chrome's sync write operations quota.
	rateLimited bool
	// readOnly fails writes with this text; failAll fails every call.
	readOnly, failAll string
	// allChanges: a set reports every key it wrote (Firefox).
	allChanges bool
	// untrusted: content scripts may use the area by default; noContent:
	// never (not exposed to them).
	untrusted, noContent bool
	// levels: setAccessLevel works on the area.
	levels bool
	// constants are the area's properties (Chrome only).
	constants map[string]int
}

func storageRulesFor(chrome bool, area string, unlimited bool) *storageRules {
	if chrome {
		r := &storageRules{format: storageChrome, untrusted: true, levels: true,
			errBytes: "Resource::kQuotaBytes quota exceeded", errPerItem: "Resource::kQuotaBytesPerItem quota exceeded",
			errItems: "Resource::kMaxItems quota exceeded"}
		switch area {
		case "local":
			r.constants = map[string]int{"QUOTA_BYTES": storageLocalQuotaBytes}
			if !unlimited {
				r.quotaBytes = storageLocalQuotaBytes
			}
		case "sync":
			r.quotaBytes, r.quotaPerItem, r.maxItems = storageSyncQuotaBytes, storageSyncQuotaBytesPerItem, storageSyncMaxItems
			r.rateLimited = true
			r.constants = map[string]int{
				"QUOTA_BYTES": storageSyncQuotaBytes, "QUOTA_BYTES_PER_ITEM": storageSyncQuotaBytesPerItem,
				"MAX_ITEMS": storageSyncMaxItems, "MAX_WRITE_OPERATIONS_PER_HOUR": storageSyncWritesPerHour,
				"MAX_WRITE_OPERATIONS_PER_MINUTE":           storageSyncWritesPerMinute,
				"MAX_SUSTAINED_WRITE_OPERATIONS_PER_MINUTE": storageSyncSustainedWrites,
			}
		case "session":
			r.quotaBytes, r.errBytes = storageSessionQuotaBytes, errStorageSession
			r.untrusted = false
			r.constants = map[string]int{"QUOTA_BYTES": storageSessionQuotaBytes}
		case "managed":
			r.readOnly, r.levels = errStorageReadOnly, false
		}
		return r
	}
	r := &storageRules{format: storageClone, allChanges: true, untrusted: true}
	switch area {
	case "sync":
		r.format = storageFirefoxJSON
		r.quotaBytes, r.quotaPerItem, r.maxItems = storageSyncQuotaBytes, storageSyncQuotaBytesPerItem, storageSyncMaxItems
		r.errBytes, r.errPerItem, r.errItems = errFirefoxQuota, errFirefoxQuota, errFirefoxQuota
	case "session":
		r.untrusted, r.noContent = false, true
	case "managed":
		r.failAll = errFirefoxManaged
	}
	return r
}

// storageArea is one extension's values in one area.
type storageArea struct {
	items map[string]serial.Value
	sizes map[string]int // key length + JSON length, for quotas
	total int            // the sum of sizes
}

// storageMeta is one extension's storage state beyond the values.
type storageMeta struct {
	ext *browser.Extension // the installation the areas belong to
	// access holds the levels set by setAccessLevel (area -> untrusted ok).
	access map[string]bool
	// buckets are Chrome's write-operation quota buckets for sync, by
	// function and limit.
	buckets map[string]*storageBucket
	// listening: the background added a storage change listener.
	listening bool
}

// storageBucket is one QuotaService::TimedLimit bucket: a fixed window
// that starts at the first write after the previous one expired.
type storageBucket struct {
	tokens  int
	expires time.Duration
	started bool
}

// storageHost is one realm's view of the API.
type storageHost struct {
	a      *api
	shared *sharedState
	ext    *browser.Extension
	chrome bool
	rules  map[string]*storageRules
}

// storageAreas names the areas.
func storageAreas() []string { return []string{"sync", "local", "managed", "session"} }

func storageNatives(a *api, x *sobek.Object, shared *sharedState) {
	c := a.r.Ctx
	e := c.Extension
	rt := a.r.RT
	set := func(name string, v any) {
		if err := x.Set(name, v); err != nil {
			panic(err)
		}
	}
	enabled := e != nil && c.Kind != router.KindWebPage && e.Manifest.HasPermission("storage")
	set("enabled", enabled)
	if !enabled {
		return
	}
	h := &storageHost{a: a, shared: shared, ext: e, chrome: a.chrome, rules: map[string]*storageRules{}}
	unlimited := e.Manifest.HasPermission("unlimitedStorage")
	constants := rt.NewObject()
	for _, area := range storageAreas() {
		r := storageRulesFor(h.chrome, area, unlimited)
		h.rules[area] = r
		if len(r.constants) > 0 {
			o := rt.NewObject()
			names := make([]string, 0, len(r.constants))
			for k := range r.constants {
				names = append(names, k)
			}
			slices.Sort(names)
			for _, k := range names {
				if err := o.Set(k, r.constants[k]); err != nil {
					panic(err)
				}
			}
			if err := constants.Set(area, o); err != nil {
				panic(err)
			}
		}
	}
	set("constants", constants)
	set("op", func(call sobek.FunctionCall) sobek.Value {
		return h.op(call.Argument(0).ToInteger(), call.Argument(1).String(), call.Argument(2).String(), call.Argument(3))
	})
	set("listen", func(sobek.FunctionCall) sobek.Value {
		if c == e.Background() {
			h.meta().listening = true
			// The change event reaches the background (and wakes it) only
			// for a listener (browser.Options.LazyListeners).
			e.SetListening(c, "storage.onChanged", true)
		}
		return sobek.Undefined()
	})
}

// meta returns the extension's storage state, starting afresh for a new
// installation under the same id.
func (h *storageHost) meta() *storageMeta {
	key := "storage:" + h.ext.ID
	m, _ := h.shared.values[key].(*storageMeta)
	if m != nil && (m.ext == h.ext || h.a.b.ExtensionByID(h.ext.ID) != h.ext) {
		return m
	}
	if m != nil {
		for _, area := range storageAreas() {
			if area != "sync" {
				delete(h.shared.values, key+":"+area)
			}
		}
	}
	m = &storageMeta{ext: h.ext, access: map[string]bool{}, buckets: map[string]*storageBucket{}}
	h.shared.values[key] = m
	return m
}

// area returns the extension's values in area.
func (h *storageHost) area(area string) *storageArea {
	h.meta()
	key := "storage:" + h.ext.ID + ":" + area
	s, _ := h.shared.values[key].(*storageArea)
	if s == nil {
		s = &storageArea{items: map[string]serial.Value{}, sizes: map[string]int{}}
		h.shared.values[key] = s
	}
	return s
}

// untrusted reports whether content scripts may use area.
func (h *storageHost) untrusted(area string) bool {
	r := h.rules[area]
	if r == nil || r.noContent {
		return false
	}
	if v, ok := h.meta().access[area]; ok {
		return v
	}
	return r.untrusted
}

// storageResult is what a call answers: a value or an error (both
// delivered by a task), or an argument error thrown by the call itself.
type storageResult struct {
	value serial.Value
	err   string
	throw string
}

func storageFailed(msg string) storageResult { return storageResult{err: msg} }

// op runs one call. It returns the text of an argument error to throw
// (Chrome's "Error at parameter ..." detail), or undefined after posting
// the answer to the caller's queue.
func (h *storageHost) op(id int64, op, area string, arg sobek.Value) sobek.Value {
	if h.a.r.Ctx.Invalidated() {
		// An orphaned content script (its extension was disabled).
		h.a.throwText(h.a.b.Profile().Router.Message(router.CodeContextInvalidated))
	}
	rules := h.rules[area]
	var res storageResult
	switch {
	case rules == nil:
		res = storageFailed(errFirefoxUnexpected)
	case op == "set":
		res = h.set(area, rules, arg)
	case op == "remove":
		res = h.remove(area, rules, arg)
	case op == "clear":
		res = h.clear(area, rules)
	case op == "get":
		res = h.get(area, rules, arg)
	case op == "getKeys":
		res = h.getKeys(area, rules)
	case op == "getBytesInUse":
		res = h.getBytesInUse(area, rules, arg)
	case op == "setAccessLevel":
		res = h.setAccessLevel(area, rules, arg.String())
	default:
		res = storageFailed(errFirefoxUnexpected)
	}
	if res.throw != "" {
		return h.a.r.RT.ToValue(res.throw)
	}
	h.answer(id, res)
	return sobek.Undefined()
}

// answer posts the result to the caller's queue.
func (h *storageHost) answer(id int64, res storageResult) {
	r := h.a.r
	r.Ctx.Queue.Post(func() {
		if r.Dead() {
			return
		}
		fn, ok := storageHook(h.a, "done")
		if !ok {
			return
		}
		rt := r.RT
		errV, val := sobek.Null(), sobek.Undefined()
		if res.err != "" {
			errV = rt.ToValue(res.err)
		} else if res.value != nil {
			val = jsvalue.FromSerial(rt, res.value)
		}
		_, _ = r.Call(fn, sobek.Undefined(), rt.ToValue(id), errV, val)
	})
}

// storageHook returns a function the module's JavaScript returned.
func storageHook(a *api, name string) (sobek.Callable, bool) {
	o := a.moduleHooks["storage"]
	if o == nil {
		return nil, false
	}
	return sobek.AssertFunction(o.Get(name))
}

// admitRead checks what every call checks: the area's own failure and the
// access level.
func (h *storageHost) admitRead(area string, rules *storageRules) string {
	if rules.failAll != "" {
		return rules.failAll
	}
	if h.a.r.Ctx.Kind == router.KindContentScript && !h.untrusted(area) {
		return errStorageAccess
	}
	return ""
}

// admitWrite adds the write checks, in Chrome's order: the write quota
// (assessed before the function runs), the access level, read-only areas.
func (h *storageHost) admitWrite(op, area string, rules *storageRules) string {
	if rules.rateLimited {
		if msg := h.meta().spend(op, h.a.b.Sched.Elapsed()); msg != "" {
			return msg
		}
	}
	if msg := h.admitRead(area, rules); msg != "" {
		return msg
	}
	return rules.readOnly
}

// spend takes one token from each of op's write buckets (per minute, then
// per hour), as Chrome's QuotaService does.
func (m *storageMeta) spend(op string, now time.Duration) string {
	for _, l := range []struct {
		name  string
		n     int
		every time.Duration
	}{
		{"MAX_WRITE_OPERATIONS_PER_MINUTE", storageSyncWritesPerMinute, time.Minute},
		{"MAX_WRITE_OPERATIONS_PER_HOUR", storageSyncWritesPerHour, time.Hour},
	} {
		key := op + " " + l.name
		b := m.buckets[key]
		if b == nil {
			b = &storageBucket{}
			m.buckets[key] = b
		}
		if !b.started || now > b.expires {
			b.tokens, b.expires, b.started = l.n, now+l.every, true
		}
		b.tokens--
		if b.tokens < 0 {
			return "This request exceeds the " + l.name + " quota."
		}
	}
	return ""
}

// storageItem is one converted value to store.
type storageItem struct {
	key   string
	value serial.Value
	size  int
}

// convert converts one value for storing: ok false means the value is
// absent (dropped); throw is Chrome's argument error detail, err a
// failure the call reports.
func (h *storageHost) convert(rules *storageRules, v serial.Value) (out serial.Value, ok bool, throw, err string) {
	switch rules.format {
	case storageChrome:
		if _, isUndef := v.(serial.Undefined); isUndef || v == nil {
			return nil, false, "", ""
		}
		if _, isNull := v.(serial.Null); isNull {
			return serial.Null{}, true, "", ""
		}
		var c storageChromeConv
		out, ok = c.value(v, 1)
		if !ok {
			return nil, false, errStorageUnserializable, ""
		}
		return out, true, "", ""
	default:
		m, e := serial.Serialize(serial.StructuredClone, v, 0)
		if e != nil {
			return nil, false, "", storageCloneError(e)
		}
		if rules.format == storageClone {
			return m.Value, true, "", ""
		}
		if _, isUndef := m.Value.(serial.Undefined); isUndef {
			return nil, false, "", ""
		}
		j, e := serial.Serialize(serial.JSON, m.Value, 0)
		if e != nil {
			return nil, false, "", errFirefoxUnexpected
		}
		return j.Value, true, "", ""
	}
}

func storageCloneError(err error) string {
	if se, ok := err.(*serial.SerializeError); ok && se.Reason == serial.NotCloneable {
		return fmt.Sprintf("%s object could not be cloned.", se.Type)
	}
	return errFirefoxUnexpected
}

// size is what one item counts against the quotas.
func (h *storageHost) size(rules *storageRules, key string, v serial.Value) int {
	if rules.format == storageChrome {
		return len(key) + storageChromeSize(v)
	}
	return len(key) + len(serial.EncodeJSON(v))
}

// toSerial reads an argument (already validated by storage.js) without
// calling toJSON methods.
func (h *storageHost) toSerial(v sobek.Value) serial.Value {
	sv, err := jsvalue.ToSerial(h.a.r.RT, v, serial.StructuredClone)
	if err != nil {
		if ex, ok := err.(*sobek.Exception); ok {
			panic(ex)
		}
		h.a.throwText(err.Error())
	}
	return sv
}

// storageKeys returns the keys a string or an array of strings names.
func storageKeys(v serial.Value) []string {
	switch t := v.(type) {
	case serial.String:
		return []string{string(t)}
	case *serial.Array:
		var keys []string
		for _, e := range t.Elems {
			if s, ok := e.(serial.String); ok {
				keys = append(keys, string(s))
			}
		}
		return keys
	}
	return nil
}

// storageChange is one key's change.
type storageChange struct {
	key              string
	oldValue, value  serial.Value
	hadOld, hasValue bool
}

func (h *storageHost) set(area string, rules *storageRules, arg sobek.Value) storageResult {
	obj, _ := h.toSerial(arg).(*serial.Object)
	var items []storageItem
	if obj != nil {
		for _, p := range obj.Props {
			key := p.Key
			if rules.format == storageChrome {
				key = storageChromeString(key)
			}
			v, ok, throw, err := h.convert(rules, p.Value)
			if throw != "" {
				return storageResult{throw: "Error at parameter 'items': Error at property '" + p.Key + "': " + throw}
			}
			if err != "" {
				return storageFailed(err)
			}
			if ok {
				items = append(items, storageItem{key: key, value: v, size: h.size(rules, key, v)})
			}
		}
	}
	if msg := h.admitWrite("set", area, rules); msg != "" {
		return storageFailed(msg)
	}
	s := h.area(area)
	if msg := storageCheckQuota(rules, s, items); msg != "" {
		return storageFailed(msg)
	}
	var changes []storageChange
	for _, it := range items {
		old, had := s.items[it.key]
		if !had || rules.allChanges || !serial.Equal(old, it.value) {
			changes = append(changes, storageChange{key: it.key, oldValue: old, hadOld: had, value: it.value, hasValue: true})
		}
		s.total += it.size - s.sizes[it.key]
		s.items[it.key] = it.value
		s.sizes[it.key] = it.size
	}
	h.notify(area, rules, changes)
	return storageResult{}
}

// storageCheckQuota checks a set against the area's limits: each item, then the
// total, then the number of items, as Chrome's quota enforcer does.
func storageCheckQuota(rules *storageRules, s *storageArea, items []storageItem) string {
	if rules.quotaBytes == 0 && rules.quotaPerItem == 0 && rules.maxItems == 0 {
		return ""
	}
	total, count := s.total, len(s.sizes)
	for _, it := range items {
		if rules.quotaPerItem > 0 && it.size > rules.quotaPerItem {
			return rules.errPerItem
		}
		if old, ok := s.sizes[it.key]; ok {
			total -= old
		} else {
			count++
		}
		total += it.size
	}
	if rules.quotaBytes > 0 && total > rules.quotaBytes {
		return rules.errBytes
	}
	if rules.maxItems > 0 && count > rules.maxItems {
		return rules.errItems
	}
	return ""
}

func (h *storageHost) remove(area string, rules *storageRules, arg sobek.Value) storageResult {
	keys := storageKeys(h.toSerial(arg))
	if msg := h.admitWrite("remove", area, rules); msg != "" {
		return storageFailed(msg)
	}
	s := h.area(area)
	var changes []storageChange
	for _, k := range keys {
		if rules.format == storageChrome {
			k = storageChromeString(k)
		}
		if old, had := s.items[k]; had {
			changes = append(changes, storageChange{key: k, oldValue: old, hadOld: true})
			s.total -= s.sizes[k]
			delete(s.items, k)
			delete(s.sizes, k)
		}
	}
	h.notify(area, rules, changes)
	return storageResult{}
}

func (h *storageHost) clear(area string, rules *storageRules) storageResult {
	if msg := h.admitWrite("clear", area, rules); msg != "" {
		return storageFailed(msg)
	}
	s := h.area(area)
	var changes []storageChange
	for _, k := range storageSortedKeys(s.items) {
		changes = append(changes, storageChange{key: k, oldValue: s.items[k], hadOld: true})
	}
	clear(s.items)
	clear(s.sizes)
	s.total = 0
	h.notify(area, rules, changes)
	return storageResult{}
}

func storageSortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func (h *storageHost) get(area string, rules *storageRules, arg sobek.Value) storageResult {
	req := h.toSerial(arg)
	// The defaults are converted like stored values, first: Chrome parses
	// them as an argument (a bad one matches no choice of keys).
	var defaults []storageItem
	obj, isObj := req.(*serial.Object)
	if isObj {
		for _, p := range obj.Props {
			key := p.Key
			if rules.format == storageChrome {
				key = storageChromeString(key)
			}
			var v serial.Value
			if rules.format == storageChrome {
				var ok bool
				var throw string
				v, ok, throw, _ = h.convert(rules, p.Value)
				if throw != "" {
					return storageResult{throw: "Error at parameter 'keys': " + errStorageNoChoice}
				}
				if !ok {
					continue
				}
			} else {
				m, err := serial.Serialize(serial.StructuredClone, p.Value, 0)
				if err != nil {
					return storageFailed(storageCloneError(err))
				}
				v = m.Value
			}
			defaults = append(defaults, storageItem{key: key, value: v})
		}
	}
	if msg := h.admitRead(area, rules); msg != "" {
		return storageFailed(msg)
	}
	s := h.area(area)
	out := &serial.Object{}
	add := func(k string, v serial.Value) { out.Props = append(out.Props, serial.Prop{Key: k, Value: v}) }
	switch {
	case isObj && rules.format == storageChrome:
		// Chrome merges the stored values into the defaults; its
		// dictionaries are sorted.
		merged := map[string]serial.Value{}
		for _, d := range defaults {
			merged[d.key] = d.value
		}
		for _, d := range defaults {
			if v, ok := s.items[d.key]; ok {
				merged[d.key] = v
			}
		}
		for _, k := range storageSortedKeys(merged) {
			add(k, merged[k])
		}
	case isObj:
		for _, d := range defaults {
			if v, ok := s.items[d.key]; ok {
				add(d.key, v)
			} else {
				add(d.key, d.value)
			}
		}
	case req == nil || storageNullish(req):
		for _, k := range storageSortedKeys(s.items) {
			add(k, s.items[k])
		}
	default:
		keys := storageKeys(req)
		if rules.format == storageChrome {
			for i, k := range keys {
				keys[i] = storageChromeString(k)
			}
			slices.Sort(keys)
			keys = slices.Compact(keys)
		}
		seen := map[string]bool{}
		for _, k := range keys {
			if v, ok := s.items[k]; ok && !seen[k] {
				seen[k] = true
				add(k, v)
			}
		}
	}
	return storageResult{value: out}
}

func storageNullish(v serial.Value) bool {
	switch v.(type) {
	case serial.Null, serial.Undefined:
		return true
	}
	return false
}

func (h *storageHost) getKeys(area string, rules *storageRules) storageResult {
	if msg := h.admitRead(area, rules); msg != "" {
		return storageFailed(msg)
	}
	arr := &serial.Array{}
	for _, k := range storageSortedKeys(h.area(area).items) {
		arr.Elems = append(arr.Elems, serial.String(k))
	}
	return storageResult{value: arr}
}

func (h *storageHost) getBytesInUse(area string, rules *storageRules, arg sobek.Value) storageResult {
	req := h.toSerial(arg)
	if msg := h.admitRead(area, rules); msg != "" {
		return storageFailed(msg)
	}
	s := h.area(area)
	n := 0
	if storageNullish(req) {
		n = s.total
	} else {
		for _, k := range storageKeys(req) {
			if rules.format == storageChrome {
				k = storageChromeString(k)
			}
			n += s.sizes[k]
		}
	}
	return storageResult{value: serial.Number(n)}
}

func (h *storageHost) setAccessLevel(area string, rules *storageRules, level string) storageResult {
	if msg := h.admitRead(area, rules); msg != "" {
		return storageFailed(msg)
	}
	if !rules.levels {
		return storageFailed(errStorageNoAccessLevel)
	}
	if h.a.r.Ctx.Kind == router.KindContentScript {
		return storageFailed(errStorageLevelContext)
	}
	h.meta().access[area] = level == storageUntrusted
	return storageResult{}
}

// notify delivers changes to every context of the extension that may see
// area, after waking the background if it listens.
func (h *storageHost) notify(area string, rules *storageRules, changes []storageChange) {
	if len(changes) == 0 {
		return
	}
	if rules.format == storageChrome {
		slices.SortFunc(changes, func(x, y storageChange) int {
			switch {
			case x.key < y.key:
				return -1
			case x.key > y.key:
				return 1
			}
			return 0
		})
	}
	obj := &serial.Object{}
	for _, c := range changes {
		// Chrome's change is a (sorted) dictionary; Firefox builds
		// {oldValue, newValue}.
		var oldP, newP []serial.Prop
		if c.hadOld {
			oldP = []serial.Prop{{Key: "oldValue", Value: c.oldValue}}
		}
		if c.hasValue {
			newP = []serial.Prop{{Key: "newValue", Value: c.value}}
		}
		ch := &serial.Object{Props: append(oldP, newP...)}
		if rules.format == storageChrome {
			ch.Props = append(newP, oldP...)
		}
		obj.Props = append(obj.Props, serial.Prop{Key: c.key, Value: ch})
	}
	e := h.ext
	if h.meta().listening {
		// Wakes a stopped background and counts as an event for its idle
		// timer; the prelude ignores the event itself.
		e.DispatchEvent("storage.onChanged")
	}
	host := h.a.r.Host
	for _, c := range h.a.b.Contexts() {
		if c.Extension != e || !c.Alive() || c.Invalidated() || c.Frozen() {
			continue
		}
		if c.Kind == router.KindContentScript && !h.untrusted(area) {
			continue
		}
		r, ok := host.Realm(c)
		if !ok {
			continue
		}
		c.Queue.Post(func() {
			if r.Dead() {
				return
			}
			ca, ok := r.Endpoint.(*api)
			if !ok {
				return
			}
			fn, ok := storageHook(ca, "changed")
			if !ok {
				return
			}
			rt := r.RT
			_, _ = r.Call(fn, sobek.Undefined(), rt.ToValue(area), jsvalue.FromSerial(rt, obj), jsvalue.FromSerial(rt, obj))
		})
	}
}
