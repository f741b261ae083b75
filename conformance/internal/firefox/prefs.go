package firefox

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// basePrefs are the profile preferences a test browser needs. The Remote
// Agent sets its own "recommended" preferences when it starts, but those
// come too late for what happens at startup (first-run pages, update and
// telemetry pings), so the ones that matter are written into user.js.
//
// The values are bool, int or string; writeUserJS formats them.
func basePrefs() map[string]any {
	return map[string]any{
		// MV3 host_permissions (and content_scripts matches) are optional
		// by default in Firefox: the user grants them through the
		// extensions button. With this pref they are granted at install,
		// so content scripts run on the loopback server without a prompt
		// (checked by TestMV3HostPermissionNeedsGrantByDefault).
		"extensions.originControls.grantByDefault": true,
		// Temporary add-ons need no signature, but keep installs from any
		// scope enabled and quiet.
		"xpinstall.signatures.required":         false,
		"extensions.autoDisableScopes":          0,
		"extensions.enabledScopes":              5,
		"extensions.installDistroAddons":        false,
		"extensions.update.enabled":             false,
		"extensions.update.autoUpdateDefault":   false,
		"extensions.getAddons.cache.enabled":    false,
		"extensions.systemAddon.update.enabled": false,
		"extensions.blocklist.enabled":          false,
		// No first-run, welcome or what's-new pages; start on about:blank.
		"browser.startup.page":                     0,
		"browser.startup.homepage":                 "about:blank",
		"browser.startup.homepage_override.mstone": "ignore",
		"startup.homepage_welcome_url":             "about:blank",
		"startup.homepage_welcome_url.additional":  "",
		"browser.aboutwelcome.enabled":             false,
		"browser.shell.checkDefaultBrowser":        false,
		"browser.newtabpage.enabled":               false,
		"browser.tabs.warnOnClose":                 false,
		"browser.warnOnQuit":                       false,
		"dom.disable_open_during_load":             false,
		// No updates.
		"app.update.disabledForTesting": true,
		"app.update.auto":               false,
		// No telemetry, studies or remote settings.
		"datareporting.policy.dataSubmissionEnabled":  false,
		"datareporting.healthreport.uploadEnabled":    false,
		"toolkit.telemetry.enabled":                   false,
		"toolkit.telemetry.unified":                   false,
		"toolkit.telemetry.server":                    "",
		"app.normandy.enabled":                        false,
		"app.shield.optoutstudies.enabled":            false,
		"messaging-system.rsexperimentloader.enabled": false,
		"services.settings.server":                    "data:,",
		// No other traffic to the outside: safe browsing, captive portal
		// and connectivity checks, prefetching, DNS over HTTPS, geo/region.
		"browser.safebrowsing.malware.enabled":               false,
		"browser.safebrowsing.phishing.enabled":              false,
		"browser.safebrowsing.downloads.enabled":             false,
		"browser.safebrowsing.update.enabled":                false,
		"network.captive-portal-service.enabled":             false,
		"network.connectivity-service.enabled":               false,
		"captivedetect.canonicalURL":                         "",
		"network.dns.disablePrefetch":                        true,
		"network.prefetch-next":                              false,
		"network.predictor.enabled":                          false,
		"network.trr.mode":                                   5,
		"browser.region.network.url":                         "",
		"geo.provider.network.url":                           "",
		"browser.search.update":                              false,
		"browser.topsites.contile.enabled":                   false,
		"browser.newtabpage.activity-stream.feeds.telemetry": false,
		// Less noise on stderr.
		"browser.dom.window.dump.enabled": false,
		"devtools.console.stdout.content": false,
	}
}

// writeUserJS writes prefs into dir/user.js, sorted by name so that the
// file is the same from run to run.
func writeUserJS(dir string, prefs map[string]any) error {
	names := make([]string, 0, len(prefs))
	for name := range prefs {
		names = append(names, name)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, name := range names {
		v, err := prefValue(prefs[name])
		if err != nil {
			return fmt.Errorf("firefox: pref %q: %w", name, err)
		}
		fmt.Fprintf(&b, "user_pref(%s, %s);\n", strconv.Quote(name), v)
	}
	path := filepath.Join(dir, "user.js")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("firefox: writing prefs: %w", err)
	}
	return nil
}

// prefValue formats one pref value as the JavaScript literal user.js wants.
func prefValue(v any) (string, error) {
	switch v := v.(type) {
	case bool:
		return strconv.FormatBool(v), nil
	case int:
		return strconv.Itoa(v), nil
	case string:
		return strconv.Quote(v), nil
	default:
		return "", fmt.Errorf("value %v is a %T; want bool, int or string", v, v)
	}
}
