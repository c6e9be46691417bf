package facts

import (
	"context"

	"folkmoot/bot"
	"folkmoot/store"
)

// holdersNow reads the roles feature's terms: who holds a role now, on role_terms_room.
const holdersNow = `SELECT member FROM role_terms WHERE room = ? AND role = ? AND state = 'held' AND ended_at IS NULL
	ORDER BY started_at, id`

// Holders lists who holds a role in a room now, by the start of their term. It is asked by
// whatever lets a role's holder do more (the facilitator, the notetaker, the timekeeper), so
// no feature needs the roles feature to know it.
func Holders(ctx context.Context, q store.Querier, room bot.Room, role string) ([]string, error) {
	return store.All(ctx, q, "role holders", store.Text, holdersNow, room.Key(), role)
}
