package app_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"folkmoot/app"
	"folkmoot/app/apptest"
)

// readmeTranscript is the README's block between <!-- name:begin --> and <!-- name:end -->.
func readmeTranscript(t *testing.T, name string) string {
	t.Helper()
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(readme), "<!-- "+name+":begin -->\n```\n")
	block, _, ok2 := strings.Cut(block, "```\n<!-- "+name+":end -->")
	if !ok || !ok2 {
		t.Fatalf("README has no %s transcript", name)
	}
	return block
}

// replay plays a README transcript in a room of every feature, ana its admin, on the tests'
// clock (Wednesday 25 November 2026, 10:00 in Berlin): "name: text" is a member saying it,
// "(later: 10m)" moves the clock, and "folkmoot: …" and the indented lines after it are what
// folkmoot must have said since; "…" stands for what changes from run to run (a seed, who
// was drawn) or is left out.
func replay(t *testing.T, block string) {
	t.Helper()
	kit := apptest.New(t, app.Features()...)
	room := kit.Room("assembly")
	room.Admin("ana")
	var heard string
	for _, line := range strings.Split(strings.TrimSpace(block), "\n") {
		who, said, isMember := strings.Cut(line, ": ")
		switch {
		case strings.HasPrefix(line, "(later: "):
			d, err := time.ParseDuration(strings.TrimSuffix(strings.TrimPrefix(line, "(later: "), ")"))
			if err != nil {
				t.Fatalf("%q: %v", line, err)
			}
			heard = strings.Join(apptest.Texts(kit.Advance(t, d)), "\n")
		case strings.HasPrefix(line, "folkmoot: "), strings.HasPrefix(line, "  "):
			want := strings.TrimPrefix(strings.TrimPrefix(line, "folkmoot: "), "  ")
			for _, part := range strings.Split(want, "…") {
				if !strings.Contains(heard, strings.TrimSpace(part)) {
					t.Errorf("folkmoot never says %q (of %q); it said:\n%s", part, line, heard)
				}
			}
		case isMember:
			heard = strings.Join(room.Say(t, who, said), "\n")
		}
	}
}

// TestReadmeTranscripts: the README's short transcripts are what folkmoot says.
func TestReadmeTranscripts(t *testing.T) {
	for _, name := range []string{"languages", "rules", "draw"} {
		t.Run(name, func(t *testing.T) { replay(t, readmeTranscript(t, name)) })
	}
}
