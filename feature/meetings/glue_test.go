package meetings_test

import (
	"strings"
	"testing"
	"time"

	"folkmoot/app"
	"folkmoot/app/apptest"
	"folkmoot/config"
	"folkmoot/feature/meetings"
)

const noTask = "No task was recorded — what will this meeting change on the ground?"

// A meeting that recorded no task is asked, once, what it will change; one with an action
// (or a task added while it ran) is not, and the config turns the question off.
func TestEndAsksForATask(t *testing.T) {
	tests := []struct {
		name   string
		during []string
		ask    bool
		off    bool
	}{
		{"nothing recorded", nil, true, false},
		{"an action", []string{"!action fix the gate for bo"}, false, false},
		{"a task added", []string{"!task add fix the gate"}, false, false},
		{"only a decision", []string{"!decided we fix the gate"}, true, false},
		{"turned off", nil, false, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			kit := apptest.NewWith(t, t.TempDir(), apptest.Start, func(c *config.Config) {
				if tc.off {
					off := false
					c.SetSection("meetings", &meetings.Settings{AskForTask: &off})
				}
			}, app.Features()...)
			room := kit.Room("assembly")
			room.Admin("ana")
			room.Say(t, "bo", "hello")
			room.Answers(t, "ana", "!meeting start", "started")
			for _, say := range tc.during {
				room.Say(t, "ana", say)
			}
			end := room.Answers(t, "ana", "!meeting end", "ended")
			if got := strings.Count(end, noTask); got != map[bool]int{true: 1, false: 0}[tc.ask] {
				t.Fatalf("asked %d times:\n%s", got, end)
			}
			// !minutes later does not ask again.
			apptest.Lacks(t, "minutes again", room.SayOne(t, "ana", "!minutes"), noTask)
		})
	}
}

// A listening round run during a meeting is in its minutes with who spoke, how long and
// how evenly; one run before the meeting is not.
func TestRoundsAppearInTheMinutes(t *testing.T) {
	m := newMeeting(t)
	for _, who := range []string{"bo", "cy"} {
		m.say(t, who, "hello")
	}
	runRound := func(topic string) {
		m.say(t, "ana", "!round "+topic+" --each 1m --pause 0s")
		m.say(t, "bo", "!in")
		m.say(t, "cy", "!in")
		m.kit.Advance(t, time.Minute) // the sign-up closes: bo has the floor
		m.kit.Advance(t, 40*time.Second)
		m.say(t, "bo", "!done")
		m.kit.Advance(t, 10*time.Second)
		m.say(t, "cy", "!done")
		m.kit.Advance(t, time.Minute)
	}
	runRound("before")
	m.one(t, "ana", "!meeting start Plenary")
	runRound("courtyard")
	m.one(t, "ana", "!meeting end")
	txt := m.read(t, ".txt")
	apptest.Has(t, "minutes", txt, "courtyard", "bo", "cy", "0:40", "0:10")
	apptest.Lacks(t, "minutes", txt, "before")
}

// Roles set to rotate at meetings rotate at !meeting start, announced with the start;
// other roles do not, and a room without such roles hears only the start.
func TestRolesRotateAtMeetingStart(t *testing.T) {
	m := newMeeting(t)
	for _, who := range []string{"bo", "cy"} {
		m.say(t, who, "!join notetaker")
	}
	m.say(t, "ana", "!role add timekeeper")
	m.one(t, "ana", "!role add cook every meeting", "Added the role cook. It rotates at the start of each meeting (!meeting start).")
	m.say(t, "bo", "!join timekeeper")
	m.one(t, "ana", "!meeting start", "started")
	m.one(t, "ana", "!meeting end")
	m.one(t, "ana", "!role every notetaker meeting", "Notetaker: it rotates at the start of each meeting (!meeting start)")
	m.one(t, "bo", "!roles", "notetaker: nobody yet", "rotates at the start of each meeting")
	start := m.kit.Room("assembly").SayAs(t, apptest.Member("ana"), "!meeting start Plenary")
	if len(start) != 1 {
		t.Fatalf("start: %q", apptest.Texts(start))
	}
	text := start[0].Reply.Text()
	apptest.Has(t, "start", text, "Meeting 2", "started", "Roles rotated:\n• notetaker: ", "• cook: nobody is in its pool")
	apptest.Lacks(t, "start", text, "timekeeper")
	if ids := apptest.MentionIDs(start[0]); len(ids) != 1 {
		t.Errorf("the start mentions %v, want the new notetaker", ids)
	}
	m.kit.Advance(t, time.Hour)
	m.one(t, "ana", "!meeting end")
	apptest.Has(t, "minutes", m.read(t, "plenary.txt"), "Rotation: ", "takes the role notetaker")
	m.one(t, "ana", "!role every notetaker off", "rotates by hand")
	m.one(t, "ana", "!role every cook off", "rotates by hand")
	m.one(t, "ana", "!meeting start", "started")
	apptest.Lacks(t, "after off", m.say(t, "bo", "!roles")[0], "each meeting")
}

// The digest lists the tasks due and overdue beside the meetings' actions (each once), the
// stories and the measures; the assembly's name heads it.
func TestDigestHasTasksStoriesAndMeasures(t *testing.T) {
	kit := apptest.NewWith(t, t.TempDir(), apptest.Start, func(c *config.Config) { c.Assembly = "Linden Street Assembly" }, app.Features()...)
	room := kit.Room("assembly")
	room.Admin("ana")
	room.Say(t, "bo", "hello")
	room.Answers(t, "ana", "!task add sweep the yard due 26 nov 12:00", "Task #1")
	room.Answers(t, "ana", "!task add mend the fence due 1 dec 12:00", "Task #2")
	room.Answers(t, "ana", "!task add dropped one", "Task #3")
	room.Answers(t, "ana", "!task drop 3 not needed", "dropped")
	room.Answers(t, "ana", "!meeting start Plenary", "started")
	room.Answers(t, "ana", "!action paint the gate for bo", "#4")
	room.Answers(t, "ana", "!meeting end", "ended")
	room.Answers(t, "bo", "!story the kids planted the verge", "")
	room.Answers(t, "bo", "!measure pollinators 11", "Recorded")
	kit.Advance(t, 48*time.Hour)
	got := room.SayOne(t, "bo", "!digest --format txt")
	apptest.Has(t, "digest", got, "Linden Street Assembly", "sweep the yard", "mend the fence", "paint the gate",
		"the kids planted the verge", "pollinators", "1 overdue, 1 due, 1 without a date, 0 done")
	apptest.Lacks(t, "digest", got, "dropped one")
	if n := strings.Count(got, "paint the gate"); n != 1 {
		t.Errorf("the meeting's action is listed %d times:\n%s", n, got)
	}
	// The meeting's action shows as its task stands: done since.
	room.Answers(t, "bo", "!task done 4", "done")
	got = room.SayOne(t, "bo", "!digest --format txt")
	apptest.Has(t, "after done", got, "1 overdue, 1 due, 0 without a date, 1 done", "2 tasks open (1 overdue).")
}
