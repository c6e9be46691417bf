package timeparse

import "time"

// How far ahead ShortestGap looks for the shortest gap of a schedule: enough occurrences and
// years to meet every pattern a cron spec can make (a month's last day, a leap day).
const (
	gapSamples = 2000
	gapHorizon = 5 * 366 * 24 * time.Hour
)

// ShortestGap is the shortest time between two occurrences of the pattern after from,
// read on a clock without DST (UTC): how often a schedule repeats is its pattern's, and a
// daily reminder stays daily on the day a room's clock skips an hour. It looks at the next
// gapSamples occurrences within gapHorizon and stops at the first gap below floor; false
// when the pattern has fewer than two occurrences there.
func (rec *Recurrence) ShortestGap(from time.Time, floor time.Duration) (time.Duration, bool) {
	prev := rec.Next(from, time.UTC)
	if prev.IsZero() {
		return 0, false
	}
	end := prev.Add(gapHorizon)
	var shortest time.Duration
	found := false
	for range gapSamples {
		next := rec.Next(prev, time.UTC)
		if next.IsZero() || next.After(end) {
			break
		}
		gap := next.Sub(prev)
		if !found || gap < shortest {
			shortest, found = gap, true
		}
		if shortest < floor {
			break
		}
		prev = next
	}
	return shortest, found
}
