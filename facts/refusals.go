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

// Problem is a room-safe answer about members ("I don't know a member …") that words itself
// in the room's language when shown (the engine's commands.Worded); its Error is the
// English, for logs and for callers that have no room.
type Problem struct{ say func(l *words.Lang) string }

// Error is the problem in English.
func (p Problem) Error() string { return p.say(nil) }

// RoomSafe marks the text as fit to show in the room.
func (Problem) RoomSafe() {}

// SayIn words the problem in l.
func (p Problem) SayIn(l *words.Lang) string { return p.say(l) }
