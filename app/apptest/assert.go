package apptest

import (
	"strings"
	"testing"
)

// Has fails the test unless got contains every part; what names the answer in the failure.
// The bidi isolates a right-to-left room's replies carry around names and numbers are
// invisible, and not compared: TestIsolatesReachARightToLeftRoom checks they are there.
func Has(t testing.TB, what, got string, parts ...string) {
	t.Helper()
	plain := WithoutIsolates(got)
	for _, p := range parts {
		if !strings.Contains(plain, p) {
			t.Errorf("%s lacks %q:\n%s", what, p, got)
		}
	}
}

// Lacks fails the test if got contains any of the parts.
func Lacks(t testing.TB, what, got string, parts ...string) {
	t.Helper()
	plain := WithoutIsolates(got)
	for _, p := range parts {
		if strings.Contains(plain, p) {
			t.Errorf("%s shows %q:\n%s", what, p, got)
		}
	}
}

// isolates are the bidi isolates (LRI, RLI, FSI, PDI).
var isolates = strings.NewReplacer("\u2066", "", "\u2067", "", "\u2068", "", "\u2069", "")

// WithoutIsolates is text as a test compares it: without the bidi isolates.
func WithoutIsolates(text string) string { return isolates.Replace(text) }

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
