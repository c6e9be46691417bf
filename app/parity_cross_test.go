package app_test

import (
	"strings"
	"testing"
	"time"

	"folkmoot/app"
	"folkmoot/app/apptest"
)

// A role with parity takes, in every term, a member of the group and a member not of it;
// within each side the rotation stays fair; a declined seat goes to the same side; and the
// room is told plainly when the pool cannot keep it. Groups are the members' own words.
func TestParityInRotation(t *testing.T) {
	kit := apptest.New(t, app.Features()...)
	room := kit.Room("assembly")
	room.Admin("ana")
	women := []string{"bo", "cy"}
	room.Say(t, "ana", "!group add women")
	for _, who := range women {
		room.Say(t, who, "!group join women")
	}
	apptest.Has(t, "one seat", room.SayOne(t, "ana", "!role add cochair --parity women"), "Parity shares a role's seats between a group and the others: add --seats 2")
	apptest.Has(t, "unknown group", room.SayOne(t, "ana", "!role add cochair --seats 2 --parity youth"), "There is no group “youth” in this room; there are: women.")
	apptest.Has(t, "nothing added", room.SayOne(t, "ana", "!roles"), "• facilitator")
	apptest.Lacks(t, "nothing added", room.SayOne(t, "ana", "!roles"), "cochair")
	apptest.Has(t, "added", room.SayOne(t, "ana", "!role add cochair --seats 2 --parity Women"),
		"Added the role cochair (2 seats): each term takes a member of women and a member not of it, when the pool allows")
	for _, who := range []string{"bo", "cy", "dan", "eve", "fay", "gus"} {
		room.Say(t, who, "!join cochair")
	}
	apptest.Has(t, "listed", room.SayOne(t, "ana", "!roles"), "cochair (2 seats), parity with women")

	terms := map[string]int{}
	var holder string // the member of the group chosen last
	for week := range 8 {
		kit.Clock.Set(kit.Clock.Now().Add(7 * 24 * time.Hour))
		notice := room.SayOne(t, "ana", "!rotate cochair")
		line, _, _ := strings.Cut(lineWith(notice, "• cochair: "), " (next in line") // the chosen only
		inGroup := 0
		for _, who := range []string{"bo", "cy", "dan", "eve", "fay", "gus"} {
			if strings.Contains(line, who) {
				terms[who]++
				if who == "bo" || who == "cy" {
					inGroup, holder = inGroup+1, who
				}
			}
		}
		if inGroup != 1 {
			t.Fatalf("week %d: %q has %d members of the group, want 1", week, line, inGroup)
		}
	}
	// 8 terms: the group's seat shared by 2, the other seat by 4.
	for who, want := range map[string]int{"bo": 4, "cy": 4, "dan": 2, "eve": 2, "fay": 2, "gus": 2} {
		if terms[who] != want {
			t.Errorf("%s held cochair %d times, want %d (%v)", who, terms[who], want, terms)
		}
	}
	apptest.Has(t, "why", room.SayOne(t, "dan", "!why cochair"), "Parity with women: each term has a member of the group and a member not of it")

	// The member of the group declines: the seat goes to the other member of the group.
	other := map[string]string{"bo": "cy", "cy": "bo"}[holder]
	apptest.Has(t, "declined", room.SayOne(t, holder, "!decline cochair"), other+" is asked instead")

	// Nobody of the group can take a seat: the rotation says so.
	for _, who := range women {
		apptest.Has(t, "away", room.SayOne(t, who, "!away for 2 weeks"), "away")
	}
	kit.Clock.Set(kit.Clock.Now().Add(24 * time.Hour))
	apptest.Has(t, "short", room.SayOne(t, "ana", "!rotate cochair"), "Parity with women cannot be kept this time: no member of the group can take a seat now.")
}

// lineWith is the line of text that contains part, or "".
func lineWith(text, part string) string {
	for _, line := range strings.Split(text, "\n") {
		if strings.Contains(line, part) {
			return line
		}
	}
	return ""
}
