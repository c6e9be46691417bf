package basics_test

import (
	"regexp"
	"strings"
	"testing"

	"folkmoot/app"
	"folkmoot/app/apptest"
	"folkmoot/bot"
	"folkmoot/config"
)

func TestHelp(t *testing.T) {
	room := apptest.New(t, app.Features()...).Room("assembly")
	one := room.SayOne(t, "ana", "!help TZ")
	if !strings.Contains(one, "Examples:") || !strings.Contains(one, "!tz Europe/Berlin") || !strings.Contains(one, "facilitator") {
		t.Errorf("help tz:\n%s", one)
	}
	apptest.Has(t, "help of an unknown command", room.SayOne(t, "ana", "!help vot"),
		"There is no command !vot. Nearest: !vote, !votes.", "Sections: !help basics, roles, mandates, votes, rounds,", "!help all lists every command.")
	apptest.Has(t, "help of nonsense", room.SayOne(t, "ana", "!help frobnicate"), "Sections: !help basics, roles,")
	// Who "facilitator-level" is, said where it first appears.
	vote := room.SayOne(t, "ana", "!help vote")
	apptest.Has(t, "help vote", vote, "“Facilitator-level” means the holder of the facilitator role (nobody yet",
		"room admins (Matrix power level 50+, XMPP moderators and owners)", "!vote close <id> [anyway] — Closes a vote now and announces the result.", "closes only with anyway. Who: its opener or facilitator-level; a recall vote only facilitator-level. E.g. !vote close 3", "More examples:")
	room.Admin("ana")
	room.SayOne(t, "ana", "!role add facilitator")
	room.SayOne(t, "bo", "!join facilitator")
	room.SayOne(t, "ana", "!rotate facilitator")
	apptest.Has(t, "help rotate", room.SayOne(t, "ana", "!help rotate"), "the facilitator (now bo)")
	apptest.Lacks(t, "help status", room.SayOne(t, "ana", "!help status"), "Facilitator-level")
}

// TestHelpScreens: !help answers in one screen (the first commands and the sections),
// !help all lists every command, !help <section> one section, !help <command> one command.
func TestHelpScreens(t *testing.T) {
	room := apptest.New(t, app.Features()...).Room("assembly")
	first := room.SayOne(t, "Zoë 🌻", "!help")
	apptest.Has(t, "help", first, "folkmoot commands — start with these:", "!status — Summarises the room", "!join [<role> ...] — Puts you in the pool",
		"!vote … — Opens a vote", "!hand … — Raises your hand", "!meeting … — Starts a meeting",
		"Sections — say !help <section>:", "Votes (!help votes): vote, votes, agree, aside, object, block, yes, no, abstain",
		"Rounds and queue (!help rounds): round, in, done, pass, next,", "Basics (!help basics): help, status, tz, seasons, whoami",
		"!help all lists every command; !help <command> explains one, with examples.")
	apptest.Lacks(t, "help", first, "Abstains in", "--closes")
	if n := strings.Count(first, "\n") + 1; n > 24 {
		t.Errorf("!help is %d lines, more than a screen:\n%s", n, first)
	}

	all := room.SayOne(t, "ana", "!help all")
	apptest.Has(t, "help all", all, "folkmoot commands", "Basics:", "!help [all|section|command] — Shows the first commands", "!tz [<zone or city>]",
		"!abstain [reason] — Abstains in the open majority vote.", "!vote … — Opens a vote", "!seasons — Lists the next solstices",
		"Say !help vote (or any command) for details")
	apptest.Lacks(t, "help all", all, "--closes", "Times typed in the room")
	if n := strings.Count(all, "\n"); n < 60 || n > 100 {
		t.Errorf("!help all has %d lines", n)
	}

	tests := []struct {
		say       string
		want, not []string
	}{
		{"!help votes", []string{"Votes:", "!abstain [reason] — Abstains", "!votes — Lists the open votes", "!help !votes for the command !votes"}, []string{"!meeting", "Roles:"}},
		{"!help VOTES", []string{"Votes:", "!yes [reason]"}, nil},
		{"!help rounds", []string{"Rounds and queue:", "!next — Moves on", "Say !help round (or any command)"}, []string{"!vote"}},
		{"!help Rounds and queue", []string{"Rounds and queue:", "!stats"}, nil},
		{"!help roles", []string{"Roles:", "!rotate", "Say !help role (or any command)", "!help !roles for the command !roles"}, nil},
		{"!help !votes", []string{"!votes\nLists the open votes"}, []string{"Abstains"}},
		{"!help vote", []string{"!vote new \"<question>\" [options] — Opens a vote", "Options of"}, []string{"Abstains"}},
		{"!help digital tools", []string{"Digital tools:", "!tool …"}, nil},
	}
	for _, tt := range tests {
		got := room.Answers(t, "رێزان", tt.say, tt.want...)
		apptest.Lacks(t, tt.say, got, tt.not...)
	}
}

func TestUnknownCommand(t *testing.T) {
	room := apptest.New(t, app.Features()...).Room("assembly")
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
	kit := apptest.New(t, app.Features()...)
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
	room := apptest.New(t, app.Features()...).Room("assembly")
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
	kit := apptest.NewAt(t, dir, apptest.Start, app.Features()...)
	kit.Room("a").Admin("ana")
	kit.Room("a").SayOne(t, "ana", "!tz Asia/Tokyo")
	kit.Close()
	kit2 := apptest.NewAt(t, dir, apptest.Start, app.Features()...)
	if got := kit2.Room("a").SayOne(t, "bo", "!tz"); !strings.Contains(got, "Asia/Tokyo") {
		t.Fatalf("after restart: %q", got)
	}
}

func TestBotAdminsFromConfig(t *testing.T) {
	kit := apptest.New(t, app.Features()...)
	kit.Config.Admins = []string{apptest.Member("root").ID}
	if got := kit.Room("a").SayOne(t, "root", "!tz UTC"); !strings.Contains(got, "now UTC") {
		t.Fatalf("bot admin: %q", got)
	}
}

func TestStatus(t *testing.T) {
	room := apptest.New(t, app.Features()...).Room("assembly")
	got := room.SayOne(t, "ana", "!status")
	for _, want := range []string{"Status of this room:", "Timezone Europe/Berlin", "Wed 25 Nov 10:00", "Nothing scheduled."} {
		if !strings.Contains(got, want) {
			t.Errorf("status lacks %q:\n%s", want, got)
		}
	}
}

func TestWhoamiIsTheIDNotTheName(t *testing.T) {
	room := apptest.New(t, app.Features()...).Room("assembly")
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

// A member whose real address is hidden is facilitator-level only when the room itself
// vouches for them (an XMPP room's owner or admin, known by affiliation); being a facilitator
// or bot admin needs an ID, and voting or holding a role always does.
func TestAnonymousMembersAndRoomAdmins(t *testing.T) {
	kit := apptest.New(t, app.Features()...)
	room := kit.Room("a")
	m := bot.Member{ID: "a@conf.example.org/ana", Name: "ana", Anonymous: true}
	if got := apptest.Texts(room.SayAs(t, m, "!tz UTC")); len(got) != 1 || !strings.Contains(got[0], "Only the room's facilitator") {
		t.Fatalf("an anonymous member changed tz: %q", got)
	}
	kit.Transport.SetAdmin(room.Room, m.ID, true)
	if got := apptest.Texts(room.SayAs(t, m, "!tz UTC")); len(got) != 1 || !strings.Contains(got[0], "now UTC") {
		t.Fatalf("the room's owner, known by affiliation, was refused: %q", got)
	}
	if got := apptest.Texts(room.SayAs(t, m, "!join")); len(got) != 1 || !strings.Contains(got[0], "can't see your real address") {
		t.Fatalf("an anonymous owner joined a pool: %q", got)
	}
}

func TestRecurringEventsFollowTheRoomTimezone(t *testing.T) {
	kit := apptest.New(t, app.Features()...)
	room := kit.Room("a")
	room.Admin("ana")
	room.SayOne(t, "ana", "!role every facilitator every monday 19:00")
	if got := room.SayOne(t, "ana", "!status"); !strings.Contains(got, "Mon 30 Nov 19:00 CET") {
		t.Fatalf("before: %s", got)
	}
	room.SayOne(t, "ana", "!tz America/New_York")
	if got := room.SayOne(t, "ana", "!status"); !strings.Contains(got, "Mon 30 Nov 19:00 EST") {
		t.Fatalf("after moving to New York the rotation should stay at 19:00 local: %s", got)
	}
}

// TestSeasons: the next solstices and equinoxes, on their dates in the room's timezone (the
// December solstice of 2026, 20:50 UTC, is the 21st in Berlin and the 22nd in Auckland), and
// `!help season` finds the command.
func TestSeasons(t *testing.T) {
	room := apptest.New(t, app.Features()...).Room("assembly")
	room.Answers(t, "ana", "!seasons", "The next solstices and equinoxes in Europe/Berlin:",
		"December solstice: Mon 21 Dec 2026 (in 26 days)", "March equinox: Sat 20 Mar 2027", "June solstice: Mon 21 Jun 2027",
		"September equinox: Thu 23 Sep 2027", "!remind every equinox 10:00")
	apptest.Has(t, "help season", room.SayOne(t, "ana", "!help season"), "!seasons", "the room's timezone")
	room.Admin("ana")
	room.SayOne(t, "ana", "!tz Pacific/Auckland")
	room.Answers(t, "ana", "!solstice", "in Pacific/Auckland", "December solstice: Tue 22 Dec 2026")
}

// TestHelpNamesCommandsWithTheRoomsPrefix: the declared help texts name commands with "!"
// ("people say !in"); a room with another prefix reads its own in every help screen.
func TestHelpNamesCommandsWithTheRoomsPrefix(t *testing.T) {
	kit := apptest.NewWith(t, t.TempDir(), apptest.Start, func(c *config.Config) { c.CommandPrefix = "." }, app.Features()...)
	room := kit.Room("assembly")
	bang := regexp.MustCompile(`!([a-z]+)`)
	asks := []string{".help", ".help all", ".help basics", ".help roles", ".help votes", ".help rounds", ".help meetings", ".help reminders"}
	for _, f := range app.Features() {
		for _, c := range f.Commands {
			asks = append(asks, ".help "+c.Name)
		}
	}
	for _, ask := range asks {
		got := room.SayOne(t, "ana", ask)
		if m := bang.FindString(got); m != "" {
			t.Errorf("%s names %s, not with the prefix: %q", ask, m, got)
		}
	}
	room.Answers(t, "ana", ".help round", "people say .in")
	room.Answers(t, "ana", ".help !vote", "There is no command .!vote") // what was typed stays as typed
	room.Admin("ana")
	room.Answers(t, "ana", ".tz GMT+1", "Say .tz Europe/Berlin (or .tz yes).", "(for the fixed offset, say .tz Etc/GMT-1)")
}
