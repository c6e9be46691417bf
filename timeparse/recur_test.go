package timeparse

import (
	"testing"
	"time"
)

// nextN lists the first n occurrences after from, as Berlin wall-clock text.
func nextN(r *Recurrence, from time.Time, loc *time.Location, n int) []string {
	var out []string
	for t := from; len(out) < n; {
		t = r.Next(t, loc)
		if t.IsZero() {
			return append(out, "none")
		}
		out = append(out, t.In(loc).Format("2006-01-02 15:04 Mon"))
	}
	return out
}

func TestParseEvery(t *testing.T) {
	tests := []struct {
		name, in, canonical, describe string
		next                          []string
	}{
		{"weekly", "every monday 19:00", "every mon 19:00", "every Monday at 19:00",
			[]string{"2026-11-30 19:00 Mon", "2026-12-07 19:00 Mon", "2026-12-14 19:00 Mon"}},
		{"weekly today ahead", "every wed 7pm", "every wed 19:00", "every Wednesday at 19:00",
			[]string{"2026-11-25 19:00 Wed", "2026-12-02 19:00 Wed"}},
		{"weekly with week word", "Every week on Thursday at 7PM", "every thu 19:00", "every Thursday at 19:00",
			[]string{"2026-11-26 19:00 Thu", "2026-12-03 19:00 Thu"}},
		{"daily", "every day 08:00", "every day 08:00", "every day at 08:00",
			[]string{"2026-11-26 08:00 Thu", "2026-11-27 08:00 Fri", "2026-11-28 08:00 Sat"}},
		{"daily clock first", "every 8pm day", "every day 20:00", "every day at 20:00",
			[]string{"2026-11-25 20:00 Wed", "2026-11-26 20:00 Thu"}},
		{"weekdays", "every weekday 09:00", "every weekday 09:00", "every weekday (Mon-Fri) at 09:00",
			[]string{"2026-11-26 09:00 Thu", "2026-11-27 09:00 Fri", "2026-11-30 09:00 Mon"}},
		{"two weeks", "every 2 weeks on tue 19:00", "every 2 weeks on tue 19:00 from 2026-12-01",
			"every 2 weeks on Tuesday at 19:00",
			[]string{"2026-12-01 19:00 Tue", "2026-12-15 19:00 Tue", "2026-12-29 19:00 Tue"}},
		{"other week skips passed today", "every other week on wed 09:00", "every 2 weeks on wed 09:00 from 2026-12-02",
			"every 2 weeks on Wednesday at 09:00",
			[]string{"2026-12-02 09:00 Wed", "2026-12-16 09:00 Wed"}},
		{"two weeks from date", "every 2 weeks on tue 19:00 from 2026-12-08", "every 2 weeks on tue 19:00 from 2026-12-08",
			"every 2 weeks on Tuesday at 19:00",
			[]string{"2026-12-08 19:00 Tue", "2026-12-22 19:00 Tue", "2027-01-05 19:00 Tue"}},
		{"from date moves to weekday", "every 3 weeks on fri 18:00 from 1 dec", "every 3 weeks on fri 18:00 from 2026-12-04",
			"every 3 weeks on Friday at 18:00",
			[]string{"2026-12-04 18:00 Fri", "2026-12-25 18:00 Fri"}},
		{"far anchor", "every 2 weeks on mon 00:00 from 2070-01-01", "every 2 weeks on mon 00:00 from 2070-01-06",
			"every 2 weeks on Monday at 00:00",
			[]string{"2070-01-06 00:00 Mon", "2070-01-20 00:00 Mon"}},
		{"one week is weekly", "every 1 week on sat 10:00", "every sat 10:00", "every Saturday at 10:00",
			[]string{"2026-11-28 10:00 Sat", "2026-12-05 10:00 Sat"}},
		{"monthly 1st", "every month on the 1st 10:00", "every month on the 1st 10:00", "every month on the 1st at 10:00",
			[]string{"2026-12-01 10:00 Tue", "2027-01-01 10:00 Fri", "2027-02-01 10:00 Mon"}},
		{"monthly 15th", "every month on the 15th 10:00", "every month on the 15th 10:00", "every month on the 15th at 10:00",
			[]string{"2026-12-15 10:00 Tue", "2027-01-15 10:00 Fri"}},
		{"monthly 22nd", "every month on 22 at 6:30am", "every month on the 22nd 06:30", "every month on the 22nd at 06:30",
			[]string{"2026-12-22 06:30 Tue"}},
		{"cron", `cron "0 19 * * 1"`, `cron "0 19 * * 1"`, "on the cron schedule “0 19 * * 1”",
			[]string{"2026-11-30 19:00 Mon", "2026-12-07 19:00 Mon"}},
		{"cron smart quotes", `CRON “0 19 * * 1”`, `cron "0 19 * * 1"`, "on the cron schedule “0 19 * * 1”",
			[]string{"2026-11-30 19:00 Mon"}},
		{"cron single quotes spaces", "cron '30  8 1 * *'", `cron "30 8 1 * *"`, "on the cron schedule “30 8 1 * *”",
			[]string{"2026-12-01 08:30 Tue"}},
		{"cron unquoted names", "cron 0 19 * * MON", `cron "0 19 * * mon"`, "on the cron schedule “0 19 * * mon”",
			[]string{"2026-11-30 19:00 Mon"}},
		{"cron dom or dow like crontab", `cron "0 9 1 * fri"`, `cron "0 9 1 * fri"`, "on the cron schedule “0 9 1 * fri”",
			[]string{"2026-11-27 09:00 Fri", "2026-12-01 09:00 Tue", "2026-12-04 09:00 Fri"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := ParseEvery(nil, tt.in, now, berlin)
			if err != nil {
				t.Fatalf("ParseEvery(nil, %q): %v", tt.in, err)
			}
			if got := r.String(); got != tt.canonical {
				t.Errorf("String() = %q, want %q", got, tt.canonical)
			}
			if got := r.Describe(); got != tt.describe {
				t.Errorf("Describe() = %q, want %q", got, tt.describe)
			}
			if got := nextN(r, now, berlin, len(tt.next)); !equal(got, tt.next) {
				t.Errorf("Next = %v, want %v", got, tt.next)
			}
			// The stored form must come back as the same schedule.
			back, err := ParseRecurrence(r.String())
			if err != nil {
				t.Fatalf("ParseRecurrence(%q): %v", r.String(), err)
			}
			if back.String() != r.String() || !equal(nextN(back, now, berlin, 5), nextN(r, now, berlin, 5)) {
				t.Errorf("round trip changed %q into %q", r.String(), back.String())
			}
		})
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestParseEveryErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"no time", "every monday", "Please add a time of day, like “every monday 19:00”."},
		{"31st", "every month on the 31st 10:00", "Pick a day from the 1st to the 28th"},
		{"0th", "every month on the 0th 10:00", "Pick a day from the 1st to the 28th"},
		{"zero weeks", "every 0 weeks on tue 19:00", "Use an interval from 1 to 52 weeks."},
		{"53 weeks", "every 53 weeks on tue 19:00", "Use an interval from 1 to 52 weeks."},
		{"bad hour", "every monday 25:00", "There is no 25:00"},
		{"13pm", "every day 13pm", "There is no 13pm"},
		{"unknown day", "every blursday 19:00", "I couldn't read the time at “blursday”: after “every” I expected a day or a schedule (day, weekday, monday, 2 weeks, month, year, solstice)."},
		{"number without weeks", "every 2 tue 19:00", "couldn't read"},
		{"from on weekly", "every tue 19:00 from 2026-12-01", "couldn't read"},
		{"anchor past year 9999", "every 2 weeks on sun 10:00 from 9999-12-31", "too far ahead"},
		{"anchor past 100 years", "every 2 weeks on sun 10:00 from 2200-01-01", "That start date is too far ahead; keep it under 100 years."},
		{"bad from date", "every 2 weeks on tue 19:00 from 31 feb", "There is no 31 Feb."},
		{"one-shot", "tomorrow 18:00", "“tomorrow 18:00” is a single time; here I need a repeating one"},
		{"garbage", "xyz", "I couldn't read the time “xyz”. Try: every monday 19:00, every day 08:00"},
		{"cron four fields", `cron "0 19 * *"`, "That cron schedule isn't valid; use 5 fields"},
		{"cron range", `cron "61 19 * * 1"`, "That cron schedule isn't valid"},
		{"cron tz", `cron "CRON_TZ=UTC 0 19 * *"`, "That cron schedule isn't valid"},
		{"cron descriptor", `cron "@daily"`, "That cron schedule isn't valid"},
		{"cron empty", "cron", "That cron schedule isn't valid"},
		{"cron glued word", "cronjob 0 19 * * 1", "couldn't read"},
		{"cron never", `cron "0 0 30 2 *"`, "That cron schedule never fires."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := ParseEvery(nil, tt.in, now, berlin)
			if err == nil {
				t.Fatalf("ParseEvery(nil, %q) = %q, want error %q", tt.in, r, tt.want)
			}
			checkErr(t, err, tt.want)
		})
	}
}

func TestParseRecurrenceNeedsAnchor(t *testing.T) {
	for _, in := range []string{"every 2 weeks on tue 19:00", "every 2 weeks on tue 19:00 from 1 dec", "tomorrow 18:00"} {
		if r, err := ParseRecurrence(in); err == nil {
			t.Errorf("ParseRecurrence(%q) = %q, want error", in, r)
		}
	}
}

func TestZeroRecurrenceHasNoNext(t *testing.T) {
	var r *Recurrence
	if got := r.Next(now, berlin); !got.IsZero() {
		t.Fatalf("nil Recurrence Next = %v, want zero", got)
	}
	if got := (&Recurrence{}).Next(now, berlin); !got.IsZero() {
		t.Fatalf("zero Recurrence Next = %v, want zero", got)
	}
}
