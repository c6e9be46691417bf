package console_test

import (
	"strings"
	"testing"
)

// TestTimeTakesCalendarLengths: /time moves the clock by calendar months and years too, and a
// refusal names the units (issue 19: "/time +1y" was refused without naming them).
func TestTimeTakesCalendarLengths(t *testing.T) {
	s := start(t)
	tests := []struct{ in, want string }{
		{"/time +1y", "console: the time is now Thu 25 Nov 2027 10:00 CET"},
		{"/time +2mo", "console: the time is now Tue 25 Jan 2028 10:00 CET"},
		{"/time +1h30", "console: the time is now Tue 25 Jan 2028 11:30 CET"},
		{"/time at 18h", "console: the time is now Tue 25 Jan 2028 18:00 CET"},
		{"/time +1x", "units: s, m (minutes), h, d, w, mo (months), y (years)"},
		{"/time +soon", "I couldn't read the duration “soon”"},
		{"/time soon", "units: s, m (minutes), h, d, w, mo (months), y (years)"},
		{"/time 18h", "“18h” could be 18:00 or in 18 hours"},
		{"/time +99999999y", "too far ahead"},
	}
	for _, tt := range tests {
		if got := s.say(t, tt.in); !strings.Contains(got, tt.want) {
			t.Errorf("%q printed %q, want %q", tt.in, got, tt.want)
		}
	}
	s.close(t)
}
