package cli_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	_ "folkmoot/app/cli" // every package with wording, the adapters too: the whole catalog
	"folkmoot/words"
)

// TestCatalogIsWhole: every message of every package is in every shipped language, with
// the placeholders and plural forms it needs, and every file loads.
func TestCatalogIsWhole(t *testing.T) {
	for _, p := range words.Check() {
		t.Error(p)
	}
}

// sayCall finds the message IDs the code names: Say("id", Count("id" and schedule.Titled("id".
var sayCall = regexp.MustCompile(`(?:\.Say|\.Count|schedule\.Titled)\("([^"]+)"[,)]`)

// TestEveryMessageTheCodeNamesExists: a message ID in the code that the English catalog
// lacks would show the room the ID itself.
func TestEveryMessageTheCodeNamesExists(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range sayCall.FindAllStringSubmatch(string(src), -1) {
			if !words.Has(m[1]) {
				t.Errorf("%s names the message %s, which the catalog lacks", strings.TrimPrefix(path, root+"/"), m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
