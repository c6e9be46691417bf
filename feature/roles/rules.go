package roles

import (
	"context"
	"strings"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/feature"
	"folkmoot/phrase"
	"folkmoot/rotation"
	"folkmoot/store"
	"folkmoot/words"
)

// rules are the room's rules roles owns: the roles themselves, which change with !role, and
// how long the chosen may decline, from the configuration.
var rules = []feature.Rule{{
	Key: "roles", Title: "roles.rule.roles", Command: "role",
	Read: func(ctx context.Context, _ *commands.Env, q store.Querier, room bot.Room, l *words.Lang) (string, error) {
		roles, err := Roles(ctx, q, room)
		if err != nil {
			return "", err
		}
		parts := make([]string, len(roles))
		for i, role := range roles {
			spec := l.Say("roles.rule.by_hand")
			if role.Schedule != "" {
				spec = scheduleWords(l, role.Schedule)
			}
			parts[i] = l.Say("roles.rule.role", "Role", rotation.RoleName(l, role.Name), "Schedule", spec)
			if role.Seats > 1 {
				parts[i] = l.Count("roles.roles.seats", role.Seats, "Role", parts[i])
			}
			if role.Parity != "" {
				parts[i] = l.Say("roles.roles.parity", "Role", parts[i], "Group", role.Parity)
			}
		}
		return strings.Join(parts, l.Say("phrase.list.comma")), nil
	},
}, {
	Key: "consent-window", Title: "roles.rule.consent_window",
	Read: func(_ context.Context, env *commands.Env, _ store.Querier, _ bot.Room, l *words.Lang) (string, error) {
		return phrase.Duration(l, consentWindow(env)), nil
	},
}}
