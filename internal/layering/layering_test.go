package layering

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// engineImports are module paths of JavaScript engines and the tools that
// only the js layer may use.
var engineImports = []string{
	"github.com/grafana/sobek",
	"github.com/dop251/goja",
	"github.com/evanw/esbuild",
}

// coreDirs are the packages that must stay engine-free. A directory that
// does not exist yet (browser, before issue 3) is skipped; sim and router
// must exist.
var coreDirs = []string{"sim", "router", "browser"}

func TestCoreDoesNotImportTheJSEngine(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to list imports: %v", err)
	}
	args := []string{"list", "-deps", "-f", "{{.ImportPath}}"}
	for _, d := range coreDirs {
		if _, err := os.Stat(filepath.Join("..", "..", d)); err == nil {
			args = append(args, "./"+d+"/...")
		}
	}
	cmd := exec.Command(goBin, args...)
	cmd.Dir = "../.."
	out, err := cmd.Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("go list: %v\n%s", err, stderr)
	}
	deps := strings.Fields(string(out))
	// Guard against a vacuous pass: the listing must contain the core.
	for _, must := range []string{"github.com/extsim/extsim/sim", "github.com/extsim/extsim/router"} {
		if !slices.Contains(deps, must) {
			t.Fatalf("go list output lacks %s; the check would prove nothing:\n%s", must, out)
		}
	}
	for _, d := range deps {
		for _, bad := range engineImports {
			if d == bad || strings.HasPrefix(d, bad+"/") {
				t.Errorf("the core imports %s (transitively); only js/... may", d)
			}
		}
	}
}
