package roles_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"folkmoot/app"
	"folkmoot/app/apptest"
)

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
