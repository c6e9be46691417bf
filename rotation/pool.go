package rotation

import (
	"cmp"
	"slices"
	"time"
)

// poolMember is a member with clean periods: sorted, non-empty, merged.
type poolMember struct {
	id      string
	periods []Period
}

// contains reports whether the member was in the pool at t.
func (m poolMember) contains(t time.Time) bool {
	for _, p := range m.periods {
		if !p.Joined.After(t) && (p.Left.IsZero() || t.Before(p.Left)) {
			return true
		}
	}
	return false
}

// timeIn is the total time spent in the pool up to now.
func (m poolMember) timeIn(now time.Time) time.Duration {
	var d time.Duration
	for _, p := range m.periods {
		end := p.Left
		if end.IsZero() || end.After(now) {
			end = now
		}
		if end.After(p.Joined) {
			d += end.Sub(p.Joined)
		}
	}
	return d
}

// mergePool joins duplicate IDs and overlapping periods, so a member listed
// twice or with overlapping periods is neither counted twice nor timed twice.
// The result is sorted by ID.
func mergePool(pool []Member) []poolMember {
	byID := map[string][]Period{}
	for _, m := range pool {
		for _, p := range m.Periods {
			if !p.Left.IsZero() && !p.Left.After(p.Joined) {
				continue // empty or backwards period
			}
			byID[m.ID] = append(byID[m.ID], p)
		}
	}
	out := make([]poolMember, 0, len(byID))
	for id, ps := range byID {
		out = append(out, poolMember{id: id, periods: mergePeriods(ps)})
	}
	slices.SortFunc(out, func(a, b poolMember) int { return cmp.Compare(a.id, b.id) })
	return out
}

// mergePeriods sorts periods by start and fuses those that overlap or touch.
func mergePeriods(ps []Period) []Period {
	slices.SortFunc(ps, func(a, b Period) int { return a.Joined.Compare(b.Joined) })
	merged := []Period{ps[0]}
	for _, p := range ps[1:] {
		last := &merged[len(merged)-1]
		if last.Left.IsZero() {
			break // open-ended: it already covers everything later
		}
		if p.Joined.After(last.Left) {
			merged = append(merged, p)
			continue
		}
		if p.Left.IsZero() || p.Left.After(last.Left) {
			last.Left = p.Left
		}
	}
	return merged
}
