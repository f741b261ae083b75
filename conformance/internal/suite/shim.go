package suite

import _ "embed"

// shimSource is shim.js; Shim fills in its configuration.
//
//go:embed shim.js
var shimSource string
