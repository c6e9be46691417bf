package commands

import (
	"context"
	"fmt"
	"strings"

	"github.com/rs/zerolog"

	"folkmoot/bot"
	"folkmoot/config"
	"folkmoot/store"
)

// Members lists the room's members: those the transport reports when it can, together with
// everyone the bot has seen speak there.
func Members(ctx context.Context, r *Request) ([]bot.Member, error) {
	seen, err := store.RoomMembers(ctx, r.DB, r.Room)
	if err != nil {
		return nil, err
	}
	lister, ok := r.Transport.(bot.MemberLister)
	if !ok {
		return seen, nil
	}
	live, err := lister.Members(ctx, r.Room)
	if err != nil {
		r.Log().Warn().Err(err).Msg("list room members")
		return seen, nil
	}
	byID := map[string]bool{}
	var out []bot.Member
	for _, m := range append(live, seen...) {
		if m.Anonymous || byID[m.ID] {
			continue
		}
		byID[m.ID] = true
		out = append(out, m)
	}
	return out, nil
}

// LiveMembers asks the room's transport who is in the room now, for scheduled jobs (which
// have no Request). It returns nil when the transport cannot tell.
func LiveMembers(ctx context.Context, env *Env, room bot.Room) []bot.Member {
	if env.Transport == nil {
		return nil
	}
	lister, ok := env.Transport(room.Protocol).(bot.MemberLister)
	if !ok {
		return nil
	}
	live, err := lister.Members(ctx, room)
	if err != nil {
		zerolog.Ctx(ctx).Warn().Err(err).Str("room", room.ID).Msg("list room members")
		return nil
	}
	return live
}

// ResolveMember finds the member a person means by what they typed: an ID (@ana:example.org,
// ana@example.org), or the display name or nick of a member of the room, with or without a
// leading @. Identity is always the ID; a name only finds it, and an ambiguous name is refused.
func ResolveMember(ctx context.Context, r *Request, typed string) (bot.Member, error) {
	typed = strings.TrimSpace(strings.TrimSuffix(typed, ":"))
	members, err := Members(ctx, r)
	if err != nil {
		return bot.Member{}, err
	}
	for _, m := range members {
		if strings.EqualFold(m.ID, typed) {
			return m, nil
		}
	}
	if config.IsMatrixUserID(typed) || config.IsBareJID(typed) {
		return bot.Member{ID: typed}, nil // someone the bot has not seen yet, by ID
	}
	name := strings.TrimPrefix(typed, "@")
	var found []bot.Member
	for _, m := range members {
		if strings.EqualFold(m.Name, name) || strings.EqualFold(localpart(m.ID), name) {
			found = append(found, m)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return bot.Member{}, Userf("I don't know a member “%s” in this room. Use their Matrix ID (@name:server), their XMPP address (name@server), or the name of someone who has spoken here.", typed)
	default:
		ids := make([]string, len(found))
		for i, m := range found {
			ids[i] = m.ID
		}
		return bot.Member{}, Userf("“%s” could be %s: use the ID.", typed, strings.Join(ids, " or "))
	}
}

// localpart is "ana" for @ana:example.org and ana@example.org.
func localpart(id string) string {
	id = strings.TrimPrefix(id, "@")
	if i := strings.IndexAny(id, ":@"); i >= 0 {
		return id[:i]
	}
	return id
}

// Mention formats a member for text: their name and, when it differs, their ID.
func Mention(m bot.Member) string {
	if m.Name == "" || m.Name == m.ID {
		return m.ID
	}
	return fmt.Sprintf("%s (%s)", m.Name, m.ID)
}
