package votes

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/feature"
	"folkmoot/phrase"
	"folkmoot/store"
	"folkmoot/vote"
	"folkmoot/words"
)

// The keys of the votes' rules.
const (
	ruleOpeners  = "vote-openers"
	ruleQuorum   = "quorum"
	ruleDuration = "vote-duration"
	ruleKind     = "vote-kind"
)

// rules are the room's rules votes owns: who may open votes, the quorum of votes that name
// none (!vote policy), and how long a vote runs by default (the configuration's).
var rules = []feature.Rule{
	{
		Key: ruleOpeners, Title: "votes.rule.openers",
		Read: func(ctx context.Context, _ *commands.Env, q store.Querier, room bot.Room, _ *words.Lang) (string, error) {
			return votePolicy(ctx, q, room)
		},
		Set: func(ctx context.Context, _ *commands.Env, tx *sql.Tx, room bot.Room, l *words.Lang, value string, _ time.Time) error {
			p := strings.ToLower(value)
			if p != "members" && p != "facilitators" {
				return commands.Userf("%s", l.Say("votes.rule.openers_values"))
			}
			return setVotePolicy(ctx, tx, room, p)
		},
		Default: func(*commands.Env) string { return "members" },
	},
	{
		Key: ruleQuorum, Title: "votes.rule.quorum",
		Read: func(ctx context.Context, _ *commands.Env, q store.Querier, room bot.Room, _ *words.Lang) (string, error) {
			spec, err := roomQuorum(ctx, q, room)
			if spec == "" {
				spec = "off"
			}
			return spec, err
		},
		Set: func(ctx context.Context, _ *commands.Env, tx *sql.Tx, room bot.Room, l *words.Lang, value string, _ time.Time) error {
			if typed := strings.ToLower(value); typed == "off" || typed == "none" {
				return saveRoomQuorum(ctx, tx, room, "")
			}
			q, err := vote.ParseQuorum(l, value)
			if err != nil {
				return err
			}
			return saveRoomQuorum(ctx, tx, room, q.String())
		},
		Default: func(*commands.Env) string { return "off" },
	},
	{
		Key: ruleKind, Title: "votes.rule.kind",
		Read: func(ctx context.Context, _ *commands.Env, q store.Querier, room bot.Room, _ *words.Lang) (string, error) {
			k, err := roomKind(ctx, q, room)
			return string(k), err
		},
		Set: func(ctx context.Context, _ *commands.Env, tx *sql.Tx, room bot.Room, l *words.Lang, value string, _ time.Time) error {
			k, err := vote.ParseKind(l, value)
			if err != nil {
				return err
			}
			if k == vote.Choice {
				// A choice vote needs its options, which no default can give.
				return commands.Userf("%s", l.Say("votes.rule.kind_values"))
			}
			return saveRoomKind(ctx, tx, room, k)
		},
		Default: func(*commands.Env) string { return string(vote.Consensus) },
	},
	{
		Key: ruleDuration, Title: "votes.rule.duration",
		Read: func(_ context.Context, env *commands.Env, _ store.Querier, _ bot.Room, l *words.Lang) (string, error) {
			return phrase.Duration(l, settings(env.Config).DefaultDuration.Duration), nil
		},
	},
}
