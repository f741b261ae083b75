package js

import (
	"net/url"

	"github.com/grafana/sobek"
	"github.com/grafana/sobek/parser"
)

// installImportScripts adds importScripts to a service worker's global
// scope. In a classic worker it fetches and runs each script, in order and
// synchronously, as a classic script in the worker's global scope, resolving
// URLs against the worker script's URL; in a module worker it throws, as
// Chrome does.
func (a *hostAPI) installImportScripts() {
	r := a.r
	a.must(a.g.Set("importScripts", func(call sobek.FunctionCall) sobek.Value {
		const prefix = "Failed to execute 'importScripts' on 'WorkerGlobalScope': "
		if r.moduleWorker {
			a.throwType(prefix + "Module scripts don't support importScripts().")
		}
		base, err := url.Parse(r.Ctx.URL)
		if err != nil {
			a.throwType(prefix + "the worker's URL " + r.Ctx.URL + " is invalid.")
		}
		// Every URL is parsed before any script is fetched.
		urls := make([]string, len(call.Arguments))
		for i, arg := range call.Arguments {
			u, err := base.Parse(arg.String())
			if err != nil {
				a.throwDOM("SyntaxError", prefix+"The URL '"+arg.String()+"' is invalid.")
			}
			urls[i] = u.String()
		}
		for _, u := range urls {
			data, err := r.Host.b.Fetch(u)
			if err != nil {
				a.throwDOM("NetworkError", prefix+"The script at '"+u+"' failed to load.")
			}
			r.Host.noteScript(u, string(data))
			prg, err := compileClassic(u, string(data))
			if err != nil {
				panic(r.newError("SyntaxError", syntaxError(u, err).located()))
			}
			if _, err := a.rt.RunProgram(prg); err != nil {
				if ex, ok := err.(*sobek.Exception); ok {
					panic(ex)
				}
				panic(err)
			}
		}
		return sobek.Undefined()
	}))
}

// compileClassic compiles a classic script without sobek's own source map
// handling (see sourcemaps.go).
func compileClassic(name, src string) (*sobek.Program, error) {
	ast, err := sobek.Parse(name, src, parser.WithDisableSourceMaps)
	if err != nil {
		return nil, err
	}
	return sobek.CompileAST(ast, false)
}
