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

// replay plays a README transcript in rooms of every feature, ana admin of each, on the
// tests' clock (Wednesday 25 November 2026, 10:00 in Berlin): "name: text" is a member saying
// it in the current room ("assembly" until "(room: north)" moves to another), "(later: 10m)"
// moves the clock, and "folkmoot: …" with the indented lines after it is what folkmoot must
// have said since in the current room, "[north] folkmoot: …" in another. "(notice)" after
// folkmoot is for the reader; "…" stands for what changes from run to run (a seed, who was
// drawn) or is left out.
func replay(t *testing.T, block string) {
	t.Helper()
	kit := apptest.New(t, app.Features()...)
	rooms := map[string]*apptest.Room{}
	room := func(name string) *apptest.Room {
		if rooms[name] == nil {
			rooms[name] = kit.Room(name)
			rooms[name].Admin("ana")
		}
		return rooms[name]
	}
	current := "assembly"
	var heard []apptest.Posted
	checked := current // the room the indented lines after a "folkmoot:" line are about
	for _, line := range strings.Split(strings.TrimSpace(block), "\n") {
		inRoom := current
		if rest, ok := strings.CutPrefix(line, "["); ok {
			if name, rest, ok := strings.Cut(rest, "] "); ok {
				inRoom, line = name, rest
			}
		}
		who, typed, isMember := strings.Cut(line, ": ")
		switch {
		case strings.HasPrefix(line, "(room: "):
			current = strings.TrimSuffix(strings.TrimPrefix(line, "(room: "), ")")
		case strings.HasPrefix(line, "(later: "):
			d, err := time.ParseDuration(strings.TrimSuffix(strings.TrimPrefix(line, "(later: "), ")"))
			if err != nil {
				t.Fatalf("%q: %v", line, err)
			}
			heard = kit.Advance(t, d)
		case strings.HasPrefix(line, "folkmoot"), strings.HasPrefix(line, "  "):
			if !strings.HasPrefix(line, "  ") {
				checked = inRoom
			}
			want := strings.TrimPrefix(line, "  ")
			if _, after, ok := strings.Cut(want, ": "); ok && strings.HasPrefix(want, "folkmoot") {
				want = after
			}
			text := strings.Join(said(heard, checked), "\n")
			for _, part := range strings.Split(want, "…") {
				if !strings.Contains(text, strings.TrimSpace(part)) {
					t.Errorf("folkmoot never says %q (of %q) in %s; it said:\n%s", part, line, checked, text)
				}
			}
		case isMember:
			heard = room(inRoom).SayAs(t, apptest.Member(who), typed)
		}
	}
}

// TestReadmeTranscripts: the README's short transcripts are what folkmoot says.
func TestReadmeTranscripts(t *testing.T) {
	for _, name := range []string{"languages", "rules", "draw", "federation"} {
		t.Run(name, func(t *testing.T) { replay(t, readmeTranscript(t, name)) })
	}
}
