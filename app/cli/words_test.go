package cli_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"folkmoot/app"
	_ "folkmoot/app/cli" // every package with wording, the adapters too: the whole catalog
	"folkmoot/commands"
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

// TestEveryCommandHasItsHelp: every command and subcommand folkmoot registers has its summary
// in the catalog (help.<command>.summary), so !help never shows a command without words, and
// each language's names for the commands are its own.
func TestEveryCommandHasItsHelp(t *testing.T) {
	var all []*commands.Command
	for _, f := range app.Features() {
		all = append(all, f.Commands...)
	}
	reg, err := commands.NewRegistry(all) // which tells each subcommand its parent
	if err != nil {
		t.Fatal(err)
	}
	// Every language's names for the commands name one command each, and no English name.
	if err := reg.Names().Check(); err != nil {
		t.Error(err)
	}
	for _, c := range reg.Commands() {
		for _, each := range append([]*commands.Command{c}, c.Subcommands...) {
			if each.HelpText(nil) == "" {
				t.Errorf("!%s has no help in the catalog", each.FullName())
			}
		}
	}
}
