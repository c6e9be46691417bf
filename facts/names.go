package facts

import (
	"context"
	"strings"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"

	"folkmoot/bot"
	"folkmoot/config"
	"folkmoot/phrase"
	"folkmoot/store"
	"folkmoot/words"
)

// maxNameWords bounds how many words a member's name may take in a command, so finding the
// longest name at a place in a message is bounded work however long the message.
const maxNameWords = 12

// errNoMember answers an empty name.
var errNoMember = words.Problemf("facts.member.none")

// maxCandidates is how many members an ambiguous name lists before "or N others".
const maxCandidates = 8

// Directory finds the members of a room by what people type: an ID, a display name or the
// name part of an ID (ana for @ana:example.org), whatever their case and accents, quoted or
// not. Identity stays the ID: a name only finds it.
type Directory struct {
	members []entry
	words   int // the most words a member's name has, at most maxNameWords
}

// entry is a member with the keys their names are compared by.
type entry struct {
	m     bot.Member
	exact [2]string // name and localpart as written (NFC, no invisible characters)
	fold  [2]string // the same without case and accents
	bare  string    // the folded name without symbols and emoji ("zoe" for "Zoë 🌻")
}

// LoadDirectory reads who is in a room (Members) for finding them by name.
func LoadDirectory(ctx context.Context, q store.Querier, t bot.Transport, room bot.Room) (*Directory, error) {
	members, err := Members(ctx, q, t, room)
	if err != nil {
		return nil, err
	}
	return NewDirectory(members), nil
}

// NewDirectory finds the given members by name.
func NewDirectory(members []bot.Member) *Directory {
	d := &Directory{words: 1}
	for _, m := range members {
		local := localpart(m.ID)
		e := entry{m: m, exact: [2]string{exactKey(m.Name), exactKey(local)}, fold: [2]string{foldKey(m.Name), foldKey(local)}}
		e.bare = bareKey(e.fold[0])
		for _, k := range []string{e.fold[0], e.fold[1]} {
			d.words = max(d.words, min(strings.Count(k, " ")+1, maxNameWords))
		}
		d.members = append(d.members, e)
	}
	return d
}

// Resolve finds the member a person means by what they typed: an ID (@ana:example.org,
// ana@example.org), or the display name or name part of the ID of a member of the room, with
// or without a leading @, in quotes or not (straight or “smart”), in any case and with or
// without accents. A name written exactly as a member's wins over one that matches only
// without case and accents, which wins over one that matches only without emoji and
// symbols. A name that fits several members is a question back listing them with their IDs.
func (d *Directory) Resolve(typed string) (bot.Member, error) {
	typed = cleanTyped(typed)
	found := d.find(typed)
	switch {
	case typed == "":
		return bot.Member{}, errNoMember
	case len(found) == 1:
		return found[0], nil
	case len(found) > 1:
		return bot.Member{}, ambiguous(typed, found)
	case isID(typed):
		return bot.Member{ID: typed}, nil // someone the bot has not seen yet, by ID
	}
	return bot.Member{}, words.Problemf("facts.member.unknown", "Typed", bot.Inert(typed))
}

// Knows reports whether the text names a member of the room (one or several) or is an ID.
func (d *Directory) Knows(typed string) bool {
	typed = cleanTyped(typed)
	return typed != "" && (len(d.find(typed)) > 0 || isID(typed))
}

// NameLength is how many of the leading words name a member: the longest run that does (so
// "Mary Jane" is one member when a member is called that, even if another is called Mary),
// else 1, for the first word to be reported as unknown. 0 when there are no words.
func (d *Directory) NameLength(words []string) int {
	for n := min(len(words), d.words); n > 1; n-- {
		if d.Knows(strings.Join(words[:n], " ")) {
			return n
		}
	}
	return min(len(words), 1)
}

// Leading resolves the member the leading words name (see NameLength) and says how many
// words that took.
func (d *Directory) Leading(words []string) (bot.Member, int, error) {
	n := d.NameLength(words)
	if n == 0 {
		return bot.Member{}, 0, errNoMember
	}
	m, err := d.Resolve(strings.Join(words[:n], " "))
	return m, n, err
}

// List resolves members written one after the other, separated by commas, spaces or “and”:
// "ana, Mary Jane and @bo:example.org". Each place takes the longest name that fits.
func (d *Directory) List(text string) ([]bot.Member, error) {
	var out []bot.Member
	for _, part := range strings.Split(text, ",") {
		words := strings.Fields(part)
		for len(words) > 0 {
			if w := strings.ToLower(words[0]); (w == "and" || w == "&") && !d.Knows(words[0]) {
				words = words[1:]
				continue
			}
			if d.NameLength(words) == 1 && !d.Knows(words[0]) {
				// No name starts here: what is unknown is the whole part, not its first word.
				if _, err := d.Resolve(strings.Join(words, " ")); err != nil {
					return nil, err
				}
			}
			m, n, err := d.Leading(words)
			if err != nil {
				return nil, err
			}
			out = append(out, m)
			words = words[n:]
		}
	}
	return out, nil
}

// find lists the members the typed text names, by the first way of comparing that finds any.
func (d *Directory) find(typed string) []bot.Member {
	if typed == "" {
		return nil
	}
	for _, e := range d.members {
		if strings.EqualFold(e.m.ID, typed) {
			return []bot.Member{e.m}
		}
	}
	name := strings.TrimPrefix(typed, "@")
	exact, fold := exactKey(name), foldKey(name)
	bare := bareKey(fold)
	ways := []func(e entry) bool{
		func(e entry) bool { return exact != "" && (e.exact[0] == exact || e.exact[1] == exact) },
		func(e entry) bool { return fold != "" && (e.fold[0] == fold || e.fold[1] == fold) },
		func(e entry) bool { return bare != "" && e.bare == bare },
	}
	for _, matches := range ways {
		var found []bot.Member
		for _, e := range d.members {
			if matches(e) {
				found = append(found, e.m)
			}
		}
		if len(found) > 0 {
			return found
		}
	}
	return nil
}

// ambiguous asks which of several members a name means, by name and ID, so the answer can be
// typed back with the ID.
func ambiguous(typed string, found []bot.Member) error {
	return words.ProblemFunc(func(l *words.Lang) string {
		var each []string
		for i, m := range found {
			if i == maxCandidates {
				each = append(each, l.Count("facts.member.others", len(found)-maxCandidates))
				break
			}
			if m.Name == "" {
				each = append(each, bot.Inert(m.ID))
				continue
			}
			each = append(each, l.Say("facts.member.candidate", "Name", m.Display(), "ID", bot.Inert(m.ID)))
		}
		return l.Say("facts.member.ambiguous", "Typed", bot.Inert(typed), "Members", phrase.Either(l, each), "Example", bot.Inert(found[0].ID))
	})
}

// isID reports whether the text is written as a Matrix user ID or a bare XMPP address.
func isID(s string) bool { return config.IsMatrixUserID(s) || config.IsBareJID(s) }

// cleanTyped is a typed name without the space, trailing colon (as in "ana: over to you") and
// quotes around it, a pair or a quote left unclosed.
func cleanTyped(s string) string {
	s = strings.TrimSuffix(strings.TrimSpace(s), ":")
	return strings.TrimSpace(strings.Trim(Unquote(strings.TrimSpace(s)), quoteChars))
}

// quoteChars are the quotes of quotePairs.
const quoteChars = `"'“”„«»‘’‚「」『』`

// quotePairs are the quotes a name may be typed in, phones' “smart” ones included.
var quotePairs = [][2]string{{`"`, `"`}, {"'", "'"}, {"“", "”"}, {"”", "”"}, {"„", "“"}, {"„", "”"},
	{"«", "»"}, {"»", "«"}, {"‘", "’"}, {"’", "’"}, {"‚", "‘"}, {"‚", "’"}, {"「", "」"}, {"『", "』"}}

// Unquote takes away one pair of quotes around a text, of whatever kind.
func Unquote(s string) string {
	for _, q := range quotePairs {
		if len(s) >= len(q[0])+len(q[1]) && strings.HasPrefix(s, q[0]) && strings.HasSuffix(s, q[1]) {
			return s[len(q[0]) : len(s)-len(q[1])]
		}
	}
	return s
}

// exactKey is a name as written, for comparing: composed (NFC), without the invisible
// characters a name can carry (zero-width, bidi controls), spaces made single.
func exactKey(s string) string {
	return collapse(norm.NFC.String(s), func(rune) bool { return false })
}

// foldKey is a name without case and accents: case folded, decomposed (compatibility forms
// too, so a full-width ａｎａ is ana), and without combining marks, so José, jose and JOSE,
// and Zoë typed composed or decomposed, are the same.
func foldKey(s string) string {
	s = norm.NFKD.String(cases.Fold().String(s))
	return norm.NFC.String(collapse(s, func(r rune) bool { return unicode.In(r, unicode.Mn, unicode.Me) }))
}

// bareKey is a folded name without symbols and emoji, for a name typed without its
// decoration ("zoe" for "Zoë 🌻"); "" when nothing else is left.
func bareKey(fold string) string {
	return collapse(fold, func(r rune) bool { return unicode.IsSymbol(r) || unicode.IsPunct(r) })
}

// collapse drops invisible characters and those drop says, and makes each run of spaces one.
func collapse(s string, drop func(rune) bool) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r) || unicode.IsControl(r):
			space = true
			continue
		case unicode.Is(unicode.Cf, r) || drop(r):
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}
