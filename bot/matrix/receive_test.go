package matrix

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"folkmoot/bot"
	"folkmoot/config"
)

func TestInviterAllowed(t *testing.T) {
	globs := []string{"@*:example.org", "@ana:other.org", "[bad"}
	tests := []struct {
		user id.UserID
		want bool
	}{
		{"@ben:example.org", true},
		{"@ana:other.org", true},
		{"@ben:other.org", false},
		{"@ben:example.org.evil", false},
		{"@ben:evil.org", false},
	}
	for _, tt := range tests {
		if got := inviterAllowed(globs, tt.user); got != tt.want {
			t.Errorf("inviterAllowed(%s) = %v, want %v", tt.user, got, tt.want)
		}
	}
	if inviterAllowed(nil, "@ben:example.org") {
		t.Error("an empty autojoin_from must reject everyone")
	}
}

// The catch-up window: a message is handed to the core only when it is from someone else,
// in a joined room's timeline, and not older than matrix.catch_up.
func TestAcceptable(t *testing.T) {
	now := time.Date(2026, 12, 5, 18, 0, 0, 0, time.UTC)
	tr := &Transport{
		cfg:    &config.Matrix{CatchUp: config.Duration{Duration: 10 * time.Minute}},
		kv:     newMemKV(),
		log:    zerolog.Nop(),
		now:    func() time.Time { return now },
		userID: me,
	}
	timeline := event.SourceJoin | event.SourceTimeline
	tests := []struct {
		name   string
		sender id.UserID
		age    time.Duration
		source event.Source
		want   bool
	}{
		{"fresh", "@ana:example.org", time.Second, timeline, true},
		{"decrypted", "@ana:example.org", time.Second, timeline | event.SourceDecrypted, true},
		{"sent while down, inside the window", "@ana:example.org", 9 * time.Minute, timeline, true},
		{"older than the window", "@ana:example.org", 11 * time.Minute, timeline, false},
		{"our own message", me, time.Second, timeline, false},
		{"a room we left", "@ana:example.org", time.Second, event.SourceLeave | event.SourceTimeline, false},
		{"state, not timeline", "@ana:example.org", time.Second, event.SourceJoin | event.SourceState, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			evt := &event.Event{ID: id.EventID("$" + tt.name), Sender: tt.sender, Timestamp: now.Add(-tt.age).UnixMilli(), RoomID: "!r:example.org"}
			evt.Mautrix.EventSource = tt.source
			if got := tr.acceptable(evt); got != tt.want {
				t.Errorf("acceptable = %v, want %v", got, tt.want)
			}
			if tt.age > 10*time.Minute {
				// Skipped for its age, it is recorded as handled: delivered again by a retried
				// sync, it must not run even if it would look young enough then.
				if fresh, _ := tr.claim(context.Background(), evt.ID); fresh {
					t.Error("a message skipped for its age was not recorded as handled")
				}
			}
		})
	}
}

// Handled events are recorded once and forgotten after twice the catch-up window.
func TestClaimAndPrune(t *testing.T) {
	now := time.Date(2026, 12, 5, 18, 0, 0, 0, time.UTC)
	kv := newMemKV()
	tr := &Transport{
		cfg: &config.Matrix{CatchUp: config.Duration{Duration: 10 * time.Minute}},
		kv:  kv, log: zerolog.Nop(), now: func() time.Time { return now },
	}
	ctx := context.Background()
	for i, want := range []bool{true, false} {
		if fresh, err := tr.claim(ctx, "$a"); err != nil || fresh != want {
			t.Fatalf("claim #%d = %v, %v; want %v", i+1, fresh, err, want)
		}
	}
	now = now.Add(15 * time.Minute)
	if fresh, _ := tr.claim(ctx, "$b"); !fresh {
		t.Fatal("claim $b")
	}
	now = now.Add(10 * time.Minute) // $a is 25 min old, $b 10 min
	tr.pruneHandled(ctx)
	left, _ := kv.List(ctx, handledNamespace)
	if _, ok := left["$a"]; ok || len(left) != 1 {
		t.Errorf("after pruning: %v, want only $b", left)
	}
	kv.Set(ctx, handledNamespace, "$c", "0")
	tr.pruneHandled(ctx) // within a minute of the last prune: skipped
	if left, _ := kv.List(ctx, handledNamespace); len(left) != 2 {
		t.Errorf("pruned again within a minute: %v", left)
	}
}

// The adapter hands the core one room's messages in order and one at a time, while another
// room goes on: a slow command holds up only its own room.
func TestMessagesQueuePerRoom(t *testing.T) {
	off := false
	now := time.Now()
	tr, err := New(&config.Matrix{Homeserver: "http://127.0.0.1:1", UserID: me.String(), Encryption: &off},
		filepath.Join(t.TempDir(), "folkmoot.db"), newMemKV(), zerolog.Nop(), func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	var mu sync.Mutex
	var order []string
	started, release, bDone := make(chan struct{}), make(chan struct{}), make(chan struct{})
	tr.deliver = func(_ context.Context, msg bot.Message) {
		switch msg.Text {
		case "!a1":
			close(started)
			<-release
		case "!b1":
			defer close(bDone)
		}
		mu.Lock()
		order = append(order, msg.Text)
		mu.Unlock()
	}
	say := func(room id.RoomID, n int, text string) {
		evt := &event.Event{
			ID: id.EventID(fmt.Sprintf("$%d", n)), RoomID: room, Sender: "@ana:example.org",
			Type: event.EventMessage, Timestamp: now.UnixMilli(),
			Content: event.Content{Parsed: &event.MessageEventContent{MsgType: event.MsgText, Body: text}},
		}
		evt.Mautrix.EventSource = event.SourceJoin | event.SourceTimeline
		tr.onMessage(context.Background(), evt)
	}
	say("!a:example.org", 1, "!a1")
	say("!a:example.org", 2, "!a2")
	<-started
	say("!b:example.org", 3, "!b1")
	select {
	case <-bDone: // room b ran while room a was busy
	case <-time.After(10 * time.Second):
		t.Fatal("room b waited for room a")
	}
	close(release)
	tr.queue.Wait() // what the sync loop does before committing its token
	if want := []string{"!b1", "!a1", "!a2"}; !slices.Equal(order, want) {
		t.Errorf("delivered %v, want %v", order, want)
	}
}
