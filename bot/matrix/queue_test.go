package matrix

import (
	"slices"
	"sync"
	"testing"
	"time"

	"maunium.net/go/mautrix/id"
)

// Jobs of one room run in order and one at a time; another room is not held up by a busy one.
func TestRoomQueues(t *testing.T) {
	q := newRoomQueues()
	var mu sync.Mutex
	var order []string
	record := func(s string) {
		mu.Lock()
		order = append(order, s)
		mu.Unlock()
	}
	release := make(chan struct{})
	started := make(chan struct{})
	q.push("!a", func() { close(started); <-release; record("a1") })
	q.push("!a", func() { record("a2") })
	<-started
	bDone := make(chan struct{})
	q.push("!b", func() { record("b1"); close(bDone) })
	select {
	case <-bDone: // room b ran while room a was blocked
	case <-time.After(10 * time.Second):
		t.Fatal("room b waited for room a")
	}
	close(release)
	q.wait()
	if want := []string{"b1", "a1", "a2"}; !slices.Equal(order, want) {
		t.Errorf("order = %v, want %v", order, want)
	}
	// The queue is reusable after draining.
	q.push(id.RoomID("!a"), func() { record("a3") })
	q.wait()
	if order[len(order)-1] != "a3" {
		t.Errorf("order = %v, want a3 last", order)
	}
}
