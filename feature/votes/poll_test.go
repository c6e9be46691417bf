package votes_test

import (
	"bytes"
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"folkmoot/app/apptest"
	"folkmoot/app/host"
	"folkmoot/bot"
	"folkmoot/config"
)

func pollOptionIDs(p bot.Poll) []string {
	var ids []string
	for _, o := range p.Options {
		ids = append(ids, o.ID)
	}
	return ids
}

func TestVoteIsPostedAsANativePoll(t *testing.T) {
	kit := apptest.NewWithPoller(t, features()...)
	room := kit.Room("a")
	got := room.SayOne(t, "ana", `!vote new "Buy a projector?" --closes in 2h`)
	apptest.Has(t, "text version", got, "Vote #1 “Buy a projector?” is open.", "!agree")
	polls := kit.Poller.Polls()
	if len(polls) != 1 {
		t.Fatalf("polls: %+v", polls)
	}
	p := polls[0].Poll
	if !p.Disclosed || p.MaxSelections != 1 || !reflect.DeepEqual(pollOptionIDs(p), []string{"agree", "aside", "object"}) {
		t.Errorf("poll: %+v", p)
	}
	apptest.Has(t, "poll question", p.Question, "#1 Buy a projector?", "to block, say !vote 1 block <reason>")
	apptest.Has(t, "fallback", p.Fallback, "Vote #1", "!agree")

	id := polls[0].ID
	ana, bo, cy := apptest.Member("ana"), apptest.Member("bo"), apptest.Member("cy")
	if said := room.Respond(t, bo, id, "object"); len(said) != 0 {
		t.Errorf("a poll answer is answered in the room: %q", apptest.Texts(said))
	}
	room.Respond(t, bo, id, "agree") // replaces, never adds
	room.Respond(t, cy, id, "aside")
	room.Respond(t, cy, id)                                                 // withdrawn
	room.Respond(t, ana, id, "block")                                       // a block needs a reason: not by poll
	room.Respond(t, bot.Member{ID: "x/zed", Anonymous: true}, id, "object") // no stable identity
	room.Respond(t, ana, "$other", "object")                                // not a vote's poll
	room.Respond(t, ana, id, "nonsense")                                    // no valid option
	show := room.SayOne(t, "ana", "!vote show 1")
	apptest.Has(t, "show", show, "bo — agree", "Count so far: 1 agree · 0 stand aside · 0 object · 0 block.")
	apptest.Lacks(t, "show", show, "cy —", "zed", "ana —")

	// The command and the poll are one ballot per member.
	apptest.Has(t, "command after poll", room.SayOne(t, "bo", "!object"), "it replaces your earlier agree", "0 agree · 0 stand aside · 1 object")
	kit.Advance(t, 2*time.Hour)
	room.Respond(t, cy, id, "agree") // after the close: ignored
	polls = kit.Poller.Polls()
	if !polls[0].Ended || !strings.Contains(polls[0].Result, "NOT PASSED") || !strings.Contains(polls[0].Result, "0 agree · 0 stand aside · 1 object") {
		t.Fatalf("poll not ended with the result: %+v", polls[0])
	}
	apptest.Has(t, "show after close", room.SayOne(t, "ana", "!vote show 1"), "0 agree · 0 stand aside · 1 object · 0 block — 1 of 3 members voted")
}

func TestPollKinds(t *testing.T) {
	tests := []struct {
		name, flags string
		disclosed   bool
		max         int
		ids         []string
	}{
		{"majority", "--kind majority", true, 1, []string{"yes", "no", "abstain"}},
		{"hidden", "--kind majority --hide-results", false, 1, []string{"yes", "no", "abstain"}},
		{"secret", "--secret", false, 1, []string{"agree", "aside", "object"}},
		{"choice", `--options "mon|wed|thu" --max 2`, true, 2, []string{"1", "2", "3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kit := apptest.NewWithPoller(t, features()...)
			kit.Room("a").SayOne(t, "ana", `!vote new "Q?" `+tt.flags)
			p := kit.Poller.Polls()[0].Poll
			if p.Disclosed != tt.disclosed || p.MaxSelections != tt.max || !reflect.DeepEqual(pollOptionIDs(p), tt.ids) {
				t.Errorf("poll: %+v", p)
			}
		})
	}
}

func TestChoicePollTakesUpToMax(t *testing.T) {
	kit := apptest.NewWithPoller(t, features()...)
	room := kit.Room("a")
	room.SayOne(t, "ana", `!vote new "Which evening?" --options "mon|wed|thu" --max 2 --closes in 1h`)
	id := kit.Poller.Polls()[0].ID
	room.Respond(t, apptest.Member("bo"), id, "1", "3", "2") // a client over the limit: the first two count
	apptest.Has(t, "show", room.SayOne(t, "ana", "!vote show 1"), "bo — mon, thu", "1 mon · 0 wed · 1 thu")
}

func TestVoteStandsWhenThePollFails(t *testing.T) {
	kit := apptest.NewWithPoller(t, features()...)
	kit.Poller.FailPolls = true
	room := kit.Room("a")
	apptest.Has(t, "opening", room.SayOne(t, "ana", `!vote new "Q?" --closes in 1h`), "Vote #1")
	apptest.Has(t, "ballot", room.SayOne(t, "bo", "!agree"), "1 agree")
	apptest.Has(t, "result", joined(kit.Advance(t, time.Hour)), "PASSED")
}

func TestPollIsEndedWhenClosedByCommand(t *testing.T) {
	kit := apptest.NewWithPoller(t, features()...)
	room := kit.Room("a")
	room.SayOne(t, "ana", `!vote new "Q?" --kind majority`)
	room.Respond(t, apptest.Member("bo"), kit.Poller.Polls()[0].ID, "yes")
	apptest.Has(t, "close", room.SayOne(t, "ana", "!vote close 1"), "PASSED", "1 yes")
	if p := kit.Poller.Polls()[0]; !p.Ended || !strings.Contains(p.Result, "PASSED") {
		t.Fatalf("poll: %+v", p)
	}
}

func TestPollEndIsRetried(t *testing.T) {
	kit := apptest.NewWithPoller(t, features()...)
	room := kit.Room("a")
	room.SayOne(t, "ana", `!vote new "Q?" --closes in 1h`)
	kit.Poller.FailPolls = true
	kit.Advance(t, time.Hour)
	if kit.Poller.Polls()[0].Ended {
		t.Fatal("ended while failing")
	}
	kit.Poller.FailPolls = false
	kit.Advance(t, time.Minute) // the outbox tries again
	if p := kit.Poller.Polls()[0]; !p.Ended || !strings.Contains(p.Result, "no decision") {
		t.Fatalf("poll after retry: %+v", p)
	}
}

// A vote's poll waits in the outbox, across a restart, while the network refuses it; posted
// only after the vote closed, it is ended at once with the result.
func TestAPollPostedLateIsEndedWithTheResult(t *testing.T) {
	dir := t.TempDir()
	kit := apptest.NewWithPollerAt(t, dir, apptest.Start, features()...)
	kit.Poller.FailPolls = true
	room := kit.Room("a")
	room.SayOne(t, "ana", `!vote new "Q?" --kind majority --closes in 1h`)
	room.SayOne(t, "bo", "!yes")
	kit.Close()
	kit = apptest.NewWithPollerAt(t, dir, apptest.Start.Add(2*time.Hour), features()...)
	kit.Poller.FailPolls = true
	apptest.Has(t, "result after the restart", joined(kit.Tick(t)), "PASSED")
	if polls := kit.Poller.Polls(); len(polls) != 0 {
		t.Fatalf("posted while failing: %+v", polls)
	}
	kit.Poller.FailPolls = false
	kit.Advance(t, time.Minute) // the outbox tries again: posted, then ended
	kit.Advance(t, time.Minute)
	polls := kit.Poller.Polls()
	if len(polls) != 1 || !polls[0].Ended || !strings.Contains(polls[0].Result, "PASSED") {
		t.Fatalf("the late poll: %+v", polls)
	}
}

// Each vote gets a poll of its own, even though the outbox hands out the same row IDs again
// once it is empty: a network that remembers transaction IDs must not take the second poll
// for a retry of the first.
func TestEachVoteGetsItsOwnPoll(t *testing.T) {
	kit := apptest.NewWithPoller(t, features()...)
	room := kit.Room("a")
	room.SayOne(t, "ana", `!vote new "First?" --closes in 1h`)
	room.SayOne(t, "ana", `!vote new "Second?" --closes in 1h`)
	polls := kit.Poller.Polls()
	if len(polls) != 2 || polls[0].ID == polls[1].ID || !strings.HasPrefix(polls[1].Poll.Question, "#2 ") {
		t.Fatalf("polls: %+v", polls)
	}
	room.Respond(t, apptest.Member("bo"), polls[1].ID, "agree")
	apptest.Has(t, "the second vote counts its poll's answer", room.SayOne(t, "ana", "!vote show 2"), "bo — agree")
}

func TestPollAnswersSurviveARestart(t *testing.T) {
	dir := t.TempDir()
	kit := apptest.NewWithPollerAt(t, dir, apptest.Start, features()...)
	room := kit.Room("a")
	room.SayOne(t, "ana", `!vote new "Q?" --kind majority --closes in 2h`)
	id := kit.Poller.Polls()[0].ID
	room.Respond(t, apptest.Member("bo"), id, "yes")
	kit.Close()
	kit = apptest.NewWithPollerAt(t, dir, apptest.Start.Add(time.Hour), features()...)
	room = kit.Room("a")
	room.Respond(t, apptest.Member("cy"), id, "yes")
	apptest.Has(t, "result", joined(kit.Advance(t, time.Hour)), "PASSED", "2 yes · 0 no")
}

// TestSecretBallotsNeverReachTheLog casts secret ballots by shortcut, by id and by poll,
// and checks the log never says what anyone chose.
func TestSecretBallotsNeverReachTheLog(t *testing.T) {
	var buf bytes.Buffer
	log := zerolog.New(&buf).Level(zerolog.InfoLevel)
	ctx := log.WithContext(context.Background())
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	clock := apptest.NewClock(apptest.Start)
	a, err := host.New(ctx, cfg, log, clock.Now, features())
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	p := &apptest.PollTransport{Transport: &apptest.Transport{}}
	a.Add(p)
	room := bot.Room{Protocol: bot.Console, ID: "a"}
	say := func(who, text string) {
		a.Bot.Deliver(ctx, p, bot.Message{Room: room, Sender: apptest.Member(who), Text: text, ID: text, Time: clock.Now()})
		a.Bot.Flush(ctx)
	}
	say("ana", `!vote new "Q?" --secret --closes in 1h`)
	say("bo", "!block the stairs are unsafe")
	say("cy", "!vote 1 agree")
	say("cy", "!vote 1 object changed my mind")
	a.Bot.Deliver(ctx, p, bot.Message{Room: room, Sender: apptest.Member("dee"), ID: "answer", Time: clock.Now(),
		Poll: &bot.PollAnswer{PollID: p.Polls()[0].ID, Options: []string{"aside"}}})
	clock.Set(clock.Now().Add(time.Hour))
	if err := a.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	got := buf.String()
	apptest.Has(t, "log", got, `"message":"ballot recorded"`, `"via":"poll"`, `"message":"vote closed"`)
	apptest.Lacks(t, "log", got, `"block"`, `"agree"`, `"object"`, `"aside"`, "stairs", "changed")
	if sent := joined(p.Take()); !strings.Contains(sent, "1 object · 1 block") {
		t.Fatalf("the ballots were not counted:\n%s", sent)
	}
}
