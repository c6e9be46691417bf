package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeClock is a clock a test moves by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{t: time.Date(2026, 12, 7, 18, 0, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

var testTimes = LeaseTimes{Renew: 5 * time.Second, Expire: 20 * time.Second}

// leaseDBs are two handles on one fresh database, as two processes have.
func leaseDBs(t *testing.T) (*DB, *DB) {
	t.Helper()
	loc := testLocation(t)
	var dbs [2]*DB
	for i := range dbs {
		db, err := Open(context.Background(), loc)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		dbs[i] = db
	}
	return dbs[0], dbs[1]
}

func mustTake(t *testing.T, l *Lease, want bool) {
	t.Helper()
	got, err := l.TryTake(context.Background())
	if err != nil {
		t.Fatalf("TryTake: %v", err)
	}
	if got != want {
		t.Fatalf("%s TryTake = %v, want %v", l.Holder(), got, want)
	}
}

// write is one fenced write of a process, as the runtime's are.
func write(db *DB, text string) error {
	return db.InTx(context.Background(), func(tx *sql.Tx) error {
		return SetKV(context.Background(), tx, "lease-test", text, text)
	})
}

func TestLeaseTakeRenewExpireTakeover(t *testing.T) {
	ctx := context.Background()
	dbA, dbB := leaseDBs(t)
	clock := newFakeClock()
	a := NewLease(dbA, "a", clock.Now, testTimes)
	b := NewLease(dbB, "b", clock.Now, testTimes)
	dbA.SetFence(a.Fence)
	dbB.SetFence(b.Fence)

	mustTake(t, a, true) // a fresh database: nobody holds it
	if a.Epoch() != 1 || !a.Valid() {
		t.Fatalf("after the first take: epoch %d, valid %v; want 1, true", a.Epoch(), a.Valid())
	}
	mustTake(t, b, false)
	if err := write(dbA, "a1"); err != nil {
		t.Fatalf("the holder's write: %v", err)
	}
	if err := write(dbB, "b1"); !errors.Is(err, ErrLeaseLost) {
		t.Fatalf("a standby's write: %v, want ErrLeaseLost", err)
	}

	// Heartbeats keep it: a minute passes, renewed every 5 s.
	for range 12 {
		clock.Add(5 * time.Second)
		if err := a.Renew(ctx); err != nil {
			t.Fatalf("Renew: %v", err)
		}
		mustTake(t, b, false)
	}
	st, ok, err := ReadLease(ctx, dbB)
	if err != nil || !ok || st.Holder != "a" || st.Epoch != 1 || !st.RenewedAt.Equal(clock.Now()) {
		t.Fatalf("lease row = %+v, %v, %v; want a's, epoch 1, renewed now", st, ok, err)
	}

	// The holder stops beating (killed): it stays valid only while no standby could take over.
	clock.Add(testTimes.Expire - testTimes.Renew)
	if a.Valid() {
		t.Fatal("the holder still counts itself valid a heartbeat before the expiry")
	}
	clock.Add(testTimes.Renew - time.Millisecond)
	mustTake(t, b, false) // 1 ms before the expiry
	clock.Add(time.Millisecond)
	mustTake(t, b, true)
	if b.Epoch() != 2 {
		t.Fatalf("the takeover's epoch = %d, want 2", b.Epoch())
	}

	// The old holder comes back (it was paused): it can neither beat nor write.
	if err := write(dbA, "a2"); !errors.Is(err, ErrLeaseLost) {
		t.Fatalf("the old holder's write after the takeover: %v, want ErrLeaseLost", err)
	}
	if err := a.Renew(ctx); !errors.Is(err, ErrLeaseLost) {
		t.Fatalf("the old holder's heartbeat: %v, want ErrLeaseLost", err)
	}
	if _, err := dbA.ExecContext(ctx, `DELETE FROM kv`); !errors.Is(err, ErrLeaseLost) {
		t.Fatalf("the old holder's statement outside a transaction: %v, want ErrLeaseLost", err)
	}
	if err := write(dbB, "b2"); err != nil {
		t.Fatalf("the new holder's write: %v", err)
	}
	kv, err := dbB.List(ctx, "lease-test")
	if err != nil {
		t.Fatal(err)
	}
	if len(kv) != 2 || kv["a1"] == "" || kv["b2"] == "" {
		t.Fatalf("written: %v; want a1 (before the takeover) and b2 only", kv)
	}
}

func TestLeaseFenceSeesATakeoverMidway(t *testing.T) {
	// A holder paused between two writes, and taken over meanwhile, with its lease still
	// valid by its own clock (its clock stood still): the database refuses it all the same.
	ctx := context.Background()
	dbA, dbB := leaseDBs(t)
	clockA, clockB := newFakeClock(), newFakeClock()
	a := NewLease(dbA, "a", clockA.Now, testTimes)
	b := NewLease(dbB, "b", clockB.Now, testTimes)
	dbA.SetFence(a.Fence)
	mustTake(t, a, true)
	mustTake(t, b, false)
	clockB.Add(time.Minute)
	mustTake(t, b, true)
	if !a.Valid() {
		t.Fatal("a's clock stood still: it should count itself valid")
	}
	err := write(dbA, "late")
	if !errors.Is(err, ErrLeaseLost) || !strings.Contains(err.Error(), "b holds it, epoch 2") {
		t.Fatalf("the stale holder's write: %v; want ErrLeaseLost naming b and epoch 2", err)
	}
	if a.Valid() {
		t.Fatal("after the fence found the lease taken, the old holder still counts itself valid")
	}
	if n := countKV(t, dbB); n != 0 {
		t.Fatalf("%d rows written by a stale holder", n)
	}
	_ = ctx
}

func countKV(t *testing.T, db *DB) int {
	t.Helper()
	kv, err := db.List(context.Background(), "lease-test")
	if err != nil {
		t.Fatal(err)
	}
	return len(kv)
}

func TestLeaseStandbyWithASlowClockWatchesTheRow(t *testing.T) {
	// The holder's clock is an hour ahead of the standby's: its heartbeats look fresh for an
	// hour after it died. The standby takes over once it has watched the row stand still for
	// the expiry on its own clock.
	dbA, dbB := leaseDBs(t)
	clockA, clockB := newFakeClock(), newFakeClock()
	clockA.Add(time.Hour)
	a := NewLease(dbA, "a", clockA.Now, testTimes)
	b := NewLease(dbB, "b", clockB.Now, testTimes)
	mustTake(t, a, true)
	for range 3 {
		clockA.Add(5 * time.Second)
		clockB.Add(5 * time.Second)
		if err := a.Renew(context.Background()); err != nil {
			t.Fatal(err)
		}
		mustTake(t, b, false)
	}
	// a dies. b has seen its last heartbeat; it takes over an expiry later, not an hour.
	clockB.Add(testTimes.Expire - time.Second)
	mustTake(t, b, false)
	clockB.Add(time.Second)
	mustTake(t, b, true)
}

func TestLeaseReleaseLetsAStandbyTakeAtOnce(t *testing.T) {
	ctx := context.Background()
	dbA, dbB := leaseDBs(t)
	clock := newFakeClock()
	a := NewLease(dbA, "a", clock.Now, testTimes)
	b := NewLease(dbB, "b", clock.Now, testTimes)
	mustTake(t, a, true)
	mustTake(t, b, false)
	if err := a.Release(ctx); err != nil {
		t.Fatal(err)
	}
	mustTake(t, b, true)
	st, _, err := ReadLease(ctx, dbA)
	if err != nil || st.Holder != "b" || st.Epoch != 2 || !st.AcquiredAt.Equal(clock.Now()) {
		t.Fatalf("lease row = %+v, %v; want b's, epoch 2, acquired now", st, err)
	}
	// A release by a process that lost the lease changes nothing.
	if err := a.Release(ctx); err != nil {
		t.Fatal(err)
	}
	if st2, _, _ := ReadLease(ctx, dbA); st2 != st {
		t.Fatalf("a late release changed the row: %+v, was %+v", st2, st)
	}
}

func TestLeaseOnlyOneOfManyStandbysTakesIt(t *testing.T) {
	loc := testLocation(t)
	clock := newFakeClock()
	const n = 6
	leases := make([]*Lease, n)
	for i := range leases {
		db, err := Open(context.Background(), loc)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		leases[i] = NewLease(db, string(rune('a'+i)), clock.Now, testTimes)
	}
	mustTake(t, leases[0], true)
	for _, l := range leases[1:] {
		mustTake(t, l, false) // each has seen the holder
	}
	clock.Add(time.Minute) // the holder died long ago
	var wg sync.WaitGroup
	took := make([]bool, n)
	errs := make([]error, n)
	for i, l := range leases[1:] {
		wg.Add(1)
		go func() {
			defer wg.Done()
			took[i+1], errs[i+1] = l.TryTake(context.Background())
		}()
	}
	wg.Wait()
	count := 0
	for i, ok := range took {
		if errs[i] != nil && !IsTransient(errs[i]) {
			t.Fatalf("standby %d: %v", i, errs[i])
		}
		if ok {
			count++
		}
	}
	if count != 1 {
		t.Fatalf("%d standbys took the lease at once (%v); want exactly 1", count, took)
	}
}

func TestLeaseTakeoverWaitsForTheWriteInFlight(t *testing.T) {
	// The holder's transaction passed the fence and is still writing when a standby finds the
	// lease expired: the take waits for the commit, so the write lands wholly before the new
	// epoch, and the next transaction of the old holder is refused.
	ctx := context.Background()
	dbA, dbB := leaseDBs(t)
	clock := newFakeClock()
	a := NewLease(dbA, "a", clock.Now, testTimes)
	b := NewLease(dbB, "b", clock.Now, testTimes)
	dbA.SetFence(a.Fence)
	mustTake(t, a, true)
	mustTake(t, b, false)
	tx, err := dbA.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	clock.Add(time.Minute)
	done := make(chan bool, 1)
	go func() {
		ok, err := b.TryTake(ctx)
		if err != nil {
			t.Errorf("TryTake: %v", err)
		}
		done <- ok
	}()
	select {
	case <-done:
		t.Fatal("the standby took the lease while the holder's transaction was open")
	case <-time.After(300 * time.Millisecond):
	}
	if err := SetKV(ctx, tx, "lease-test", "in flight", "x"); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatalf("the write in flight: %v", err)
	}
	if !<-done {
		t.Fatal("the standby did not take the lease after the commit")
	}
	if err := write(dbA, "after"); !errors.Is(err, ErrLeaseLost) {
		t.Fatalf("the old holder's next write: %v, want ErrLeaseLost", err)
	}
	if n := countKV(t, dbB); n != 1 {
		t.Fatalf("%d rows; want the one written in flight", n)
	}
}

func TestLeaseKeep(t *testing.T) {
	t.Run("ends when another process took the lease", func(t *testing.T) {
		dbA, dbB := leaseDBs(t)
		clock := newFakeClock()
		a := NewLease(dbA, "a", clock.Now, testTimes)
		b := NewLease(dbB, "b", clock.Now, testTimes)
		mustTake(t, a, true)
		clock.Add(time.Minute) // a was paused
		mustTake(t, b, true)
		a.sleep = func(ctx context.Context, d time.Duration) error { clock.Add(d); return nil }
		if err := a.Keep(context.Background(), nil); !errors.Is(err, ErrLeaseLost) {
			t.Fatalf("Keep = %v, want ErrLeaseLost", err)
		}
	})
	t.Run("gives up when no heartbeat gets through in time", func(t *testing.T) {
		dbA, _ := leaseDBs(t)
		clock := newFakeClock()
		a := NewLease(dbA, "a", clock.Now, testTimes)
		mustTake(t, a, true)
		dbA.DB.Close() // the database went away
		slept := time.Duration(0)
		a.sleep = func(ctx context.Context, d time.Duration) error { clock.Add(d); slept += d; return nil }
		var failures int
		err := a.Keep(context.Background(), func(error) { failures++ })
		if !errors.Is(err, ErrLeaseLost) {
			t.Fatalf("Keep = %v, want ErrLeaseLost", err)
		}
		if slept < testTimes.Expire-testTimes.Renew || slept > testTimes.Expire {
			t.Fatalf("gave up after %s; want between %s and %s", slept, testTimes.Expire-testTimes.Renew, testTimes.Expire)
		}
		if failures < 2 {
			t.Fatalf("%d failed heartbeats reported; want the retries, every second", failures)
		}
	})
	t.Run("a passing failure is retried and the lease kept", func(t *testing.T) {
		dbA, _ := leaseDBs(t)
		clock := newFakeClock()
		a := NewLease(dbA, "a", clock.Now, testTimes)
		mustTake(t, a, true)
		ctx, cancel := context.WithCancel(context.Background())
		beats := 0
		a.sleep = func(ctx context.Context, d time.Duration) error {
			clock.Add(d)
			if beats++; beats > 20 {
				cancel()
			}
			return nil
		}
		if err := a.Keep(ctx, nil); err != nil {
			t.Fatalf("Keep = %v, want nil when stopped", err)
		}
		if !a.Valid() {
			t.Fatal("the lease is not valid after 20 heartbeats")
		}
	})
}

func TestLeaseWait(t *testing.T) {
	dbA, dbB := leaseDBs(t)
	clock := newFakeClock()
	a := NewLease(dbA, "a", clock.Now, testTimes)
	b := NewLease(dbB, "b", clock.Now, testTimes)
	mustTake(t, a, true)
	looks := 0
	b.sleep = func(ctx context.Context, d time.Duration) error { clock.Add(d); return nil }
	err := b.Wait(context.Background(), func(s LeaseState, err error) {
		looks++
		if err != nil || s.Holder != "a" {
			t.Errorf("told %+v, %v; want a's lease", s, err)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	// a never beats: b takes it at the look at 20 s, after 4 looks that found it held.
	if looks != 4 || b.Epoch() != 2 {
		t.Fatalf("took the lease after %d looks at epoch %d; want 4 looks, epoch 2", looks, b.Epoch())
	}
}
