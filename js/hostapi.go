package js

// installHostAPIs adds the web platform APIs extension code expects beyond
// timers and console (structuredClone, TextEncoder, URL, atob, performance,
// crypto...). Not implemented yet.
func (r *Realm) installHostAPIs() error { return nil }
