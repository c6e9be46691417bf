package votes

import (
	"context"
	"fmt"
	"strings"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/phrase"
	"folkmoot/timeparse"
	"folkmoot/vote"
)

// runVoteShow shows a vote: question, closing time, who has voted (and how, unless secret
// or hidden), the count unless hidden, and the quorum; a closed vote shows its result.
func runVoteShow(ctx context.Context, r *commands.Request, v vote.Vote) (bot.Reply, error) {
	if !v.Open() {
		return bot.Text(fmt.Sprintf("%s — a %s vote opened by %s, closed %s: %s.%s", v.Title(), v.Rules.Kind,
			v.OpenedBy.Display(), timeparse.Format(r.Lang, v.ClosedAt, r.At, r.Loc), vote.Verdict(v.Rules, v.Final()), resultDetails(v))), nil
	}
	res, missing, err := roomTally(ctx, r, v)
	if err != nil {
		return bot.Reply{}, err
	}
	lines := []string{
		fmt.Sprintf("%s — a %s vote opened by %s; it closes %s (%s).", v.Title(), v.Rules.Kind, v.OpenedBy.Display(),
			timeparse.Format(r.Lang, v.ClosesAt, r.At, r.Loc), phrase.Relative(r.Lang, v.ClosesAt, r.At)),
		fmt.Sprintf("Options: %s — %svote %d <option> [reason].", v.Rules.OptionList(), r.Config.CommandPrefix, v.Number),
	}
	lines = append(lines, votedLines(v, res)...)
	if len(missing) > 0 {
		names := make([]string, len(missing))
		for i, m := range missing {
			names[i] = m.Display()
		}
		lines = append(lines, "Not voted yet: "+strings.Join(names, ", ")+".")
	}
	return bot.Text(strings.Join(lines, "\n")), nil
}

// resultDetails is a closed vote's stored result after its first line, which names the vote
// and its verdict (shown apart, so the title comes once): the count, reasons and notes, on
// lines of their own.
func resultDetails(v vote.Vote) string {
	first, rest, _ := strings.Cut(v.Result, "\n")
	if !strings.HasPrefix(first, v.Title()+" is closed") {
		rest = v.Result // a result worded otherwise is shown whole
	}
	if rest == "" {
		return ""
	}
	return "\n" + rest
}

// votedLines says who has voted: how each chose and the count, or for a secret or hidden
// vote only the names, since how they chose would give the count away.
func votedLines(v vote.Vote, res vote.Result) []string {
	turnout := phrase.UpperFirst(vote.TurnoutLine(v.Rules, res, false)) + "."
	if len(res.Ballots) == 0 {
		return []string{"Nobody has voted yet. " + turnout}
	}
	if v.Rules.Secret || v.HideResults {
		names := make([]string, len(res.Ballots))
		for i, b := range res.Ballots {
			names[i] = b.Display()
		}
		why := "Results are hidden until the close."
		if v.Rules.Secret {
			why = "Secret vote: who chose what is never shown, and the count only at the close."
		}
		return []string{"Voted: " + strings.Join(names, ", ") + ". " + turnout, why}
	}
	lines := []string{"Voted:"}
	for _, b := range res.Ballots {
		line := fmt.Sprintf("  %s — %s", b.Display(), v.Rules.Describe(b.Choices))
		if b.Reason != "" {
			line += fmt.Sprintf(": “%s”", b.Reason)
		}
		lines = append(lines, line)
	}
	return append(lines, fmt.Sprintf("Count so far: %s. %s", vote.TallyLine(res), turnout))
}

// maxListed bounds the votes one !votes answer lists.
const maxListed = 30

// runVotes lists the open votes by number.
func runVotes(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	open, err := openVotes(ctx, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	prefix := r.Config.CommandPrefix
	if len(open) == 0 {
		return bot.Text(fmt.Sprintf("No vote is open. Open one with %svote new \"<question>\".", prefix)), nil
	}
	lines := []string{"Open votes:"}
	more := len(open) - maxListed
	if more > 0 {
		open = open[:maxListed]
	}
	for _, v := range open {
		ballots, err := Ballots(ctx, r.Tx, v.ID)
		if err != nil {
			return bot.Reply{}, err
		}
		lines = append(lines, fmt.Sprintf("#%d “%s” — %s, closes %s, %d voted", v.Number, phrase.Clip(v.Question, 120), v.Rules.Kind,
			timeparse.Format(r.Lang, v.ClosesAt, r.At, r.Loc), len(vote.Latest(ballots))))
	}
	if more > 0 {
		lines = append(lines, fmt.Sprintf("… and %d more (the newest; %svote show <id> shows any).", more, prefix))
	}
	return bot.Text(strings.Join(append(lines, fmt.Sprintf("Details: %svote show <id>.", prefix)), "\n")), nil
}

// statusVotes is the votes' line of !status.
func statusVotes(ctx context.Context, r *commands.Request) ([]string, error) {
	open, err := openVotes(ctx, r.Tx, r.Room)
	if err != nil {
		return nil, err
	}
	if len(open) == 0 {
		return []string{"• No open votes."}, nil
	}
	refs := make([]string, len(open))
	for i, v := range open {
		refs[i] = fmt.Sprintf("#%d “%s” (closes %s)", v.Number, phrase.Clip(v.Question, 60), timeparse.Format(r.Lang, v.ClosesAt, r.At, r.Loc))
	}
	return []string{"• Open votes: " + strings.Join(phrase.Summarise(r.Lang, refs, 5, r.Prefix()+"votes"), ", ")}, nil
}
