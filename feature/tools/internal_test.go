package tools

import (
	"strings"
	"testing"

	"folkmoot/vote"
	"folkmoot/words"
)

// Review votes opened before the choice (majority yes/no) still close into a decision.
func TestReviewVerdict(t *testing.T) {
	counts := func(ns ...int) []vote.Count {
		var out []vote.Count
		for i, n := range ns {
			out = append(out, vote.Count{Option: reviewOptions(nil)[i], N: n})
		}
		return out
	}
	tests := []struct {
		name string
		v    vote.Vote
		want string
	}{
		{"majority yes", vote.Vote{Outcome: vote.Passed}, "keep"},
		{"majority no", vote.Vote{Outcome: vote.Rejected}, "replace or drop"},
		{"choice drop", vote.Vote{Outcome: vote.Decided, FinalCounts: counts(1, 0, 3)}, "drop"},
		{"choice keep", vote.Vote{Outcome: vote.Decided, FinalCounts: counts(2, 1, 0)}, "keep"},
		{"tie", vote.Vote{Outcome: vote.Tied, FinalCounts: counts(1, 1, 0)}, ""},
		{"nobody", vote.Vote{Outcome: vote.NoDecision}, ""},
	}
	for _, tc := range tests {
		if got := reviewVerdict(tc.v); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

// A review vote's options are labelled in the room's language, and its verdict read from
// their keys, whatever the labels said.
func TestReviewOptionsInTheRoomsLanguage(t *testing.T) {
	var labels []string
	for _, o := range reviewOptions(words.For("es")) {
		labels = append(labels, o.Key+"="+o.Label)
	}
	if got := strings.Join(labels, " "); got != "1=mantener 2=sustituir 3=abandonar" {
		t.Errorf("es options: %s", got)
	}
	v := vote.Vote{Outcome: vote.Decided, FinalCounts: []vote.Count{{Option: vote.Option{Key: "1", Label: "إبقاء"}, N: 1},
		{Option: vote.Option{Key: "2", Label: "استبدال"}, N: 3}, {Option: vote.Option{Key: "3", Label: "ترك"}}}}
	if got := reviewVerdict(v); got != "replace" {
		t.Errorf("verdict of an Arabic vote: %q", got)
	}
}
