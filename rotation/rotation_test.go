package rotation

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2025, 3, 3, 18, 0, 0, 0, time.UTC)

// wk is the start of week n after t0.
func wk(n int) time.Time { return t0.Add(time.Duration(n) * week) }

// founders are pool members since week 0.
func founders(ids ...string) []Member {
	ms := make([]Member, len(ids))
	for i, id := range ids {
		ms[i] = Member{ID: id, Periods: []Period{{Joined: wk(0)}}}
	}
	return ms
}

// terms gives role to holders[i] at week i.
func terms(role string, holders ...string) []Term {
	ts := make([]Term, len(holders))
	for i, id := range holders {
		ts[i] = Term{Member: id, Role: role, Start: wk(i)}
	}
	return ts
}

func rankedIDs(in Input) []string { return memberIDs(Rank(in)) }

func TestRules(t *testing.T) {
	const f = "facilitator"
	tests := []struct {
		name string
		in   Input
		want []string // ranking, best first
	}{
		{
			name: "outgoing holder comes last even when most owed",
			in: Input{Role: f, Now: wk(5), Pool: founders("@a", "@b", "@c"),
				History: terms(f, "@b", "@c", "@b", "@c", "@a"), Holders: map[string][]string{f: {"@a"}}},
			want: []string{"@b", "@c", "@a"},
		},
		{
			name: "outgoing holder again when everyone else is away",
			in: Input{Role: f, Now: wk(2), Pool: founders("@a", "@b"), Away: []string{"@b"},
				History: terms(f, "@b", "@a"), Holders: map[string][]string{f: {"@a"}}},
			want: []string{"@a"},
		},
		{
			name: "rule 1 before rule 2: someone with another role before the outgoing holder",
			in: Input{Role: f, Now: wk(2), Pool: founders("@a", "@b"),
				History: terms(f, "@b", "@a"), Holders: map[string][]string{f: {"@a"}, "notetaker": {"@b"}}},
			want: []string{"@b", "@a"},
		},
		{
			name: "free member before a more owed one holding another role",
			in: Input{Role: f, Now: wk(3), Pool: founders("@a", "@b", "@c"),
				History: terms(f, "@b", "@b", "@c"), Holders: map[string][]string{"notetaker": {"@a"}}},
			want: []string{"@c", "@b", "@a"},
		},
		{
			name: "someone with another role when nobody free is eligible",
			in: Input{Role: f, Now: wk(1), Pool: founders("@a", "@b"), Away: []string{"@b"},
				Holders: map[string][]string{"notetaker": {"@a"}}},
			want: []string{"@a"},
		},
		{
			name: "away and excluded are never ranked",
			in: Input{Role: f, Now: wk(0), Pool: founders("@a", "@b", "@c"),
				Away: []string{"@a"}, Excluded: []string{"@b"}},
			want: []string{"@c"},
		},
		{
			name: "left the pool: not ranked",
			in: Input{Role: f, Now: wk(3), Pool: []Member{
				{ID: "@a", Periods: []Period{{Joined: wk(0), Left: wk(2)}}},
				{ID: "@b", Periods: []Period{{Joined: wk(0)}}},
			}},
			want: []string{"@b"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := rankedIDs(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("ranking = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestFairShare checks terms are weighed against time in the pool: @d has
// held the role least often but was away from the pool most of the time.
func TestFairShare(t *testing.T) {
	const f = "facilitator"
	in := Input{Role: f, Now: wk(6),
		Pool: []Member{
			{ID: "@e", Periods: []Period{{Joined: wk(0)}}},
			{ID: "@f", Periods: []Period{{Joined: wk(0)}}},
			{ID: "@d", Periods: []Period{{Joined: wk(0), Left: wk(1)}, {Joined: wk(4)}}},
		},
		History: terms(f, "@d", "@e", "@f", "@e", "@f", "@e"),
		Holders: map[string][]string{f: {"@e"}},
	}
	// Shares: week 0 and weeks 4-5 split three ways, weeks 1-3 two ways.
	want := []struct {
		id           string
		terms        int
		share, score float64
	}{
		{"@f", 2, 2.5, -0.5},
		{"@d", 1, 1, 0},
		{"@e", 3, 2.5, 0.5},
	}
	got := Rank(in)
	if len(got) != len(want) {
		t.Fatalf("ranked %d, want %d", len(got), len(want))
	}
	for i, w := range want {
		c := got[i]
		if c.Member != w.id || c.Terms != w.terms || math.Abs(c.Share-w.share) > 1e-9 || c.Score != w.score {
			t.Errorf("rank %d = %s %d terms share %.3f score %.3f, want %s %d %.3f %.3f",
				i, c.Member, c.Terms, c.Share, c.Score, w.id, w.terms, w.share, w.score)
		}
	}
	if d := got[1].PoolTime; d != 3*week {
		t.Errorf("@d pool time = %v, want 3 weeks", d)
	}
}

// TestNeverHeldAfterBalance: never held wins a tie on balance, and only a tie.
func TestNeverHeldAfterBalance(t *testing.T) {
	const f = "facilitator"
	pool := founders("@a", "@b", "@c", "@d")
	// @x was in the pool before the role existed, then came back now: no
	// share, no term, balance 0 like the four who each held it once.
	pool = append(pool, Member{ID: "@x", Periods: []Period{
		{Joined: wk(-2), Left: wk(-1)}, {Joined: wk(4)}}})
	in := Input{Role: f, Now: wk(4), Pool: pool, History: terms(f, "@a", "@b", "@c", "@d")}
	want := []string{"@x", "@a", "@b", "@c", "@d"} // then longest ago first
	if got := rankedIDs(in); !slices.Equal(got, want) {
		t.Errorf("ranking = %v, want %v", got, want)
	}
	// Never held does not beat a better balance: @b is owed half a term,
	// @x is at balance 0, @a half a term ahead.
	in = Input{Role: f, Now: wk(4), Pool: append(founders("@a", "@b"), pool[4]),
		History: terms(f, "@a", "@a", "@b")}
	if got, want := rankedIDs(in), []string{"@b", "@x", "@a"}; !slices.Equal(got, want) {
		t.Errorf("ranking = %v, want %v", got, want)
	}
}

func TestSeededTieBreak(t *testing.T) {
	ids := []string{"@a", "@b", "@c", "@d", "@e", "@f"}
	in := Input{Role: "mediator", Now: wk(0), Pool: founders(ids...), Seed: 7}
	first := Choose(in)
	for range 3 {
		if again := Choose(in); !reflect.DeepEqual(again, first) {
			t.Fatalf("same input gave %v then %v", first.Chosen, again.Chosen)
		}
	}
	// Input order must not matter.
	shuffled := in
	shuffled.Pool = slices.Clone(in.Pool)
	slices.Reverse(shuffled.Pool)
	if got := Choose(shuffled); !reflect.DeepEqual(got, first) {
		t.Errorf("reversed pool gave %v, want %v", got.Chosen, first.Chosen)
	}
	seen := map[string]bool{}
	for seed := range int64(20) {
		in.Seed = seed
		seen[Choose(in).Chosen[0]] = true
	}
	if len(seen) < 2 {
		t.Errorf("20 seeds all chose %v; the draw ignores the seed", seen)
	}
}

func TestSeats(t *testing.T) {
	const d = "delegate"
	pool := founders("@a", "@b", "@c", "@d", "@e") // @e never held it
	tests := []struct {
		name   string
		seats  int
		away   []string
		chosen []string
		next   []string
	}{
		{"two seats", 2, nil, []string{"@e", "@a"}, []string{"@b", "@c"}},
		{"zero means one", 0, nil, []string{"@e"}, []string{"@a"}},
		{"more seats than eligible", 4, []string{"@a", "@b"}, []string{"@e", "@c", "@d"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ch := Choose(Input{Role: d, Seats: tt.seats, Now: wk(4), Pool: pool, Away: tt.away,
				History: terms(d, "@a", "@b", "@c", "@d"), Holders: map[string][]string{d: {"@d"}}})
			if !slices.Equal(ch.Chosen, tt.chosen) || !slices.Equal(ch.Next, tt.next) {
				t.Errorf("chosen %v next %v, want %v and %v", ch.Chosen, ch.Next, tt.chosen, tt.next)
			}
		})
	}
	t.Run("two seats a term earn two shares", func(t *testing.T) {
		hist := []Term{{Member: "@a", Role: d, Start: wk(0)}, {Member: "@b", Role: d, Start: wk(0)}}
		for _, c := range Rank(Input{Role: d, Now: wk(1), Pool: pool, History: hist}) {
			if math.Abs(c.Share-0.4) > 1e-9 {
				t.Errorf("%s share = %v, want 2/5", c.Member, c.Share)
			}
		}
	})
}

func TestNobodyEligible(t *testing.T) {
	tests := []struct {
		name string
		in   Input
		why  string
	}{
		{"empty pool", Input{Role: "notetaker", Now: wk(1)}, "the pool is empty"},
		{"all away or declined", Input{Role: "notetaker", Now: wk(1), Pool: founders("@a", "@b"),
			Away: []string{"@a"}, Excluded: []string{"@b"}}, "everyone in the pool is away or declined"},
		{"pool not yet joined", Input{Role: "notetaker", Now: wk(1), Pool: []Member{
			{ID: "@a", Periods: []Period{{Joined: wk(3)}}}}}, "the pool is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ch := Choose(tt.in)
			if len(ch.Chosen) != 0 || len(ch.Next) != 0 || len(ch.Ranking) != 0 {
				t.Errorf("choice = %+v, want empty", ch)
			}
			if why := Why(nil, ch, tt.in.Now); !strings.Contains(why, tt.why) {
				t.Errorf("Why = %q, want it to say %q", why, tt.why)
			}
		})
	}
}

// rotated is 4 roles x weeks of history where role r in week w went to
// ids[(w+r) % len(ids)]: every role rotating in step, as weekly roles do.
func rotated(ids []string, weeks int) []Term {
	var ts []Term
	for w := range weeks {
		for r, role := range simRoles {
			ts = append(ts, Term{Member: ids[(w+r)%len(ids)], Role: role, Start: wk(w)})
		}
	}
	return ts
}

// TestNewcomer: after 20 weeks, exactly two rounds of 10 members, everybody
// is at their fair share. A newcomer placed at the fair share with "never
// held" first on ties would be first in line for all four roles.
func TestNewcomer(t *testing.T) {
	var ids []string
	for i := range 10 {
		ids = append(ids, fmt.Sprintf("@m%d:example.org", i))
	}
	const nc = "@new:example.org"
	pool := append(founders(ids...), Member{ID: nc, Periods: []Period{{Joined: wk(20)}}})
	history := rotated(ids, 20)

	firstIn := 0
	for _, role := range simRoles {
		ranked := Rank(Input{Role: role, Now: wk(20), Pool: pool, History: history})
		i := slices.IndexFunc(ranked, func(c Candidate) bool { return c.Member == nc })
		c := ranked[i]
		if c.Beside == "" || math.Abs(c.Start) > 1e-9 {
			t.Errorf("%s: newcomer beside %q with start %v, want a member and 0", role, c.Beside, c.Start)
		}
		if i == 0 {
			firstIn++
		}
	}
	if firstIn == len(simRoles) {
		t.Errorf("newcomer is first in line for every role")
	}

	// Fill the four roles for four weeks: the fair share is 16/11 = 1.45.
	got := 0
	last := map[string][]string{}
	for r, role := range simRoles {
		last[role] = []string{ids[(19+r)%len(ids)]}
	}
	for w := 20; w < 24; w++ {
		held := map[string][]string{}
		remaining := slices.Clone(simRoles)
		for len(remaining) > 0 {
			ins := make([]Input, len(remaining))
			for i, role := range remaining {
				h := map[string][]string{role: last[role]}
				for r, x := range held {
					h[r] = x
				}
				ins[i] = Input{Role: role, Now: wk(w), Pool: pool, History: history, Holders: h}
			}
			i := NextToFill(ins)
			ch := Choose(ins[i])
			held[ins[i].Role] = ch.Chosen
			history = append(history, Term{Member: ch.Chosen[0], Role: ins[i].Role, Start: wk(w)})
			if ch.Chosen[0] == nc {
				got++
			}
			remaining = slices.Delete(remaining, i, i+1)
		}
		last = held
	}
	if got > 2 {
		t.Errorf("newcomer held %d terms in their first 4 weeks, want at most 2 (fair share 1.45)", got)
	}
}

// TestCatchUp: the one member behind is away at the pick, so someone goes
// a term ahead; at the next pick the member behind comes first.
func TestCatchUp(t *testing.T) {
	const f = "facilitator"
	pool := founders("@a", "@b", "@c")
	hist := terms(f, "@a", "@b")
	ch := Choose(Input{Role: f, Now: wk(2), Pool: pool, History: hist, Away: []string{"@c"},
		Holders: map[string][]string{f: {"@b"}}})
	if !slices.Equal(ch.Chosen, []string{"@a"}) {
		t.Fatalf("chosen %v, want @a while @c is away", ch.Chosen)
	}
	hist = append(hist, Term{Member: "@a", Role: f, Start: wk(2)})
	ch = Choose(Input{Role: f, Now: wk(3), Pool: pool, History: hist, Holders: map[string][]string{f: {"@a"}}})
	if !slices.Equal(ch.Chosen, []string{"@c"}) {
		t.Errorf("chosen %v, want @c back first", ch.Chosen)
	}
}

func TestNextToFill(t *testing.T) {
	pool := founders("@a", "@b", "@c")
	hist := append(terms("facilitator", "@a", "@b", "@c"), terms("notetaker", "@a", "@b", "@a")...)
	ins := []Input{
		{Role: "facilitator", Now: wk(3), Pool: pool, History: hist},
		{Role: "notetaker", Now: wk(3), Pool: pool, History: hist}, // @c owed a whole term
	}
	if got := NextToFill(ins); got != 1 {
		t.Errorf("NextToFill = %d, want 1 (notetaker, where @c is furthest behind)", got)
	}
	if got := NextToFill([]Input{{Role: "x", Now: wk(0)}}); got != -1 {
		t.Errorf("NextToFill with nobody eligible = %d, want -1", got)
	}
}

func TestPoolPeriods(t *testing.T) {
	in := Input{Role: "r", Now: wk(10), Pool: []Member{
		{ID: "@a", Periods: []Period{{Joined: wk(0), Left: wk(4)}, {Joined: wk(2), Left: wk(6)}}}, // overlap
		{ID: "@a", Periods: []Period{{Joined: wk(8)}}},                                            // listed twice
		{ID: "@b", Periods: []Period{{Joined: wk(5), Left: wk(3)}, {Joined: wk(9)}}},              // backwards period dropped
	}}
	got := Rank(in)
	want := map[string]time.Duration{"@a": 8 * week, "@b": week}
	if len(got) != 2 {
		t.Fatalf("ranked %v, want @a and @b once each", memberIDs(got))
	}
	for _, c := range got {
		if c.PoolTime != want[c.Member] {
			t.Errorf("%s pool time = %v, want %v", c.Member, c.PoolTime, want[c.Member])
		}
	}
}

func TestHistoryOrderDoesNotMatter(t *testing.T) {
	var ids []string
	for i := range 7 {
		ids = append(ids, fmt.Sprintf("@m%d", i))
	}
	pool := founders(ids...)
	pool = append(pool, Member{ID: "@late", Periods: []Period{{Joined: wk(9)}}})
	hist := rotated(ids, 12)
	in := Input{Role: "mediator", Now: wk(12), Pool: pool, History: hist, Seed: 3}
	want := Choose(in)
	rng := rand.New(rand.NewPCG(1, 2))
	for range 5 {
		in.History = slices.Clone(hist)
		rng.Shuffle(len(in.History), func(i, j int) { in.History[i], in.History[j] = in.History[j], in.History[i] })
		if got := Choose(in); !reflect.DeepEqual(got, want) {
			t.Fatalf("shuffled history gave %v, want %v", memberIDs(got.Ranking), memberIDs(want.Ranking))
		}
	}
}
