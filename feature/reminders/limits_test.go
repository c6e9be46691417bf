package reminders_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"folkmoot/app/apptest"
	"folkmoot/bot"
	"folkmoot/config"
	"folkmoot/schedule"
)

// Only whoever set a reminder, whom it mentions, or facilitator-level cancels it.
func TestWhoMayCancelAReminder(t *testing.T) {
	tests := []struct{ who, want string }{
		{"ana", "Reminder #1 “call the printer 🖨” is cancelled."}, // who set it
		{"cy", "Reminder #1 “call the printer 🖨” is cancelled."},  // a room admin
		{"bo", "Only whoever set it (ana), the room's facilitator, room admins or bot admins may cancel reminder #1."},
		{"رێزان", "Only whoever set it (ana)"},
	}
	for _, tc := range tests {
		t.Run(tc.who, func(t *testing.T) {
			kit := apptest.New(t, features()...)
			room := kit.Room("a")
			room.Admin("cy")
			room.Say(t, "ana", "!remind me in 2 hours call the printer 🖨")
			room.Answers(t, tc.who, "!remind cancel 1", tc.want)
			fired := len(kit.Advance(t, 2*time.Hour))
			if cancelled := tc.want[0] == 'R'; fired != map[bool]int{true: 0, false: 1}[cancelled] {
				t.Fatalf("%d reminders fired", fired)
			}
		})
	}
	// A reminder for the room is its setter's; one someone else set is not yours to cancel.
	kit := apptest.New(t, features()...)
	room := kit.Room("a")
	room.Say(t, "Zoë 🌻", "!remind fri 18:00 bring the tables in")
	room.Answers(t, "bo", "!remind cancel 1", "Only whoever set it (Zoë 🌻)")
	room.Answers(t, "Zoë 🌻", "!remind cancel 1", "is cancelled")
}

// A recurring reminder repeats at most once an hour (limits.reminder_min_interval), however
// it is made: cron, every …, the seasons; facilitator-level may go below it with --often.
func TestRecurringRemindersRepeatAtMostHourly(t *testing.T) {
	refused := "a reminder here repeats at most every 1 hour (limits.reminder_min_interval in folkmoot's config)"
	tests := []struct{ who, in, want string }{
		{"bo", "!remind cron * * * * * spam", "That schedule repeats every 1 minute; " + refused},
		{"bo", `!remind cron "*/30 * * * *" spam`, "That schedule repeats every 30 minutes; " + refused},
		{"bo", `!remind me cron "0,1 9 * * 1" stretch`, "That schedule repeats every 1 minute; " + refused},
		{"bo", `!remind cron "59 23 * * *" late`, "Reminder #1 for the room"},
		{"bo", `!remind cron "0 * * * *" chime`, "Reminder #1 for the room, on the cron schedule “0 * * * *”"},
		{"bo", "!remind every day 09:00 water the beds", "Reminder #1 for the room, every day at 09:00"},
		{"bo", "!remind every season 10:00 walk the bounds", "Reminder #1 for the room, every equinox and solstice"},
		{"bo", "!remind --often cron * * * * * spam", "Only the room's facilitator, room admins or bot admins may set a reminder with --often"},
		{"ana", "!remind cron * * * * * spam", "That schedule repeats every 1 minute; " + refused},
		{"ana", "!remind --often cron * * * * * tea", "Reminder #1 for the room, on the cron schedule “* * * * *”"},
		{"ana", `!remind me cron "*/5 * * * *" stretch —often`, "Reminder #1 for you, on the cron schedule “*/5 * * * *”"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			kit := apptest.New(t, features()...)
			room := kit.Room("a")
			room.Admin("ana")
			room.Answers(t, tc.who, tc.in, tc.want)
			if tc.want[0] != 'R' {
				room.Answers(t, tc.who, "!reminders", "No reminder is pending.")
			}
		})
	}
	// --often's reminder goes out as often as it says, and its text has no option in it.
	kit := apptest.New(t, features()...)
	room := kit.Room("a")
	room.Admin("ana")
	room.Say(t, "ana", "!remind cron * * * * * tea 🍵 --often")
	for range 3 {
		if got := apptest.Texts(kit.Advance(t, time.Minute)); len(got) != 1 || got[0] != "Reminder: tea 🍵" {
			t.Fatalf("every minute: %q", got)
		}
	}
}

// The minimum interval is folkmoot's admin's to set; a schedule's interval is its pattern's,
// so a daily reminder is daily even when it is set the day before the clocks skip an hour.
func TestReminderMinimumIntervalIsConfigurable(t *testing.T) {
	kit := apptest.NewWith(t, t.TempDir(), time.Date(2027, 3, 26, 9, 0, 0, 0, time.UTC), func(c *config.Config) {
		c.Limits.ReminderMinInterval = config.Duration{Duration: 24 * time.Hour}
	}, features()...)
	room := kit.Room("a")
	room.Answers(t, "bo", "!remind every day 02:30 water the seedlings", "Reminder #1 for the room, every day at 02:30")
	room.Answers(t, "bo", `!remind cron "0 */12 * * *" turn the compost`,
		"That schedule repeats every 12 hours; a reminder here repeats at most every 1 day (limits.reminder_min_interval in folkmoot's config).")
	room.Answers(t, "bo", "!remind every solstice 10:00 walk", "Reminder #2 for the room")
}

// Open reminders are capped per member, over every room and private messages, and per room;
// the refusal says the limit and its key. A reminder that fired, or one missed while
// folkmoot was down, leaves room for another.
func TestOpenRemindersAreCapped(t *testing.T) {
	dir := t.TempDir()
	caps := func(c *config.Config) { c.Limits.OpenRemindersPerMember, c.Limits.OpenRemindersPerRoom = 3, 5 }
	kit := apptest.NewWith(t, dir, apptest.Start, caps, features()...)
	room, other := kit.Room("a"), kit.Room("b")
	room.Say(t, "bo", "!remind in 10m tea")
	room.Say(t, "bo", "!remind me every monday 19:00 assembly")
	other.Say(t, "bo", "!remind every day 09:00 water")
	perMember := "You have set 3 reminders that are still pending (in all rooms), the most one member may (limits.open_reminders_per_member in folkmoot's config). Cancel some first (!reminders lists them, !remind cancel <id>), or ask folkmoot's admin to raise the limit."
	room.Answers(t, "bo", "!remind fri 18:00 chairs", perMember)
	other.Answers(t, "bo", "!remind fri 18:00 chairs", perMember)
	if got := apptest.Texts(room.SayPrivately(t, apptest.Member("bo"), "remind me fri 18:00 chairs")); len(got) != 1 || got[0] != perMember {
		t.Fatalf("privately: %q", got)
	}
	kit.Advance(t, 10*time.Minute) // the tea reminder fires: one place again
	room.Answers(t, "bo", "!remind fri 18:00 chairs", "Reminder #3")
	for i := range 3 {
		room.Answers(t, "cy", fmt.Sprintf("!remind in %dh stretch", i+1), "Reminder #")
	}
	room.Answers(t, "dan", "!remind fri 18:00 cake",
		"This room has 5 pending reminders, the most a room may have (limits.open_reminders_per_room in folkmoot's config).")
	other.Answers(t, "dan", "!remind fri 18:00 cake", "Reminder #2 for the room")

	// cy's reminders are missed while folkmoot is down; they count no more.
	kit.Close()
	kit = apptest.NewWith(t, dir, apptest.Start.Add(6*time.Hour), caps, features()...)
	kit.Tick(t)
	kit.Room("a").Answers(t, "dan", "!remind fri 18:00 cake", "Reminder #7 for the room")
}

// !reminders lists the 30 soonest and says how many more there are.
func TestManyRemindersAreListedInPart(t *testing.T) {
	kit := apptest.New(t, features()...)
	room := kit.Room("a")
	for i := range 32 {
		room.Say(t, "bo", fmt.Sprintf("!remind in %dh stretch %d", i+1, i+1))
	}
	got := room.SayOne(t, "bo", "!reminders")
	apptest.Has(t, "list", got, "• #30 ", "stretch 30”\n… and 2 more, later.")
	if strings.Contains(got, "stretch 31") {
		t.Fatalf("listed more than 30: %s", got)
	}
}

// A reminder that repeats more often than the limit without --often (set before the limit
// existed, or before it was raised) is stopped when it fires, with one notice saying why;
// facilitator-level's --often reminder goes on.
func TestTooFrequentReminderIsStoppedWhenItFires(t *testing.T) {
	dir := t.TempDir()
	kit := apptest.NewWith(t, dir, apptest.Start, func(c *config.Config) {
		c.Limits.ReminderMinInterval = config.Duration{Duration: time.Minute} // as good as no limit, as before
	}, features()...)
	room := kit.Room("a")
	room.Admin("ana")
	room.Answers(t, "bo", "!remind cron * * * * * spam 🌻", "Reminder #1")
	room.Answers(t, "ana", "!remind --often cron */2 * * * * tea", "Reminder #2")
	kit.Close()
	kit = apptest.NewAt(t, dir, apptest.Start, features()...)
	room = kit.Room("a")
	got := apptest.Texts(kit.Advance(t, time.Minute))
	want := "Reminder #1 “spam 🌻” repeated every 1 minute, more often than a reminder here may (every 1 hour at most: limits.reminder_min_interval in folkmoot's config); it is stopped. " +
		"Set it again on a slower schedule with !remind every …; facilitator-level may keep this one with !remind --often …."
	if len(got) != 1 || got[0] != want {
		t.Fatalf("at the first minute: %q", got)
	}
	var tea int
	for range 4 {
		for _, text := range apptest.Texts(kit.Advance(t, time.Minute)) {
			if text != "Reminder: tea" {
				t.Fatalf("after the stop: %q", text)
			}
			tea++
		}
	}
	if tea != 2 {
		t.Fatalf("the --often reminder fired %d times in 4 minutes, want 2", tea)
	}
	got1 := room.SayOne(t, "bo", "!reminders")
	apptest.Lacks(t, "list", got1, "spam")
	apptest.Has(t, "list", got1, "“tea”")
	// The stopped reminder's job ended with it: left pending, it fired (silently) every
	// minute for ever.
	jobs, err := schedule.Pending(context.Background(), kit.App.DB, room.Room, "reminder")
	if err != nil || len(jobs) != 1 || !strings.Contains(jobs[0].Title, "tea") {
		t.Fatalf("pending reminder jobs %+v, %v; want only tea's", jobs, err)
	}
}

// A repeating reminder that ended without its job (cancelled by an older folkmoot, or its
// row gone) ends that job the next time it fires, instead of firing unheard for ever.
func TestRepeatingReminderWithoutItsReminderEndsItsJob(t *testing.T) {
	for _, gone := range []string{
		`UPDATE reminders SET ended_at = 1`,
		`DELETE FROM reminders`,
	} {
		t.Run(gone, func(t *testing.T) {
			kit := apptest.New(t, features()...)
			room := kit.Room("a")
			room.Answers(t, "bo", "!remind every day 09:00 water the plants 🌱", "Reminder #1")
			if _, err := kit.App.DB.Exec(gone); err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			for range 3 {
				if got := kit.Advance(t, 24*time.Hour); len(got) != 0 {
					t.Fatalf("an ended reminder spoke: %q", apptest.Texts(got))
				}
			}
			if jobs, err := schedule.Pending(ctx, kit.App.DB, room.Room, "reminder"); err != nil || len(jobs) != 0 {
				t.Fatalf("pending reminder jobs %+v, %v; want none", jobs, err)
			}
		})
	}
}

// Someone whose real address the bot cannot see (an anonymous XMPP room) could change nick
// to get round the per-member cap: they may not set reminders, for the room or themselves.
func TestAnonymousMembersSetNoReminders(t *testing.T) {
	room := apptest.New(t, features()...).Room("a")
	for i, nick := range []string{"eve", "eve2"} {
		anon := bot.Member{ID: "a@conf.example.org/" + nick, Name: nick, Anonymous: true}
		got := apptest.Texts(room.SayAs(t, anon, "!remind in 1h tea"))
		if len(got) != 1 || !strings.Contains(got[0], "I can't see your real address") || (i == 0 && !strings.Contains(got[0], "you can talk but not")) {
			t.Fatalf("%s: %q", nick, got)
		}
	}
	room.Answers(t, "ana", "!reminders", "No reminder is pending.")
}
