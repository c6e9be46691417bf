package xmpp_test

import (
	"strings"
	"testing"
	"time"

	"folkmoot/bot/xmpp"
)

// No log line at any level pairs a member with a secret choice: the whole debug log of a
// secret vote, one ballot cast in the room and one by private message, both with reasons,
// holds neither the reasons nor a member beside a choice.
func TestIntegrationSecretVoteLeavesNoTraceInTheLog(t *testing.T) {
	srv := xmpp.ProsodyServer(t)
	logs := &xmpp.LogLines{}
	room, alice := roomWithBot(t, srv, "secretlog", "anyone", logs)
	bob := srv.Connect(t, "bob")
	bob.Join(room, "bob")

	alice.Ask(t, room, `!vote new "Secret?" --secret --closes in 2h`, "Vote #1")
	bob.Ask(t, room, "!vote 1 object unguessable-7f3c", "secret ballot")
	alice.AskPrivately(t, room, "!agree unguessable-9c1d", "agree", "unguessable-9c1d")
	if got := alice.Ask(t, room, "!vote close 1 anyway"); !strings.Contains(got, "is closed:") {
		t.Fatalf("close: %q", got)
	}
	if n := logs.Count("unguessable"); n != 0 {
		t.Errorf("%d log lines carry a secret ballot's reason", n)
	}
	for _, who := range []string{srv.JID("bob"), srv.JID("alice")} {
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

// A secret ballot typed in the room is confirmed there without the choice or the reason; the
// voter alone is told both, in a private message within the room from the bot.
func TestIntegrationSecretBallotIsConfirmedPrivately(t *testing.T) {
	srv := xmpp.ProsodyServer(t)
	room, alice := roomWithBot(t, srv, "secretpm", "anyone")
	bob := srv.Connect(t, "bob")
	bob.Join(room, "bob")
	const reason = "because-of-the-roof-5e2a"

	alice.Ask(t, room, `!vote new "Fix the roof?" --secret --closes in 2h`, "Vote #1")
	said := bob.Ask(t, room, "!vote 1 object "+reason, "secret ballot", "privately")
	if strings.Contains(said, "object") || strings.Contains(said, reason) {
		t.Fatalf("the room was told the choice or the reason: %q", said)
	}
	told := bob.WaitPrivateFromBot(t, room, "Your secret ballot", 15*time.Second)
	if !strings.Contains(told.Body, "object") || !strings.Contains(told.Body, reason) {
		t.Fatalf("the private confirmation lacks the choice or the reason: %q", told.Body)
	}

	// alice's answer comes through the room after anything the bot sent her before it, so a
	// private message to her about bob's ballot would have arrived by now.
	alice.Ask(t, room, "!vote show 1", "Fix the roof?")
	if n := alice.CountPrivateFromBot(room, ""); n != 0 {
		t.Errorf("another occupant got %d private messages from the bot", n)
	}
	for _, p := range []*xmpp.Person{alice, bob} {
		if n := p.CountFromBot(room, reason); n != 0 {
			t.Errorf("the room was shown the reason %d times", n)
		}
	}
}
