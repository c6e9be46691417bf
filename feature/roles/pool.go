package roles

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/facts"
	"folkmoot/rotation"
	"folkmoot/store"
	"folkmoot/timeparse"
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
	words := r.Args.Words
	if len(words) == 0 || (len(words) == 1 && (strings.EqualFold(words[0], "all") || strings.EqualFold(words[0], "every"))) {
		return roles, true, nil
	}
	which, err := resolveRoles(r, roles, words)
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
		return bot.Text(fmt.Sprintf("You are already in the pool for %s.", strings.Join(already, ", "))), nil
	}
	text := fmt.Sprintf("%s is now in the pool for %s, and will be chosen in turn.", r.Sender.Display(), strings.Join(added, ", "))
	if len(already) > 0 {
		text += fmt.Sprintf(" (Already in: %s.)", strings.Join(already, ", "))
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
		return bot.Text(fmt.Sprintf("You were not in the pool for %s.", roleNames(which))), nil
	}
	text := fmt.Sprintf("%s left the pool for %s and won't be chosen for it.", r.Sender.Display(), strings.Join(left, ", "))
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
		text += fmt.Sprintf(" You still hold %s until it rotates.", strings.Join(holding, ", "))
	}
	return bot.Text(text), nil
}

func runAway(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	until, reason, err := parseAway(r.Args.Words, r.At, r.Loc)
	if err != nil {
		return bot.Reply{}, err
	}
	a := rotation.Absence{Member: r.Sender.ID, Since: r.At, Until: until, Reason: reason}
	if err := store.Step(ctx, r.Tx, func(tx *sql.Tx) error { return SetAway(ctx, tx, r.Room, a) }); err != nil {
		return bot.Reply{}, err
	}
	text := fmt.Sprintf("%s is away until %s and won't be chosen for a role until then.", r.Sender.Display(), r.Time(until))
	return bot.Text(text + fmt.Sprintf(" Say %sback to return earlier.", r.Config.CommandPrefix)), nil
}

// parseAway reads "[until|for] <when> [reason]": the longest start of the words that is a
// time is the time, the rest the reason ("until 12 dec visiting family").
func parseAway(words []string, now time.Time, loc *time.Location) (time.Time, string, error) {
	if len(words) > 0 {
		switch strings.ToLower(words[0]) {
		case "until", "till", "til":
			words = words[1:]
		case "for":
			words = append([]string{"in"}, words[1:]...)
		}
	}
	if len(words) == 0 {
		return time.Time{}, "", commands.Usagef("say until when")
	}
	// The longest run of leading words that is a time, tried in bounded work however long
	// the message; the rest is the reason.
	t, n, err := timeparse.LeadingUntil(nil, words, now, loc)
	if err != nil {
		return time.Time{}, "", err
	}
	reason := strings.Join(words[n:], " ")
	if len([]rune(reason)) > maxAwayReason {
		return time.Time{}, "", commands.Userf("Please keep the reason under %d characters.", maxAwayReason)
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
		return bot.Text("You were not marked away."), nil
	}
	return bot.Text(fmt.Sprintf("Welcome back, %s: you can be chosen again.", r.Sender.Display())), nil
}

// awayList shows who is away: "eve until Fri 4 Dec 23:59 CET (holiday)".
func awayList(away []rotation.Absence, book facts.Roster, r *commands.Request) string {
	parts := make([]string, len(away))
	for i, a := range away {
		parts[i] = fmt.Sprintf("%s until %s", book.Name(a.Member), r.Time(a.Until))
		if a.Reason != "" {
			parts[i] += " (" + a.Reason + ")"
		}
	}
	return strings.Join(parts, "; ")
}
