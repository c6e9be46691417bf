package apptest

import (
	"strings"
	"testing"
)

// Has fails the test unless got contains every part; what names the answer in the failure.
func Has(t testing.TB, what, got string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(got, p) {
			t.Errorf("%s lacks %q:\n%s", what, p, got)
		}
	}
}

// Lacks fails the test if got contains any of the parts.
func Lacks(t testing.TB, what, got string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if strings.Contains(got, p) {
			t.Errorf("%s shows %q:\n%s", what, p, got)
		}
	}
}

// Answers is SayOne with a check: who says text, and the one answer must contain parts.
func (r *Room) Answers(t testing.TB, who, text string, parts ...string) string {
	t.Helper()
	got := r.SayOne(t, who, text)
	Has(t, who+" says "+text, got, parts...)
	return got
}

// MentionIDs lists the IDs of the members a posted reply notifies.
func MentionIDs(p Posted) []string {
	var ids []string
	for _, m := range p.Reply.AllMentions() {
		ids = append(ids, m.ID)
	}
	return ids
}
