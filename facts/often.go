package facts

import (
	"time"

	"folkmoot/config"
	"folkmoot/phrase"
	"folkmoot/timeparse"
	"folkmoot/words"
)

// TooOften refuses a schedule (a digest, a rotation, a tools review) that repeats more often
// than limits.reminder_min_interval, the floor for anything that repeats in a room: `cron * *
// * * *` would make a digest or a rotation every minute for ever. what names the thing ("a
// digest"; in the room's language, when the caller has it), like is a slower schedule to
// suggest, as typed. Those schedules are facilitator-level already, so there is no --often:
// the admin lowers the limit. The refusal is a Problem: the engine words it, its spans of
// time included, in the room's language.
func TooOften(limits config.Limits, at time.Time, rec *timeparse.Recurrence, what, like string) error {
	floor := limits.ReminderMinInterval.Duration
	gap, ok := rec.ShortestGap(at, floor)
	if !ok || gap >= floor {
		return nil
	}
	return words.ProblemFunc(func(l *words.Lang) string {
		return l.Say("facts.often", "Every", phrase.Duration(l, gap), "What", what, "Floor", phrase.Duration(l, floor), "Like", like)
	})
}
