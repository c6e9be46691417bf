package bot

import (
	"sync"
	"testing"
)

func TestRoomQueueOrderLimitAndStop(t *testing.T) {
	q := NewRoomQueue(2)
	var mu sync.Mutex
	var got []int
	block, started := make(chan struct{}), make(chan struct{})
	if !q.Push("r", func() { close(started); <-block }) {
		t.Fatal("first job refused")
	}
	<-started // running, so no longer waiting
	for i := 1; i <= 3; i++ {
		i := i
		ok := q.Push("r", func() { mu.Lock(); got = append(got, i); mu.Unlock() })
		if want := i <= 2; ok != want {
			t.Errorf("push %d accepted = %v, want %v (limit 2 waiting)", i, ok, want)
		}
	}
	close(block)
	q.Wait()
	if len(got) != 2 || got[0] != 1 || got[1] != 2 {
		t.Fatalf("ran %v, want [1 2] in order", got)
	}
	if !q.Push("r", func() {}) {
		t.Fatal("a drained room refused a new job")
	}
	q.Stop()
	if q.Push("r", func() {}) {
		t.Fatal("a stopped queue took a job")
	}
}
