package rotation

import (
	"cmp"
	"hash/fnv"
	"math"
	"slices"
	"time"
)

// standing is what the history says about one member for the role.
type standing struct {
	terms int
	share float64
	last  time.Time
	// Newcomers only, until their first term: the balance and last-held
	// date of the member drawn by lot (beside) on the day they joined.
	start     float64
	startLast time.Time
	beside    string
}

// placed reports whether the newcomer placement still applies. It ends with
// their first term: from then on terms and share speak for themselves.
func (s *standing) placed() bool { return s.beside != "" && s.terms == 0 }

// balance is terms held minus fair share; a placed newcomer counts the
// balance they took over instead of their (zero) terms.
func (s *standing) balance() float64 {
	if s.placed() {
		return s.start - s.share
	}
	return float64(s.terms) - s.share
}

// lastKey is the date the tie-break compares: the real last term, or for a
// placed newcomer the one they took over.
func (s *standing) lastKey() time.Time {
	if s.placed() {
		return s.startLast
	}
	return s.last
}

// tally walks the role's terms in time order. Each term counts for its
// holder and hands 1/N of a share to each of the N members in the pool when
// it started. Newcomers are placed as they join, from the standings of that
// moment (see placeNewcomer).
func tally(in Input, pool []poolMember) map[string]*standing {
	var terms []Term
	for _, t := range in.History {
		if t.Role == in.Role && !t.Start.After(in.Now) {
			terms = append(terms, t)
		}
	}
	// A fixed order makes the float sums, and so the ranking, independent
	// of the order the caller listed the history in.
	slices.SortFunc(terms, func(a, b Term) int {
		return cmp.Or(a.Start.Compare(b.Start), cmp.Compare(a.Member, b.Member))
	})
	st := map[string]*standing{}
	get := func(id string) *standing {
		if st[id] == nil {
			st[id] = &standing{}
		}
		return st[id]
	}
	if len(terms) == 0 {
		return st
	}
	joiners := newcomers(pool, terms[0].Start, in.Now)
	present := make([]*standing, 0, len(pool))
	for _, t := range terms {
		for len(joiners) > 0 && !joiners[0].periods[0].Joined.After(t.Start) {
			placeNewcomer(in.Role, joiners[0], pool, get)
			joiners = joiners[1:]
		}
		h := get(t.Member)
		h.terms++
		if t.Start.After(h.last) {
			h.last = t.Start
		}
		present = present[:0]
		for _, m := range pool {
			if m.contains(t.Start) {
				present = append(present, get(m.id))
			}
		}
		for _, s := range present {
			s.share += 1 / float64(len(present))
		}
	}
	for _, m := range joiners {
		placeNewcomer(in.Role, m, pool, get)
	}
	return st
}

// newcomers returns the pool members who first joined after the role was
// first filled (and by now), in order of joining.
func newcomers(pool []poolMember, firstTerm, now time.Time) []poolMember {
	var out []poolMember
	for _, m := range pool {
		if j := m.periods[0].Joined; j.After(firstTerm) && !j.After(now) {
			out = append(out, m)
		}
	}
	slices.SortStableFunc(out, func(a, b poolMember) int {
		return a.periods[0].Joined.Compare(b.periods[0].Joined)
	})
	return out
}

// placeNewcomer gives a newcomer, until their first term, the balance and
// last-held date that a member drawn by lot had when the newcomer joined:
// they enter the queue beside that member. Starting exactly at the fair
// share would put a newcomer at the same spot in every queue (weekly roles
// run in step), and so up for every role in a row; a lot per role spreads
// their first terms. The lot ignores Seed and Now, so the place does not
// move between picks.
func placeNewcomer(role string, nc poolMember, pool []poolMember, get func(string) *standing) {
	joined := nc.periods[0].Joined
	var others []string // pool is sorted by ID, so this is too
	for _, m := range pool {
		if m.id != nc.id && m.contains(joined) && m.periods[0].Joined.Before(joined) {
			others = append(others, m.id)
		}
	}
	if len(others) == 0 {
		return // nobody to stand beside: start at the fair share
	}
	x := others[hash(role, nc.id)%uint64(len(others))]
	s, xs := get(nc.id), get(x)
	s.beside, s.start, s.startLast = x, xs.balance(), xs.lastKey()
}

// roundScore drops float noise, so balances that are equal on paper (1/4+1/4
// and 1/2) tie and fall through to the next rule instead of to rounding.
func roundScore(x float64) float64 {
	return math.Round(x*1e9) / 1e9
}

// draw is the seeded tie-break: a hash of seed, role and member, so it does not
// depend on input order. It differs from one pick to the next through the seed
// (the bot derives it from room, role and term number), never through the clock,
// so a forecast made minutes before a rotation names whom the rotation picks.
func draw(seed int64, role, member string) uint64 {
	return mix(uint64(seed) ^ hash(role, member))
}

// hash mixes a role and a member ID into 64 well-spread bits.
func hash(role, member string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(role))
	h.Write([]byte{0})
	h.Write([]byte(member))
	return mix(h.Sum64())
}

// mix is the splitmix64 finaliser: it spreads every input bit over the output.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}
