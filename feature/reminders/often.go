package reminders

import (
	"folkmoot/commands"
	"folkmoot/phrase"
	"folkmoot/timeparse"
)

// TooOften refuses a schedule of another feature (a digest, a rotation, a tools review)
// that repeats more often than limits.reminder_min_interval, the floor for anything that
// repeats in a room: `cron * * * * *` would make a digest or a rotation every minute for
// ever. what names the thing ("a digest"), like is a slower schedule to suggest. Those
// schedules are facilitator-level already, so there is no --often: the admin lowers the limit.
func TooOften(r *commands.Request, rec *timeparse.Recurrence, what, like string) error {
	floor := r.Config.Limits.ReminderMinInterval.Duration
	gap, ok := shortestGap(rec, r.At, floor)
	if !ok || gap >= floor {
		return nil
	}
	return commands.Userf("That schedule repeats every %s; %s repeats at most every %s here (limits.reminder_min_interval in folkmoot's config). "+
		"Choose a slower schedule, like %s, or ask folkmoot's admin to lower the limit.",
		phrase.Duration(gap), what, phrase.Duration(floor), like)
}
