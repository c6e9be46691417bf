package votes

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/phrase"
	"folkmoot/timeparse"
	"folkmoot/vote"
	"folkmoot/words"
)

// Reading a ballot as typed: which vote, which option, what reason. A number where a vote id
// may stand names that vote (or the answer asks which); it never becomes the reason of a
// ballot on another vote. A choice vote's option numbers are read only after its id.

// maxOptionWords bounds how many words an option is looked for in, so a long reason costs
// little.
const maxOptionWords = 40

// readOption finds the longest run of words at the start that names options of the vote
// ("stand aside", "2 days", "mon, thu"); used is how many words it took, 0 when none does.
func readOption(l *words.Lang, rules vote.Rules, typedWords []string) (typed string, used int) {
	for n := min(len(typedWords), maxOptionWords); n >= 1; n-- {
		t := strings.Join(typedWords[:n], " ")
		if _, err := rules.Read(l, t); err == nil {
			return t, n
		}
	}
	return "", 0
}

// reasonAt is the reason from the i-th word on, as typed. One quoted phrase is the reason
// without its quotes; quoted reports that the reason starts with a quote, so that none of its
// words is taken for a vote or an option.
func reasonAt(a commands.Args, i int) (reason string, quoted bool) {
	raw := a.Rest(i)
	toks := commands.Tokenize(raw)
	if len(toks) == 0 || !toks[0].Quoted {
		return raw, false
	}
	if len(toks) == 1 {
		return toks[0].Text, true
	}
	return raw, true
}

// parseVoteNumber reads a vote id as typed: "3", "#3", or "3," and "3:" as people write
// them in a sentence.
func parseVoteNumber(s string) (int, bool) {
	s = strings.TrimRight(strings.TrimSpace(s), ".,:;")
	n, err := strconv.Atoi(strings.TrimPrefix(s, "#"))
	return n, err == nil && n > 0
}

// castNamed casts typed (the option, read from the words before the used-th) on the open
// vote whose number follows it (`!vote yes 1`, `!agree 2 fine`), or, when no number
// follows, on the one open vote that takes the option. A number that names no open vote is
// answered, not read as the reason.
func castNamed(ctx context.Context, r *commands.Request, open []vote.Vote, typed string, used int) (bot.Reply, error) {
	words := r.Args.Words
	reason, quoted := reasonAt(r.Args, used)
	if n, ok := 0, false; !quoted && len(words) > used {
		if n, ok = parseVoteNumber(words[used]); ok {
			for _, v := range open {
				if v.Number == n {
					reason, quoted = reasonAt(r.Args, used+1)
					return castByCommand(ctx, r, v, typed, reason, quoted)
				}
			}
			return bot.Reply{}, notOpenVote(ctx, r, n, typed, reason, open)
		}
	}
	fits := taking(r.Lang, open, typed)
	prefix := r.Prefix()
	switch len(fits) {
	case 0:
		return bot.Reply{}, commands.Userf("%s", noSuchOption(r.Lang, prefix, typed, open))
	case 1:
		return castByCommand(ctx, r, fits[0], typed, reason, quoted)
	}
	n := strconv.Itoa(fits[len(fits)-1].Number)
	return bot.Reply{}, commands.Userf("%s", r.Lang.Say("votes.ballot.several", "Votes", voteRefs(r.Lang, fits), "Prefix", prefix,
		"Option", typed, "Example", prefix+"vote "+n+" "+typed, "Other", prefix+typed+" "+n))
}

// taking are the votes of open that take the option typed.
func taking(l *words.Lang, open []vote.Vote, typed string) []vote.Vote {
	var fits []vote.Vote
	for _, v := range open {
		if _, err := v.Rules.Read(l, typed); err == nil {
			fits = append(fits, v)
		}
	}
	return fits
}

// notOpenVote answers a ballot whose vote number names no open vote: that vote closed, or
// there is none. It lists the open votes and, when one of them takes the option, the command
// that gives the number as the start of the reason.
func notOpenVote(ctx context.Context, r *commands.Request, n int, typed, reason string, open []vote.Vote) error {
	l := r.Lang
	v, err := ByNumber(ctx, r.Tx, r.Room, n)
	var s string
	switch {
	case errors.Is(err, vote.ErrNotFound):
		s = l.Say("votes.none", "Ref", ref(n))
	case err != nil:
		return err
	default:
		s = l.Say("votes.closed", "Ref", v.Ref(), "Question", v.Question, "When", timeparse.Format(l, closedAt(v), r.At, r.Loc))
	}
	s = sentences(s, openVotesHint(ctx, r))
	if fits := taking(l, open, typed); len(fits) == 1 {
		s = sentences(s, l.Say("votes.ballot.if_reason", "Reason", phrase.Clip(reason, 60),
			"Command", r.Prefix()+"vote "+strconv.Itoa(fits[0].Number)+" "+typed+" "+echo(l, reason)))
	}
	return commands.Userf("%s", l.Say("votes.ballot.nothing", "Problem", s))
}

// echo is a reason to repeat in a command to copy: whole when short, else a placeholder.
func echo(l *words.Lang, reason string) string {
	if c := phrase.Clip(reason, 60); c == strings.Join(strings.Fields(reason), " ") {
		return c
	}
	return l.Say("votes.ballot.your_reason")
}

// closedAt is when a closed vote stopped taking ballots.
func closedAt(v vote.Vote) time.Time {
	if v.ClosedAt.IsZero() || v.ClosesAt.Before(v.ClosedAt) {
		return v.ClosesAt
	}
	return v.ClosedAt
}

// ambiguousReason asks, in a choice vote, about a reason that starts with another option
// (`!vote 1 2 3`): a second option without its comma, or a reason? A quoted reason is a reason.
func ambiguousReason(r *commands.Request, v vote.Vote, typed, reason string, quoted bool) error {
	first, _, _ := strings.Cut(strings.TrimSpace(reason), " ")
	if v.Rules.Kind != vote.Choice || quoted || first == "" {
		return nil
	}
	l := r.Lang
	if _, err := v.Rules.Read(l, first); err != nil {
		return nil
	}
	command, base := r.Prefix()+"vote "+strconv.Itoa(v.Number)+" ", strings.TrimRight(typed, ", ")
	several := l.Say("votes.ballot.commas", "Command", command+base+","+first)
	if v.Rules.MaxChoices <= 1 {
		several = l.Say("votes.ballot.one_option", "First", command+base, "Second", command+first)
	}
	return commands.Userf("%s", l.Say("votes.ballot.ambiguous", "Ref", v.Ref(), "Word", phrase.Clip(first, 30), "Hint", several,
		"Command", command+base+` "`+echo(l, reason)+`"`))
}

// swappedHint reads `!vote N M` the other way round when that makes sense: option N of the
// open vote M (second, when given), or of the one open choice vote that has an option N; ""
// when neither makes sense. It is worded in l.
func swappedHint(l *words.Lang, open []vote.Vote, n int, second, prefix string) string {
	type taker struct {
		v     vote.Vote
		label string
	}
	var takers []taker
	for _, v := range open {
		if v.Number == n || v.Rules.Kind != vote.Choice {
			continue
		}
		if keys, err := v.Rules.Read(l, strconv.Itoa(n)); err == nil && len(keys) == 1 {
			takers = append(takers, taker{v, phrase.Clip(v.Rules.Describe(l, keys), 40)})
		}
	}
	command := func(t taker) string { return prefix + "vote " + strconv.Itoa(t.v.Number) + " " + strconv.Itoa(n) }
	if m, ok := parseVoteNumber(second); ok {
		for _, t := range takers {
			if t.v.Number == m {
				return l.Say("votes.hint.swapped", "Number", n, "Label", t.label, "Ref", t.v.Ref(), "Command", command(t))
			}
		}
		return ""
	}
	if second == "" && len(takers) == 1 {
		t := takers[0]
		return l.Say("votes.hint.pick", "Number", n, "Label", t.label, "Ref", t.v.Ref(), "Command", command(t))
	}
	return ""
}
