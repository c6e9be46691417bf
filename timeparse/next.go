package timeparse

import (
	"fmt"
	"strings"
	"time"

	"folkmoot/words"
)

// maxSkips bounds the search in Next: at most 52 off-interval weeks, or an
// hour of repeated minutes after a fall-back change.
const maxSkips = 1000

// Next is the first occurrence strictly after `after`, at the recurrence's
// wall-clock time in loc (nil means UTC); zero if there is none. A time in a
// spring-forward gap fires when the clock resumes (02:30 -> 03:30); a time in
// the hour repeated at fall-back fires once, at its first pass.
func (r *Recurrence) Next(after time.Time, loc *time.Location) time.Time {
	return r.next(after, orUTC(loc), true)
}

// next optionally ignores the week interval, to find the anchor itself.
func (r *Recurrence) next(after time.Time, loc *time.Location, interval bool) time.Time {
	if r != nil && r.kind == rSeason {
		return r.nextSeason(after, loc)
	}
	if r == nil || r.sched == nil {
		return time.Time{}
	}
	t := after.In(loc)
	if interval && r.interval > 1 {
		// Jump to the anchor so a far-off start date costs no skipped weeks.
		y, m, d := r.anchor.Date()
		if start := time.Date(y, m, d, 0, 0, 0, 0, loc).Add(-time.Nanosecond); t.Before(start) {
			t = start
		}
	}
	for range maxSkips {
		// The schedule has no zone of its own, so it follows t's location.
		t = r.sched.Next(t)
		if t.IsZero() {
			return t
		}
		if !repeatedWallClock(t) && (!interval || r.onInterval(t)) {
			return t
		}
	}
	return time.Time{}
}

// repeatedWallClock reports whether t's wall-clock time already happened
// earlier that day, i.e. t is the second pass through a fall-back hour.
func repeatedWallClock(t time.Time) bool {
	for _, d := range []time.Duration{30 * time.Minute, time.Hour, 2 * time.Hour} {
		e := t.Add(-d)
		if e.Day() == t.Day() && e.Hour() == t.Hour() && e.Minute() == t.Minute() {
			return true
		}
	}
	return false
}

// onInterval reports whether t falls in a week on the interval, counted
// from the anchor; weeks before the anchor never do.
func (r *Recurrence) onInterval(t time.Time) bool {
	if r.interval <= 1 {
		return true
	}
	days := (civil(t).Unix() - r.anchor.Unix()) / 86400
	return days >= 0 && (days/7)%int64(r.interval) == 0
}

// String is the canonical form stored in the database; ParseRecurrence reads it back.
func (r *Recurrence) String() string {
	hm := fmt.Sprintf("%02d:%02d", r.clk.h, r.clk.m)
	switch r.kind {
	case rDaily:
		return "every day " + hm
	case rWeekdays:
		return "every weekday " + hm
	case rWeekly:
		if r.interval > 1 {
			return fmt.Sprintf("every %d weeks on %s %s from %s", r.interval, shortDay(r.wd), hm, r.anchor.Format("2006-01-02"))
		}
		return fmt.Sprintf("every %s %s", shortDay(r.wd), hm)
	case rMonthly:
		return fmt.Sprintf("every month on the %s %s", ordinal(r.mday), hm)
	case rCron:
		return fmt.Sprintf("cron %q", r.cronSpec)
	case rYearly:
		return fmt.Sprintf("every year on %d %s %s", r.mday, strings.ToLower(r.month.String()[:3]), hm)
	case rSeason:
		return fmt.Sprintf("every %s %s", seasonWords[r.seasons], hm)
	}
	return ""
}

// Describe renders the schedule for people in English, e.g. "every Monday
// at 19:00" (DescribeIn words it in the room's language).
func (r *Recurrence) Describe() string { return r.DescribeIn(nil) }

// DescribeIn renders the schedule for people in the room's language l, e.g.
// "every Monday at 19:00", "cada lunes a las 19:00".
func (r *Recurrence) DescribeIn(l *words.Lang) string {
	hm := fmt.Sprintf("%02d:%02d", r.clk.h, r.clk.m)
	switch r.kind {
	case rDaily:
		return l.Say("timeparse.describe.daily", "Time", hm)
	case rWeekdays:
		return l.Say("timeparse.describe.weekdays", "Time", hm)
	case rWeekly:
		day := l.Say("timeparse.describe.weekday." + weekdayKeys[r.wd])
		if r.interval > 1 {
			return l.Count("timeparse.describe.interval", r.interval, "Weekday", day, "Time", hm)
		}
		return l.Say("timeparse.describe.weekly", "Weekday", day, "Time", hm)
	case rMonthly:
		nth := ordinal(r.mday) // English writes 1st, 2nd, 3rd, 4th itself
		if l != nil && words.For(l.Tag).Tag != words.English {
			nth = l.Say("timeparse.describe.nth", "Day", r.mday)
		}
		return l.Say("timeparse.describe.monthly", "Ordinal", nth, "Time", hm)
	case rCron:
		return l.Say("timeparse.describe.cron", "Spec", r.cronSpec)
	case rYearly:
		return l.Say("timeparse.describe.yearly", "Day", r.mday,
			"Month", l.Say("timeparse.describe.month."+monthKeys[r.month-1]), "Time", hm)
	case rSeason:
		switch r.seasons {
		case solstices:
			return l.Say("timeparse.describe.solstices", "Time", hm)
		case equinoxes:
			return l.Say("timeparse.describe.equinoxes", "Time", hm)
		}
		return l.Say("timeparse.describe.seasons", "Time", hm)
	}
	return ""
}

// shortDay is the lower-case three-letter weekday used in canonical strings.
func shortDay(wd time.Weekday) string {
	return map[time.Weekday]string{time.Sunday: "sun", time.Monday: "mon", time.Tuesday: "tue",
		time.Wednesday: "wed", time.Thursday: "thu", time.Friday: "fri", time.Saturday: "sat"}[wd]
}
