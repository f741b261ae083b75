// Package layering holds no code: its test enforces extsim's layer rule that
// the pure-Go core (sim, router, browser) never imports the JavaScript
// engine, so it can be driven and tested from Go alone (architecture
// principle 5).
package layering
