package meetings

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/facts"
	"folkmoot/feature"
	"folkmoot/schedule"
	"folkmoot/store"
	"folkmoot/words"
)

// ruleDigest is the key of the rule of the scheduled digest.
const ruleDigest = "digest"

// rules are the room's rules meetings owns: when the digest is made (!digest every).
var rules = []feature.Rule{{
	Key: ruleDigest, Title: "meetings.rule.digest",
	Read: func(ctx context.Context, _ *commands.Env, q store.Querier, room bot.Room, _ *words.Lang) (string, error) {
		jobs, err := schedule.Pending(ctx, q, room, jobDigest)
		if err != nil || len(jobs) == 0 {
			return "off", err
		}
		return jobs[0].Spec, nil
	},
	Set: func(ctx context.Context, env *commands.Env, tx *sql.Tx, room bot.Room, l *words.Lang, value string, at time.Time) error {
		if strings.EqualFold(value, "off") {
			return schedule.Cancel(ctx, tx, room, jobDigest, digestRef)
		}
		loc := facts.Location(ctx, tx, room, env.Config.Location())
		rec, err := facts.ReadSchedule(l, env.Config.Limits, value, at, loc, l.Say("meetings.often"), "every monday 08:00")
		if err != nil {
			return err
		}
		format := formats(env.Config)[0]
		if jobs, err := schedule.Pending(ctx, tx, room, jobDigest); err != nil {
			return err
		} else if len(jobs) > 0 {
			format = jobs[0].Payload // the format chosen before stays
		}
		return scheduleDigest(ctx, tx, room, loc, rec, format, at)
	},
	Default: func(*commands.Env) string { return "off" },
}}
