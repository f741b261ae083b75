package driver

import (
	"errors"
	"fmt"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
)

// transpileTS turns a TypeScript test file into an ES module with esbuild's
// transform API (types are stripped, not checked), with an inline source
// map so errors and failing expects point at the .ts lines.
func transpileTS(name, src string) (string, error) {
	res := api.Transform(src, api.TransformOptions{
		Loader:     api.LoaderTS,
		Format:     api.FormatESModule,
		Target:     api.ES2020,
		Sourcemap:  api.SourceMapInline,
		Sourcefile: name,
	})
	if len(res.Errors) > 0 {
		var msgs []string
		for _, e := range res.Errors {
			if e.Location != nil {
				msgs = append(msgs, fmt.Sprintf("%s:%d:%d: syntax error: %s", name, e.Location.Line, e.Location.Column+1, e.Text))
			} else {
				msgs = append(msgs, fmt.Sprintf("%s: %s", name, e.Text))
			}
		}
		return "", errors.New(strings.Join(msgs, "\n"))
	}
	return string(res.Code), nil
}
