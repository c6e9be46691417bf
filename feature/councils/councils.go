// Package councils links assemblies into councils, with both sides' consent: a council
// invites a room (!council invite), the assembly accepts (!council join), either side may
// leave. A council may itself be an assembly of a wider council, never in a loop. Across a
// link go the assembly's decisions (its closed votes, dissent and blocks with them; a secret
// vote's counts only) and its mandates up to the council, and the council's decisions down
// to its assemblies, each naming where it comes from, in the receiving room's language. Rooms may be on
// different networks: the one folkmoot process sits in both.
package councils

import (
	"context"
	"database/sql"
	"embed"
	"slices"
	"strings"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/facts"
	"folkmoot/feature"
	"folkmoot/hooks"
	"folkmoot/phrase"
	"folkmoot/store"
	"folkmoot/vote"
	"folkmoot/words"
)

// wording is what councils says, its commands' help among it, in every shipped language.
//
//go:embed lang/*.yaml
var wording embed.FS

func init() { words.Add(wording) }

// migrations are this feature's schema steps, numbered in the store's one sequence.
//
//go:embed migrations/*.sql
var migrations embed.FS

// Section is the help section of the council commands.
const Section = "Councils"

// Feature is councils of assemblies. Give Links to the votes feature, so that an assembly's
// decisions reach its councils.
func Feature() feature.Feature {
	facilitator := commands.Guard{Level: commands.FacilitatorLevel}
	return feature.Feature{
		Name:       "councils",
		Migrations: migrations,
		Commands: []*commands.Command{{
			Name:    "council",
			Section: Section,
			Subcommands: []*commands.Command{
				{Name: "invite", Guard: facilitator, NeedsIdentity: true, Run: runInvite},
				{Name: "join", Guard: facilitator, NeedsIdentity: true, Run: runJoin},
				{Name: "leave", Guard: facilitator, NeedsIdentity: true, Run: runLeave},
			},
			Run: runShow,
		}},
	}
}

// Links are what the votes feature does when any vote closes: the assembly's councils hear
// its decision.
func Links(env *commands.Env) map[string]hooks.LinkHandler {
	return map[string]hooks.LinkHandler{hooks.EveryVote: func(ctx context.Context, tx *sql.Tx, c hooks.VoteClosed) error {
		return mirrorDecision(ctx, env, tx, c)
	}}
}

// Teller tells an assembly's councils something, each in its own language: what the
// mandates feature says when it gives or ends a mandate.
func Teller(env *commands.Env) hooks.TellRooms {
	return func(ctx context.Context, tx *sql.Tx, assembly bot.Room, say func(l *words.Lang, council bot.Room) string) error {
		councils, err := Councils(ctx, tx, assembly)
		if err != nil {
			return err
		}
		return tellRooms(ctx, env, tx, councils, say)
	}
}

// LinkedTeller tells every room linked to a room, its councils and its assemblies, something
// in each one's language: what the meetings feature says when a meeting ends.
func LinkedTeller(env *commands.Env) hooks.TellRooms {
	return func(ctx context.Context, tx *sql.Tx, room bot.Room, say func(l *words.Lang, to bot.Room) string) error {
		up, err := Councils(ctx, tx, room)
		if err != nil {
			return err
		}
		down, err := Assemblies(ctx, tx, room)
		if err != nil {
			return err
		}
		return tellRooms(ctx, env, tx, append(up, down...), say)
	}
}

// tellRooms puts what say words for each room in its outbox.
func tellRooms(ctx context.Context, env *commands.Env, tx *sql.Tx, rooms []bot.Room, say func(l *words.Lang, to bot.Room) string) error {
	for _, room := range rooms {
		if err := store.PutReply(ctx, tx, room, bot.Notice(say(env.RoomLang(ctx, tx, room), room))); err != nil {
			return err
		}
	}
	return nil
}

// mirrorDecision tells the decision of a vote to each council of its room and, when its room
// is a council, to each of its assemblies: in each room's language, naming where it was
// decided. A secret vote's result is its counts alone.
func mirrorDecision(ctx context.Context, env *commands.Env, tx *sql.Tx, c hooks.VoteClosed) error {
	up, err := Councils(ctx, tx, c.Room)
	if err != nil {
		return err
	}
	down, err := Assemblies(ctx, tx, c.Room)
	if err != nil {
		return err
	}
	tell := func(rooms []bot.Room, from string) error {
		for _, room := range rooms {
			l := env.RoomLang(ctx, tx, room)
			text := l.Say(from, "Room", roomName(c.Room)) + "\n" + vote.ResultText(l, c.Vote, c.Tally)
			if err := store.PutReply(ctx, tx, room, bot.Notice(text)); err != nil {
				return err
			}
		}
		return nil
	}
	if err := tell(up, "councils.mirror.from_assembly"); err != nil {
		return err
	}
	return tell(down, "councils.mirror.from_council")
}

// roomName is how a room is named to the other side of a link.
func roomName(room bot.Room) string { return bot.Inert(room.ID) }

// otherRoom reads the room the arguments name, or answers how to name one.
func otherRoom(r *commands.Request) (bot.Room, error) {
	l := r.Lang
	if len(r.Args.Words) != 1 {
		return bot.Room{}, commands.Usagef("%s", l.Say("councils.which_room"))
	}
	typed := r.Args.Words[0]
	room, ok := bot.ParseRoomAddress(typed)
	if strings.HasPrefix(typed, "#") || (room.Protocol == bot.Matrix && strings.HasPrefix(room.ID, "#")) {
		return bot.Room{}, commands.Userf("%s", l.Say("councils.alias", "Typed", phrase.Clip(bot.Inert(typed), 60)))
	}
	if !ok {
		return bot.Room{}, commands.Usagef("%s", l.Say("councils.which_room"))
	}
	if room == r.Room {
		return bot.Room{}, commands.Userf("%s", l.Say("councils.itself"))
	}
	return room, nil
}

// known reports whether folkmoot has heard anyone in a room: only such a room can be linked.
func known(ctx context.Context, q store.Querier, room bot.Room) (bool, error) {
	members, err := facts.RoomMembers(ctx, q, room)
	return len(members) > 0, err
}

// above lists every council a room reaches by going up its links, the room first.
func above(ctx context.Context, q store.Querier, room bot.Room) ([]bot.Room, error) {
	seen := []bot.Room{room}
	for i := 0; i < len(seen) && i < 1000; i++ {
		up, err := Councils(ctx, q, seen[i])
		if err != nil {
			return nil, err
		}
		for _, c := range up {
			if !slices.Contains(seen, c) {
				seen = append(seen, c)
			}
		}
	}
	return seen, nil
}

// runInvite: in a council, a facilitator invites an assembly room.
func runInvite(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	l := r.Lang
	assembly, err := otherRoom(r)
	if err != nil {
		return bot.Reply{}, err
	}
	if ok, err := known(ctx, r.Tx, assembly); err != nil || !ok {
		if err == nil {
			err = commands.Userf("%s", l.Say("councils.invite.unknown", "Room", roomName(assembly)))
		}
		return bot.Reply{}, err
	}
	if existing, ok, err := linkBetween(ctx, r.Tx, r.Room, assembly); err != nil || ok {
		if err == nil {
			err = commands.Userf("%s", l.Say("councils.invite.already_"+existing.State, "Room", roomName(assembly)))
		}
		return bot.Reply{}, err
	}
	// The assembly must not already be above this council: a council of its own council.
	up, err := above(ctx, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	if slices.Contains(up, assembly) {
		return bot.Reply{}, commands.Userf("%s", l.Say("councils.invite.loop", "Room", roomName(assembly)))
	}
	err = store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		if err := invite(ctx, tx, r.Room, assembly, r.Sender.ID, r.At); err != nil {
			return err
		}
		la := r.Env.RoomLang(ctx, tx, assembly)
		return store.PutReply(ctx, tx, assembly, bot.Notice(la.Say("councils.invite.told", "Council", roomName(r.Room),
			"Command", r.Prefix()+"council join "+r.Room.ID)))
	})
	if err != nil {
		return bot.Reply{}, err
	}
	return bot.Text(l.Say("councils.invite.done", "Room", roomName(assembly), "Command", r.Prefix()+"council join "+r.Room.ID)), nil
}

// runJoin: in an assembly, a facilitator accepts a council's invitation.
func runJoin(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	l := r.Lang
	council, err := otherRoom(r)
	if err != nil {
		return bot.Reply{}, err
	}
	existing, ok, err := linkBetween(ctx, r.Tx, council, r.Room)
	switch {
	case err != nil:
		return bot.Reply{}, err
	case !ok:
		return bot.Reply{}, commands.Userf("%s", l.Say("councils.join.not_invited", "Council", roomName(council), "Command", r.Prefix()+"council invite "+r.Room.ID))
	case existing.State == linked:
		return bot.Reply{}, commands.Userf("%s", l.Say("councils.join.already", "Council", roomName(council)))
	}
	// The council may have become an assembly of this room since it invited: no loops.
	up, err := above(ctx, r.Tx, council)
	if err != nil {
		return bot.Reply{}, err
	}
	if slices.Contains(up, r.Room) {
		return bot.Reply{}, commands.Userf("%s", l.Say("councils.invite.loop", "Room", roomName(council)))
	}
	err = store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		if _, err := join(ctx, tx, council, r.Room, r.Sender.ID, r.At); err != nil {
			return err
		}
		lc := r.Env.RoomLang(ctx, tx, council)
		return store.PutReply(ctx, tx, council, bot.Notice(lc.Say("councils.join.told", "Assembly", roomName(r.Room))))
	})
	if err != nil {
		return bot.Reply{}, err
	}
	return bot.Text(l.Say("councils.join.done", "Council", roomName(council))), nil
}

// runLeave ends a link from either side; both rooms are told.
func runLeave(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	l := r.Lang
	other, err := otherRoom(r)
	if err != nil {
		return bot.Reply{}, err
	}
	council, assembly := r.Room, other
	if _, ok, err := linkBetween(ctx, r.Tx, council, assembly); err != nil {
		return bot.Reply{}, err
	} else if !ok {
		council, assembly = other, r.Room
		if _, ok, err := linkBetween(ctx, r.Tx, council, assembly); err != nil || !ok {
			if err == nil {
				err = commands.Userf("%s", l.Say("councils.leave.not_linked", "Room", roomName(other), "Command", r.Prefix()+"council"))
			}
			return bot.Reply{}, err
		}
	}
	err = store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		if err := unlink(ctx, tx, council, assembly); err != nil {
			return err
		}
		lo := r.Env.RoomLang(ctx, tx, other)
		return store.PutReply(ctx, tx, other, bot.Notice(lo.Say("councils.leave.told", "Room", roomName(r.Room), "By", r.Sender.Display())))
	})
	if err != nil {
		return bot.Reply{}, err
	}
	return bot.Text(l.Say("councils.leave.done", "Room", roomName(other))), nil
}

// runShow lists the room's links: the councils it belongs to, and its assemblies.
func runShow(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	l := r.Lang
	if len(r.Args.Words) > 0 {
		return bot.Reply{}, commands.Usagef("%s", l.Say("councils.usage"))
	}
	all, err := links(ctx, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	if len(all) == 0 {
		return bot.Text(l.Say("councils.show.none", "Invite", r.Prefix()+"council invite", "Join", r.Prefix()+"council join")), nil
	}
	var lines []string
	for _, k := range all {
		switch {
		case k.Council == r.Room && k.State == linked:
			lines = append(lines, l.Say("councils.show.assembly", "Room", roomName(k.Assembly)))
		case k.Council == r.Room:
			lines = append(lines, l.Say("councils.show.invited", "Room", roomName(k.Assembly)))
		case k.State == linked:
			lines = append(lines, l.Say("councils.show.council", "Room", roomName(k.Council)))
		default:
			lines = append(lines, l.Say("councils.show.invited_by", "Room", roomName(k.Council), "Command", r.Prefix()+"council join "+k.Council.ID))
		}
	}
	return bot.Text(l.Say("councils.show.title") + "\n" + strings.Join(lines, "\n")), nil
}
