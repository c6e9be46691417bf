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
	"folkmoot/schedule"
	"folkmoot/store"
	"folkmoot/timeparse"
	"folkmoot/vote"
)

// voteSpec is a vote about to be opened.
type voteSpec struct {
	Question    string
	Rules       vote.Rules
	HideResults bool
	ClosesAt    time.Time
	Link        VoteLink
}

func runVoteNew(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	spec, err := readVoteSpec(r)
	if err != nil {
		return bot.Reply{}, err
	}
	v, err := openVote(ctx, r, spec)
	if err != nil {
		return bot.Reply{}, err
	}
	return bot.Text(vote.Announcement(r.Config.CommandPrefix, v, r.At, r.Loc)), nil
}

// readVoteSpec reads !vote new's question and options.
func readVoteSpec(r *commands.Request) (voteSpec, error) {
	spec := voteSpec{HideResults: r.Args.Has("hide-results"), ClosesAt: r.At.Add(r.Config.Votes.DefaultDuration.Duration)}
	words := r.Args.Words
	if closes := strings.Fields(r.Args.Flags["closes"]); len(closes) > 0 {
		at, n, err := timeparse.LeadingAt(closes, r.At, r.Loc)
		if err != nil {
			return spec, err
		}
		if err := timeparse.Within(at, r.At, r.Config.Votes.MaxDuration.Duration); err != nil {
			return spec, err
		}
		spec.ClosesAt, words = at, append(words, closes[n:]...)
	}
	q, err := vote.CleanQuestion(strings.Join(words, " "))
	if err != nil {
		return spec, err
	}
	spec.Question, spec.Rules.Secret = q, r.Args.Has("secret")
	spec.Rules.Kind = vote.Consensus
	if _, ok := r.Args.Flags["options"]; ok {
		spec.Rules.Kind = vote.Choice // --options alone means a choice vote
	}
	if k, ok := r.Args.Flags["kind"]; ok {
		if spec.Rules.Kind, err = vote.ParseKind(k); err != nil {
			return spec, err
		}
	}
	if err := readChoiceOptions(r, &spec.Rules); err != nil {
		return spec, err
	}
	if qs, ok := r.Args.Flags["quorum"]; ok {
		if spec.Rules.Quorum, err = vote.ParseQuorum(qs); err != nil {
			return spec, err
		}
	}
	return spec, nil
}

// readChoiceOptions fills the options: fixed ones, or --options and --max for a choice vote.
func readChoiceOptions(r *commands.Request, rules *vote.Rules) error {
	spec, hasOptions := r.Args.Flags["options"]
	maxs, hasMax := r.Args.Flags["max"]
	if rules.Kind != vote.Choice {
		if hasOptions || hasMax {
			return commands.Userf("--options and --max are for choice votes (--kind choice); a %s vote's options are fixed: %s.",
				rules.Kind, vote.Rules{Kind: rules.Kind}.OptionList())
		}
		rules.Options = vote.FixedOptions(rules.Kind)
		return nil
	}
	if !hasOptions {
		return commands.Userf(`A choice vote needs its options: --options "pizza|soup|salad".`)
	}
	opts, err := vote.ParseOptions(spec)
	if err != nil {
		return err
	}
	rules.Options, rules.MaxChoices = opts, 1
	if hasMax {
		n, err := strconv.Atoi(maxs)
		if err != nil || n < 1 || n > len(opts) {
			return commands.Userf("--max is how many options one ballot may pick: a number from 1 to %d.", len(opts))
		}
		rules.MaxChoices = n
	}
	return nil
}

// openVote stores the vote and its jobs in one transaction, then posts the native poll.
func openVote(ctx context.Context, r *commands.Request, spec voteSpec) (vote.Vote, error) {
	// Ask the network who is in the room before the transaction, so it never waits on it.
	electorate, err := facts.Electorate(ctx, r.DB, r.Transport, r.Room)
	if err != nil {
		return vote.Vote{}, err
	}
	var v vote.Vote
	err = r.DB.InTx(ctx, func(tx *sql.Tx) error {
		var err error
		v, err = openInTx(ctx, r.Env, tx, electorate, r.Room, r.Sender, spec, r.At)
		return err
	})
	if err != nil {
		return v, err
	}
	r.Log().Info().Int("vote", v.Number).Str("kind", string(v.Rules.Kind)).Str("link", spec.Link.Kind).Msg("vote opened")
	postPoll(ctx, r.Env, r.Transport, &v, r.At, r.Loc)
	return v, nil
}

// openInTx stores a vote, its electorate and its closing jobs inside tx.
func openInTx(ctx context.Context, env *commands.Env, tx *sql.Tx, electorate []bot.Member, room bot.Room, opener bot.Member, spec voteSpec, now time.Time) (vote.Vote, error) {
	if env.Sched == nil {
		return vote.Vote{}, errors.New("open vote: no scheduler")
	}
	v := vote.Vote{
		Room: room, Question: spec.Question, Rules: spec.Rules, HideResults: spec.HideResults,
		OpenedBy: opener, OpenedAt: now, ClosesAt: spec.ClosesAt, LinkKind: spec.Link.Kind, LinkID: spec.Link.ID,
	}
	if spec.Link.Kind != "" {
		if old, open, err := store.OpenLinkedVote(ctx, tx, room, spec.Link.Kind, spec.Link.ID); err != nil || open {
			if err != nil {
				return v, err
			}
			return v, commands.Userf("A vote on this is already open: %s, closing %s.", old.Title(),
				timeparse.Format(old.ClosesAt, now, env.Location(ctx, tx, room)))
		}
	}
	if err := store.CreateVote(ctx, tx, &v, electorate); err != nil {
		return v, err
	}
	return v, scheduleVoteJobs(ctx, env, tx, v, now)
}

// OpenInTx opens a vote of any kind (rules carries the kind, options and quorum) inside the
// caller's transaction, with its closing jobs, so a scheduled job can open votes as part of
// its own change. It closes after the configured default duration and returns the text
// announcing it, for the caller to post. No native poll is posted: a poll needs the network,
// which a transaction must not wait on, and the announcement says how to vote by command.
func OpenInTx(ctx context.Context, env *commands.Env, tx *sql.Tx, room bot.Room, opener bot.Member, question string,
	rules vote.Rules, link VoteLink, now time.Time) (vote.Vote, string, error) {
	q, err := vote.CleanQuestion(question)
	if err != nil {
		return vote.Vote{}, "", err
	}
	if rules.Kind == "" {
		rules.Kind = vote.Consensus
	}
	if rules.Kind == vote.Choice {
		if len(rules.Options) < vote.MinOptions || len(rules.Options) > vote.MaxOptions {
			return vote.Vote{}, "", fmt.Errorf("open vote: a choice vote with %d options", len(rules.Options))
		}
		rules.MaxChoices = min(max(rules.MaxChoices, 1), len(rules.Options))
	} else {
		rules.Options, rules.MaxChoices = vote.FixedOptions(rules.Kind), 0
	}
	spec := voteSpec{Question: q, Rules: rules, Link: link, ClosesAt: now.Add(env.Config.Votes.DefaultDuration.Duration)}
	electorate, err := facts.Electorate(ctx, tx, env.TransportFor(room), room)
	if err != nil {
		return vote.Vote{}, "", err
	}
	v, err := openInTx(ctx, env, tx, electorate, room, opener, spec, now)
	if err != nil {
		return v, "", err
	}
	zerolog.Ctx(ctx).Info().Str("room", room.ID).Int("vote", v.Number).Str("kind", string(v.Rules.Kind)).Str("link", link.Kind).Msg("vote opened")
	return v, vote.Announcement(env.Config.CommandPrefix, v, now, env.Location(ctx, tx, room)), nil
}

// PostPoll posts an open vote as a native poll where the room's transport has them; call it
// after the transaction that opened the vote (OpenInTx) has committed. A failure is logged
// and the vote stands.
func PostPoll(ctx context.Context, env *commands.Env, t bot.Transport, v *vote.Vote, now time.Time) {
	postPoll(ctx, env, t, v, now, env.Location(ctx, env.DB, v.Room))
}

// scheduleVoteJobs creates the close and the "closing soon" notices that are still ahead.
func scheduleVoteJobs(ctx context.Context, env *commands.Env, tx *sql.Tx, v vote.Vote, now time.Time) error {
	ref := strconv.FormatInt(v.ID, 10)
	if _, err := env.Sched.Add(ctx, tx, schedule.Job{Room: v.Room, Kind: jobVoteClose, Ref: ref, Payload: ref, Due: v.ClosesAt,
		Title: fmt.Sprintf("closing of vote #%d", v.Number)}); err != nil {
		return err
	}
	for _, d := range env.Config.Votes.ClosingSoon {
		due := v.ClosesAt.Add(-d.Duration)
		if !due.After(now) {
			continue
		}
		if _, err := env.Sched.Add(ctx, tx, schedule.Job{Room: v.Room, Kind: jobVoteSoon, Ref: ref, Payload: ref, Due: due,
			Title: fmt.Sprintf("closing-soon notice of vote #%d", v.Number)}); err != nil {
			return err
		}
	}
	return nil
}

// cancelVoteJobs cancels a vote's pending close and notices.
func cancelVoteJobs(ctx context.Context, env *commands.Env, tx *sql.Tx, v vote.Vote) error {
	ref := strconv.FormatInt(v.ID, 10)
	if err := env.Sched.Cancel(ctx, tx, v.Room, jobVoteClose, ref); err != nil {
		return err
	}
	return env.Sched.Cancel(ctx, tx, v.Room, jobVoteSoon, ref)
}

// postPoll posts the vote as a native poll when the transport can; a failure is logged and
// the vote stands, since the commands work without it.
func postPoll(ctx context.Context, env *commands.Env, t bot.Transport, v *vote.Vote, now time.Time, loc *time.Location) {
	p, ok := t.(bot.Poller)
	if !ok || !v.Open() || v.PollID != "" {
		return
	}
	prefix := env.Config.CommandPrefix
	poll := bot.Poll{
		Question:      fmt.Sprintf("#%d %s", v.Number, v.Question),
		MaxSelections: max(v.Rules.MaxChoices, 1),
		Disclosed:     !v.HideResults && !v.Rules.Secret,
		Fallback:      vote.Announcement(prefix, *v, now, loc),
	}
	for _, o := range v.Rules.Options {
		// A block needs a reason, which a poll cannot carry: it is cast by command.
		if o.Key != vote.Block {
			poll.Options = append(poll.Options, bot.PollOption{ID: o.Key, Text: o.Label})
		}
	}
	if v.Rules.Kind == vote.Consensus {
		poll.Question += fmt.Sprintf(" (to block, say %svote %d block <reason>)", prefix, v.Number)
	}
	id, err := p.SendPoll(ctx, v.Room, poll)
	if err == nil {
		err = store.SetVotePoll(ctx, env.DB, v.ID, id)
	}
	if err != nil {
		zerolog.Ctx(ctx).Warn().Err(err).Int("vote", v.Number).Msg("native poll not posted; the vote stands")
		return
	}
	v.PollID, v.PollState = id, "open"
}

// OpenLinked opens a majority vote tied to another object (a recall vote tied to a
// mandate) and returns the text announcing it. The room's vote policy does not apply: the
// command that calls it has its own rules.
func OpenLinked(ctx context.Context, r *commands.Request, question string, link VoteLink, quorum vote.Quorum) (string, error) {
	return OpenLinkedRules(ctx, r, question, link, vote.Rules{Kind: vote.Majority, Quorum: quorum})
}

// OpenLinkedRules is OpenLinked for a vote of any kind (a choice vote gives its options in
// rules), opened through OpenInTx and then posted as a native poll where there are polls.
func OpenLinkedRules(ctx context.Context, r *commands.Request, question string, link VoteLink, rules vote.Rules) (string, error) {
	var v vote.Vote
	var text string
	err := r.DB.InTx(ctx, func(tx *sql.Tx) error {
		var err error
		v, text, err = OpenInTx(ctx, r.Env, tx, r.Room, r.Sender, question, rules, link, r.At)
		return err
	})
	if err != nil {
		return "", err
	}
	postPoll(ctx, r.Env, r.Transport, &v, r.At, r.Loc)
	return text, nil
}

// runVotePolicy shows or sets who may open votes in the room.
func runVotePolicy(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	prefix := r.Config.CommandPrefix
	if len(r.Args.Words) == 0 {
		p, err := store.VotePolicy(ctx, r.DB, r.Room)
		if err != nil {
			return bot.Reply{}, err
		}
		who := map[string]string{"members": "any member", "facilitators": "only the facilitator, room admins and bot admins"}[p]
		return bot.Text(fmt.Sprintf("In this room %s may open votes. Change it with %svote policy facilitators|members.", who, prefix)), nil
	}
	p := strings.ToLower(r.Args.Words[0])
	if p != "members" && p != "facilitators" {
		return bot.Reply{}, commands.Usagef("the policy is facilitators or members")
	}
	if err := store.SetVotePolicy(ctx, r.DB, r.Room, p); err != nil {
		return bot.Reply{}, err
	}
	if p == "members" {
		return bot.Text("From now on any member may open a vote here."), nil
	}
	return bot.Text("From now on only the facilitator, room admins and bot admins open votes here."), nil
}
