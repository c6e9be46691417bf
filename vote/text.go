package vote

import (
	"slices"
	"strings"

	"folkmoot/bot"
	"folkmoot/phrase"
	"folkmoot/words"
)

// OptionList names the options as people type them in l, for help and error messages.
func (r Rules) OptionList(l *words.Lang) string {
	switch r.Kind {
	case Consensus:
		return l.Say("vote.options.consensus")
	case Majority:
		return l.Say("vote.options.majority")
	}
	parts := make([]string, len(r.Options))
	for i, o := range r.Options {
		parts[i] = l.Say("vote.options.item", "Key", o.Key, "Label", o.Label)
	}
	return strings.Join(parts, l.Say("phrase.list.comma"))
}

// Describe words a ballot's choices in l: "stand aside", "pizza, soup".
func (r Rules) Describe(l *words.Lang, keys []string) string {
	labels := make([]string, len(keys))
	for i, k := range keys {
		labels[i] = r.Text(l, k)
	}
	return strings.Join(labels, l.Say("phrase.list.comma"))
}

// TallyLine is the count on one line in l: "2 agree · 1 stand aside · 0 object · 0 block".
func TallyLine(l *words.Lang, r Rules, res Result) string {
	parts := make([]string, len(res.Counts))
	for i, c := range res.Counts {
		parts[i] = l.Say("vote.tally.item", "N", c.N, "Option", r.Text(l, c.Key))
	}
	return strings.Join(parts, " · ")
}

// TurnoutLine says in l how many voted, and where the quorum stands: "3 of 7 members voted
// (quorum 4: not met yet)".
func TurnoutLine(l *words.Lang, r Rules, res Result, final bool) string {
	return turnout(l, "vote.turnout.voted", r, res, final)
}

// turnout is TurnoutLine with its first words from the catalog's key: members, or a
// council's assemblies.
func turnout(l *words.Lang, key string, r Rules, res Result, final bool) string {
	s := l.Count(key, res.Eligible, "Voters", res.Voters)
	if r.Quorum.IsZero() {
		return s
	}
	q := l.Say("vote.turnout.quorum", "Required", res.Required)
	if r.Quorum.Percent || r.Quorum.Majority {
		q = l.Say("vote.turnout.quorum_share", "Quorum", r.Quorum.Text(l), "Required", res.Required)
	}
	switch {
	case res.QuorumMet():
		return l.Say("vote.turnout.met", "Turnout", s, "Quorum", q)
	case final:
		return l.Say("vote.turnout.not_met", "Turnout", s, "Quorum", q)
	}
	return l.Say("vote.turnout.not_met_yet", "Turnout", s, "Quorum", q)
}

// Verdict is the outcome in words, in l: "PASSED", "BLOCKED", "no decision (quorum 4 not
// met)". It is the one wording of an outcome: the room's result, !vote show and the minutes
// all use it (a stored vote through Final), so none can call a tie or a block otherwise.
func Verdict(l *words.Lang, r Rules, res Result) string {
	switch res.Outcome {
	case Passed:
		return l.Say("vote.verdict.passed")
	case Blocked:
		return l.Say("vote.verdict.blocked")
	case Rejected:
		if r.Kind == Majority && res.Count(Yes) == res.Count(No) {
			return l.Say("vote.verdict.rejected_tie")
		}
		return l.Say("vote.verdict.rejected")
	case Decided, Tied:
		labels := make([]string, len(res.Winners))
		for i, k := range res.Winners {
			labels[i] = l.Say("vote.quoted", "Text", r.Text(l, k))
		}
		switch {
		case len(labels) == 1:
			return l.Say("vote.verdict.wins", "Option", r.Text(l, res.Winners[0]))
		case len(labels) > 1:
			return l.Say("vote.verdict.tie", "Options", phrase.List(l, labels))
		}
	case NoDecision:
		if res.Voters == 0 {
			return l.Say("vote.verdict.nobody")
		}
		return l.Say("vote.verdict.no_quorum", "Required", res.Required)
	}
	return l.Say("vote.verdict.closed")
}

// Final is a closed vote's result as stored (outcome, final counts, turnout) with what its
// verdict needs besides: the quorum in members and the winners. Verdict(l, v.Rules,
// v.Final()) words it exactly as the room heard it at the close.
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

// ClosedLine is the first line of a vote's result in l: Vote #3 “Buy a projector?” is
// closed: PASSED.
func ClosedLine(l *words.Lang, v Vote, res Result) string {
	return l.Say("vote.result.closed", "Ref", v.Ref(), "Question", v.Question, "Verdict", Verdict(l, v.Rules, res))
}

// ResultText words a closed vote's result in l for the room and the minutes. Consensus
// results list each block, objection and stand-aside with its reason; a secret vote shows
// counts only.
func ResultText(l *words.Lang, v Vote, res Result) string {
	r := v.Rules
	lines := []string{
		ClosedLine(l, v, res),
		l.Say("vote.result.count", "Tally", TallyLine(l, r, res), "Turnout", TurnoutLine(l, r, res, true)),
	}
	if v.Body == Assemblies {
		lines[1] = l.Say("vote.result.count", "Tally", TallyLine(l, r, res), "Turnout", turnout(l, "vote.turnout.assemblies", r, res, true))
	}
	if r.Secret {
		lines = append(lines, l.Say("vote.result.secret"))
		if note := RevealNote(l, r, res); note != "" {
			lines = append(lines, note)
		}
		return strings.Join(lines, "\n")
	}
	if r.Kind == Consensus {
		for _, key := range []string{Block, Object, Aside} {
			lines = append(lines, reasonLines(l, res, key)...)
		}
	}
	return strings.Join(lines, "\n")
}

// reasonLines lists the members who chose key, each with their reason.
func reasonLines(l *words.Lang, res Result, key string) []string {
	var out []string
	for _, b := range res.Ballots {
		if !contains(b.Choices, key) {
			continue
		}
		out = append(out, reasonLine(l, key, b.Display(), b.Reason))
	}
	return out
}

// reasonLine is one member's block, objection or stand-aside with its reason: Blocked — eli:
// “noise at night”.
func reasonLine(l *words.Lang, key, name, reason string) string {
	switch {
	case key == Block && reason == "":
		return l.Say("vote.result.block_bare", "Name", name)
	case key == Block:
		return l.Say("vote.result.block", "Name", name, "Reason", reason)
	case key == Object && reason == "":
		return l.Say("vote.result.object_bare", "Name", name)
	case key == Object:
		return l.Say("vote.result.object", "Name", name, "Reason", reason)
	case reason == "":
		return l.Say("vote.result.aside_bare", "Name", name)
	}
	return l.Say("vote.result.aside", "Name", name, "Reason", reason)
}

// Decides reports whether an outcome is a decision: a proposal passed or a choice won. A
// blocked, rejected or tied vote, or one without quorum, decided nothing.
func (o Outcome) Decides() bool { return o == Passed || o == Decided }

// Undecided words in l, for a summary, the votes that decided nothing, in Verdict's words:
// "1 vote blocked", "2 votes not passed", "1 vote tied", "1 vote with no decision"; only
// the outcomes that occur, in that order.
func Undecided(l *words.Lang, outcomes []Outcome) []string {
	n := map[Outcome]int{}
	for _, o := range outcomes {
		n[o]++
	}
	var out []string
	if n[Blocked] > 0 {
		out = append(out, l.Count("vote.undecided.blocked", n[Blocked]))
	}
	if n[Rejected] > 0 {
		out = append(out, l.Count("vote.undecided.rejected", n[Rejected]))
	}
	if n[Tied] > 0 {
		out = append(out, l.Count("vote.undecided.tied", n[Tied]))
	}
	if n[NoDecision] > 0 {
		out = append(out, l.Count("vote.undecided.no_decision", n[NoDecision]))
	}
	return out
}

// Closing is what a vote's close is decided from: its ballot box, the room's default quorum
// as typed ("" for none), and for a vote of assemblies each assembly's own vote (Asked).
type Closing struct {
	Box
	RoomQuorum string
	Asked      []Vote
}

// Close counts v's ballots and words the result in l, as the room hears it and the minutes
// keep it: for a vote of assemblies each assembly's own result follows, and a plain note
// when fewer voted than the room expects.
func Close(l *words.Lang, v Vote, c Closing) (Result, string) {
	res, _ := Counted(v, c.Box)
	lines := []string{ResultText(l, v, res)}
	if v.Body == Assemblies {
		lines = append(lines, assembliesResult(l, v, c.Opening, c.Asked))
	}
	if low := lowTurnout(l, v, res, c.RoomQuorum); low != "" {
		lines = append(lines, low)
	}
	return res, strings.Join(lines, "\n")
}

// lowTurnout says plainly, in l, when fewer voted than the room expects: its default quorum
// (roomQuorum as typed), or half the members when it has none. A vote whose own quorum was
// not met says so already, and one nobody voted in too.
func lowTurnout(l *words.Lang, v Vote, res Result, roomQuorum string) string {
	if res.Voters == 0 || res.Eligible < 2 || (!v.Rules.Quorum.IsZero() && !res.QuorumMet()) {
		return ""
	}
	expected, ofRoom := Quorum{N: 50, Percent: true}, false
	if roomQuorum != "" {
		if q, err := ParseQuorum(l, roomQuorum); err == nil {
			expected, ofRoom = q, true
		}
	}
	if res.Voters >= expected.Required(res.Eligible) {
		return ""
	}
	if ofRoom {
		return l.Count("vote.close.low_quorum", res.Eligible, "Voters", res.Voters, "Quorum", expected.Text(l))
	}
	return l.Count("vote.close.low_half", res.Eligible, "Voters", res.Voters)
}

// assembliesResult words, in l, each assembly's own result in a council's vote of
// assemblies (electorate is the assemblies asked, asked their own votes), and which
// assemblies count as not voting.
func assembliesResult(l *words.Lang, council Vote, electorate []bot.Member, asked []Vote) string {
	lines := []string{l.Say("vote.assemblies.each")}
	var silent []string
	for _, a := range electorate {
		i := slices.IndexFunc(asked, func(v Vote) bool { return v.Room.Key() == a.ID })
		name := a.Display()
		if i < 0 || asked[i].Open() {
			silent = append(silent, name)
			lines = append(lines, l.Say("vote.assemblies.undecided", "Assembly", name))
			continue
		}
		v := asked[i]
		if _, ok := AssemblyVoice(council.Rules, v.Outcome, v.Final().Winners); !ok {
			silent = append(silent, name)
		}
		lines = append(lines, l.Say("vote.assemblies.decided", "Assembly", name, "Ref", v.Ref(),
			"Verdict", Verdict(l, v.Rules, v.Final()), "Tally", TallyLine(l, v.Rules, v.Final())))
	}
	if len(silent) > 0 {
		lines = append(lines, l.Count("vote.assemblies.not_voting", len(silent), "Assemblies", strings.Join(silent, l.Say("phrase.list.comma"))))
	}
	return strings.Join(lines, "\n")
}
