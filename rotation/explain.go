package rotation

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"folkmoot/phrase"
)

// Explain sums up the candidate's standing, e.g. "2 terms in 10 weeks in the
// pool, fair share 2.4, last held 6 weeks ago".
func (c Candidate) Explain(now time.Time) string {
	last := "never held"
	if !c.LastHeld.IsZero() {
		last = "last held " + ago(now.Sub(c.LastHeld))
	}
	s := fmt.Sprintf("%s in %s in the pool, fair share %.1f, %s",
		phrase.Plural(c.Terms, "term", ""), span(c.PoolTime), c.Share, last)
	if c.Beside != "" {
		s += ", joined the queue beside " + c.Beside
	}
	return s
}

// Why explains a choice in one or two lines for the room, e.g.
//
//	facilitator: chosen @ana (2 terms in 10 weeks in the pool, fair share 2.4, last held 6 weeks ago).
//	Next: @bo (3 terms in 40 weeks in the pool, ...). Skipped: @cy (away).
func Why(ch Choice, now time.Time) string {
	var first string
	switch {
	case len(ch.Chosen) > 0:
		first = fmt.Sprintf("%s: chosen %s.", ch.Role, describe(ch, ch.Chosen, now, true))
	case len(ch.Skipped) > 0:
		first = ch.Role + ": nobody can take it now, everyone in the pool is away or declined."
	default:
		first = ch.Role + ": nobody can take it now, the pool is empty."
	}
	var second []string
	if len(ch.Next) > 0 {
		second = append(second, "Next: "+describe(ch, ch.Next, now, false)+".")
	}
	if len(ch.Skipped) > 0 {
		names := make([]string, len(ch.Skipped))
		for i, c := range ch.Skipped {
			names[i] = fmt.Sprintf("%s (%s)", c.Member, c.Skipped)
		}
		second = append(second, "Skipped: "+strings.Join(names, ", ")+".")
	}
	if len(second) == 0 {
		return first
	}
	return first + "\n" + strings.Join(second, " ")
}

// describe lists members with their standing from the ranking. For the
// chosen it says when one was only taken because nobody else was left
// (rules 2 and 3): the ranking puts such members after all others, so a
// chosen one among them means exactly that; or, for one who holds another
// role, that everyone else eligible holds as many.
func describe(ch Choice, ids []string, now time.Time, chosen bool) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = id
		at := -1
		for j := range ch.Ranking {
			if ch.Ranking[j].Member == id {
				at = j
				break
			}
		}
		if at < 0 {
			continue // a Choice put together by hand: name them only
		}
		c := ch.Ranking[at]
		s := c.Explain(now)
		if c.Outgoing {
			s += "; holds it now"
		}
		if c.HoldsOtherRole() {
			s += "; also holds " + strings.Join(c.OtherRoles, ", ")
		}
		if chosen && (c.Outgoing || c.HoldsOtherRole()) {
			s += ", " + whyNotOthers(ch)
		}
		parts[i] += " (" + s + ")"
	}
	return strings.Join(parts, ", ")
}

// whyNotOthers says why a chosen member who holds this or another role was taken: nobody
// else was eligible, or everyone else eligible (the outgoing holder aside) holds as many other
// roles or more.
func whyNotOthers(ch Choice) string {
	for _, o := range ch.Ranking {
		if !o.Outgoing && !slices.Contains(ch.Chosen, o.Member) {
			return "everyone else who could take it holds as many roles or more"
		}
	}
	return "nobody else left"
}

// ago phrases how long ago something was, with "today" for under a day.
func ago(d time.Duration) string {
	if d < 24*time.Hour {
		return "today"
	}
	return span(d) + " ago"
}

// span phrases a duration (less than a day is said so; meetings count in days and more).
func span(d time.Duration) string {
	if d < 24*time.Hour {
		return "less than a day"
	}
	return phrase.Duration(nil, d)
}
