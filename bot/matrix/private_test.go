package matrix

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/id"

	"folkmoot/bot"
)

// The direct rooms are read from the KV once; a room opened before that first read counts
// too, beside those recorded earlier.
func TestDirectRoomSetLoadsOnceAndKeepsNewRooms(t *testing.T) {
	ctx := context.Background()
	kv := newMemKV()
	_ = kv.Set(ctx, directNamespace, "@ana:example.org", "!old:example.org")
	var s directRoomSet
	s.add("!new:example.org")
	for _, room := range []id.RoomID{"!old:example.org", "!new:example.org"} {
		if ok, err := s.has(ctx, kv, room); err != nil || !ok {
			t.Errorf("has(%s) = %v, %v; want a direct room", room, ok, err)
		}
	}
	_ = kv.Set(ctx, directNamespace, "@ben:example.org", "!later:example.org") // not via add
	if ok, _ := s.has(ctx, kv, "!later:example.org"); ok {
		t.Error("the KV was read again")
	}
	if ok, _ := s.has(ctx, kv, "!assembly:example.org"); ok {
		t.Error("an assembly room counts as a direct room")
	}
}

// A refusal no retry can change is undeliverable (the outbox drops it); anything else is
// retried.
func TestPermanentRefusals(t *testing.T) {
	for code, want := range map[int]bool{400: true, 403: true, 404: true, 429: false, 500: false, 502: false} {
		err := permanent(mautrix.HTTPError{Response: &http.Response{StatusCode: code}, Message: "refused"})
		if got := errors.Is(err, bot.ErrUndeliverable); got != want {
			t.Errorf("HTTP %d: undeliverable %v, want %v", code, got, want)
		}
	}
	if errors.Is(permanent(context.DeadlineExceeded), bot.ErrUndeliverable) {
		t.Error("a timeout is undeliverable")
	}
}
