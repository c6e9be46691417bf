package votes_test

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"testing"

	"folkmoot/app/apptest"
	"folkmoot/bot"
	"folkmoot/feature/votes"
	"folkmoot/hooks"
)

// allocsPerNotice opens n votes at once, so their day-before closing-soon notices fall due
// together, fires them, and returns the heap allocations per notice: a count that does not
// depend on how busy the machine is.
func allocsPerNotice(t *testing.T, n int) float64 {
	t.Helper()
	kit := apptest.New(t, features()...)
	room := kit.Room("assembly")
	room.Say(t, "bo", "hello") // someone who has not voted, so each notice speaks
	ctx := context.Background()
	env := openEnv(kit)
	err := kit.App.DB.InTx(ctx, func(tx *sql.Tx) error {
		for i := range n {
			q := fmt.Sprintf("Paint the hall 🌻 %d?", i)
			if _, _, err := votes.OpenInTx(ctx, env, tx, hooks.LinkedVote{Room: room.Room, Opener: bot.Member{ID: "folkmoot", Name: "the test"}, Question: q}, kit.Clock.Now()); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	kit.App.Bot.Flush(ctx)
	kit.Transport.Take()
	s := kit.Config.Section("votes").(*votes.Settings)
	kit.Clock.Set(kit.Clock.Now().Add(s.DefaultDuration.Duration - s.ClosingSoon[0].Duration))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fired, err := kit.App.Sched.FireDue(ctx)
	runtime.ReadMemStats(&after)
	if err != nil || fired != n {
		t.Fatalf("fired %d notices (%v), want %d", fired, err, n)
	}
	return float64(after.Mallocs-before.Mallocs) / float64(n)
}

// Closing-soon notices due together cost the same each however many there are: a notice
// reads its own vote's pending notices, not every one of the room (which made a burst of n
// cost n²: four times the votes, four times the work per notice).
func TestClosingSoonNoticesCostLinearTime(t *testing.T) {
	few, many := allocsPerNotice(t, 100), allocsPerNotice(t, 400)
	t.Logf("%.0f allocations per notice among 100, %.0f among 400", few, many)
	if many > 1.5*few {
		t.Fatalf("%.0f allocations per notice among 400, %.0f among 100: the cost per notice grows with their number", many, few)
	}
}
