package vote

import "folkmoot/bot"

// Eligible is who may vote at a moment: the electorate of the opening and every voter, with
// the members in the room now when the transport can list them (newcomers may vote; who left
// keeps a ballot cast but is not waited for), else everyone seen speaking in the room.
// Anonymous members never count.
func Eligible(opening, live, seen []bot.Member, liveKnown bool, ballots []Ballot) []bot.Member {
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

// Missing is who has not voted yet among the eligible: without a counted ballot and, when
// the transport can list the room, still in it (nobody is pinged after leaving).
func Missing(eligible, live []bot.Member, liveKnown bool, res Result) []bot.Member {
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
