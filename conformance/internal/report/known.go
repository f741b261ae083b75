// Package report compares extsim's runs with the real browsers', checks
// the committed known differences, and writes the Markdown report.
package report

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
)

// Known is one line of conformance/known-differences: a disagreement we
// accept, and why.
type Known struct {
	Case, Target, Reason string
	Line                 int
}

// ParseKnown reads known-differences lines: "case target reason...", with
// "#" starting a comment line and blank lines ignored. name is the file's
// name for errors.
func ParseKnown(r io.Reader, name string) ([]Known, error) {
	var out []Known
	seen := map[string]int{}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) < 3 {
			return nil, fmt.Errorf("%s:%d: want \"case target reason\", got %q", name, n, line)
		}
		switch f[1] {
		case "chromium", "firefox", "extsim-chrome", "extsim-firefox":
		default:
			return nil, fmt.Errorf("%s:%d: unknown target %q (chromium, firefox, extsim-chrome or extsim-firefox)", name, n, f[1])
		}
		k := Known{Case: f[0], Target: f[1], Reason: strings.Join(f[2:], " "), Line: n}
		key := k.Case + " " + pairOf(k.Target)
		if prev, ok := seen[key]; ok {
			return nil, fmt.Errorf("%s:%d: %s %s is already listed on line %d", name, n, k.Case, k.Target, prev)
		}
		seen[key] = n
		out = append(out, k)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return out, nil
}

// LoadKnown reads the known-differences file; a missing file lists
// nothing.
func LoadKnown(path string) ([]Known, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ParseKnown(f, path)
}

// pairOf names the comparison a target belongs to: its real browser.
func pairOf(target string) string {
	switch target {
	case "extsim-chrome", "chromium":
		return "chromium"
	default:
		return "firefox"
	}
}
