package rotation

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"folkmoot/phrase"
	"folkmoot/words"
)

// Explanation tells a facilitator in five lines, in l, how the next holder is picked.
func Explanation(l *words.Lang) string { return l.Say("rotation.explanation") }

// Explain sums up the candidate's standing in l, e.g. "2 terms in 10 weeks in the pool, fair
// share 2.4, last held 6 weeks ago".
func (c Candidate) Explain(l *words.Lang, now time.Time) string {
	last := l.Say("rotation.standing.never")
	if !c.LastHeld.IsZero() {
		last = l.Say("rotation.standing.last", "When", ago(l, now.Sub(c.LastHeld)))
	}
	pairs := []any{"Terms", l.Count("rotation.standing.terms", c.Terms), "Span", span(l, c.PoolTime),
		"Share", share(l, c.Share), "Last", last}
	if c.Beside != "" {
		return l.Say("rotation.standing.beside", append(pairs, "Member", c.Beside)...)
	}
	return l.Say("rotation.standing.line", pairs...)
}

// share words a fair share with one decimal, with the language's decimal separator: 2.4,
// 2,4.
func share(l *words.Lang, v float64) string {
	return strings.Replace(strconv.FormatFloat(v, 'f', 1, 64), ".", l.Say("phrase.number.decimal"), 1)
}

// Why explains a choice in one or two lines for the room, in l, e.g.
//
//	facilitator: chosen @ana (2 terms in 10 weeks in the pool, fair share 2.4, last held 6 weeks ago).
//	Next: @bo (3 terms in 40 weeks in the pool, ...). Skipped: @cy (away).
func Why(l *words.Lang, ch Choice, now time.Time) string {
	role := RoleName(l, ch.Role)
	var first string
	switch {
	case len(ch.Chosen) > 0:
		first = l.Say("rotation.why.chosen", "Role", role, "Members", describe(l, ch, ch.Chosen, now, true))
	case len(ch.Skipped) > 0:
		first = l.Say("rotation.why.nobody_free", "Role", role)
	default:
		first = l.Say("rotation.why.pool_empty", "Role", role)
	}
	var second []string
	if len(ch.Next) > 0 {
		second = append(second, l.Say("rotation.why.next", "Members", describe(l, ch, ch.Next, now, false)))
	}
	if len(ch.Skipped) > 0 {
		names := make([]string, len(ch.Skipped))
		for i, c := range ch.Skipped {
			names[i] = l.Say("rotation.why.member", "Member", c.Member, "Standing", reason(l, c.Skipped))
		}
		second = append(second, l.Say("rotation.why.skipped", "Members", strings.Join(names, l.Say("phrase.list.comma"))))
	}
	if p := ParityWords(l, ch); p != "" {
		second = append(second, p)
	}
	if len(second) == 0 {
		return first
	}
	return first + "\n" + strings.Join(second, " ")
}

// ParityWords says how a choice kept its role's parity, or why it could not; "" for a role
// without parity.
func ParityWords(l *words.Lang, ch Choice) string {
	switch {
	case ch.Parity == "" || len(ch.Chosen) == 0:
		return ""
	case ch.ParityShort == ShortOfGroup:
		return l.Say("rotation.why.parity_short_group", "Group", ch.Parity)
	case ch.ParityShort == ShortOfOthers:
		return l.Say("rotation.why.parity_short_others", "Group", ch.Parity)
	}
	return l.Say("rotation.why.parity", "Group", ch.Parity)
}

// reason words why a pool member was skipped.
func reason(l *words.Lang, r Reason) string {
	switch r {
	case Away:
		return l.Say("rotation.why.away")
	case Declined:
		return l.Say("rotation.why.declined")
	}
	return string(r)
}

// describe lists members with their standing from the ranking. For the
// chosen it says when one was only taken because nobody else was left
// (rules 2 and 3): the ranking puts such members after all others, so a
// chosen one among them means exactly that; or, for one who holds another
// role, that everyone else eligible holds as many.
func describe(l *words.Lang, ch Choice, ids []string, now time.Time, chosen bool) string {
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
		s := c.Explain(l, now)
		if c.Outgoing {
			s = l.Say("rotation.why.holds_it", "Standing", s)
		}
		if c.HoldsOtherRole() {
			others := make([]string, len(c.OtherRoles))
			for k, r := range c.OtherRoles {
				others[k] = RoleName(l, r)
			}
			s = l.Say("rotation.why.also_holds", "Standing", s, "Roles", strings.Join(others, l.Say("phrase.list.comma")))
		}
		if chosen && (c.Outgoing || c.HoldsOtherRole()) {
			s = l.Say("rotation.why.because", "Standing", s, "Why", whyNotOthers(l, ch))
		}
		parts[i] = l.Say("rotation.why.member", "Member", id, "Standing", s)
	}
	return strings.Join(parts, l.Say("phrase.list.comma"))
}

// whyNotOthers says why a chosen member who holds this or another role was taken: nobody
// else was eligible, or everyone else eligible (the outgoing holder aside) holds as many other
// roles or more.
func whyNotOthers(l *words.Lang, ch Choice) string {
	for _, o := range ch.Ranking {
		if !o.Outgoing && !slices.Contains(ch.Chosen, o.Member) {
			return l.Say("rotation.why.as_many")
		}
	}
	return l.Say("rotation.why.nobody_else")
}

// ago phrases how long ago something was, with "today" for under a day.
func ago(l *words.Lang, d time.Duration) string {
	if d < 24*time.Hour {
		return l.Say("rotation.standing.today")
	}
	return l.Say("rotation.standing.ago", "Span", span(l, d))
}

// span phrases a duration (less than a day is said so; meetings count in days and more).
func span(l *words.Lang, d time.Duration) string {
	if d < 24*time.Hour {
		return l.Say("rotation.standing.under_a_day")
	}
	return phrase.Duration(l, d)
}
