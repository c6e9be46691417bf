package facts

import (
	"context"
	"fmt"
	"time"

	"folkmoot/bot"
	"folkmoot/store"
)

// NotFacilitator is the refusal of a facilitator-level command (cmd, with its prefix) to a
// member who is not.
func NotFacilitator(facilitators []bot.Member, cmd string) string {
	return fmt.Sprintf("Only %s, room admins or bot admins may use %s.", FacilitatorsText(facilitators), cmd)
}

// anonymousTold is the kv namespace of the members told why they may not vote here.
const anonymousTold = "anonymous-told"

// AnonymousRefusal explains once per member, in q, why someone whose real address the bot
// cannot see may not vote or hold a role; later refusals are short.
func AnonymousRefusal(ctx context.Context, q store.Querier, room bot.Room, m bot.Member, at time.Time) (string, error) {
	key := room.Key() + "|" + m.ID
	_, told, err := store.GetKV(ctx, q, anonymousTold, key)
	if err != nil {
		return "", err
	}
	if told {
		return fmt.Sprintf("%s: I can't see your real address in this room, so you can't do that here (see my earlier message).", m.Display()), nil
	}
	if err := store.SetKV(ctx, q, anonymousTold, key, at.UTC().Format(time.RFC3339)); err != nil {
		return "", err
	}
	return fmt.Sprintf("%s: I can't see your real address in this room, so you can talk but not vote, hold a role, "+
		"or take a task or mandate. A room owner can make the room non-anonymous or give me moderator rights.", m.Display()), nil
}
