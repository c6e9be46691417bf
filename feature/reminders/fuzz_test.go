package reminders

import (
	"strings"
	"testing"
	"time"
)

// FuzzLeadingWhen: whatever is typed, the time read is after now (a reminder never fires
// early), on a whole second, and takes no more words than were given.
func FuzzLeadingWhen(f *testing.F) {
	for _, s := range []string{"fri 18:00 bring cake", "every monday 19:00 assembly", "every solstice walk", "in 90m tea",
		`cron "0 19 * * 1" x`, "every", "every year on 1 mar review", "in 1s"} {
		f.Add(s, int64(700))
	}
	loc, _ := time.LoadLocation("Europe/Berlin")
	f.Fuzz(func(t *testing.T, in string, ms int64) {
		now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC).Add(time.Duration(ms%1000) * time.Millisecond)
		words := strings.Fields(in)
		w, n, err := leadingWhen(nil, words, now, loc)
		if err != nil {
			return
		}
		if !w.due.After(now) || n < 1 || n > len(words) || w.due.Nanosecond() != 0 {
			t.Fatalf("leadingWhen(%q) at %s = %s, %d words", in, now, w.due, n)
		}
	})
}
