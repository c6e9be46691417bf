package reminders

import (
	"context"
	"errors"
	"testing"
	"time"

	"folkmoot/bot"
	"folkmoot/reminder"
	"folkmoot/store/storetest"
)

var (
	roleRoom  = bot.Room{Protocol: bot.XMPP, ID: "assembly@conference.example.org"}
	otherRoom = bot.Room{Protocol: bot.Matrix, ID: "!other:example.org"}
	rt0       = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
)

func TestReminders(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	r1 := reminder.Reminder{Text: "tea", CreatedBy: "ana@example.org", CreatedAt: rt0}
	r2 := reminder.Reminder{Text: "walk", Member: bot.Member{ID: "bo@example.org", Name: "bo"}, CreatedBy: "bo@example.org", CreatedAt: rt0, Spec: "every solstice 19:00"}
	for _, r := range []*reminder.Reminder{&r1, &r2} {
		if err := createReminder(ctx, db, roleRoom, r); err != nil {
			t.Fatal(err)
		}
	}
	if r1.Number != 1 || r2.Number != 2 {
		t.Fatalf("numbers %d %d", r1.Number, r2.Number)
	}
	if ok, err := endReminder(ctx, db, r1.ID, rt0.Add(time.Hour)); !ok || err != nil {
		t.Fatalf("end: %v %v", ok, err)
	}
	if ok, _ := endReminder(ctx, db, r1.ID, rt0.Add(2*time.Hour)); ok {
		t.Error("ended twice")
	}
	if _, err := pendingByNumber(ctx, db, roleRoom, 1); !errors.Is(err, reminder.ErrNotFound) {
		t.Errorf("an ended reminder is not pending: %v", err)
	}
	pending, err := pendingReminders(ctx, db, roleRoom)
	if err != nil || len(pending) != 1 || pending[0].Spec != "every solstice 19:00" || pending[0].Member.Name != "bo" {
		t.Fatalf("pending: %+v %v", pending, err)
	}
	if other, _ := pendingReminders(ctx, db, otherRoom); len(other) != 0 {
		t.Errorf("other room: %+v", other)
	}
}
