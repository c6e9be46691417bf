package draws_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"folkmoot/app/apptest"
	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/draw"
	"folkmoot/feature/draws"
	"folkmoot/schedule"
	"folkmoot/store"
	"folkmoot/words"
)

// seed is what the fixed randomness of the tests makes every draw's seed.
var seed = strings.Repeat("5a", 32)

// feature is the draws feature with a fixed source of randomness and a pool of delegates
// (bo, cy) standing in for the roles feature's.
func feature() draws.Hooks {
	return draws.Hooks{
		Random: bytes.NewReader(bytes.Repeat([]byte{0x5a}, 32*100)),
		PoolNow: func(_ context.Context, _ store.Querier, l *words.Lang, _ string, _ bot.Room, typed string, _ time.Time) (string, []string, error) {
			if typed != "delegate" {
				return "", nil, commands.Userf("no role %q", typed)
			}
			return "delegate", []string{apptest.Member("bo").ID, apptest.Member("cy").ID}, nil
		},
	}
}

// drawRoom starts a kit whose room has ana as room admin and bo, cy, dan as known members.
func drawRoom(t *testing.T) (*apptest.Kit, *apptest.Room) {
	t.Helper()
	kit := apptest.New(t, draws.Feature(feature()))
	room := kit.Room("assembly")
	room.Admin("ana")
	for _, who := range []string{"ana", "bo", "cy", "dan"} {
		room.Say(t, who, "hello")
	}
	return kit, room
}

var members = []string{"ana@example.org", "bo@example.org", "cy@example.org", "dan@example.org"}

// A draw from announcement to check: the commitment and the candidates before, members'
// words mixed in, the seed revealed at the time said, and a result anyone can recompute.
func TestADrawAnyoneCanCheck(t *testing.T) {
	kit, room := drawRoom(t)
	got := room.SayOne(t, "ana", "!draw 2 from members at 10:30 for the citizens' panel on the park")
	apptest.Has(t, "announced", got,
		"Draw #1: 2 members from the members, drawn Wed 25 Nov 10:30 CET.",
		"For: the citizens' panel on the park",
		"Commitment (SHA-256 of the secret seed): "+draw.Commit(seed),
		"The candidates, in order (4): ana (ana@example.org), bo (bo@example.org), cy (cy@example.org), dan (dan@example.org)",
		"!draw salt <words>", "!draw verify 1")
	apptest.Lacks(t, "announced", got, seed)

	apptest.Has(t, "salt", room.SayOne(t, "bo", "!draw salt  sunflowers\tin november "), "bo's words are in draw #1: “sunflowers in november” (salt 1).")
	apptest.Has(t, "salt", room.SayOne(t, "cy", "!draw add-salt \u202eZoe\u0308 🌻"), "cy's words are in draw #1: “Zoë 🌻” (salt 2)")
	apptest.Has(t, "a second salt", room.SayOne(t, "bo", "!draw salt again"), "You added your words to draw #1 already: “sunflowers in november”.")
	apptest.Has(t, "before the draw", room.SayOne(t, "dan", "!draw verify 1"), "Draw #1 happens Wed 25 Nov 10:30 CET; its seed is revealed then.")

	order := draw.Order(seed, []string{"sunflowers in november", "Zoë 🌻"}, members)
	posted := kit.Advance(t, 30*time.Minute)
	if len(posted) != 1 {
		t.Fatalf("at the draw: %q", apptest.Texts(posted))
	}
	name := func(id string) string { return strings.TrimSuffix(id, "@example.org") }
	apptest.Has(t, "drawn", posted[0].Reply.Text(),
		"Draw #1 from the members: drawn, "+name(order[0])+", "+name(order[1])+".",
		"Next in line, if someone declines: "+name(order[2])+", "+name(order[3])+".",
		"Seed: "+seed+", mixed with 2 members' words.")
	if got := apptest.MentionIDs(posted[0]); !slices.Equal(got, order[:2]) {
		t.Errorf("the drawn are mentioned: %q, want %q", got, order[:2])
	}

	got = room.SayOne(t, "dan", "!draw verify 1")
	apptest.Has(t, "verify", got,
		"Draw #1 checks out: the seed's SHA-256 is the commitment posted before the draw, and the order follows from the seed, 2 salts and 4 candidates.",
		"Salt 1 (bo): “sunflowers in november”", "Salt 2 (cy): “Zoë 🌻”",
		"python3 folkmoot-draw.py "+seed+" 'sunflowers in november' 'Zoë 🌻' -- 'ana@example.org' 'bo@example.org' 'cy@example.org' 'dan@example.org'")
	recomputeWithTheReadmeScript(t, got, draw.Commit(seed), order)
	apptest.Has(t, "listed", room.SayOne(t, "dan", "!draw"), "• #1 from the members, drawn Wed 25 Nov 10:30 CET: "+name(order[0])+", "+name(order[1]))
	apptest.Has(t, "no salt after the draw", room.SayOne(t, "dan", "!draw salt late words"), "No draw is waiting for its time")
}

// A drawn member may decline: the next in the draw's order takes the seat, and the check says so.
func TestADrawnMemberDeclines(t *testing.T) {
	kit, room := drawRoom(t)
	room.Say(t, "ana", "!draw 1 from pool delegate")
	kit.Advance(t, 10*time.Minute) // the salt window the config sets by default
	order := draw.Order(seed, nil, []string{"bo@example.org", "cy@example.org"})
	first, second := strings.TrimSuffix(order[0], "@example.org"), strings.TrimSuffix(order[1], "@example.org")
	apptest.Has(t, "not seated", room.SayOne(t, second, "!draw decline"), "You hold no seat from a draw of the last 30 days.")
	got := room.SayAs(t, apptest.Member(first), "!draw decline 1")
	apptest.Has(t, "passed", apptest.Texts(got)[0], first+" declines their seat from draw #1; "+second+", next in the draw's order, takes it.")
	if ids := apptest.MentionIDs(got[0]); !slices.Equal(ids, order[1:]) {
		t.Errorf("the new holder is mentioned: %q", ids)
	}
	apptest.Has(t, "verify", room.SayOne(t, "ana", "!draw verify 1"), "Declined: "+first+"; the seats are now held by "+second+".")
	apptest.Has(t, "nobody left", room.SayOne(t, second, "!draw decline"), "no one is left in the draw's order, so the seat stays empty")
}

// Cancelled before its time, a draw never happens and its seed is shown.
func TestACancelledDrawNeverHappens(t *testing.T) {
	kit, room := drawRoom(t)
	room.Say(t, "ana", "!draw 1 from members in 2 hours")
	apptest.Has(t, "refused", room.SayOne(t, "bo", "!draw cancel 1"), "Only the room's facilitator")
	apptest.Has(t, "cancelled", room.SayOne(t, "ana", "!draw cancel 1"), "Draw #1 is cancelled by ana. Its seed was "+seed+".")
	if posted := kit.Advance(t, 3*time.Hour); len(posted) != 0 {
		t.Errorf("a cancelled draw said: %q", apptest.Texts(posted))
	}
	apptest.Has(t, "verify", room.SayOne(t, "bo", "!draw verify 1"), "Draw #1 was cancelled before it happened.")
	apptest.Has(t, "too late", room.SayOne(t, "ana", "!draw cancel 1"), "Draw #1 has happened already")
}

// Bad input is answered with what is expected, and nothing is stored or scheduled.
func TestDrawInputIsCheckedAndNothingChanges(t *testing.T) {
	kit, room := drawRoom(t)
	tests := []struct{ who, in, want string }{
		{"bo", "!draw 1 from members", "Only the room's facilitator"},
		{"ana", "!draw five from members", "“five” is not how many to draw: say a number from 1 to 100."},
		{"ana", "!draw 0 from members", "say a number from 1 to 100"},
		{"ana", "!draw 101 from members", "say a number from 1 to 100"},
		{"ana", "!draw 2 of members", "Say how many, and from whom"},
		{"ana", "!draw 2 from friends", "“friends” is not who to draw from"},
		{"ana", "!draw 2 from pool", "Say which role's pool to draw from"},
		{"ana", "!draw 2 from pool treasurer", `no role "treasurer"`},
		{"ana", "!draw 5 from members", "There are only 4 candidates in the members for 5 seats."},
		{"ana", "!draw 3 from pool delegate", "There are only 2 candidates in the pool of delegate for 3 seats."},
		{"ana", "!draw 2 from members at 2026-11-24 10:00", "in the past"},
		{"ana", "!draw 2 from members in 30 seconds", "must leave members at least 1 minute"},
		{"ana", "!draw 2 from members in 40 days", "be within 30 days"},
		{"ana", "!draw 2 from members for " + strings.Repeat("x", 201), "under 200 characters"},
		{"bo", "!draw salt sunflowers", "No draw is waiting for its time"},
		{"bo", "!draw verify 7", "There is no draw #7 in this room (!draw lists them)."},
		{"bo", "!draw verify seven", "“seven” is not a draw number"},
		{"bo", "!draw verify", "Say which draw, by its number."},
		{"bo", "!draw decline 3", "There is no draw #3"},
	}
	for _, tt := range tests {
		apptest.Has(t, tt.in, room.SayOne(t, tt.who, tt.in), tt.want)
	}
	apptest.Has(t, "nothing stored", room.SayOne(t, "ana", "!draw"), "No draw is announced, and none happened")
	if jobs, err := schedule.Pending(context.Background(), kit.App.DB, room.Room, ""); err != nil || len(jobs) != 0 {
		t.Errorf("nothing scheduled: %+v %v", jobs, err)
	}
	// Two draws waiting: a salt must say which.
	room.Say(t, "ana", "!draw 1 from members")
	room.Say(t, "ana", "!draw 1 from pool delegate")
	apptest.Has(t, "which", room.SayOne(t, "bo", "!draw salt sunflowers"), "Say which draw first: #1, #2")
	apptest.Has(t, "numbered", room.SayOne(t, "bo", "!draw salt #2 sunflowers"), "in draw #2: “sunflowers”")
	apptest.Has(t, "empty", room.SayOne(t, "cy", "!draw salt 2 \u0007"), "Say the words to add to the draw")
}

// The README's script recomputes a draw without folkmoot, from what !draw verify shows.
func TestTheReadmeScriptRecomputesADraw(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		if os.Getenv("FOLKMOOT_REQUIRE_SERVERS") == "1" {
			t.Fatal("python3 is needed: the test script installs it")
		}
		t.Skip("python3 is not installed")
	}
	script := readmeScript(t)
	salts := []string{"sunflowers in november", "it's Zoë 🌻"}
	args := append([]string{"-c", script, seed}, salts...)
	args = append(append(args, "--"), members...)
	out, err := exec.Command(python, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("the script: %v\n%s", err, out)
	}
	want := "commitment " + draw.Commit(seed) + "\n" + strings.Join(draw.Order(seed, salts, members), "\n") + "\n"
	if string(out) != want {
		t.Errorf("the script says\n%s\nwant\n%s", out, want)
	}
}

// readmeScript is the Python block of the README's section on draws.
func readmeScript(t *testing.T) string {
	t.Helper()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(readme), "<!-- draw-script -->\n```python\n")
	script, _, closed := strings.Cut(after, "```")
	if !ok || !closed {
		t.Fatal("the README has no draw script (a ```python block after <!-- draw-script -->)")
	}
	return script
}

// recomputeWithTheReadmeScript runs the command line !draw verify printed, with the README's
// script saved as folkmoot-draw.py, and checks it says the commitment and the draw's order.
func recomputeWithTheReadmeScript(t *testing.T, verified, commitment string, order []string) {
	t.Helper()
	if _, err := exec.LookPath("python3"); err != nil {
		if os.Getenv("FOLKMOOT_REQUIRE_SERVERS") == "1" {
			t.Fatal("python3 is needed: the test script installs it")
		}
		t.Skip("python3 is not installed")
	}
	_, line, ok := strings.Cut(verified, "python3 folkmoot-draw.py ")
	if !ok {
		t.Fatalf("!draw verify printed no command line: %q", verified)
	}
	line, _, _ = strings.Cut(line, "\n")
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "folkmoot-draw.py"), []byte(readmeScript(t)), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("sh", "-c", "python3 folkmoot-draw.py "+line)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", line, err, out)
	}
	if want := "commitment " + commitment + "\n" + strings.Join(order, "\n") + "\n"; string(out) != want {
		t.Errorf("the README's script on !draw verify's line says\n%s\nwant\n%s", out, want)
	}
}
