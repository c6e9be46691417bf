package xmpp

import (
	"context"
	"net"
	"slices"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"folkmoot/config"
)

// A server that hangs up at once is tried again after 1 s, 2 s, 4 s ... up to the longest
// wait, on the transport's clock: no attempt comes before the clock says so.
func TestReconnectBackoffRunsOnTheClock(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	attempts := make(chan struct{}, 16)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			_ = c.Close()
			attempts <- struct{}{}
		}
	}()
	cfg := &config.XMPP{JID: "folkmoot@localhost", Password: "x", Server: ln.Addr().String(), TLS: "none"}
	tr, err := New(cfg, newMemKV(), zerolog.Nop(), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	clk := newFakeClock(t0)
	tr.clock = clk
	tr.tune.maxBackoff = 4 * time.Second
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- tr.Run(ctx, &recordingInbox{}) }()

	for i, want := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 4 * time.Second} {
		waitAttempt(t, attempts, i+1)
		if got := clk.nextTimer(t); got != want {
			t.Fatalf("wait %d before reconnecting: %v, want %v", i+1, got, want)
		}
		clk.Advance(want - time.Millisecond)
		if got := clk.armed(); !slices.Contains(got, time.Millisecond) {
			t.Fatalf("after %v of a %v wait the timers have %v to run; want the reconnect 1 ms away", want-time.Millisecond, want, got)
		}
		select {
		case <-attempts:
			t.Fatalf("reconnected %v into a %v wait", want-time.Millisecond, want)
		default:
		}
		clk.Advance(time.Millisecond)
	}
	waitAttempt(t, attempts, 5)
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run = %v, want nil once stopped", err)
	}
}

// waitAttempt waits for the server to see connection attempt n.
func waitAttempt(t *testing.T, attempts <-chan struct{}, n int) {
	t.Helper()
	guard := time.NewTimer(10 * time.Second) // a bound on another goroutine, no sleep
	defer guard.Stop()
	select {
	case <-attempts:
	case <-guard.C:
		t.Fatalf("no connection attempt %d", n)
	}
}
