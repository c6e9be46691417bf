package story

import (
	"strings"
	"testing"
	"time"

	"folkmoot/bot"
)

// FuzzReadPast: any text gives a period or a refusal, never a panic; a period is one day or
// month long, and a refusal echoes nothing that could turn or hide the room's text.
func FuzzReadPast(f *testing.F) {
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	for _, s := range []string{"march", "mar 2026", "2026-03", "1 nov", "٢٠٢٦-١١-٠١", "29 feb", "someday soon", "\u202eevil", "31 feb 2025"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, month bool) {
		c := Day
		if month {
			c = Month
		}
		from, to, err := ReadPast(nil, s, c, "Try: march.", now, time.UTC)
		if err != nil {
			if msg := err.Error(); msg != bot.Inert(msg) || strings.Count(msg, "“") > 3 {
				t.Fatalf("ReadPast(%q) echoes what is not inert, or too much: %q", s, msg)
			}
			return
		}
		if want := from.AddDate(0, 0, 1); c == Month {
			want = from.AddDate(0, 1, 0)
			if to != want {
				t.Fatalf("ReadPast(%q) = %v – %v", s, from, to)
			}
		} else if to != want {
			t.Fatalf("ReadPast(%q) = %v – %v", s, from, to)
		}
	})
}
