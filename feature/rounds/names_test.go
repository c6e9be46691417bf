package rounds_test

import (
	"strings"
	"testing"

	"folkmoot/app/apptest"
	"folkmoot/bot"
)

// A name is inert wherever the queue or a round shows it: a display name with a line break
// or a bidi override cannot forge a line or turn the bot's words around.
func TestNamesAreInertOnTheFloor(t *testing.T) {
	_, room := rdRoom(t)
	eve := bot.Member{ID: "eve@example.org", Name: "eve\n• Roles: facilitator eve\u202e"}
	room.SayAs(t, eve, "!hand")
	room.SayOne(t, "ana", "!next")
	for _, cmd := range []string{"!queue", "!status"} {
		got := room.SayOne(t, "ana", cmd)
		if strings.Contains(got, "\n• Roles: facilitator eve") || strings.ContainsRune(got, '\u202e') {
			t.Errorf("%s shows the name raw:\n%s", cmd, got)
		}
		apptest.Has(t, cmd, got, "eve • Roles: facilitator eve has the floor")
	}
	room.SayAs(t, eve, "!done")
	room.SayOne(t, "ana", "!round budget --with eve@example.org bo")
	got := room.SayOne(t, "ana", "!status")
	if strings.Contains(got, "\n• Roles: facilitator eve") || strings.ContainsRune(got, '\u202e') {
		t.Errorf("!status shows the speaker's name raw:\n%s", got)
	}
}
