package votes

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"folkmoot/app/host"
	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/config"
	"folkmoot/feature"
	"folkmoot/hooks"
	"folkmoot/vote"
)

// silentTransport is a transport without optional capabilities.
type silentTransport struct{}

func (silentTransport) Protocol() bot.Protocol { return bot.Console }
func (silentTransport) Run(ctx context.Context, _ bot.Inbox) error {
	<-ctx.Done()
	return nil
}
func (silentTransport) Send(context.Context, bot.Room, bot.Reply) error { return nil }

// linkFixture is the core without app (which imports this package): an env, a clock and a
// request as the engine would build it.
type linkFixture struct {
	app *host.App
	env *commands.Env
	now time.Time
	req *commands.Request
}

func newLinkFixture(t *testing.T) *linkFixture {
	t.Helper()
	f := &linkFixture{now: time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)}
	cfg := config.Default()
	cfg.DataDir, cfg.Timezone = t.TempDir(), "UTC"
	a, err := host.New(context.Background(), cfg, zerolog.Nop(), func() time.Time { return f.now }, []feature.Feature{Feature(Hooks{})})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	f.app, f.env = a, a.Env
	f.req = &commands.Request{Env: f.env, Ctx: context.Background(), Transport: silentTransport{},
		Room: bot.Room{Protocol: bot.Console, ID: "a"}, Sender: bot.Member{ID: "ana@example.org", Name: "ana"},
		Loc: f.env.Config.Location(), At: f.now}
	return f
}

// openLinked opens a majority vote tied to link as another feature does, through Opener in
// one transaction, and returns its announcement.
func (f *linkFixture) openLinked(ctx context.Context, question string, link hooks.VoteLink, quorum vote.Quorum) (string, error) {
	var text string
	err := f.app.DB.InTx(ctx, func(tx *sql.Tx) error {
		var err error
		_, text, err = Opener(f.env)(ctx, tx, hooks.LinkedVote{Room: f.req.Room, Opener: f.req.Sender, Question: question, Link: link,
			Rules: vote.Rules{Kind: vote.Majority, Quorum: quorum}}, f.req.At)
		return err
	})
	return text, err
}

func TestOpenLinkedVoteStoresTheLink(t *testing.T) {
	f := newLinkFixture(t)
	ctx := context.Background()
	text, err := f.openLinked(ctx, "Recall  bo as delegate?", hooks.VoteLink{Kind: "mandate", ID: "7"}, vote.Quorum{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "Vote #1 “Recall bo as delegate?” is open.") || !strings.Contains(text, "A majority vote") || !strings.Contains(text, "!yes") {
		t.Errorf("announcement: %q", text)
	}
	v, err := ByNumber(ctx, f.app.DB, f.req.Room, 1)
	if err != nil || v.LinkKind != "mandate" || v.LinkID != "7" || v.Rules.Kind != vote.Majority ||
		!v.ClosesAt.Equal(f.now.Add(48*time.Hour)) {
		t.Fatalf("stored: %+v %v", v, err)
	}
	_, err = f.openLinked(ctx, "Recall bo again?", hooks.VoteLink{Kind: "mandate", ID: "7"}, vote.Quorum{})
	var ue *commands.UserError
	if !errors.As(err, &ue) || !strings.Contains(ue.Msg, "A vote on this is already open: Vote #1") {
		t.Fatalf("second recall of the same mandate: %v", err)
	}
	if _, err := f.openLinked(ctx, "Recall cy?", hooks.VoteLink{Kind: "mandate", ID: "8"}, vote.Quorum{}); err != nil {
		t.Fatalf("recall of another mandate: %v", err)
	}
}

// TestLinkHandlerRunsInTheClosingTransaction shows the link handler's failure undoes the
// close: the decision and its effect commit together or not at all.
func TestLinkHandlerRunsInTheClosingTransaction(t *testing.T) {
	f := newLinkFixture(t)
	ctx := context.Background()
	if _, err := f.openLinked(ctx, "Q?", hooks.VoteLink{Kind: "no-such-kind", ID: "1"}, vote.Quorum{}); err != nil {
		t.Fatal(err)
	}
	f.now = f.now.Add(48 * time.Hour)
	if _, err := f.app.Sched.FireDue(ctx); err != nil {
		t.Fatal(err)
	}
	v, err := ByNumber(ctx, f.app.DB, f.req.Room, 1)
	if err != nil || !v.Open() || v.Result != "" {
		t.Fatalf("the close was kept although its link failed: %+v %v", v, err)
	}
	queued, err := f.app.DB.Pending(ctx, bot.Console, f.now, 10)
	if err != nil || len(queued) != 2 || queued[0].Reply.Poll == nil || !strings.Contains(queued[1].Reply.Text(), "closing of vote #1") {
		t.Fatalf("want the vote's poll and the room told, got %+v %v", queued, err)
	}
}

func FuzzOptionsWithoutDashes(f *testing.F) {
	for _, s := range []string{"closes friday 18:00", "kind majority closes 2h", "please", "closes", "secret", "secret now", "quorum 50% max 2 options a|b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		words := strings.Fields(s)
		flags, read, err := optionsWithoutDashes(nil, words, map[string]string{"closes": "1h"})
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("an answer that could forge a line: %q", err)
			}
			return
		}
		if len(words) > 0 && len(read) == 0 {
			t.Fatalf("%q read nothing without an error", s)
		}
		for name := range flags {
			if _, ok := optionExample[name]; !ok && name != "secret" && name != "hide-results" {
				t.Fatalf("%q set an unknown option %q", s, name)
			}
		}
	})
}
