package matrix_test

import (
	"testing"
	"time"

	"folkmoot/bot/matrix"
)

// Tasks and a reminder on the real core: a task given to a member mentions them, !tasks
// lists it, and a reminder a few seconds away fires on the real clock as a notice.
func TestIntegrationTasksAndReminder(t *testing.T) {
	t.Parallel()
	srv := matrix.DendriteServer(t)
	in := newInstall(t, srv)
	f := in.start(t, nil)
	as := newAssembly(t, srv, f.folkmoot)
	owner := as.member.ID()

	added := as.answer(t, as.admin, "!task add fix the gate for "+owner.String()+" due in 2 hours")
	mustContain(t, "!task add", added.Body, "Task #1: “fix the gate” for "+owner.Localpart(), ", due ")
	checkMentions(t, "!task add", added, owner)

	list := as.ask(t, as.member, "!tasks")
	mustContain(t, "!tasks", list, "#1 “fix the gate”", owner.Localpart())

	set := time.Now()
	mustContain(t, "!remind", as.ask(t, as.member, "!remind in 15 seconds water the plants"), "Reminder #1", "“water the plants”")
	// The deadline is well under the scheduler's one-minute wait: a job added inside a
	// command's transaction must wake it once committed, or the reminder comes a minute late.
	fired := as.notice(t, as.admin, 40*time.Second, "Reminder: water the plants")
	if fired.Mentions == nil || len(fired.Mentions.UserIDs) != 0 {
		t.Errorf("the room's reminder mentions %+v, want nobody", fired.Mentions)
	}
	if waited := time.Since(set); waited < 14*time.Second {
		t.Errorf("the reminder fired %s after it was set, before its 15 seconds", waited)
	} else {
		t.Logf("the reminder fired %s after it was set", waited.Round(100*time.Millisecond))
	}
}
