package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"folkmoot/bot"
	"folkmoot/store"
	"folkmoot/store/storetest"
)

func TestTasks(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	add := func(room bot.Room, text string, due time.Duration) store.Task {
		tk := store.Task{Room: room, Text: text, CreatedBy: bot.Member{ID: "ana@example.org", Name: "ana"}, CreatedAt: rt0}
		if due != 0 {
			tk.Due = rt0.Add(due)
		}
		if err := store.CreateTask(ctx, db, &tk); err != nil {
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
	open, err := store.OpenTasks(ctx, db, roleRoom)
	if err != nil || len(open) != 3 || open[0].Number != 3 || open[1].Number != 1 || open[2].Number != 2 {
		t.Fatalf("open: soonest due first, then those without: %+v %v", open, err)
	}
	if !open[0].Overdue(rt0.Add(time.Hour)) || open[0].Overdue(rt0) || open[2].Overdue(rt0.Add(1000*time.Hour)) {
		t.Error("Overdue: from the due time on, never without one")
	}
	if ok, err := store.SetTaskOwner(ctx, db, t2.ID, bot.Member{ID: "bo@example.org", Name: "bo"}); !ok || err != nil {
		t.Fatalf("owner: %v %v", ok, err)
	}
	if ok, err := store.CloseTask(ctx, db, t2.ID, store.TaskDone, rt0.Add(2*time.Hour), "bo@example.org", "swept"); !ok || err != nil {
		t.Fatalf("close: %v %v", ok, err)
	}
	if ok, _ := store.CloseTask(ctx, db, t2.ID, store.TaskDropped, rt0.Add(3*time.Hour), "ana@example.org", ""); ok {
		t.Error("a closed task closed twice")
	}
	if ok, _ := store.SetTaskOwner(ctx, db, t2.ID, bot.Member{ID: "cy@example.org"}); ok {
		t.Error("a closed task changed hands")
	}
	got, err := store.TaskByNumber(ctx, db, roleRoom, 2)
	if err != nil || got.State != store.TaskDone || got.Note != "swept" || got.Owner.Name != "bo" || !got.ClosedAt.Equal(rt0.Add(2*time.Hour)) {
		t.Fatalf("task 2: %+v %v", got, err)
	}
	if _, err := store.TaskByNumber(ctx, db, roleRoom, 9); !errors.Is(err, store.ErrNoTask) {
		t.Errorf("missing task: %v", err)
	}
	// created in the period, or closed in it; [from, to)
	in, err := store.TasksInPeriod(ctx, db, roleRoom, rt0.Add(time.Hour), rt0.Add(2*time.Hour+time.Millisecond))
	if err != nil || len(in) != 1 || in[0].Number != 2 {
		t.Fatalf("closed in the period: %+v %v", in, err)
	}
	if in, _ := store.TasksInPeriod(ctx, db, roleRoom, rt0, rt0.Add(time.Millisecond)); len(in) != 3 {
		t.Errorf("created in the period: %d", len(in))
	}
	if in, _ := store.TasksInPeriod(ctx, db, roleRoom, rt0.Add(-time.Hour), rt0); len(in) != 0 {
		t.Errorf("the period's end is excluded: %d", len(in))
	}
}

func TestReminders(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	r1 := store.Reminder{Text: "tea", CreatedBy: "ana@example.org", CreatedAt: rt0}
	r2 := store.Reminder{Text: "walk", Member: bot.Member{ID: "bo@example.org", Name: "bo"}, CreatedBy: "bo@example.org", CreatedAt: rt0, Spec: "every solstice 19:00"}
	for _, r := range []*store.Reminder{&r1, &r2} {
		if err := store.CreateReminder(ctx, db, roleRoom, r); err != nil {
			t.Fatal(err)
		}
	}
	if r1.Number != 1 || r2.Number != 2 {
		t.Fatalf("numbers %d %d", r1.Number, r2.Number)
	}
	if ok, err := store.EndReminder(ctx, db, r1.ID, rt0.Add(time.Hour)); !ok || err != nil {
		t.Fatalf("end: %v %v", ok, err)
	}
	if ok, _ := store.EndReminder(ctx, db, r1.ID, rt0.Add(2*time.Hour)); ok {
		t.Error("ended twice")
	}
	if _, err := store.PendingReminderByNumber(ctx, db, roleRoom, 1); !errors.Is(err, store.ErrNoReminder) {
		t.Errorf("an ended reminder is not pending: %v", err)
	}
	pending, err := store.PendingReminders(ctx, db, roleRoom)
	if err != nil || len(pending) != 1 || pending[0].Spec != "every solstice 19:00" || pending[0].Member.Name != "bo" {
		t.Fatalf("pending: %+v %v", pending, err)
	}
	if other, _ := store.PendingReminders(ctx, db, otherRoom); len(other) != 0 {
		t.Errorf("other room: %+v", other)
	}
}

func TestToolsRegister(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	put := func(name, controller string) {
		if err := store.PutTool(ctx, db, roleRoom, store.Tool{Name: name, Controller: controller, AddedBy: "ana@example.org", AddedAt: rt0}); err != nil {
			t.Fatal(err)
		}
	}
	put("Mailing list", "a company abroad")
	put("mailing  LIST", "the parish") // the same tool, folded
	put("Pad", "our co-op")
	tools, err := store.Tools(ctx, db, roleRoom)
	if err != nil || len(tools) != 2 || tools[0].Name != "mailing  LIST" || tools[0].Controller != "the parish" {
		t.Fatalf("tools: %+v %v", tools, err)
	}
	if ok, err := store.RemoveTool(ctx, db, roleRoom, "Mailing List", "ana@example.org", rt0); !ok || err != nil {
		t.Fatalf("remove: %v %v", ok, err)
	}
	if ok, _ := store.RemoveTool(ctx, db, roleRoom, "mailing list", "ana@example.org", rt0); ok {
		t.Error("removed twice")
	}
	if known, _ := store.ToolKnown(ctx, db, roleRoom, "MAILING list"); !known {
		t.Error("a removed tool is still known")
	}
	put("Mailing list", "us now")
	if tools, _ := store.Tools(ctx, db, roleRoom); len(tools) != 2 {
		t.Errorf("added back: %+v", tools)
	}
}
