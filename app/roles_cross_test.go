package app_test

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"folkmoot/app"
	"folkmoot/app/apptest"
)

// Tests of roles that need other features: !status gathers roles' lines, the facilitator
// may use basics' !tz, and the fuzzer types the same arguments at mandates' commands.

func TestRolesStartWithFourDefaults(t *testing.T) {
	room := apptest.New(t, app.Features()...).Room("assembly")
	got := room.SayOne(t, "ana", "!roles")
	apptest.Has(t, "roles", got, "• facilitator: nobody yet", "• notetaker: nobody yet", "• mediator: nobody yet",
		"• timekeeper: nobody yet", "Pool: nobody yet. Say !join to take part in every role")
	apptest.Has(t, "status", room.SayOne(t, "ana", "!status"), "• Roles: facilitator nobody · notetaker nobody · mediator nobody · timekeeper nobody")
	apptest.Has(t, "role alone shows", room.SayOne(t, "bo", "!role"), "• facilitator: nobody yet")
}

func TestRotateAnnouncesAndMakesTheFacilitator(t *testing.T) {
	_, room := rlRoom(t, "bo", "cy", "dee", "eve")
	apptest.Has(t, "member rotates", room.SayOne(t, "bo", "!rotate"), "Only the room's facilitator, room admins or bot admins may use !rotate.")
	posted := room.SayAs(t, apptest.Member("ana"), "!rotate")
	if len(posted) != 1 {
		t.Fatalf("rotate: %d replies", len(posted))
	}
	notice := posted[0].Reply.Text()
	apptest.Has(t, "notice", notice, "Roles rotated:", "• facilitator: ", "• notetaker: ", "(next in line: ",
		"you may !decline [reason] until Wed 25 Nov 22:00 CET", "!why <role> explains a choice")
	if got := apptest.MentionIDs(posted[0]); len(got) != 4 {
		t.Errorf("mentions %v, want the 4 chosen", got)
	}
	// Four roles, four members: nobody holds two.
	seen := map[string]bool{}
	for _, role := range []string{"facilitator", "notetaker", "mediator", "timekeeper"} {
		h := rlHolder(t, room, role)
		if h == "" || seen[h] {
			t.Fatalf("%s held by %q (seen %v)", role, h, seen)
		}
		seen[h] = true
	}
	facilitator := rlHolder(t, room, "facilitator")
	apptest.Has(t, "facilitator changes tz", room.SayOne(t, facilitator, "!tz UTC"), "now UTC")
	other := "bo"
	if facilitator == "bo" {
		other = "cy"
	}
	apptest.Has(t, "other changes tz", room.SayOne(t, other, "!tz Asia/Tokyo"), "Only the facilitator ("+facilitator+")")
	apptest.Has(t, "status", room.SayOne(t, "ana", "!status"), "• Roles: facilitator "+facilitator)
	apptest.Has(t, "rotate unknown", room.SayOne(t, "ana", "!rotate cook"), "I don't know a role “cook”")
}

func TestAwayMembersAreNeverChosen(t *testing.T) {
	kit, room := rlRoom(t)
	room.SayOne(t, "bo", "!join facilitator")
	room.SayOne(t, "cy", "!join facilitator")
	tests := []struct{ in, want string }{
		{"!away", "Say until when. Usage: !away until <when> [reason]"},
		{"!away until someday soon", "I couldn't read the time “someday”. Try:"},
		{"!away until 2020-01-01 10:00", "That time is in the past"},
		{"!away until fri visiting family", "cy is away until Fri 27 Nov 23:59 CET and won't be chosen"},
	}
	for _, tt := range tests {
		apptest.Has(t, tt.in, room.SayOne(t, "cy", tt.in), tt.want)
	}
	apptest.Has(t, "roles", room.SayOne(t, "ana", "!roles"), "Away: cy until Fri 27 Nov 23:59 CET (visiting family).")
	apptest.Has(t, "status", room.SayOne(t, "ana", "!status"), "• Away: cy until Fri 27 Nov 23:59 CET (visiting family)")
	for i := range 3 {
		room.SayOne(t, "ana", "!rotate facilitator")
		if h := rlHolder(t, room, "facilitator"); h != "bo" {
			t.Fatalf("rotation %d chose %q while cy is away", i, h)
		}
		kit.Advance(t, 13*time.Hour)
	}
	why := room.SayOne(t, "ana", "!why facilitator")
	apptest.Has(t, "why", why, "chosen bo", "nobody else left", "Skipped: cy (away).")
	apptest.Has(t, "back", room.SayOne(t, "cy", "!back"), "Welcome back, cy")
	apptest.Has(t, "back again", room.SayOne(t, "cy", "!back"), "You were not marked away.")
	room.SayOne(t, "ana", "!rotate facilitator")
	if h := rlHolder(t, room, "facilitator"); h != "cy" {
		t.Fatalf("after cy came back, chose %q", h)
	}
}

func TestScheduledRotationSurvivesRestartAndFiresOnce(t *testing.T) {
	dir := t.TempDir()
	kit := apptest.NewAt(t, dir, apptest.Start, app.Features()...)
	room := kit.Room("a")
	room.Admin("ana")
	room.SayOne(t, "bo", "!join")
	room.SayOne(t, "cy", "!join")
	apptest.Has(t, "every", room.SayOne(t, "ana", "!role every facilitator every monday 19:00"),
		"Facilitator rotates every Monday at 19:00, next Mon 30 Nov 19:00 CET.")
	apptest.Has(t, "every without every", room.SayOne(t, "ana", "!role every notetaker monday 19:00"), "every Monday at 19:00")
	apptest.Has(t, "roles", room.SayOne(t, "ana", "!roles"), "rotates every Monday at 19:00, next Mon 30 Nov 19:00 CET")
	apptest.Has(t, "status", room.SayOne(t, "ana", "!status"), "next rotation Mon 30 Nov 19:00 CET")
	kit.Close()

	kit2 := apptest.NewAt(t, dir, apptest.Start, app.Features()...)
	if got := kit2.Advance(t, 5*24*time.Hour); len(got) != 0 {
		t.Fatalf("before Monday: %q", apptest.Texts(got))
	}
	got := kit2.Advance(t, 9*time.Hour) // Mon 30 Nov 19:00 CET
	if len(got) != 1 || !got[0].Reply.Notice {
		t.Fatalf("Monday 19:00: want one notice, got %q", apptest.Texts(got))
	}
	apptest.Has(t, "notice", got[0].Reply.Text(), "Roles rotated:", "• facilitator: ", "• notetaker: ")
	apptest.Lacks(t, "notice", got[0].Reply.Text(), "mediator")
	if again := kit2.Advance(t, time.Hour); len(again) != 0 {
		t.Fatalf("fired twice: %q", apptest.Texts(again))
	}
	if next := kit2.Advance(t, 7*24*time.Hour); len(next) != 1 || !strings.Contains(next[0].Reply.Text(), "Roles rotated:") {
		t.Fatalf("next week: %q", apptest.Texts(next))
	}
	room2 := kit2.Room("a")
	room2.Admin("ana")
	apptest.Has(t, "off", room2.SayOne(t, "ana", "!role every facilitator off"), "Facilitator rotates by hand (!rotate facilitator).")
	room2.SayOne(t, "ana", "!role every notetaker off")
	if next := kit2.Advance(t, 7*24*time.Hour); len(next) != 0 {
		t.Fatalf("after off: %q", apptest.Texts(next))
	}
}

// FuzzRoleArguments types arbitrary text after the commands whose arguments are parsed by
// hand (a time and a reason, a member, a scope and "until", role names): whatever comes,
// the answer is one friendly message, never an internal error.
func FuzzRoleArguments(f *testing.F) {
	for _, s := range []string{"until fri visiting family", "for 2 weeks", "until", "bo stay until the end until fri 18:00",
		`"bo" “scope” until tomorrow`, "until until until", "cook --seats 2 every friday 18:00", "Note-Takers",
		"end 1", "#1 reason", "until 2026-02-30 10:00", "\x00 until \xff", "'unclosed until fri"} {
		f.Add(s)
	}
	kit := apptest.New(f, app.Features()...)
	room := kit.Room("fuzz")
	room.Admin("ana")
	room.Say(f, "bo", "hello")
	f.Fuzz(func(t *testing.T, args string) {
		if !utf8.ValidString(args) || strings.ContainsAny(args, "\n\r") {
			return // chat messages are one line of UTF-8 by the time they reach a command
		}
		for _, cmd := range []string{"!away ", "!mandate ", "!join ", "!role add ", "!role every facilitator ", "!swap ", "!recall ", "!history ", "!why "} {
			got := room.Say(t, "ana", cmd+args)
			if len(got) != 1 {
				t.Fatalf("%q: %d answers %q", cmd+args, len(got), got)
			}
			if strings.Contains(got[0], "Something went wrong") {
				t.Fatalf("%q: %q", cmd+args, got[0])
			}
		}
		room.Say(t, "ana", "!back")
	})
}

// rlRoom starts a kit whose room has ana as room admin and the named members in the pool of
// every role.
func rlRoom(t *testing.T, members ...string) (*apptest.Kit, *apptest.Room) {
	t.Helper()
	kit := apptest.New(t, app.Features()...)
	room := kit.Room("assembly")
	room.Admin("ana")
	for _, m := range members {
		apptest.Has(t, m+" joins", room.SayOne(t, m, "!join"), "is now in the pool")
	}
	return kit, room
}

// rlHolder reads who !roles says holds a role ("" for nobody).
func rlHolder(t *testing.T, room *apptest.Room, role string) string {
	t.Helper()
	for _, line := range strings.Split(room.SayOne(t, "zed", "!roles"), "\n") {
		rest, ok := strings.CutPrefix(line, "• "+role+": ")
		if !ok {
			continue
		}
		if strings.HasPrefix(rest, "nobody") {
			return ""
		}
		name, _, _ := strings.Cut(rest, " since ")
		return name
	}
	t.Fatalf("!roles has no line for %s", role)
	return ""
}
