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

// voteSpec is a vote about to be opened.
type voteSpec struct {
	Question    string
	Rules       vote.Rules
	HideResults bool
	ClosesAt    time.Time
	Link        hooks.VoteLink
	Body        vote.Body // who votes: the room's members, or a council's assemblies or delegates
}

func (f *votesFeature) runVoteNew(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	read, err := forgottenDashes(r)
	if err != nil {
		return bot.Reply{}, err
	}
	spec, err := readVoteSpec(r)
	if err != nil {
		return bot.Reply{}, err
	}
	// Ask the network who is in the room before the transaction, so it never waits on it.
	electorate, err := f.electorate(ctx, r, spec.Body)
	if err != nil {
		return bot.Reply{}, err
	}
	v, err := openVote(ctx, r, spec, electorate)
	if err != nil {
		return bot.Reply{}, err
	}
	l := r.Lang
	text := vote.Announcement(l, r.Config.CommandPrefix, v, r.At, r.Loc)
	if line := bodyLine(l, spec.Body, electorate); line != "" {
		text += "\n" + line
	}
	if len(read) > 0 {
		quoted := make([]string, len(read))
		for i, w := range read {
			quoted[i] = l.Say("vote.quoted", "Text", w)
		}
		text += "\n" + l.Say("votes.new.read_as", "Words", phrase.List(l, quoted), "Options", phrase.List(l, flagNames(read)))
	}
	if v.Rules.Quorum.IsZero() {
		text += "\n" + l.Say("votes.new.no_quorum", "Command", r.Prefix()+"vote policy quorum 50%")
	}
	return bot.Text(text), nil
}

// optionWords are the options of !vote new as people write them without their "--".
var optionWords = map[string]string{
	"closes": "closes", "close": "closes", "closing": "closes", "kind": "kind", "options": "options",
	"max": "max", "quorum": "quorum", "secret": "secret", "hide-results": "hide-results",
	"assemblies": "assemblies", "delegates": "delegates",
}

// switchOptions are the options of !vote new that take no value.
var switchOptions = map[string]bool{"secret": true, "hide-results": true, "assemblies": true, "delegates": true}

// forgottenDashes reads the words after a quoted question as the options they name, when
// "--" was forgotten: `!vote new "Repaint?" closes friday 18:00` closes on Friday, not in
// 48 hours with "closes friday 18:00" in its question. Words that name no option are asked
// about rather than guessed. It returns what it read, quoted, for the answer to say so.
func forgottenDashes(r *commands.Request) ([]string, error) {
	words := r.Args.Words
	if len(words) < 2 || !strings.HasPrefix(r.Args.Raw, `"`) {
		return nil, nil
	}
	flags, read, err := optionsWithoutDashes(r.Lang, words[1:], r.Args.Flags)
	if err != nil {
		return nil, commands.Userf("%s", r.Lang.Say("votes.new.see_help", "Problem", err.Error(), "Command", r.Prefix()+"help vote"))
	}
	r.Args.Words, r.Args.Flags = words[:1], flags
	return read, nil
}

// optionsWithoutDashes reads words like "closes friday 18:00 kind majority" as options,
// added to a copy of the options given with "--"; read is each run of words taken, as
// typed. The error's text is for the room, in l.
func optionsWithoutDashes(l *words.Lang, rest []string, given map[string]string) (flags map[string]string, read []string, err error) {
	if len(rest) == 0 {
		return given, nil, nil
	}
	if _, ok := optionWords[strings.ToLower(rest[0])]; !ok {
		return nil, nil, errors.New(l.Say("votes.new.unknown_word", "Words", phrase.Clip(strings.Join(rest, " "), 40)))
	}
	flags = map[string]string{}
	for k, v := range given {
		flags[k] = v
	}
	for i := 0; i < len(rest); {
		name := optionWords[strings.ToLower(rest[i])]
		j := i + 1
		for j < len(rest) && optionWords[strings.ToLower(rest[j])] == "" {
			j++
		}
		value := strings.Join(rest[i+1:j], " ")
		if _, twice := flags[name]; twice {
			return nil, nil, errors.New(l.Say("votes.new.twice", "Option", "--"+name, "Typed", phrase.Clip(rest[i], 20)))
		}
		switch {
		case switchOptions[name]:
			if value != "" {
				return nil, nil, errors.New(l.Say("votes.new.no_value", "Option", "--"+name, "Value", phrase.Clip(value, 30)))
			}
			value = "true"
		case value == "":
			return nil, nil, errors.New(l.Say("votes.new.needs_value", "Option", "--"+name, "Example", "--"+name+" "+optionExample[name]))
		}
		flags[name] = value
		read = append(read, phrase.Clip(strings.Join(rest[i:j], " "), 40))
		i = j
	}
	return flags, read, nil
}

// optionExample is a value of each option, for an answer that asks for one.
var optionExample = map[string]string{"closes": "fri 18:00", "kind": "majority", "options": `"a|b|c"`, "max": "2", "quorum": "50%"}

// flagNames are the options the words read as were taken for: "--closes".
func flagNames(read []string) []string {
	out := make([]string, len(read))
	for i, w := range read {
		first := strings.Fields(w)[0]
		out[i] = "--" + optionWords[strings.ToLower(first)]
	}
	return out
}

// readVoteSpec reads !vote new's question and options.
func readVoteSpec(r *commands.Request) (voteSpec, error) {
	spec := voteSpec{HideResults: r.Args.Has("hide-results"), ClosesAt: r.At.Add(settings(r.Config).DefaultDuration.Duration)}
	words := r.Args.Words
	if closes := strings.Fields(r.Args.Flags["closes"]); len(closes) > 0 {
		at, n, err := timeparse.LeadingAt(r.Lang, closes, r.At, r.Loc)
		if err != nil {
			return spec, err
		}
		if err := timeparse.CheckWithin(r.Lang, at, r.At, settings(r.Config).MaxDuration.Duration); err != nil {
			return spec, err
		}
		spec.ClosesAt, words = at, append(words, closes[n:]...)
	}
	q, err := vote.CleanQuestion(r.Lang, strings.Join(words, " "))
	if q == "" && err != nil {
		return spec, commands.Userf("%s", r.Lang.Say("votes.new.no_question", "Command", r.Prefix()+"vote new"))
	}
	if err != nil {
		return spec, err
	}
	spec.Question, spec.Rules.Secret = q, r.Args.Has("secret")
	if spec.Body, err = readBody(r, spec.Rules.Secret); err != nil {
		return spec, err
	}
	// The room's default kind (a rule: !rules propose vote-kind majority) when none is named.
	if spec.Rules.Kind, err = roomKind(r.Ctx, r.Tx, r.Room); err != nil {
		return spec, err
	}
	if _, ok := r.Args.Flags["options"]; ok {
		spec.Rules.Kind = vote.Choice // --options alone means a choice vote
	}
	if k, ok := r.Args.Flags["kind"]; ok {
		if spec.Rules.Kind, err = vote.ParseKind(r.Lang, k); err != nil {
			return spec, err
		}
	}
	if err := readChoiceOptions(r, &spec.Rules); err != nil {
		return spec, err
	}
	qs, ok := r.Args.Flags["quorum"]
	if !ok {
		// The room's default quorum (!vote policy quorum) when the vote names none.
		if qs, err = roomQuorum(r.Ctx, r.Tx, r.Room); err != nil {
			return spec, err
		}
	}
	if qs != "" {
		if spec.Rules.Quorum, err = vote.ParseQuorum(r.Lang, qs); err != nil {
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
			return commands.Userf("%s", r.Lang.Say("votes.new.fixed", "Kind", rules.Kind.Name(r.Lang),
				"Options", vote.Rules{Kind: rules.Kind}.OptionList(r.Lang)))
		}
		rules.Options = vote.FixedOptions(rules.Kind)
		return nil
	}
	if !hasOptions {
		return commands.Userf("%s", r.Lang.Say("votes.new.needs_options"))
	}
	opts, err := vote.ParseOptions(r.Lang, spec)
	if err != nil {
		return err
	}
	rules.Options, rules.MaxChoices = opts, 1
	if hasMax {
		n, err := strconv.Atoi(maxs)
		if err != nil || n < 1 || n > len(opts) {
			return commands.Userf("%s", r.Lang.Say("votes.new.max", "Max", len(opts)))
		}
		rules.MaxChoices = n
	}
	return nil
}

// openVote stores the vote, its jobs and its native poll's outbox item in one transaction;
// a vote of assemblies opens its question in each of them in the same transaction.
func openVote(ctx context.Context, r *commands.Request, spec voteSpec, electorate []bot.Member) (vote.Vote, error) {
	var v vote.Vote
	err := store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		own := spec
		if spec.Body == vote.Assemblies {
			own.Rules.Secret = false // the assemblies' ballots may be secret; their results are not
		}
		var err error
		if v, err = openInTx(ctx, r.Env, tx, electorate, r.Room, r.Sender, own, r.At); err != nil || spec.Body != vote.Assemblies {
			return err
		}
		return askAssemblies(ctx, r.Env, tx, v, electorate, spec.Rules.Secret, r.At)
	})
	if err != nil {
		return v, err
	}
	r.Log().Info().Int("vote", v.Number).Str("kind", string(v.Rules.Kind)).Str("link", spec.Link.Kind).Msg("vote opened")
	return v, nil
}

// openInTx stores a vote, its electorate, its closing jobs and its native poll (queued)
// inside tx.
func openInTx(ctx context.Context, env *commands.Env, tx *sql.Tx, electorate []bot.Member, room bot.Room, opener bot.Member, spec voteSpec, now time.Time) (vote.Vote, error) {
	v := vote.Vote{
		Room: room, Question: spec.Question, Rules: spec.Rules, HideResults: spec.HideResults,
		OpenedBy: opener, OpenedAt: now, ClosesAt: spec.ClosesAt, LinkKind: spec.Link.Kind, LinkID: spec.Link.ID, Body: spec.Body,
	}
	if spec.Link.Kind != "" {
		if old, open, err := openLinkedVote(ctx, tx, room, spec.Link.Kind, spec.Link.ID); err != nil || open {
			if err != nil {
				return v, err
			}
			l := env.RoomLang(ctx, tx, room)
			return v, commands.Userf("%s", l.Say("votes.new.linked_open", "Ref", old.Ref(), "Question", old.Question,
				"Closes", timeparse.Format(l, old.ClosesAt, now, env.Location(ctx, tx, room))))
		}
	}
	if err := createVote(ctx, tx, &v, electorate); err != nil {
		return v, err
	}
	v.Eligible = len(electorate) // for the announcement: a secret vote of two says what that means
	if err := scheduleVoteJobs(ctx, env, tx, v, now); err != nil {
		return v, err
	}
	if v.Body != vote.Members {
		return v, nil // a council's members do not all vote in it: no poll for everyone to answer
	}
	return v, queuePoll(ctx, env, tx, v, now)
}

// OpenInTx opens a vote of any kind (lv.Rules carries the kind, options and quorum) inside
// the caller's transaction, with its closing jobs, so a command or a scheduled job can open
// votes as part of its own change. It closes after the configured default duration and
// returns the text announcing it, for the caller to post; its native poll is queued with
// it. The room's vote policy does not apply: the caller has its own rules.
func OpenInTx(ctx context.Context, env *commands.Env, tx *sql.Tx, lv hooks.LinkedVote, now time.Time) (vote.Vote, string, error) {
	return openLinked(ctx, env, tx, lv, now.Add(settings(env.Config).DefaultDuration.Duration), now)
}

// openLinked is OpenInTx closing at closes.
func openLinked(ctx context.Context, env *commands.Env, tx *sql.Tx, lv hooks.LinkedVote, closes, now time.Time) (vote.Vote, string, error) {
	l := env.RoomLang(ctx, tx, lv.Room)
	q, err := vote.CleanQuestion(l, lv.Question)
	if err != nil {
		return vote.Vote{}, "", err
	}
	rules := lv.Rules
	if rules.Kind == "" {
		// A linked vote that names no kind (a proposed rule) takes the room's default.
		if rules.Kind, err = roomKind(ctx, tx, lv.Room); err != nil {
			return vote.Vote{}, "", err
		}
	}
	if rules.Kind == vote.Choice {
		if len(rules.Options) < vote.MinOptions || len(rules.Options) > vote.MaxOptions {
			return vote.Vote{}, "", fmt.Errorf("open vote: a choice vote with %d options", len(rules.Options))
		}
		rules.MaxChoices = min(max(rules.MaxChoices, 1), len(rules.Options))
	} else {
		rules.Options, rules.MaxChoices = vote.FixedOptions(rules.Kind), 0
	}
	spec := voteSpec{Question: q, Rules: rules, Link: lv.Link, ClosesAt: closes}
	electorate, err := facts.Electorate(ctx, tx, env.TransportFor(lv.Room), lv.Room)
	if err != nil {
		return vote.Vote{}, "", err
	}
	v, err := openInTx(ctx, env, tx, electorate, lv.Room, lv.Opener, spec, now)
	if err != nil {
		return v, "", err
	}
	zerolog.Ctx(ctx).Info().Str("room", lv.Room.ID).Int("vote", v.Number).Str("kind", string(v.Rules.Kind)).Str("link", lv.Link.Kind).Msg("vote opened")
	return v, vote.Announcement(l, env.Config.CommandPrefix, v, now, env.Location(ctx, tx, lv.Room)), nil
}

// Opener is how other features open votes tied to their objects (a recall, a tools review),
// with the environment of the event that asks: OpenInTx as a hooks.OpenVote.
func Opener(env *commands.Env) hooks.OpenVote {
	return func(ctx context.Context, tx *sql.Tx, lv hooks.LinkedVote, now time.Time) (vote.Vote, string, error) {
		return OpenInTx(ctx, env, tx, lv, now)
	}
}

// scheduleVoteJobs creates the close and the "closing soon" notices that are still ahead.
func scheduleVoteJobs(ctx context.Context, env *commands.Env, tx *sql.Tx, v vote.Vote, now time.Time) error {
	ref := strconv.FormatInt(v.ID, 10)
	if _, err := schedule.Add(ctx, tx, schedule.Job{Room: v.Room, Kind: jobVoteClose, Ref: ref, Payload: ref, Due: v.ClosesAt,
		Title: schedule.Titled("votes.job.close", "Ref", v.Ref())}); err != nil {
		return err
	}
	for _, d := range settings(env.Config).ClosingSoon {
		due := v.ClosesAt.Add(-d.Duration)
		if !due.After(now) {
			continue
		}
		if _, err := schedule.Add(ctx, tx, schedule.Job{Room: v.Room, Kind: jobVoteSoon, Ref: ref, Payload: ref, Due: due,
			Title: schedule.Titled("votes.job.soon", "Ref", v.Ref())}); err != nil {
			return err
		}
	}
	return nil
}

// cancelVoteJobs cancels a vote's pending close and notices.
func cancelVoteJobs(ctx context.Context, q store.Querier, v vote.Vote) error {
	ref := strconv.FormatInt(v.ID, 10)
	if err := schedule.Cancel(ctx, q, v.Room, jobVoteClose, ref); err != nil {
		return err
	}
	return schedule.Cancel(ctx, q, v.Room, jobVoteSoon, ref)
}

// pollForVote prefixes a vote's ID in Reply.PollFor.
const pollForVote = "vote:"

// queuePoll queues the vote's native poll in the transaction that opens it: the runtime posts
// it where the network has polls (recordPoll then learns its ID), so no stop loses it and
// nothing here waits on the network. A block needs a reason, which a poll cannot carry: it is
// cast by command.
func queuePoll(ctx context.Context, env *commands.Env, tx *sql.Tx, v vote.Vote, now time.Time) error {
	prefix, l := env.Config.CommandPrefix, env.RoomLang(ctx, tx, v.Room)
	question := l.Say("votes.poll.question", "Ref", v.Ref(), "Question", v.Question)
	if v.Rules.Kind == vote.Consensus {
		question = l.Say("votes.poll.question_consensus", "Ref", v.Ref(), "Question", v.Question,
			"Command", prefix+"vote "+strconv.Itoa(v.Number)+" block")
	}
	poll := bot.Poll{
		Question:      question,
		MaxSelections: max(v.Rules.MaxChoices, 1),
		Disclosed:     !v.HideResults && !v.Rules.Secret,
		Fallback:      vote.Announcement(l, prefix, v, now, env.Location(ctx, tx, v.Room)),
		// Unique for good: a network that keeps transaction IDs must never take this poll
		// for a retry of another one.
		Ref: fmt.Sprintf("vote-%d-%s", v.ID, bot.NewRef()+bot.NewRef()),
	}
	for _, o := range v.Rules.Options {
		if o.Key != vote.Block {
			poll.Options = append(poll.Options, bot.PollOption{ID: o.Key, Text: v.Rules.Text(l, o.Key)})
		}
	}
	return store.PutReply(ctx, tx, v.Room, bot.Reply{Poll: &poll, PollFor: pollForVote + strconv.FormatInt(v.ID, 10)})
}

// recordPoll learns the ID of a vote's native poll once the runtime has posted it, so that
// answers to it count. A vote that closed before its poll got out (the network was down) has
// the poll ended at once, with the result.
func recordPoll(ctx context.Context, _ *commands.Env, tx *sql.Tx, _ bot.Room, pollFor, pollID string) error {
	raw, ours := strings.CutPrefix(pollFor, pollForVote)
	if !ours {
		return nil
	}
	voteID, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		return fmt.Errorf("a poll for %q: %w (%w)", pollFor, bot.ErrUndeliverable, err)
	}
	v, err := ByID(ctx, tx, voteID)
	if errors.Is(err, vote.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	set, err := setVotePoll(ctx, tx, voteID, pollID)
	if err != nil || !set || v.Open() {
		return err // recorded before (a repeated call), or open: nothing to end
	}
	return store.PutReply(ctx, tx, v.Room, bot.Reply{Doc: bot.TextDoc(v.Result), EndsPoll: pollID})
}

// runVotePolicy shows or sets who may open votes in the room, or its default quorum.
func runVotePolicy(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	prefix, l := r.Config.CommandPrefix, r.Lang
	if len(r.Args.Words) == 0 {
		p, err := votePolicy(ctx, r.Tx, r.Room)
		if err != nil {
			return bot.Reply{}, err
		}
		q, err := roomQuorum(ctx, r.Tx, r.Room)
		if err != nil {
			return bot.Reply{}, err
		}
		change := prefix + "vote policy facilitators|members"
		who := l.Say("votes.policy.members", "Command", change)
		if p == "facilitators" {
			who = l.Say("votes.policy.facilitators", "Command", change)
		}
		quorum := l.Say("votes.policy.no_quorum", "Command", prefix+"vote policy quorum 50%")
		if q != "" {
			quorum = l.Say("votes.policy.quorum", "Quorum", quorumText(l, q), "Command", prefix+"vote policy quorum off")
		}
		return bot.Text(who + "\n" + quorum), nil
	}
	p := strings.ToLower(r.Args.Words[0])
	if p == "quorum" {
		return setRoomQuorum(ctx, r)
	}
	if p != "members" && p != "facilitators" {
		return bot.Reply{}, commands.Usagef("%s", l.Say("votes.policy.usage"))
	}
	if err := setVotePolicy(ctx, r.Tx, r.Room, p); err != nil {
		return bot.Reply{}, err
	}
	if p == "members" {
		return bot.Text(l.Say("votes.policy.set_members")), nil
	}
	return bot.Text(l.Say("votes.policy.set_facilitators")), nil
}

// quorumText is a stored quorum ("40%", "majority") for a sentence in l.
func quorumText(l *words.Lang, spec string) string {
	if q, err := vote.ParseQuorum(l, spec); err == nil {
		return q.Text(l)
	}
	return spec
}

// setRoomQuorum is `!vote policy quorum 50%|5|majority|off`: the quorum of the room's votes
// that name none, and the turnout below which a result says that few voted.
func setRoomQuorum(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	l := r.Lang
	if len(r.Args.Words) != 2 {
		return bot.Reply{}, commands.Usagef("%s", l.Say("votes.policy.quorum_usage"))
	}
	typed := strings.ToLower(r.Args.Words[1])
	spec := ""
	var q vote.Quorum
	if typed != "off" && typed != "none" {
		var err error
		if q, err = vote.ParseQuorum(l, typed); err != nil {
			return bot.Reply{}, err
		}
		spec = q.String()
	}
	if err := saveRoomQuorum(ctx, r.Tx, r.Room, spec); err != nil {
		return bot.Reply{}, err
	}
	if spec == "" {
		return bot.Text(l.Say("votes.policy.quorum_off")), nil
	}
	return bot.Text(l.Say("votes.policy.quorum_set", "Quorum", q.Text(l))), nil
}
