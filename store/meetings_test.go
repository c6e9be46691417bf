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

func TestMeetings(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	ana := bot.Member{ID: "ana@example.org", Name: "Ana"}
	m := store.Meeting{Room: roleRoom, Title: "Plenary", StartedBy: ana, Start: rt0}
	if err := store.StartMeeting(ctx, db, &m); err != nil {
		t.Fatal(err)
	}
	second := store.Meeting{Room: roleRoom, Title: "Again", StartedBy: ana, Start: rt0}
	if err := store.StartMeeting(ctx, db, &second); !errors.Is(err, store.ErrMeetingRunning) {
		t.Fatalf("second meeting in the room: %v, want ErrMeetingRunning", err)
	}
	other := store.Meeting{Room: otherRoom, StartedBy: ana, Start: rt0}
	if err := store.StartMeeting(ctx, db, &other); err != nil || other.Number != 1 {
		t.Fatalf("other room: %v, number %d", err, other.Number)
	}
	if id, err := store.RunningMeetingID(ctx, db, roleRoom); err != nil || id != m.ID {
		t.Fatalf("running id %d, %v; want %d", id, err, m.ID)
	}
	items := []store.MeetingItem{
		{Kind: store.ItemTopic, Text: "Yard", By: ana, At: rt0},
		{Kind: store.ItemDissent, Text: "Too costly", By: ana, At: rt0},
		{Kind: store.ItemAction, Text: "Ask", By: ana, Owner: ana, Due: rt0.Add(time.Hour), At: rt0},
	}
	for i := range items {
		mustDo(t, store.AddMeetingItem(ctx, db, m.ID, &items[i]))
	}
	undone, err := store.UndoMeetingItem(ctx, db, m.ID)
	if err != nil || undone.Kind != store.ItemAction || !undone.Due.Equal(rt0.Add(time.Hour)) {
		t.Fatalf("undo: %+v, %v", undone, err)
	}
	if undone, err = store.UndoMeetingItem(ctx, db, m.ID); err != nil || undone.Kind != store.ItemTopic {
		t.Fatalf("second undo skips the dissent: %+v, %v", undone, err)
	}
	if _, err = store.UndoMeetingItem(ctx, db, m.ID); !errors.Is(err, store.ErrNoItem) {
		t.Fatalf("third undo: %v, want ErrNoItem (dissent stays)", err)
	}
	left, err := store.MeetingItems(ctx, db, m.ID)
	if err != nil || len(left) != 1 || left[0].Kind != store.ItemDissent {
		t.Fatalf("items left %+v, %v", left, err)
	}
	for i := 0; i < 3; i++ {
		mustDo(t, store.AddLogLine(ctx, db, m.ID, store.LogLine{Member: ana, Text: "hi", At: rt0}))
	}
	mustDo(t, store.MarkPresent(ctx, db, m.ID, bot.Member{ID: "bo@example.org"}, rt0.Add(time.Minute)))
	mustDo(t, store.MarkPresent(ctx, db, m.ID, ana, rt0.Add(time.Minute)))
	att, err := store.Attendance(ctx, db, m.ID)
	if err != nil || len(att) != 2 || att[0].Lines != 3 || att[1].Lines != 0 || att[0].Member.Name != "Ana" {
		t.Fatalf("attendance %+v, %v", att, err)
	}
	lines := 0
	mustDo(t, store.MeetingLog(ctx, db, m.ID, func(store.LogLine) error { lines++; return nil }))
	if lines != 3 {
		t.Fatalf("log has %d lines, want 3", lines)
	}
	if ok, err := store.EndMeeting(ctx, db, m.ID, rt0.Add(time.Hour), "room/2026/x"); err != nil || !ok {
		t.Fatalf("end: %v %v", ok, err)
	}
	if ok, _ := store.EndMeeting(ctx, db, m.ID, rt0.Add(time.Hour), "x"); ok {
		t.Fatal("a meeting ends once")
	}
	last, err := store.LastMeeting(ctx, db, roleRoom)
	if err != nil || last.ID != m.ID || last.Running() || last.Files != "room/2026/x" {
		t.Fatalf("last %+v, %v", last, err)
	}
	between, err := store.MeetingsBetween(ctx, db, roleRoom, rt0.Add(-time.Hour), rt0.Add(time.Hour))
	if err != nil || len(between) != 1 {
		t.Fatalf("between %+v, %v", between, err)
	}
	if _, err := store.MeetingByNumber(ctx, db, roleRoom, 9); !errors.Is(err, store.ErrNoMeeting) {
		t.Fatalf("no meeting 9: %v", err)
	}
}

func mustDo(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
