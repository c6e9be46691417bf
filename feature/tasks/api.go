package tasks

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/facts"
	"folkmoot/hooks"
	"folkmoot/minutes"
	"folkmoot/phrase"
	"folkmoot/schedule"
	"folkmoot/store"
	"folkmoot/task"
	"folkmoot/words"
)

// Task is the domain's task (task.Task), named here for the code that lists tasks.
type Task = task.Task

// Add stores a task and schedules its owner's reminders inside tx, so a meeting's !action
// commits with the meeting's record. now is the time of the command; a due time that is not
// after it is refused.
// Its refusals, and the titles of the reminders, are in the room's language.
func Add(ctx context.Context, env *commands.Env, tx *sql.Tx, room bot.Room, nt task.Draft, now time.Time) (Task, error) {
	l := env.RoomLang(ctx, tx, room)
	text, err := task.CleanText(l, nt.Text)
	if err != nil {
		return Task{}, err
	}
	if !nt.Due.IsZero() && !nt.Due.After(now) {
		return Task{}, task.Error(l.Say("tasks.due_past"))
	}
	if nt.Owner.ID != "" {
		if err := inRoom(ctx, l, env, tx, room, nt.Owner, l.Say("tasks.hint.add")); err != nil {
			return Task{}, err
		}
	}
	if err := underCaps(ctx, l, env, tx, room, nt.CreatedBy); err != nil {
		return Task{}, err
	}
	// The store keeps milliseconds; rounding the due time up to the second means the
	// reminder at it can never come early, not even by the sub-second part of now.
	if s := nt.Due.Truncate(time.Second); !s.Equal(nt.Due) {
		nt.Due = s.Add(time.Second)
	}
	t := Task{Room: room, Text: text, Owner: nt.Owner, CreatedBy: nt.CreatedBy, CreatedAt: now, Due: nt.Due, Source: nt.Source}
	if err := createTask(ctx, tx, &t); err != nil {
		return t, err
	}
	return t, scheduleJobs(ctx, l, env, tx, t, now)
}

// inRoom refuses a task for someone who is not a member of the room (as the network lists
// them, or as seen speaking when it cannot): an ID from elsewhere would have the bot mention,
// and remind, a stranger from a room they never joined. hint says what to do instead.
func inRoom(ctx context.Context, l *words.Lang, env *commands.Env, q store.Querier, room bot.Room, m bot.Member, hint string) error {
	members, err := facts.Electorate(ctx, q, env.TransportFor(room), room)
	if err != nil {
		return err
	}
	for _, in := range members {
		if in.ID == m.ID {
			return nil
		}
	}
	return refuse(l.Say("tasks.not_member", "Member", phrase.Clip(m.Display(), 60), "Hint", hint))
}

// underCaps refuses a task beyond limits.open_tasks_per_room, or beyond
// limits.open_tasks_per_member for whoever adds it: counted over every room, so neither many
// rooms nor private messages get round it. A meeting's task (no adder) counts for the room.
func underCaps(ctx context.Context, l *words.Lang, env *commands.Env, q store.Querier, room bot.Room, by bot.Member) error {
	lim, p := env.Config.Limits, env.Config.CommandPrefix
	done, drop := p+"task done <id>", p+"task drop <id>"
	n, err := countOpen(ctx, q, room)
	if err != nil {
		return err
	}
	if n >= lim.OpenTasksPerRoom {
		return refuse(l.Count("tasks.cap.room", n, "Done", done, "Drop", drop))
	}
	if by.ID == "" {
		return nil
	}
	if n, err = countOpenBy(ctx, q, by.ID); err != nil {
		return err
	}
	if n >= lim.OpenTasksPerMember {
		return refuse(l.Count("tasks.cap.member", n, "Done", done, "Drop", drop))
	}
	return nil
}

// InPeriod lists a room's tasks created or closed in [from, to), for a meeting's minutes and
// the digests; q may be a transaction.
func InPeriod(ctx context.Context, q store.Querier, room bot.Room, from, to time.Time) ([]Task, error) {
	return inPeriod(ctx, q, room, from, to)
}

// Adder is how other features add tasks (a tools review that decided to replace a tool),
// with the environment of the event that adds them: Add as a hooks.AddTask.
func Adder(env *commands.Env) hooks.AddTask {
	return func(ctx context.Context, tx *sql.Tx, room bot.Room, d task.Draft, now time.Time) (task.Task, error) {
		return Add(ctx, env, tx, room, d, now)
	}
}

// Overdue lists a room's open tasks whose due time has passed at now, for the digests.
func Overdue(ctx context.Context, q store.Querier, room bot.Room, now time.Time) ([]Task, error) {
	open, err := ListOpen(ctx, q, room)
	if err != nil {
		return nil, err
	}
	var out []Task
	for _, t := range open {
		if t.Overdue(now) {
			out = append(out, t)
		}
	}
	return out, nil
}

// DigestItems are tasks as the minutes and digests render them (minutes.Digest's Tasks, or a
// meeting topic's items): open and done ones; a dropped task is left out.
func DigestItems(ts []Task) []minutes.Item {
	var out []minutes.Item
	for _, t := range ts {
		if t.State == task.Dropped {
			continue
		}
		out = append(out, minutes.Item{Kind: minutes.Task, At: t.CreatedAt, By: t.CreatedBy.Display(), Text: t.Text,
			Owner: t.Owner.Display(), Due: t.Due, Done: t.State == task.Done})
	}
	return out
}

// Scheduled job kinds of tasks; Ref and Payload are the task's database ID.
const (
	jobTaskRemind = "task.remind"
	jobTaskDue    = "task.due"
)

// scheduleJobs creates a task's reminders still ahead, as tasks.remind_before says: one
// that long before the due time for each positive duration, and the due-time notice for 0s.
func scheduleJobs(ctx context.Context, l *words.Lang, env *commands.Env, tx *sql.Tx, t Task, now time.Time) error {
	if t.Due.IsZero() {
		return nil
	}
	atDue := false
	for _, d := range settings(env.Config).RemindBefore {
		if d.Duration == 0 {
			atDue = true
			continue
		}
		if at := t.Due.Add(-d.Duration); at.After(now) {
			if _, err := schedule.Add(ctx, tx, schedule.Job{Room: t.Room, Kind: jobTaskRemind, Ref: ref(t), Payload: ref(t), Due: at,
				Title: schedule.Titled("tasks.job.remind", "Number", t.Number)}); err != nil {
				return err
			}
		}
	}
	if !atDue {
		return nil
	}
	_, err := schedule.Add(ctx, tx, schedule.Job{Room: t.Room, Kind: jobTaskDue, Ref: ref(t), Payload: ref(t), Due: t.Due,
		Title: schedule.Titled("tasks.job.due", "Number", t.Number)})
	return err
}

// cancelJobs cancels a closed task's pending reminders.
func cancelJobs(ctx context.Context, env *commands.Env, tx *sql.Tx, t Task) error {
	if err := schedule.Cancel(ctx, tx, t.Room, jobTaskRemind, ref(t)); err != nil {
		return err
	}
	return schedule.Cancel(ctx, tx, t.Room, jobTaskDue, ref(t))
}

// MeetingAction is what a meeting's !action does: a task, created in the meeting's
// transaction, whose number is returned for the minutes. Give it to meetings.Feature.
func MeetingAction(ctx context.Context, env *commands.Env, tx *sql.Tx, room bot.Room, text string, owner bot.Member, due time.Time) (string, error) {
	t, err := Add(ctx, env, tx, room, task.Draft{Text: text, Owner: owner, Due: due, Source: "meeting"}, env.Now())
	if err != nil {
		return "", err
	}
	return "#" + strconv.Itoa(t.Number), nil
}
