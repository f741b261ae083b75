// Command conformance runs the conformance cases in extsim and in the real
// browsers and reports where they agree. See docs/conformance.md.
//
//	go run ./conformance/cmd/conformance [-targets extsim-chrome,chromium,extsim-firefox,firefox]
//	    [-run REGEX] [-report FILE] [-require chromium,firefox] [-v]
package main

import (
	"os"

	"github.com/extsim/extsim/conformance/internal/cli"
)

func main() { os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr)) }
