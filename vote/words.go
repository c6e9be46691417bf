package vote

import (
	"fmt"
	"strings"
	"time"

	"folkmoot/bot"
	"folkmoot/timeparse"
)

// PollChoices keeps the options of a poll answer that the vote has (a block, which needs a
// reason, only by command), up to the vote's limit. An empty answer is a withdrawal; an
// answer with nothing valid is not an answer.
func (rules Rules) PollChoices(options []string) ([]string, bool) {
	if len(options) == 0 {
		return nil, true
	}
	limit := 1
	if rules.Kind == Choice {
		limit = max(rules.MaxChoices, 1)
	}
	var keys []string
	for _, o := range options {
		if _, known := rules.Option(o); !known || o == Block || len(keys) == limit || contains(keys, o) {
			continue
		}
		keys = append(keys, o)
	}
	return keys, len(keys) > 0
}

// SecretReach says who reads a secret ballot's confirmation, which decides whether it may
// name the choice.
type SecretReach int

const (
	// RoomOnly: the room reads the confirmation and the voter cannot be told apart; it never
	// names the choice.
	RoomOnly SecretReach = iota
	// RoomAndVoter: the room reads the confirmation, and the voter gets their choice apart
	// (PrivateChoice).
	RoomAndVoter
	// VoterOnly: only the voter reads the confirmation (the ballot came privately); it names
	// the choice.
	VoterOnly
)

// BallotAnswer confirms a ballot. A secret vote's answer names the choice only when the
// voter alone reads it (reach), and a secret or hidden vote shows no count, since a count that
// moves after each ballot would tell who chose what.
func BallotAnswer(who bot.Member, v Vote, b, prev Ballot, replaced bool, res Result, reach SecretReach) string {
	turnout := TurnoutLine(v.Rules, res, false)
	if v.Rules.Secret {
		again := ""
		if replaced {
			again = ", replacing your earlier one"
		}
		switch reach {
		case VoterOnly:
			again += ": " + v.Rules.Describe(b.Choices) + reasonSuffix(b.Reason)
		case RoomAndVoter:
			again += "; I have sent you your choice privately"
		}
		return fmt.Sprintf("%s: your secret ballot on #%d is recorded%s. The count is shown at the close; %s.", who.Display(), v.Number, again, turnout)
	}
	s := fmt.Sprintf("%s: %s on #%d recorded", who.Display(), v.Rules.Describe(b.Choices), v.Number)
	switch {
	case !replaced || len(prev.Choices) == 0:
	case strings.Join(prev.Choices, " ") == strings.Join(b.Choices, " "):
		s += " again (it replaces your earlier one)"
	default:
		s += fmt.Sprintf(" (it replaces your earlier %s)", v.Rules.Describe(prev.Choices))
	}
	if v.HideResults {
		return s + fmt.Sprintf(". Results are hidden until the close; %s.", turnout)
	}
	return s + fmt.Sprintf(".\nCount so far: %s — %s.", TallyLine(res), turnout)
}

// PrivateChoice is what a secret ballot's voter alone is told: the choice the bot recorded,
// so they can check it without the room learning it.
func PrivateChoice(v Vote, b Ballot, now time.Time, loc *time.Location, prefix string) string {
	return fmt.Sprintf("Your secret ballot on %s is recorded: %s%s.\nOnly you see this message. To change your ballot, vote again (%svote %d <choice>) before it closes %s.",
		v.Title(), v.Rules.Describe(b.Choices), reasonSuffix(b.Reason), prefix, v.Number, timeparse.Format(nil, v.ClosesAt, now, loc))
}

// reasonSuffix shows a ballot's reason after its choice, when it has one.
func reasonSuffix(reason string) string {
	if reason == "" {
		return ""
	}
	return fmt.Sprintf(", with the reason “%s”", reason)
}

// Announcement tells the room a vote is open: id, options, how to vote, closing time.
func Announcement(prefix string, v Vote, now time.Time, loc *time.Location) string {
	lines := []string{
		fmt.Sprintf("%s is open.", v.Title()),
		fmt.Sprintf("A %s vote opened by %s; it closes %s.", v.Rules.Kind, v.OpenedBy.Display(), timeparse.Format(nil, v.ClosesAt, now, loc)),
	}
	switch v.Rules.Kind {
	case Consensus:
		lines = append(lines, fmt.Sprintf("Vote: %[1]sagree · %[1]saside (stand aside) · %[1]sobject · %[1]sblock <reason> — a reason may follow any of them.", prefix))
	case Majority:
		lines = append(lines, fmt.Sprintf("Vote: %[1]syes · %[1]sno · %[1]sabstain — a reason may follow.", prefix))
	default:
		pick := "Pick one"
		if v.Rules.MaxChoices > 1 {
			pick = fmt.Sprintf("Pick up to %d, separated by commas", v.Rules.MaxChoices)
		}
		lines = append(lines, fmt.Sprintf("Options: %s. %s: %svote %d <number or name>.", v.Rules.OptionList(), pick, prefix, v.Number))
	}
	if v.Rules.Kind != Choice {
		lines = append(lines, fmt.Sprintf("With several votes open: %svote %d <option> [reason].", prefix, v.Number))
	}
	var notes []string
	if !v.Rules.Quorum.IsZero() {
		who := v.Rules.Quorum.String() + " of the members"
		switch {
		case v.Rules.Quorum.Majority:
			who = "more than half of the members"
		case !v.Rules.Quorum.Percent:
			who = fmt.Sprintf("%d %s", v.Rules.Quorum.N, map[bool]string{true: "member", false: "members"}[v.Rules.Quorum.N == 1])
		}
		notes = append(notes, fmt.Sprintf("Quorum: %s must vote for a decision.", who))
	}
	if v.Rules.Secret {
		notes = append(notes, "Secret: I never show who chose what, and the count only at the close.")
		if small := SmallElectorate(v.Rules, v.Eligible); small != "" {
			notes = append(notes, small)
		}
	} else if v.HideResults {
		notes = append(notes, "Results are hidden until the close.")
	}
	if len(notes) > 0 {
		lines = append(lines, strings.Join(notes, " "))
	}
	return strings.Join(lines, "\n")
}
