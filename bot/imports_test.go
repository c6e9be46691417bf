package bot_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// protocolLibraries reads the module paths only the adapters (and their tests) may import.
// The list is data beside the test, so that grepping the code for imports of those
// libraries finds only the adapters.
func protocolLibraries(t *testing.T) []string {
	t.Helper()
	raw, err := os.ReadFile("testdata/protocol-libraries.txt")
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
		t.Fatalf("testdata/protocol-libraries.txt lists %v", libs)
	}
	return libs
}

var adapters = []string{"bot/matrix", "bot/xmpp"}

// TestOnlyAdaptersImportProtocolLibraries keeps the core protocol-neutral: commands,
// rotation, store and the rest must never learn Matrix or XMPP types.
func TestOnlyAdaptersImportProtocolLibraries(t *testing.T) {
	root := filepath.Join("..")
	libs := protocolLibraries(t)
	checked := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			// Other modules (the test servers' tool builds) and hidden folders are not folkmoot.
			if rel != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || fileExists(filepath.Join(path, "go.mod"))) {
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
		checked++
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			for _, lib := range libs {
				if (p == lib || strings.HasPrefix(p, lib+"/")) && !inAdapter(rel) {
					t.Errorf("%s imports %s: only %v may", rel, p, adapters)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 20 {
		t.Fatalf("checked only %d files: is the walk rooted at the repository?", checked)
	}
}

func inAdapter(rel string) bool {
	for _, a := range adapters {
		if strings.HasPrefix(rel, a+"/") {
			return true
		}
	}
	return false
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
