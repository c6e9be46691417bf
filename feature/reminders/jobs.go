package reminders

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/reminder"
	"folkmoot/schedule"
	"folkmoot/store"
	"folkmoot/timeparse"
)

// runReminderJob posts a reminder; a one-time reminder ends with it, a repeating one is
// rescheduled by the scheduler. A repeating reminder that is gone, ended or stopped ends
// its job too (schedule.EndRecurrence): left pending, it would fire, silently, for ever.
func runReminderJob(ctx context.Context, env *commands.Env, tx *sql.Tx, job schedule.Job) error {
	id, err := strconv.ParseInt(job.Payload, 10, 64)
	if err != nil {
		return fmt.Errorf("job %d: bad reminder %q", job.ID, job.Payload)
	}
	rem, err := reminderByID(ctx, tx, job.Room, id)
	if errors.Is(err, reminder.ErrNotFound) || (err == nil && !rem.EndedAt.IsZero()) {
		return schedule.EndRecurrence
	}
	if err != nil {
		return err
	}
	now := env.Now()
	if stop, err := tooOften(ctx, env, tx, job, rem); err != nil {
		return err
	} else if stop {
		return schedule.EndRecurrence
	}
	if rem.Spec == "" {
		if _, err := endReminder(ctx, tx, rem.ID, now); err != nil {
			return err
		}
	}
	l := env.RoomLang(ctx, tx, job.Room)
	text := l.Say("reminders.fire.now", "Text", rem.Text)
	if job.Late > time.Minute {
		text = l.Say("reminders.fire.late", "Text", rem.Text, "Due", timeparse.Format(l, job.Due, now, env.Location(ctx, tx, job.Room)))
	}
	if rem.Member.ID != "" {
		return store.PutReply(ctx, tx, job.Room, bot.Notice(text, rem.Member))
	}
	return store.PutReply(ctx, tx, job.Room, bot.Notice(text))
}
