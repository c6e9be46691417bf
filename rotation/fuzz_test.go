package rotation

import (
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"
)

// bytesource hands out fuzz bytes, then zeros once they run out.
type bytesource []byte

func (b *bytesource) next() int {
	if len(*b) == 0 {
		return 0
	}
	v := (*b)[0]
	*b = (*b)[1:]
	return int(v)
}

// at is a time within about ten weeks of t0, at a fuzzed hour.
func (b *bytesource) at() time.Time {
	return t0.Add(time.Duration(b.next()%80-16) * 24 * time.Hour).Add(time.Duration(b.next()%24) * time.Hour)
}

// fuzzInput builds an Input of up to 12 members and 4 roles from bytes,
// including odd ones: backwards periods, duplicate IDs, terms of members
// outside the pool, holders and away members who are not in the pool.
func fuzzInput(data []byte, seed int64) Input {
	b := bytesource(data)
	roles := []string{"facilitator", "notetaker", "mediator", "delegate"}
	id := func() string { return fmt.Sprintf("@m%d:example.org", b.next()%12) }
	in := Input{Role: roles[b.next()%len(roles)], Seats: b.next()%5 - 1, Now: b.at(), Seed: seed,
		Holders: map[string][]string{}}
	for range b.next() % 14 {
		m := Member{ID: id()}
		for range 1 + b.next()%3 {
			p := Period{Joined: b.at()}
			if b.next()%3 == 0 {
				p.Left = b.at()
			}
			m.Periods = append(m.Periods, p)
		}
		in.Pool = append(in.Pool, m)
	}
	for range b.next() % 40 {
		in.History = append(in.History, Term{Member: id(), Role: roles[b.next()%len(roles)], Start: b.at()})
	}
	for range b.next() % 4 {
		in.Away = append(in.Away, id())
	}
	for range b.next() % 4 {
		in.Excluded = append(in.Excluded, id())
	}
	for range b.next() % 6 {
		r := roles[b.next()%len(roles)]
		in.Holders[r] = append(in.Holders[r], id())
	}
	return in
}

func FuzzChoose(f *testing.F) {
	f.Add([]byte{}, int64(0))
	f.Add([]byte{0, 2, 30, 5, 8, 1, 2, 3, 10, 1, 9, 60, 2, 4, 4, 20, 1, 1, 2, 3, 5, 8, 13, 21, 34}, int64(7))
	f.Add([]byte("a fairly long seed corpus entry to give the fuzzer members, terms and holders"), int64(-3))
	f.Fuzz(func(t *testing.T, data []byte, seed int64) {
		in := fuzzInput(data, seed)
		ch := Choose(in)
		if again := Choose(in); !reflect.DeepEqual(again, ch) {
			t.Fatalf("same input, different choice: %v then %v", ch.Chosen, again.Chosen)
		}
		pool := mergePool(in.Pool)
		inPool := func(id string) bool {
			i := slices.IndexFunc(pool, func(m poolMember) bool { return m.id == id })
			return i >= 0 && pool[i].contains(in.Now)
		}
		for _, id := range ch.Chosen {
			if slices.Contains(in.Away, id) || slices.Contains(in.Excluded, id) || !inPool(id) {
				t.Errorf("chose %s: away %v, excluded %v, in pool %v", id,
					slices.Contains(in.Away, id), slices.Contains(in.Excluded, id), inPool(id))
			}
		}
		if want := min(max(in.Seats, 1), len(ch.Ranking)); len(ch.Chosen) != want {
			t.Errorf("chose %d, want %d", len(ch.Chosen), want)
		}
		all := append(slices.Clone(ch.Chosen), ch.Next...)
		slices.Sort(all)
		if len(slices.Compact(all)) != len(ch.Chosen)+len(ch.Next) {
			t.Errorf("a member is both chosen and next, or twice: %v / %v", ch.Chosen, ch.Next)
		}
		if len(ch.Next) > max(in.Seats, 1) {
			t.Errorf("next in line %v is longer than the seats", ch.Next)
		}
		if Why(nil, ch, in.Now) == "" {
			t.Error("Why is empty")
		}
	})
}

// BenchmarkChoose: 50 members, five years of weekly meetings for five
// roles, with ten members joining along the way.
func BenchmarkChoose(b *testing.B) {
	roles := []string{"facilitator", "notetaker", "mediator", "timekeeper", "delegate"}
	var pool []Member
	var ids []string
	for i := range 50 {
		id := fmt.Sprintf("@m%02d:example.org", i)
		joined := wk(0)
		if i >= 40 {
			joined = wk((i - 39) * 20)
		}
		ids = append(ids, id)
		pool = append(pool, Member{ID: id, Periods: []Period{{Joined: joined}}})
	}
	var hist []Term
	for w := range 5 * 52 {
		for r, role := range roles {
			hist = append(hist, Term{Member: ids[(w*7+r*11)%40], Role: role, Start: wk(w)})
		}
	}
	in := Input{Role: "facilitator", Now: wk(5 * 52), Pool: pool, History: hist,
		Away: ids[:3], Holders: map[string][]string{"notetaker": {ids[5]}, "facilitator": {ids[9]}}}
	b.ReportAllocs()
	for b.Loop() {
		if ch := Choose(in); len(ch.Chosen) != 1 {
			b.Fatal("nobody chosen")
		}
	}
}
