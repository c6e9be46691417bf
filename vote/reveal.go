package vote

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

// RevealNote says why a count reveals, for a secret vote's result; "" when it does not.
func RevealNote(r Rules, res Result) string {
	switch {
	case !r.Secret || !Reveals(res):
		return ""
	case res.Voters == 1:
		return "Only one member voted, so the count shows how they chose."
	case alike(res):
		return "Every ballot chose the same, so the count shows how each voter chose."
	}
	return "With two voters, each can tell from the count how the other chose."
}

// RevealWarning words why closing a secret vote now would reveal a choice, for the
// facilitator to confirm; "" when it would not.
func RevealWarning(r Rules, res Result) string {
	switch {
	case !r.Secret || !Reveals(res):
		return ""
	case res.Voters == 1:
		return "only one member has voted, so the count would show how they chose"
	case alike(res):
		return "every ballot so far chose the same, so the count would show how each voter chose"
	}
	return "only two members have voted, so each could tell from the count how the other chose"
}

// SmallElectorate warns, at a secret vote's opening, that so few may vote that any count
// will reveal; "" when more may vote.
func SmallElectorate(r Rules, eligible int) string {
	if !r.Secret || eligible < 1 || eligible > 2 {
		return ""
	}
	if eligible == 1 {
		return "Only 1 member can vote so far: the count will show how they chose."
	}
	return "Only 2 members can vote so far: any count will show how each of them chose."
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
