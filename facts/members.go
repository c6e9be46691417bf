package facts

import (
	"context"
	"database/sql"
	"errors"
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
	loc, _ := Settings(ctx, q, room, def, "")
	return loc
}

// Lang is the room's language, or def when it has none or when its language is no longer
// shipped (ForgetGoneLanguages tells the room). A def that is the tests' pseudo-language's
// tag (PseudoTag) speaks it.
func Lang(ctx context.Context, q store.Querier, room bot.Room, def string) *words.Lang {
	_, l := Settings(ctx, q, room, nil, def)
	return l
}

// Settings are the room's timezone and language, read at once: defLoc and defLang where it
// has none (see Location and Lang).
func Settings(ctx context.Context, q store.Querier, room bot.Room, defLoc *time.Location, defLang string) (*time.Location, *words.Lang) {
	var tz, tag string
	err := q.QueryRowContext(ctx, roomSettings, room.Key()).Scan(&tz, &tag)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		zerolog.Ctx(ctx).Warn().Err(err).Msg("read room settings; using the defaults")
	}
	loc := defLoc
	if tz != "" {
		if l, err := timeparse.LoadLocation(tz); err == nil {
			loc = l
		}
	}
	if l, ok := words.Find(tag); ok && tag != "" {
		return loc, words.For(l.Tag)
	}
	if defLang == PseudoTag {
		return loc, pseudo()
	}
	return loc, words.For(defLang)
}

// roomSettings reads a room's timezone and language.
const roomSettings = `SELECT timezone, language FROM rooms WHERE room = ?`

// PseudoTag is the tag of the tests' pseudo-language (words.Pseudo): English with every
// message wrapped in ⟦…⟧, so a test can find the words the room sees outside the catalog.
const PseudoTag = "en-XA"

// pseudo is the pseudo-language, made once.
var pseudo = sync.OnceValue(words.Pseudo)

// GoneLanguage is a room whose language folkmoot no longer ships, and what tells it so.
type GoneLanguage struct {
	Room   bot.Room
	Notice string
}

// ForgetGoneLanguages clears, in q, the language of every room whose language folkmoot no
// longer ships (a language goes only with a new release, so this runs at start), and
// returns the notices that tell those rooms they speak def again.
func ForgetGoneLanguages(ctx context.Context, q store.Querier, def, prefix string, at time.Time) ([]GoneLanguage, error) {
	type chosen struct{ room, tag string }
	rows, err := store.All(ctx, q, "room languages", func(s store.Scanner) (chosen, error) {
		var c chosen
		return c, s.Scan(&c.room, &c.tag)
	}, `SELECT room, language FROM rooms WHERE language <> ''`)
	if err != nil {
		return nil, err
	}
	lang := words.For(def)
	var gone []GoneLanguage
	for _, c := range rows {
		room, ok := bot.ParseRoomKey(c.room)
		if _, shipped := words.Find(c.tag); shipped || !ok {
			continue
		}
		if err := SetRoomLanguage(ctx, q, room, "", at); err != nil {
			return nil, err
		}
		gone = append(gone, GoneLanguage{Room: room, Notice: lang.Say("facts.lang.dropped",
			"Typed", bot.Inert(c.tag), "Language", lang.Name, "Command", prefix+"lang")})
	}
	return gone, nil
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
