package js

import (
	"errors"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
	"github.com/grafana/sobek"
)

// sobek parses ES2017 and most later syntax, but not async generators or
// for await. Extension code uses them (streams, paginated APIs), so a
// classic script sobek cannot parse gets a second chance: esbuild lowers
// it to ES2017 with an inline source map, and uncaught-error locations map
// back to the file the extension ships (sourcemaps.go). Scripts sobek
// parses never pay for this; when esbuild cannot help either, the original
// syntax error stands.

// lowerSyntax returns src rewritten to ES2017, or ok=false.
func lowerSyntax(name, src string) (string, bool) {
	res := api.Transform(src, api.TransformOptions{
		Loader:     api.LoaderJS,
		Target:     api.ES2017,
		Sourcemap:  api.SourceMapInline,
		Sourcefile: name,
		// Keep names and layout as close as esbuild allows: no minifying.
	})
	if len(res.Errors) > 0 {
		return "", false
	}
	return string(res.Code), true
}

// isSyntaxError reports whether err is a parse failure (nothing ran yet).
func isSyntaxError(err error) bool {
	var se *sobek.CompilerSyntaxError
	if errors.As(err, &se) {
		return true
	}
	var ex *sobek.Exception
	if errors.As(err, &ex) {
		return strings.HasPrefix(ex.Value().String(), "SyntaxError")
	}
	return false
}
