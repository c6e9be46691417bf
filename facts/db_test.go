package facts

import (
	"context"
	"testing"
	"time"

	"folkmoot/bot"
	"folkmoot/store/storetest"
)

func TestRoomTimezone(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	room := bot.Room{Protocol: bot.Console, ID: "assembly"}
	if tz, err := RoomTimezone(ctx, db, room); tz != "" || err != nil {
		t.Fatalf("unset: %q %v", tz, err)
	}
	mustDo(t, SetRoomTimezone(ctx, db, room, "Europe/Paris", time.Now()))
	mustDo(t, SetRoomTimezone(ctx, db, room, "America/New_York", time.Now()))
	if tz, _ := RoomTimezone(ctx, db, room); tz != "America/New_York" {
		t.Fatalf("tz = %q", tz)
	}
}

// mustDo fails the test on an error.
func mustDo(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
