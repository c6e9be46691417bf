package tools

import (
	"testing"

	"folkmoot/vote"
)

// Review votes opened before the choice (majority yes/no) still close into a decision.
func TestReviewVerdict(t *testing.T) {
	counts := func(ns ...int) []vote.Count {
		var out []vote.Count
		for i, n := range ns {
			out = append(out, vote.Count{Option: reviewOptions[i], N: n})
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
