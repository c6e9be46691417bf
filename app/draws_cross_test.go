package app_test

import (
	"strings"
	"testing"
	"time"

	"folkmoot/app"
	"folkmoot/app/apptest"
)

// A draw from a group, or with parity, posts every candidate's side, so only members who
// show their membership are drawn as the group's; those who keep it hidden are told so.
func TestDrawsFromAGroupAndWithParity(t *testing.T) {
	kit := apptest.New(t, app.Features()...)
	room := kit.Room("assembly")
	room.Admin("ana")
	room.Say(t, "ana", "!group add women")
	room.Say(t, "bo", "!group join women --shown")
	room.Say(t, "cy", "!group join women")
	room.Say(t, "dee", "!group join women --shown")
	for _, who := range []string{"eve", "fay"} {
		room.Say(t, who, "hello")
	}
	got := room.SayOne(t, "ana", "!draw 1 from group women")
	apptest.Has(t, "from a group", got, "Draw #1: 1 member from the members of women",
		"1 member of women keeps their membership hidden, and is not among the candidates",
		"The candidates, in order (2): bo (bo@example.org), dee (dee@example.org)")

	apptest.Has(t, "one seat", room.SayOne(t, "ana", "!draw 1 from members --parity women"), "draw 2 members or more")
	apptest.Has(t, "unknown group", room.SayOne(t, "ana", "!draw 2 from members --parity youth"), "There is no group “youth”")
	got = room.SayOne(t, "ana", "!draw 2 from members --parity women")
	apptest.Has(t, "with parity", got, "Parity with women: the first in the draw's order who is of the group (bo, dee) and the first who is not take two seats")
	apptest.Lacks(t, "the hidden member is no candidate", got, "cy@example.org")

	notices := strings.Join(apptest.Texts(kit.Advance(t, 10*time.Minute)), "\n")
	drawn := lineWith(notices, "Draw #2 from the members: drawn, ")
	group, others := 0, 0
	for _, who := range []string{"bo", "dee"} {
		if strings.Contains(drawn, who) {
			group++
		}
	}
	for _, who := range []string{"ana", "eve", "fay"} {
		if strings.Contains(drawn, who) {
			others++
		}
	}
	if group != 1 || others != 1 {
		t.Errorf("a parity draw seats one of each side: %q", drawn)
	}
}
