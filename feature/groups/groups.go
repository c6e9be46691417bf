// Package groups lets members declare the groups they belong to (women, renters, youth…): the
// room defines which groups exist, and only a member declares or leaves their own membership.
// A group shows as a count; a member may choose to show their own membership, never anyone
// else's. Members is what parity in rotation reads.
package groups

import (
	"context"
	"database/sql"
	"embed"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/cases"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/facts"
	"folkmoot/feature"
	"folkmoot/phrase"
	"folkmoot/store"
	"folkmoot/words"
)

// wording is what groups says, its commands' help among it, in every shipped language.
//
//go:embed lang/*.yaml
var wording embed.FS

func init() { words.Add(wording) }

// migrations are this feature's schema steps, numbered in the store's one sequence.
//
//go:embed migrations/*.sql
var migrations embed.FS

// SectionGroups is the help section of the group commands.
const SectionGroups = "Groups"

// Limits of groups.
const (
	maxGroupName = 40
	maxGroups    = 50
)

// Feature is members' groups.
func Feature() feature.Feature {
	facilitator := commands.Guard{Level: commands.FacilitatorLevel}
	shown := []commands.Flag{{Name: "shown", Bool: true}}
	return feature.Feature{
		Name:         "groups",
		PersonalData: personalData,
		Migrations:   migrations,
		Rules:        rules,
		Commands: []*commands.Command{{
			Name:    "group",
			Section: SectionGroups,
			Flags:   shown,
			Subcommands: []*commands.Command{
				{Name: "add", Guard: facilitator, Rules: []string{ruleGroups}, Run: runAdd},
				{Name: "remove", Guard: facilitator, Rules: []string{ruleGroups}, Run: runRemove},
				{Name: "join", NeedsIdentity: true, Flags: shown, Run: runJoin},
				{Name: "leave", NeedsIdentity: true, Run: runLeave},
				{Name: "show", NeedsIdentity: true, Run: runShown(true)},
				{Name: "hide", NeedsIdentity: true, Run: runShown(false)},
			},
			Run: runList,
		}, {
			Name:    "groups",
			Section: SectionGroups,
			Run:     runList,
		}},
	}
}

// Group is one of a room's groups as the room sees it.
type Group struct {
	Key, Name string
	Count     int      // members in it
	Shown     []string // members who show their membership
}

// Key is how a group's name is found: without case, accents or repeated spaces.
func Key(name string) string {
	return cases.Fold().String(strings.Join(strings.Fields(words.WithoutMarks(name)), " "))
}

// Members is who is in the group a name finds, with the group's name as the room writes it,
// for parity in rotation; an unknown group is a room-safe answer in l listing the room's.
func Members(ctx context.Context, q store.Querier, l *words.Lang, prefix string, room bot.Room, typed string) (string, []string, error) {
	g, err := find(ctx, q, l, prefix, room, typed)
	if err != nil {
		return "", nil, err
	}
	ids, err := memberIDs(ctx, q, room, g.Key)
	return g.Name, ids, err
}

// Public is who is in the group a name finds and, of them, who shows it, for a draw from the
// group or with parity: only those who show their membership can be drawn as its members,
// since a draw publishes its candidates.
func Public(ctx context.Context, q store.Querier, l *words.Lang, prefix string, room bot.Room, typed string) (name string, members, shown []string, err error) {
	g, err := find(ctx, q, l, prefix, room, typed)
	if err != nil {
		return "", nil, nil, err
	}
	members, err = memberIDs(ctx, q, room, g.Key)
	return g.Name, members, g.Shown, err
}

// find finds a group by name, or answers with the room's groups.
func find(ctx context.Context, q store.Querier, l *words.Lang, prefix string, room bot.Room, typed string) (Group, error) {
	all, err := list(ctx, q, room)
	if err != nil {
		return Group{}, err
	}
	key := Key(typed)
	for _, g := range all {
		if g.Key == key {
			return g, nil
		}
	}
	if len(all) == 0 {
		return Group{}, commands.Userf("%s", l.Say("groups.none", "Command", prefix+"group add"))
	}
	return Group{}, commands.Userf("%s", l.Say("groups.unknown", "Typed", phrase.Clip(typed, 40), "Groups", names(l, all)))
}

// names lists groups by name: "renters, women".
func names(l *words.Lang, gs []Group) string {
	out := make([]string, len(gs))
	for i, g := range gs {
		out[i] = g.Name
	}
	return phrase.List(l, out)
}

// groupName reads the name the arguments give, or answers what is wrong with it.
func groupName(r *commands.Request) (string, error) {
	name := strings.Join(r.Args.Words, " ")
	switch {
	case name == "":
		return "", commands.Usagef("%s", r.Lang.Say("groups.which"))
	case utf8.RuneCountInString(name) > maxGroupName || !bot.Shows(name) || Key(name) == "":
		return "", commands.Userf("%s", r.Lang.Say("groups.name_bad", "Max", maxGroupName))
	}
	return bot.Inert(name), nil
}

func runAdd(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	name, err := groupName(r)
	if err != nil {
		return bot.Reply{}, err
	}
	all, err := list(ctx, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	for _, g := range all {
		if g.Key == Key(name) {
			return bot.Reply{}, commands.Userf("%s", r.Lang.Say("groups.add.exists", "Group", g.Name))
		}
	}
	if len(all) >= maxGroups {
		return bot.Reply{}, commands.Userf("%s", r.Lang.Say("groups.add.too_many", "Max", maxGroups))
	}
	err = store.Step(ctx, r.Tx, func(tx *sql.Tx) error { return addGroup(ctx, tx, r.Room, name, r.Sender.ID, r.At) })
	if err != nil {
		return bot.Reply{}, err
	}
	return bot.Text(r.Lang.Say("groups.add.done", "Group", name, "Join", r.Prefix()+"group join "+name)), nil
}

func runRemove(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	typed, err := groupName(r)
	if err != nil {
		return bot.Reply{}, err
	}
	g, err := find(ctx, r.Tx, r.Lang, r.Prefix(), r.Room, typed)
	if err != nil {
		return bot.Reply{}, err
	}
	err = store.Step(ctx, r.Tx, func(tx *sql.Tx) error { return removeGroup(ctx, tx, r.Room, g.Key) })
	if err != nil {
		return bot.Reply{}, err
	}
	return bot.Text(r.Lang.Count("groups.remove.done", g.Count, "Group", g.Name, "Count", g.Count)), nil
}

func runJoin(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	shown := r.Args.Has("shown")
	g, err := named(ctx, r)
	if err != nil {
		return bot.Reply{}, err
	}
	var joined bool
	err = store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		joined, err = join(ctx, tx, r.Room, g.Key, r.Sender.ID, shown, r.At)
		return err
	})
	if err != nil {
		return bot.Reply{}, err
	}
	if !joined {
		return bot.Text(r.Lang.Say("groups.join.already", "Group", g.Name)), nil
	}
	if shown {
		return bot.Text(r.Lang.Say("groups.join.shown", "Member", r.Sender.Display(), "Group", g.Name)), nil
	}
	return bot.Text(r.Lang.Say("groups.join.hidden", "Group", g.Name, "Show", r.Prefix()+"group show "+g.Name)), nil
}

func runLeave(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	g, err := named(ctx, r)
	if err != nil {
		return bot.Reply{}, err
	}
	var left bool
	err = store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		left, err = leave(ctx, tx, r.Room, g.Key, r.Sender.ID)
		return err
	})
	if err != nil {
		return bot.Reply{}, err
	}
	if !left {
		return bot.Text(r.Lang.Say("groups.leave.not_in", "Group", g.Name)), nil
	}
	return bot.Text(r.Lang.Say("groups.leave.done", "Group", g.Name)), nil
}

// runShown shows or hides the sender's own membership of a group.
func runShown(show bool) func(context.Context, *commands.Request) (bot.Reply, error) {
	return func(ctx context.Context, r *commands.Request) (bot.Reply, error) {
		g, err := named(ctx, r)
		if err != nil {
			return bot.Reply{}, err
		}
		var in bool
		err = store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
			in, err = setShown(ctx, tx, r.Room, g.Key, r.Sender.ID, show)
			return err
		})
		switch {
		case err != nil:
			return bot.Reply{}, err
		case !in:
			return bot.Reply{}, commands.Userf("%s", r.Lang.Say("groups.leave.not_in", "Group", g.Name))
		case show:
			return bot.Text(r.Lang.Say("groups.show.done", "Member", r.Sender.Display(), "Group", g.Name)), nil
		}
		return bot.Text(r.Lang.Say("groups.hide.done", "Group", g.Name)), nil
	}
}

// named finds the group the arguments name.
func named(ctx context.Context, r *commands.Request) (Group, error) {
	typed, err := groupName(r)
	if err != nil {
		return Group{}, err
	}
	return find(ctx, r.Tx, r.Lang, r.Prefix(), r.Room, typed)
}

// runList shows the room's groups with their counts and the members who show themselves; a
// member learns their own memberships privately, where the network allows.
func runList(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	if len(r.Args.Words) > 0 {
		return bot.Reply{}, commands.Usagef("") // a subcommand mistyped: its usage, not the list
	}
	all, err := list(ctx, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	if len(all) == 0 {
		return bot.Text(r.Lang.Say("groups.none", "Command", r.Prefix()+"group add")), nil
	}
	book, err := facts.LoadRoster(ctx, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	lines := []string{r.Lang.Say("groups.list.title")}
	for _, g := range all {
		line := r.Lang.Count("groups.list.line", g.Count, "Group", g.Name, "Count", g.Count)
		if len(g.Shown) > 0 {
			line += " " + r.Lang.Say("groups.list.shown", "Members", book.Names(g.Shown))
		}
		lines = append(lines, line)
	}
	lines = append(lines, r.Lang.Say("groups.list.how", "Join", r.Prefix()+"group join", "Show", r.Prefix()+"group show"))
	if r.CanTell() && !r.Sender.Anonymous {
		mine, err := memberships(ctx, r.Tx, r.Room, r.Sender.ID)
		if err != nil {
			return bot.Reply{}, err
		}
		if len(mine) > 0 {
			r.Tell(bot.Text(r.Lang.Say("groups.list.yours", "Groups", phrase.List(r.Lang, mine))))
		}
	}
	return bot.Text(strings.Join(lines, "\n")), nil
}
