package vote

import (
	"embed"
	"strconv"
	"strings"
	"time"

	"folkmoot/bot"
	"folkmoot/timeparse"
	"folkmoot/words"
)

// wording is what the vote package says (results, verdicts, ballots, the opening), in every
// shipped language.
//
//go:embed lang/*.yaml
var wording embed.FS

func init() { words.Add(wording) }

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

// BallotAnswer confirms a ballot, in l. A secret vote's answer names the choice only when
// the voter alone reads it (reach), and a secret or hidden vote shows no count, since a count
// that moves after each ballot would tell who chose what.
func BallotAnswer(l *words.Lang, who bot.Member, v Vote, b, prev Ballot, replaced bool, res Result, reach SecretReach) string {
	turnout := TurnoutLine(l, v.Rules, res, false)
	name, ref := who.Display(), v.Ref()
	if v.Rules.Secret {
		choice := choiceText(l, v.Rules, b)
		switch {
		case reach == VoterOnly && replaced:
			return l.Say("vote.ballot.secret.voter_again", "Name", name, "Ref", ref, "Choice", choice, "Turnout", turnout)
		case reach == VoterOnly:
			return l.Say("vote.ballot.secret.voter", "Name", name, "Ref", ref, "Choice", choice, "Turnout", turnout)
		case reach == RoomAndVoter && replaced:
			return l.Say("vote.ballot.secret.told_again", "Name", name, "Ref", ref, "Turnout", turnout)
		case reach == RoomAndVoter:
			return l.Say("vote.ballot.secret.told", "Name", name, "Ref", ref, "Turnout", turnout)
		case replaced:
			return l.Say("vote.ballot.secret.room_again", "Name", name, "Ref", ref, "Turnout", turnout)
		}
		return l.Say("vote.ballot.secret.room", "Name", name, "Ref", ref, "Turnout", turnout)
	}
	choice := v.Rules.Describe(l, b.Choices)
	var s string
	switch {
	case !replaced || len(prev.Choices) == 0:
		s = l.Say("vote.ballot.recorded", "Name", name, "Choice", choice, "Ref", ref)
	case strings.Join(prev.Choices, " ") == strings.Join(b.Choices, " "):
		s = l.Say("vote.ballot.recorded_again", "Name", name, "Choice", choice, "Ref", ref)
	default:
		s = l.Say("vote.ballot.recorded_replacing", "Name", name, "Choice", choice, "Ref", ref,
			"Earlier", v.Rules.Describe(l, prev.Choices))
	}
	if v.HideResults {
		return l.Say("vote.ballot.hidden", "Ballot", s, "Turnout", turnout)
	}
	return l.Say("vote.ballot.count", "Ballot", s, "Tally", TallyLine(l, v.Rules, res), "Turnout", turnout)
}

// PrivateChoice is what a secret ballot's voter alone is told, in l: the choice the bot
// recorded, so they can check it without the room learning it.
func PrivateChoice(l *words.Lang, v Vote, b Ballot, now time.Time, loc *time.Location, prefix string) string {
	return l.Say("vote.ballot.private", "Ref", v.Ref(), "Question", v.Question, "Choice", choiceText(l, v.Rules, b),
		"Command", prefix+"vote "+strconv.Itoa(v.Number), "Closes", timeparse.Format(l, v.ClosesAt, now, loc))
}

// choiceText is a ballot's choice with its reason, when it has one: object, with the reason
// “too loud”.
func choiceText(l *words.Lang, r Rules, b Ballot) string {
	choice := r.Describe(l, b.Choices)
	if b.Reason == "" {
		return choice
	}
	return l.Say("vote.ballot.with_reason", "Choice", choice, "Reason", b.Reason)
}

// Announcement tells the room in l that a vote is open: id, options, how to vote, closing
// time.
func Announcement(l *words.Lang, prefix string, v Vote, now time.Time, loc *time.Location) string {
	command := prefix + "vote " + strconv.Itoa(v.Number)
	lines := []string{
		l.Say("vote.announce.open", "Ref", v.Ref(), "Question", v.Question),
		l.Say("vote.announce.by", "Kind", v.Rules.Kind.Name(l), "Opener", v.OpenedBy.Display(), "Closes", timeparse.Format(l, v.ClosesAt, now, loc)),
	}
	switch {
	case v.Body == Assemblies && v.Rules.Kind == Choice:
		// its members do not vote (each assembly does, in its own room), but they read the options
		lines = append(lines, l.Say("vote.announce.options", "Options", v.Rules.OptionList(l)))
	case v.Body == Assemblies:
		// its members do not vote: each assembly does, in its own room
	case v.Rules.Kind == Consensus:
		lines = append(lines, l.Say("vote.announce.consensus", "Prefix", prefix))
	case v.Rules.Kind == Majority:
		lines = append(lines, l.Say("vote.announce.majority", "Prefix", prefix))
	default:
		if v.Rules.MaxChoices > 1 {
			lines = append(lines, l.Say("vote.announce.pick_many", "Options", v.Rules.OptionList(l), "Max", v.Rules.MaxChoices, "Command", command))
		} else {
			lines = append(lines, l.Say("vote.announce.pick_one", "Options", v.Rules.OptionList(l), "Command", command))
		}
	}
	if v.Rules.Kind != Choice && v.Body != Assemblies {
		lines = append(lines, l.Say("vote.announce.several", "Command", command))
	}
	var notes []string
	if q := v.Rules.Quorum; !q.IsZero() {
		switch {
		case v.Body == Assemblies:
			// counted in assemblies: how many of those asked at the opening must decide
			notes = append(notes, l.Count("vote.announce.quorum_assemblies", q.Required(v.Eligible)))
		case q.Majority:
			notes = append(notes, l.Say("vote.announce.quorum_majority"))
		case q.Percent:
			notes = append(notes, l.Say("vote.announce.quorum_share", "Quorum", q.String()))
		default:
			notes = append(notes, l.Count("vote.announce.quorum_members", q.N))
		}
	}
	if v.Rules.Secret {
		notes = append(notes, l.Say("vote.announce.secret"))
		if small := SmallElectorate(l, v.Rules, v.Eligible); small != "" {
			notes = append(notes, small)
		}
	} else if v.HideResults {
		notes = append(notes, l.Say("vote.announce.hidden"))
	}
	if len(notes) > 0 {
		lines = append(lines, strings.Join(notes, " "))
	}
	return strings.Join(lines, "\n")
}
