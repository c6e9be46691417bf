package rotation

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

const week = 7 * 24 * time.Hour

var (
	simStart = time.Date(2025, 1, 6, 19, 0, 0, 0, time.UTC)
	simRoles = []string{"facilitator", "notetaker", "mediator", "timekeeper"}
)

// simMember is one member of the simulated assembly, in weeks since the start.
type simMember struct {
	id      string
	periods [][2]int // [joined, left) in weeks; left -1 means still in
}

// simAssembly: twelve members at the start; m09 is gone from week 10 to 14,
// m10 leaves at week 26, m11 and m12 join at weeks 20 and 30.
func simAssembly() []simMember {
	var ms []simMember
	for i := 1; i <= 12; i++ {
		ms = append(ms, simMember{id: fmt.Sprintf("@m%02d:example.org", i), periods: [][2]int{{0, -1}}})
	}
	ms[8].periods = [][2]int{{0, 10}, {14, -1}}
	ms[9].periods = [][2]int{{0, 26}}
	ms[10].periods = [][2]int{{20, -1}}
	ms[11].periods = [][2]int{{30, -1}}
	return ms
}

func (m simMember) in(w int) bool {
	for _, p := range m.periods {
		if w >= p[0] && (p[1] < 0 || w < p[1]) {
			return true
		}
	}
	return false
}

func (m simMember) wholeYear() bool { return len(m.periods) == 1 && m.periods[0] == [2]int{0, -1} }

func (m simMember) pool() Member {
	pm := Member{ID: m.id}
	for _, p := range m.periods {
		per := Period{Joined: simStart.Add(time.Duration(p[0]) * week)}
		if p[1] >= 0 {
			per.Left = simStart.Add(time.Duration(p[1]) * week)
		}
		pm.Periods = append(pm.Periods, per)
	}
	return pm
}

// sim is the state of a simulated year.
type sim struct {
	t       *testing.T
	members []simMember
	terms   map[string]map[string]int // member -> role -> count
	weekly  []map[string]int          // spread per role after each week
	history []Term
}

// simulate runs 52 weekly meetings filling the four roles one after the
// other. Members are away ~10% of weeks and a chosen member declines ~8% of
// the time, in which case they are excluded and the pick is made again.
// Every pick is checked against the rules; violations are reported on t.
func simulate(t *testing.T, seed uint64) *sim {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	s := &sim{t: t, members: simAssembly(), terms: map[string]map[string]int{}}
	for _, m := range s.members {
		s.terms[m.id] = map[string]int{}
	}
	var pool []Member
	for _, m := range s.members {
		pool = append(pool, m.pool())
	}
	last := map[string][]string{} // role -> last week's holders

	for w := range 52 {
		now := simStart.Add(time.Duration(w) * week)
		var away []string
		for _, m := range s.members {
			if m.in(w) && rng.Float64() < 0.10 {
				away = append(away, m.id)
			}
		}
		thisWeek := map[string][]string{}
		input := func(role string) Input {
			holders := map[string][]string{role: last[role]}
			for r, ids := range thisWeek {
				holders[r] = ids // filled earlier this week: holding another role
			}
			return Input{Role: role, Seats: 1, Now: now, Pool: pool, Away: away,
				Holders: holders, History: s.history, Seed: int64(seed)*1000 + int64(w)}
		}
		remaining := slices.Clone(simRoles)
		for len(remaining) > 0 {
			ins := make([]Input, len(remaining))
			for i, r := range remaining {
				ins[i] = input(r)
			}
			i := max(NextToFill(ins), 0) // -1: nobody eligible anywhere
			in := ins[i]
			role := in.Role
			remaining = slices.Delete(remaining, i, i+1)
			chosen := ""
			for {
				ch := Choose(in)
				if len(ch.Chosen) == 0 {
					break
				}
				chosen = ch.Chosen[0]
				s.check(w, in, chosen)
				if rng.Float64() >= 0.08 {
					break
				}
				in.Excluded = append(in.Excluded, chosen) // declined: ask the next in line
				chosen = ""
			}
			if chosen != "" {
				thisWeek[role] = []string{chosen}
				s.history = append(s.history, Term{Member: chosen, Role: role, Start: now})
				s.terms[chosen][role]++
			}
		}
		for _, role := range simRoles {
			last[role] = thisWeek[role]
		}
		s.weekly = append(s.weekly, s.spread())
	}
	return s
}

// check verifies one pick against the rules, from the simulation's own
// state rather than from the ranking under test.
func (s *sim) check(w int, in Input, chosen string) {
	t, role := s.t, in.Role
	t.Helper()
	member := func(id string) simMember {
		i := slices.IndexFunc(s.members, func(m simMember) bool { return m.id == id })
		return s.members[i]
	}
	var eligible []string
	for _, m := range s.members {
		if m.in(w) && !slices.Contains(in.Away, m.id) && !slices.Contains(in.Excluded, m.id) {
			eligible = append(eligible, m.id)
		}
	}
	if !slices.Contains(eligible, chosen) {
		t.Errorf("week %d %s: chose %s, who is away, excluded or not in the pool", w, role, chosen)
		return
	}
	outgoing := func(id string) bool { return slices.Contains(in.Holders[role], id) }
	busy := func(id string) bool {
		for r, ids := range in.Holders {
			if r != role && slices.Contains(ids, id) {
				return true
			}
		}
		return false
	}
	for _, id := range eligible {
		if outgoing(chosen) && !outgoing(id) {
			t.Errorf("week %d %s: %s chosen again although %s was eligible", w, role, chosen, id)
		}
		// Rule 1 comes first, so only a free member who is not the outgoing
		// holder makes a second role a violation.
		if busy(chosen) && !busy(id) && !outgoing(id) {
			t.Errorf("week %d %s: %s given a second role although %s was free", w, role, chosen, id)
		}
		// Catching up: whole-year members share the same fair share, so a
		// free one with fewer terms must never be passed over.
		free := func(id string) bool { return !busy(id) && !outgoing(id) }
		if free(chosen) && free(id) && member(chosen).wholeYear() && member(id).wholeYear() &&
			s.terms[id][role] < s.terms[chosen][role] {
			t.Errorf("week %d %s: %s (%d terms) chosen over %s (%d terms)",
				w, role, chosen, s.terms[chosen][role], id, s.terms[id][role])
		}
	}
}

// spread returns, per role, max minus min terms among whole-year members.
func (s *sim) spread() map[string]int {
	out := map[string]int{}
	for _, role := range simRoles {
		lo, hi := 1<<30, -1
		for _, m := range s.members {
			if m.wholeYear() {
				n := s.terms[m.id][role]
				lo, hi = min(lo, n), max(hi, n)
			}
		}
		out[role] = hi - lo
	}
	return out
}

// termsBetween counts a member's terms of any role in weeks [from, to).
func (s *sim) termsBetween(id string, from, to int) int {
	n := 0
	for _, t := range s.history {
		w := int(t.Start.Sub(simStart) / week)
		if t.Member == id && w >= from && w < to {
			n++
		}
	}
	return n
}

// table renders member x role term counts for the log.
func (s *sim) table() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-18s", "member")
	for _, role := range simRoles {
		fmt.Fprintf(&b, " %11s", role)
	}
	b.WriteString("  total\n")
	for _, m := range s.members {
		fmt.Fprintf(&b, "%-18s", m.id)
		total := 0
		for _, role := range simRoles {
			total += s.terms[m.id][role]
			fmt.Fprintf(&b, " %11d", s.terms[m.id][role])
		}
		note := ""
		if !m.wholeYear() {
			note = fmt.Sprintf("  (in the pool weeks %v)", m.periods)
		}
		fmt.Fprintf(&b, "  %5d%s\n", total, note)
	}
	return b.String()
}

// newcomers of the simulated assembly and the week they join.
var simNewcomers = []struct {
	id    string
	joins int
}{{"@m11:example.org", 20}, {"@m12:example.org", 30}}

// TestSimulationYear runs one year and shows its table with go test -v.
// Every pick is checked against the rules inside simulate.
func TestSimulationYear(t *testing.T) {
	s := simulate(t, 1)
	t.Logf("term counts after 52 weekly meetings:\n%s", s.table())
	for w, byRole := range s.weekly {
		for role, d := range byRole {
			if d > 2 {
				t.Errorf("week %d %s: whole-year members' term counts differ by %d, want at most 2", w, role, d)
			}
		}
	}
	// This year ends within 1 term for every role; not every year can
	// (see TestSimulationManySeeds).
	spread := s.spread()
	for _, role := range simRoles {
		if spread[role] > 1 {
			t.Errorf("%s: whole-year members' term counts differ by %d, want at most 1", role, spread[role])
		}
	}
	// A newcomer is not up for every role at once: with rule 2 that would
	// be one role a week, four in their first four weeks.
	for _, nc := range simNewcomers {
		if n := s.termsBetween(nc.id, nc.joins, nc.joins+4); n >= len(simRoles) {
			t.Errorf("%s got %d terms in their first 4 weeks, one for every role", nc.id, n)
		}
	}
}

// TestSimulationManySeeds asserts the fairness bounds over 40 years.
//
// Term counts of whole-year members cannot always end within 1: if the one
// member still a term behind is away, declines, or already holds another
// role at the last pick, whoever is picked goes a term ahead (a spread of 2
// until the member behind is free again). What the algorithm guarantees is
// checked at every pick (sim.check): a free whole-year member with fewer
// terms is never passed over for one with more. Here: the spread never
// exceeds 2, and at least 95% of role-years end within 1 (97% of 1600 did).
func TestSimulationManySeeds(t *testing.T) {
	const seeds = 40
	within1 := 0
	firstWeeks := map[int]int{} // newcomers by terms held in their first 4 weeks
	for seed := uint64(2); seed < 2+seeds; seed++ {
		s := simulate(t, seed)
		for w, byRole := range s.weekly {
			for role, d := range byRole {
				if d > 2 {
					t.Errorf("seed %d week %d %s: spread %d, want at most 2\n%s", seed, w, role, d, s.table())
				}
			}
		}
		for _, d := range s.spread() {
			if d <= 1 {
				within1++
			}
		}
		for _, nc := range simNewcomers {
			firstWeeks[s.termsBetween(nc.id, nc.joins, nc.joins+4)]++
		}
	}
	roleYears := seeds * len(simRoles)
	t.Logf("%d of %d role-years ended with whole-year members within 1 term", within1, roleYears)
	if within1*100 < roleYears*95 {
		t.Errorf("only %d of %d role-years ended within 1 term, want at least 95%%", within1, roleYears)
	}
	// Fair share in the first 4 weeks: 4 roles x 4 weeks / 11 members = 1.45.
	// Without the newcomer lot 46% of newcomers got 3 or 4 (over 400 seeds);
	// with it 11%.
	heavy := firstWeeks[3] + firstWeeks[4]
	t.Logf("newcomers by terms held in their first 4 weeks: %v", firstWeeks)
	if n := seeds * len(simNewcomers); heavy*4 > n {
		t.Errorf("%d of %d newcomers held 3 or more terms in their first 4 weeks, want at most a quarter", heavy, n)
	}
}
