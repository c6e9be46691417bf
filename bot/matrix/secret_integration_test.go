package matrix_test

import (
	"strings"
	"testing"
	"time"

	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"folkmoot/app/apptest"
	"folkmoot/bot/matrix"
)

// No log line at any level pairs a member with a secret choice: the whole debug log of a
// secret vote, cast by command with reasons, holds neither the reasons nor a member beside
// a choice (a secret ballot cast by command is not logged at all).
func TestIntegrationSecretVoteLeavesNoTraceInTheLog(t *testing.T) {
	srv := matrix.DendriteServer(t)
	logs := &matrix.LogLines{}
	f := startFolkmoot(t, srv, logs)
	as := newAssembly(t, srv, f)
	as.ask(t, as.admin, `!vote new "Secret?" --secret --closes in 2h`)
	as.ask(t, as.member, "!vote 1 object unguessable-7f3c")
	as.ask(t, as.admin, "!agree unguessable-9c1d")
	if got := as.ask(t, as.admin, "!vote close 1 anyway"); !strings.Contains(got, "is closed:") {
		t.Fatalf("close: %q", got)
	}
	if n := logs.Count("unguessable"); n != 0 {
		t.Errorf("%d log lines carry a secret ballot's reason", n)
	}
	for _, who := range []string{as.member.ID().String(), as.admin.ID().String()} {
		for _, choice := range []string{"object", "agree"} {
			if n := logs.Count(who, choice); n != 0 {
				t.Errorf("%d log lines pair %s with %q", n, who, choice)
			}
		}
	}
	if logs.Count("vote closed") == 0 {
		t.Error("the log lacks the vote's close: the capture did not work")
	}
}

// A secret ballot typed in the room is confirmed there without its choice; the voter alone is
// told the choice in an encrypted direct room the bot opens for them, kept for the next one.
// What the member writes there is answered with where commands go, and never run.
func TestIntegrationSecretBallotIsConfirmedInADirectRoom(t *testing.T) {
	srv := matrix.DendriteServer(t)
	f := startFolkmoot(t, srv, nil)
	as := newAssembly(t, srv, f)
	as.ask(t, as.admin, `!vote new "Secret?" --secret --closes in 2h`)
	inRoom := as.ask(t, as.member, "!vote 1 object the hall is too small")
	apptest.Has(t, "room answer", inRoom, "your secret ballot on #1 is recorded; I have sent you your choice privately")
	apptest.Lacks(t, "room answer", inRoom, "object", "hall")

	dm, direct := as.member.WaitInvite(t, f.user)
	if !direct || dm == as.room {
		t.Fatalf("invited to %s (direct: %v), want a new direct room", dm, direct)
	}
	as.member.Join(dm)
	fromBotIn := func(room id.RoomID, text string) func(*event.Event) bool {
		return func(evt *event.Event) bool {
			return evt.RoomID == room && evt.Sender == f.user && evt.Type == event.EventMessage &&
				strings.Contains(evt.Content.AsMessage().Body, text)
		}
	}
	first := as.member.WaitEvent(t, time.Minute, "the private confirmation", fromBotIn(dm, "Your secret ballot"))
	apptest.Has(t, "private confirmation", first.Content.AsMessage().Body, "recorded: object, with the reason “the hall is too small”", "Only you see this message.")
	if first.Mautrix.EventSource&event.SourceDecrypted == 0 {
		t.Error("the private confirmation was not encrypted")
	}

	as.ask(t, as.member, "!vote 1 agree")
	as.member.WaitEvent(t, time.Minute, "the second confirmation, in the same room", fromBotIn(dm, "recorded: agree"))

	said := as.member.Say(t, dm, `!vote new "Rogue?"`)
	answer := as.member.ReplyTo(t, f.user, said)
	// Run as a command, it would have answered "Vote #2 ... is open" first.
	apptest.Has(t, "answer in the direct room", answer.Content.AsMessage().Body, "I read commands only in your assembly's room")
	if n := as.admin.Count(func(evt *event.Event) bool { return evt.RoomID == dm }); n != 0 {
		t.Errorf("the admin saw %d events of the member's direct room", n)
	}

	// Once the member leaves the direct room, the next private reply opens a new one.
	as.member.Leave(t, dm)
	as.ask(t, as.member, "!vote 1 aside")
	next, _ := as.member.WaitInvite(t, f.user, dm)
	as.member.Join(next)
	as.member.WaitEvent(t, time.Minute, "the confirmation in the new direct room", fromBotIn(next, "recorded: stand aside"))
}
