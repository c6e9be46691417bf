package votes

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/facts"
	"folkmoot/hooks"
	"folkmoot/phrase"
	"folkmoot/schedule"
	"folkmoot/store"
	"folkmoot/timeparse"
	"folkmoot/vote"
	"folkmoot/words"
)

// runVoteClose closes a vote now (opener or facilitator-level) and answers with the result.
func (f *votesFeature) runVoteClose(ctx context.Context, r *commands.Request, v vote.Vote) (bot.Reply, error) {
	l := r.Lang
	if !v.Open() {
		return bot.Text(l.Say("votes.close.already", "Ref", v.Ref(), "Question", v.Question,
			"When", timeparse.Format(l, v.ClosedAt, r.At, r.Loc), "Verdict", vote.Verdict(l, v.Rules, v.Final())) + resultDetails(v)), nil
	}
	live := facts.Live(ctx, r.Transport, r.Room)
	if !confirmed(r) {
		res, _, err := currentTally(ctx, r.Tx, v, live)
		if err != nil {
			return bot.Reply{}, err
		}
		if why := vote.RevealWarning(l, v.Rules, res); why != "" {
			n := strconv.Itoa(v.Number)
			return bot.Reply{}, commands.Userf("%s", l.Say("votes.close.reveals", "Ref", v.Ref(), "Why", why,
				"Anyway", r.Prefix()+"vote close "+n+" anyway", "Remind", r.Prefix()+"vote remind "+n,
				"Closes", timeparse.Format(l, v.ClosesAt, r.At, r.Loc)))
		}
	}
	var text string
	// A linked vote's effect (a recall ends a mandate) is announced from the closing
	// transaction; its result must come first, so it is announced there too, not answered.
	announce := v.LinkKind != ""
	err := store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		var err error
		text, err = f.closeVote(ctx, r.Env, tx, v, r.At, live, l.Say("votes.close.early", "Name", r.Sender.Display()), announce)
		return err
	})
	if errors.Is(err, vote.ErrClosed) {
		return bot.Reply{}, commands.Userf("%s", l.Say("votes.close.just", "Ref", v.Ref(), "Question", v.Question))
	}
	if err != nil || announce {
		return bot.Reply{}, err
	}
	return bot.Text(text), nil
}

// confirmed reports whether `!vote close <id> anyway` confirms closing a secret vote whose
// count would show how someone voted.
func confirmed(r *commands.Request) bool {
	for _, w := range r.Args.Words[1:] {
		if strings.EqualFold(strings.Trim(w, ".!"), "anyway") {
			return true
		}
	}
	return false
}

// closeVote closes a vote inside tx in three steps: read what its close is decided from
// (readClosing), decide and word the result in the room's language (vote.Close), and store
// it with everything that follows from it (storeClose), then run its link's handler, so the
// decision and its effect commit together. It returns the result text (note, in that
// language already, ends it). When announce is set the result is queued as a notice (a
// scheduled close; a command answers with it instead), before anything the link's handler
// says.
func (f *votesFeature) closeVote(ctx context.Context, env *commands.Env, tx *sql.Tx, v vote.Vote, at time.Time, live []bot.Member, note string, announce bool) (string, error) {
	if v.Body == vote.Assemblies {
		if err := f.closeDueAssemblyVotes(ctx, env, tx, v, at); err != nil {
			return "", err
		}
	}
	l, loc := env.RoomLang(ctx, tx, v.Room), env.Location(ctx, tx, v.Room)
	in, err := readClosing(ctx, tx, v, live)
	if err != nil {
		return "", err
	}
	res, text := vote.Close(l, v, in)
	if note != "" {
		text += "\n" + note
	}
	if err := storeClose(ctx, tx, v, at, res, text, announce); err != nil {
		return "", err
	}
	zerolog.Ctx(ctx).Info().Str("room", v.Room.ID).Int("vote", v.Number).Str("outcome", string(res.Outcome)).
		Int("voters", res.Voters).Msg("vote closed")
	// The handlers learn the vote as closed, as the minutes will read it.
	v.ClosedAt, v.Outcome, v.Voters, v.Eligible, v.Result = at, res.Outcome, res.Voters, res.Eligible, text
	v.FinalCounts = res.Counts
	closed := hooks.VoteClosed{
		Room: v.Room, Link: hooks.VoteLink{Kind: v.LinkKind, ID: v.LinkID}, Vote: v, Tally: res,
		At: at, Loc: loc, Lang: l, Prefix: env.Config.CommandPrefix,
	}
	return text, f.voteClosed(ctx, env, tx, closed)
}

// roomTally counts a vote's current ballots as the request sees the room.
func roomTally(ctx context.Context, r *commands.Request, v vote.Vote) (vote.Result, []bot.Member, error) {
	return currentTally(ctx, r.Tx, v, facts.Live(ctx, r.Transport, r.Room))
}

// currentTally counts a vote's current ballots among its eligible members and returns who
// has not voted yet. live is who the transport lists in the room now, nil when it cannot
// tell.
func currentTally(ctx context.Context, q store.Querier, v vote.Vote, live []bot.Member) (vote.Result, []bot.Member, error) {
	box, err := readBox(ctx, q, v, live)
	if err != nil {
		return vote.Result{}, nil, err
	}
	res, missing := vote.Counted(v, box)
	return res, missing, nil
}

// runVoteCloseJob closes a vote on time, or at start when it fell due while folkmoot was
// down, saying so.
func (f *votesFeature) runVoteCloseJob(ctx context.Context, env *commands.Env, tx *sql.Tx, job schedule.Job) error {
	v, err := jobVote(ctx, tx, job)
	if err != nil || !v.Open() {
		return err
	}
	note := ""
	if job.Late > time.Minute {
		l, loc := env.RoomLang(ctx, tx, v.Room), env.Location(ctx, tx, v.Room)
		note = l.Say("votes.close.late", "When", timeparse.Format(l, v.ClosesAt, env.Now(), loc), "Late", phrase.Duration(l, job.Late))
	}
	_, err = f.closeVote(ctx, env, tx, v, env.Now(), facts.Live(ctx, env.TransportFor(v.Room), v.Room), note, true)
	return err
}

// runVoteSoonJob tells the room a vote closes soon, mentioning who has not voted yet (with
// the votes closing in the same minute, soonNotice).
func runVoteSoonJob(ctx context.Context, env *commands.Env, tx *sql.Tx, job schedule.Job) error {
	v, err := jobVote(ctx, tx, job)
	if err != nil || !v.Open() || !env.Now().Before(v.ClosesAt) {
		return err // closed, or the close itself is due: it will speak
	}
	if later, err := laterNoticeDue(ctx, env, tx, job); err != nil || later {
		return err // after an outage only the last of the notices due speaks
	}
	reply, ok, err := soonNotice(ctx, env, tx, v, job.Due, job.Late)
	if err != nil || !ok {
		return err // nothing to say, or another vote closing in the same minute says it
	}
	return store.PutReply(ctx, tx, v.Room, reply)
}

// laterNoticeDue reports whether another closing-soon notice of the same vote is due now.
// It reads only that vote's notices: reading every pending notice of the room on each
// firing made a burst of n notices cost n².
func laterNoticeDue(ctx context.Context, env *commands.Env, tx *sql.Tx, job schedule.Job) (bool, error) {
	pending, err := schedule.PendingFor(ctx, tx, job.Room, jobVoteSoon, job.Ref)
	if err != nil {
		return false, err
	}
	for _, j := range pending {
		if j.ID != job.ID && !j.Due.After(env.Now()) {
			return true, nil
		}
	}
	return false, nil
}

// remindEvery is how often !vote remind may mention the members of one vote.
const remindEvery = time.Hour

// remindedNamespace keeps, by vote, when !vote remind last mentioned its members.
const remindedNamespace = "vote-reminded"

// runVoteRemind mentions everyone eligible who has not voted yet.
func runVoteRemind(ctx context.Context, r *commands.Request, v vote.Vote) (bot.Reply, error) {
	if !v.Open() {
		return bot.Reply{}, closedAnswer(r, v)
	}
	if v.Body == vote.Assemblies {
		// Rooms are not mentioned: each assembly's own vote reminds its members.
		return bot.Reply{}, commands.Userf("%s", r.Lang.Say("votes.assemblies.no_ballot", "Ref", v.Ref()))
	}
	res, missing, err := roomTally(ctx, r, v)
	if err != nil || len(missing) == 0 {
		return reminder(r.Lang, r.Config.CommandPrefix, v, res, missing, r.At, r.Loc, ""), err
	}
	// A reminder mentions everyone who has not voted: at most once an hour per vote, so
	// nobody can flood the room with mentions through the bot.
	key := strconv.FormatInt(v.ID, 10)
	if last, ok, err := store.GetKV(ctx, r.Tx, remindedNamespace, key); err != nil {
		return bot.Reply{}, err
	} else if at, perr := time.Parse(time.RFC3339Nano, last); ok && perr == nil && r.At.Sub(at) < remindEvery {
		return bot.Reply{}, commands.Userf("%s", r.Lang.Say("votes.remind.recent", "Ref", v.Ref(),
			"When", phrase.Relative(r.Lang, at, r.At), "Next", timeparse.Format(r.Lang, at.Add(remindEvery), r.At, r.Loc)))
	}
	if err := massMention(ctx, r); err != nil {
		return bot.Reply{}, err
	}
	if err := store.SetKV(ctx, r.Tx, remindedNamespace, key, r.At.UTC().Format(time.RFC3339Nano)); err != nil {
		return bot.Reply{}, err
	}
	return reminder(r.Lang, r.Config.CommandPrefix, v, res, missing, r.At, r.Loc, ""), nil
}

// massMention counts a reminder that mentions everyone against its sender's
// limits.mass_mentions_per_hour, over every vote and room (the per-vote hour alone let many
// votes mean many mass mentions), or refuses it. The count is kept in the database, so a
// restart does not reset it.
func massMention(ctx context.Context, r *commands.Request) error {
	limit := r.Config.Limits.MassMentionsPerHour
	var next time.Time
	err := store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		ok, at, err := takeMassMention(ctx, tx, r.Sender.ID, r.Room, r.At, time.Hour, limit)
		if err == nil && !ok {
			next = at
		}
		return err
	})
	if err != nil || next.IsZero() {
		return err
	}
	return commands.Userf("%s", r.Lang.Count("votes.remind.limit", limit, "Next", timeparse.Format(r.Lang, next, r.At, r.Loc)))
}

// reminder says in l when a vote closes and mentions who has not voted; late is a note to
// add when it comes late ("" for none).
func reminder(l *words.Lang, prefix string, v vote.Vote, res vote.Result, missing []bot.Member, now time.Time, loc *time.Location, late string) bot.Reply {
	at := timeparse.Format(l, v.ClosesAt, now, loc)
	turnout := phrase.UpperFirst(vote.TurnoutLine(l, v.Rules, res, false))
	text := l.Say("votes.remind.closes", "Ref", v.Ref(), "Question", v.Question, "In", phrase.Relative(l, v.ClosesAt, now), "At", at, "Turnout", turnout)
	if timeparse.Overdue(v.ClosesAt, now) {
		// never "closes in 1 minute" for a past time
		text = l.Say("votes.remind.closing_now", "Ref", v.Ref(), "Question", v.Question, "At", at, "Turnout", turnout)
	}
	if len(missing) == 0 {
		return bot.Text(sentences(text, l.Say("votes.remind.everyone")) + late)
	}
	names := make([]string, len(missing))
	for i, m := range missing {
		names[i] = m.Display()
	}
	command, list := prefix+"vote "+strconv.Itoa(v.Number), strings.Join(names, l.Say("phrase.list.comma"))
	if v.PollID != "" {
		text += "\n" + l.Say("votes.remind.missing_poll", "Names", list, "Options", v.Rules.OptionList(l), "Command", command)
	} else {
		text += "\n" + l.Say("votes.remind.missing", "Names", list, "Options", v.Rules.OptionList(l), "Command", command)
	}
	return bot.Mentioning(text+late, missing...)
}

// runVoteExtend moves a vote's close later, re-creating its close and notices.
func runVoteExtend(ctx context.Context, r *commands.Request, v vote.Vote) (bot.Reply, error) {
	prefix, l := r.Config.CommandPrefix, r.Lang
	if !v.Open() {
		return bot.Reply{}, closedAnswer(r, v)
	}
	if len(r.Args.Words) < 2 {
		return bot.Reply{}, commands.Usagef("%s", l.Say("votes.extend.usage", "Command", prefix+"vote extend "+strconv.Itoa(v.Number)))
	}
	until, err := timeparse.ParseAt(r.Lang, r.Args.Text(1), r.At, r.Loc)
	if err != nil {
		return bot.Reply{}, err
	}
	if err := timeparse.CheckWithin(l, until, r.At, settings(r.Config).MaxDuration.Duration); err != nil {
		return bot.Reply{}, err
	}
	if !until.After(v.ClosesAt) {
		return bot.Reply{}, commands.Userf("%s", l.Say("votes.extend.earlier", "Ref", v.Ref(),
			"Closes", timeparse.Format(l, v.ClosesAt, r.At, r.Loc), "Command", prefix+"vote close "+strconv.Itoa(v.Number)))
	}
	was := v.ClosesAt
	v.ClosesAt = until
	err = store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		if err := setVoteCloses(ctx, tx, v.ID, until); err != nil {
			return err
		}
		if err := cancelVoteJobs(ctx, tx, v); err != nil {
			return err
		}
		return scheduleVoteJobs(ctx, r.Env, tx, v, r.At)
	})
	if errors.Is(err, vote.ErrClosed) {
		return bot.Reply{}, closedAnswer(r, v)
	}
	if err != nil {
		return bot.Reply{}, err
	}
	return bot.Text(l.Say("votes.extend.done", "Ref", v.Ref(), "Question", v.Question,
		"Until", timeparse.Format(l, until, r.At, r.Loc), "Was", timeparse.Format(l, was, r.At, r.Loc))), nil
}

// jobVote loads the vote a job belongs to; a vote that is gone is logged and skipped.
func jobVote(ctx context.Context, tx *sql.Tx, job schedule.Job) (vote.Vote, error) {
	id, err := strconv.ParseInt(job.Payload, 10, 64)
	if err != nil {
		return vote.Vote{}, fmt.Errorf("vote job %d: bad payload %q", job.ID, job.Payload)
	}
	v, err := ByID(ctx, tx, id)
	if errors.Is(err, vote.ErrNotFound) {
		zerolog.Ctx(ctx).Warn().Int64("job", job.ID).Int64("vote", id).Msg("job for a vote that is gone")
		return vote.Vote{ClosedAt: time.Unix(0, 1)}, nil // reads as closed: nothing to do
	}
	return v, err
}
