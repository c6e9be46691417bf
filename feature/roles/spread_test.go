package roles_test

import (
	"fmt"
	"strings"
	"testing"

	"folkmoot/app/apptest"
)

// rlLoads reads from !roles how many roles each member holds.
func rlLoads(t *testing.T, room *apptest.Room) map[string][]string {
	t.Helper()
	loads := map[string][]string{}
	for _, role := range []string{"facilitator", "notetaker", "mediator", "timekeeper"} {
		if h := rlHolder(t, room, role); h != "" {
			loads[h] = append(loads[h], role)
		}
	}
	return loads
}

// After a decline the seat goes to whoever holds the fewest roles: with three members and
// four roles, nobody ends up with three roles while another has one (issue 19). Several
// rooms, so several draws: the outcome must not depend on luck.
func TestDeclineSpreadsTheRoles(t *testing.T) {
	kit := apptest.New(t, own())
	for i := range 8 {
		room := kit.Room(fmt.Sprintf("room-%d", i))
		room.Admin("ana")
		for _, m := range []string{"ana", "bo", "cy"} {
			room.SayOne(t, m, "!join")
		}
		room.SayOne(t, "ana", "!rotate")
		loads := rlLoads(t, room)
		// Each member holding one role declines it in turn; whoever is asked instead is
		// one of those holding the fewest roles among the others.
		for _, m := range []string{"ana", "bo", "cy"} {
			if len(loads[m]) != 1 {
				continue
			}
			role := loads[m][0]
			got := room.SayOne(t, m, "!decline "+role+" busy")
			after := rlLoads(t, room)
			asked := rlHolder(t, room, role)
			for _, other := range []string{"ana", "bo", "cy"} {
				if other == m || other == asked || asked == "" {
					continue
				}
				if len(after[asked]) > len(after[other])+1 {
					t.Errorf("room %d: after %s declined %s, %s holds %v while %s holds %v:\n%s",
						i, m, role, asked, after[asked], other, after[other], got)
				}
			}
			loads = after
		}
		if t.Failed() {
			t.Logf("room %d: %s", i, strings.ReplaceAll(room.SayOne(t, "ana", "!roles"), "\n", " ⏎ "))
		}
	}
}
