package roles

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/phrase"
	"folkmoot/rotation"
	"folkmoot/store"
)

// atMeetingSchedule is the stored schedule of a role that rotates when a meeting starts.
// It is an identifier kept in English (!roles words it in the room's language, as
// roles.meeting.schedule), and no scheduler job carries it: !meeting start rotates these roles (RotateAtMeetingStart).
const atMeetingSchedule = "at the start of each meeting"

// isAtMeeting reports whether a typed schedule means "when a meeting starts": meeting,
// every meeting, at meeting start, at the start of each meeting ...
func isAtMeeting(words []string) bool {
	var kept []string
	for _, w := range words {
		switch w = strings.ToLower(strings.Trim(w, ".,!")); w {
		case "every", "each", "at", "the", "of", "a", "start", "starts", "begin", "begins":
		case "meeting", "meetings", "meeting's":
			kept = append(kept, "meeting")
		default:
			return false
		}
	}
	return len(kept) == 1
}

// setAtMeeting makes a role rotate whenever a meeting starts, in place of any timed schedule.
func setAtMeeting(ctx context.Context, r *commands.Request, role rotation.Role) (bot.Reply, error) {
	err := store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		if err := SetRoleSchedule(ctx, tx, r.Room, role.Name, atMeetingSchedule); err != nil {
			return err
		}
		return syncRotationJobs(ctx, r.Env, tx, r.Lang, r.Room, r.Loc, r.At) // a timed rotation it had stops
	})
	if err != nil {
		return bot.Reply{}, err
	}
	return bot.Text(r.Lang.Say("roles.meeting.set", "Role", phrase.UpperFirst(rotation.RoleName(r.Lang, role.Name)), "Command", r.Prefix()+"meeting start")), nil
}

// RotateAtMeetingStart rotates, inside the transaction that starts a meeting, the room's
// roles scheduled "at the start of each meeting" (!role every <role> meeting), and returns
// the announcement in the room's language; the zero Reply when no role rotates at meetings. Give it to
// meetings.Feature.
func (h Hooks) RotateAtMeetingStart(ctx context.Context, env *commands.Env, tx *sql.Tx, room bot.Room, now time.Time) (bot.Reply, error) {
	roles, err := Roles(ctx, tx, room)
	if err != nil {
		return bot.Reply{}, err
	}
	var names []string
	for _, role := range roles {
		if role.Schedule == atMeetingSchedule {
			names = append(names, role.Name)
		}
	}
	if len(names) == 0 {
		return bot.Reply{}, nil
	}
	return h.rotateRoles(ctx, env, tx, env.RoomLang(ctx, tx, room), room, names, now)
}
