package tasks_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"
	"time"

	"folkmoot/app/apptest"
	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/config"
	"folkmoot/feature/tasks"
	"folkmoot/task"
)

// env is the commands.Env a feature's code gets, built from the kit's core.
func env(kit *apptest.Kit) *commands.Env {
	return kit.App.Env
}

// Add is what !action in a meeting calls inside the meeting's transaction: the task and its
// reminders commit with it, or not at all.
func TestAddInsideAnotherFeaturesTransaction(t *testing.T) {
	kit, room := taskRoom(t)
	ctx := context.Background()
	bo := apptest.Member("bo")
	now := kit.Clock.Now()
	var added tasks.Task
	err := kit.App.DB.InTx(ctx, func(tx *sql.Tx) error {
		var err error
		added, err = tasks.Add(ctx, env(kit), tx, room.Room, task.Draft{Text: "book the hall\nfor march", Owner: bo,
			Due: now.Add(72 * time.Hour), CreatedBy: apptest.Member("ana"), Source: "meeting 4"}, now)
		return err
	})
	if err != nil || added.Number != 1 || added.Text != "book the hall for march" || added.Source != "meeting 4" {
		t.Fatalf("Add: %+v %v", added, err)
	}
	room.Answers(t, "cy", "!tasks", "• #1 “book the hall for march” — bo, due Sat 28 Nov 10:00 CET")

	// A failing meeting transaction takes its task with it.
	rollback := errors.New("the meeting could not be saved")
	err = kit.App.DB.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := tasks.Add(ctx, env(kit), tx, room.Room, task.Draft{Text: "lost", CreatedBy: bo, Due: now.Add(time.Hour)}, now); err != nil {
			return err
		}
		return rollback
	})
	if !errors.Is(err, rollback) {
		t.Fatal(err)
	}
	got := room.SayOne(t, "cy", "!tasks")
	apptest.Lacks(t, "after the rollback", got, "lost", "#2")

	for _, bad := range []task.Draft{{Text: " ", CreatedBy: bo}, {Text: "late", CreatedBy: bo, Due: now}} {
		err := kit.App.DB.InTx(ctx, func(tx *sql.Tx) error {
			_, err := tasks.Add(ctx, env(kit), tx, room.Room, bad, now)
			return err
		})
		var safe commands.RoomSafe
		if !errors.As(err, &safe) {
			t.Errorf("Add(%+v): want a room-safe error, got %v", bad, err)
		}
	}

	// A due time with a sub-second part rounds up: its reminder can never come early.
	want := now.Add(90*time.Minute + 300*time.Millisecond)
	var rounded tasks.Task
	err = kit.App.DB.InTx(ctx, func(tx *sql.Tx) error {
		rounded, err = tasks.Add(ctx, env(kit), tx, room.Room, task.Draft{Text: "call", CreatedBy: bo, Due: want}, now)
		return err
	})
	if err != nil || rounded.Due.Before(want) || rounded.Due.Nanosecond() != 0 || rounded.Due.Sub(want) >= time.Second {
		t.Fatalf("due %s for %s: %v", rounded.Due, want, err)
	}

	posted := kit.Advance(t, 48*time.Hour)
	if !apptest.Contains(apptest.Texts(posted), "Reminder: task #1 “book the hall for march” is due in 1 day") {
		t.Fatalf("reminder: %q", apptest.Texts(posted))
	}
}

// InPeriod and Overdue are what minutes and digests read.
func TestInPeriodAndOverdue(t *testing.T) {
	kit, room := taskRoom(t)
	ctx := context.Background()
	start := kit.Clock.Now()
	room.Say(t, "ana", "!task add sweep the yard due tomorrow 12:00")
	kit.Advance(t, 48*time.Hour)
	room.Say(t, "ana", "!task add order seeds")
	room.Say(t, "ana", "!task done 2 ordered")

	in, err := tasks.InPeriod(ctx, kit.App.DB, room.Room, start, start.Add(time.Hour))
	if err != nil || len(in) != 1 || in[0].Text != "sweep the yard" {
		t.Fatalf("first hour: %+v %v", in, err)
	}
	in, _ = tasks.InPeriod(ctx, kit.App.DB, room.Room, start, kit.Clock.Now().Add(time.Second))
	if len(in) != 2 || in[1].State != "done" || in[1].Note != "ordered" {
		t.Fatalf("both: %+v", in)
	}
	items := tasks.DigestItems(in)
	if len(items) != 2 || items[0].Done || !items[1].Done || items[0].Owner != "" || items[0].By != "ana" || items[0].Due.IsZero() {
		t.Fatalf("digest items: %+v", items)
	}
	room.Say(t, "ana", "!task drop 1 rained off")
	in, _ = tasks.InPeriod(ctx, kit.App.DB, room.Room, start, kit.Clock.Now().Add(time.Second))
	if items := tasks.DigestItems(in); len(items) != 1 || items[0].Text != "order seeds" {
		t.Fatalf("a dropped task is left out: %+v", items)
	}
	room.Say(t, "ana", "!task add water the beds due tomorrow 12:00")
	kit.Advance(t, 48*time.Hour)
	over, err := tasks.Overdue(ctx, kit.App.DB, room.Room, kit.Clock.Now())
	if err != nil || len(over) != 1 || over[0].Number != 3 {
		t.Fatalf("overdue: %+v %v", over, err)
	}
}

// A meeting's task (added by !action, with nobody as its adder) counts for the room's cap.
func TestMeetingTasksCountForTheRoom(t *testing.T) {
	kit := apptest.NewWith(t, t.TempDir(), apptest.Start, func(c *config.Config) { c.Limits.OpenTasksPerRoom = 1 }, features()...)
	room := kit.Room("assembly")
	ctx := context.Background()
	add := func() (string, error) {
		var n string
		err := kit.App.DB.InTx(ctx, func(tx *sql.Tx) error {
			var err error
			n, err = tasks.MeetingAction(ctx, env(kit), tx, room.Room, "book the hall", bot.Member{}, time.Time{})
			return err
		})
		return n, err
	}
	if n, err := add(); err != nil || n != "#1" {
		t.Fatalf("first: %q %v", n, err)
	}
	_, err := add()
	var safe commands.RoomSafe
	var user *commands.UserError
	if !errors.As(err, &user) && !errors.As(err, &safe) || !strings.Contains(err.Error(), "limits.open_tasks_per_room") {
		t.Fatalf("over the cap: %v", err)
	}
}
