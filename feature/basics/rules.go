package basics

import (
	"context"
	"database/sql"
	"time"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/facts"
	"folkmoot/feature"
	"folkmoot/phrase"
	"folkmoot/schedule"
	"folkmoot/store"
	"folkmoot/words"
)

// rules are the room's rules basics owns: its language and its timezone (!lang, !tz).
var rules = []feature.Rule{
	{
		Key: "language", Title: "basics.rule.language",
		Read: func(ctx context.Context, env *commands.Env, q store.Querier, room bot.Room, _ *words.Lang) (string, error) {
			return facts.Lang(ctx, q, room, env.Config.Language).Language.Tag, nil
		},
		Set: func(ctx context.Context, _ *commands.Env, tx *sql.Tx, room bot.Room, l *words.Lang, value string, at time.Time) error {
			chosen, ok := words.Find(value)
			if !ok {
				return commands.Userf("%s", l.Say("basics.lang.unknown", "Typed", bot.Inert(value), "Languages", shippedList()))
			}
			return facts.SetRoomLanguage(ctx, tx, room, chosen.Tag, at)
		},
		Default: func(env *commands.Env) string { return words.For(env.Config.Language).Language.Tag },
	},
	{
		Key: "timezone", Title: "basics.rule.timezone",
		Read: func(ctx context.Context, env *commands.Env, q store.Querier, room bot.Room, _ *words.Lang) (string, error) {
			return facts.Location(ctx, q, room, env.Config.Location()).String(), nil
		},
		Set: func(ctx context.Context, env *commands.Env, tx *sql.Tx, room bot.Room, l *words.Lang, value string, at time.Time) error {
			loc, ok := exactZone(value)
			if !ok {
				return commands.Userf("%s", l.Say("basics.tz.unknown", "Typed", phrase.Clip(value, 40), "Command", env.Config.CommandPrefix+"tz"))
			}
			if err := facts.SetRoomTimezone(ctx, tx, room, loc.String(), at); err != nil {
				return err
			}
			return schedule.MoveTimezone(ctx, tx, room, loc.String(), at)
		},
		Default: func(env *commands.Env) string { return env.Config.Location().String() },
	},
}
