package votes

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"folkmoot/bot"
	"folkmoot/store"
	"folkmoot/store/storetest"
	"folkmoot/vote"
)

var (
	voteRoom = bot.Room{Protocol: bot.Matrix, ID: "!assembly:example.org"}
	t0       = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
)

func newVote(t *testing.T, db store.Querier, room bot.Room, kind vote.Kind) vote.Vote {
	t.Helper()
	v := vote.Vote{
		Room: room, Question: "Buy a projector?",
		Rules:    vote.Rules{Kind: kind, Options: vote.FixedOptions(kind), Quorum: vote.Quorum{N: 40, Percent: true}, Secret: true},
		OpenedBy: bot.Member{ID: "@ana:example.org", Name: "Ana"}, OpenedAt: t0, ClosesAt: t0.Add(48 * time.Hour),
		HideResults: true, LinkKind: "mandate", LinkID: "7",
	}
	if err := createVote(context.Background(), db, &v, []bot.Member{{ID: "@bo:example.org", Name: "Bo"}, {ID: "x", Anonymous: true}}); err != nil {
		t.Fatal(err)
	}
	return v
}

func cast(t *testing.T, db *store.DB, voteID int64, member string, at time.Time, keys ...string) (vote.Ballot, bool, error) {
	t.Helper()
	var prev vote.Ballot
	var replaced bool
	err := db.InTx(context.Background(), func(tx *sql.Tx) error {
		var err error
		prev, replaced, err = castBallot(context.Background(), tx, voteID, vote.Ballot{Member: member, Name: member, Choices: keys, At: at}, "command")
		return err
	})
	return prev, replaced, err
}

func TestVoteRoundTrip(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, migrations)
	v := newVote(t, db, voteRoom, vote.Consensus)
	other := newVote(t, db, bot.Room{Protocol: bot.XMPP, ID: "assembly@conf.example.org"}, vote.Majority)
	second := newVote(t, db, voteRoom, vote.Majority)
	if v.Number != 1 || second.Number != 2 || other.Number != 1 {
		t.Fatalf("numbers per room: %d %d %d", v.Number, second.Number, other.Number)
	}
	got, err := ByNumber(ctx, db, voteRoom, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != v.ID || got.Question != v.Question || got.Rules.Kind != vote.Consensus || len(got.Rules.Options) != 4 ||
		!got.Rules.Secret || !got.HideResults || got.Rules.Quorum != (vote.Quorum{N: 40, Percent: true}) ||
		got.OpenedBy != v.OpenedBy || !got.ClosesAt.Equal(v.ClosesAt) || !got.Open() || got.LinkKind != "mandate" || got.LinkID != "7" {
		t.Fatalf("round trip: %+v", got)
	}
	if _, err := ByNumber(ctx, db, voteRoom, 9); !errors.Is(err, vote.ErrNotFound) {
		t.Fatalf("unknown vote: %v", err)
	}
	el, err := storedElectorate(ctx, db, v.ID)
	if err != nil || len(el) != 1 || el[0].ID != "@bo:example.org" {
		t.Fatalf("electorate (anonymous left out): %+v %v", el, err)
	}
	linked, ok, err := openLinkedVote(ctx, db, voteRoom, "mandate", "7")
	if err != nil || !ok || linked.Number != 1 {
		t.Fatalf("linked: %+v %v %v", linked, ok, err)
	}
	open, err := openVotes(ctx, db, voteRoom)
	if err != nil || len(open) != 2 {
		t.Fatalf("open votes: %d %v", len(open), err)
	}
}

func TestSecondBallotReplacesFirstAndHistoryIsKept(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, migrations)
	v := newVote(t, db, voteRoom, vote.Consensus)
	if _, replaced, err := cast(t, db, v.ID, "ana", t0.Add(time.Minute), vote.Object); err != nil || replaced {
		t.Fatalf("first ballot: %v %v", replaced, err)
	}
	prev, replaced, err := cast(t, db, v.ID, "ana", t0.Add(2*time.Minute), vote.Agree)
	if err != nil || !replaced || prev.Choices[0] != vote.Object {
		t.Fatalf("second ballot: %+v %v %v", prev, replaced, err)
	}
	current, err := Ballots(ctx, db, v.ID)
	if err != nil || len(current) != 1 || current[0].Choices[0] != vote.Agree {
		t.Fatalf("current: %+v %v", current, err)
	}
	hist, err := ballotHistory(ctx, db, v.ID, "ana")
	if err != nil || len(hist) != 2 {
		t.Fatalf("history: %+v %v", hist, err)
	}
}

func TestBallotAfterCloseIsRefused(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, migrations)
	v := newVote(t, db, voteRoom, vote.Majority)
	if _, _, err := cast(t, db, v.ID, "ana", v.ClosesAt, vote.Yes); !errors.Is(err, vote.ErrClosed) {
		t.Fatalf("ballot at the closing time: %v", err)
	}
	if _, _, err := cast(t, db, 999, "ana", t0, vote.Yes); !errors.Is(err, vote.ErrNotFound) {
		t.Fatalf("ballot on unknown vote: %v", err)
	}
	if _, _, err := cast(t, db, v.ID, "ana", t0.Add(time.Hour), vote.Yes); err != nil {
		t.Fatal(err)
	}
	res := vote.Tally(v.Rules, []vote.Ballot{{Member: "ana", Choices: []string{vote.Yes}}}, 3)
	if err := storeClose(ctx, db, v, t0.Add(2*time.Hour), res, "closed", false); err != nil {
		t.Fatal(err)
	}
	if err := storeClose(ctx, db, v, t0.Add(3*time.Hour), res, "again", true); !errors.Is(err, vote.ErrClosed) {
		t.Fatalf("second close: %v", err)
	}
	if _, _, err := cast(t, db, v.ID, "bo", t0.Add(2*time.Hour+time.Minute), vote.No); !errors.Is(err, vote.ErrClosed) {
		t.Fatalf("ballot after close: %v", err)
	}
	if err := setVoteCloses(ctx, db, v.ID, t0.Add(99*time.Hour)); !errors.Is(err, vote.ErrClosed) {
		t.Fatalf("extend a closed vote: %v", err)
	}
	got, _ := ByID(ctx, db, v.ID)
	if got.Open() || got.Outcome != vote.NoDecision || got.Result != "closed" || got.Voters != 1 || got.Eligible != 3 ||
		len(got.FinalCounts) != 3 || got.FinalCounts[0].N != 1 {
		t.Fatalf("closed vote: %+v", got)
	}
	closed, err := Closed(ctx, db, voteRoom, t0, t0.Add(24*time.Hour))
	if err != nil || len(closed) != 1 || closed[0].Outcome != vote.NoDecision {
		t.Fatalf("closed votes for the minutes: %+v %v", closed, err)
	}
	if _, ok, _ := openLinkedVote(ctx, db, voteRoom, "mandate", "7"); ok {
		t.Fatal("a closed vote is still linked as open")
	}
}

func TestPollState(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, migrations)
	v := newVote(t, db, voteRoom, vote.Majority)
	if set, err := setVotePoll(ctx, db, v.ID, "$poll"); err != nil || !set {
		t.Fatalf("record the poll: %v, %v", set, err)
	}
	if set, err := setVotePoll(ctx, db, v.ID, "$other"); err != nil || set {
		t.Fatalf("a second poll replaced the first: %v, %v", set, err)
	}
	got, err := byPoll(ctx, db, voteRoom, "$poll")
	if err != nil || got.ID != v.ID || got.PollState != "open" {
		t.Fatalf("by poll: %+v %v", got, err)
	}
	if _, err := byPoll(ctx, db, voteRoom, ""); !errors.Is(err, vote.ErrNotFound) {
		t.Fatalf("empty poll ID matched: %v", err)
	}
	if err := storeClose(ctx, db, v, t0, vote.Tally(v.Rules, nil, 0), "r", false); err != nil {
		t.Fatal(err)
	}
	if got, _ := byPoll(ctx, db, voteRoom, "$poll"); got.PollState != "ended" {
		t.Fatalf("closed vote's poll state %q, want ended", got.PollState)
	}
	queued, err := db.Pending(ctx, voteRoom.Protocol, t0.Add(time.Hour), 10)
	if err != nil || len(queued) != 1 || queued[0].Reply.EndsPoll != "$poll" || queued[0].Reply.Text() != "r" {
		t.Fatalf("the poll's end is not queued once: %+v %v", queued, err)
	}
}

func TestVotePolicy(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, migrations)
	if p, err := votePolicy(ctx, db, voteRoom); err != nil || p != "members" {
		t.Fatalf("default policy %q %v", p, err)
	}
	if err := setVotePolicy(ctx, db, voteRoom, "facilitators"); err != nil {
		t.Fatal(err)
	}
	if p, _ := votePolicy(ctx, db, voteRoom); p != "facilitators" {
		t.Fatalf("policy %q", p)
	}
	if err := setVotePolicy(ctx, db, voteRoom, "everyone"); err == nil {
		t.Fatal("unknown policy stored")
	}
}

// TestConcurrentBallotsCountedOnce has 50 members cast (and recast) in the same instant from
// their own goroutines: each is counted exactly once.
func TestConcurrentBallotsCountedOnce(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, migrations)
	v := newVote(t, db, voteRoom, vote.Majority)
	at := t0.Add(time.Hour)
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			member := fmt.Sprintf("@m%d:example.org", i)
			for _, key := range []string{vote.No, vote.Yes} { // the second replaces the first
				err := db.InTx(ctx, func(tx *sql.Tx) error {
					_, _, err := castBallot(ctx, tx, v.ID, vote.Ballot{Member: member, Choices: []string{key}, At: at}, "poll")
					return err
				})
				if err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	ballots, err := Ballots(ctx, db, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	res := vote.Tally(v.Rules, ballots, 50)
	if len(ballots) != 50 || res.Count(vote.Yes) != 50 || res.Count(vote.No) != 0 {
		t.Fatalf("%d ballots, %d yes, %d no", len(ballots), res.Count(vote.Yes), res.Count(vote.No))
	}
}

// TestBallotsSurviveReopen checks nothing is lost between two opens of the same file.
func TestBallotsSurviveReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), store.FileName)
	steps, err := store.ReadMigrations(migrations)
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(ctx, path, steps)
	if err != nil {
		t.Fatal(err)
	}
	v := newVote(t, db, voteRoom, vote.Majority)
	if _, _, err := cast(t, db, v.ID, "ana", t0.Add(time.Minute), vote.Yes); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = store.Open(ctx, path, steps)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, _, err := cast(t, db, v.ID, "bo", t0.Add(2*time.Minute), vote.No); err != nil {
		t.Fatal(err)
	}
	if ballots, _ := Ballots(ctx, db, v.ID); len(ballots) != 2 {
		t.Fatalf("ballots after reopen: %d", len(ballots))
	}
}

// A closing-soon notice finds the votes closing in its minute, and the last of them, on
// votes_closing: neither reads every open vote of the room, nor sorts them.
func TestVotesClosingQueriesSearchTheirIndex(t *testing.T) {
	db := storetest.Open(t, migrations)
	for name, query := range map[string]string{"closing in": votesClosingIn, "closing last": voteClosingLast} {
		t.Run(name, func(t *testing.T) {
			plan := storetest.Plan(t, db, query)
			if !strings.Contains(plan, "USING INDEX votes_closing (room=? AND closes_at>? AND closes_at<?)") ||
				strings.Contains(plan, "SCAN") || strings.Contains(plan, "TEMP B-TREE") {
				t.Errorf("plan %q; want a search of votes_closing, no scan, no sort", plan)
			}
		})
	}
}
