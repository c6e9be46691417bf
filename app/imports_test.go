package app_test

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestFeaturesImportNoOtherFeature: a feature reaches another only through the hooks the app
// wires (features.go), never through its package, directly or through any package it imports.
// Only the features listed are checked so far; the others still import votes and tasks.
func TestFeaturesImportNoOtherFeature(t *testing.T) {
	for _, f := range []string{"basics", "meetings", "roles", "rounds", "stories"} {
		self := "folkmoot/feature/" + f
		for _, p := range moduleDeps(t, self) {
			if strings.HasPrefix(p, "folkmoot/feature/") && p != self {
				t.Errorf("%s imports %s", self, p)
			}
		}
	}
}

// moduleDeps lists the module's packages that pkg imports, transitively, from their non-test
// files, whatever their build tags.
func moduleDeps(t *testing.T, pkg string) []string {
	t.Helper()
	seen := map[string]bool{pkg: true}
	queue := []string{pkg}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		dir := filepath.Join("..", strings.TrimPrefix(p, "folkmoot/"))
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: no Go files in %s (%v)", p, dir, err)
		}
		for _, file := range files {
			if strings.HasSuffix(file, "_test.go") {
				continue
			}
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			parsed, err := parser.ParseFile(token.NewFileSet(), file, src, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range parsed.Imports {
				path, _ := strconv.Unquote(imp.Path.Value)
				if strings.HasPrefix(path, "folkmoot/") && !seen[path] {
					seen[path] = true
					queue = append(queue, path)
				}
			}
		}
	}
	var out []string
	for p := range seen {
		out = append(out, p)
	}
	return out
}
