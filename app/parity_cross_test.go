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

	// Twelve terms; after the sixth the pool changes: dan leaves it, and hal joins it and the
	// group. Every term holds one member of the group and one not of it, and each side
	// shares its seat evenly among those in it.
	terms := map[string]int{}
	var holder string // the member of the group chosen last
	group := map[string]bool{"bo": true, "cy": true}
	for week := range 12 {
		if week == 6 {
			room.Say(t, "dan", "!leave cochair")
			room.Say(t, "hal", "!group join women")
			room.Say(t, "hal", "!join cochair")
			group["hal"] = true
		}
		kit.Clock.Set(kit.Clock.Now().Add(7 * 24 * time.Hour))
		notice := room.SayOne(t, "ana", "!rotate cochair")
		line, _, _ := strings.Cut(lineWith(notice, "• cochair: "), " (next in line") // the chosen only
		inGroup := 0
		for _, who := range []string{"bo", "cy", "dan", "eve", "fay", "gus", "hal"} {
			if strings.Contains(line, who) {
				terms[who]++
				if group[who] {
					inGroup, holder = inGroup+1, who
				}
			}
		}
		if inGroup != 1 {
			t.Fatalf("week %d: %q has %d members of the group, want 1", week, line, inGroup)
		}
	}
	// The group's 12 seats: bo and cy 3 each in the first six terms, then shared by three
	// (hal catching up first); the others' 12: 6 among four, then 6 among three.
	if terms["bo"]+terms["cy"]+terms["hal"] != 12 || terms["hal"] < 2 || terms["bo"] < 4 || terms["cy"] < 4 {
		t.Errorf("the group's seat: %v", terms)
	}
	if terms["dan"] > 2 || terms["eve"] < 3 || terms["fay"] < 3 || terms["gus"] < 3 {
		t.Errorf("the other seat: %v", terms)
	}
	apptest.Has(t, "why", room.SayOne(t, "dan", "!why cochair"), "Parity with women: each term has a member of the group and a member not of it")

	// The member of the group declines: the seat goes to the other member of the group.
	other := map[string]string{"bo": "cy", "cy": "bo"}[holder]
	apptest.Has(t, "declined", room.SayOne(t, holder, "!decline cochair"), other+" is asked instead")

	// Nobody of the group can take a seat: the rotation says so.
	for _, who := range []string{"bo", "cy", "hal"} {
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
