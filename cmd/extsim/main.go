// Command extsim runs and tests browser extensions in a simulated browser.
// See docs/cli.md.
package main

import (
	"os"

	"github.com/extsim/extsim/internal/cli"
)

func main() {
	os.Exit(cli.Main(cli.OSEnv()))
}
