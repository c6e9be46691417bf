package matrix_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"folkmoot/bot/matrix"
	"folkmoot/feature/votes"
	"folkmoot/vote"
)

// A vote opened by command is posted as a native poll that members answer from their
// client, with MSC3381's response type or the stable one; closing it ends the poll, and an
// answer after the close changes nothing.
func TestIntegrationVoteByNativePoll(t *testing.T) {
	srv := matrix.DendriteServer(t)
	logs := &matrix.LogLines{}
	f := startFolkmoot(t, srv, logs)
	as := newAssembly(t, srv, f)
	ctx := context.Background()

	opened := as.ask(t, as.member, `!vote new "Paint the door?" --closes in 2 hours`)
	mustContain(t, "!vote new", opened, "Vote #1", "“Paint the door?” is open")
	v, err := votes.ByNumber(ctx, f.db, as.botRoom(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if v.PollID == "" {
		t.Fatal("the vote has no native poll recorded")
	}
	pollID := id.EventID(v.PollID)
	for _, p := range []*matrix.Person{as.member, as.admin} {
		checkPollStart(t, p, as.bot, pollID, v)
	}

	answer := func(p *matrix.Person, stable bool, option string) {
		t.Helper()
		ref := event.RelatesTo{Type: event.RelReference, EventID: pollID}
		if stable {
			p.Send(t, as.room, matrix.EventPollResponse, map[string]any{"m.relates_to": ref, "m.selections": []string{option}})
			return
		}
		p.Send(t, as.room, event.EventUnstablePollResponse, &event.PollResponseEventContent{
			RelatesTo: ref, Response: event.PollResponse{Answers: []string{option}},
		})
	}
	// The bot handles a room's events in order, so the answer is counted before the !vote show
	// said after it is run.
	answer(as.member, false, vote.Agree)
	show := as.ask(t, as.member, "!vote show 1")
	checkBallotLine(t, show, as.member.ID(), v.Rules.Label(vote.Agree))
	// The room's members, silent ones included, are the electorate: the admin has not spoken.
	mustContain(t, "!vote show 1", show, "1 of 2 members voted", "Not voted yet: "+as.admin.ID().Localpart())
	checkBallots(t, f, v.ID, map[id.UserID]string{as.member.ID(): vote.Agree})

	answer(as.admin, true, vote.Object)
	show = as.ask(t, as.member, "!vote show 1")
	checkBallotLine(t, show, as.member.ID(), v.Rules.Label(vote.Agree))
	checkBallotLine(t, show, as.admin.ID(), v.Rules.Label(vote.Object))
	mustContain(t, "!vote show 1", show, "2 of 2 members voted")
	want := map[id.UserID]string{as.member.ID(): vote.Agree, as.admin.ID(): vote.Object}
	checkBallots(t, f, v.ID, want)

	closed := as.ask(t, as.admin, "!vote close 1")
	mustContain(t, "!vote close 1", closed, "is closed", "closed early by")
	if v, err = votes.ByID(ctx, f.db, v.ID); err != nil || v.Open() || v.Result == "" {
		t.Fatalf("after !vote close: vote %+v, %v", v, err)
	}
	for _, p := range []*matrix.Person{as.member, as.admin} {
		end := p.WaitEvent(t, 30*time.Second, "the poll end", func(evt *event.Event) bool {
			rel, _ := evt.Content.Raw["m.relates_to"].(map[string]any)
			return evt.Type == event.EventUnstablePollEnd && rel["event_id"] == pollID.String()
		})
		if end.Sender != as.bot || end.Mautrix.EventSource&event.SourceDecrypted == 0 {
			t.Errorf("%s: the poll end came from %s, decrypted %v; want the bot, encrypted", p.ID(), end.Sender,
				end.Mautrix.EventSource&event.SourceDecrypted != 0)
		}
		if text, _ := end.Content.Raw["org.matrix.msc1767.text"].(string); text != v.Result {
			t.Errorf("%s: the poll end says %q, want the result %q", p.ID(), text, v.Result)
		}
	}

	before := as.ask(t, as.admin, "!vote show 1")
	answer(as.member, false, vote.Aside)
	after := as.ask(t, as.admin, "!vote show 1")
	if after != before {
		t.Errorf("an answer after the close changed !vote show 1:\nbefore %s\nafter  %s", before, after)
	}
	checkBallots(t, f, v.ID, want)
	if n := logs.Count("poll answer after the close ignored", as.member.ID().String()); n != 1 {
		t.Errorf("the bot logged %d ignored late answers from the member, want 1 (the answer must reach it)", n)
	}

	// The room's next vote gets a poll of its own, although the outbox, empty by now, hands
	// out the first poll's row ID again.
	as.ask(t, as.member, `!vote new "Paint the door?" --closes in 2 hours`)
	second, err := votes.ByNumber(ctx, f.db, as.botRoom(), 2)
	if err != nil || second.PollID == "" || second.PollID == v.PollID {
		t.Fatalf("the second vote's poll %q (the first's %q), %v", second.PollID, v.PollID, err)
	}
	checkPollStart(t, as.member, as.bot, id.EventID(second.PollID), second)
}

// checkPollStart waits for the vote's poll in p's client: from the bot, encrypted, asking the
// question, offering the vote's options (a block needs a reason, so it is not one).
func checkPollStart(t *testing.T, p *matrix.Person, from id.UserID, pollID id.EventID, v vote.Vote) {
	t.Helper()
	evt := p.WaitEvent(t, 30*time.Second, "the vote's poll", func(evt *event.Event) bool { return evt.ID == pollID })
	if evt.Sender != from || evt.Type != event.EventUnstablePollStart || evt.Mautrix.EventSource&event.SourceDecrypted == 0 {
		t.Fatalf("%s: poll event from %s of type %s, decrypted %v; want an encrypted poll start from the bot",
			p.ID(), evt.Sender, evt.Type.Type, evt.Mautrix.EventSource&event.SourceDecrypted != 0)
	}
	start, ok := evt.Content.Parsed.(*event.PollStartEventContent)
	if !ok {
		t.Fatalf("poll content parsed as %T", evt.Content.Parsed)
	}
	var want, got []string
	for _, o := range v.Rules.Options {
		if o.Key != vote.Block {
			want = append(want, o.Key+"="+o.Label)
		}
	}
	for _, a := range start.PollStart.Answers {
		got = append(got, a.ID+"="+a.Text)
	}
	if !slices.Equal(got, want) || !strings.Contains(start.PollStart.Question.Text, "Paint the door?") {
		t.Errorf("%s: poll %q with answers %v, want the vote's question and options %v", p.ID(), start.PollStart.Question.Text, got, want)
	}
}

// checkBallotLine finds who's line in the "Voted:" list of !vote show and checks the option.
func checkBallotLine(t *testing.T, show string, who id.UserID, label string) {
	t.Helper()
	for _, l := range strings.Split(show, "\n") {
		if name, choice, ok := strings.Cut(strings.TrimSpace(l), " — "); ok && strings.Contains(name, who.Localpart()) {
			if choice != label {
				t.Errorf("!vote show 1 says %q for %s, want %q", choice, who, label)
			}
			return
		}
	}
	t.Errorf("!vote show 1 has no ballot line for %s:\n%s", who, show)
}

// checkBallots compares the ballots in folkmoot's database with want (member -> option).
func checkBallots(t *testing.T, f *folkmoot, voteID int64, want map[id.UserID]string) {
	t.Helper()
	ballots, err := votes.Ballots(context.Background(), f.db, voteID)
	if err != nil {
		t.Fatal(err)
	}
	got := map[id.UserID]string{}
	for _, b := range ballots {
		got[id.UserID(b.Member)] = strings.Join(b.Choices, ",")
	}
	if len(got) != len(want) {
		t.Fatalf("ballots %v, want %v", got, want)
	}
	for who, option := range want {
		if got[who] != option {
			t.Fatalf("ballots %v, want %v", got, want)
		}
	}
}
