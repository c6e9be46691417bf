package vote

// Body is who votes in a vote: the room's members, or in a council its linked assemblies (one
// voice each) or their standing delegates.
type Body string

// The bodies.
const (
	Members    Body = ""           // the room's members, as every vote before councils
	Assemblies Body = "assemblies" // each linked assembly decides in its own room; its result is its voice
	Delegates  Body = "delegates"  // the standing delegates toward the council, while their mandates stand
)

// AssemblyVoice is the choice an assembly's result gives it in a vote of assemblies counted
// by council, and false when it gives none: it decided nothing (no quorum, a tie), so it
// counts as not voting. For consensus an assembly's block blocks the council; a majority
// council hears a blocked proposal as a no.
func AssemblyVoice(council Rules, outcome Outcome, winners []string) ([]string, bool) {
	switch council.Kind {
	case Consensus:
		switch outcome {
		case Passed:
			return []string{Agree}, true
		case Blocked:
			return []string{Block}, true
		case Rejected:
			return []string{Object}, true
		}
	case Majority:
		switch outcome {
		case Passed:
			return []string{Yes}, true
		case Blocked, Rejected:
			return []string{No}, true
		}
	case Choice:
		if outcome != Decided || len(winners) == 0 || len(winners) > council.maxChoices() {
			return nil, false
		}
		for _, w := range winners {
			if _, ok := council.Option(w); !ok {
				return nil, false
			}
		}
		return winners, true
	}
	return nil, false
}
