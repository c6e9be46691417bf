package tasks

import (
	"context"
	"errors"
	"testing"
	"time"

	"folkmoot/bot"
	"folkmoot/store/storetest"
	"folkmoot/task"
)

var (
	roleRoom  = bot.Room{Protocol: bot.XMPP, ID: "assembly@conference.example.org"}
	otherRoom = bot.Room{Protocol: bot.Matrix, ID: "!other:example.org"}
	rt0       = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
)

func TestTasks(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	add := func(room bot.Room, text string, due time.Duration) task.Task {
		tk := task.Task{Room: room, Text: text, CreatedBy: bot.Member{ID: "ana@example.org", Name: "ana"}, CreatedAt: rt0}
		if due != 0 {
			tk.Due = rt0.Add(due)
		}
		if err := createTask(ctx, db, &tk); err != nil {
			t.Fatal(err)
		}
		return tk
	}
	t1 := add(roleRoom, "paint", 48*time.Hour)
	t2 := add(roleRoom, "sweep", 0)
	t3 := add(roleRoom, "fix", time.Hour)
	o1 := add(otherRoom, "elsewhere", 0)
	if t1.Number != 1 || t2.Number != 2 || t3.Number != 3 || o1.Number != 1 {
		t.Fatalf("numbers %d %d %d %d: per room", t1.Number, t2.Number, t3.Number, o1.Number)
	}
	open, err := ListOpen(ctx, db, roleRoom)
	if err != nil || len(open) != 3 || open[0].Number != 3 || open[1].Number != 1 || open[2].Number != 2 {
		t.Fatalf("open: soonest due first, then those without: %+v %v", open, err)
	}
	if !open[0].Overdue(rt0.Add(time.Hour)) || open[0].Overdue(rt0) || open[2].Overdue(rt0.Add(1000*time.Hour)) {
		t.Error("Overdue: from the due time on, never without one")
	}
	if ok, err := storeOwner(ctx, db, t2.ID, bot.Member{ID: "bo@example.org", Name: "bo"}); !ok || err != nil {
		t.Fatalf("owner: %v %v", ok, err)
	}
	if ok, err := storeClose(ctx, db, t2.ID, task.Done, rt0.Add(2*time.Hour), "bo@example.org", "swept"); !ok || err != nil {
		t.Fatalf("close: %v %v", ok, err)
	}
	if ok, _ := storeClose(ctx, db, t2.ID, task.Dropped, rt0.Add(3*time.Hour), "ana@example.org", ""); ok {
		t.Error("a closed task closed twice")
	}
	if ok, _ := storeOwner(ctx, db, t2.ID, bot.Member{ID: "cy@example.org"}); ok {
		t.Error("a closed task changed hands")
	}
	got, err := ByNumber(ctx, db, roleRoom, 2)
	if err != nil || got.State != task.Done || got.Note != "swept" || got.Owner.Name != "bo" || !got.ClosedAt.Equal(rt0.Add(2*time.Hour)) {
		t.Fatalf("task 2: %+v %v", got, err)
	}
	if _, err := ByNumber(ctx, db, roleRoom, 9); !errors.Is(err, task.ErrNotFound) {
		t.Errorf("missing task: %v", err)
	}
	// created in the period, or closed in it; [from, to)
	in, err := inPeriod(ctx, db, roleRoom, rt0.Add(time.Hour), rt0.Add(2*time.Hour+time.Millisecond))
	if err != nil || len(in) != 1 || in[0].Number != 2 {
		t.Fatalf("closed in the period: %+v %v", in, err)
	}
	if in, _ := inPeriod(ctx, db, roleRoom, rt0, rt0.Add(time.Millisecond)); len(in) != 3 {
		t.Errorf("created in the period: %d", len(in))
	}
	if in, _ := inPeriod(ctx, db, roleRoom, rt0.Add(-time.Hour), rt0); len(in) != 0 {
		t.Errorf("the period's end is excluded: %d", len(in))
	}
}
