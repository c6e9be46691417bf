package xmpp

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"
)

// fakeClock is a clock that moves only when the test says (Advance). Every timer it starts
// is also announced on started, so a test can wait until the adapter waits.
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	timers  []*fakeTimer // armed, in no order
	started chan time.Duration
}

func newFakeClock(now time.Time) *fakeClock {
	return &fakeClock{now: now, started: make(chan time.Duration, 64)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) NewTimer(d time.Duration) timer {
	ft := &fakeTimer{c: c, ch: make(chan time.Time, 1)}
	ft.Reset(d)
	return ft
}

// WithTimeout is a context that the fake time ends. It reports no deadline: one in fake time
// would be taken for a socket's wall-clock deadline (mellium sets the write deadline from it).
func (c *fakeClock) WithTimeout(parent context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	ctx := &fakeCtx{Context: parent, done: make(chan struct{})}
	stop := context.AfterFunc(parent, func() { ctx.end(parent.Err()) })
	ft := c.afterFunc(d, func() { ctx.end(context.DeadlineExceeded) })
	return ctx, func() {
		stop()
		ft.Stop()
		ctx.end(context.Canceled)
	}
}

// afterFunc runs f in its own goroutine once the fake time has moved d on.
func (c *fakeClock) afterFunc(d time.Duration, f func()) *fakeTimer {
	ft := &fakeTimer{c: c, f: f}
	ft.Reset(d)
	return ft
}

// Advance moves the time on by d and fires the timers that are due, earliest first.
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	var due []*fakeTimer
	c.timers = slices.DeleteFunc(c.timers, func(ft *fakeTimer) bool {
		if ft.at.After(c.now) {
			return false
		}
		due = append(due, ft)
		return true
	})
	now := c.now
	c.mu.Unlock()
	slices.SortFunc(due, func(a, b *fakeTimer) int { return a.at.Compare(b.at) })
	for _, ft := range due {
		ft.fire(now)
	}
}

// armed lists how long each armed timer still has to run, shortest first.
func (c *fakeClock) armed() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []time.Duration
	for _, ft := range c.timers {
		out = append(out, ft.at.Sub(c.now))
	}
	slices.Sort(out)
	return out
}

// nextTimer waits until the adapter starts a timer and returns its duration.
func (c *fakeClock) nextTimer(t *testing.T) time.Duration {
	t.Helper()
	guard := time.NewTimer(10 * time.Second) // a real bound on a wait for another goroutine, no sleep
	defer guard.Stop()
	select {
	case d := <-c.started:
		return d
	case <-guard.C:
		t.Fatal("no timer was started within 10 s")
		return 0
	}
}

type fakeTimer struct {
	c  *fakeClock
	ch chan time.Time // a timer's channel, or nil for afterFunc
	f  func()
	at time.Time
}

func (ft *fakeTimer) C() <-chan time.Time { return ft.ch }

func (ft *fakeTimer) Stop() bool {
	ft.c.mu.Lock()
	defer ft.c.mu.Unlock()
	n := len(ft.c.timers)
	ft.c.timers = slices.DeleteFunc(ft.c.timers, func(o *fakeTimer) bool { return o == ft })
	return len(ft.c.timers) < n
}

func (ft *fakeTimer) Reset(d time.Duration) bool {
	was := ft.Stop()
	ft.c.mu.Lock()
	ft.at = ft.c.now.Add(d)
	ft.c.timers = append(ft.c.timers, ft)
	ft.c.mu.Unlock()
	if ft.ch != nil {
		select {
		case ft.c.started <- d:
		default:
		}
	}
	return was
}

func (ft *fakeTimer) fire(now time.Time) {
	if ft.f != nil {
		go ft.f()
		return
	}
	select {
	case ft.ch <- now:
	default:
	}
}

// fakeCtx is a context ended by a fakeClock's time.
type fakeCtx struct {
	context.Context
	done chan struct{}
	once sync.Once
	mu   sync.Mutex
	err  error
}

func (c *fakeCtx) Deadline() (time.Time, bool) { return time.Time{}, false }
func (c *fakeCtx) Done() <-chan struct{}       { return c.done }

func (c *fakeCtx) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

func (c *fakeCtx) end(err error) {
	c.once.Do(func() {
		c.mu.Lock()
		c.err = err
		c.mu.Unlock()
		close(c.done)
	})
}

// shiftedClock is the wall clock moved by an offset: a bot whose clock says it is later.
type shiftedClock struct {
	wallClock
	by time.Duration
}

func (s shiftedClock) Now() time.Time { return s.wallClock.Now().Add(s.by) }
