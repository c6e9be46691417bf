// Package rotation decides who takes a role next, so that facilitation,
// note-taking and every other role keep moving through the whole assembly.
//
// The model is a fair-share balance. Each time a role is filled, every member
// in its pool at that moment earns an equal share of that term (1 / pool size,
// per seat). A member's fair share is the sum of the shares they earned while
// in the pool; their balance (Candidate.Score) is terms held minus fair share,
// so it measures terms relative to time in the pool. The most negative
// balance is the most owed and goes first. Time away or a declined term still
// earns shares, so the member is asked again when back.
//
// A newcomer (joined after the role was first filled), until their first
// term of the role, takes over the balance and last-held date that a member
// drawn by lot had on the day they joined: they stand in the queue beside
// that member. That is their fair share on average, yet a different place
// in each role's queue. Starting everyone new at exactly balance 0 would,
// since weekly roles rotate in step, put them next for every role at once
// (in the simulation: 3 or 4 terms in their first 4 weeks for 46% of
// newcomers, against 11% with the lot; the fair share is 1.5).
//
// Order of the rules (Explanation says the same for the room, in its language):
//  1. away members and those in Input.Excluded are never chosen;
//  2. never the outgoing holder again while anyone else is eligible;
//  3. prefer members holding fewer other roles: someone free first, then
//     someone holding one other role, and so on;
//  4. lowest balance, then whoever held the role longest ago (never held
//     counts as longest ago), then a draw fixed by Input.Seed.
//
// Rule 3 spreads the roles: whoever fills a seat holds at most one role more
// than anyone else who could have taken it (Situation.Plan says how that holds
// for several roles filled together).
//
// The package is pure: no database, no clock, no chat types. The same Input
// always gives the same Choice, whatever the order of its slices.
package rotation

import (
	"cmp"
	"slices"
	"time"
)

// Period is one stretch of time a member spent in a role's pool.
type Period struct {
	Joined time.Time
	Left   time.Time // zero while still in the pool
}

// Member is one member of a role's pool with every period they spent in it.
type Member struct {
	ID      string   // Matrix user ID or bare XMPP JID
	Periods []Period // several when they left and came back
}

// Term is one seat of a role held by one member, starting at Start. The pick reads only
// Member, Role and Start; the rest is what the room keeps of the term.
type Term struct {
	Member       string
	Role         string
	Start        time.Time
	ID           int64
	Via          string    // ViaRotation, ViaSwap or ViaMandate
	Pick         int64     // the pick that chose it; 0 for swaps and mandates
	End          time.Time // zero while held
	ConsentUntil time.Time // zero once it stands
	State        string    // TermHeld, TermDeclined or TermHanded
	Note         string    // the reason given for declining, or who it was handed to
}

// Current reports whether the term is being held now.
func (t Term) Current() bool { return t.State == TermHeld && t.End.IsZero() }

// Input is everything the pick depends on; Choose reads nothing else.
type Input struct {
	Role  string
	Seats int       // seats filled at once; values below 1 mean 1
	Now   time.Time // the moment the new term starts
	// Pool lists this role's members, including former ones: their periods
	// count in the pool size used for past fair shares.
	Pool []Member
	// Away lists members unavailable at Now; they are never chosen.
	Away []string
	// Holders maps every role to its current holders; Holders[Role] are the
	// outgoing holders of this role.
	Holders map[string][]string
	// History holds past terms of all roles, including the running ones;
	// terms starting after Now are ignored.
	History []Term
	// Excluded lists members left out of this pick, usually because they
	// declined this term.
	Excluded []string
	// Seed fixes the final tie-break draw.
	Seed int64
	// Parity, when set on a role of two seats or more, makes each term hold at least one
	// member of the group and one not of it, when the eligible members allow (Choose).
	Parity *Parity
}

// Parity is a group a role's seats are shared with: the co-chair principle, a member of the
// group and one not of it in every term.
type Parity struct {
	Group   string   // its name, as the room writes it
	Members []string // who is in it now
}

// Sides a parity could not be kept on.
const (
	ShortOfGroup  = "group"  // no eligible member of the group
	ShortOfOthers = "others" // no eligible member outside it
)

// Reason says why a member of the pool cannot be chosen now.
type Reason string

// Reasons a pool member is skipped.
const (
	Away     Reason = "away"
	Declined Reason = "declined" // listed in Input.Excluded
)

// Candidate is one pool member as the ranking saw them.
type Candidate struct {
	Member     string
	Terms      int           // terms of this role started at or before Now
	Share      float64       // fair share of those terms earned while in the pool
	Start      float64       // newcomer before their first term: balance taken over from Beside
	Beside     string        // newcomer before their first term: member drawn by lot they stand beside
	Score      float64       // Terms - Share, or Start - Share for a newcomer; lowest first
	PoolTime   time.Duration // total time in the pool up to Now
	LastHeld   time.Time     // start of the latest term of this role; zero if never
	Outgoing   bool          // holds this role now, so comes after everyone else
	OtherRoles []string      // other roles held now, sorted; puts them after free members
	Skipped    Reason        // why they cannot be chosen now; empty when eligible
}

// HoldsOtherRole reports whether the candidate holds a role other than this one.
func (c Candidate) HoldsOtherRole() bool { return len(c.OtherRoles) > 0 }

// Choice is the outcome of a pick, with the data to explain it.
type Choice struct {
	Role    string
	Chosen  []string    // up to Seats members; fewer when not enough are eligible
	Next    []string    // up to Seats members next in line, the stand-ins if someone declines
	Ranking []Candidate // every eligible member, best first; Chosen is its head
	Skipped []Candidate // pool members away or excluded now, by ID
	// Parity is the role's parity group, when it has one and seats to share; ParityShort
	// names the side no eligible member was found on (ShortOfGroup, ShortOfOthers), or "".
	Parity      string
	ParityShort string
}

// Rank returns every eligible member of the pool, best first.
func Rank(in Input) []Candidate {
	ranked, _ := evaluate(in)
	return ranked
}

// Choose fills the role's seats from the top of the ranking. With parity, the best ranked
// member of the group and the best ranked member not of it take two seats, and the rest go
// down the ranking: within each side the order is the ranking's, so fairness over time holds
// on each side.
func Choose(in Input) Choice {
	ranked, skipped := evaluate(in)
	seats := max(in.Seats, 1)
	ch := Choice{Role: in.Role, Ranking: ranked, Skipped: skipped}
	var first []int // the ranks parity reserves a seat for
	if in.Parity != nil && seats >= 2 {
		ch.Parity = in.Parity.Group
		in := toSet(in.Parity.Members)
		group := slices.IndexFunc(ranked, func(c Candidate) bool { return in[c.Member] })
		others := slices.IndexFunc(ranked, func(c Candidate) bool { return !in[c.Member] })
		switch {
		case group < 0 && len(ranked) > 0:
			ch.ParityShort = ShortOfGroup
		case others < 0 && len(ranked) > 0:
			ch.ParityShort = ShortOfOthers
		}
		for _, i := range []int{group, others} {
			if i >= 0 {
				first = append(first, i)
			}
		}
	}
	taken := map[int]bool{}
	for _, i := range first {
		taken[i] = true
	}
	for i := 0; i < len(ranked) && len(taken) < seats; i++ {
		taken[i] = true
	}
	for i, c := range ranked {
		switch {
		case taken[i]:
			ch.Chosen = append(ch.Chosen, c.Member)
		case len(ch.Next) < seats:
			ch.Next = append(ch.Next, c.Member)
		}
	}
	return ch
}

// Replace fills one seat of a role whose other seats stay with coHolders (a declined seat),
// keeping the role's parity: when the co-holders lack a side, the best ranked member of that
// side takes the seat, and ParityShort says when there is none.
func Replace(in Input, coHolders []string) Choice {
	parity := in.Parity
	in.Seats, in.Parity = 1, nil
	ch := Choose(in)
	if parity == nil {
		return ch
	}
	ch.Parity = parity.Group
	group := toSet(parity.Members)
	inGroup := func(id string) bool { return group[id] }
	notInGroup := func(id string) bool { return !group[id] }
	var side func(string) bool
	switch {
	case !slices.ContainsFunc(coHolders, inGroup):
		side, ch.ParityShort = inGroup, ShortOfGroup
	case !slices.ContainsFunc(coHolders, notInGroup):
		side, ch.ParityShort = notInGroup, ShortOfOthers
	default:
		return ch // both sides hold a seat already
	}
	i := slices.IndexFunc(ch.Ranking, func(c Candidate) bool { return side(c.Member) })
	if i < 0 {
		return ch
	}
	ch.ParityShort = ""
	ch.Chosen, ch.Next = []string{ch.Ranking[i].Member}, nil
	for _, c := range ch.Ranking {
		if c.Member != ch.Chosen[0] {
			ch.Next = []string{c.Member}
			break
		}
	}
	return ch
}

// NextToFill returns the index of the input to fill first when a meeting
// fills several roles, or -1 if none has an eligible member. Because nobody
// takes two roles while others are free, the role filled first gets first
// pick; giving it to the role whose best candidate is most owed keeps a
// member who is behind in several roles from always being taken by the
// same early role. Ties go to the earlier input. After filling it, add the
// chosen to the other inputs' Holders and ask again.
func NextToFill(ins []Input) int {
	best, bestScore := -1, 0.0
	for i, in := range ins {
		ranked := Rank(in)
		if len(ranked) > 0 && (best < 0 || ranked[0].Score < bestScore) {
			best, bestScore = i, ranked[0].Score
		}
	}
	return best
}

// entry carries the sort keys that are not part of the public Candidate.
type entry struct {
	c    Candidate
	tier int       // the outgoing holder after everyone else, then by other roles held
	last time.Time // LastHeld, or for a newcomer who never held it the inherited date
	draw uint64    // seeded tie-break
}

// evaluate builds a Candidate for every pool member present at Now and
// splits them into the ranked eligible ones and the skipped ones.
func evaluate(in Input) (ranked, skipped []Candidate) {
	pool := mergePool(in.Pool)
	standings := tally(in, pool)
	away, excluded := toSet(in.Away), toSet(in.Excluded)
	outgoing := toSet(in.Holders[in.Role])
	others := otherRoles(in.Holders, in.Role)

	var entries []entry
	for _, m := range pool {
		if !m.contains(in.Now) {
			continue
		}
		st := standings[m.id]
		if st == nil {
			st = &standing{}
		}
		c := Candidate{
			Member:     m.id,
			Terms:      st.terms,
			Share:      st.share,
			Score:      roundScore(st.balance()),
			PoolTime:   m.timeIn(in.Now),
			LastHeld:   st.last,
			Outgoing:   outgoing[m.id],
			OtherRoles: others[m.id],
		}
		if st.placed() {
			c.Start, c.Beside = st.start, st.beside
		}
		switch {
		case away[m.id]:
			c.Skipped = Away
		case excluded[m.id]:
			c.Skipped = Declined
		}
		if c.Skipped != "" {
			skipped = append(skipped, c)
			continue
		}
		entries = append(entries, entry{c: c, tier: tier(c), last: st.lastKey(),
			draw: draw(in.Seed, in.Role, m.id)})
	}
	slices.SortFunc(entries, compareEntries)
	for _, e := range entries {
		ranked = append(ranked, e.c)
	}
	return ranked, skipped
}

// tier encodes rules 2 and 3: fewer other roles held first, and the outgoing
// holder only after everyone else (rule 2 comes first). Counting the roles, not
// only whether there is one, is what keeps a third role from going to someone
// who holds two while another eligible member holds one.
func tier(c Candidate) int {
	t := len(c.OtherRoles)
	if c.Outgoing {
		t += 1 << 20 // more roles than a room has
	}
	return t
}

// compareEntries orders by the rules: tier, balance, longest ago, draw.
func compareEntries(a, b entry) int {
	return cmp.Or(
		cmp.Compare(a.tier, b.tier),
		cmp.Compare(a.c.Score, b.c.Score),
		a.last.Compare(b.last), // zero (never) sorts first
		cmp.Compare(a.draw, b.draw),
		cmp.Compare(a.c.Member, b.c.Member), // only if two draws collide
	)
}

// otherRoles maps each member to the sorted roles they hold besides role.
func otherRoles(holders map[string][]string, role string) map[string][]string {
	out := map[string][]string{}
	for r, ids := range holders {
		if r == role {
			continue
		}
		for _, id := range ids {
			if !slices.Contains(out[id], r) {
				out[id] = append(out[id], r)
			}
		}
	}
	for _, rs := range out {
		slices.Sort(rs) // map order is random; the output must not be
	}
	return out
}

func toSet(ids []string) map[string]bool {
	s := make(map[string]bool, len(ids))
	for _, id := range ids {
		s[id] = true
	}
	return s
}

func memberIDs(cs []Candidate) []string {
	ids := make([]string, len(cs))
	for i, c := range cs {
		ids[i] = c.Member
	}
	return ids
}
