package vote

import (
	"sort"
	"strings"

	"folkmoot/bot"
)

// Outcome is how a vote ended; it is stored with the vote for the minutes.
type Outcome string

// The outcomes.
const (
	Passed     Outcome = "passed"
	Blocked    Outcome = "blocked"
	Rejected   Outcome = "rejected"
	Decided    Outcome = "decided" // a choice vote with one winner
	Tied       Outcome = "tied"    // a choice vote whose top options have as many votes
	NoDecision Outcome = "no_decision"
)

// Count is how many counted ballots chose an option.
type Count struct {
	Option
	N int
}

// Result is a vote's count and what it decides.
type Result struct {
	Outcome  Outcome
	Counts   []Count // one per option, in the vote's order
	Voters   int     // members whose latest ballot chose something
	Eligible int     // members who could vote (never fewer than Voters)
	Required int     // the quorum in members; 0 when none
	Winners  []string
	Ballots  []Ballot // the counted ballots, by name
}

// QuorumMet reports whether enough members voted.
func (res Result) QuorumMet() bool { return res.Voters >= res.Required }

// Count is the number of counted ballots for an option key.
func (res Result) Count(key string) int {
	for _, c := range res.Counts {
		if c.Key == key {
			return c.N
		}
	}
	return 0
}

// Latest keeps each member's latest ballot (by time; of equal times the later in the
// slice), drops withdrawn ones, and sorts by name: a second ballot replaces the first,
// never adds to it.
func Latest(ballots []Ballot) []Ballot {
	latest := map[string]int{}
	for i, b := range ballots {
		if j, ok := latest[b.Member]; !ok || !b.At.Before(ballots[j].At) {
			latest[b.Member] = i
		}
	}
	var out []Ballot
	for _, i := range latest {
		if len(ballots[i].Choices) > 0 {
			out = append(out, ballots[i])
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := strings.ToLower(out[i].Display()), strings.ToLower(out[j].Display())
		if a != b {
			return a < b
		}
		return out[i].Member < out[j].Member
	})
	return out
}

// Tally counts ballots by the rules among eligible members. Consensus passes with no block
// and more agree than object; majority passes with more yes than no (abstentions aside);
// choice is won by the option(s) with the most votes. Without enough voters for the quorum
// there is no decision.
func Tally(r Rules, ballots []Ballot, eligible int) Result {
	counted := Latest(ballots)
	res := Result{Voters: len(counted), Eligible: max(eligible, len(counted)), Ballots: counted}
	for _, o := range r.Options {
		n := 0
		for _, b := range counted {
			if contains(b.Choices, o.Key) {
				n++
			}
		}
		res.Counts = append(res.Counts, Count{Option: o, N: n})
	}
	if !r.Quorum.IsZero() {
		res.Required = r.Quorum.Required(res.Eligible)
	}
	if res.Voters == 0 || !res.QuorumMet() {
		res.Outcome = NoDecision
		return res
	}
	switch r.Kind {
	case Consensus:
		switch {
		case res.Count(Block) > 0:
			res.Outcome = Blocked
		case res.Count(Agree) > res.Count(Object):
			res.Outcome = Passed
		default:
			res.Outcome = Rejected
		}
	case Majority:
		if res.Count(Yes) > res.Count(No) {
			res.Outcome = Passed
		} else {
			res.Outcome = Rejected
		}
	default:
		top := 0
		for _, c := range res.Counts {
			top = max(top, c.N)
		}
		for _, c := range res.Counts {
			if c.N == top {
				res.Winners = append(res.Winners, c.Key)
			}
		}
		res.Outcome = Decided
		if len(res.Winners) > 1 {
			res.Outcome = Tied
		}
	}
	return res
}

// Box is what a vote's count is made from, read in one transaction: its current ballots, the
// electorate stored when it opened, and for a vote of members who is in the room now (Live,
// when Listed: the network can list the room) and who was ever seen speaking there (Seen).
type Box struct {
	Ballots    []Ballot
	Opening    []bot.Member
	Live, Seen []bot.Member
	Listed     bool
}

// Counted tallies v's ballots among its eligible and returns who has not voted yet. A
// council's assemblies or delegates vote as they stood at the opening (who is in the council
// room does not vote), and assemblies are never mentioned: each one's own vote reminds its
// members.
func Counted(v Vote, box Box) (Result, []bot.Member) {
	if v.Body != Members {
		eligible := whoMayVote(box.Opening, nil, nil, false, box.Ballots)
		res := Tally(v.Rules, box.Ballots, len(eligible))
		if v.Body == Assemblies {
			return res, nil
		}
		return res, notVotedYet(eligible, nil, false, res)
	}
	eligible := whoMayVote(box.Opening, box.Live, box.Seen, box.Listed, box.Ballots)
	res := Tally(v.Rules, box.Ballots, len(eligible))
	return res, notVotedYet(eligible, box.Live, box.Listed, res)
}

// whoMayVote is who may vote at a moment: the electorate of the opening and every voter, with
// the members in the room now when the transport can list them (newcomers may vote; who left
// keeps a ballot cast but is not waited for), else everyone seen speaking in the room.
// Anonymous members never count.
func whoMayVote(opening, live, seen []bot.Member, liveKnown bool, ballots []Ballot) []bot.Member {
	var voters []bot.Member
	for _, b := range ballots {
		if len(b.Choices) > 0 {
			voters = append(voters, bot.Member{ID: b.Member, Name: b.Name})
		}
	}
	now := seen
	if liveKnown {
		now = live
	}
	byID := map[string]bool{}
	var out []bot.Member
	for _, list := range [][]bot.Member{now, opening, voters} {
		for _, m := range list {
			if m.Anonymous || m.ID == "" || byID[m.ID] {
				continue
			}
			byID[m.ID] = true
			out = append(out, m)
		}
	}
	return out
}

// notVotedYet is who has not voted yet among the eligible: without a counted ballot and, when
// the transport can list the room, still in it (nobody is pinged after leaving).
func notVotedYet(eligible, live []bot.Member, liveKnown bool, res Result) []bot.Member {
	voted := map[string]bool{}
	for _, b := range res.Ballots {
		voted[b.Member] = true
	}
	present := map[string]bool{}
	for _, m := range live {
		present[m.ID] = true
	}
	var out []bot.Member
	for _, m := range eligible {
		if !voted[m.ID] && (!liveKnown || present[m.ID]) {
			out = append(out, m)
		}
	}
	return out
}
