package votes

import (
	"context"
	"strconv"
	"strings"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/phrase"
	"folkmoot/timeparse"
	"folkmoot/vote"
	"folkmoot/words"
)

// runVoteShow shows a vote: question, closing time, who has voted (and how, unless secret
// or hidden), the count unless hidden, and the quorum; a closed vote shows its result.
func runVoteShow(ctx context.Context, r *commands.Request, v vote.Vote) (bot.Reply, error) {
	l := r.Lang
	if !v.Open() {
		return bot.Text(l.Say("votes.show.closed", "Ref", v.Ref(), "Question", v.Question, "Kind", v.Rules.Kind.Name(l),
			"Opener", v.OpenedBy.Display(), "When", timeparse.Format(l, v.ClosedAt, r.At, r.Loc),
			"Verdict", vote.Verdict(l, v.Rules, v.Final())) + resultDetails(v)), nil
	}
	res, missing, err := roomTally(ctx, r, v)
	if err != nil {
		return bot.Reply{}, err
	}
	lines := []string{
		l.Say("votes.show.open", "Ref", v.Ref(), "Question", v.Question, "Kind", v.Rules.Kind.Name(l), "Opener", v.OpenedBy.Display(),
			"Closes", timeparse.Format(l, v.ClosesAt, r.At, r.Loc), "In", phrase.Relative(l, v.ClosesAt, r.At)),
		l.Say("votes.show.options", "Options", v.Rules.OptionList(l), "Command", r.Config.CommandPrefix+"vote "+strconv.Itoa(v.Number)),
	}
	lines = append(lines, votedLines(l, v, res)...)
	if len(missing) > 0 {
		names := make([]string, len(missing))
		for i, m := range missing {
			names[i] = m.Display()
		}
		lines = append(lines, l.Say("votes.show.missing", "Names", strings.Join(names, l.Say("phrase.list.comma"))))
	}
	return bot.Text(strings.Join(lines, "\n")), nil
}

// resultDetails is a closed vote's stored result after its first line, which names the vote
// and its verdict (shown apart, so the title comes once): the count, reasons and notes, on
// lines of their own. The result is stored in the language the room spoke at the close,
// which may not be the one it speaks now.
func resultDetails(v vote.Vote) string {
	first, rest, _ := strings.Cut(v.Result, "\n")
	if !isClosedLine(v, first) {
		rest = v.Result // a result worded otherwise is shown whole
	}
	if rest == "" {
		return ""
	}
	return "\n" + rest
}

// isClosedLine reports whether line is the first line of v's result in any shipped
// language: Vote #3 “Buy a projector?” is closed: PASSED.
func isClosedLine(v vote.Vote, line string) bool {
	if strings.HasPrefix(line, v.Title(nil)+" is closed") {
		return true
	}
	for _, lang := range words.Shipped {
		if line == vote.ClosedLine(words.For(lang.Tag), v, v.Final()) {
			return true
		}
	}
	return false
}

// votedLines says in l who has voted: how each chose and the count, or for a secret or
// hidden vote only the names, since how they chose would give the count away.
func votedLines(l *words.Lang, v vote.Vote, res vote.Result) []string {
	turnout := phrase.UpperFirst(vote.TurnoutLine(l, v.Rules, res, false))
	if len(res.Ballots) == 0 {
		return []string{l.Say("votes.show.nobody", "Turnout", turnout)}
	}
	if v.Rules.Secret || v.HideResults {
		names := make([]string, len(res.Ballots))
		for i, b := range res.Ballots {
			names[i] = b.Display()
		}
		why := l.Say("votes.show.hidden")
		if v.Rules.Secret {
			why = l.Say("votes.show.secret")
		}
		return []string{l.Say("votes.show.voted_names", "Names", strings.Join(names, l.Say("phrase.list.comma")), "Turnout", turnout), why}
	}
	lines := []string{l.Say("votes.show.voted")}
	for _, b := range res.Ballots {
		choice := v.Rules.Describe(l, b.Choices)
		if b.Reason != "" {
			lines = append(lines, l.Say("votes.show.ballot_reason", "Name", b.Display(), "Choice", choice, "Reason", b.Reason))
		} else {
			lines = append(lines, l.Say("votes.show.ballot", "Name", b.Display(), "Choice", choice))
		}
	}
	return append(lines, l.Say("votes.show.count", "Tally", vote.TallyLine(l, v.Rules, res), "Turnout", turnout))
}

// maxListed bounds the votes one !votes answer lists.
const maxListed = 30

// runVotes lists the open votes by number.
func runVotes(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	open, err := openVotes(ctx, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	prefix, l := r.Config.CommandPrefix, r.Lang
	if len(open) == 0 {
		return bot.Text(l.Say("votes.list.none", "Command", prefix+"vote new")), nil
	}
	lines := []string{l.Say("votes.list.heading")}
	more := len(open) - maxListed
	if more > 0 {
		open = open[:maxListed]
	}
	for _, v := range open {
		ballots, err := Ballots(ctx, r.Tx, v.ID)
		if err != nil {
			return bot.Reply{}, err
		}
		lines = append(lines, l.Say("votes.list.line", "Ref", v.Ref(), "Question", phrase.Clip(v.Question, 120), "Kind", v.Rules.Kind.Short(l),
			"Closes", timeparse.Format(l, v.ClosesAt, r.At, r.Loc), "Voted", len(vote.Latest(ballots))))
	}
	if more > 0 {
		lines = append(lines, l.Count("votes.list.more", more, "Command", prefix+"vote show"))
	}
	return bot.Text(strings.Join(append(lines, l.Say("votes.list.details", "Command", prefix+"vote show")), "\n")), nil
}

// statusVotes is the votes' line of !status.
func statusVotes(ctx context.Context, r *commands.Request) ([]string, error) {
	open, err := openVotes(ctx, r.Tx, r.Room)
	if err != nil {
		return nil, err
	}
	l := r.Lang
	if len(open) == 0 {
		return []string{l.Say("votes.status.none")}, nil
	}
	refs := make([]string, len(open))
	for i, v := range open {
		refs[i] = l.Say("votes.status.item", "Ref", v.Ref(), "Question", phrase.Clip(v.Question, 60),
			"Closes", timeparse.Format(l, v.ClosesAt, r.At, r.Loc))
	}
	return []string{l.Say("votes.status.open", "Votes", strings.Join(phrase.Summarise(l, refs, 5, r.Prefix()+"votes"), l.Say("phrase.list.comma")))}, nil
}
