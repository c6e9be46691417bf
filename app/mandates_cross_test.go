package app_test

// Mandates tests that need other features: !status (basics) and !history (roles) show
// mandates, a facilitator by rotation (roles) gives them, and one time grammar serves a
// mandate's end, an away period (roles) and a vote's close (votes).

import (
	"strings"
	"testing"
	"time"

	"folkmoot/app/apptest"
)

// mandatesUntil moves the kit's clock to a moment and returns what the bot said on the way.
func mandatesUntil(t *testing.T, kit *apptest.Kit, at time.Time) []string {
	t.Helper()
	return apptest.Texts(kit.Advance(t, at.Sub(kit.Clock.Now())))
}

func TestMandateFromGivingToItsEnd(t *testing.T) {
	kit, room := mandatesRoom(t)
	posted := room.SayAs(t, apptest.Member("ana"), "!mandate bo talk to the landlord about the boiler until 5 dec 18:00")
	apptest.Has(t, "give", posted[0].Reply.Text(), "Mandate #1: bo is delegate for “talk to the landlord about the boiler” until Sat 5 Dec 18:00 CET.",
		"Reminders 3 days and 1 day before the end.", "!mandate end 1", "!recall 1")
	if m := apptest.MentionIDs(posted[0]); len(m) != 1 || m[0] != "bo@example.org" {
		t.Errorf("mentions %v", m)
	}
	apptest.Has(t, "list", room.SayOne(t, "cy", "!mandates"), "Active mandates:\n• #1 bo: “talk to the landlord about the boiler”, until Sat 5 Dec 18:00 CET (given by ana Wed 25 Nov 10:00 CET)")
	apptest.Has(t, "status", room.SayOne(t, "cy", "!status"), "• Mandates: #1 bo until Sat 5 Dec 18:00 CET")

	berlin, _ := time.LoadLocation("Europe/Berlin")
	if got := mandatesUntil(t, kit, time.Date(2026, 12, 2, 17, 59, 0, 0, berlin)); len(got) != 0 {
		t.Fatalf("before the first reminder: %q", got)
	}
	got := mandatesUntil(t, kit, time.Date(2026, 12, 2, 18, 0, 0, 0, berlin))
	if len(got) != 1 {
		t.Fatalf("3 days before: %q", got)
	}
	apptest.Has(t, "3 days", got[0], "Reminder: the mandate #1 of bo for “talk to the landlord about the boiler” ends in 3 days, Sat 5 Dec 18:00 CET.")
	got = mandatesUntil(t, kit, time.Date(2026, 12, 4, 18, 0, 0, 0, berlin))
	if len(got) != 1 || !strings.Contains(got[0], "ends in 1 day") {
		t.Fatalf("1 day before: %q", got)
	}
	end := kit.Advance(t, 24*time.Hour)
	if len(end) != 1 || end[0].Reply.Text() != "The mandate #1 of bo for “talk to the landlord about the boiler” has ended." || !end[0].Reply.Notice {
		t.Fatalf("end: %+v", end)
	}
	if m := apptest.MentionIDs(end[0]); len(m) != 1 || m[0] != "bo@example.org" {
		t.Errorf("end mentions %v", m)
	}
	if again := kit.Advance(t, 24*time.Hour); len(again) != 0 {
		t.Fatalf("after the end: %q", apptest.Texts(again))
	}
	apptest.Has(t, "list after", room.SayOne(t, "cy", "!mandates"), "No mandate is active.\nEnded in the last 90 days:\n• #1 bo: “talk to the landlord about the boiler”, ended on Sat 5 Dec 18:00 CET")
	apptest.Has(t, "history", room.SayOne(t, "cy", "!history delegate"),
		"History of delegate, latest first:\n• delegate: bo, Wed 25 Nov 10:00 CET to Sat 5 Dec 18:00 CET — mandate #1: “talk to the landlord about the boiler”")
	mandatesUntil(t, kit, time.Date(2027, 3, 6, 18, 0, 0, 0, berlin))
	apptest.Has(t, "list 91 days on", room.SayOne(t, "cy", "!mandates"), "No mandate is active, and none ended in the last 90 days.")
}

func TestRotatedFacilitatorGivesMandates(t *testing.T) {
	_, room := mandatesRoom(t)
	room.SayOne(t, "cy", "!join facilitator")
	room.SayOne(t, "ana", "!rotate facilitator")
	apptest.Has(t, "cy gives", room.SayOne(t, "cy", "!mandate bo buy paint until fri"), "Mandate #1: bo is delegate")
	apptest.Has(t, "bo cannot", room.SayOne(t, "bo", "!mandate cy buy paint until fri"), "Only the facilitator (cy), room admins or bot admins may give a mandate.")
}

// TestTimePhrasesPeopleWrite: the time phrases people write are read for a mandate's end,
// an away period and a vote's close, and the answer echoes the absolute time.
func TestTimePhrasesPeopleWrite(t *testing.T) {
	_, room := mandatesRoom(t)
	steps := []struct{ who, say, want string }{
		{"ana", "!mandate bo talk to the bakery for 2 days", "“talk to the bakery” until Fri 27 Nov 10:00 CET"},
		{"ana", "!mandate cy ask for the keys for 3 weeks", "“ask for the keys” until Wed 16 Dec 10:00 CET"},
		{"ana", "!mandate bo book the hall until next week", "until Mon 30 Nov"},
		{"ana", "!mandate bo buy paint until sunday evening", "until Sun 29 Nov 18:00 CET"},
		{"ana", "!mandate bo buy paint for ever", "ending with “until <when>” or “for <how long>”"},
		{"bo", "!away for 2 days", "bo is away until Fri 27 Nov 10:00 CET"},
		{"cy", "!away until next week", "cy is away until Mon 30 Nov"},
		{"bo", "!away next week", "bo is away until Mon 30 Nov"},
		{"cy", "!away until sunday evening", "cy is away until Sun 29 Nov 18:00 CET"},
		{"ana", `!vote new "Repaint?" --closes sunday evening`, "closes Sun 29 Nov 18:00 CET"},
		{"ana", `!vote new "Repaint?" --closes next week`, "closes Mon 30 Nov"},
		{"ana", `!vote new "Repaint?" --closes for 2 days`, "closes Fri 27 Nov 10:00 CET"},
	}
	for _, s := range steps {
		room.Answers(t, s.who, s.say, s.want)
	}
}
