package rules_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"folkmoot/app/apptest"
	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/feature"
	"folkmoot/feature/rules"
	"folkmoot/hooks"
	"folkmoot/store"
	"folkmoot/vote"
	"folkmoot/words"
)

// pace is a stand-in feature with one rule (the pace of its meetings, kept in the key-value
// table) and the command that changes it directly, as !lang changes the language.
func pace() feature.Feature {
	rule := feature.Rule{
		Key: "pace", Title: "rules.list.title",
		Read: func(ctx context.Context, _ *commands.Env, q store.Querier, room bot.Room, _ *words.Lang) (string, error) {
			v, ok, err := store.GetKV(ctx, q, "pace", room.Key())
			if !ok {
				v = "slow"
			}
			return v, err
		},
		Set: func(ctx context.Context, _ *commands.Env, tx *sql.Tx, room bot.Room, _ *words.Lang, value string, _ time.Time) error {
			if value != "slow" && value != "fast" {
				return commands.Userf("slow or fast")
			}
			return store.SetKV(ctx, tx, "pace", room.Key(), value)
		},
	}
	return feature.Feature{Name: "pace", Rules: []feature.Rule{rule}, Commands: []*commands.Command{{
		Name: "pace", Section: "Pace", Rules: []string{"pace"},
		Run: func(ctx context.Context, r *commands.Request) (bot.Reply, error) {
			if len(r.Args.Words) == 0 {
				return bot.Text("pace shown"), nil
			}
			return bot.Text("pace set"), rule.Set(ctx, r.Env, r.Tx, r.Room, r.Lang, r.Args.Words[0], r.At)
		},
	}}}
}

// opened records the votes the rules feature opens, in place of the votes feature.
type opened struct{ votes []hooks.LinkedVote }

func (o *opened) open(*commands.Env) hooks.OpenVote {
	return func(_ context.Context, _ *sql.Tx, lv hooks.LinkedVote, _ time.Time) (vote.Vote, string, error) {
		o.votes = append(o.votes, lv)
		return vote.Vote{Number: len(o.votes)}, "(vote opened)", nil
	}
}

func TestRulesKeepTheirHistory(t *testing.T) {
	var all []feature.Feature
	votes := &opened{}
	all = []feature.Feature{pace(), rules.Feature(func() []feature.Feature { return all }, votes.open)}
	kit := apptest.New(t, all...)
	room := kit.Room("assembly")
	room.Admin("ana")
	apptest.Has(t, "default", room.SayOne(t, "bo", "!rules"), "• pace (The rules of this room:): slow — the default")
	apptest.Has(t, "direct", room.SayOne(t, "ana", "!pace fast"), "pace set")
	apptest.Has(t, "recorded", room.SayOne(t, "bo", "!rules"), "• pace (The rules of this room:): fast — set by ana")

	apptest.Has(t, "proposed", room.SayOne(t, "bo", "!rules propose pace slow"), "bo proposes to change the rule pace from fast to slow", "(vote opened)")
	if len(votes.votes) != 1 || votes.votes[0].Link.Kind != "rule" || votes.votes[0].Question != "Change the rule pace from fast to slow?" {
		t.Fatalf("votes opened: %+v", votes.votes)
	}
	apptest.Has(t, "bad value", room.SayOne(t, "bo", "!rules propose pace medium"), "slow or fast")

	// The vote passes: the change takes effect, recorded with the vote.
	env := kit.App.Env
	link := rules.Links(env, func() []feature.Feature { return all })["rule"]
	err := kit.App.DB.InTx(context.Background(), func(tx *sql.Tx) error {
		return link(context.Background(), tx, hooks.VoteClosed{Room: room.Room, Link: votes.votes[0].Link, At: kit.Clock.Now(),
			Vote: vote.Vote{Number: 1, Outcome: vote.Passed}})
	})
	if err != nil {
		t.Fatal(err)
	}
	said := room.Say(t, "bo", "!rules") // the notice of the close goes out first
	if !apptest.Contains(said, "Vote #1 passed: the rule pace is now slow (it was fast).") || !apptest.Contains(said, "• pace (The rules of this room:): slow — decided by vote #1") {
		t.Errorf("after the vote: %q", said)
	}

	// By vote only: the direct command is refused and changes nothing; showing still works.
	room.Say(t, "ana", "!rules by-vote on")
	apptest.Has(t, "refused", room.SayOne(t, "ana", "!pace fast"), "This room changes its rules (pace) by vote")
	apptest.Has(t, "shown", room.SayOne(t, "bo", "!pace"), "pace shown")
	apptest.Has(t, "unchanged", room.SayOne(t, "bo", "!rules"), "slow — decided by vote #1")
}
