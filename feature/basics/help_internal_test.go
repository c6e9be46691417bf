package basics

import (
	"testing"

	"folkmoot/bot"
)

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

func TestDeclaredHelpMarksCode(t *testing.T) {
	doc := bot.NewDoc(bot.P(declared("Lists terms; `delegate` lists mandates.")))
	if got := doc.HTML(nil); got != "Lists terms; <code>delegate</code> lists mandates." {
		t.Errorf("HTML = %q", got)
	}
	if body, unstyled := doc.Styled(nil); unstyled || body != "Lists terms; `delegate` lists mandates." {
		t.Errorf("XEP-0393 = %q (unstyled %v)", body, unstyled)
	}
}
