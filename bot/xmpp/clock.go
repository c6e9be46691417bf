package xmpp

import (
	"context"
	"time"
)

// clock is the adapter's time. Every reading of the time and every protocol wait goes
// through it (the reconnect backoff, the keepalive and self-pings, an echo's timeout, the
// deadlines of logins, requests and writes), so a test can drive them; the transport's
// default is the wall clock. The bounds on the store's calls (bot.KV, see once.go) are no
// protocol time and stay on the wall clock, like the store itself.
type clock interface {
	Now() time.Time
	// NewTimer starts a timer that fires once, d from now.
	NewTimer(d time.Duration) timer
	// WithTimeout is context.WithTimeout on this clock.
	WithTimeout(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc)
}

// timer is a time.Timer of a clock.
type timer interface {
	C() <-chan time.Time
	Stop() bool
	Reset(d time.Duration) bool
}

// wallClock is the real time.
type wallClock struct{}

func (wallClock) Now() time.Time { return time.Now() }

func (wallClock) NewTimer(d time.Duration) timer { return wallTimer{time.NewTimer(d)} }

func (wallClock) WithTimeout(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, d)
}

// wallTimer is a time.Timer behind the timer interface.
type wallTimer struct{ t *time.Timer }

func (w wallTimer) C() <-chan time.Time        { return w.t.C }
func (w wallTimer) Stop() bool                 { return w.t.Stop() }
func (w wallTimer) Reset(d time.Duration) bool { return w.t.Reset(d) }

// nowClock is the wall clock's timers with the app's reading of the time (the one clock the
// whole process tells the time by).
type nowClock struct {
	wallClock
	now func() time.Time
}

func (c nowClock) Now() time.Time { return c.now() }
