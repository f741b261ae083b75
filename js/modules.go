package js

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/grafana/sobek"
	"github.com/grafana/sobek/ast"
	"github.com/grafana/sobek/file"
	"github.com/grafana/sobek/parser"

	"github.com/extsim/extsim/router"
)

// moduleMap is a realm's module map (HTML's "module map"): one record per
// URL, so a module is fetched, parsed and evaluated at most once per realm
// however many scripts import it. It is created on the first module a realm
// loads: realms that only run classic scripts never pay for it.
//
// Loading is done in two steps, like the browsers' "fetch the descendants
// of a module script": load fetches and parses the whole static graph
// (recording any failure on the module that failed), then sobek links and
// evaluates it, asking resolve for each import, which only looks the
// already-loaded record up.
type moduleMap struct {
	r     *Realm
	byURL map[string]*moduleNode
	byRec map[sobek.ModuleRecord]*moduleNode
}

// moduleNode is one module script of the map.
type moduleNode struct {
	url string
	rec *sobek.SourceTextModuleRecord
	// deps maps each requested specifier to its resolved URL.
	deps map[string]string
	// at maps each requested specifier to where the import is written.
	at  map[string]string
	tla bool // the module uses top-level await
	// err is why this module itself could not be loaded (fetch, parse,
	// specifier resolution); nil when it loaded.
	err *moduleError
}

// moduleError is a module that could not be loaded: the JavaScript error
// the browser would throw (Kind: "TypeError", "SyntaxError") and where.
type moduleError struct {
	Kind, Msg string
	At        string // "url:line:col" of the import or the syntax error, if known
}

func (e *moduleError) Error() string { return e.Kind + ": " + e.located() }

// located is the message with its location, if known.
func (e *moduleError) located() string {
	if e.At == "" {
		return e.Msg
	}
	return e.Msg + " (at " + e.At + ")"
}

// errTLAInServiceWorker is Chrome's refusal of an asynchronous module
// graph in a service worker: the worker's listeners must be known when its
// script has run.
const errTLAInServiceWorker = "Top-level await is disallowed in service workers."

// modules returns the realm's module map, creating it (and the
// import.meta hook) on first use.
func (r *Realm) modules() *moduleMap {
	if r.modMap == nil {
		m := &moduleMap{r: r, byURL: map[string]*moduleNode{}, byRec: map[sobek.ModuleRecord]*moduleNode{}}
		r.RT.SetGetImportMetaProperties(func(rec sobek.ModuleRecord) []sobek.MetaProperty {
			if n := m.byRec[rec]; n != nil {
				return []sobek.MetaProperty{{Key: "url", Value: r.RT.ToValue(n.url)}}
			}
			return nil
		})
		r.modMap = m
	}
	return r.modMap
}

// RunModule runs a module script (a module service worker, a
// <script type="module">) as one entry: src is its source, url its URL (for
// an inline script, the document's URL; inline modules are not entered in
// the module map). Its static imports are loaded first; a graph that fails
// to load, or a service worker graph that uses top-level await, is
// reported as an uncaught error and returned, and nothing of it runs. An
// error thrown while the module evaluates (at once, or later after a
// top-level await) is reported as uncaught but is not returned.
func (r *Realm) RunModule(url, src string, inline bool) error {
	if r.dead {
		return errDead
	}
	m := r.modules()
	var n *moduleNode
	if inline {
		n = m.parse(url, src)
		if n.err == nil {
			m.loadDeps(n)
		}
	} else {
		n = m.add(url, src)
	}
	var loadErr error
	if e := m.graphError(n, map[*moduleNode]bool{}); e != nil {
		loadErr = e
	} else if r.Ctx.Kind == router.KindServiceWorker && m.graphHasTLA(n, map[*moduleNode]bool{}) {
		loadErr = &moduleError{Kind: "TypeError", Msg: errTLAInServiceWorker, At: url}
	}
	if loadErr != nil {
		r.ReportUncaught("Uncaught " + loadErr.Error())
		return loadErr
	}
	var linkErr error
	_ = r.Guard(func() error {
		if err := n.rec.Link(); err != nil {
			linkErr = linkError(err)
			return nil
		}
		p := n.rec.Evaluate(r.RT)
		if p.State() == sobek.PromiseStateRejected {
			// sobek resolves imported names when it instantiates, so a
			// missing export (a link error in browsers) surfaces here.
			if ex, ok := p.Result().Export().(*sobek.Exception); ok && isLinkFailure(ex) {
				linkErr = &moduleError{Kind: "SyntaxError", Msg: strings.TrimPrefix(describeReason(ex.Value()), "SyntaxError: "), At: firstFrame(ex)}
				r.watchEvaluation(p, false)
				return nil
			}
		}
		r.watchEvaluation(p, true)
		return nil
	})
	if linkErr != nil {
		r.ReportUncaught("Uncaught " + linkErr.Error())
	}
	return linkErr
}

// watchEvaluation reports the rejection of a module's evaluation promise
// as the uncaught error it is (not as an unhandled rejection), now if it
// already failed, or when a top-level await settles.
func (r *Realm) watchEvaluation(p *sobek.Promise, reportNow bool) {
	report := func(reason sobek.Value) {
		r.ReportUncaught(r.rejectionText(reason))
	}
	switch p.State() {
	case sobek.PromiseStateFulfilled:
		return
	case sobek.PromiseStateRejected:
		if reportNow {
			report(p.Result())
		}
	}
	// Attach handlers: this marks the promise handled (no "Uncaught (in
	// promise)") and, while it is pending, reports its failure later.
	pending := p.State() == sobek.PromiseStatePending
	then, ok := sobek.AssertFunction(r.RT.ToValue(p).ToObject(r.RT).Get("then"))
	if !ok {
		return
	}
	onRejected := r.RT.ToValue(func(call sobek.FunctionCall) sobek.Value {
		if pending {
			report(call.Argument(0))
		}
		return sobek.Undefined()
	})
	_, _ = then(r.RT.ToValue(p), sobek.Undefined(), onRejected)
}

// rejectionText renders an evaluation failure: sobek rejects with the Go
// exception (which carries the stack) or with the thrown JavaScript value.
func (r *Realm) rejectionText(v sobek.Value) string {
	if v != nil {
		if err, ok := v.Export().(error); ok {
			return r.exceptionText(err)
		}
	}
	return "Uncaught " + describeReason(v)
}

// isLinkFailure tells sobek's errors for imports that do not match the
// imported module's exports from errors the module's code threw.
func isLinkFailure(ex *sobek.Exception) bool {
	msg := ex.Error()
	return strings.HasPrefix(msg, "SyntaxError: The requested module ") &&
		(strings.Contains(msg, "does not provide an export named") || strings.Contains(msg, "contains conflicting star exports"))
}

// firstFrame is the "url:line:col" of an exception's innermost frame.
func firstFrame(ex *sobek.Exception) string {
	for _, f := range ex.Stack() {
		if pos := f.Position(); f.SrcName() != "" && pos.Line > 0 {
			return fmt.Sprintf("%s:%d:%d", f.SrcName(), pos.Line, pos.Column)
		}
	}
	return ""
}

// linkError turns sobek's link failure (an import of a name the module
// does not export, an ambiguous star export) into a SyntaxError with its
// location, as browsers report it.
func linkError(err error) error {
	var se *sobek.CompilerSyntaxError
	if errors.As(err, &se) {
		e := &moduleError{Kind: "SyntaxError", Msg: se.Message}
		if se.File != nil {
			p := se.File.Position(se.Offset)
			e.At = fmt.Sprintf("%s:%d:%d", se.File.Name(), p.Line, p.Column)
		}
		return e
	}
	var me *moduleError
	if errors.As(err, &me) {
		return me
	}
	return &moduleError{Kind: "SyntaxError", Msg: err.Error()}
}

// add loads the module at url and, recursively, its static imports: src
// when given, else fetched through the browser. A module already in the
// map is returned as it is.
func (m *moduleMap) add(url, src string) *moduleNode {
	if n := m.byURL[url]; n != nil {
		return n
	}
	if src == "" {
		data, err := m.r.Host.b.Fetch(url)
		if err != nil {
			n := &moduleNode{url: url, err: &moduleError{Kind: "TypeError", Msg: fmt.Sprintf("Failed to load module script %s: %v", url, err)}}
			m.byURL[url] = n
			return n
		}
		src = string(data)
	}
	m.r.Host.noteScript(url, src)
	n := m.parse(url, src)
	m.byURL[url] = n
	if n.err == nil {
		m.loadDeps(n)
	}
	return n
}

// parse compiles a module's source and records its requested specifiers
// and where each is written.
func (m *moduleMap) parse(url, src string) *moduleNode {
	n := &moduleNode{url: url}
	prog, err := parser.ParseFile(nil, url, src, 0, parser.IsModule, parser.WithDisableSourceMaps)
	if err != nil {
		n.err = syntaxError(url, err)
		return n
	}
	rec, err := sobek.ModuleFromAST(prog, m.resolve)
	if err != nil {
		n.err = syntaxError(url, err)
		return n
	}
	n.rec, n.tla = rec, prog.HasTLA
	n.deps = make(map[string]string, len(rec.RequestedModules()))
	n.at = importLocations(prog)
	m.byRec[rec] = n
	return n
}

// loadDeps resolves and loads each static import of n. A specifier that
// does not resolve is recorded as n's own error.
func (m *moduleMap) loadDeps(n *moduleNode) {
	for _, spec := range n.rec.RequestedModules() {
		u, err := resolveSpecifier(n.url, spec)
		if err != nil {
			n.err = &moduleError{Kind: "TypeError", Msg: err.Error(), At: n.at[spec]}
			return
		}
		n.deps[spec] = u
		d := m.add(u, "")
		if d.err != nil && d.err.At == "" && d.rec == nil {
			// Say which import asked for the module that failed to load.
			d.err.At = n.at[spec]
		}
	}
}

// graphError returns the first load failure in n's static graph.
func (m *moduleMap) graphError(n *moduleNode, seen map[*moduleNode]bool) *moduleError {
	if seen[n] {
		return nil
	}
	seen[n] = true
	if n.err != nil {
		return n.err
	}
	for _, spec := range n.rec.RequestedModules() {
		if e := m.graphError(m.byURL[n.deps[spec]], seen); e != nil {
			return e
		}
	}
	return nil
}

// graphHasTLA reports whether any module of n's static graph uses
// top-level await.
func (m *moduleMap) graphHasTLA(n *moduleNode, seen map[*moduleNode]bool) bool {
	if seen[n] {
		return false
	}
	seen[n] = true
	if n.tla {
		return true
	}
	for _, spec := range n.rec.RequestedModules() {
		if m.graphHasTLA(m.byURL[n.deps[spec]], seen) {
			return true
		}
	}
	return false
}

// resolve is sobek's HostResolveImportedModule: the graph is loaded
// before linking, so it only looks the record up.
func (m *moduleMap) resolve(referrer interface{}, spec string) (sobek.ModuleRecord, error) {
	rec, _ := referrer.(sobek.ModuleRecord)
	n := m.byRec[rec]
	if n == nil {
		return nil, fmt.Errorf("js: module %q imported from an unknown module", spec)
	}
	d := m.byURL[n.deps[spec]]
	if d == nil || d.err != nil {
		return nil, &moduleError{Kind: "TypeError", Msg: fmt.Sprintf("Failed to load module script %s", n.deps[spec]), At: n.at[spec]}
	}
	return d.rec, nil
}

// resolveSpecifier resolves an import specifier against the importing
// module's URL as HTML does without import maps: "/", "./" and "../"
// prefixes are relative, anything else must be an absolute URL (bare
// specifiers such as "lodash" fail with Chrome's message).
func resolveSpecifier(base, spec string) (string, error) {
	if strings.HasPrefix(spec, "/") || strings.HasPrefix(spec, "./") || strings.HasPrefix(spec, "../") {
		b, err := url.Parse(base)
		if err == nil {
			var u *url.URL
			if u, err = b.Parse(spec); err == nil {
				return u.String(), nil
			}
		}
	} else if u, err := url.Parse(spec); err == nil && u.IsAbs() {
		return u.String(), nil
	}
	return "", badSpecifier(spec)
}

// badSpecifier is a specifier that is neither relative nor an absolute URL;
// its text is Chrome's TypeError message.
type badSpecifier string

func (b badSpecifier) Error() string {
	return fmt.Sprintf(`Failed to resolve module specifier "%s". Relative references must start with either "/", "./", or "../".`, string(b))
}

// syntaxError is a parse failure with its position.
func syntaxError(url string, err error) *moduleError {
	var list parser.ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		return posError(url, list[0].Message, list[0].Position)
	}
	var pe *parser.Error
	if errors.As(err, &pe) {
		return posError(url, pe.Message, pe.Position)
	}
	var se *sobek.CompilerSyntaxError
	if errors.As(err, &se) {
		if se.File != nil {
			return posError(url, se.Message, se.File.Position(se.Offset))
		}
		// sobek's message names the file and line already.
		return &moduleError{Kind: "SyntaxError", Msg: se.Message}
	}
	return &moduleError{Kind: "SyntaxError", Msg: err.Error(), At: url}
}

func posError(url, msg string, p file.Position) *moduleError {
	return &moduleError{Kind: "SyntaxError", Msg: msg, At: fmt.Sprintf("%s:%d:%d", url, p.Line, p.Column)}
}

// importLocations maps each specifier of a module's import and export-from
// declarations to the "url:line:col" of its first declaration.
func importLocations(prog *ast.Program) map[string]string {
	at := map[string]string{}
	note := func(spec string, idx file.Idx) {
		if _, ok := at[spec]; !ok && prog.File != nil {
			p := prog.File.Position(int(idx) - prog.File.Base())
			at[spec] = fmt.Sprintf("%s:%d:%d", prog.File.Name(), p.Line, p.Column)
		}
	}
	for _, st := range prog.Body {
		switch d := st.(type) {
		case *ast.ImportDeclaration:
			if d.FromClause != nil {
				note(d.FromClause.ModuleSpecifier.String(), d.Idx)
			} else {
				note(d.ModuleSpecifier.String(), d.Idx)
			}
		case *ast.ExportDeclaration:
			if d.FromClause != nil {
				note(d.FromClause.ModuleSpecifier.String(), d.Idx)
			}
		}
	}
	return at
}

// errImportInServiceWorker is Chrome's rejection of import() in a service
// worker, classic or module (static imports are the way there).
const errImportInServiceWorker = "import() is disallowed on ServiceWorkerGlobalScope by the HTML specification. See https://github.com/w3c/ServiceWorker/issues/1356."

// importDynamically is sobek's import() hook. Like a browser, it loads the
// module in a later task of the context (fetching is never synchronous),
// then lets sobek link and evaluate it and settle the import() promise.
// referrer is the importing module's record, or nil in a classic script.
func (r *Realm) importDynamically(referrer interface{}, specifier sobek.Value, capability interface{}) {
	if r.Ctx.Kind == router.KindServiceWorker {
		r.RT.FinishLoadingImportModule(referrer, specifier, capability, nil, r.RT.NewTypeError("%s", errImportInServiceWorker))
		return
	}
	base := r.classicBase()
	if rec, ok := referrer.(sobek.ModuleRecord); ok && r.modMap != nil {
		if n := r.modMap.byRec[rec]; n != nil {
			base = n.url
		}
	}
	spec := specifier.String()
	r.Ctx.Queue.Post(func() {
		if r.dead {
			return
		}
		finish := r.RT.ToValue(func(sobek.FunctionCall) sobek.Value {
			rec, failure := r.loadDynamic(base, spec)
			if failure != nil {
				r.RT.FinishLoadingImportModule(referrer, specifier, capability, nil, failure)
			} else {
				r.RT.FinishLoadingImportModule(referrer, specifier, capability, rec, nil)
			}
			return sobek.Undefined()
		})
		call, _ := sobek.AssertFunction(finish)
		// Calling through a function runs the microtask checkpoint, which
		// links and evaluates the module.
		_ = r.Guard(func() error {
			_, err := call(sobek.Undefined())
			return err
		})
	})
}

// classicBase is the URL relative specifiers of import() resolve against
// in a classic script: the running script's URL, or, in a content script,
// the document's URL (content scripts should pass runtime.getURL(...)).
func (r *Realm) classicBase() string {
	if r.Ctx.Kind != router.KindContentScript {
		// The hook runs as a native frame; the script is the next one.
		for _, f := range r.RT.CaptureCallStack(2, nil) {
			if u, err := url.Parse(f.SrcName()); err == nil && u.IsAbs() {
				return f.SrcName()
			}
		}
	}
	return r.Ctx.URL
}

// loadDynamic loads the graph of import(spec) and links it. A failure is
// the JavaScript error import() rejects with: Chrome's "Failed to fetch
// dynamically imported module: <url>" when a module could not be fetched,
// the SyntaxError (with its location) when one does not parse or link.
func (r *Realm) loadDynamic(base, spec string) (sobek.ModuleRecord, sobek.Value) {
	u, err := resolveSpecifier(base, spec)
	if err != nil {
		return nil, r.RT.NewTypeError("%s", err.Error())
	}
	m := r.modules()
	n := m.add(u, "")
	if e := m.graphError(n, map[*moduleNode]bool{}); e != nil {
		if e.Kind == "SyntaxError" {
			return nil, r.newError("SyntaxError", e.located())
		}
		if strings.HasPrefix(e.Msg, "Failed to resolve module specifier") {
			return nil, r.RT.NewTypeError("%s", e.Msg)
		}
		return nil, r.RT.NewTypeError("Failed to fetch dynamically imported module: %s", u)
	}
	if err := n.rec.Link(); err != nil {
		return nil, r.newError("SyntaxError", strings.TrimPrefix(linkError(err).Error(), "SyntaxError: "))
	}
	return n.rec, nil
}

// newError makes an error of one of the realm's built-in error classes.
func (r *Realm) newError(class, msg string) sobek.Value {
	if c, ok := r.RT.GlobalObject().Get(class).(*sobek.Object); ok {
		if e, err := r.RT.New(c, r.RT.ToValue(msg)); err == nil {
			return e
		}
	}
	return r.RT.NewTypeError("%s", msg)
}
