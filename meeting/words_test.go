package meeting

import (
	"strings"
	"testing"
)

func TestTitleText(t *testing.T) {
	tests := []struct {
		title, want string
	}{
		{"", "untitled"},
		{"Plenary", "“Plenary”"},
		{"Zoë 🌻 and رێزان", "“Zoë 🌻 and رێزان”"},
		{"two\nlines", "“two lines”"},
		{strings.Repeat("ب", 200), "“" + strings.Repeat("ب", 79) + "…”"},
	}
	for _, tc := range tests {
		if got := (Meeting{Title: tc.title}).TitleText(nil); got != tc.want {
			t.Errorf("TitleText(%q) = %q, want %q", tc.title, got, tc.want)
		}
	}
}

func TestCounts(t *testing.T) {
	tests := []struct {
		kinds []string
		want  string
	}{
		{nil, "nothing recorded"},
		{[]string{ItemNote}, "1 note"},
		{[]string{ItemAction, ItemTopic, ItemTopic, ItemDissent, ItemDecision, ItemLink, ItemIdea},
			"2 topics, 1 decision, 1 dissent, 1 action, 1 idea, 1 link"},
	}
	for _, tc := range tests {
		var items []Item
		for _, k := range tc.kinds {
			items = append(items, Item{Kind: k})
		}
		if got := Counts(nil, items); got != tc.want {
			t.Errorf("Counts(%v) = %q, want %q", tc.kinds, got, tc.want)
		}
	}
}
