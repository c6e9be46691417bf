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
	kit := apptest.New(t)
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
