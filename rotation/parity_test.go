package rotation

import (
	"slices"
	"strings"
	"testing"
	"time"

	"folkmoot/words"
)

func TestParityTakesOneOfEachSide(t *testing.T) {
	t0 := time.Date(2026, 1, 5, 19, 0, 0, 0, time.UTC)
	pool := func(ids ...string) []Member {
		var out []Member
		for _, id := range ids {
			out = append(out, Member{ID: id, Periods: []Period{{Joined: t0}}})
		}
		return out
	}
	// The ranking without parity is a (never held it), then b, c, d (each held it once, b
	// longest ago).
	history := []Term{{Member: "b", Role: "cochair", Start: t0}, {Member: "c", Role: "cochair", Start: t0.Add(24 * time.Hour)},
		{Member: "d", Role: "cochair", Start: t0.Add(48 * time.Hour)}}
	tests := []struct {
		name        string
		seats       int
		group       []string
		away        []string
		chosen      []string
		next        []string
		short       string
		parityGroup string
	}{
		{"one of each side", 2, []string{"c", "d"}, nil, []string{"a", "c"}, []string{"b", "d"}, "", "women"},
		{"without parity the head", 2, nil, nil, []string{"a", "b"}, []string{"c", "d"}, ShortOfGroup, "women"},
		{"nobody of the group eligible", 2, []string{"c", "d"}, []string{"c", "d"}, []string{"a", "b"}, nil, ShortOfGroup, "women"},
		{"everyone in the group", 2, []string{"a", "b", "c", "d"}, nil, []string{"a", "b"}, []string{"c", "d"}, ShortOfOthers, "women"},
		{"three seats: the rest by rank", 3, []string{"d"}, nil, []string{"a", "b", "d"}, []string{"c"}, "", "women"},
		{"one seat: nothing to share", 1, []string{"c", "d"}, nil, []string{"a"}, []string{"b"}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := Input{Role: "cochair", Seats: tt.seats, Now: t0.Add(7 * 24 * time.Hour), Pool: pool("a", "b", "c", "d"),
				History: history, Away: tt.away, Parity: &Parity{Group: "women", Members: tt.group}, Seed: 1}
			ch := Choose(in)
			if !slices.Equal(ch.Chosen, tt.chosen) || !slices.Equal(ch.Next, tt.next) || ch.ParityShort != tt.short || ch.Parity != tt.parityGroup {
				t.Errorf("Choose = chosen %q next %q short %q parity %q; want %q %q %q %q",
					ch.Chosen, ch.Next, ch.ParityShort, ch.Parity, tt.chosen, tt.next, tt.short, tt.parityGroup)
			}
		})
	}
}

// Over many terms, parity keeps fairness within each side: the two members of the group
// share its seat evenly, and the four others share theirs.
func TestParityIsFairWithinEachSide(t *testing.T) {
	t0 := time.Date(2026, 1, 5, 19, 0, 0, 0, time.UTC)
	var members []Member
	for _, id := range []string{"g1", "g2", "o1", "o2", "o3", "o4"} {
		members = append(members, Member{ID: id, Periods: []Period{{Joined: t0}}})
	}
	terms := map[string]int{}
	var history []Term
	var holders []string
	for week := range 12 {
		now := t0.Add(time.Duration(week) * 7 * 24 * time.Hour)
		ch := Choose(Input{Role: "cochair", Seats: 2, Now: now, Pool: members, History: history,
			Holders: map[string][]string{"cochair": holders}, Parity: &Parity{Group: "women", Members: []string{"g1", "g2"}},
			Seed: Seed("room", "cochair", week)})
		groupSeats := 0
		for _, id := range ch.Chosen {
			terms[id]++
			history = append(history, Term{Member: id, Role: "cochair", Start: now})
			if id == "g1" || id == "g2" {
				groupSeats++
			}
		}
		if groupSeats != 1 {
			t.Fatalf("week %d: %q holds %d members of the group, want 1", week, ch.Chosen, groupSeats)
		}
		holders = ch.Chosen
	}
	want := map[string]int{"g1": 6, "g2": 6, "o1": 3, "o2": 3, "o3": 3, "o4": 3}
	for id, n := range want {
		if terms[id] != n {
			t.Errorf("%s held %d terms, want %d (all: %v)", id, terms[id], n, terms)
		}
	}
}

func TestWhySaysHowParityWasKept(t *testing.T) {
	l := words.For("en")
	ch := Choice{Role: "cochair", Chosen: []string{"a", "c"}, Parity: "women"}
	if got := Why(l, ch, time.Now()); !strings.Contains(got, "Parity with women: each term has a member of the group and a member not of it") {
		t.Errorf("Why = %q", got)
	}
	ch.ParityShort = ShortOfGroup
	if got := Why(l, ch, time.Now()); !strings.Contains(got, "Parity with women cannot be kept this time: no member of the group can take a seat now.") {
		t.Errorf("Why = %q", got)
	}
}
