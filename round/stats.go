package round

import (
	"cmp"
	"slices"
	"time"
)

// Participation is who spoke how much in this meeting.
type Participation struct {
	Tallies []Tally // most time first, then most turns, then who took part first
	Total   time.Duration
	Gini    float64
}

// Participation sums up this meeting: everyone who took part (signed up for a round, was
// named in one, or raised a hand) counts, also with 0 seconds.
func (s State) Participation() Participation { return Summarize(s.Heard) }

// ParticipationAt is Participation with the turn running at now counted as if it ended then,
// in the queue or a round: whoever has held the floor for half an hour is not shown as
// having said nothing.
func (s State) ParticipationAt(now time.Time) Participation {
	c := State{Heard: slices.Clone(s.Heard)}
	if sp := s.Queue.Speaker; sp != nil {
		c.heard(sp.Member, now.Sub(sp.Since), true)
	}
	if r := s.Round; r != nil && r.Phase == PhaseSpeaking && r.Pos < len(r.Slots) {
		used := r.Slots[r.Pos].Used
		if !r.Held {
			used += max(now.Sub(r.Since), 0)
		}
		c.heard(r.Slots[r.Pos].Member, used, true)
	}
	return Summarize(c.Heard)
}

// Summarize orders tallies (most time first) and sums them up with their Gini coefficient:
// the same figures as Participation, for any set of tallies (a week, a month).
func Summarize(tallies []Tally) Participation {
	p := Participation{Tallies: slices.Clone(tallies)}
	slices.SortStableFunc(p.Tallies, func(a, b Tally) int {
		if c := cmp.Compare(b.Time, a.Time); c != 0 {
			return c
		}
		return cmp.Compare(b.Turns, a.Turns)
	})
	xs := make([]time.Duration, len(p.Tallies))
	for i, t := range p.Tallies {
		xs[i] = t.Time
		p.Total += t.Time
	}
	p.Gini = Gini(xs)
	return p
}

// Gini is the Gini coefficient of speaking times: the mean absolute difference between
// every ordered pair of members, divided by twice the mean,
//
//	G = Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² μ)
//
// 0 when everyone spoke equally, (n−1)/n when one of n members spoke alone. It is computed
// from the sorted times as G = Σᵢ (2i − n − 1)·x₍ᵢ₎ / (n · Σx), i = 1..n ascending, which is
// the same sum in O(n log n). No one or no time at all gives 0.
func Gini(xs []time.Duration) float64 {
	n := len(xs)
	s := slices.Clone(xs)
	slices.Sort(s)
	var sum, weighted float64
	for i, x := range s {
		v := float64(max(x, 0))
		sum += v
		weighted += float64(2*(i+1)-n-1) * v
	}
	if n == 0 || sum == 0 {
		return 0
	}
	return weighted / (float64(n) * sum)
}
