package browser

import (
	"fmt"
	"time"

	"github.com/extsim/extsim/router"
)

// Profile is a browser's behaviour: the router's messaging profile plus the
// lifecycle rules the browser model owns (background lifetimes, back/forward
// cache, which manifest versions load).
type Profile struct {
	Name   string
	Router *router.Profile

	// WorkerIdleTimeout stops an MV3 service worker (Chrome) or an event
	// page (Firefox, MV2 non-persistent or MV3 background.scripts) after this
	// much virtual time without events (Chrome H12, ~30 s; Firefox FF-76,
	// extensions.background.idle.timeout = 30000).
	WorkerIdleTimeout time.Duration
	// EventCap is how long one pending one-off message may keep a service
	// worker alive (Chrome lifecycle docs, H9: 5 minutes).
	EventCap time.Duration
	// MV2 says whether Manifest V2 extensions load (Chromium 156 refuses them:
	// errata 7).
	MV2 bool
	// ServiceWorkers says whether background.service_worker runs as a
	// service worker; Firefox runs MV3 backgrounds as event pages from
	// background.scripts (differences table row 24).
	ServiceWorkers bool
	// WakeWithoutListener wakes a stopped background for any message, even
	// without a listener for it (Firefox bug 1852317, FF-78). Chrome starts the
	// worker for the event too (row 25); both wake, the flag is kept for the
	// trace.
	WakeWithoutListener bool
	// ExtensionScheme is the scheme of extension URLs.
	ExtensionScheme string
}

// Chrome is Chromium 156's behaviour.
func Chrome() *Profile {
	return &Profile{
		Name:              "chrome",
		Router:            router.Chrome(),
		WorkerIdleTimeout: 30 * time.Second,
		EventCap:          5 * time.Minute,
		ServiceWorkers:    true,
		ExtensionScheme:   "chrome-extension",
	}
}

// Firefox is Firefox ESR 153's behaviour.
func Firefox() *Profile {
	return &Profile{
		Name:                "firefox",
		Router:              router.Firefox(),
		WorkerIdleTimeout:   30 * time.Second,
		MV2:                 true,
		WakeWithoutListener: true,
		ExtensionScheme:     "moz-extension",
	}
}

// ProfileByName returns "chrome" (also for "") or "firefox".
func ProfileByName(name string) (*Profile, error) {
	switch name {
	case "", "chrome":
		return Chrome(), nil
	case "firefox":
		return Firefox(), nil
	}
	return nil, fmt.Errorf("browser: unknown profile %q (want chrome or firefox)", name)
}
