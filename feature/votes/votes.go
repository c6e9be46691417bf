// Package votes is timed votes: consensus (agree, stand aside, object, block), majority and
// choice votes that close on time through the scheduler, with native polls where the
// transport has them. new.go opens them, cast.go takes ballots, close.go closes and reminds,
// show.go shows them.
package votes

import (
	"context"
	"embed"
	"errors"
	"strings"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/feature"
	"folkmoot/phrase"
	"folkmoot/vote"
	"folkmoot/words"
)

// wording is what the votes feature says, its commands' help among it, in every shipped
// language.
//
//go:embed lang/*.yaml
var wording embed.FS

func init() { words.Add(wording) }

// SectionVotes is the help section of the vote commands.
const SectionVotes = "Votes"

// Scheduled job kinds of votes.
const (
	jobVoteClose = "vote.close"
	jobVoteSoon  = "vote.soon"
)

// voteFlags are !vote new's options; their help is in the catalog (help.vote.flags).
var voteFlags = []commands.Flag{
	{Name: "closes", Phrase: true}, {Name: "kind"}, {Name: "options"}, {Name: "max"}, {Name: "quorum"},
	{Name: "secret", Bool: true}, {Name: "hide-results", Bool: true},
	{Name: "assemblies", Bool: true}, {Name: "delegates", Bool: true},
}

// Feature is timed votes. The hooks' links are what closing a linked vote does, by link kind
// (a recall vote ends a mandate): the features that open linked votes bring them; its
// assemblies and delegates are a council's, for its votes of assemblies and of delegates.
// Other features open votes through Opener.
func Feature(h Hooks) feature.Feature {
	f := &votesFeature{hooks: h}
	return feature.Feature{
		Migrations: migrations,
		Config:     configSection(),
		Name:       "votes",
		Commands: []*commands.Command{f.voteCommand(), cmdVotes,
			ballotCommand(vote.Agree), standAside(ballotCommand(vote.Aside, "standaside")), ballotCommand(vote.Object),
			ballotCommand(vote.Block), ballotCommand(vote.Yes), ballotCommand(vote.No), ballotCommand(vote.Abstain),
		},
		Jobs: []feature.Job{
			// A vote must close however late: after an outage it closes at start, with a note.
			{Name: jobVoteClose, AlwaysFire: true, Run: f.runVoteCloseJob},
			// A late notice still helps while the vote is open; the handler skips it otherwise.
			{Name: jobVoteSoon, AlwaysFire: true, Run: runVoteSoonJob},
		},
		Status:       statusVotes,
		Rules:        rules,
		OnPoll:       handlePoll,
		OnPollPosted: recordPoll,
		PersonalData: personalData,
	}
}

// votesFeature holds what the votes' handlers need beyond the request: the hooks.
type votesFeature struct {
	hooks Hooks
}

// voteCommand declares !vote and its subcommands; their help is in the catalog (help.vote,
// help."vote close" …).
func (f *votesFeature) voteCommand() *commands.Command {
	managed := commands.Guard{Owners: voteManagers, Refusal: manageRefusal}
	return &commands.Command{
		Name:    "vote",
		Section: SectionVotes,
		Flags:   voteFlags,
		Subcommands: []*commands.Command{
			{Name: "new", Aliases: []string{"open"}, Flags: voteFlags, NeedsIdentity: true,
				Guard: commands.Guard{Policy: votePolicyLevel, Refusal: policyRefusal}, Run: f.runVoteNew},
			{Name: "", NeedsIdentity: true, ShowsWithoutArgs: true, Ballot: true, Run: runVoteShowOrCast},
			{Name: "show", Run: withVote(0, runVoteShow)},
			{Name: "list", Run: runVotes},
			{Name: "close", Guard: managed, Run: withVote(0, f.runVoteClose)},
			{Name: "extend", Guard: managed, Run: withVote(0, runVoteExtend)},
			{Name: "remind", Run: withVote(0, runVoteRemind)},
			{Name: "policy", ShowsWithoutArgs: true, Rules: []string{ruleOpeners, ruleQuorum},
				Guard: commands.Guard{Level: commands.FacilitatorLevel, Refusal: func(r *commands.Request, _ []bot.Member) string {
					return r.Lang.Say("votes.policy.refused")
				}}, Run: runVotePolicy},
		},
		Run: func(_ context.Context, r *commands.Request) (bot.Reply, error) {
			return bot.Reply{}, commands.Usagef("%s", r.Lang.Say("votes.usage.what"))
		},
	}
}

// cmdVotes lists the open votes; its help is in the catalog (help.votes).
var cmdVotes = &commands.Command{
	Name:    "votes",
	Section: SectionVotes,
	Run:     runVotes,
}

// ballotCommand declares a shortcut that casts one option when exactly one vote is open; its
// help, and the names members type for it in their language, are in the catalog
// (help.<key>).
func ballotCommand(key string, aliases ...string) *commands.Command {
	return &commands.Command{
		Name: key, Aliases: aliases, Section: SectionVotes, NeedsIdentity: true, Ballot: true,
		Run: func(ctx context.Context, r *commands.Request) (bot.Reply, error) {
			return runBallotShortcut(ctx, r, key)
		},
	}
}

// standAside lets "!stand aside" and "!step aside" cast an aside: people say it in words.
func standAside(c *commands.Command) *commands.Command {
	c.Phrases = []string{"stand aside", "step aside"}
	return c
}

// withVote loads the vote whose id is the i-th word (or uses the one a guard found) and runs h.
func withVote(i int, h func(context.Context, *commands.Request, vote.Vote) (bot.Reply, error)) func(context.Context, *commands.Request) (bot.Reply, error) {
	return func(ctx context.Context, r *commands.Request) (bot.Reply, error) {
		if v, ok := r.Subject.(vote.Vote); ok {
			return h(ctx, r, v)
		}
		v, err := voteArg(ctx, r, i)
		if err != nil {
			return bot.Reply{}, err
		}
		return h(ctx, r, v)
	}
}

// voteArg is the vote whose id is the i-th word.
func voteArg(ctx context.Context, r *commands.Request, i int) (vote.Vote, error) {
	if len(r.Args.Words) <= i {
		command := r.Prefix() + "vote " + r.Command.Name
		return vote.Vote{}, commands.Usagef("%s", r.Lang.Say("votes.usage.needs_id", "Command", command, "Example", command+" 3"))
	}
	return findVote(ctx, r, r.Args.Words[i])
}

// voteManagers are who may close or extend a vote besides facilitator-level: its opener, but
// nobody for a vote tied to something else (a recall is the room's, not one member's).
func voteManagers(ctx context.Context, r *commands.Request) ([]string, error) {
	v, err := voteArg(ctx, r, 0)
	if err != nil {
		return nil, err
	}
	r.Subject = v
	if v.LinkKind != "" {
		return nil, nil
	}
	return []string{v.OpenedBy.ID}, nil
}

// manageRefusal tells a member who may close or extend the vote instead.
func manageRefusal(r *commands.Request, _ []bot.Member) string {
	v, _ := r.Subject.(vote.Vote)
	l, extend := r.Lang, r.Command.Name == "extend"
	switch {
	case v.LinkKind != "" && extend:
		return l.Say("votes.manage.linked_extend", "Ref", v.Ref())
	case v.LinkKind != "":
		return l.Say("votes.manage.linked_close", "Ref", v.Ref())
	case extend:
		return l.Say("votes.manage.opener_extend", "Ref", v.Ref(), "Opener", v.OpenedBy.Display())
	}
	return l.Say("votes.manage.opener_close", "Ref", v.Ref(), "Opener", v.OpenedBy.Display())
}

// votePolicyLevel is who may open votes in the room: anyone, unless !vote policy says the
// facilitators.
func votePolicyLevel(ctx context.Context, r *commands.Request) (commands.Level, error) {
	policy, err := votePolicy(ctx, r.Tx, r.Room)
	if err != nil || policy != "facilitators" {
		return commands.Anyone, err
	}
	return commands.FacilitatorLevel, nil
}

// policyRefusal tells a member that only the facilitators open votes in the room.
func policyRefusal(r *commands.Request, _ []bot.Member) string {
	return r.Lang.Say("votes.policy.opening_refused", "Command", r.Prefix()+"vote policy")
}

// runVoteShowOrCast is `!vote 3` (show) or `!vote 3 agree [reason]` (a ballot). A number
// that names no vote, or a closed one, may be an option of another vote typed first
// (`!vote 2 1` for option 2 of #1): the answer says how to pick it.
func runVoteShowOrCast(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	words := r.Args.Words
	n, ok := parseVoteNumber(words[0])
	if !ok {
		if reply, ok, err := castWithoutID(ctx, r); ok {
			return reply, err
		}
		// The problem must not start with a quote: the usage text capitalises its first letter.
		return bot.Reply{}, commands.Usagef("%s", r.Lang.Say("votes.usage.start", "Typed", phrase.Clip(words[0], 30)))
	}
	second := ""
	if len(words) > 1 {
		second = words[1]
	}
	v, err := ByNumber(ctx, r.Tx, r.Room, n)
	if err != nil && !errors.Is(err, vote.ErrNotFound) {
		return bot.Reply{}, err
	}
	if err != nil || (second != "" && !v.Open()) {
		open, oerr := openVotes(ctx, r.Tx, r.Room)
		if oerr != nil {
			return bot.Reply{}, oerr
		}
		hint := swappedHint(r.Lang, open, n, second, r.Prefix())
		if err == nil {
			return bot.Reply{}, commands.Userf("%s", sentences(closedAnswer(r, v).Error(), hint))
		}
		if hint == "" {
			hint = openVotesHint(ctx, r)
		}
		return bot.Reply{}, commands.Userf("%s", sentences(r.Lang.Say("votes.none", "Ref", ref(n)), hint))
	}
	if second == "" {
		return runVoteShow(ctx, r, v)
	}
	return runVoteCast(ctx, r, v)
}

// findVote loads the room's vote with the id typed, or answers that there is none.
func findVote(ctx context.Context, r *commands.Request, typed string) (vote.Vote, error) {
	n, ok := parseVoteNumber(typed)
	if !ok {
		return vote.Vote{}, commands.Userf("%s", sentences(r.Lang.Say("votes.not_id", "Typed", phrase.Clip(typed, 30)), openVotesHint(ctx, r)))
	}
	v, err := ByNumber(ctx, r.Tx, r.Room, n)
	if errors.Is(err, vote.ErrNotFound) {
		return v, commands.Userf("%s", sentences(r.Lang.Say("votes.none", "Ref", ref(n)), openVotesHint(ctx, r)))
	}
	return v, err
}

// openVotesHint names the open votes, for answers to a wrong id.
func openVotesHint(ctx context.Context, r *commands.Request) string {
	open, err := openVotes(ctx, r.Tx, r.Room)
	if err != nil || len(open) == 0 {
		return r.Lang.Say("votes.hint.none", "Command", r.Config.CommandPrefix+"votes")
	}
	return r.Lang.Say("votes.hint.open", "Votes", voteRefs(r.Lang, open))
}

// voteRefs lists votes briefly in l: #1 “Buy a projector?”, #2 “Which evening?”.
func voteRefs(l *words.Lang, vs []vote.Vote) string {
	refs := make([]string, len(vs))
	for i, v := range vs {
		refs[i] = l.Say("votes.ref", "Ref", v.Ref(), "Question", phrase.Clip(v.Question, 60))
	}
	return strings.Join(refs, l.Say("phrase.list.comma"))
}

// ref is a vote's number as people type it: #3.
func ref(n int) string { return vote.Vote{Number: n}.Ref() }

// sentences joins the sentences of an answer that are not empty, with a space.
func sentences(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, " ")
}
