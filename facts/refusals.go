package facts

import (
	"context"
	"time"

	"folkmoot/bot"
	"folkmoot/store"
	"folkmoot/words"
)

// NotFacilitator is the refusal, in l, of a facilitator-level command (cmd, with its prefix)
// to a member who is not.
func NotFacilitator(l *words.Lang, facilitators []bot.Member, cmd string) string {
	return l.Say("facts.refusal.facilitator", "Facilitators", FacilitatorsIn(l, facilitators), "Command", cmd)
}

// anonymousTold is the kv namespace of the members told why they may not vote here.
const anonymousTold = "anonymous-told"

// AnonymousRefusal explains once per member, in q and in l, why someone whose real address
// the bot cannot see may not vote or hold a role; later refusals are short.
func AnonymousRefusal(ctx context.Context, q store.Querier, l *words.Lang, room bot.Room, m bot.Member, at time.Time) (string, error) {
	key := room.Key() + "|" + m.ID
	_, told, err := store.GetKV(ctx, q, anonymousTold, key)
	if err != nil {
		return "", err
	}
	if told {
		return l.Say("facts.refusal.anonymous.again", "Name", m.Display()), nil
	}
	if err := store.SetKV(ctx, q, anonymousTold, key, at.UTC().Format(time.RFC3339)); err != nil {
		return "", err
	}
	return l.Say("facts.refusal.anonymous.first", "Name", m.Display()), nil
}
