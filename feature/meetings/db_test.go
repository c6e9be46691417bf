package meetings

import (
	"context"
	"errors"
	"testing"
	"time"

	"folkmoot/bot"
	"folkmoot/meeting"
	"folkmoot/store/storetest"
)

var (
	roleRoom  = bot.Room{Protocol: bot.XMPP, ID: "assembly@conference.example.org"}
	otherRoom = bot.Room{Protocol: bot.Matrix, ID: "!other:example.org"}
	rt0       = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
)

func TestMeetings(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, migrations)
	ana := bot.Member{ID: "ana@example.org", Name: "Ana"}
	m := meeting.Meeting{Room: roleRoom, Title: "Plenary", StartedBy: ana, Start: rt0}
	if err := StartMeeting(ctx, db, &m); err != nil {
		t.Fatal(err)
	}
	second := meeting.Meeting{Room: roleRoom, Title: "Again", StartedBy: ana, Start: rt0}
	if err := StartMeeting(ctx, db, &second); !errors.Is(err, ErrMeetingRunning) {
		t.Fatalf("second meeting in the room: %v, want ErrMeetingRunning", err)
	}
	if got, n, found, err := Latest(ctx, db, roleRoom); err != nil || !found || got.ID != m.ID || !got.Running() || n != 0 {
		t.Fatalf("latest while running: %+v, %d, %v, %v", got, n, found, err)
	}
	if _, _, found, err := Latest(ctx, db, otherRoom); err != nil || found {
		t.Fatalf("latest of a room that never met: %v, %v", found, err)
	}
	other := meeting.Meeting{Room: otherRoom, StartedBy: ana, Start: rt0}
	if err := StartMeeting(ctx, db, &other); err != nil || other.Number != 1 {
		t.Fatalf("other room: %v, number %d", err, other.Number)
	}
	if id, err := RunningMeetingID(ctx, db, roleRoom); err != nil || id != m.ID {
		t.Fatalf("running id %d, %v; want %d", id, err, m.ID)
	}
	items := []meeting.Item{
		{Kind: meeting.ItemTopic, Text: "Yard", By: ana, At: rt0},
		{Kind: meeting.ItemDissent, Text: "Too costly", By: ana, At: rt0},
		{Kind: meeting.ItemAction, Text: "Ask", By: ana, Owner: ana, Due: rt0.Add(time.Hour), At: rt0},
	}
	for i := range items {
		mustDo(t, AddMeetingItem(ctx, db, m.ID, &items[i]))
	}
	undone, err := UndoMeetingItem(ctx, db, m.ID)
	if err != nil || undone.Kind != meeting.ItemAction || !undone.Due.Equal(rt0.Add(time.Hour)) {
		t.Fatalf("undo: %+v, %v", undone, err)
	}
	if undone, err = UndoMeetingItem(ctx, db, m.ID); err != nil || undone.Kind != meeting.ItemTopic {
		t.Fatalf("second undo skips the dissent: %+v, %v", undone, err)
	}
	if _, err = UndoMeetingItem(ctx, db, m.ID); !errors.Is(err, ErrNoItem) {
		t.Fatalf("third undo: %v, want ErrNoItem (dissent stays)", err)
	}
	left, err := MeetingItems(ctx, db, m.ID)
	if err != nil || len(left) != 1 || left[0].Kind != meeting.ItemDissent {
		t.Fatalf("items left %+v, %v", left, err)
	}
	for i := 0; i < 3; i++ {
		mustDo(t, AddLogLine(ctx, db, m.ID, meeting.LogLine{Member: ana, Text: "hi", At: rt0}))
	}
	mustDo(t, MarkPresent(ctx, db, m.ID, bot.Member{ID: "bo@example.org"}, rt0.Add(time.Minute)))
	mustDo(t, MarkPresent(ctx, db, m.ID, ana, rt0.Add(time.Minute)))
	att, err := Attendance(ctx, db, m.ID)
	if err != nil || len(att) != 2 || att[0].Lines != 3 || att[1].Lines != 0 || att[0].Member.Name != "Ana" {
		t.Fatalf("attendance %+v, %v", att, err)
	}
	lines := 0
	mustDo(t, MeetingLog(ctx, db, m.ID, func(meeting.LogLine) error { lines++; return nil }))
	if lines != 3 {
		t.Fatalf("log has %d lines, want 3", lines)
	}
	if ok, err := EndMeeting(ctx, db, m.ID, rt0.Add(time.Hour), "room/2026/x"); err != nil || !ok {
		t.Fatalf("end: %v %v", ok, err)
	}
	if ok, _ := EndMeeting(ctx, db, m.ID, rt0.Add(time.Hour), "x"); ok {
		t.Fatal("a meeting ends once")
	}
	last, err := LastMeeting(ctx, db, roleRoom)
	if err != nil || last.ID != m.ID || last.Running() || last.Files != "room/2026/x" {
		t.Fatalf("last %+v, %v", last, err)
	}
	if got, n, found, err := Latest(ctx, db, roleRoom); err != nil || !found || got.ID != m.ID || got.Running() || n != 2 {
		t.Fatalf("latest once ended: %+v, %d, %v, %v", got, n, found, err)
	}
	between, err := MeetingsBetween(ctx, db, roleRoom, rt0.Add(-time.Hour), rt0.Add(time.Hour))
	if err != nil || len(between) != 1 {
		t.Fatalf("between %+v, %v", between, err)
	}
	if _, err := MeetingByNumber(ctx, db, roleRoom, 9); !errors.Is(err, ErrNoMeeting) {
		t.Fatalf("no meeting 9: %v", err)
	}
}

func mustDo(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
