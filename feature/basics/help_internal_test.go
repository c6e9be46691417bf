package basics

import "testing"

func TestFirstSentence(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Lists the commands. Then more.", "Lists the commands."},
		{"Shows the room's timezone, or sets it (a city is answered). Times are read in it.", "Shows the room's timezone, or sets it."},
		{"Objects in the open consensus vote (it still passes if more agree than object).", "Objects in the open consensus vote."},
		{"Lists the open tasks; mine: yours; overdue: those past their due time; all: also those done or dropped in the last 30 days.", "Lists the open tasks."},
		{"Short; kept whole.", "Short; kept whole."},
		{"An unclosed (aside stays.", "An unclosed (aside stays."},
		{"", ""},
	}
	for _, tt := range tests {
		if got := firstSentence(tt.in); got != tt.want {
			t.Errorf("firstSentence(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
