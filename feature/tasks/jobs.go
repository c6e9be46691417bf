package tasks

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/phrase"
	"folkmoot/schedule"
	"folkmoot/store"
	"folkmoot/task"
	"folkmoot/timeparse"
	"folkmoot/words"
)

// jobTask loads the task a job belongs to; false when it is gone or closed.
func jobTask(ctx context.Context, tx *sql.Tx, job schedule.Job) (Task, bool, error) {
	id, err := strconv.ParseInt(job.Payload, 10, 64)
	if err != nil {
		return Task{}, false, fmt.Errorf("job %d: bad task %q", job.ID, job.Payload)
	}
	t, err := byID(ctx, tx, job.Room, id)
	if errors.Is(err, task.ErrNotFound) {
		return t, false, nil
	}
	return t, err == nil && t.Open(), err
}

// runRemindJob reminds the owner (or the room, when nobody has it) that a task is due soon.
func runRemindJob(ctx context.Context, env *commands.Env, tx *sql.Tx, job schedule.Job) error {
	t, ok, err := jobTask(ctx, tx, job)
	if err != nil || !ok {
		return err
	}
	now := env.Now()
	if !t.Due.After(now) {
		return nil // the due-time reminder is about to fire; this one would only be noise
	}
	if later, err := laterReminderDue(ctx, env, tx, job); err != nil || later {
		return err // after an outage only the last of the reminders due speaks
	}
	loc := env.Location(ctx, tx, job.Room)
	l := env.RoomLang(ctx, tx, job.Room)
	text := l.Say("tasks.remind.soon", "Number", t.Number, "Text", t.Text, "Span", phrase.Duration(l, t.Due.Sub(now)),
		"Due", timeparse.Format(l, t.Due, now, loc))
	return store.PutReply(ctx, tx, job.Room, notice(l, t, text, env))
}

// laterReminderDue reports whether another reminder of the same task is due now. It reads
// only that task's jobs: reading the room's every pending reminder made a burst of n
// reminders cost n² (10,000 tasks due at once took minutes).
func laterReminderDue(ctx context.Context, env *commands.Env, tx *sql.Tx, job schedule.Job) (bool, error) {
	pending, err := schedule.PendingFor(ctx, tx, job.Room, jobTaskRemind, job.Ref)
	if err != nil {
		return false, err
	}
	for _, j := range pending {
		if j.ID != job.ID && !j.Due.After(env.Now()) {
			return true, nil
		}
	}
	return false, nil
}

// runDueJob tells the owner (or the room) that a task's due time has come.
func runDueJob(ctx context.Context, env *commands.Env, tx *sql.Tx, job schedule.Job) error {
	t, ok, err := jobTask(ctx, tx, job)
	if err != nil || !ok {
		return err
	}
	now := env.Now()
	loc := env.Location(ctx, tx, job.Room)
	l := env.RoomLang(ctx, tx, job.Room)
	text := l.Say("tasks.due.now", "Number", t.Number, "Text", t.Text)
	if job.Late > time.Minute {
		text = l.Say("tasks.due.late", "Number", t.Number, "Text", t.Text, "Due", timeparse.Format(l, t.Due, now, loc))
	}
	p, n := env.Config.CommandPrefix, strconv.Itoa(t.Number)
	text += " " + l.Say("tasks.due.next", "Done", p+"task done "+n, "Drop", p+"task drop "+n)
	return store.PutReply(ctx, tx, job.Room, notice(l, t, text, env))
}

// notice mentions the task's owner, or says nobody has taken it.
func notice(l *words.Lang, t Task, text string, env *commands.Env) bot.Reply {
	if t.Owner.ID == "" {
		return bot.Notice(text + " " + l.Say("tasks.due.nobody", "Command", env.Config.CommandPrefix+"task take "+strconv.Itoa(t.Number)))
	}
	return bot.Notice(text, t.Owner)
}
