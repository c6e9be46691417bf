package app_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// module is the module's path, which its packages' import paths start with.
const module = "folkmoot"

// mayReachProtocols are the packages that may reach a protocol library, with their tests: the
// adapters (and their subpackages), the command line that starts them, and the main.
var mayReachProtocols = []string{"folkmoot/bot/matrix", "folkmoot/bot/xmpp", "folkmoot/app/cli", "folkmoot/cmd/folkmoot"}

// TestFeaturesImportNoOtherFeature: a feature reaches another only through the hooks the app
// wires (features.go), never through its package; nor does it reach app, which lists them
// all. It holds for the feature's tests too, so that they compile and run that feature alone:
// what `go list -deps -test` lists for the feature, directly or through any package.
func TestFeaturesImportNoOtherFeature(t *testing.T) {
	pkgs := moduleImports(t)
	var features []string
	for p := range pkgs {
		if rest, ok := strings.CutPrefix(p, module+"/feature/"); ok && !strings.Contains(rest, "/") {
			features = append(features, rest)
		}
	}
	slices.Sort(features)
	if len(features) == 0 {
		t.Fatal("no package below feature/: is the walk rooted at the repository?")
	}
	for _, f := range features {
		t.Run(f, func(t *testing.T) {
			self := module + "/feature/" + f
			reached := reach(pkgs, self)
			var bad []string
			for p := range reached {
				if p == module+"/app" || strings.HasPrefix(p, module+"/feature/") && p != self {
					bad = append(bad, p)
				}
			}
			if len(bad) > 0 {
				slices.Sort(bad)
				t.Errorf("%s reaches %s; e.g. %s", self, strings.Join(bad, ", "), chain(reached, self, bad[0]))
			}
		})
	}
}

// TestOnlyAdaptersReachProtocolLibraries keeps the core protocol-neutral, tests included:
// no package but the adapters, the command line and the main reaches Matrix or XMPP
// libraries, directly or through any package it or its tests import. (bot's test checks the
// direct imports of every file; this one follows them.)
func TestOnlyAdaptersReachProtocolLibraries(t *testing.T) {
	libs := protocolLibraries(t)
	pkgs := moduleImports(t)
	for _, p := range slices.Sorted(maps.Keys(pkgs)) {
		if mayReach(p) {
			continue
		}
		reached := reach(pkgs, p)
		var bad, example []string // the libraries reached, and a package of each
		for _, lib := range libs {
			for _, r := range slices.Sorted(maps.Keys(reached)) {
				if r == lib || strings.HasPrefix(r, lib+"/") {
					bad, example = append(bad, lib), append(example, r)
					break
				}
			}
		}
		if len(bad) > 0 {
			t.Errorf("%s reaches %s; only %v may; e.g. %s", p, strings.Join(bad, ", "), mayReachProtocols, chain(reached, p, example[0]))
		}
	}
}

func mayReach(pkg string) bool {
	for _, a := range mayReachProtocols {
		if pkg == a || strings.HasPrefix(a, module+"/bot/") && strings.HasPrefix(pkg, a+"/") {
			return true
		}
	}
	return false
}

// protocolLibraries reads the module paths only the adapters may import: the list bot's
// imports test keeps beside it.
func protocolLibraries(t *testing.T) []string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "bot", "testdata", "protocol-libraries.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var libs []string
	for _, line := range strings.Split(string(raw), "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			libs = append(libs, line)
		}
	}
	if len(libs) < 2 {
		t.Fatalf("bot/testdata/protocol-libraries.txt lists %v", libs)
	}
	return libs
}

// imports is what one package's files import: its code, and its tests (its _test.go files,
// in the package or in its external _test package).
type imports struct{ code, tests []string }

// moduleImports parses the imports of every package of the module, by import path, without
// the go command (no network): every file counts, whatever its build tags, so nothing a tag
// leaves out today can hide an import.
func moduleImports(t *testing.T) map[string]*imports {
	t.Helper()
	root := ".."
	pkgs := map[string]*imports{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			// Other modules (the test servers' tool builds), hidden folders and test data are
			// not folkmoot's packages.
			if rel != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "vendor" || exists(filepath.Join(path, "go.mod"))) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		pkg := module
		if dir := filepath.ToSlash(filepath.Dir(rel)); dir != "." {
			pkg += "/" + dir
		}
		if pkgs[pkg] == nil {
			pkgs[pkg] = &imports{}
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if strings.HasSuffix(path, "_test.go") {
				pkgs[pkg].tests = append(pkgs[pkg].tests, p)
			} else {
				pkgs[pkg].code = append(pkgs[pkg].code, p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(pkgs) < 20 {
		t.Fatalf("found only %d packages: is the walk rooted at the repository?", len(pkgs))
	}
	return pkgs
}

// reach is every package pkg's code and tests import, directly or through the code of the
// packages they import (as `go list -deps -test pkg`: the tests of the packages imported do
// not count), each with the package it was first reached from. A package outside the module
// is reached but not followed: the module's own imports are what this checks.
func reach(pkgs map[string]*imports, pkg string) map[string]string {
	from := map[string]string{pkg: ""}
	queue := []string{pkg}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		imp := pkgs[p]
		if imp == nil {
			continue
		}
		next := imp.code
		if p == pkg {
			next = append(slices.Clone(imp.code), imp.tests...)
		}
		for _, n := range next {
			if _, seen := from[n]; !seen {
				from[n] = p
				queue = append(queue, n)
			}
		}
	}
	delete(from, pkg)
	return from
}

// chain says how pkg reaches target: "a (with its tests) → b → target".
func chain(from map[string]string, pkg, target string) string {
	path := []string{target}
	for p := from[target]; p != pkg && p != ""; p = from[p] {
		path = append(path, p)
	}
	path = append(path, pkg+" (with its tests)")
	slices.Reverse(path)
	return strings.Join(path, " → ")
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
