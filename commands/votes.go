package commands

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"folkmoot/bot"
	"folkmoot/store"
	"folkmoot/timeparse"
	"folkmoot/vote"
)

// Timed votes: consensus (agree, stand aside, object, block), majority and choice votes
// that close on time through the scheduler, with native polls where the transport has them.
// votes_new.go opens them, votes_cast.go takes ballots, votes_close.go closes and reminds,
// votes_show.go shows them.

// SectionVotes is the help section of the vote commands.
const SectionVotes = "Votes"

// Scheduled job kinds of votes.
const (
	jobVoteClose = "vote.close"
	jobVoteSoon  = "vote.soon"
)

// voteFlags are !vote new's options (declared apart: runVote reads them, and cmdVote runs it).
var voteFlags = []Flag{
	{Name: "closes", Help: "when it closes: 48h, fri 18:00, 2026-12-05 18:30 (default: in 48 hours)."},
	{Name: "kind", Help: "consensus (agree/aside/object/block), majority (yes/no/abstain) or choice."},
	{Name: "options", Help: `a choice vote's 2-20 options, "a|b|c".`},
	{Name: "max", Help: "how many options one ballot may pick in a choice vote (default 1)."},
	{Name: "quorum", Help: "how many must vote for a decision: a number (5) or a share of the members (40%)."},
	{Name: "secret", Bool: true, Help: "the bot never shows who chose what - not in the room, its logs or to admins - " +
		"and shows no count until the close. Its database does hold each ballot, to count it, and your own message or poll answer is visible to the room."},
	{Name: "hide-results", Bool: true, Help: "no count until the close."},
}

var cmdVote = &Command{
	Name:     "vote",
	Section:  SectionVotes,
	Synopsis: `new "<question>" [options] | <id> <option> [reason] | show|close|remind <id> | extend <id> <when> | policy [facilitators|members]`,
	Help: "Opens a vote (consensus by default, closing in 48 h), casts or changes your ballot (the last one counts), " +
		"shows, closes early, extends or reminds about one. Closing and extending are for the opener and the facilitator-level.",
	Examples: []string{
		`vote new "Buy a projector for the hall?" --closes fri 18:00`,
		`vote new "Which evening?" --kind choice --options "mon|wed|thu" --max 2`,
		"vote 3 object too expensive for now", "vote show 3", "vote extend 3 sun 20:00",
	},
	Flags: voteFlags,
	Who:   "anyone (unless !vote policy says facilitators) to open and vote; opener or facilitator-level to close or extend; facilitator-level for policy",
	Run:   runVote,
}

var cmdVotes = &Command{
	Name:     "votes",
	Section:  SectionVotes,
	Help:     "Lists the open votes with their ids and closing times.",
	Examples: []string{"votes"},
	Run:      runVotes,
}

// ballotCommand declares a shortcut that casts one option when exactly one vote is open.
func ballotCommand(key, synopsis, help, example string, aliases ...string) *Command {
	return &Command{
		Name: key, Aliases: aliases, Section: SectionVotes, Synopsis: synopsis, Help: help,
		Examples: []string{example}, NeedsIdentity: true, Ballot: true,
		Run: func(ctx context.Context, r *Request) (bot.Reply, error) { return runBallotShortcut(ctx, r, key) },
	}
}

var (
	cmdAgree = ballotCommand(vote.Agree, "[reason]", "Agrees with the open consensus vote.", "agree")
	cmdAside = ballotCommand(vote.Aside, "[reason]", "Stands aside in the open consensus vote: you won't stop it, but won't take part.",
		"aside I'm away that month", "standaside")
	cmdObject = ballotCommand(vote.Object, "[reason]", "Objects in the open consensus vote (it still passes if more agree than object).",
		"object too expensive for now")
	cmdBlock = ballotCommand(vote.Block, "<reason>", "Blocks the open consensus vote: one block stops it, so a reason is required.",
		"block the hall is booked every Friday")
	cmdYes     = ballotCommand(vote.Yes, "[reason]", "Votes yes in the open majority vote.", "yes")
	cmdNo      = ballotCommand(vote.No, "[reason]", "Votes no in the open majority vote.", "no")
	cmdAbstain = ballotCommand(vote.Abstain, "[reason]", "Abstains in the open majority vote (counts for the quorum, not for yes or no).", "abstain")
)

func voteCommands() []*Command {
	return []*Command{cmdVote, cmdVotes, cmdAgree, cmdAside, cmdObject, cmdBlock, cmdYes, cmdNo, cmdAbstain}
}

func voteJobKinds() []JobKind {
	return []JobKind{
		// A vote must close however late: after an outage it closes at start, with a note.
		{Name: jobVoteClose, AlwaysFire: true, Run: runVoteCloseJob},
		// A late notice still helps while the vote is open; the handler skips it otherwise.
		{Name: jobVoteSoon, AlwaysFire: true, Run: runVoteSoonJob},
	}
}

// runVote routes !vote to its subcommands; a number first means a ballot (or, alone, show).
func runVote(ctx context.Context, r *Request) (bot.Reply, error) {
	if len(r.Args.Words) == 0 {
		return bot.Reply{}, Usagef("say what to do")
	}
	sub := strings.ToLower(r.Args.Words[0])
	if sub != "new" && len(r.Args.Flags) > 0 {
		return bot.Reply{}, Usagef("options like --closes only go with %svote new", r.Config.CommandPrefix)
	}
	switch sub {
	case "new", "open":
		return runVoteNew(ctx, r)
	case "policy":
		return runVotePolicy(ctx, r)
	case "list":
		return runVotes(ctx, r)
	case "show", "close", "extend", "remind":
		if len(r.Args.Words) < 2 {
			return bot.Reply{}, Usagef("%svote %s needs the vote's id, like %svote %s 3", r.Config.CommandPrefix, sub, r.Config.CommandPrefix, sub)
		}
		v, err := findVote(ctx, r, r.Args.Words[1])
		if err != nil {
			return bot.Reply{}, err
		}
		return map[string]func(context.Context, *Request, store.Vote) (bot.Reply, error){
			"show": runVoteShow, "close": runVoteClose, "extend": runVoteExtend, "remind": runVoteRemind,
		}[sub](ctx, r, v)
	}
	if _, ok := parseVoteNumber(r.Args.Words[0]); !ok {
		// The problem must not start with a quote: usageText capitalises its first byte.
		return bot.Reply{}, Usagef("start with a vote id or one of new, show, close, extend, remind, policy (not “%s”)", clip(r.Args.Words[0], 30))
	}
	v, err := findVote(ctx, r, r.Args.Words[0])
	if err != nil {
		return bot.Reply{}, err
	}
	if len(r.Args.Words) == 1 {
		return runVoteShow(ctx, r, v)
	}
	return runVoteCast(ctx, r, v)
}

// parseVoteNumber reads a vote id as typed: "3" or "#3".
func parseVoteNumber(s string) (int, bool) {
	n, err := strconv.Atoi(strings.TrimPrefix(strings.TrimSpace(s), "#"))
	return n, err == nil && n > 0
}

// findVote loads the room's vote with the id typed, or answers that there is none.
func findVote(ctx context.Context, r *Request, typed string) (store.Vote, error) {
	n, ok := parseVoteNumber(typed)
	if !ok {
		return store.Vote{}, Userf("“%s” is not a vote id: ids are numbers, like 3 or #3. %s", clip(typed, 30), openVotesHint(ctx, r))
	}
	v, err := store.VoteByNumber(ctx, r.DB, r.Room, n)
	if errors.Is(err, store.ErrNoVote) {
		return v, Userf("There is no vote #%d in this room. %s", n, openVotesHint(ctx, r))
	}
	return v, err
}

// openVotesHint names the open votes, for answers to a wrong id.
func openVotesHint(ctx context.Context, r *Request) string {
	open, err := store.OpenVotes(ctx, r.DB, r.Room)
	if err != nil || len(open) == 0 {
		return fmt.Sprintf("No vote is open; %svotes lists them when there are.", r.Config.CommandPrefix)
	}
	return "Open: " + voteRefs(open) + "."
}

// voteRefs lists votes briefly: #1 “Buy a projector?”, #2 “Which evening?”.
func voteRefs(vs []store.Vote) string {
	refs := make([]string, len(vs))
	for i, v := range vs {
		refs[i] = fmt.Sprintf("#%d “%s”", v.Number, clip(v.Question, 60))
	}
	return strings.Join(refs, ", ")
}

// voteTitle names a vote in text: Vote #3 “Buy a projector?”.
func voteTitle(v store.Vote) string { return fmt.Sprintf("Vote #%d “%s”", v.Number, v.Question) }

// mayManage reports whether the sender may close or extend a vote: its opener, or anyone
// facilitator-level.
func mayManage(ctx context.Context, r *Request, v store.Vote) (bool, error) {
	if !r.Sender.Anonymous && r.Sender.ID == v.OpenedBy.ID {
		return true, nil
	}
	ok, _, err := IsFacilitatorLevel(ctx, r.Env, r.Transport, r.Room, r.Sender)
	return ok, err
}

// identityRefusal is the dispatcher's NeedsIdentity answer, for subcommands that need one.
func identityRefusal(r *Request) error {
	return Userf("%s: I can't see your real address in this room, so you can talk but not vote, hold a role, "+
		"or take a task or mandate. A room owner can make the room non-anonymous or give me moderator rights.", r.Sender.Display())
}

// roomSafe turns the parsers' room-safe errors into UserErrors; others pass unchanged.
func roomSafe(err error) error {
	var ve *vote.Error
	var te *timeparse.Error
	if errors.As(err, &ve) || errors.As(err, &te) {
		return &UserError{Msg: err.Error()}
	}
	return err
}
