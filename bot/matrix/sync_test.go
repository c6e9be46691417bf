package matrix

import (
	"encoding/json"
	"slices"
	"testing"

	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"
)

// evt builds a raw timeline event the way /sync delivers it (unparsed content).
func evt(t *testing.T, raw string) *event.Event {
	t.Helper()
	var e event.Event
	if err := json.Unmarshal([]byte(raw), &e); err != nil {
		t.Fatal(err)
	}
	return &e
}

func TestDropHistory(t *testing.T) {
	msg := func(n string) string {
		return `{"type":"m.room.message","event_id":"$` + n + `","sender":"@ana:example.org","content":{"msgtype":"m.text","body":"!help"}}`
	}
	const (
		join        = `{"type":"m.room.member","event_id":"$join","state_key":"@folkmoot:example.org","sender":"@folkmoot:example.org","content":{"membership":"join"},"unsigned":{"prev_content":{"membership":"invite"}}}`
		profile     = `{"type":"m.room.member","event_id":"$profile","state_key":"@folkmoot:example.org","sender":"@folkmoot:example.org","content":{"membership":"join","displayname":"F"},"unsigned":{"prev_content":{"membership":"join"}}}`
		otherJoin   = `{"type":"m.room.member","event_id":"$other","state_key":"@ana:example.org","sender":"@ana:example.org","content":{"membership":"join"}}`
		stateBefore = `{"type":"m.room.name","event_id":"$name","state_key":"","sender":"@ana:example.org","content":{"name":"Assembly"}}`
	)
	tests := []struct {
		name     string
		timeline []string
		initial  bool
		want     []string // event IDs kept
		dropped  int
		history  []string // kept state events from before the join
	}{
		{"ordinary batch", []string{msg("1"), msg("2")}, false, []string{"$1", "$2"}, 0, nil},
		{"history before our join", []string{msg("old"), stateBefore, join, msg("new")}, false, []string{"$name", "$join", "$new"}, 1, []string{"$name"}},
		{"a profile change is not a join", []string{msg("1"), profile, msg("2")}, false, []string{"$1", "$profile", "$2"}, 0, nil},
		{"someone else joining", []string{msg("1"), otherJoin, msg("2")}, false, []string{"$1", "$other", "$2"}, 0, nil},
		{"first sync of a new device", []string{msg("1"), stateBefore, msg("2")}, true, []string{"$name"}, 2, []string{"$name"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			room := &mautrix.SyncJoinedRoom{}
			for _, raw := range tt.timeline {
				room.Timeline.Events = append(room.Timeline.Events, evt(t, raw))
			}
			res := &mautrix.RespSync{}
			res.Rooms.Join = map[id.RoomID]*mautrix.SyncJoinedRoom{"!r:example.org": room}
			history := map[id.EventID]bool{}
			dropped := dropHistory(res, me, tt.initial, history)
			var kept, old []string
			for _, e := range room.Timeline.Events {
				kept = append(kept, e.ID.String())
				if history[e.ID] {
					old = append(old, e.ID.String())
				}
			}
			if dropped != tt.dropped || !slices.Equal(kept, tt.want) || !slices.Equal(old, tt.history) || len(history) != len(tt.history) {
				t.Errorf("dropped %d, kept %v, history %v; want %d, %v, %v", dropped, kept, old, tt.dropped, tt.want, tt.history)
			}
		})
	}
}
