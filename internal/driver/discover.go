package driver

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"
)

// Found is what extsim test found under its paths.
type Found struct {
	Files     []string // driver test files, slash paths
	SelfTests []string // self-testing extension folders
}

// IsTestFile says whether a file name is a driver test file.
func IsTestFile(name string) bool {
	return strings.HasSuffix(name, ".test.js") || strings.HasSuffix(name, ".test.mjs") || strings.HasSuffix(name, ".test.ts")
}

var usesTestAPI = regexp.MustCompile(`\b(chrome|browser)\.test\.`)

// Discover finds the tests under paths. A path is a test file or a folder,
// searched recursively (skipping node_modules and dot-folders) for test
// files and self-testing extensions. A folder with a manifest.json is a
// self-test when its scripts use chrome.test or browser.test, or when it was
// named on the command line and holds no driver test file; other extension
// folders are fixtures that test files load.
func Discover(env Env, paths []string) (Found, error) {
	var found Found
	seen := map[string]bool{}
	for _, p := range paths {
		p = path.Clean(strings.ReplaceAll(p, "\\", "/"))
		fsys := env.DirFS(p)
		st, err := fs.Stat(fsys, ".")
		if err != nil {
			return found, fmt.Errorf("%s: no such file or directory", p)
		}
		if !st.IsDir() {
			if !IsTestFile(p) {
				return found, fmt.Errorf("%s: not a test file (*.test.js, *.test.mjs, *.test.ts) or a folder", p)
			}
			if !seen[p] {
				seen[p] = true
				found.Files = append(found.Files, p)
			}
			continue
		}
		var manifests []string
		var files []string
		err = fs.WalkDir(fsys, ".", func(rel string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if rel != "." && (d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) {
					return fs.SkipDir
				}
				if _, err := fs.Stat(fsys, path.Join(rel, "manifest.json")); err == nil {
					manifests = append(manifests, rel)
				}
				return nil
			}
			if IsTestFile(d.Name()) {
				files = append(files, rel)
			}
			return nil
		})
		if err != nil {
			return found, fmt.Errorf("%s: %w", p, err)
		}
		for _, f := range files {
			full := path.Join(p, f)
			if !seen[full] {
				seen[full] = true
				found.Files = append(found.Files, full)
			}
		}
		for _, m := range manifests {
			full := path.Join(p, m)
			self, err := isSelfTest(fsys, m)
			if err != nil {
				return found, fmt.Errorf("%s: %w", full, err)
			}
			if !self && m == "." && !hasTestFile(files, m) {
				self = true
			}
			if self && !seen["self:"+full] {
				seen["self:"+full] = true
				found.SelfTests = append(found.SelfTests, full)
			}
		}
	}
	if len(found.Files) == 0 && len(found.SelfTests) == 0 {
		return found, errors.New("no tests found (driver test files *.test.js / *.test.mjs / *.test.ts, or extensions using chrome.test / browser.test)")
	}
	return found, nil
}

func hasTestFile(files []string, dir string) bool {
	for _, f := range files {
		if dir == "." || strings.HasPrefix(f, dir+"/") {
			return true
		}
	}
	return false
}

// isSelfTest reports whether the extension in dir has a script (not a test
// file) that uses chrome.test / browser.test.
func isSelfTest(fsys fs.FS, dir string) (bool, error) {
	self := false
	err := fs.WalkDir(fsys, dir, func(rel string, d fs.DirEntry, err error) error {
		if err != nil || self {
			return err
		}
		if d.IsDir() {
			if rel != dir && (d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) {
				return fs.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(d.Name(), ".js") || IsTestFile(d.Name()) {
			return nil
		}
		data, err := fs.ReadFile(fsys, rel)
		if err != nil {
			return err
		}
		self = usesTestAPI.Match(data)
		return nil
	})
	return self, err
}
