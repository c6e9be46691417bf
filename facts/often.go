package facts

import (
	"fmt"
	"time"

	"folkmoot/config"
	"folkmoot/phrase"
	"folkmoot/timeparse"
)

// TooOften refuses a schedule (a digest, a rotation, a tools review) that repeats more often
// than limits.reminder_min_interval, the floor for anything that repeats in a room: `cron * *
// * * *` would make a digest or a rotation every minute for ever. what names the thing ("a
// digest"), like is a slower schedule to suggest. Those schedules are facilitator-level
// already, so there is no --often: the admin lowers the limit.
func TooOften(limits config.Limits, at time.Time, rec *timeparse.Recurrence, what, like string) error {
	floor := limits.ReminderMinInterval.Duration
	gap, ok := rec.ShortestGap(at, floor)
	if !ok || gap >= floor {
		return nil
	}
	return tooOften(fmt.Sprintf("That schedule repeats every %s; %s repeats at most every %s here (limits.reminder_min_interval in folkmoot's config). "+
		"Choose a slower schedule, like %s, or ask folkmoot's admin to lower the limit.",
		phrase.Duration(nil, gap), what, phrase.Duration(nil, floor), like))
}

// tooOften is TooOften's refusal; its text is fit for the room.
type tooOften string

func (e tooOften) Error() string { return string(e) }

// RoomSafe marks the refusal as fit to show in the room.
func (tooOften) RoomSafe() {}
