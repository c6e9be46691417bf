// Package draw is sortition anyone can check. Before a draw, folkmoot commits to a secret seed
// by posting its SHA-256 with the candidates and the time of the draw; members may add salts
// (their own words) until then; at the draw, the seed is revealed and the order of the
// candidates is a fixed function of the seed, the salts and the candidate list (Order), which
// the README spells out as a short script. Neither folkmoot's operator (who cannot change the
// seed after committing to it, nor know the salts to come) nor a member (who cannot know the
// seed) can steer the result alone.
//
// The package is pure: no database, no clock, no chat types.
package draw

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"slices"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Version names the function Order computes; it is the first line of what is hashed, so a
// different function can never be mistaken for this one.
const Version = "folkmoot-draw-v1"

// Limits of a draw.
const (
	MaxSeats      = 100
	MaxCandidates = 500 // listed in full in the commitment, so it must fit a message
	MaxSaltRunes  = 200
)

// Draw is one draw: its promise before, its result after.
type Draw struct {
	ID         int64
	Number     int // per room, as people name it
	Seats      int
	Source     string // SourceMembers, or SourcePool + a role's name
	Purpose    string
	Candidates []string // member IDs, sorted (Sorted), as the commitment lists them
	Seed       string   // secret until the draw
	Commitment string   // Commit(Seed), posted before the draw
	At         time.Time
	OpenedBy   string
	Opened     time.Time
	State      string
	Salts      []Salt
	Order      []string  // after the draw: every candidate, in the draw's order
	Drawn      time.Time // zero until drawn
	Declined   []string  // drawn members who declined, in the order they did
	// Parity, when set, is a group the seats are shared with: the first of the order in the
	// group and the first not in it take two seats, the rest follow the order. GroupSide
	// lists the candidates in the group (all of whom show their membership: it is posted).
	Parity    string
	GroupSide []string
}

// Where the candidates of a draw come from.
const (
	SourceMembers = "members"
	SourcePool    = "pool:"  // followed by the role's name
	SourceGroup   = "group:" // followed by the group's name
)

// States of a draw.
const (
	Open      = "open"
	Done      = "drawn"
	Cancelled = "cancelled"
)

// Salt is what one member added to a draw before it happened.
type Salt struct {
	Member string
	Text   string // as NormalizeSalt left it
	At     time.Time
}

// ErrNotFound is returned when a room has no draw of that number.
var ErrNotFound = errors.New("draw: no such draw")

// NewSeed reads 32 random bytes from r (crypto/rand in production) as 64 hex digits.
func NewSeed(r io.Reader) (string, error) {
	b := make([]byte, 32)
	if _, err := io.ReadFull(r, b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

// Commit is what is posted before the draw: the SHA-256 of the seed (its hex text), in hex.
func Commit(seed string) string { return hash(seed) }

// Key mixes the seed with the salts, in the order they were added: the SHA-256 of Version,
// the seed and each salt, one per line.
func Key(seed string, salts []string) string {
	return hash(strings.Join(append([]string{Version, seed}, salts...), "\n"))
}

// Order is the draw: the candidates sorted by the SHA-256 of the key, a newline and the
// candidate's ID (hex, ascending). The first Seats are drawn, the rest stand next in line.
func Order(seed string, salts, candidates []string) []string {
	key := Key(seed, salts)
	type ranked struct{ id, h string }
	rs := make([]ranked, len(candidates))
	for i, c := range candidates {
		rs[i] = ranked{c, hash(key + "\n" + c)}
	}
	slices.SortFunc(rs, func(a, b ranked) int { return strings.Compare(a.h, b.h) })
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.id
	}
	return out
}

// Sorted is the candidate list as a draw keeps and posts it: IDs sorted by their bytes (their
// code points), each once.
func Sorted(ids []string) []string {
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out)
}

// NormalizeSalt is a salt as it is hashed: NFC, controls and runs of spaces made one space,
// trimmed, so what a member sees in the room is what was hashed. It is "" when nothing is left.
func NormalizeSalt(text string) string {
	text = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, norm.NFC.String(text))
	return strings.Join(strings.Fields(text), " ")
}

// SaltTexts are the salts' texts, in order, as Key takes them.
func (d Draw) SaltTexts() []string {
	out := make([]string, len(d.Salts))
	for i, s := range d.Salts {
		out[i] = s.Text
	}
	return out
}

// Seated are the members holding the draw's seats now: the first Seats of the order who did
// not decline (with parity, the first of each side first). Each decline passes the seat to
// the next in the order, on the same side when parity asks for it.
func (d Draw) Seated() []string {
	standing := d.standing()
	if d.Parity == "" || d.Seats < 2 {
		return standing[:min(d.Seats, len(standing))]
	}
	taken := map[int]bool{}
	if i := slices.IndexFunc(standing, d.inGroup); i >= 0 {
		taken[i] = true
	}
	if i := slices.IndexFunc(standing, func(id string) bool { return !d.inGroup(id) }); i >= 0 {
		taken[i] = true
	}
	for i := 0; i < len(standing) && len(taken) < d.Seats; i++ {
		taken[i] = true
	}
	var out []string
	for i, id := range standing {
		if taken[i] {
			out = append(out, id)
		}
	}
	return out
}

// Next is who takes the seat of the next member to decline (the first of the order not
// seated), or "" when no one is left.
func (d Draw) Next() string {
	seated := d.Seated()
	for _, id := range d.standing() {
		if !slices.Contains(seated, id) {
			return id
		}
	}
	return ""
}

// inGroup reports whether a candidate is on the group's side of a parity draw.
func (d Draw) inGroup(id string) bool { return slices.Contains(d.GroupSide, id) }

// standing is the order without those who declined.
func (d Draw) standing() []string {
	out := make([]string, 0, len(d.Order))
	for _, id := range d.Order {
		if !slices.Contains(d.Declined, id) {
			out = append(out, id)
		}
	}
	return out
}

// Check recomputes the draw from what it keeps: whether the seed matches the commitment, and
// whether the order follows from the seed, the salts and the candidates.
func (d Draw) Check() (seedMatches, orderMatches bool) {
	return Commit(d.Seed) == d.Commitment, slices.Equal(Order(d.Seed, d.SaltTexts(), d.Candidates), d.Order)
}

func hash(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}
