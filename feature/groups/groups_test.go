package groups_test

import (
	"context"
	"slices"
	"testing"

	"folkmoot/app/apptest"
	"folkmoot/feature/groups"
	"folkmoot/words"
)

func groupRoom(t *testing.T) (*apptest.Kit, *apptest.Room) {
	t.Helper()
	kit := apptest.New(t, groups.Feature())
	room := kit.Room("assembly")
	room.Admin("ana")
	return kit, room
}

// Members declare their own groups; the room sees a count, and names only of those who show
// themselves; parity reads the members.
func TestMembersDeclareTheirOwnGroups(t *testing.T) {
	kit, room := groupRoom(t)
	apptest.Has(t, "none yet", room.SayOne(t, "bo", "!groups"), "This room has no groups yet.")
	apptest.Has(t, "added", room.SayOne(t, "ana", "!group add Women"), "The group Women is added.", "!group join Women")
	apptest.Has(t, "joined", room.SayOne(t, "bo", "!group join women"), "You are in the group Women. Only the count shows")
	apptest.Has(t, "again", room.SayOne(t, "bo", "!group join WOMEN"), "You are in the group Women already.")
	apptest.Has(t, "shown", room.SayOne(t, "cy", "!group join women --shown"), "cy is in the group Women, and shows it.")
	room.Say(t, "dan", "!group join Wömen")
	got := room.SayOne(t, "eve", "!groups")
	apptest.Has(t, "listed", got, "• Women: 3 members (shown by cy)")
	apptest.Lacks(t, "listed", got, "bo", "dan")
	apptest.Has(t, "left", room.SayOne(t, "dan", "!group leave women"), "You have left the group Women.")
	apptest.Has(t, "not in", room.SayOne(t, "dan", "!group leave women"), "You are not in the group Women.")
	apptest.Has(t, "show", room.SayOne(t, "bo", "!group show women"), "bo shows being in the group Women.")
	apptest.Has(t, "hide", room.SayOne(t, "cy", "!group hide women"), "Your membership of Women is hidden again")
	apptest.Has(t, "listed again", room.SayOne(t, "eve", "!groups"), "• Women: 2 members (shown by bo)")

	name, ids, err := groups.Members(context.Background(), kit.App.DB, words.For("en"), "!", room.Room, "women")
	if want := []string{"bo@example.org", "cy@example.org"}; err != nil || name != "Women" || !slices.Equal(ids, want) {
		t.Errorf("Members = %q %q %v, want Women %q", name, ids, err, want)
	}
	apptest.Has(t, "removed", room.SayOne(t, "ana", "!group remove women"), "The group Women is removed, with its 2 members' declarations.")
	apptest.Has(t, "gone", room.SayOne(t, "bo", "!groups"), "This room has no groups yet.")
}

// Bad input is answered, and nothing changes.
func TestGroupInputIsChecked(t *testing.T) {
	_, room := groupRoom(t)
	room.Say(t, "ana", "!group add renters")
	tests := []struct{ who, in, want string }{
		{"bo", "!group add women", "Only the room's facilitator"},
		{"bo", "!group remove renters", "Only the room's facilitator"},
		{"ana", "!group add", "Say which group."},
		{"ana", "!group add \u200b", "something to see"},
		{"ana", "!group add aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "up to 40 characters"},
		{"ana", "!group add Renters", "The group renters exists already."},
		{"bo", "!group join women", "There is no group “women” in this room; there are: renters."},
		{"bo", "!group leave youth", "There is no group “youth”"},
		{"bo", "!group show renters", "You are not in the group renters."},
		{"bo", "!group leave --shown renters", "only go with !group join"},
		{"bo", "!group joni women", "Usage: !group add <name>"},
	}
	for _, tt := range tests {
		apptest.Has(t, tt.in, room.SayOne(t, tt.who, tt.in), tt.want)
	}
	apptest.Has(t, "unchanged", room.SayOne(t, "bo", "!groups"), "• renters: 0 members")
}
