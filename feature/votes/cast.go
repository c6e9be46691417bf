package votes

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/rs/zerolog"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/phrase"
	"folkmoot/store"
	"folkmoot/timeparse"
	"folkmoot/vote"
	"folkmoot/words"
)

// runVoteCast is `!vote <id> <option> [reason]`: the option is the longest run of words
// that names options of the vote ("stand aside", "2 days", "mon, thu").
func runVoteCast(ctx context.Context, r *commands.Request, v vote.Vote) (bot.Reply, error) {
	args := r.Args.Words
	typed, used := readOption(r.Lang, v.Rules, args[1:])
	if used == 0 {
		_, err := v.Rules.Read(r.Lang, args[1])
		hint := ""
		if v.Open() {
			open, oerr := openVotes(ctx, r.Tx, r.Room)
			if oerr != nil {
				return bot.Reply{}, oerr
			}
			hint = swappedHint(r.Lang, open, v.Number, args[1], r.Prefix())
		}
		return bot.Reply{}, commands.Userf("%s", sentences(r.Lang.Say("votes.ballot.problem", "Ref", v.Ref(), "Problem", err.Error()), hint))
	}
	reason, quoted := reasonAt(r.Args, used+1)
	return castByCommand(ctx, r, v, typed, reason, quoted)
}

// runBallotShortcut is !agree, !block ... : it casts on the room's one open vote that takes
// the option. A number after it names the vote (`!agree 4`, `!block 1 <reason>`), with one
// vote open or several; one vote is chosen when it is the only one that has the option (!yes
// while one majority and one consensus vote are open).
func runBallotShortcut(ctx context.Context, r *commands.Request, key string) (bot.Reply, error) {
	open, err := openVotes(ctx, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	if len(open) == 0 {
		return bot.Reply{}, commands.Userf("%s", r.Lang.Say("votes.ballot.none_open", "Command", r.Prefix()+"vote new"))
	}
	return castNamed(ctx, r, open, key, 0)
}

// noSuchOption answers a ballot shortcut that no open vote takes (!yes in a consensus vote):
// each open vote's options and the exact command to cast one, in l.
func noSuchOption(l *words.Lang, prefix, key string, open []vote.Vote) string {
	lines := []string{l.Say("votes.ballot.no_such_option", "Option", phrase.Clip(key, 40))}
	for _, v := range open {
		lines = append(lines, l.Say("votes.ballot.takes", "Ref", v.Ref(), "Question", phrase.Clip(v.Question, 60),
			"Options", v.Rules.OptionList(l), "Command", prefix+"vote "+strconv.Itoa(v.Number)+" "+firstOption(l, v.Rules)))
	}
	return strings.Join(lines, "\n")
}

// firstOption is an option of the vote as people type it in l, for an example.
func firstOption(l *words.Lang, rules vote.Rules) string {
	switch rules.Kind {
	case vote.Consensus:
		return rules.Text(l, vote.Agree)
	case vote.Majority:
		return rules.Text(l, vote.Yes)
	}
	if len(rules.Options) == 0 {
		return ""
	}
	// "!vote 1 mon" reads better than "!vote 1 1"; a label of several words goes by number.
	if o := rules.Options[0]; !strings.ContainsAny(o.Label, " \t") && o.Label != "" {
		return o.Label
	}
	return rules.Options[0].Key
}

// castWithoutID is `!vote agree [reason]` or `!vote yes 2`: an option typed where the id
// should be. It casts as the ballot shortcuts do; ok is false when no open vote has such an
// option.
func castWithoutID(ctx context.Context, r *commands.Request) (bot.Reply, bool, error) {
	open, err := openVotes(ctx, r.Tx, r.Room)
	if err != nil || len(open) == 0 {
		return bot.Reply{}, false, err
	}
	args := r.Args.Words
	for used := min(len(args), maxOptionWords); used >= 1; used-- {
		typed := strings.Join(args[:used], " ")
		for _, v := range open {
			if _, err := v.Rules.Read(r.Lang, typed); err == nil {
				reply, err := castNamed(ctx, r, open, typed, used)
				return reply, true, err
			}
		}
	}
	// `!vote yes 1` where #1 has no "yes": that vote's options, not a general usage line.
	if len(args) > 1 {
		if n, ok := parseVoteNumber(args[1]); ok {
			for _, v := range open {
				if _, err := v.Rules.Read(r.Lang, args[0]); v.Number == n && err != nil {
					return bot.Reply{}, true, commands.Userf("%s", r.Lang.Say("votes.ballot.nothing",
						"Problem", r.Lang.Say("votes.ballot.problem", "Ref", v.Ref(), "Problem", err.Error())))
				}
			}
		}
	}
	return bot.Reply{}, false, nil
}

// castByCommand records a ballot typed in the room and answers with the count (unless
// hidden). A block without a reason records nothing.
func castByCommand(ctx context.Context, r *commands.Request, v vote.Vote, typed, rawReason string, quoted bool) (bot.Reply, error) {
	prefix := r.Config.CommandPrefix
	if !v.Open() || !r.At.Before(v.ClosesAt) {
		return bot.Reply{}, closedAnswer(r, v)
	}
	if err := refuseBallot(ctx, r, v); err != nil {
		return bot.Reply{}, err
	}
	l := r.Lang
	keys, err := v.Rules.Read(l, typed)
	if err != nil {
		return bot.Reply{}, commands.Userf("%s", l.Say("votes.ballot.problem", "Ref", v.Ref(), "Problem", err.Error()))
	}
	if err := ambiguousReason(r, v, typed, rawReason, quoted); err != nil {
		return bot.Reply{}, err
	}
	reason, cut := vote.CleanReason(rawReason)
	if vote.NeedsReason(keys) && reason == "" {
		return bot.Reply{}, commands.Userf("%s", l.Say("votes.ballot.block_reason", "Command", prefix+"vote "+strconv.Itoa(v.Number)+" block"))
	}
	b := vote.Ballot{Member: r.Sender.ID, Name: r.Sender.Name, Choices: keys, Reason: reason, At: r.At}
	var prev vote.Ballot
	var replaced bool
	err = store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		var err error
		prev, replaced, err = castBallot(ctx, tx, v.ID, b, "command")
		return err
	})
	if errors.Is(err, vote.ErrClosed) {
		return bot.Reply{}, closedAnswer(r, v)
	}
	if err != nil {
		return bot.Reply{}, err
	}
	if !v.Rules.Secret {
		// The request's logger names the command, and !block names the option: a secret
		// ballot cast by command is not logged at all.
		logBallot(r.Log(), v, "command", replaced)
	}
	res, _, err := roomTally(ctx, r, v)
	if err != nil {
		return bot.Reply{}, err
	}
	reach := vote.RoomOnly
	switch {
	case !v.Rules.Secret:
	case r.Msg.Private:
		reach = vote.VoterOnly
	case r.CanTell():
		reach = vote.RoomAndVoter
		r.Tell(bot.Text(vote.PrivateChoice(l, v, b, r.At, r.Loc, prefix)))
	}
	text := vote.BallotAnswer(l, r.Sender, v, b, prev, replaced, res, reach)
	if cut {
		text += "\n" + l.Say("votes.ballot.cut", "Max", vote.MaxReason)
	}
	return bot.Text(text), nil
}

// closedAnswer refuses a ballot on a closed vote.
func closedAnswer(r *commands.Request, v vote.Vote) error {
	return commands.Userf("%s", r.Lang.Say("votes.closed_show", "Ref", v.Ref(), "Question", v.Question,
		"When", timeparse.Format(r.Lang, closedAt(v), r.At, r.Loc), "Command", r.Config.CommandPrefix+"vote show "+strconv.Itoa(v.Number)))
}

// logBallot logs that a ballot was recorded; never what it chose, so that the log cannot
// tell a secret ballot either.
func logBallot(log *zerolog.Logger, v vote.Vote, via string, replaced bool) {
	log.Info().Int("vote", v.Number).Str("via", via).Bool("replaced", replaced).Msg("ballot recorded")
}

// handlePoll records an answer to a vote's native poll exactly like the command: the latest
// answer per member counts, an empty answer withdraws the ballot, answers after the close and
// from members without a stable identity are ignored. It says nothing in the room.
func handlePoll(ctx context.Context, env *commands.Env, tx *sql.Tx, _ bot.Transport, msg bot.Message) error {
	answer := msg.Poll
	log := zerolog.Ctx(ctx).With().Str("room", msg.Room.ID).Str("sender", msg.Sender.ID).Str("poll", answer.PollID).Logger()
	if msg.Sender.Anonymous || msg.Sender.ID == "" {
		log.Debug().Msg("poll answer from a member without a stable identity ignored")
		return nil
	}
	v, err := byPoll(ctx, tx, msg.Room, answer.PollID)
	if err != nil {
		if errors.Is(err, vote.ErrNotFound) {
			return nil
		}
		return fmt.Errorf("find the poll's vote: %w", err)
	}
	now := env.Now()
	keys, ok := v.Rules.PollChoices(answer.Options)
	if !ok {
		log.Debug().Int("vote", v.Number).Msg("poll answer without a valid option ignored")
		return nil
	}
	// The server's time says when the member answered (an answer sent before the close but
	// delivered after a restart still counts); it never counts later than now.
	at := now
	if !msg.Time.IsZero() && msg.Time.Before(now) {
		at = msg.Time
	}
	b := vote.Ballot{Member: msg.Sender.ID, Name: msg.Sender.Name, Choices: keys, At: at}
	_, replaced, err := castBallot(ctx, tx, v.ID, b, "poll")
	switch {
	case errors.Is(err, vote.ErrClosed):
		log.Debug().Int("vote", v.Number).Msg("poll answer after the close ignored")
		return nil
	case err != nil:
		return fmt.Errorf("record poll answer to vote %d: %w", v.Number, err)
	}
	logBallot(&log, v, "poll", replaced)
	return nil
}
