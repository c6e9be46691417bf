package mandates_test

import (
	"strings"
	"testing"
	"time"

	"folkmoot/app"
	"folkmoot/app/apptest"
)

// mdRoom starts a kit whose room has ana as room admin and bo, cy as known members.
func mdRoom(t *testing.T) (*apptest.Kit, *apptest.Room) {
	t.Helper()
	kit := apptest.New(t, app.Features()...)
	room := kit.Room("assembly")
	room.Admin("ana")
	room.Say(t, "bo", "hello")
	room.Say(t, "cy", "hello")
	return kit, room
}

// mdUntil moves the kit's clock to a moment and returns what the bot said on the way.
func mdUntil(t *testing.T, kit *apptest.Kit, at time.Time) []string {
	t.Helper()
	return apptest.Texts(kit.Advance(t, at.Sub(kit.Clock.Now())))
}

func TestMandateFromGivingToItsEnd(t *testing.T) {
	kit, room := mdRoom(t)
	posted := room.SayAs(t, apptest.Member("ana"), "!mandate bo talk to the landlord about the boiler until 5 dec 18:00")
	apptest.Has(t, "give", posted[0].Reply.Text(), "Mandate #1: bo is delegate for “talk to the landlord about the boiler” until Sat 5 Dec 18:00 CET.",
		"Reminders 3 days and 1 day before the end.", "!mandate end 1", "!recall 1")
	if m := apptest.MentionIDs(posted[0]); len(m) != 1 || m[0] != "bo@example.org" {
		t.Errorf("mentions %v", m)
	}
	apptest.Has(t, "list", room.SayOne(t, "cy", "!mandates"), "Active mandates:\n• #1 bo: “talk to the landlord about the boiler”, until Sat 5 Dec 18:00 CET (given by ana Wed 25 Nov 10:00 CET)")
	apptest.Has(t, "status", room.SayOne(t, "cy", "!status"), "• Mandates: #1 bo until Sat 5 Dec 18:00 CET")

	berlin, _ := time.LoadLocation("Europe/Berlin")
	if got := mdUntil(t, kit, time.Date(2026, 12, 2, 17, 59, 0, 0, berlin)); len(got) != 0 {
		t.Fatalf("before the first reminder: %q", got)
	}
	got := mdUntil(t, kit, time.Date(2026, 12, 2, 18, 0, 0, 0, berlin))
	if len(got) != 1 {
		t.Fatalf("3 days before: %q", got)
	}
	apptest.Has(t, "3 days", got[0], "Reminder: the mandate #1 of bo for “talk to the landlord about the boiler” ends in 3 days, Sat 5 Dec 18:00 CET.")
	got = mdUntil(t, kit, time.Date(2026, 12, 4, 18, 0, 0, 0, berlin))
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
	mdUntil(t, kit, time.Date(2027, 3, 6, 18, 0, 0, 0, berlin))
	apptest.Has(t, "list 91 days on", room.SayOne(t, "cy", "!mandates"), "No mandate is active, and none ended in the last 90 days.")
}

func TestMandateInputIsCheckedAndNothingChanges(t *testing.T) {
	_, room := mdRoom(t)
	tests := []struct{ who, in, want string }{
		{"bo", "!mandate cy buy paint until fri", "Only the room's facilitator, room admins or bot admins may give a mandate."},
		{"ana", "!mandate", "Say who, for what, and until when. Usage: !mandate <member> <scope> until <when>|for <how long> | end <id>"},
		{"ana", "!mandate bo buy paint", "Say until when the mandate runs"},
		{"ana", "!mandate bo until fri", "Say what the mandate is for."},
		{"ana", "!mandate bo buy paint until", "Say until when the mandate runs"},
		{"ana", "!mandate zoe buy paint until fri", "I don't know a member “zoe” in this room."},
		{"ana", "!mandate bo buy paint until someday", "I couldn't read the time “someday”"},
		{"ana", "!mandate bo buy paint until 2026-01-01 10:00", "That time is in the past"},
		{"ana", "!mandate bo " + strings.Repeat("x", 201) + " until fri", "Please keep the scope under 200 characters"},
		{"ana", "!mandate end 1", "There is no mandate #1 in this room (!mandates lists them)."},
		{"cy", "!recall 1", "There is no mandate #1 in this room"},
		{"cy", "!recall one", "“one” is not a mandate number"},
		{"cy", "!recall", "Say which mandate, by its number."},
	}
	for _, tt := range tests {
		apptest.Has(t, tt.in, room.SayOne(t, tt.who, tt.in), tt.want)
	}
	apptest.Has(t, "nothing stored", room.SayOne(t, "ana", "!mandates"), "No mandate is active, and none ended")
	apptest.Has(t, "nothing scheduled", room.SayOne(t, "ana", "!status"), "Nothing scheduled.")
}

func TestMandateScopeMayContainUntil(t *testing.T) {
	_, room := mdRoom(t)
	got := room.SayOne(t, "ana", "!mandate @bo:example.org stay until the talks end, then report until Fri 18:00")
	apptest.Has(t, "scope", got, "Mandate #1: @bo:example.org is delegate for “stay until the talks end, then report” until Fri 27 Nov 18:00 CET.")
	got = room.SayOne(t, "ana", `!mandate "bo" “speak for us” until tomorrow`)
	apptest.Has(t, "quoted", got, "Mandate #2: bo is delegate for “speak for us” until Thu 26 Nov 23:59 CET.", "A reminder")
}

func TestMandateEndsEarly(t *testing.T) {
	kit, room := mdRoom(t)
	room.SayOne(t, "ana", "!mandate bo buy paint until 10 dec")
	room.SayOne(t, "ana", "!mandate cy fix the door until 10 dec")
	apptest.Has(t, "other member", room.SayOne(t, "cy", "!mandate end 1"), "Only the delegate (bo), the room's facilitator, room admins or bot admins may end mandate #1.")
	apptest.Has(t, "delegate", room.SayOne(t, "bo", "!mandate end #1"), "The mandate #1 of bo for “buy paint” has ended, early, by bo.")
	apptest.Has(t, "twice", room.SayOne(t, "bo", "!mandate end 1"), "Mandate #1 already ended Wed 25 Nov 10:00 CET.")
	posted := room.SayAs(t, apptest.Member("ana"), "!mandate end 2")
	apptest.Has(t, "facilitator", posted[0].Reply.Text(), "The mandate #2 of cy for “fix the door” has ended, early, by ana.")
	if m := apptest.MentionIDs(posted[0]); len(m) != 1 || m[0] != "cy@example.org" {
		t.Errorf("mentions %v", m)
	}
	apptest.Has(t, "list", room.SayOne(t, "ana", "!mandates"), "• #2 cy: “fix the door”, ended early by ana on Wed 25 Nov", "• #1 bo: “buy paint”, ended early by bo on Wed 25 Nov")
	if got := kit.Advance(t, 20*24*time.Hour); len(got) != 0 {
		t.Fatalf("ended mandates still fired: %q", apptest.Texts(got))
	}
}

func TestRotatedFacilitatorGivesMandates(t *testing.T) {
	_, room := mdRoom(t)
	room.SayOne(t, "cy", "!join facilitator")
	room.SayOne(t, "ana", "!rotate facilitator")
	apptest.Has(t, "cy gives", room.SayOne(t, "cy", "!mandate bo buy paint until fri"), "Mandate #1: bo is delegate")
	apptest.Has(t, "bo cannot", room.SayOne(t, "bo", "!mandate cy buy paint until fri"), "Only the facilitator (cy), room admins or bot admins may give a mandate.")
}

func TestMandateEndSurvivesRestartOnce(t *testing.T) {
	dir := t.TempDir()
	kit := apptest.NewAt(t, dir, apptest.Start, app.Features()...)
	room := kit.Room("a")
	room.Admin("ana")
	room.Say(t, "bo", "hi")
	room.SayOne(t, "ana", "!mandate bo buy paint until in 2 hours")
	apptest.Has(t, "reminders", room.SayOne(t, "ana", "!mandates"), "#1 bo")
	kit.Close()

	// Down for five hours: the end is overdue at start and still fires, once.
	kit2 := apptest.NewAt(t, dir, apptest.Start.Add(5*time.Hour), app.Features()...)
	got := apptest.Texts(kit2.Tick(t))
	if len(got) != 1 || !strings.Contains(got[0], "The mandate #1 of bo for “buy paint” has ended. (It was due Wed 25 Nov 12:00 CET, while folkmoot was offline.)") {
		t.Fatalf("after restart: %q", got)
	}
	if again := kit2.Advance(t, time.Hour); len(again) != 0 {
		t.Fatalf("fired twice: %q", apptest.Texts(again))
	}
}

func TestRecallVote(t *testing.T) {
	kit, room := mdRoom(t)
	room.SayOne(t, "ana", "!mandate bo speak for us at the city council until 20 dec")
	room.SayOne(t, "ana", "!mandate cy buy paint until 20 dec")
	posted := room.SayAs(t, apptest.Member("cy"), "!recall 1 we never agreed to the rent offer")
	text := posted[0].Reply.Text()
	apptest.Has(t, "recall", text, "cy asks to recall the mandate #1 of bo for “speak for us at the city council”: we never agreed to the rent offer. If the vote passes, the mandate ends at once.",
		"Vote #1 “Recall mandate #1 of bo (“speak for us at the city council”)?” is open.", "A majority vote")
	if m := apptest.MentionIDs(posted[0]); len(m) != 1 || m[0] != "bo@example.org" {
		t.Errorf("mentions %v", m)
	}
	apptest.Has(t, "twice", room.SayOne(t, "ana", "!recall 1"), "A vote on this is already open: Vote #1")
	room.SayOne(t, "cy", "!recall 2")
	for _, m := range []string{"ana", "cy"} {
		room.SayOne(t, m, "!vote 1 yes")
		room.SayOne(t, m, "!vote 2 no")
	}
	room.SayOne(t, "bo", "!vote 1 no")
	closing := strings.Join(apptest.Texts(kit.Advance(t, 48*time.Hour)), "\n")
	apptest.Has(t, "recalled", closing, "The mandate #1 of bo for “speak for us at the city council” is recalled: vote #1 passed; it has ended.",
		"Vote #2 did not recall mandate #2: cy keeps “buy paint” until Sun 20 Dec")
	apptest.Lacks(t, "kept", closing, "The mandate #2")
	apptest.Has(t, "list", room.SayOne(t, "ana", "!mandates"), "• #2 cy: “buy paint”, until", "• #1 bo: “speak for us at the city council”, recalled by vote #1 on Fri 27 Nov 10:00 CET")
	apptest.Has(t, "history", room.SayOne(t, "ana", "!history delegate"), "mandate #1: “speak for us at the city council”, recalled")
	apptest.Has(t, "recall ended", room.SayOne(t, "cy", "!recall 1"), "Mandate #1 already ended Fri 27 Nov 10:00 CET; there is nothing to recall.")
	if got := kit.Advance(t, 30*24*time.Hour); !apptest.Contains(apptest.Texts(got), "The mandate #2 of cy for “buy paint” has ended.") ||
		apptest.Contains(apptest.Texts(got), "The mandate #1") {
		t.Fatalf("later: %q", apptest.Texts(got))
	}
}

// TestTimePhrasesPeopleWrite: the time phrases people write are read for a mandate's end,
// an away period and a vote's close, and the answer echoes the absolute time.
func TestTimePhrasesPeopleWrite(t *testing.T) {
	_, room := mdRoom(t)
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

// TestLateReminderSaysSo: a reminder that fires after an outage says it comes late, and
// counts the time left from now.
func TestLateReminderSaysSo(t *testing.T) {
	dir := t.TempDir()
	kit := apptest.NewAt(t, dir, apptest.Start, app.Features()...)
	room := kit.Room("a")
	room.Admin("ana")
	room.Answers(t, "ana", "!mandate ana book the hall until 2 dec 10:00", "Mandate #1")
	kit.Close()
	kit2 := apptest.NewAt(t, dir, time.Date(2026, 11, 30, 21, 0, 0, 0, time.UTC), app.Features()...)
	got := strings.Join(apptest.Texts(kit2.Tick(t)), "\n")
	apptest.Has(t, "late reminder", got, "ends in 36 hours", "(This reminder comes 36 hours late: folkmoot was offline.)")
}

// TestTwoLikeMandatesAreToldApart: two mandates of one delegate for one scope end with
// notices the room can tell apart, each naming its mandate by number.
func TestTwoLikeMandatesAreToldApart(t *testing.T) {
	kit, room := mdRoom(t)
	room.Say(t, "Zoë 🌻", "hello")
	room.SayOne(t, "ana", "!mandate Zoë 🌻 speak at the council until in 2 hours")
	room.SayOne(t, "ana", "!mandate Zoë 🌻 speak at the council until in 3 hours")
	got := apptest.Texts(kit.Advance(t, 2*time.Hour))
	got = append(got, apptest.Texts(kit.Advance(t, time.Hour))...)
	want := []string{"The mandate #1 of Zoë 🌻 for “speak at the council” has ended.", "The mandate #2 of Zoë 🌻 for “speak at the council” has ended."}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("ends: %q, want %q", got, want)
	}
}
