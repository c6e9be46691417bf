package votes

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/facts"
	"folkmoot/hooks"
	"folkmoot/store"
	"folkmoot/timeparse"
	"folkmoot/vote"
	"folkmoot/words"
)

// A council's votes: `--assemblies` asks every linked assembly the same question, each under
// its own rules, and counts each assembly's result as one voice; `--delegates` lets only the
// standing delegates toward the council vote, while their mandates stand.

// linkCouncilVote links an assembly's vote to the council's vote of assemblies it answers;
// its ID is the council vote's database ID.
const linkCouncilVote = "council-vote"

// Hooks are what votes reads of councils and mandates; each may be nil (no council votes).
type Hooks struct {
	// Links are what closing a linked vote does, by link kind.
	Links Links
	// Assemblies lists the assemblies linked to a council.
	Assemblies func(ctx context.Context, q store.Querier, council bot.Room) ([]bot.Room, error)
	// Delegates lists the standing delegates toward a council, from every assembly.
	Delegates func(ctx context.Context, q store.Querier, council bot.Room) ([]bot.Member, error)
}

// readBody reads who votes from --assemblies and --delegates.
func readBody(r *commands.Request, secret bool) (vote.Body, error) {
	l := r.Lang
	switch assemblies, delegates := r.Args.Has("assemblies"), r.Args.Has("delegates"); {
	case assemblies && delegates:
		return "", commands.Userf("%s", l.Say("votes.body.both"))
	case assemblies:
		return vote.Assemblies, nil
	case delegates && secret:
		// A delegate answers to the assembly that sent them: a secret ballot would hide
		// from it what its recall depends on.
		return "", commands.Userf("%s", l.Say("votes.delegates.secret"))
	case delegates:
		return vote.Delegates, nil
	}
	return vote.Members, nil
}

// electorate is who may vote in a new vote of the request's room: its members, its linked
// assemblies (a room's key is its ID in the count) or its standing delegates. A council
// without any is answered with what to do instead.
func (f *votesFeature) electorate(ctx context.Context, r *commands.Request, body vote.Body) ([]bot.Member, error) {
	l := r.Lang
	switch body {
	case vote.Assemblies:
		var rooms []bot.Room
		if f.hooks.Assemblies != nil {
			var err error
			if rooms, err = f.hooks.Assemblies(ctx, r.Tx, r.Room); err != nil {
				return nil, err
			}
		}
		if len(rooms) == 0 {
			return nil, commands.Userf("%s", l.Say("votes.assemblies.none", "Command", r.Prefix()+"council invite"))
		}
		out := make([]bot.Member, len(rooms))
		for i, room := range rooms {
			out[i] = assemblyVoter(room)
		}
		return out, nil
	case vote.Delegates:
		var delegates []bot.Member
		if f.hooks.Delegates != nil {
			var err error
			if delegates, err = f.hooks.Delegates(ctx, r.Tx, r.Room); err != nil {
				return nil, err
			}
		}
		if len(delegates) == 0 {
			return nil, commands.Userf("%s", l.Say("votes.delegates.none", "Command", r.Prefix()+"delegates"))
		}
		return delegates, nil
	}
	return facts.Electorate(ctx, r.Tx, r.Transport, r.Room)
}

// assemblyVoter is an assembly as a voter in its council's vote.
func assemblyVoter(room bot.Room) bot.Member { return bot.Member{ID: room.Key(), Name: room.ID} }

// askAssemblies opens, inside tx, the council vote's question in each of its assemblies under
// the assembly's own rules (its default kind and quorum; a choice keeps the council's
// options), closing with the council's vote, and tells each room why. secret makes the
// assemblies' ballots secret; the council counts only their results.
func askAssemblies(ctx context.Context, env *commands.Env, tx *sql.Tx, council vote.Vote, assemblies []bot.Member, secret bool, now time.Time) error {
	for _, a := range assemblies {
		room, ok := bot.ParseRoomKey(a.ID)
		if !ok {
			return fmt.Errorf("vote of assemblies %d: bad room key %q", council.ID, a.ID)
		}
		la, loc := env.RoomLang(ctx, tx, room), env.Location(ctx, tx, room)
		rules := vote.Rules{Secret: secret}
		if council.Rules.Kind == vote.Choice {
			rules.Kind, rules.Options, rules.MaxChoices = vote.Choice, council.Rules.Options, council.Rules.MaxChoices
		}
		spec, err := roomQuorum(ctx, tx, room)
		if err != nil {
			return err
		}
		if spec != "" {
			if rules.Quorum, err = vote.ParseQuorum(la, spec); err != nil {
				return err
			}
		}
		lv := hooks.LinkedVote{Room: room, Opener: council.OpenedBy, Question: council.Question, Rules: rules,
			Link: hooks.VoteLink{Kind: linkCouncilVote, ID: strconv.FormatInt(council.ID, 10)}}
		_, text, err := openLinked(ctx, env, tx, lv, council.ClosesAt, now)
		if err != nil {
			return err
		}
		asked := la.Say("votes.assemblies.asked", "Council", bot.Inert(council.Room.ID), "Ref", council.Ref(),
			"Closes", timeparse.Format(la, council.ClosesAt, now, loc))
		if err := store.PutReply(ctx, tx, room, bot.Notice(asked+"\n"+text)); err != nil {
			return err
		}
	}
	return nil
}

// bodyLine says in the announcement of a council's vote who votes in it.
func bodyLine(l *words.Lang, body vote.Body, electorate []bot.Member) string {
	names := make([]string, len(electorate))
	for i, m := range electorate {
		names[i] = m.Display()
	}
	switch body {
	case vote.Assemblies:
		return l.Count("votes.assemblies.opened", len(names), "Assemblies", strings.Join(names, l.Say("phrase.list.comma")))
	case vote.Delegates:
		return l.Count("votes.delegates.opened", len(names), "Delegates", strings.Join(names, l.Say("phrase.list.comma")))
	}
	return ""
}

// refuseBallot answers a ballot typed in a council on a vote its members do not vote in: a
// vote of assemblies (each decides in its own room), or a vote of delegates from someone who
// is not a standing delegate. nil when the ballot may be cast.
func refuseBallot(ctx context.Context, r *commands.Request, v vote.Vote) error {
	l := r.Lang
	switch v.Body {
	case vote.Assemblies:
		return commands.Userf("%s", l.Say("votes.assemblies.no_ballot", "Ref", v.Ref()))
	case vote.Delegates:
		electorate, err := storedElectorate(ctx, r.Tx, v.ID)
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(electorate, func(m bot.Member) bool { return m.ID == r.Sender.ID }) {
			return commands.Userf("%s", l.Say("votes.delegates.not_standing", "Ref", v.Ref(), "Command", r.Prefix()+"delegates"))
		}
	}
	return nil
}

// assemblyDecided is the link handler of an assembly's vote asked by its council: the
// assembly's result becomes its voice in the council's vote, with its dissent as the reason.
// A result that decided nothing gives no voice, and one that comes after the council's vote
// closed is not counted (the council still hears it, as every decision).
func assemblyDecided(ctx context.Context, env *commands.Env, tx *sql.Tx, c hooks.VoteClosed) error {
	id, err := strconv.ParseInt(c.Link.ID, 10, 64)
	if err != nil {
		return fmt.Errorf("assembly vote %d: bad council vote %q", c.Vote.ID, c.Link.ID)
	}
	council, err := ByID(ctx, tx, id)
	if errors.Is(err, vote.ErrNotFound) || (err == nil && !council.Open()) {
		return nil
	}
	if err != nil {
		return err
	}
	choices, ok := vote.AssemblyVoice(council.Rules, c.Tally.Outcome, c.Tally.Winners)
	if !ok {
		return nil
	}
	reason := ""
	if !c.Vote.Rules.Secret {
		reason, _ = vote.CleanReason(dissent(env.RoomLang(ctx, tx, council.Room), c.Tally))
	}
	b := assemblyVoter(c.Room)
	return recordVoice(ctx, tx, council.ID, vote.Ballot{Member: b.ID, Name: b.Name, Choices: choices, Reason: reason, At: c.At}, "assembly")
}

// dissent words an assembly's blocks and objections, with their reasons, as one line: what
// its voice in the council carries.
func dissent(l *words.Lang, res vote.Result) string {
	var parts []string
	for _, key := range []string{vote.Block, vote.Object} {
		for _, b := range res.Ballots {
			if !slices.Contains(b.Choices, key) {
				continue
			}
			if b.Reason == "" {
				parts = append(parts, b.Display())
			} else {
				parts = append(parts, l.Say("votes.assemblies.dissent", "Name", b.Display(), "Reason", b.Reason))
			}
		}
	}
	return strings.Join(parts, "; ")
}

// closeDueAssemblyVotes closes, before a council's vote of assemblies is counted, the
// assemblies' votes due by then: they close at the same time, and whichever job fires first,
// each result must reach the count.
func (f *votesFeature) closeDueAssemblyVotes(ctx context.Context, env *commands.Env, tx *sql.Tx, council vote.Vote, at time.Time) error {
	asked, err := manyVotes(ctx, tx, votesLinked, linkCouncilVote, strconv.FormatInt(council.ID, 10))
	if err != nil {
		return err
	}
	for _, v := range asked {
		if !v.Open() || v.ClosesAt.After(at) {
			continue
		}
		live := facts.Live(ctx, env.TransportFor(v.Room), v.Room)
		if _, err := f.closeVote(ctx, env, tx, v, at, live, "", true); err != nil {
			return err
		}
	}
	return nil
}

// DelegateStanding is what the mandates feature calls, inside its transaction, when a
// delegate's standing toward a council begins (a mandate given) or ends (ended, expired,
// recalled): the council's open votes of delegates take them in, or drop them and their
// ballot, at once.
func DelegateStanding(ctx context.Context, tx *sql.Tx, council bot.Room, delegate bot.Member, standing bool, at time.Time) error {
	open, err := openVotes(ctx, tx, council)
	if err != nil {
		return err
	}
	for _, v := range open {
		if v.Body != vote.Delegates {
			continue
		}
		if standing {
			if _, err := tx.ExecContext(ctx, electorateInsert, v.ID, delegate.ID, delegate.Name); err != nil {
				return fmt.Errorf("delegate takes standing: %w", err)
			}
			continue
		}
		if _, err := tx.ExecContext(ctx, electorateDelete, v.ID, delegate.ID); err != nil {
			return fmt.Errorf("delegate loses standing: %w", err)
		}
		// A withdrawn ballot (no choices) counts as not voting; the ballot stays in the history.
		if err := recordVoice(ctx, tx, v.ID, vote.Ballot{Member: delegate.ID, Name: delegate.Name, At: at}, "mandate"); err != nil {
			return err
		}
	}
	return nil
}
