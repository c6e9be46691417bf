package rotation

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// loads counts the roles each member holds.
func loads(holders map[string][]string) map[string]int {
	n := map[string]int{}
	for _, ids := range holders {
		for _, id := range ids {
			n[id]++
		}
	}
	return n
}

// eligible lists who could take a seat of in.Role: in its pool at Now, not away, not
// excluded, not its outgoing holder.
func eligible(in Input) []string {
	var out []string
	for _, c := range Rank(in) {
		if !c.Outgoing {
			out = append(out, c.Member)
		}
	}
	return out
}

// checkSpread is the spread invariant for the seats of one role filled by ch: whoever holds
// one holds at most one role more than anyone else who could have taken it (holders are
// every role's holders once the filling is done).
func checkSpread(t *testing.T, in Input, ch Choice, holders map[string][]string) {
	t.Helper()
	n := loads(holders)
	for _, x := range ch.Chosen {
		for _, y := range eligible(in) {
			if slices.Contains(ch.Chosen, y) {
				continue
			}
			if n[x] > n[y]+1 {
				t.Errorf("%s: %q holds %d roles while %q, who could have taken it, holds %d (holders %v)",
					ch.Role, x, n[x], y, n[y], holders)
			}
		}
	}
}

// planHolders is every role's holders once a plan is applied.
func planHolders(s Situation, plan []Choice) map[string][]string {
	h := maps.Clone(s.Holders)
	if h == nil {
		h = map[string][]string{}
	}
	for _, ch := range plan {
		if len(ch.Chosen) > 0 {
			h[ch.Role] = ch.Chosen
		}
	}
	return h
}

// checkPlan checks the spread of every role a plan filled, and that each choice is the head
// of its ranking, so Why tells the truth.
func checkPlan(t *testing.T, s Situation, roles []RoleSeats, plan []Choice) {
	t.Helper()
	final := planHolders(s, plan)
	for _, ch := range plan {
		i := slices.IndexFunc(roles, func(r RoleSeats) bool { return r.Name == ch.Role })
		holders := maps.Clone(final)
		holders[ch.Role] = s.Holders[ch.Role]
		in := s.Input(roles[i], holders, nil, 0)
		checkSpread(t, in, ch, final)
		if head := memberIDs(ch.Ranking[:len(ch.Chosen)]); !slices.Equal(head, ch.Chosen) {
			t.Errorf("%s: chosen %v, but the ranking starts %v", ch.Role, ch.Chosen, head)
		}
	}
}

func TestSpread(t *testing.T) {
	all := []RoleSeats{{Name: "facilitator", Seats: 1}, {Name: "notetaker", Seats: 1}, {Name: "mediator", Seats: 1}, {Name: "timekeeper", Seats: 1}}
	three := founders("Zoë 🌻@example.org", "رێزان@example.org", "@李小龍:example.org")
	tests := []struct {
		name  string
		s     Situation
		roles []RoleSeats
		// each wants how many roles each member holds afterwards
		want map[string]int
	}{
		{
			name:  "three members, four roles: two, one, one",
			s:     Situation{Now: wk(1), Pool: map[string][]Member{"facilitator": three, "notetaker": three, "mediator": three, "timekeeper": three}},
			roles: all,
			want:  map[string]int{"Zoë 🌻@example.org": -1, "رێزان@example.org": -1, "@李小龍:example.org": -1},
		},
		{
			// X is most owed in the big pool and filled first, then is the only one in
			// the small pool: without settling, X held both and Y nothing.
			name: "a small pool filled after a big one",
			s: Situation{Now: wk(4), Pool: map[string][]Member{
				"facilitator": founders("@x", "@y"), "kitchen": founders("@x")},
				History: append(terms("facilitator", "@y", "@y", "@y"), terms("kitchen", "@x", "@x", "@x")...)},
			roles: []RoleSeats{{Name: "facilitator", Seats: 1}, {Name: "kitchen", Seats: 1}},
			want:  map[string]int{"@x": 1, "@y": 1},
		},
		{
			name: "a role that does not rotate counts",
			s: Situation{Now: wk(1), Pool: map[string][]Member{"facilitator": founders("@a", "@b", "@c")},
				Holders: map[string][]string{"notetaker": {"@a"}, "mediator": {"@a"}, "timekeeper": {"@b"}}},
			roles: all[:1],
			want:  map[string]int{"@a": 2, "@b": 1, "@c": 1},
		},
		{
			name: "two seats",
			s: Situation{Now: wk(1), Pool: map[string][]Member{"cook": founders("@a", "@b", "@c")},
				Holders: map[string][]string{"mediator": {"@a"}}},
			roles: []RoleSeats{{Name: "cook", Seats: 2}},
			want:  map[string]int{"@a": 1, "@b": 1, "@c": 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan := tt.s.Plan(tt.roles)
			checkPlan(t, tt.s, tt.roles, plan)
			n := loads(planHolders(tt.s, plan))
			for id, want := range tt.want {
				if want >= 0 && n[id] != want {
					t.Errorf("%s holds %d roles, want %d: %v", id, n[id], want, planHolders(tt.s, plan))
				}
			}
		})
	}
}

// TestDeclineSpreads: the seat a member declines goes to whoever holds the fewest roles, not
// to whoever is most owed (issue 19: three members, one of them then held three roles while
// another held one).
func TestDeclineSpreads(t *testing.T) {
	three := founders("@a", "@b", "@c")
	s := Situation{Now: wk(0), Pool: map[string][]Member{"facilitator": three, "notetaker": three, "mediator": three, "timekeeper": three}}
	// @a holds notetaker and timekeeper, @b facilitator; @c declined mediator. @a is the
	// most owed for mediator.
	holders := map[string][]string{"facilitator": {"@b"}, "notetaker": {"@a"}, "timekeeper": {"@a"}}
	s.History = terms("mediator", "@b", "@c")
	s.Now = wk(2)
	in := s.Input(RoleSeats{Name: "mediator", Seats: 1}, holders, []string{"@c"}, 5)
	ch := Choose(in)
	if !slices.Equal(ch.Chosen, []string{"@b"}) {
		t.Fatalf("chose %v, want @b (holds one role; @a holds two)", ch.Chosen)
	}
	after := maps.Clone(holders)
	after["mediator"] = ch.Chosen
	checkSpread(t, in, ch, after)
	if got := Why(nil, ch, s.Now); !strings.Contains(got, "chosen @b (") || !strings.Contains(got, "also holds facilitator, everyone else who could take it holds as many roles or more") {
		t.Errorf("Why = %q", got)
	}
}

// fuzzID makes a member ID of any Unicode from fuzz bytes: emoji, RTL, combining marks, CJK,
// and whatever the bytes spell.
func (b *bytesource) fuzzID() string {
	names := []string{"Zoë 🌻", "رێزان", "Zoe\u0308", "李小龍", "𝕏", "\u202eevil", "ana", ""}
	n := b.next()
	if n%3 == 0 {
		var r []rune
		for range 1 + b.next()%4 {
			r = append(r, rune(b.next()<<12|b.next()<<4|b.next()%16)%utf8.MaxRune)
		}
		return string(r)
	}
	return fmt.Sprintf("%s@%d", names[n%len(names)], b.next()%6)
}

// FuzzPlanSpreads: whatever the pools, away members, holders and history, a plan and a
// decline after it keep the spread, choose only eligible members, and each choice is the
// head of its ranking.
func FuzzPlanSpreads(f *testing.F) {
	f.Add([]byte{}, int64(0))
	f.Add([]byte("three members and four roles, a decline and a small pool"), int64(3))
	f.Add([]byte{9, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 200, 100, 50, 25, 12, 6, 3}, int64(-1))
	f.Fuzz(func(t *testing.T, data []byte, seed int64) {
		b := bytesource(data)
		roleNames := []string{"facilitator", "notetaker", "mediator", "timekeeper", "kitchen"}
		var ids []string
		for range 1 + b.next()%7 {
			ids = append(ids, b.fuzzID())
		}
		id := func() string { return ids[b.next()%len(ids)] }
		s := Situation{RoomKey: fmt.Sprint(seed), Now: t0.Add(20 * week), Pool: map[string][]Member{},
			Holders: map[string][]string{}, Numbers: map[string]int{}}
		var roles []RoleSeats
		for _, r := range roleNames {
			if b.next()%4 == 0 {
				continue
			}
			roles = append(roles, RoleSeats{Name: r, Seats: 1 + b.next()%3/2})
			for _, m := range ids {
				if b.next()%3 != 0 {
					s.Pool[r] = append(s.Pool[r], Member{ID: m, Periods: []Period{{Joined: b.at()}}})
				}
			}
		}
		for range b.next() % 30 {
			s.History = append(s.History, Term{Member: id(), Role: roleNames[b.next()%len(roleNames)], Start: b.at()})
		}
		for range b.next() % 3 {
			s.Away = append(s.Away, id())
		}
		for range b.next() % 6 {
			r := roleNames[b.next()%len(roleNames)]
			if m := id(); !slices.Contains(s.Holders[r], m) {
				s.Holders[r] = append(s.Holders[r], m)
			}
		}
		plan := s.Plan(roles)
		if len(plan) != len(roles) {
			t.Fatalf("plan of %d roles has %d choices", len(roles), len(plan))
		}
		checkPlan(t, s, roles, plan)
		for _, ch := range plan {
			for _, m := range ch.Chosen {
				if slices.Contains(s.Away, m) {
					t.Errorf("%s: chose %q, who is away", ch.Role, m)
				}
			}
		}
		// Someone chosen declines: the seat goes to whoever holds the fewest roles.
		final := planHolders(s, plan)
		for _, ch := range plan {
			if len(ch.Chosen) == 0 {
				continue
			}
			decliner := ch.Chosen[b.next()%len(ch.Chosen)]
			holders := maps.Clone(final)
			holders[ch.Role] = s.Holders[ch.Role]
			coHolders := slices.DeleteFunc(slices.Clone(ch.Chosen), func(m string) bool { return m == decliner })
			i := slices.IndexFunc(roles, func(r RoleSeats) bool { return r.Name == ch.Role })
			in := s.Input(RoleSeats{Name: ch.Role, Seats: 1}, holders, append([]string{decliner}, coHolders...), seed)
			again := Choose(in)
			after := maps.Clone(final)
			after[ch.Role] = append(coHolders, again.Chosen...)
			in.Seats = roles[i].Seats
			checkSpread(t, in, again, after)
			break
		}
	})
}

// BenchmarkPlan: five roles filled together from 50 members with five years of weekly
// history, settled.
func BenchmarkPlan(b *testing.B) {
	roles := []RoleSeats{{Name: "facilitator", Seats: 1}, {Name: "notetaker", Seats: 1}, {Name: "mediator", Seats: 1}, {Name: "timekeeper", Seats: 1}, {Name: "kitchen", Seats: 2}}
	var pool []Member
	var ids []string
	for i := range 50 {
		id := fmt.Sprintf("@m%02d:example.org", i)
		ids = append(ids, id)
		pool = append(pool, Member{ID: id, Periods: []Period{{Joined: wk(0)}}})
	}
	s := Situation{RoomKey: "room", Now: wk(5 * 52), Pool: map[string][]Member{}, Away: ids[:3], Holders: map[string][]string{}}
	for i, r := range roles {
		s.Pool[r.Name] = pool[:20+6*i] // pools of different sizes
		for w := range 5 * 52 {
			s.History = append(s.History, Term{Member: ids[(w*7+i*11)%(20+6*i)], Role: r.Name, Start: wk(w)})
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if plan := s.Plan(roles); len(plan) != len(roles) {
			b.Fatal("short plan")
		}
	}
}
