package roles_test

import (
	"strings"
	"testing"
	"time"

	"folkmoot/app/apptest"
)

// rotated reads "• role: who (next in line: next)" lines of a rotation notice.
func rotated(t *testing.T, notice string) (chosen, next map[string]string) {
	t.Helper()
	chosen, next = map[string]string{}, map[string]string{}
	for _, line := range strings.Split(notice, "\n") {
		role, rest, ok := strings.Cut(strings.TrimPrefix(line, "• "), ": ")
		if !ok || !strings.HasPrefix(line, "• ") {
			continue
		}
		who, after, _ := strings.Cut(rest, " (next in line: ")
		chosen[role] = strings.TrimSpace(who)
		next[role] = strings.TrimSuffix(after, ")")
	}
	if len(chosen) != 4 {
		t.Fatalf("not a rotation of the four roles:\n%s", notice)
	}
	return chosen, next
}

// forecasts reads "• role: … — next in line: who" lines of !roles.
func forecasts(roles string) map[string]string {
	out := map[string]string{}
	for _, line := range strings.Split(roles, "\n") {
		role, _, _ := strings.Cut(strings.TrimPrefix(line, "• "), ":")
		if _, who, ok := strings.Cut(line, " — next in line: "); ok {
			out[role] = strings.TrimSpace(strings.Split(who, " — ")[0])
		}
	}
	return out
}

// What !roles forecasts, the rotation does, even minutes later; and the notice's "next in
// line" is whom the following rotation picks.
func TestRotationForecastsComeTrue(t *testing.T) {
	kit := apptest.New(t, own())
	room := kit.Room("a")
	room.Admin("ana")
	for _, m := range []string{"ana", "bo", "cy", "dee", "eli"} {
		room.SayOne(t, m, "!join")
		kit.Advance(t, 3*time.Second) // people join at different moments
	}
	before := forecasts(room.SayOne(t, "ana", "!roles"))
	kit.Advance(t, 10*time.Minute)
	chosen, next := rotated(t, room.SayOne(t, "ana", "!rotate"))
	after := forecasts(room.SayOne(t, "ana", "!roles"))
	kit.Advance(t, 13*time.Hour) // past the time to decline
	again, _ := rotated(t, room.SayOne(t, "ana", "!rotate"))
	for role := range chosen {
		if before[role] != chosen[role] {
			t.Errorf("%s: !roles forecast %q, the rotation chose %q", role, before[role], chosen[role])
		}
		if next[role] != after[role] {
			t.Errorf("%s: the notice said next %q, !roles says %q", role, next[role], after[role])
		}
		if again[role] != next[role] {
			t.Errorf("%s: the notice said next %q, the next rotation chose %q", role, next[role], again[role])
		}
	}
}

// TestNextInLineIsOneAnswer: the notice, !roles, !why and the answer to !decline name the
// same next in line, and the next rotation chooses them; a draw is said to be one.
func TestNextInLineIsOneAnswer(t *testing.T) {
	kit := apptest.New(t, own())
	room := kit.Room("a")
	room.Admin("ana")
	room.SayOne(t, "ana", "!role add cook")
	for _, m := range []string{"ana", "bo", "cy"} {
		room.SayOne(t, m, "!join cook") // all at the same moment: only the draw tells them apart
	}
	notice := room.SayOne(t, "ana", "!rotate cook")
	_, after, ok := strings.Cut(notice, "(next in line: ")
	if !ok {
		t.Fatalf("notice names no next in line:\n%s", notice)
	}
	next := strings.Split(after, ")")[0]
	apptest.Has(t, "!roles", room.SayOne(t, "ana", "!roles"), "next in line: "+next)
	why := room.SayOne(t, "ana", "!why cook")
	apptest.Has(t, "!why", why, "Next in line: "+next+".", "a draw fixed in advance decided")
	apptest.Lacks(t, "!why", why, "Next: ")

	// The chosen one declines: the answer's next in line is !roles's.
	chosen := strings.TrimSpace(strings.Split(strings.Split(notice, "• cook: ")[1], "(")[0])
	declined := room.SayOne(t, chosen, "!decline busy")
	_, after, ok = strings.Cut(declined, "Next in line: ")
	if !ok {
		t.Fatalf("decline answer names no next in line:\n%s", declined)
	}
	next = strings.TrimSuffix(strings.Split(after, " ")[0], ".")
	apptest.Has(t, "!roles after decline", room.SayOne(t, "ana", "!roles"), "next in line: "+next)
	apptest.Has(t, "!why after decline", room.SayOne(t, "ana", "!why cook"), "Next in line: "+next+".")
	kit.Advance(t, 13*time.Hour)
	apptest.Has(t, "the next rotation", room.SayOne(t, "ana", "!rotate cook"), "• cook: "+next+" (")
}

// TestAloneInThePool: with one member in a pool, the notice does not call them their own
// next in line.
func TestAloneInThePool(t *testing.T) {
	room := apptest.New(t, own()).Room("a")
	room.Admin("ana")
	room.SayOne(t, "ana", "!role add cook")
	room.SayOne(t, "ana", "!join cook")
	got := room.Answers(t, "ana", "!rotate cook", "• cook: ana (again next time: nobody else in its pool is free)")
	apptest.Lacks(t, "notice", got, "next in line: ana")
	apptest.Has(t, "!why", room.SayOne(t, "ana", "!why cook"), "Next in line: ana again, as nobody else in its pool is free.")
}

// TestWhyAgreesWithTheNoticeForEveryRole: roles rotated together are forecast together,
// so !why names, role by role, the next in line the notice named.
func TestWhyAgreesWithTheNoticeForEveryRole(t *testing.T) {
	room := apptest.New(t, own()).Room("a")
	room.Admin("ana")
	for _, m := range []string{"ana", "bo", "cy"} {
		room.SayOne(t, m, "!join")
	}
	_, next := rotated(t, room.SayOne(t, "ana", "!rotate"))
	for role, who := range next {
		apptest.Has(t, "!why "+role, room.SayOne(t, "ana", "!why "+role), "Next in line: "+who+".")
	}
}
