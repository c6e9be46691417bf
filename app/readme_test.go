package app

import (
	"os"
	"strings"
	"testing"

	"folkmoot/commands"
	"folkmoot/feature/basics"
)

func TestReadmeCommandReference(t *testing.T) {
	reg, err := commands.NewRegistry(commandList())
	if err != nil {
		t.Fatal(err)
	}
	ref := basics.Reference(reg, "!")
	readme := readFile(t, "../README.md")
	const begin, end = "<!-- commands:begin -->\n", "<!-- commands:end -->"
	i, j := strings.Index(readme, begin), strings.Index(readme, end)
	if i < 0 || j < i {
		t.Fatalf("README lacks the %q ... %q markers", begin, end)
	}
	if got := readme[i+len(begin) : j]; got != ref {
		t.Fatalf("README command reference is out of date; run `make readme-commands`.\nwant:\n%s", ref)
	}
}

// commandList is every feature's commands.
func commandList() []*commands.Command {
	var cmds []*commands.Command
	for _, f := range Features() {
		cmds = append(cmds, f.Commands...)
	}
	return cmds
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
