package reminders

import (
	"context"
	"database/sql"
	"strings"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/phrase"
	"folkmoot/reminder"
	"folkmoot/schedule"
	"folkmoot/store"
	"folkmoot/timeparse"
)

// slowEnough refuses a recurring reminder that would repeat more often than
// limits.reminder_min_interval: `cron * * * * *` would post every minute for ever.
func slowEnough(r *commands.Request, rec *timeparse.Recurrence) error {
	floor := r.Config.Limits.ReminderMinInterval.Duration
	gap, ok := rec.ShortestGap(r.At, floor)
	if !ok || gap >= floor {
		return nil
	}
	return refuse(r.Lang.Say("reminders.too_often", "Gap", phrase.Duration(r.Lang, gap), "Floor", phrase.Duration(r.Lang, floor),
		"Command", r.Prefix()+"remind --often …"))
}

// underCaps refuses a reminder beyond limits.open_reminders_per_room, or beyond
// limits.open_reminders_per_member for whoever sets it: counted over every room, so neither
// many rooms nor private messages get round it. Run it in the transaction that stores the
// reminder, so two at once cannot both take the last place.
func underCaps(ctx context.Context, r *commands.Request, tx *sql.Tx) error {
	lim := r.Config.Limits
	list, cancel := r.Prefix()+"reminders", r.Prefix()+"remind cancel <id>"
	n, err := countOpen(ctx, tx, r.Room)
	if err != nil {
		return err
	}
	if n >= lim.OpenRemindersPerRoom {
		return refuse(r.Lang.Count("reminders.cap.room", n, "List", list, "Cancel", cancel))
	}
	if n, err = countOpenBy(ctx, tx, r.Sender.ID); err != nil {
		return err
	}
	if n >= lim.OpenRemindersPerMember {
		return refuse(r.Lang.Count("reminders.cap.member", n, "List", list, "Cancel", cancel))
	}
	return nil
}

// withoutFlag takes the option --name (or —name, as phones write it) out of raw text: the
// reminder's text is what follows the time as typed, and an option may come anywhere.
func withoutFlag(raw, name string) string {
	var b strings.Builder
	at := 0
	for _, t := range commands.Tokenize(raw) {
		if t.Quoted || !isFlag(t.Text, name) {
			continue
		}
		b.WriteString(raw[at:t.Start])
		at = t.Start + len(t.Text)
	}
	b.WriteString(raw[at:])
	return b.String()
}

// isFlag reports whether a word is the option name, with any of the dashes ParseArgs accepts.
func isFlag(word, name string) bool {
	for _, dash := range []string{"--", "—", "–"} {
		if rest, ok := strings.CutPrefix(word, dash); ok && strings.EqualFold(rest, name) {
			return true
		}
	}
	return false
}

// tooOften stops a recurring reminder that repeats more often than
// limits.reminder_min_interval without facilitator-level's --often: one set before the limit
// existed (`cron * * * * *` posted every minute for ever), or faster than a raised limit. It
// ends the reminder, says so once instead of posting it, and reports true.
func tooOften(ctx context.Context, env *commands.Env, tx *sql.Tx, job schedule.Job, rem reminder.Reminder) (bool, error) {
	if rem.Spec == "" || rem.Often {
		return false, nil
	}
	rec, err := timeparse.ParseRecurrence(rem.Spec)
	if err != nil {
		return false, nil // the scheduler reports a spec it cannot read
	}
	floor := env.Config.Limits.ReminderMinInterval.Duration
	gap, ok := rec.ShortestGap(env.Now(), floor)
	if !ok || gap >= floor {
		return false, nil
	}
	if _, err := endReminder(ctx, tx, rem.ID, env.Now()); err != nil {
		return false, err
	}
	p, l := env.Config.CommandPrefix, env.RoomLang(ctx, tx, job.Room)
	text := l.Say("reminders.stopped", "Number", rem.Number, "Text", phrase.Clip(rem.Text, 60), "Gap", phrase.Duration(l, gap),
		"Floor", phrase.Duration(l, floor), "Every", p+"remind every …", "Often", p+"remind --often …")
	return true, store.PutReply(ctx, tx, job.Room, bot.Notice(text))
}
