package suite

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"time"
)

// DefaultLimit is a case's time limit when case.json gives none.
const DefaultLimit = 10 * time.Second

// Case is one case folder as written: conformance/cases/<name>/.
type Case struct {
	Name     string
	Dir      string   // absolute path of the case folder
	Rules    []string // rule ids it covers (shared/spec)
	About    string
	Families []string // "chrome", "firefox"
	Limit    time.Duration
	// OtherDir is the second extension's folder (other/), or "".
	OtherDir string
	// WebDir is the case's pages folder (web/), served at /c/<name>/, or "".
	WebDir string
	// Libs are the shared scripts the case names in "lib", in order:
	// files of the lib/ folder beside the cases folder, placed after the
	// shim wherever the shim is placed (Prepare).
	Libs []Lib
}

// Lib is one shared script of conformance/lib/ a case uses.
type Lib struct {
	Name string // as case.json names it, e.g. "describe.js"
	Path string // absolute path of the file
}

// HasFamily reports whether the case runs in the family's browsers.
func (c *Case) HasFamily(family string) bool { return slices.Contains(c.Families, family) }

// caseFile is case.json.
type caseFile struct {
	Rules    []string `json:"rules"`
	About    string   `json:"about"`
	Families []string `json:"families"`
	Limit    string   `json:"limit"`
	Lib      []string `json:"lib"`
}

// LoadCase reads the case in dir: its case.json and the folders beside it.
// Errors name the file and what is wrong in it.
func LoadCase(dir string) (*Case, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("case %s: %w", dir, err)
	}
	file := filepath.Join(abs, "case.json")
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("case %s: %w", filepath.Base(abs), err)
	}
	var cf caseFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cf); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	c := &Case{Name: filepath.Base(abs), Dir: abs, Rules: cf.Rules, About: cf.About, Families: cf.Families, Limit: DefaultLimit}
	if len(c.Rules) == 0 {
		return nil, fmt.Errorf("%s: \"rules\" is empty: name the rule ids the case checks", file)
	}
	if c.About == "" {
		return nil, fmt.Errorf("%s: \"about\" is empty: say in one sentence what the case checks", file)
	}
	if len(c.Families) == 0 {
		c.Families = []string{"chrome", "firefox"}
	}
	for _, f := range c.Families {
		if f != "chrome" && f != "firefox" {
			return nil, fmt.Errorf("%s: \"families\": %q is not \"chrome\" or \"firefox\"", file, f)
		}
	}
	if cf.Limit != "" {
		d, err := time.ParseDuration(cf.Limit)
		if err != nil || d <= 0 {
			return nil, fmt.Errorf("%s: \"limit\": %q is not a positive duration such as \"10s\"", file, cf.Limit)
		}
		c.Limit = d
	}
	// Shared scripts live in lib/ beside the cases folder:
	// conformance/lib/ for conformance/cases/<name>/.
	libDir := filepath.Join(filepath.Dir(filepath.Dir(abs)), "lib")
	for _, name := range cf.Lib {
		if name == "" || name != filepath.Base(name) || filepath.Ext(name) != ".js" {
			return nil, fmt.Errorf("%s: \"lib\": %q is not a file name such as \"describe.js\"", file, name)
		}
		path := filepath.Join(libDir, name)
		if fi, err := os.Stat(path); err != nil || fi.IsDir() {
			return nil, fmt.Errorf("%s: \"lib\": no file %s", file, path)
		}
		for _, l := range c.Libs {
			if l.Name == name {
				return nil, fmt.Errorf("%s: \"lib\": %q is named twice", file, name)
			}
		}
		c.Libs = append(c.Libs, Lib{Name: name, Path: path})
	}
	if _, err := os.Stat(filepath.Join(abs, "manifest.json")); err != nil {
		return nil, fmt.Errorf("case %s: no manifest.json: %w", c.Name, err)
	}
	if isDir(filepath.Join(abs, "other")) {
		c.OtherDir = filepath.Join(abs, "other")
	}
	if isDir(filepath.Join(abs, "web")) {
		c.WebDir = filepath.Join(abs, "web")
	}
	return c, nil
}

// LoadCases reads every case folder (one holding case.json) under root, in
// name order.
func LoadCases(root string) ([]*Case, error) {
	entries, err := os.ReadDir(root)
	if err != nil {
		return nil, fmt.Errorf("reading cases: %w", err)
	}
	var cases []*Case
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		dir := filepath.Join(root, e.Name())
		if _, err := os.Stat(filepath.Join(dir, "case.json")); err != nil {
			continue
		}
		c, err := LoadCase(dir)
		if err != nil {
			return nil, err
		}
		cases = append(cases, c)
	}
	sort.Slice(cases, func(i, j int) bool { return cases[i].Name < cases[j].Name })
	return cases, nil
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}
