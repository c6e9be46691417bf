package roles

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/facts"
	"folkmoot/rotation"
	"folkmoot/store"
	"folkmoot/timeparse"
	"folkmoot/words"
)

// maxAwayReason keeps an away reason to a line.
const maxAwayReason = 200

// poolRoles reads the roles a !join or !leave names; none, "all" or "every" means every
// role of the room.
func poolRoles(ctx context.Context, r *commands.Request) ([]rotation.Role, bool, error) {
	roles, err := Roles(ctx, r.Tx, r.Room)
	if err != nil {
		return nil, false, err
	}
	if len(roles) == 0 {
		return nil, false, unknownRole(r, roles, "")
	}
	typed := r.Args.Words
	if len(typed) == 0 || (len(typed) == 1 && (strings.EqualFold(typed[0], "all") || strings.EqualFold(typed[0], "every"))) {
		return roles, true, nil
	}
	if len(typed) == 1 && rotation.Means(r.Lang, rotation.DelegateRole, typed[0]) {
		// Delegates hold mandates, never a rotation; their pool is who offers to be drawn
		// (!draw 3 from pool delegate).
		return []rotation.Role{{Name: rotation.DelegateRole}}, false, nil
	}
	which, err := resolveRoles(r, roles, typed)
	return which, false, err
}

func runJoin(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	which, _, err := poolRoles(ctx, r)
	if err != nil {
		return bot.Reply{}, err
	}
	var added, already []string
	err = store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		added, already = nil, nil
		if err := EnsureRoles(ctx, tx, r.Room); err != nil {
			return err
		}
		for _, role := range which {
			ok, err := JoinPool(ctx, tx, r.Room, role.Name, r.Sender.ID, r.At)
			if err != nil {
				return err
			}
			if ok {
				added = append(added, role.Name)
			} else {
				already = append(already, role.Name)
			}
		}
		return nil
	})
	if err != nil {
		return bot.Reply{}, err
	}
	if len(added) == 0 {
		return bot.Text(r.Lang.Say("roles.join.already", "Roles", rotation.RoleNames(r.Lang, already))), nil
	}
	if len(which) == 1 && which[0].Name == rotation.DelegateRole {
		return bot.Text(r.Lang.Say("roles.join.delegate", "Member", r.Sender.Display(), "Command", r.Prefix()+"draw 3 from pool delegate")), nil
	}
	text := r.Lang.Say("roles.join.done", "Member", r.Sender.Display(), "Roles", rotation.RoleNames(r.Lang, added))
	if len(already) > 0 {
		text = r.Lang.Say("roles.join.also", "Joined", text, "Roles", rotation.RoleNames(r.Lang, already))
	}
	return bot.Text(text), nil
}

func runLeave(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	which, _, err := poolRoles(ctx, r)
	if err != nil {
		return bot.Reply{}, err
	}
	var left []string
	err = store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		left = nil
		for _, role := range which {
			ok, err := LeavePool(ctx, tx, r.Room, role.Name, r.Sender.ID, r.At)
			if err != nil {
				return err
			}
			if ok {
				left = append(left, role.Name)
			}
		}
		return nil
	})
	if err != nil {
		return bot.Reply{}, err
	}
	if len(left) == 0 {
		return bot.Text(r.Lang.Say("roles.leave.not_in", "Roles", roleNames(r.Lang, which))), nil
	}
	text := r.Lang.Say("roles.leave.done", "Member", r.Sender.Display(), "Roles", rotation.RoleNames(r.Lang, left))
	terms, err := CurrentTerms(ctx, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	var holding []string
	for _, t := range terms {
		if t.Member == r.Sender.ID && slices.Contains(left, t.Role) {
			holding = append(holding, t.Role)
		}
	}
	if len(holding) > 0 {
		text = r.Lang.Say("roles.leave.holding", "Left", text, "Roles", rotation.RoleNames(r.Lang, holding))
	}
	return bot.Text(text), nil
}

func runAway(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	until, reason, err := parseAway(r.Lang, r.Args.Words, r.At, r.Loc)
	if err != nil {
		return bot.Reply{}, err
	}
	a := rotation.Absence{Member: r.Sender.ID, Since: r.At, Until: until, Reason: reason}
	if err := store.Step(ctx, r.Tx, func(tx *sql.Tx) error { return SetAway(ctx, tx, r.Room, a) }); err != nil {
		return bot.Reply{}, err
	}
	return bot.Text(r.Lang.Say("roles.away.done", "Member", r.Sender.Display(), "Until", r.Time(until), "Command", r.Prefix()+"back")), nil
}

// parseAway reads "[until|for] <when> [reason]": the longest start of the words that is a
// time is the time, the rest the reason ("until 12 dec visiting family"). Its refusals are
// in l.
func parseAway(l *words.Lang, typed []string, now time.Time, loc *time.Location) (time.Time, string, error) {
	if len(typed) > 0 {
		switch strings.ToLower(typed[0]) {
		case "until", "till", "til":
			typed = typed[1:]
		case "for":
			typed = append([]string{"in"}, typed[1:]...)
		}
	}
	if len(typed) == 0 {
		return time.Time{}, "", commands.Usagef("%s", l.Say("roles.away.usage"))
	}
	// The longest run of leading words that is a time, tried in bounded work however long
	// the message; the rest is the reason.
	t, n, err := timeparse.LeadingUntil(l, typed, now, loc)
	if err != nil {
		return time.Time{}, "", err
	}
	reason := strings.Join(typed[n:], " ")
	if len([]rune(reason)) > maxAwayReason {
		return time.Time{}, "", commands.Userf("%s", l.Say("roles.reason_too_long", "Max", maxAwayReason))
	}
	return t, reason, nil
}

func runBack(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	var was bool
	err := store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		var err error
		was, err = EndAway(ctx, tx, r.Room, r.Sender.ID, r.At)
		return err
	})
	if err != nil {
		return bot.Reply{}, err
	}
	if !was {
		return bot.Text(r.Lang.Say("roles.back.not_away")), nil
	}
	return bot.Text(r.Lang.Say("roles.back.done", "Member", r.Sender.Display())), nil
}

// awayList shows who is away: "eve until Fri 4 Dec 23:59 CET (holiday)".
func awayList(away []rotation.Absence, book facts.Roster, r *commands.Request) string {
	parts := make([]string, len(away))
	for i, a := range away {
		if a.Reason != "" {
			parts[i] = r.Lang.Say("roles.away.item_reason", "Member", book.Name(a.Member), "Until", r.Time(a.Until), "Reason", a.Reason)
		} else {
			parts[i] = r.Lang.Say("roles.away.item", "Member", book.Name(a.Member), "Until", r.Time(a.Until))
		}
	}
	return strings.Join(parts, r.Lang.Say("roles.away.separator"))
}

// PoolNow is who is in the pool of the role typed (found as !join finds it) at a moment, for
// a draw from it; an unknown role is a room-safe answer in l listing the room's roles.
func PoolNow(ctx context.Context, q store.Querier, l *words.Lang, prefix string, room bot.Room, typed string, at time.Time) (string, []string, error) {
	roles, err := Roles(ctx, q, room)
	if err != nil {
		return "", nil, err
	}
	role, ok := findRole(l, roles, typed)
	if rotation.Means(l, rotation.DelegateRole, typed) {
		role, ok = rotation.Role{Name: rotation.DelegateRole}, true
	}
	if !ok {
		return "", nil, unknownRoleIn(l, prefix, roles, typed)
	}
	periods, err := PoolPeriods(ctx, q, room)
	if err != nil {
		return "", nil, err
	}
	var members []string
	for _, p := range periods {
		if p.Role == role.Name && !p.Joined.After(at) && (p.Left.IsZero() || p.Left.After(at)) {
			members = append(members, p.Member)
		}
	}
	return role.Name, members, nil
}
