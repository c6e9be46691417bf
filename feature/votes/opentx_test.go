package votes_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	"folkmoot/app/apptest"
	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/feature/votes"
	"folkmoot/hooks"
	"folkmoot/vote"
)

// openEnv is the commands.Env a scheduled job gets: the kit's core's.
func openEnv(kit *apptest.Kit) *commands.Env { return kit.App.Env }

// OpenInTx opens any kind of vote inside the caller's transaction: it commits with it (and
// closes on time like any vote), or not at all.
func TestOpenInTx(t *testing.T) {
	kit := apptest.New(t, features()...)
	room := kit.Room("assembly")
	room.Say(t, "bo", "hello")
	ctx := context.Background()
	env := openEnv(kit)
	opener := bot.Member{ID: "folkmoot", Name: "the test"}
	open := func(q string, rules vote.Rules, fail error) (string, error) {
		var text string
		err := kit.App.DB.InTx(ctx, func(tx *sql.Tx) error {
			var err error
			_, text, err = votes.OpenInTx(ctx, env, tx, hooks.LinkedVote{Room: room.Room, Opener: opener, Question: q, Rules: rules}, kit.Clock.Now())
			if err == nil {
				err = fail
			}
			return err
		})
		return text, err
	}
	choice := vote.Rules{Kind: vote.Choice, Options: []vote.Option{{Key: "1", Label: "soup"}, {Key: "2", Label: "salad"}}}
	text, err := open("Lunch?", choice, nil)
	if err != nil {
		t.Fatal(err)
	}
	apptest.Has(t, "announcement", text, "Vote #1 “Lunch?” is open", "1 = soup, 2 = salad")
	// The rules' fixed options are the kind's, whatever the caller gave.
	if text, err = open("Paint it?", vote.Rules{Kind: vote.Majority, Options: choice.Options}, nil); err != nil {
		t.Fatal(err)
	}
	apptest.Has(t, "majority", text, "Vote #2", "yes")
	// A rolled-back transaction takes its vote and jobs with it.
	rollback := errors.New("the job failed")
	if _, err := open("Gone?", vote.Rules{}, rollback); !errors.Is(err, rollback) {
		t.Fatalf("rollback: %v", err)
	}
	if _, err := open("One option?", vote.Rules{Kind: vote.Choice, Options: choice.Options[:1]}, nil); err == nil {
		t.Fatal("a choice vote with one option was opened")
	}
	got := room.Answers(t, "bo", "!votes", "#1 “Lunch?”", "#2 “Paint it?”")
	apptest.Lacks(t, "votes", got, "Gone?", "One option")
	room.Answers(t, "bo", "!vote 1 soup", "soup")
	closed := apptest.Texts(kit.Advance(t, 48*time.Hour))
	if !apptest.Contains(closed, "Vote #1 “Lunch?” is closed: “soup” WINS.") || len(closed) != 2 {
		t.Fatalf("closing: %q", closed)
	}
}
