package groups

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/feature"
	"folkmoot/store"
	"folkmoot/words"
)

// ruleGroups is the key of the rule that is the room's list of groups.
const ruleGroups = "groups"

// rules are the room's rules groups owns: which groups exist (!group add and remove), so a
// room that changes its rules by vote decides them by vote. The value is the list of names,
// separated by commas; setting it adds the groups missing and removes those left out, with
// their members' declarations.
var rules = []feature.Rule{{
	Key: ruleGroups, Title: "groups.rule.groups",
	Read: func(ctx context.Context, _ *commands.Env, q store.Querier, room bot.Room, _ *words.Lang) (string, error) {
		all, err := list(ctx, q, room)
		if err != nil || len(all) == 0 {
			return "none", err
		}
		names := make([]string, len(all))
		for i, g := range all {
			names[i] = g.Name
		}
		return strings.Join(names, ", "), nil
	},
	Set: func(ctx context.Context, _ *commands.Env, tx *sql.Tx, room bot.Room, l *words.Lang, value string, at time.Time) error {
		var want []string
		if !strings.EqualFold(strings.TrimSpace(value), "none") {
			for _, name := range strings.Split(value, ",") {
				name = strings.Join(strings.Fields(name), " ")
				if name == "" {
					continue
				}
				if utf8.RuneCountInString(name) > maxGroupName || !bot.Shows(name) || Key(name) == "" {
					return commands.Userf("%s", l.Say("groups.name_bad", "Max", maxGroupName))
				}
				if !slices.ContainsFunc(want, func(w string) bool { return Key(w) == Key(name) }) {
					want = append(want, bot.Inert(name))
				}
			}
		}
		if len(want) > maxGroups {
			return commands.Userf("%s", l.Say("groups.add.too_many", "Max", maxGroups))
		}
		all, err := list(ctx, tx, room)
		if err != nil {
			return err
		}
		for _, g := range all {
			if !slices.ContainsFunc(want, func(w string) bool { return Key(w) == g.Key }) {
				if err := removeGroup(ctx, tx, room, g.Key); err != nil {
					return err
				}
			}
		}
		for _, name := range want {
			if !slices.ContainsFunc(all, func(g Group) bool { return g.Key == Key(name) }) {
				if err := addGroup(ctx, tx, room, name, "", at); err != nil {
					return err
				}
			}
		}
		return nil
	},
	Default: func(*commands.Env) string { return "none" },
}}
