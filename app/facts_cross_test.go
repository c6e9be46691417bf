package app_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"folkmoot/app"
	"folkmoot/app/apptest"
	"folkmoot/bot"
)

// Tests of the room's facts (who a typed name means) through every feature that takes a
// member: tasks, mandates, swaps, rounds and meetings' actions.

// A room whose members have the names real rooms have: accents, spaces, emoji, RTL, CJK,
// combining marks, and two who share a name.
var (
	nmAna     = apptest.Member("ana") // the room admin
	nmJose    = bot.Member{ID: "@jose:example.org", Name: "José"}
	nmMaryJ   = bot.Member{ID: "@mj:example.org", Name: "Mary Jane"}
	nmMary    = bot.Member{ID: "@mary:example.org", Name: "Mary"}
	nmZoe     = bot.Member{ID: "@zoe:example.org", Name: "Zoë 🌻"}
	nmRezan   = bot.Member{ID: "@rezan:example.org", Name: "رێزان"}
	nmLi      = bot.Member{ID: "@li:example.org", Name: "李小龍"}
	nmNoemi   = bot.Member{ID: "@noemi:example.org", Name: "Noe\u0308mi"} // ë as e and a combining mark
	nmBoHere  = bot.Member{ID: "@bo:example.org", Name: "bo"}
	nmBoThere = bot.Member{ID: "@bo:elsewhere.org", Name: "Bo"}
)

// nmRoom starts a kit whose room has ana as room admin and the members of every kind of name.
func nmRoom(t *testing.T) (*apptest.Kit, *apptest.Room) {
	t.Helper()
	kit := apptest.New(t, app.Features()...)
	room := kit.Room("assembly")
	room.Admin("ana")
	kit.Transport.SetMembers(room.Room, nmAna, nmJose, nmMaryJ, nmMary, nmZoe, nmRezan, nmLi, nmNoemi, nmBoHere, nmBoThere)
	return kit, room
}

// nmSays has a member say something and returns the one answer.
func nmSays(t *testing.T, room *apptest.Room, m bot.Member, text string) string {
	t.Helper()
	got := apptest.Texts(room.SayAs(t, m, text))
	if len(got) != 1 {
		t.Fatalf("%s says %q: %d answers %q", m.Name, text, len(got), got)
	}
	return got[0]
}

// Issue 19: `for jose` did not find José, `for Mary Jane` became part of the task, `for "bo"`
// was "I don't know a member “"bo"”", and `!task give 1 Mary Jane` got a usage line.
func TestTaskNames(t *testing.T) {
	_, room := nmRoom(t)
	tests := []struct{ in, want string }{
		{"!task add fix the door for jose", "Task #1: “fix the door” for José."},
		{"!task add fix the gate for Mary Jane due 28 nov 12:00", "Task #2: “fix the gate” for Mary Jane, due Sat 28 Nov 12:00 CET."},
		{"!task add sweep for mary", "Task #3: “sweep” for Mary."},
		{`!task add buy paint for "Mary Jane"`, "Task #4: “buy paint” for Mary Jane."},
		{"!task add buy paint for “Zoë 🌻”", "Task #5: “buy paint” for Zoë 🌻."},
		{"!task add buy paint for zoe", "Task #6: “buy paint” for Zoë 🌻."},
		{"!task add water the plants for رێزان", "Task #7: “water the plants” for رێزان."},
		{"!task add water the plants for 李小龍", "Task #8: “water the plants” for 李小龍."},
		{"!task add water the plants for noëmi", "Task #9: “water the plants” for " + nmNoemi.Name + "."},
		{"!task add water the plants for NOEMI", "Task #10: “water the plants” for " + nmNoemi.Name + "."},
		{"!task add paint the hall for the fair", "Task #11: “paint the hall for the fair”. Nobody has it yet"},
		{`!task add fix it for "nobody"`, "I don't know a member “nobody” in this room."},
		{`!task add fix it for "bo"`, "“bo” could be bo (@bo:example.org) or Bo (@bo:elsewhere.org). Which one? Say it again with their ID, like @bo:example.org."},
		{"!task add fix it for @bo:elsewhere.org", "Task #12: “fix it” for Bo."},
		{"!task give 11 Mary Jane", "Task #11 “paint the hall for the fair” is now Mary Jane's."},
		{"!task give 11 “José”", "Task #11 “paint the hall for the fair” is now José's."},
		{"!task give 11 رێزان", "is now رێزان's."},
		{"!task give 11 BO", "“BO” could be bo (@bo:example.org) or Bo (@bo:elsewhere.org)."},
		{"!task give 11 Mary Jones", "I don't know a member “Mary Jones” in this room."},
	}
	for _, tt := range tests {
		apptest.Has(t, tt.in, nmSays(t, room, nmAna, tt.in), tt.want)
	}
	// The refused ones changed nothing.
	apptest.Has(t, "tasks", nmSays(t, room, nmAna, "!tasks"), "#11 “paint the hall for the fair” — رێزان")
	apptest.Lacks(t, "tasks", nmSays(t, room, nmAna, "!tasks"), "#13")
}

func TestMandateSwapAndRoundNames(t *testing.T) {
	_, room := nmRoom(t)
	apptest.Has(t, "mandate", nmSays(t, room, nmAna, "!mandate Mary Jane negotiate the rent until 28 nov 12:00"),
		"Mandate #1: Mary Jane is delegate for “negotiate the rent” until Sat 28 Nov 12:00 CET.")
	apptest.Has(t, "mandate", nmSays(t, room, nmAna, "!mandate mary negotiate the rent until 28 nov 12:00"),
		"Mandate #2: Mary is delegate for “negotiate the rent” until")
	apptest.Has(t, "mandate", nmSays(t, room, nmAna, "!mandate “Zoë 🌻” talk to the council until 28 nov 12:00"),
		"Mandate #3: Zoë 🌻 is delegate for “talk to the council” until")
	apptest.Has(t, "mandate", nmSays(t, room, nmAna, "!mandate bo talk to the council until 28 nov 12:00"),
		"“bo” could be bo (@bo:example.org) or Bo (@bo:elsewhere.org).")

	nmSays(t, room, nmAna, "!join facilitator")
	apptest.Has(t, "rotate", nmSays(t, room, nmAna, "!rotate facilitator"), "• facilitator: ana")
	apptest.Has(t, "swap", nmSays(t, room, nmAna, "!swap facilitator jose"), "José: ana offers you their seat as facilitator.")
	apptest.Has(t, "accept", nmSays(t, room, nmJose, "!accept"), "José")
	apptest.Has(t, "swap", nmSays(t, room, nmJose, "!swap facilitator Mary Jane"), "Mary Jane: José offers you their seat as facilitator.")

	got := nmSays(t, room, nmJose, "!round budget --with رێزان, Mary Jane noëmi and 李小龍")
	apptest.Has(t, "round", got, "The order “budget”: رێزان, Mary Jane, "+nmNoemi.Name+", 李小龍.")
	nmSays(t, room, nmJose, "!round stop")
	apptest.Has(t, "round", nmSays(t, room, nmJose, "!round again --with ana, Marie Jones"), "I don't know a member “Marie Jones”")
	apptest.Has(t, "round", nmSays(t, room, nmJose, "!round again --with ana, Mary Jones"), "I don't know a member “Jones”")
}

func TestActionNames(t *testing.T) {
	_, room := nmRoom(t)
	nmSays(t, room, nmAna, "!meeting start Plenary")
	apptest.Has(t, "action", nmSays(t, room, nmAna, "!action ask the landlord for Mary Jane due 28 nov 12:00"),
		"Action: “ask the landlord” — Mary Jane, due Sat 28 Nov 12:00 CET.")
	apptest.Has(t, "action", nmSays(t, room, nmAna, "!action call the council for “Zoë 🌻”"), "Action: “call the council” — Zoë 🌻.")
	apptest.Has(t, "action", nmSays(t, room, nmAna, "!action call the council for jose"), "Action: “call the council” — José.")
	apptest.Has(t, "action", nmSays(t, room, nmAna, "!action paint for the fair"), "Action: “paint for the fair” — nobody yet.")
}

// FuzzNamedCommands types anything where a command expects a member: whatever comes, the
// answer is one message, never an internal error.
func FuzzNamedCommands(f *testing.F) {
	for _, s := range []string{"jose", "Mary Jane", `"Mary Jane"`, "“Zoë 🌻”", "رێزان", "李小龍", "bo", "«", "'", `"`,
		"Mary Jane Mary Jane and, , and", "@x:y", "\u202eana", "Noe\u0308mi", "ａｎａ"} {
		f.Add(s)
	}
	kit := apptest.New(f, app.Features()...)
	room := kit.Room("fuzz")
	room.Admin("ana")
	kit.Transport.SetMembers(room.Room, nmAna, nmJose, nmMaryJ, nmMary, nmZoe, nmRezan, nmLi, nmNoemi, nmBoHere, nmBoThere)
	room.SayOne(f, "ana", "!task add sweep the yard")
	room.SayOne(f, "ana", "!meeting start Fuzz")
	f.Fuzz(func(t *testing.T, name string) {
		if !utf8.ValidString(name) || strings.ContainsAny(name, "\n\r") {
			return // chat messages are one line of UTF-8 by the time they reach a command
		}
		for _, cmd := range []string{"!task give 1 ", "!task add fix it for ", "!mandate ", "!swap facilitator ",
			"!round budget --with ", "!round stop", "!action call for "} {
			text := cmd + name
			if strings.HasPrefix(cmd, "!mandate") {
				text += " negotiate until fri 18:00"
			}
			got := room.Say(t, "ana", text)
			if len(got) != 1 || strings.Contains(got[0], "Something went wrong") {
				t.Fatalf("%q: %q", text, got)
			}
		}
	})
}
