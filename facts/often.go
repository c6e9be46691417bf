package facts

import (
	"strings"
	"time"

	"folkmoot/config"
	"folkmoot/phrase"
	"folkmoot/timeparse"
	"folkmoot/words"
)

// ReadSchedule reads what repeats in a room (a rotation, a digest, a review) as typed after
// its command: the leading "every" may be left out ("monday 19:00"), and a schedule more
// often than the limits allow is refused (TooOften, with what and like).
func ReadSchedule(l *words.Lang, limits config.Limits, text string, at time.Time, loc *time.Location, what, like string) (*timeparse.Recurrence, error) {
	if first, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(text)), " "); first != "every" && first != "cron" {
		text = "every " + text
	}
	rec, err := timeparse.ParseEvery(l, text, at, loc)
	if err != nil {
		return nil, err
	}
	return rec, TooOften(limits, at, rec, what, like)
}

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
