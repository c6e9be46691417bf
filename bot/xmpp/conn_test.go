package xmpp

import (
	"net"
	"testing"
	"time"
)

// mellium's context-driven deadlines never reach the socket: one set in the past, as its
// goroutine may after a call returned, fails no later write; the adapter's own bound still
// ends a write that cannot go out.
func TestMelliumsDeadlinesDoNotReachTheSocket(t *testing.T) {
	a, b := net.Pipe()
	defer a.Close()
	defer b.Close()
	go func() {
		buf := make([]byte, 64)
		for {
			if _, err := b.Read(buf); err != nil {
				return
			}
		}
	}()
	seen := newOwnDeadlines(a)
	long := time.Unix(1, 0)
	for _, set := range []func(time.Time) error{seen.SetDeadline, seen.SetWriteDeadline, seen.SetReadDeadline} {
		if err := set(long); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := seen.Write([]byte("<message/>")); err != nil {
		t.Fatalf("a write after mellium's past deadline failed: %v", err)
	}
	stuck, _ := net.Pipe() // nobody reads the other end: a write waits for ever
	defer stuck.Close()
	bounded := newOwnDeadlines(stuck)
	bounded.bound.Store(1) // a nanosecond: the deadline has passed when the write starts
	if _, err := bounded.Write([]byte("<message/>")); err == nil {
		t.Fatal("a write that cannot go out was not ended by the adapter's bound")
	}
}
