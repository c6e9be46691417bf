// Package facts answers the questions every feature asks about a room: who is in it (seen
// speaking, or listed by the transport now), how they are named, whom a name typed in a
// command means, who is facilitator-level, and the room's timezone.
package facts

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"

	"folkmoot/bot"
	"folkmoot/store"
)

// Error is a room-safe answer about members ("I don't know a member …").
type Error string

func (e Error) Error() string { return string(e) }

// RoomSafe marks the text as fit to show in the room.
func (Error) RoomSafe() {}

// Roster knows the names of a room's members, for showing; identity stays the ID.
type Roster map[string]bot.Member

// LoadRoster reads the names of the members seen in a room (see NewRoster).
func LoadRoster(ctx context.Context, q store.Querier, room bot.Room) (Roster, error) {
	ms, err := RoomMembers(ctx, q, room)
	if err != nil {
		return nil, err
	}
	return NewRoster(ms), nil
}

// NewRoster knows the names of the given members. A name two members share is dropped, so
// they show as their IDs and cannot be mistaken for each other: shared means the same to the
// eye, whatever the case, the Unicode form (Zoë composed or decomposed, a full-width ａｎａ),
// invisible characters or spacing. So is a name that looks like another member's ID or the
// name part of it (eve calling herself bo, when @bo:example.org is in the room), and a name
// with nothing visible in it.
func NewRoster(ms []bot.Member) Roster {
	count := map[string]int{}
	owner := map[string]string{} // what an ID looks like, and its name part, to the ID
	for _, m := range ms {
		count[lookKey(m.Name)]++
		owner[lookKey(m.ID)], owner[lookKey(localpart(m.ID))] = m.ID, m.ID
	}
	book := Roster{}
	for _, m := range ms {
		k := lookKey(m.Name)
		if id, ok := owner[k]; k == "" || count[k] > 1 || ok && id != m.ID {
			m.Name = ""
		}
		book[m.ID] = m
	}
	return book
}

// lookKey is how a name looks, for telling two apart: case folded, compatibility-composed
// (NFKC), without invisible characters, spaces made single.
func lookKey(s string) string {
	return collapse(norm.NFKC.String(cases.Fold().String(s)), func(rune) bool { return false })
}

// Member is the member with an ID, with their name when known.
func (b Roster) Member(id string) bot.Member {
	if m, ok := b[id]; ok {
		return m
	}
	return bot.Member{ID: id}
}

// Name is how a member is shown.
func (b Roster) Name(id string) string { return b.Member(id).Display() }

// Names shows several members: "ana, bo".
func (b Roster) Names(ids []string) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = b.Name(id)
	}
	return strings.Join(out, ", ")
}

// Members turns IDs into members, for mentions.
func (b Roster) Members(ids []string) []bot.Member {
	out := make([]bot.Member, len(ids))
	for i, id := range ids {
		out[i] = b.Member(id)
	}
	return out
}

// WithNames replaces the IDs in a text written with IDs (rotation.Why) by names. The
// replacer matches leftmost first, so an ID inside a longer one is never touched.
func (b Roster) WithNames(text string) string {
	ids := make([]string, 0, len(b))
	for id, m := range b {
		if m.Name != "" {
			ids = append(ids, id)
		}
	}
	// Longer IDs first: where two start at the same place, the first listed wins.
	slices.SortFunc(ids, func(x, y string) int { return cmp.Or(cmp.Compare(len(y), len(x)), cmp.Compare(x, y)) })
	pairs := make([]string, 0, 2*len(ids))
	for _, id := range ids {
		pairs = append(pairs, id, b[id].Display())
	}
	return strings.NewReplacer(pairs...).Replace(text)
}
