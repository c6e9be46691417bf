package roles

import (
	"strings"
	"testing"
)

func TestIsAtMeeting(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"meeting", true}, {"every meeting", true}, {"at meeting start", true}, {"At the start of each meeting.", true},
		{"each meeting", true}, {"Meetings", true},
		{"every monday 19:00", false}, {"off", false}, {"", false}, {"meeting meeting", false}, {"every meeting monday", false},
	}
	for _, tc := range tests {
		if got := isAtMeeting(strings.Fields(tc.in)); got != tc.want {
			t.Errorf("isAtMeeting(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

// isAtMeeting never panics, and says yes only to words that name a meeting once.
func FuzzIsAtMeeting(f *testing.F) {
	for _, s := range []string{"meeting", "at the start of each meeting", "every monday", "meeting's start", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		words := strings.Fields(s)
		if isAtMeeting(words) && !strings.Contains(strings.ToLower(s), "meeting") {
			t.Fatalf("%q read as a meeting schedule", s)
		}
	})
}
