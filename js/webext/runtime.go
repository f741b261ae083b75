package webext

// runtime.getPlatformInfo and permissions.contains / getAll: answers from
// the simulated machine and the manifest.

import (
	"slices"

	"github.com/grafana/sobek"

	"github.com/extsim/extsim/js/jsvalue"
	"github.com/extsim/extsim/router/serial"
)

// platformInfo is runtime.getPlatformInfo's answer: extsim presents itself
// as Linux on x86-64. Chrome's PlatformInfo also has the deprecated
// nacl_arch; Firefox's has os and arch only.
func (a *api) platformInfo() sobek.Value {
	o := &serial.Object{Props: []serial.Prop{
		{Key: "arch", Value: serial.String("x86-64")},
	}}
	if a.chrome {
		o.Props = append(o.Props, serial.Prop{Key: "nacl_arch", Value: serial.String("x86-64")})
	}
	o.Props = append(o.Props, serial.Prop{Key: "os", Value: serial.String("linux")})
	return jsvalue.FromSerial(a.r.RT, o)
}

// grantedPermissions is permissions.getAll: the manifest's API permissions
// and host permissions (all granted at install; optional ones are never
// granted, as permissions.request is not supported).
func (a *api) grantedPermissions() *serial.Object {
	perms, origins := &serial.Array{}, &serial.Array{}
	if e := a.r.Ctx.Extension; e != nil {
		for _, p := range e.Manifest.Permissions {
			perms.Elems = append(perms.Elems, serial.String(p))
		}
		for _, p := range e.Manifest.HostPermissions {
			origins.Elems = append(origins.Elems, serial.String(p.String()))
		}
	}
	return &serial.Object{Props: []serial.Prop{{Key: "origins", Value: origins}, {Key: "permissions", Value: perms}}}
}

// permissionsContain is permissions.contains over the (already
// validated) arrays of names and origin patterns. An origin is contained
// when a host permission is the same pattern, or is <all_urls>, or
// matches the requested pattern read as a URL (for patterns without
// wildcards).
func (a *api) permissionsContain(names, origins sobek.Value) bool {
	e := a.r.Ctx.Extension
	if e == nil {
		return false
	}
	for _, n := range stringsOf(a.r.RT, names) {
		if !slices.Contains(e.Manifest.Permissions, n) {
			return false
		}
	}
	for _, o := range stringsOf(a.r.RT, origins) {
		found := false
		for _, p := range e.Manifest.HostPermissions {
			if p.String() == o || p.MatchesAllURLs() || p.MatchesIgnoringPath(o) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// stringsOf returns the strings of a JS array (nothing for undefined).
func stringsOf(rt *sobek.Runtime, v sobek.Value) []string {
	o, ok := v.(*sobek.Object)
	if !ok {
		return nil
	}
	var out []string
	n := o.Get("length").ToInteger()
	for i := int64(0); i < n; i++ {
		out = append(out, o.Get(rt.ToValue(i).String()).String())
	}
	return out
}
