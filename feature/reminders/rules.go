package reminders

import (
	"context"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/feature"
	"folkmoot/phrase"
	"folkmoot/store"
	"folkmoot/words"
)

// rules are the room's rules reminders owns, from the configuration: how often at most a
// recurring reminder repeats, and how many reminders a member and a room may have open.
var rules = []feature.Rule{{
	Key: "reminder-interval", Title: "reminders.rule.interval",
	Read: func(_ context.Context, env *commands.Env, _ store.Querier, _ bot.Room, l *words.Lang) (string, error) {
		return phrase.Duration(l, env.Config.Limits.ReminderMinInterval.Duration), nil
	},
}, {
	Key: "reminders-open", Title: "reminders.rule.open",
	Read: func(_ context.Context, env *commands.Env, _ store.Querier, _ bot.Room, l *words.Lang) (string, error) {
		lim := env.Config.Limits
		return l.Say("reminders.rule.open_value", "Member", lim.OpenRemindersPerMember, "Room", lim.OpenRemindersPerRoom), nil
	},
}}
