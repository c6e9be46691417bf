package rounds

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/feature"
	"folkmoot/round"
	"folkmoot/store"
	"folkmoot/words"
)

// speakingTimeNamespace keeps each room's turn length for rounds that name none (--each).
const speakingTimeNamespace = "round-each"

// rules are the room's rules rounds owns: how long each member speaks in a listening round
// that names no length.
var rules = []feature.Rule{{
	Key: "speaking-time", Title: "rounds.rule.speaking_time",
	Read: func(ctx context.Context, _ *commands.Env, q store.Querier, room bot.Room, _ *words.Lang) (string, error) {
		d, err := speakingTime(ctx, q, room)
		return length(d), err
	},
	Set: func(ctx context.Context, _ *commands.Env, tx *sql.Tx, room bot.Room, l *words.Lang, value string, _ time.Time) error {
		d, err := parseLength(l, value)
		if err != nil {
			return err
		}
		if d < round.MinEach || d > round.MaxEach { // the bounds of a round's --each
			return commands.Userf("%s", l.Say("rounds.rule.speaking_time_range", "Min", length(round.MinEach), "Max", length(round.MaxEach)))
		}
		if d == round.DefaultEach {
			return store.DeleteKV(ctx, tx, speakingTimeNamespace, room.Key())
		}
		return store.SetKV(ctx, tx, speakingTimeNamespace, room.Key(), d.String())
	},
	Default: func(*commands.Env) string { return length(round.DefaultEach) },
}}

// speakingTime is how long each member speaks in the room's rounds that name no length.
func speakingTime(ctx context.Context, q store.Querier, room bot.Room) (time.Duration, error) {
	v, ok, err := store.GetKV(ctx, q, speakingTimeNamespace, room.Key())
	if err != nil || !ok {
		return round.DefaultEach, err
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		return round.DefaultEach, nil // a value this release reads no more: the default
	}
	return d, nil
}

// length is a turn's length as members type it and the rule shows it: "2m", "90s".
func length(d time.Duration) string {
	if d%time.Minute == 0 {
		return fmt.Sprintf("%dm", int(d/time.Minute))
	}
	return fmt.Sprintf("%ds", int(d/time.Second))
}
