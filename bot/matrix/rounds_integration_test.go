package matrix_test

import (
	"strings"
	"testing"
	"time"

	"maunium.net/go/mautrix/event"

	"folkmoot/bot/matrix"
)

// A listening round on the real core and the real clock: the facilitator starts it with two
// speakers by Matrix ID, the floor mentions each speaker (a pill and m.mentions), the
// warning and the end of a turn come as notices, !done hands the floor on after the pause,
// and a restart mid-turn resumes the round with the same speaker.
//
// Turns last 35 s, the shortest that still has a warning (it comes 30 s before the end, and
// a turn of 30 s or less has none); the pause is 10 s. The whole test takes about a minute.
func TestIntegrationListeningRound(t *testing.T) {
	t.Parallel()
	srv := matrix.DendriteServer(t)
	in := newInstall(t, srv)
	first := in.start(t, nil)
	as := newAssembly(t, srv, first.folkmoot)
	speakerA, speakerB := as.member, as.admin
	begin := time.Now()

	started := as.answer(t, as.admin, "!round budget --each 35s --pause 10s --with "+
		speakerA.ID().String()+" "+speakerB.ID().String())
	mustContain(t, "!round", started.Body, "The order “budget”", "has the floor (0:35)")
	if i, j := strings.Index(started.Body, speakerA.ID().Localpart()), strings.Index(started.Body, speakerB.ID().Localpart()); i < 0 || j < i {
		t.Errorf("!round: the order is not %s then %s:\n%s", speakerA.ID(), speakerB.ID(), started.Body)
	}
	// The first floor is the answer to the command, so it is a reply rather than a notice.
	checkMentions(t, "the first floor", started, speakerA.ID())

	// The deadlines are under the scheduler's one-minute wait, so a timer added by a command
	// must wake it once committed; a missed wake-up shows as a late warning or a long pause.
	warning := as.notice(t, speakerA, 20*time.Second, "30 seconds left")
	if warning.Mentions == nil || len(warning.Mentions.UserIDs) != 0 {
		t.Errorf("the warning mentions %+v, want nobody (it only tells the time)", warning.Mentions)
	}
	t.Logf("the warning came %s after the start", time.Since(begin).Round(time.Second))

	done := as.ask(t, speakerA, "!done")
	doneAt := time.Now()
	mustContain(t, "!done", done, "Thank you, ", "10 seconds of silence.")

	floorB := as.botMessage(t, speakerB, 20*time.Second, "the floor for "+speakerB.ID().String(), func(c *event.MessageEventContent) bool {
		return strings.Contains(c.Body, "has the floor") && c.Mentions != nil && c.Mentions.Has(speakerB.ID()) &&
			!strings.Contains(c.Body, "I'm back")
	})
	if floorB.MsgType != event.MsgNotice {
		t.Errorf("the floor after the pause came as %s, want m.notice", floorB.MsgType)
	}
	mustContain(t, "the second floor", floorB.Body, "🎙", "(0:35)")
	checkMentions(t, "the second floor", floorB, speakerB.ID())
	t.Logf("the second floor came %s after the start, %s after !done was answered",
		time.Since(begin).Round(time.Second), time.Since(doneAt).Round(100*time.Millisecond))

	// Down and up again on the same data dir, in the middle of the second turn, once what the
	// bot sent is recorded as sent (a stop in the middle of a send may repeat it after the start).
	waitDelivered(t, first)
	first.stop(t)
	in.start(t, nil)
	t.Logf("restarted %s after the start", time.Since(begin).Round(time.Second))

	back := as.notice(t, speakerB, 60*time.Second, "I'm back", "still has the floor")
	checkMentions(t, "the floor after the restart", back, speakerB.ID())
	thanks := as.notice(t, speakerA, 60*time.Second, "Time — thank you")
	mustContain(t, "the end of the last turn", thanks.Body, speakerB.ID().Localpart())
	t.Logf("the last turn ended %s after the start", time.Since(begin).Round(time.Second))

	// Notices arrive in order, so by now every notice of the restart has come.
	isBack := func(evt *event.Event) bool {
		return evt.Sender == as.bot && evt.Type == event.EventMessage && strings.Contains(evt.Content.AsMessage().Body, "I'm back")
	}
	if n := speakerA.Count(isBack); n != 1 {
		t.Errorf("the room was told %d times that the round goes on after the restart, want once", n)
	}
	// The stop may cut a send short; what the outbox sends again must not reach the room twice.
	for _, body := range []string{started.Body, warning.Body, floorB.Body, back.Body, thanks.Body} {
		same := func(evt *event.Event) bool {
			return evt.Sender == as.bot && evt.Type == event.EventMessage && evt.Content.AsMessage().Body == body
		}
		if n := speakerA.Count(same); n != 1 {
			t.Errorf("the room received %d times:\n%s", n, body)
		}
	}
}
