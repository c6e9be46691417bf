package vote

import "folkmoot/words"

// A secret vote hides who chose what, but a count can still tell it: the room knows who voted
// (the bot lists them, and they said so), so when every ballot is alike each voter's choice
// is known, and of two voters each learns the other's from their own. Such a count is said
// to reveal; the bot says so before it happens where it can.

// Reveals reports whether a count tells how someone voted: one voter, two voters, or every
// ballot alike.
func Reveals(res Result) bool {
	if res.Voters == 0 {
		return false
	}
	return res.Voters <= 2 || alike(res)
}

// RevealNote says in l why a count reveals, for a secret vote's result; "" when it does not.
func RevealNote(l *words.Lang, r Rules, res Result) string {
	switch {
	case !r.Secret || !Reveals(res):
		return ""
	case res.Voters == 1:
		return l.Say("vote.reveal.note_one")
	case alike(res):
		return l.Say("vote.reveal.note_alike")
	}
	return l.Say("vote.reveal.note_two")
}

// RevealWarning words in l why closing a secret vote now would reveal a choice, for the
// facilitator to confirm; "" when it would not.
func RevealWarning(l *words.Lang, r Rules, res Result) string {
	switch {
	case !r.Secret || !Reveals(res):
		return ""
	case res.Voters == 1:
		return l.Say("vote.reveal.warning_one")
	case alike(res):
		return l.Say("vote.reveal.warning_alike")
	}
	return l.Say("vote.reveal.warning_two")
}

// SmallElectorate warns in l, at a secret vote's opening, that so few may vote that any
// count will reveal; "" when more may vote.
func SmallElectorate(l *words.Lang, r Rules, eligible int) string {
	if !r.Secret || eligible < 1 || eligible > 2 {
		return ""
	}
	if eligible == 1 {
		return l.Say("vote.reveal.electorate_one")
	}
	return l.Say("vote.reveal.electorate_two")
}

// alike reports whether every counted ballot chose the same options.
func alike(res Result) bool {
	for _, c := range res.Counts {
		if c.N != 0 && c.N != res.Voters {
			return false
		}
	}
	return true
}
