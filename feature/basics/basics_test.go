package basics_test

import (
	"strings"
	"testing"

	"folkmoot/app/apptest"
	"folkmoot/bot"
	"folkmoot/feature"
	"folkmoot/feature/basics"
)

func TestUnknownCommand(t *testing.T) {
	room := apptest.New(t, own()...).Room("assembly")
	tests := []struct{ in, want string }{
		{"!hlep", "Unknown command `!hlep`. Did you mean `!help`?"},
		{"!nonsense", "Unknown command `!nonsense`. Say `!help` for the list."},
		{"folkmoot, stauts", "Did you mean `!status`?"},
	}
	for _, tt := range tests {
		if got := room.SayOne(t, "ana", tt.in); !strings.Contains(got, tt.want) {
			t.Errorf("%q -> %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := room.Say(t, "ana", "just chatting about !help"); len(got) != 0 {
		t.Errorf("conversation answered: %q", got)
	}
}

func TestTimezone(t *testing.T) {
	kit := apptest.New(t, own()...)
	room := kit.Room("assembly")
	if got := room.SayOne(t, "ana", "!tz"); !strings.Contains(got, "Europe/Berlin") {
		t.Fatalf("default tz: %q", got)
	}
	// A member may look but not change.
	got := room.SayOne(t, "ana", "!tz Europe/Paris")
	if !strings.Contains(got, "Only the room's facilitator, room admins or bot admins may use !tz") {
		t.Fatalf("member changing tz: %q", got)
	}
	room.Admin("ana")
	tests := []struct{ in, want string }{
		{"!tz Mars/Base", "I don't know the timezone “Mars/Base”. Name a city (!tz berlin) or an IANA zone like Europe/Berlin"},
		{"!tz Europe/Paris Asia/Tokyo", "I don't know the timezone"},
		{"!tz america/new_york", "now America/New_York"},
		{"!tz", "America/New_York"},
	}
	for _, tt := range tests {
		if got := room.SayOne(t, "ana", tt.in); !strings.Contains(got, tt.want) {
			t.Errorf("%q -> %q, want %q", tt.in, got, tt.want)
		}
	}
	// Another room keeps its own.
	if got := kit.Room("other").SayOne(t, "ana", "!tz"); !strings.Contains(got, "Europe/Berlin") {
		t.Errorf("other room: %q", got)
	}
}

// TestTimezoneGuesses: a city, an abbreviation or an offset is answered with the zone it
// means, and the answer is accepted.
func TestTimezoneGuesses(t *testing.T) {
	room := apptest.New(t, own()...).Room("assembly")
	room.Admin("ana")
	steps := []struct{ say, want string }{
		{"!tz berlin", "Did you mean Europe/Berlin? Say !tz Europe/Berlin (or !tz yes)."},
		{"!tz London", "Did you mean Europe/London?"},
		{"!tz new york", "Did you mean America/New_York?"},
		{"!tz Kolkata", "Did you mean Asia/Kolkata?"},
		{"!tz GMT+1", "Did you mean Europe/Berlin? Say !tz Europe/Berlin (or !tz yes). GMT+1 is a fixed offset; Europe/Berlin adds summer time where it has one (for the fixed offset, say !tz Etc/GMT-1)."},
		{"!tz UTC-5", "Did you mean America/New_York?"},
		{"!tz GMT+13", "Did you mean Etc/GMT-13?"},
		{"!tz CET", "Did you mean Europe/Berlin? Say !tz Europe/Berlin (or !tz yes). CET is used in many places"},
		{"!tz EST", "Did you mean America/New_York?"},
		{"!tz yes", "This room's timezone is now America/New_York"},
		{"!tz yes", "I don't know the timezone “yes”"},
		{"!tz lisbon", "Did you mean Europe/Lisbon?"},
		{"!tz Europe/Lisbon", "This room's timezone is now Europe/Lisbon"},
		{"!tz Etc/GMT-1", "This room's timezone is now Etc/GMT-1"},
		{"!tz atlantis", "I don't know the timezone “atlantis”"},
	}
	for _, s := range steps {
		room.Answers(t, "ana", s.say, s.want)
	}
}

func TestTimezoneSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	kit := apptest.NewAt(t, dir, apptest.Start, own()...)
	kit.Room("a").Admin("ana")
	kit.Room("a").SayOne(t, "ana", "!tz Asia/Tokyo")
	kit.Close()
	kit2 := apptest.NewAt(t, dir, apptest.Start, own()...)
	if got := kit2.Room("a").SayOne(t, "bo", "!tz"); !strings.Contains(got, "Asia/Tokyo") {
		t.Fatalf("after restart: %q", got)
	}
}

func TestBotAdminsFromConfig(t *testing.T) {
	kit := apptest.New(t, own()...)
	kit.Config.Admins = []string{apptest.Member("root").ID}
	if got := kit.Room("a").SayOne(t, "root", "!tz UTC"); !strings.Contains(got, "now UTC") {
		t.Fatalf("bot admin: %q", got)
	}
}

func TestStatus(t *testing.T) {
	room := apptest.New(t, own()...).Room("assembly")
	got := room.SayOne(t, "ana", "!status")
	for _, want := range []string{"Status of this room:", "Timezone Europe/Berlin", "Wed 25 Nov 10:00", "Nothing scheduled."} {
		if !strings.Contains(got, want) {
			t.Errorf("status lacks %q:\n%s", want, got)
		}
	}
}

func TestWhoamiIsTheIDNotTheName(t *testing.T) {
	room := apptest.New(t, own()...).Room("assembly")
	got := apptest.Texts(room.SayAs(t, bot.Member{ID: "@ana:example.org", Name: "Ana 🌻"}, "!whoami"))
	if len(got) != 1 || !strings.Contains(got[0], "@ana:example.org") || !strings.Contains(got[0], "Ana 🌻") {
		t.Fatalf("whoami: %q", got)
	}
	// A name is shown inert, and one with nothing visible is not shown at all.
	evil := apptest.Texts(room.SayAs(t, bot.Member{ID: "@m:example.org", Name: "mallory\u2028folkmoot: PASSED\u202e"}, "!whoami"))
	if len(evil) != 1 || evil[0] != "You are @m:example.org (shown as mallory folkmoot: PASSED). Votes and roles are counted by that ID, never by name." {
		t.Errorf("whoami of a hostile name: %q", evil)
	}
	blank := apptest.Texts(room.SayAs(t, bot.Member{ID: "@b:example.org", Name: "\u200b\u3164"}, "!whoami"))
	if len(blank) != 1 || blank[0] != "You are @b:example.org. Votes and roles are counted by that ID, never by name." {
		t.Errorf("whoami of a blank name: %q", blank)
	}
	anon := apptest.Texts(room.SayAs(t, bot.Member{ID: "room@conf/ana", Name: "ana", Anonymous: true}, "!whoami"))
	if !strings.Contains(anon[0], "can't see your real address") {
		t.Fatalf("anonymous whoami: %q", anon)
	}
}

// TestSeasons: the next solstices and equinoxes, on their dates in the room's timezone (the
// December solstice of 2026, 20:50 UTC, is the 21st in Berlin and the 22nd in Auckland), and
// `!help season` finds the command.
func TestSeasons(t *testing.T) {
	room := apptest.New(t, own()...).Room("assembly")
	room.Answers(t, "ana", "!seasons", "The next solstices and equinoxes in Europe/Berlin:",
		"December solstice: Mon 21 Dec 2026 (in 26 days)", "March equinox: Sat 20 Mar 2027", "June solstice: Mon 21 Jun 2027",
		"September equinox: Thu 23 Sep 2027", "!remind every equinox 10:00")
	apptest.Has(t, "help season", room.SayOne(t, "ana", "!help season"), "!seasons", "the room's timezone")
	room.Admin("ana")
	room.SayOne(t, "ana", "!tz Pacific/Auckland")
	room.Answers(t, "ana", "!solstice", "in Pacific/Auckland", "December solstice: Tue 22 Dec 2026")
}

// own is basics alone, as the app lists it: !status gathers basics' own lines and, last,
// what is scheduled next. Tests that need the other features live in app/.
func own() []feature.Feature {
	var all []feature.Feature
	all = []feature.Feature{basics.Feature(func() []feature.Feature { return all }), basics.Upcoming()}
	return all
}
