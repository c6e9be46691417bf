package facts_test

import (
	"context"
	"slices"
	"testing"

	"folkmoot/bot"
	"folkmoot/facts"
	"folkmoot/store/storetest"
)

// Holders are the members holding a role now, by the start of their term: not a past, declined
// or handed-over term, nor another role's or another room's.
func TestHolders(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	room := bot.Room{Protocol: bot.Matrix, ID: "!a:example.org"}
	other := bot.Room{Protocol: bot.Matrix, ID: "!b:example.org"}
	for _, tm := range []struct {
		room                bot.Room
		role, member, state string
		started, ended      int64
	}{
		{room, "notetaker", "@zoe:example.org", "held", 200, 0},
		{room, "notetaker", "@rezan:example.org", "held", 100, 0},
		{room, "notetaker", "@ana:example.org", "held", 50, 90},      // past
		{room, "notetaker", "@bo:example.org", "declined", 150, 160}, // refused
		{room, "notetaker", "@cy:example.org", "handed", 120, 130},   // swapped away
		{room, "facilitator", "@dee:example.org", "held", 100, 0},
		{other, "notetaker", "@eve:example.org", "held", 100, 0},
	} {
		var ended any
		if tm.ended != 0 {
			ended = tm.ended
		}
		if _, err := db.ExecContext(ctx, `INSERT INTO role_terms (room, role, member, via, started_at, ended_at, state) VALUES (?, ?, ?, 'rotation', ?, ?, ?)`,
			tm.room.Key(), tm.role, tm.member, tm.started, ended, tm.state); err != nil {
			t.Fatal(err)
		}
	}
	got, err := facts.Holders(ctx, db, room, "notetaker")
	if want := []string{"@rezan:example.org", "@zoe:example.org"}; err != nil || !slices.Equal(got, want) {
		t.Fatalf("Holders = %v, %v; want %v", got, err, want)
	}
	if got, err := facts.Holders(ctx, db, room, "mediator"); err != nil || len(got) != 0 {
		t.Fatalf("a role nobody holds: %v, %v", got, err)
	}
}
