package roles

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/facts"
	"folkmoot/phrase"
	"folkmoot/rotation"
	"folkmoot/schedule"
	"folkmoot/store"
	"folkmoot/timeparse"
	"folkmoot/words"
)

// Limits of a role's name and seats.
const (
	maxRoleName  = 30
	maxRoleSeats = 20
)

// reservedRoleNames cannot be roles: they mean something else in the commands.
var reservedRoleNames = []string{rotation.DelegateRole, "all", "every", "swap", "off"}

// runRole routes !role to add, remove or every; alone it shows the roles.
func (h Hooks) runRole(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	if len(r.Args.Words) == 0 {
		if len(r.Args.Flags) > 0 {
			return bot.Reply{}, commands.Usagef("%s", r.Lang.Say("roles.role.seats_alone", "Command", r.Prefix()+"role add"))
		}
		return h.runRoles(ctx, r)
	}
	sub := strings.ToLower(r.Args.Words[0])
	if sub != "add" && len(r.Args.Flags) > 0 {
		return bot.Reply{}, commands.Usagef("%s", r.Lang.Say("roles.role.seats_alone", "Command", r.Prefix()+"role add"))
	}
	switch sub {
	case "add", "new":
		return h.runRoleAdd(ctx, r)
	case "remove", "delete", "rm":
		return runRoleRemove(ctx, r)
	case "every", "schedule":
		return runRoleEvery(ctx, r)
	case "list", "show":
		return h.runRoles(ctx, r)
	}
	return bot.Reply{}, commands.Usagef("%s", r.Lang.Say("roles.role.unknown_sub", "Typed", phrase.Clip(r.Args.Words[0], 30)))
}

func (h Hooks) runRoleAdd(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	if len(r.Args.Words) < 2 {
		return bot.Reply{}, commands.Usagef("%s", r.Lang.Say("roles.role.add_usage"))
	}
	name := strings.ToLower(r.Args.Words[1])
	if err := checkRoleName(r.Lang, name); err != nil {
		return bot.Reply{}, err
	}
	role := rotation.Role{Name: name, Seats: 1}
	if v, ok := r.Args.Flags["seats"]; ok {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxRoleSeats {
			return bot.Reply{}, commands.Userf("%s", r.Lang.Say("roles.role.seats_bad", "Max", maxRoleSeats, "Typed", phrase.Clip(v, 20)))
		}
		role.Seats = n
	}
	if typed, ok := r.Args.Flags["parity"]; ok {
		group, err := h.parityGroup(ctx, r, role.Seats, typed)
		if err != nil {
			return bot.Reply{}, err
		}
		role.Parity = group
	}
	var rec *timeparse.Recurrence
	if len(r.Args.Words) > 2 && isAtMeeting(r.Args.Words[2:]) {
		role.Schedule = atMeetingSchedule
	} else if len(r.Args.Words) > 2 {
		var err error
		if rec, err = readSchedule(r.Args.Words[2:], r); err != nil {
			return bot.Reply{}, err
		}
		role.Schedule = rec.String()
	}
	roles, err := Roles(ctx, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	if old, ok := findRole(r.Lang, roles, name); ok {
		return bot.Reply{}, commands.Userf("%s", r.Lang.Say("roles.role.exists", "Role", rotation.RoleName(r.Lang, old.Name), "Command", r.Prefix()+"role every "+old.Name))
	}
	hadHistory, err := RoleHasHistory(ctx, r.Tx, r.Room, name)
	if err != nil {
		return bot.Reply{}, err
	}
	err = store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		if err := PutRole(ctx, tx, r.Room, role); err != nil {
			return err
		}
		return syncRotationJobs(ctx, r.Env, tx, r.Lang, r.Room, r.Loc, r.At)
	})
	if err != nil {
		return bot.Reply{}, err
	}
	shown := rotation.RoleName(r.Lang, name)
	added := r.Lang.Say("roles.role.added", "Role", shown)
	if role.Seats > 1 {
		added = r.Lang.Count("roles.role.added_seats", role.Seats, "Role", shown)
	}
	if hadHistory {
		added = r.Lang.Say("roles.role.with_history", "Added", added)
	}
	if role.Parity != "" {
		added = r.Lang.Say("roles.role.with_parity", "Added", added, "Group", role.Parity)
	}
	if role.Schedule == atMeetingSchedule {
		return bot.Text(r.Lang.Say("roles.role.added_at_meeting", "Added", added, "Start", r.Prefix()+"meeting start", "Join", r.Prefix()+"join "+name)), nil
	}
	return bot.Text(r.Lang.Say("roles.role.added_schedule", "Added", added, "Schedule", scheduleText(ctx, r, name, rec),
		"Join", r.Prefix()+"join "+name)), nil
}

// parityGroup reads --parity: a group of the room (its name as the room writes it), for a
// role of two seats or more.
func (h Hooks) parityGroup(ctx context.Context, r *commands.Request, seats int, typed string) (string, error) {
	switch {
	case seats < 2:
		return "", commands.Userf("%s", r.Lang.Say("roles.role.parity_seats"))
	case h.Groups == nil:
		return "", commands.Userf("%s", r.Lang.Say("roles.role.parity_no_groups"))
	}
	group, _, err := h.Groups(ctx, r.Tx, r.Lang, r.Prefix(), r.Room, typed)
	return group, err
}

// checkRoleName refuses names that could not be typed back or mean something else.
func checkRoleName(l *words.Lang, name string) error {
	n := utf8.RuneCountInString(name)
	first, _ := utf8.DecodeRuneInString(name)
	ok := n > 0 && n <= maxRoleName && unicode.IsLetter(first)
	for _, c := range name {
		if !unicode.IsLetter(c) && !unicode.IsDigit(c) && c != '-' && c != '_' {
			ok = false
		}
	}
	if !ok {
		return commands.Userf("%s", l.Say("roles.role.bad_name", "Max", maxRoleName))
	}
	for _, reserved := range reservedRoleNames {
		if rotation.RoleKey(name) == rotation.RoleKey(reserved) {
			return commands.Userf("%s", l.Say("roles.role.reserved", "Name", name))
		}
	}
	return nil
}

// readSchedule reads a rotation schedule; the leading "every" may be left out.
func readSchedule(words []string, r *commands.Request) (*timeparse.Recurrence, error) {
	return facts.ReadSchedule(r.Lang, r.Config.Limits, strings.Join(words, " "), r.At, r.Loc, r.Lang.Say("roles.often"), "every monday 19:00")
}

// scheduleText says how a role rotates now: on a schedule with its next time, or by hand.
func scheduleText(ctx context.Context, r *commands.Request, name string, rec *timeparse.Recurrence) string {
	shown := phrase.UpperFirst(rotation.RoleName(r.Lang, name))
	if rec == nil {
		return r.Lang.Say("roles.role.by_hand", "Role", shown, "Command", r.Prefix()+"rotate "+name)
	}
	if at, ok, err := nextRotation(ctx, r.Env, r.Tx, r.Room, rec.String()); err == nil && ok {
		return r.Lang.Say("roles.role.scheduled_next", "Role", shown, "Schedule", rec.DescribeIn(r.Lang), "When", r.Time(at))
	}
	return r.Lang.Say("roles.role.scheduled", "Role", shown, "Schedule", rec.DescribeIn(r.Lang))
}

func runRoleRemove(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	if len(r.Args.Words) < 2 {
		return bot.Reply{}, commands.Usagef("%s", r.Lang.Say("roles.role.remove_usage"))
	}
	roles, err := Roles(ctx, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	role, ok := findRole(r.Lang, roles, r.Args.Text(1))
	if !ok {
		return bot.Reply{}, unknownRole(r, roles, r.Args.Text(1))
	}
	var ended []string
	err = store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		ended = nil
		terms, err := CurrentTerms(ctx, tx, r.Room)
		if err != nil {
			return err
		}
		for _, t := range terms {
			if t.Role != role.Name {
				continue
			}
			if _, err := EndTerm(ctx, tx, t.ID, r.At); err != nil {
				return err
			}
			if err := schedule.Cancel(ctx, tx, r.Room, jobRoleConsent, strconv.FormatInt(t.ID, 10)); err != nil {
				return err
			}
			ended = append(ended, t.Member)
		}
		if err := RemoveRole(ctx, tx, r.Room, role.Name); err != nil {
			return err
		}
		return syncRotationJobs(ctx, r.Env, tx, r.Lang, r.Room, r.Loc, r.At)
	})
	if err != nil {
		return bot.Reply{}, err
	}
	text := r.Lang.Say("roles.role.removed", "Role", rotation.RoleName(r.Lang, role.Name), "Command", r.Prefix()+"history "+role.Name)
	if len(ended) > 0 {
		book, err := facts.LoadRoster(ctx, r.Tx, r.Room)
		if err != nil {
			return bot.Reply{}, err
		}
		text = r.Lang.Say("roles.role.removed_holders", "Removed", text, "Members", book.Names(ended))
	}
	return bot.Text(text), nil
}

func runRoleEvery(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	if len(r.Args.Words) < 3 {
		return bot.Reply{}, commands.Usagef("%s", r.Lang.Say("roles.role.every_usage", "Command", r.Prefix()+"role every facilitator every monday 19:00"))
	}
	roles, err := Roles(ctx, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	role, ok := findRole(r.Lang, roles, r.Args.Words[1])
	if !ok {
		return bot.Reply{}, unknownRole(r, roles, r.Args.Words[1])
	}
	if isAtMeeting(r.Args.Words[2:]) {
		return setAtMeeting(ctx, r, role)
	}
	var rec *timeparse.Recurrence
	spec := ""
	switch strings.ToLower(r.Args.Text(2)) {
	case "off", "none", "never", "stop":
	default:
		if rec, err = readSchedule(r.Args.Words[2:], r); err != nil {
			return bot.Reply{}, err
		}
		spec = rec.String()
	}
	err = store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		if err := SetRoleSchedule(ctx, tx, r.Room, role.Name, spec); err != nil {
			return err
		}
		return syncRotationJobs(ctx, r.Env, tx, r.Lang, r.Room, r.Loc, r.At)
	})
	if err != nil {
		return bot.Reply{}, err
	}
	return bot.Text(scheduleText(ctx, r, role.Name, rec)), nil
}
