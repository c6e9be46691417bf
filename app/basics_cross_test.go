package app_test

import (
	"regexp"
	"strings"
	"testing"

	"folkmoot/app"
	"folkmoot/app/apptest"
	"folkmoot/bot"
	"folkmoot/config"
)

// Tests of basics that need every feature: help lists every command and section, !status
// gathers every feature's lines, and basics' guards meet roles' commands.

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
		"Rounds and queue (!help rounds): round, in, done, pass, next,", "Basics (!help basics): help, status, tz, lang, seasons, whoami",
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
