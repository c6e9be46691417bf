// Package votes is timed votes: consensus (agree, stand aside, object, block), majority and
// choice votes that close on time through the scheduler, with native polls where the
// transport has them. new.go opens them, cast.go takes ballots, close.go closes and reminds,
// show.go shows them.
package votes

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/feature"
	"folkmoot/phrase"
	"folkmoot/vote"
)

// SectionVotes is the help section of the vote commands.
const SectionVotes = "Votes"

// Scheduled job kinds of votes.
const (
	jobVoteClose = "vote.close"
	jobVoteSoon  = "vote.soon"
)

// voteFlags are !vote new's options.
var voteFlags = []commands.Flag{
	{Name: "closes", Phrase: true, Help: "when it closes: 48h, fri 18:00, at 18h, next friday 18:00, 2026-12-05 18:30 (default: in 48 hours; “18h” alone is asked about: at 18h, or in 18h?)."},
	{Name: "kind", Help: "consensus (agree/aside/object/block), majority (yes/no/abstain) or choice."},
	{Name: "options", Help: `a choice vote's 2-20 options, "a|b|c".`},
	{Name: "max", Help: "how many options one ballot may pick in a choice vote (default 1)."},
	{Name: "quorum", Help: "how many must vote for a decision: a number (5) or a share of the members (40%)."},
	{Name: "secret", Bool: true, Help: "the bot never shows who chose what - not in the room, its logs or to admins - " +
		"and shows no count until the close. A ballot by command is confirmed to you privately. Its database does hold each ballot, to count it, and your own message or poll answer is visible to the room."},
	{Name: "hide-results", Bool: true, Help: "no count until the close."},
}

// Feature is timed votes. links are what closing a linked vote does, by link kind (a recall
// vote ends a mandate): the features that open linked votes bring them. Other features open
// votes through Opener.
func Feature(links Links) feature.Feature {
	f := &votesFeature{links: links}
	return feature.Feature{
		Migrations: migrations,
		Config:     configSection(),
		Name:       "votes",
		Commands: []*commands.Command{f.voteCommand(), cmdVotes,
			ballotCommand(vote.Agree, "[reason]", "Agrees with the open consensus vote.", "agree"),
			standAside(ballotCommand(vote.Aside, "[reason]", "Stands aside in the open consensus vote: you won't stop it, but won't take part.",
				"aside I'm away that month", "standaside")),
			ballotCommand(vote.Object, "[reason]", "Objects in the open consensus vote (it still passes if more agree than object).",
				"object too expensive for now"),
			ballotCommand(vote.Block, "<reason>", "Blocks the open consensus vote: one block stops it, so a reason is required.",
				"block the hall is booked every Friday"),
			ballotCommand(vote.Yes, "[reason]", "Votes yes in the open majority vote.", "yes"),
			ballotCommand(vote.No, "[reason]", "Votes no in the open majority vote.", "no"),
			ballotCommand(vote.Abstain, "[reason]", "Abstains in the open majority vote (counts for the quorum, not for yes or no).", "abstain"),
		},
		Jobs: []feature.Job{
			// A vote must close however late: after an outage it closes at start, with a note.
			{Name: jobVoteClose, AlwaysFire: true, Run: f.runVoteCloseJob},
			// A late notice still helps while the vote is open; the handler skips it otherwise.
			{Name: jobVoteSoon, AlwaysFire: true, Run: runVoteSoonJob},
		},
		Status:       statusVotes,
		OnPoll:       handlePoll,
		OnPollPosted: recordPoll,
	}
}

// feature holds what the votes' handlers need beyond the request: the link handlers.
type votesFeature struct {
	links Links
}

func (f *votesFeature) voteCommand() *commands.Command {
	managed := commands.Guard{Owners: voteManagers, Refusal: manageRefusal}
	const managers = "its opener or facilitator-level; a recall vote only facilitator-level"
	return &commands.Command{
		Name:     "vote",
		Section:  SectionVotes,
		Synopsis: "new|<id>|show|close|extend|remind|policy …",
		Help: "Opens a vote (consensus by default, closing in 48 h), casts or changes your ballot (the last one counts), " +
			"shows, closes early, extends or reminds about one. Who may vote: the members in the room when it opens " +
			"(Matrix: joined members; XMPP: occupants whose address the bot can see), anyone who joins before the close, " +
			"and everyone who has voted; someone who leaves is no longer waited for.",
		Examples: []string{
			`vote new "Buy a projector for the hall?" --closes fri 18:00`,
			`vote new "Which evening?" --kind choice --options "mon|wed|thu" --max 2`,
			"vote 3 object too expensive for now", "vote show 3", "vote extend 3 sun 20:00",
		},
		Flags: voteFlags,
		Who:   "anyone to open (unless !vote policy says facilitator-level) and to vote; see !help vote",
		Subcommands: []*commands.Command{
			{Name: "new", Aliases: []string{"open"}, Synopsis: `"<question>" [options]`, Flags: voteFlags, NeedsIdentity: true,
				Help:     "Opens a vote; the options below choose its kind, closing time and quorum.",
				Examples: []string{`vote new "Buy a projector for the hall?" --closes fri 18:00`},
				Who:      "anyone, unless !vote policy says facilitator-level",
				Guard:    commands.Guard{Policy: votePolicyLevel, Refusal: policyRefusal}, Run: runVoteNew},
			{Name: "", Synopsis: "<id> [<option> [reason]]", NeedsIdentity: true, ShowsWithoutArgs: true, Ballot: true,
				Help: "Casts or changes your ballot on a vote (alone, the id shows it).", Examples: []string{"vote 3 object too expensive for now"},
				Run: runVoteShowOrCast},
			{Name: "show", Synopsis: "<id>", Help: "Shows a vote: question, options, count and ballots.", Examples: []string{"vote show 3"},
				Run: withVote(0, runVoteShow)},
			{Name: "list", Help: "Lists the open votes.", Examples: []string{"vote list"}, Run: runVotes},
			{Name: "close", Synopsis: "<id> [anyway]", Help: "Closes a vote now and announces the result. When a secret vote's count would " +
				"show how someone voted (one voter, two, or every ballot alike), it says so and closes only with `anyway`.",
				Examples: []string{"vote close 3", "vote close 3 anyway"}, Who: managers, Guard: managed, Run: withVote(0, f.runVoteClose)},
			{Name: "extend", Synopsis: "<id> <when>", Help: "Moves a vote's close later.",
				Examples: []string{"vote extend 3 sun 20:00"}, Who: managers, Guard: managed, Run: withVote(0, runVoteExtend)},
			{Name: "remind", Synopsis: "<id>", Help: "Mentions everyone who has not voted yet.", Examples: []string{"vote remind 3"},
				Run: withVote(0, runVoteRemind)},
			{Name: "policy", Synopsis: "[facilitators|members | quorum <n|share|off>]", Help: "Shows or sets who may open votes in this room, or the quorum its votes need when they name none.",
				Examples: []string{"vote policy facilitators", "vote policy quorum 50%"}, ShowsWithoutArgs: true,
				Guard: commands.Guard{Level: commands.FacilitatorLevel, Refusal: func(*commands.Request, []bot.Member) string {
					return "Only the facilitator, room admins or bot admins may change the room's vote policy."
				}}, Run: runVotePolicy},
		},
		Run: func(context.Context, *commands.Request) (bot.Reply, error) {
			return bot.Reply{}, commands.Usagef("say what to do")
		},
	}
}

var cmdVotes = &commands.Command{
	Name:     "votes",
	Section:  SectionVotes,
	Help:     "Lists the open votes with their ids and closing times.",
	Examples: []string{"votes"},
	Run:      runVotes,
}

// ballotCommand declares a shortcut that casts one option when exactly one vote is open.
func ballotCommand(key, synopsis, help, example string, aliases ...string) *commands.Command {
	return &commands.Command{
		Name: key, Aliases: aliases, Section: SectionVotes, Synopsis: synopsis, Help: help,
		Examples: []string{example}, NeedsIdentity: true, Ballot: true,
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
		return vote.Vote{}, commands.Usagef("%svote %s needs the vote's id, like %svote %s 3", r.Prefix(), r.Command.Name, r.Prefix(), r.Command.Name)
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

func manageRefusal(r *commands.Request, _ []bot.Member) string {
	v, _ := r.Subject.(vote.Vote)
	what := map[string]string{"close": "close it early", "extend": "extend it"}[r.Command.Name]
	if v.LinkKind != "" {
		return fmt.Sprintf("#%d decides about something the room gave: only the facilitator, room admins or bot admins may %s.", v.Number, what)
	}
	return fmt.Sprintf("Only whoever opened #%d (%s), the facilitator, room admins or bot admins may %s.", v.Number, v.OpenedBy.Display(), what)
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

func policyRefusal(r *commands.Request, _ []bot.Member) string {
	return fmt.Sprintf("In this room only the facilitator, room admins or bot admins open votes (%svote policy). Ask one of them to open it.", r.Prefix())
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
		return bot.Reply{}, commands.Usagef("start with a vote id or one of new, show, close, extend, remind, policy (not “%s”)", phrase.Clip(words[0], 30))
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
		hint := swappedHint(open, n, second, r.Prefix())
		if err == nil {
			return bot.Reply{}, commands.Userf("%s%s", closedAnswer(r, v).Error(), hint)
		}
		if hint == "" {
			hint = " " + openVotesHint(ctx, r)
		}
		return bot.Reply{}, commands.Userf("There is no vote #%d in this room.%s", n, hint)
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
		return vote.Vote{}, commands.Userf("“%s” is not a vote id: ids are numbers, like 3 or #3. %s", phrase.Clip(typed, 30), openVotesHint(ctx, r))
	}
	v, err := ByNumber(ctx, r.Tx, r.Room, n)
	if errors.Is(err, vote.ErrNotFound) {
		return v, commands.Userf("There is no vote #%d in this room. %s", n, openVotesHint(ctx, r))
	}
	return v, err
}

// openVotesHint names the open votes, for answers to a wrong id.
func openVotesHint(ctx context.Context, r *commands.Request) string {
	open, err := openVotes(ctx, r.Tx, r.Room)
	if err != nil || len(open) == 0 {
		return fmt.Sprintf("No vote is open; %svotes lists them when there are.", r.Config.CommandPrefix)
	}
	return "Open: " + voteRefs(open) + "."
}

// voteRefs lists votes briefly: #1 “Buy a projector?”, #2 “Which evening?”.
func voteRefs(vs []vote.Vote) string {
	refs := make([]string, len(vs))
	for i, v := range vs {
		refs[i] = fmt.Sprintf("#%d “%s”", v.Number, phrase.Clip(v.Question, 60))
	}
	return strings.Join(refs, ", ")
}
