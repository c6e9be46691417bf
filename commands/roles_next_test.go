package commands_test

import (
	"strings"
	"testing"

	"folkmoot/bot/bottest"
)

// The notice's "next in line" is who the following rotation picks, as !roles says.
func TestRotationNoticeNamesTheNextRotation(t *testing.T) {
	kit := bottest.New(t)
	room := kit.Room("a")
	room.Admin("ana")
	for _, m := range []string{"ana", "bo", "cy", "dee", "eli"} {
		room.SayOne(t, m, "!join")
	}
	notice := room.SayOne(t, "ana", "!rotate facilitator")
	roles := room.SayOne(t, "ana", "!roles")
	i := strings.Index(notice, "(next in line: ")
	if i < 0 {
		t.Fatalf("notice: %s", notice)
	}
	next := notice[i+len("(next in line: ") : i+strings.Index(notice[i:], ")")]
	if !strings.Contains(roles, "— next in line: "+next) {
		t.Fatalf("notice says next %q but !roles says:\n%s", next, roles)
	}
	kit.Advance(t, 13*60*60*1e9) // past the time to decline
	again := room.SayOne(t, "ana", "!rotate facilitator")
	if !strings.Contains(again, "facilitator: "+next) {
		t.Fatalf("the next rotation chose otherwise than announced (%s):\n%s", next, again)
	}
}
