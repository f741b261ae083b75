package webext

import (
	"github.com/extsim/extsim/browser"
	"github.com/extsim/extsim/js"
)

// NewBrowser returns a browser whose contexts run JavaScript with the
// WebExtension APIs installed: the usual way to run an extension. opts.Host
// is replaced and opts.LazyListeners set; hostOpts.Install gets the APIs
// prepended.
func NewBrowser(opts browser.Options, hostOpts js.Options, apiOpts Options) (*browser.Browser, *js.Host, error) {
	inst, err := Installer(apiOpts)
	if err != nil {
		return nil, nil, err
	}
	hostOpts.Install = append([]js.Installer{inst}, hostOpts.Install...)
	h := js.NewHost(hostOpts)
	opts.Host = h
	opts.LazyListeners = true // the prelude reports listeners (Extension.SetListening)
	b := browser.New(opts)
	h.Attach(b)
	return b, h, nil
}
