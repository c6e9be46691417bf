package matrix

import (
	"context"
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

// A message is handed to the core only when it is from someone else, in a joined room's
// timeline; its age (the catch-up window) is the runtime's to judge.
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
		{"older than the window: the runtime decides", "@ana:example.org", 11 * time.Minute, timeline, true},
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
		})
	}
}

// recordingInbox keeps what the adapter hands the runtime.
type recordingInbox struct {
	mu  sync.Mutex
	got []bot.Message
}

func (r *recordingInbox) Deliver(_ context.Context, m bot.Message) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, m)
}
func (r *recordingInbox) Settle() {}
func (r *recordingInbox) Drain()  {}

// The adapter translates only: a room message and a poll answer reach the runtime as events
// with the event's ID, the server's time, the room and the sender's ID and name.
func TestEventsReachTheRuntimeTranslated(t *testing.T) {
	off := false
	now := time.Date(2026, 12, 5, 18, 0, 0, 0, time.UTC)
	tr, err := New(&config.Matrix{Homeserver: "http://127.0.0.1:1", UserID: me.String(), Encryption: &off},
		filepath.Join(t.TempDir(), "folkmoot.db"), newMemKV(), zerolog.Nop(), func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	in := &recordingInbox{}
	tr.in = in
	said := now.Add(-time.Minute)
	msg := &event.Event{
		ID: "$m1", RoomID: "!a:example.org", Sender: "@zoe:example.org", Type: event.EventMessage, Timestamp: said.UnixMilli(),
		Content: event.Content{Parsed: &event.MessageEventContent{MsgType: event.MsgText, Body: "!vote 1 agree 🌻 رێزان"}},
	}
	msg.Mautrix.EventSource = event.SourceJoin | event.SourceTimeline
	tr.onMessage(context.Background(), msg)
	answer := &event.Event{
		ID: "$p1", RoomID: "!a:example.org", Sender: "@zoe:example.org", Type: event.EventUnstablePollResponse, Timestamp: said.UnixMilli(),
		Content: event.Content{VeryRaw: []byte(`{"m.relates_to":{"rel_type":"m.reference","event_id":"$poll"},"org.matrix.msc3381.poll.response":{"answers":["agree"]}}`)},
	}
	answer.Mautrix.EventSource = event.SourceJoin | event.SourceTimeline
	tr.onPollResponse(context.Background(), answer)
	room := bot.Room{Protocol: bot.Matrix, ID: "!a:example.org"}
	if len(in.got) != 2 {
		t.Fatalf("delivered %+v", in.got)
	}
	if m := in.got[0]; m.ID != "$m1" || m.Room != room || m.Sender.ID != "@zoe:example.org" || !m.Time.Equal(said) || m.Text != "!vote 1 agree 🌻 رێزان" || m.Poll != nil {
		t.Errorf("message: %+v", m)
	}
	if m := in.got[1]; m.ID != "$p1" || m.Room != room || m.Poll == nil || m.Poll.PollID != "$poll" || !slices.Equal(m.Poll.Options, []string{"agree"}) || !m.Time.Equal(said) {
		t.Errorf("poll answer: %+v", m)
	}
}
