package cli

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/extsim/extsim/internal/traceview"
)

const traceUsage = `usage: extsim trace view FILE -o OUT.html

Reads the JSON-lines trace FILE (written by "extsim run --trace") and writes
OUT.html: a self-contained sequence diagram of the contexts and the messages
between them. Click an arrow to see its payload.
`

// TraceMain runs "extsim trace": env.Args are the arguments after "trace".
func TraceMain(env Env) int { return traceCommand(env, env.Args) }

// traceCommand runs "extsim trace SUBCOMMAND ...".
func traceCommand(env Env, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(env.Stderr, traceUsage)
		return ExitUsage
	}
	switch args[0] {
	case "view":
		return traceView(env, args[1:])
	case "-h", "-help", "--help", "help":
		fmt.Fprint(env.Stdout, traceUsage)
		return ExitOK
	}
	fmt.Fprintf(env.Stderr, "extsim trace: unknown subcommand %q\n\n%s", args[0], traceUsage)
	return ExitUsage
}

func traceView(env Env, args []string) int {
	fset := flag.NewFlagSet("extsim trace view", flag.ContinueOnError)
	fset.SetOutput(env.Stderr)
	fset.Usage = func() {
		fmt.Fprint(env.Stderr, traceUsage+"\noptions:\n")
		fset.PrintDefaults()
	}
	out := fset.String("o", "", "write the HTML page to `FILE` (required)")
	title := fset.String("title", "", "page title (default: the trace file's name)")
	// Accept FILE before or after the flags.
	var rest []string
	for len(args) > 0 {
		if err := fset.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return ExitOK
			}
			return ExitUsage
		}
		args = fset.Args()
		if len(args) > 0 {
			rest = append(rest, args[0])
			args = args[1:]
		}
	}
	if len(rest) != 1 {
		fmt.Fprintf(env.Stderr, "extsim trace view: want exactly one trace file, got %d\n", len(rest))
		fset.Usage()
		return ExitUsage
	}
	if *out == "" {
		fmt.Fprintln(env.Stderr, "extsim trace view: -o OUT.html is required")
		fset.Usage()
		return ExitUsage
	}
	file := rest[0]
	data, err := fs.ReadFile(env.DirFS(filepath.Dir(file)), filepath.Base(file))
	if err != nil {
		fmt.Fprintf(env.Stderr, "extsim trace view: reading %s: %v\n", file, err)
		return ExitRuntime
	}
	events, err := traceview.ReadJSONL(bytes.NewReader(data))
	if err != nil {
		fmt.Fprintf(env.Stderr, "extsim trace view: %s: %v\n", file, err)
		return ExitRuntime
	}
	if *title == "" {
		*title = "extsim trace " + filepath.Base(file)
	}
	var page bytes.Buffer
	if err := traceview.Render(&page, events, *title); err != nil {
		fmt.Fprintf(env.Stderr, "extsim trace view: %v\n", err)
		return ExitRuntime
	}
	w, err := env.Create(*out)
	if err != nil {
		fmt.Fprintf(env.Stderr, "extsim trace view: %v\n", err)
		return ExitRuntime
	}
	_, werr := w.Write(page.Bytes())
	if cerr := w.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		fmt.Fprintf(env.Stderr, "extsim trace view: writing %s: %v\n", *out, werr)
		return ExitRuntime
	}
	fmt.Fprintf(env.Stdout, "wrote %s (%d events)\n", *out, len(events))
	if len(events) > traceview.MaxEvents {
		fmt.Fprintf(env.Stderr, "extsim trace view: only the first %d of %d events are drawn\n", traceview.MaxEvents, len(events))
	}
	return ExitOK
}
