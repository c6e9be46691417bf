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
