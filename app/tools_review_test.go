package app_test

// A tools review opens a vote per tool (the votes feature), and a verdict to replace or drop
// a tool becomes a task (the tasks feature): tested here with every feature.

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"folkmoot/app"
	"folkmoot/app/apptest"
	"folkmoot/config"
)

// toolsRoom starts a kit of every feature whose room has ana as room admin and bo as a known
// member.
func toolsRoom(t *testing.T) (*apptest.Kit, *apptest.Room) {
	t.Helper()
	kit := apptest.New(t, app.Features()...)
	room := kit.Room("assembly")
	room.Admin("ana")
	room.Say(t, "bo", "hello")
	return kit, room
}

// The review opens a choice vote per tool; a tool the room votes to replace or drop becomes a task.
func TestReviewEndsInDecisionsAndTasks(t *testing.T) {
	kit, room := toolsRoom(t)
	room.Say(t, "bo", "!tool add mailing list — a company abroad")
	room.Say(t, "bo", "!tool add pad — nobody knows")
	room.Say(t, "bo", "!tool add chat — a startup")
	room.Answers(t, "bo", "!tools review", "Only the room's facilitator")
	room.Answers(t, "ana", "!tools review", "Review of the digital tools: one vote per tool — keep, replace or drop.",
		"Vote #1 “Keep, replace or drop folkmoot (controlled by whoever hosts this bot",
		"Vote #3 “Keep, replace or drop mailing list (controlled by a company abroad)?” is open", "keep", "replace", "drop")
	room.Answers(t, "ana", "!tools review", "A vote on this is already open")
	room.Say(t, "ana", "!vote 1 keep")
	room.Say(t, "bo", "!vote 1 keep")
	room.Say(t, "ana", "!vote 2 drop")
	room.Say(t, "ana", "!vote 3 replace")
	room.Say(t, "bo", "!vote 3 replace")
	room.Say(t, "bo", "!vote 2 keep") // chat: a tie, no decision
	closed := apptest.Texts(kit.Advance(t, 48*time.Hour))
	if !apptest.Contains(closed, "The room voted to replace mailing list: task #1 “Replace mailing list (review vote #3)” is open for whoever takes it (!task take 1).") ||
		!apptest.Contains(closed, "No decision on keeping pad: it stays on the register until the next review") ||
		!apptest.Contains(closed, "No decision on keeping chat") {
		t.Fatalf("closing: %q", closed)
	}
	if apptest.Contains(closed, "task #2") || apptest.Contains(closed, "voted to replace folkmoot") {
		t.Fatalf("a kept or undecided tool became a task: %q", closed)
	}
	room.Answers(t, "bo", "!tasks", "• #1 “Replace mailing list (review vote #3)” — nobody yet")
}

// A scheduled review posts the register on the day, every year, and can be stopped.
func TestScheduledReview(t *testing.T) {
	kit, room := toolsRoom(t)
	room.Answers(t, "ana", "!tools review every year on 1 mar 10:00",
		"The digital tools will be reviewed every year on 1 March at 10:00 (Europe/Berlin time), first Mon 1 Mar 2027 10:00 CET",
		"with a vote on each tool (keep, replace or drop)")
	room.Answers(t, "bo", "!tools", "Next review: Mon 1 Mar 2027 10:00 CET.")
	berlin, _ := time.LoadLocation("Europe/Berlin")
	for i, year := range []int{2027, 2028} {
		at := time.Date(year, 3, 1, 10, 0, 0, 0, berlin)
		if got := kit.Advance(t, at.Add(-time.Second).Sub(kit.Clock.Now())); len(got) != 0 {
			t.Fatalf("early: %q", apptest.Texts(got))
		}
		got := apptest.Texts(kit.Advance(t, time.Second))
		if len(got) != 1 || !strings.HasPrefix(got[0], "Time to review the digital tools this assembly depends on") ||
			!strings.Contains(got[0], "• folkmoot — ") || !strings.Contains(got[0], "“Keep, replace or drop folkmoot") {
			t.Fatalf("review on 1 Mar %d: %q", year, got)
		}
		// The job opened the vote in its transaction: it is open, and closes like any other.
		room.Answers(t, "bo", "!votes", "Keep, replace or drop folkmoot")
		room.Answers(t, "ana", fmt.Sprintf("!vote %d drop", i+1), "drop")
		closed := apptest.Texts(kit.Advance(t, 48*time.Hour))
		if !apptest.Contains(closed, "The room voted to drop folkmoot: task") {
			t.Fatalf("closing the scheduled review's vote in %d: %q", year, closed)
		}
		room.Say(t, "ana", "!tool add folkmoot — us") // back on the register for next year
	}
	room.Answers(t, "ana", "!tools review every solstice 09:00", "every solstice (June and December) at 09:00 (Europe/Berlin time), first Tue 20 Jun 09:00 CEST") // 2028: the clock is past 1 Mar 2028
	room.Answers(t, "bo", "!tools", "Next review: Tue 20 Jun 09:00 CEST.")                                                                                        // the new schedule replaced the yearly one
	room.Answers(t, "ana", "!tools review off", "no longer reviewed on a schedule")
	if got := kit.Advance(t, 400*24*time.Hour); len(got) != 0 {
		t.Fatalf("after off: %q", apptest.Texts(got))
	}
}

// A review is posted as native polls where the transport has them, whether opened by command
// or by its schedule.
func TestReviewPostsPolls(t *testing.T) {
	kit := apptest.NewWithPoller(t, app.Features()...)
	room := kit.Room("assembly")
	room.Admin("ana")
	room.Answers(t, "ana", "!tools review", "Vote #1 “Keep, replace or drop folkmoot")
	polls := kit.Poller.Polls()
	if len(polls) != 1 || len(polls[0].Poll.Options) != 3 || polls[0].Poll.Options[2].Text != "drop" {
		t.Fatalf("polls: %+v", polls)
	}
	room.Answers(t, "ana", "!tools review every day 10:00", "every day at 10:00")
	kit.Advance(t, 49*time.Hour) // #1 closes; today's review finds it still open
	apptest.Has(t, "scheduled review", strings.Join(apptest.Texts(kit.Advance(t, 24*time.Hour)), "\n"), "Vote #2")
	if polls := kit.Poller.Polls(); len(polls) != 2 || !strings.HasPrefix(polls[1].Poll.Question, "#2 ") {
		t.Fatalf("the scheduled review's poll: %+v", polls)
	}
}

// A review vote's close names commands with the room's prefix: the verdict reaches the
// tools feature through the vote link, which carries the prefix with it.
func TestReviewCloseNamesCommandsWithThePrefix(t *testing.T) {
	kit := apptest.NewWith(t, t.TempDir(), apptest.Start, func(c *config.Config) { c.CommandPrefix = "." }, app.Features()...)
	room := kit.Room("assembly")
	room.Admin("ana")
	room.Say(t, "bo", "hello")
	room.Say(t, "bo", ".tool add Pad 🌻 — رێزان")
	room.Answers(t, "ana", ".tools review", "Vote #2 “Keep, replace or drop Pad 🌻 (controlled by رێزان)?”")
	room.Say(t, "ana", ".vote 2 drop")
	room.Say(t, "bo", ".vote 2 drop") // folkmoot's own vote (#1): nobody votes, no decision
	closed := strings.Join(apptest.Texts(kit.Advance(t, 48*time.Hour)), "\n")
	apptest.Has(t, "closing", closed,
		"The room voted to drop Pad 🌻: task #1 “Drop Pad 🌻 (review vote #2)” is open for whoever takes it (.task take 1).",
		"No decision on keeping folkmoot: it stays on the register until the next review (.tools review opens one now).")
	apptest.Lacks(t, "closing", closed, "!task", "!tools")
}
