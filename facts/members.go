package facts

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/rs/zerolog"

	"folkmoot/bot"
	"folkmoot/store"
	"folkmoot/timeparse"
	"folkmoot/words"
)

// Members lists the room's members: those the transport reports when it can, together with
// everyone the bot has seen speak there.
func Members(ctx context.Context, q store.Querier, t bot.Transport, room bot.Room) ([]bot.Member, error) {
	seen, err := RoomMembers(ctx, q, room)
	if err != nil {
		return nil, err
	}
	live := Live(ctx, t, room)
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

// Electorate is who may vote on a vote opened now: the members the transport lists in the
// room when it can (someone who left, was kicked or banned is not among them), else everyone
// seen speaking there.
func Electorate(ctx context.Context, q store.Querier, t bot.Transport, room bot.Room) ([]bot.Member, error) {
	if live := Live(ctx, t, room); live != nil {
		var out []bot.Member
		for _, m := range live {
			if !m.Anonymous {
				out = append(out, m)
			}
		}
		return out, nil
	}
	return RoomMembers(ctx, q, room)
}

// Live asks the transport who is in the room now; nil when it cannot tell.
func Live(ctx context.Context, t bot.Transport, room bot.Room) []bot.Member {
	lister, ok := t.(bot.MemberLister)
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

// Resolve finds the member a person means by what they typed (Directory.Resolve): an ID, or
// a member's name, whatever its case, accents and quotes. Identity is always the ID; a name
// only finds it, and an ambiguous name is a question back.
func Resolve(ctx context.Context, q store.Querier, t bot.Transport, room bot.Room, typed string) (bot.Member, error) {
	d, err := LoadDirectory(ctx, q, t, room)
	if err != nil {
		return bot.Member{}, err
	}
	return d.Resolve(typed)
}

// localpart is "ana" for @ana:example.org and ana@example.org.
func localpart(id string) string {
	id = strings.TrimPrefix(id, "@")
	if i := strings.IndexAny(id, ":@"); i >= 0 {
		return id[:i]
	}
	return id
}

// FacilitatorRole is the role whose holders are facilitator-level.
const FacilitatorRole = "facilitator"

// Facilitators lists who holds the facilitator role in the room.
func Facilitators(ctx context.Context, q store.Querier, room bot.Room) ([]bot.Member, error) {
	ids, err := Holders(ctx, q, room, FacilitatorRole)
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	book, err := LoadRoster(ctx, q, room)
	if err != nil {
		return nil, err
	}
	return book.Members(ids), nil
}

// IsFacilitatorLevel reports whether a member is facilitator-level in a room: a current
// facilitator, a room admin according to the transport, or a bot admin. It also returns the
// current facilitators, for messages.
func IsFacilitatorLevel(ctx context.Context, q store.Querier, botAdmins []string, t bot.Transport, room bot.Room, m bot.Member) (bool, []bot.Member, error) {
	if m.Anonymous {
		// A member whose real address is hidden is no facilitator or bot admin by ID, but
		// the room itself may vouch for them: an XMPP room's owner or admin is known by
		// affiliation even in a semi-anonymous room.
		return roomAdmin(ctx, t, room, m, nil)
	}
	if slices.Contains(botAdmins, m.ID) {
		return true, nil, nil
	}
	facilitators, err := Facilitators(ctx, q, room)
	if err != nil {
		return false, nil, err
	}
	for _, f := range facilitators {
		if f.ID == m.ID {
			return true, facilitators, nil
		}
	}
	return roomAdmin(ctx, t, room, m, facilitators)
}

// roomAdmin asks the transport whether the room counts the member as one of its admins.
func roomAdmin(ctx context.Context, t bot.Transport, room bot.Room, m bot.Member, facilitators []bot.Member) (bool, []bot.Member, error) {
	ac, ok := t.(bot.AdminChecker)
	if !ok {
		return false, facilitators, nil
	}
	admin, err := ac.IsRoomAdmin(ctx, room, m)
	if err != nil {
		return false, facilitators, fmt.Errorf("room admin lookup: %w", err)
	}
	return admin, facilitators, nil
}

// Location is the room's timezone, or def when it has none. q may be a transaction:
// scheduled jobs have no request.
func Location(ctx context.Context, q store.Querier, room bot.Room, def *time.Location) *time.Location {
	tz, err := RoomTimezone(ctx, q, room)
	if err != nil {
		zerolog.Ctx(ctx).Warn().Err(err).Msg("read room timezone; using the default")
	}
	if tz != "" {
		if loc, err := timeparse.LoadLocation(tz); err == nil {
			return loc
		}
	}
	return def
}

// Lang is the room's language, or def when it has none or when its language is no longer
// shipped (LanguageGone tells the room). A def that is the tests' pseudo-language's tag
// (words.Pseudo, "en-XA") speaks it: a test kit sets it in its config after the config was
// read; a config file or !lang cannot (both read "en-XA" as English, a regional variant).
func Lang(ctx context.Context, q store.Querier, room bot.Room, def string) *words.Lang {
	tag, err := RoomLanguage(ctx, q, room)
	if err != nil {
		zerolog.Ctx(ctx).Warn().Err(err).Msg("read room language; using the default")
	}
	if l, ok := words.Find(tag); ok && tag != "" {
		return words.For(l.Tag)
	}
	if def == PseudoTag {
		return pseudo()
	}
	return words.For(def)
}

// PseudoTag is the tag of the tests' pseudo-language (words.Pseudo): English with every
// message wrapped in ⟦…⟧, so a test can find the words the room sees outside the catalog.
const PseudoTag = "en-XA"

// pseudo is the pseudo-language, made once.
var pseudo = sync.OnceValue(words.Pseudo)

// LanguageGone clears a room's language that is no longer shipped, in q, and returns the
// notice that tells the room it speaks def again; "" when the room's language is fine.
func LanguageGone(ctx context.Context, q store.Querier, room bot.Room, def, prefix string, at time.Time) (string, error) {
	tag, err := RoomLanguage(ctx, q, room)
	if _, ok := words.Find(tag); err != nil || tag == "" || ok {
		return "", err
	}
	if err := SetRoomLanguage(ctx, q, room, "", at); err != nil {
		return "", err
	}
	lang := words.For(def)
	return lang.Say("facts.lang.dropped", "Typed", bot.Inert(tag), "Language", lang.Name, "Command", prefix+"lang"), nil
}

// FacilitatorsIn names the room's facilitators for a refusal, in l: "the facilitator (ana)",
// "the room's facilitator" when nobody holds the role.
func FacilitatorsIn(l *words.Lang, facilitators []bot.Member) string {
	if len(facilitators) == 0 {
		return l.Say("facts.facilitators.none")
	}
	names := make([]string, len(facilitators))
	for i, f := range facilitators {
		names[i] = f.Display()
	}
	return l.Say("facts.facilitators.named", "Names", strings.Join(names, l.Say("phrase.list.comma")))
}

// FacilitatorsText is FacilitatorsIn in English.
//
// Deprecated: a refusal speaks the room's language; use FacilitatorsIn(r.Lang, …). It stays
// until every feature's refusals are in the catalog.
func FacilitatorsText(facilitators []bot.Member) string { return FacilitatorsIn(nil, facilitators) }
