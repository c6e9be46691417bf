package vote

import (
	"fmt"
	"strings"
)

// OptionList names the options as people type them, for help and error messages.
func (r Rules) OptionList() string {
	switch r.Kind {
	case Consensus:
		return "agree, aside (stand aside), object, block <reason>"
	case Majority:
		return "yes, no, abstain"
	}
	parts := make([]string, len(r.Options))
	for i, o := range r.Options {
		parts[i] = o.Key + " = " + o.Label
	}
	return strings.Join(parts, ", ")
}

// Describe words a ballot's choices: "stand aside", "pizza, soup".
func (r Rules) Describe(keys []string) string {
	labels := make([]string, len(keys))
	for i, k := range keys {
		labels[i] = r.Label(k)
	}
	return strings.Join(labels, ", ")
}

// TallyLine is the count on one line: "2 agree · 1 stand aside · 0 object · 0 block".
func TallyLine(res Result) string {
	parts := make([]string, len(res.Counts))
	for i, c := range res.Counts {
		parts[i] = fmt.Sprintf("%d %s", c.N, c.Label)
	}
	return strings.Join(parts, " · ")
}

// TurnoutLine says how many voted, and where the quorum stands: "3 of 7 members voted
// (quorum 4: not met yet)".
func TurnoutLine(r Rules, res Result, final bool) string {
	s := fmt.Sprintf("%d of %s voted", res.Voters, plural(res.Eligible, "member", "members"))
	if r.Quorum.IsZero() {
		return s
	}
	q := fmt.Sprintf("quorum %d", res.Required)
	if r.Quorum.Percent || r.Quorum.Majority {
		q = fmt.Sprintf("quorum %s = %d", r.Quorum, res.Required)
	}
	switch {
	case res.QuorumMet():
		return fmt.Sprintf("%s (%s: met)", s, q)
	case final:
		return fmt.Sprintf("%s (%s: not met)", s, q)
	}
	return fmt.Sprintf("%s (%s: not met yet)", s, q)
}

// Verdict is the outcome in words: "PASSED", "BLOCKED", "no decision (quorum 4 not met)".
// It is the one wording of an outcome: the room's result, !vote show and the minutes all
// use it (a stored vote through Final), so none can call a tie or a block otherwise.
func Verdict(r Rules, res Result) string {
	switch res.Outcome {
	case Passed:
		return "PASSED"
	case Blocked:
		return "BLOCKED"
	case Rejected:
		if r.Kind == Majority && res.Count(Yes) == res.Count(No) {
			return "NOT PASSED (a tie)"
		}
		return "NOT PASSED"
	case Decided, Tied:
		labels := make([]string, len(res.Winners))
		for i, k := range res.Winners {
			labels[i] = "“" + r.Label(k) + "”"
		}
		switch {
		case len(labels) == 1:
			return labels[0] + " WINS"
		case len(labels) > 1:
			return "A TIE between " + strings.Join(labels, " and ")
		}
	case NoDecision:
		if res.Voters == 0 {
			return "no decision (nobody voted)"
		}
		return fmt.Sprintf("no decision (quorum %d not met)", res.Required)
	}
	return "closed"
}

// Final is a closed vote's result as stored (outcome, final counts, turnout) with what its
// verdict needs besides: the quorum in members and the winners. Verdict(v.Rules, v.Final())
// words it exactly as the room heard it at the close.
func (v Vote) Final() Result {
	res := Result{Outcome: v.Outcome, Counts: v.FinalCounts, Voters: v.Voters, Eligible: v.Eligible}
	if !v.Rules.Quorum.IsZero() {
		res.Required = v.Rules.Quorum.Required(v.Eligible)
	}
	if v.Outcome == Decided || v.Outcome == Tied {
		top := 0
		for _, c := range v.FinalCounts {
			top = max(top, c.N)
		}
		for _, c := range v.FinalCounts {
			if c.N == top && top > 0 {
				res.Winners = append(res.Winners, c.Key)
			}
		}
	}
	return res
}

// ResultText words a closed vote's result for the room and the minutes; title names the
// vote ("Vote #3 “Buy a projector?”"). Consensus results list each block, objection and
// stand-aside with its reason; a secret vote shows counts only.
func ResultText(title string, r Rules, res Result) string {
	lines := []string{
		fmt.Sprintf("%s is closed: %s.", title, Verdict(r, res)),
		fmt.Sprintf("Count: %s — %s.", TallyLine(res), TurnoutLine(r, res, true)),
	}
	if r.Secret {
		lines = append(lines, "This was a secret vote: no names or reasons are shown.")
		if note := RevealNote(r, res); note != "" {
			lines = append(lines, note)
		}
		return strings.Join(lines, "\n")
	}
	if r.Kind == Consensus {
		for _, g := range []struct{ key, heading string }{{Block, "Blocked"}, {Object, "Objected"}, {Aside, "Stood aside"}} {
			lines = append(lines, reasonLines(res, g.key, g.heading)...)
		}
	}
	return strings.Join(lines, "\n")
}

// reasonLines lists the members who chose key, each with their reason.
func reasonLines(res Result, key, heading string) []string {
	var out []string
	for _, b := range res.Ballots {
		if !contains(b.Choices, key) {
			continue
		}
		if b.Reason == "" {
			out = append(out, fmt.Sprintf("%s — %s (no reason given)", heading, b.Display()))
		} else {
			out = append(out, fmt.Sprintf("%s — %s: “%s”", heading, b.Display(), b.Reason))
		}
	}
	return out
}

// Decides reports whether an outcome is a decision: a proposal passed or a choice won. A
// blocked, rejected or tied vote, or one without quorum, decided nothing.
func (o Outcome) Decides() bool { return o == Passed || o == Decided }

// Undecided words, for a summary, the votes that decided nothing, in Verdict's words:
// "1 vote blocked", "2 votes not passed", "1 vote tied", "1 vote with no decision"; only
// the outcomes that occur, in that order.
func Undecided(outcomes []Outcome) []string {
	n := map[Outcome]int{}
	for _, o := range outcomes {
		n[o]++
	}
	var out []string
	for _, w := range []struct {
		o     Outcome
		words string
	}{{Blocked, "blocked"}, {Rejected, "not passed"}, {Tied, "tied"}, {NoDecision, "with no decision"}} {
		if n[w.o] > 0 {
			out = append(out, plural(n[w.o], "vote", "votes")+" "+w.words)
		}
	}
	return out
}
