package schedule

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"folkmoot/store"
	"folkmoot/store/storetest"
)

// busyError looks like the driver's SQLITE_BUSY: a passing error.
type busyError struct{}

func (busyError) Error() string { return "database is locked (5) (SQLITE_BUSY)" }
func (busyError) Code() int     { return 5 }

// openImpatient opens a test database whose one connection gives up at once on a lock,
// so a locked database fails now instead of after the busy timeout's real seconds.
func openImpatient(t *testing.T) *store.DB {
	t.Helper()
	db := storetest.Open(t)
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`PRAGMA busy_timeout = 0`); err != nil {
		t.Fatal(err)
	}
	return db
}

// holdWriteLock opens a second connection that holds a write transaction until released.
func holdWriteLock(t *testing.T, db *store.DB) (release func()) {
	t.Helper()
	other, err := sql.Open("sqlite", store.DSN(db.Path()))
	if err != nil {
		t.Fatal(err)
	}
	tx, err := other.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`INSERT INTO kv (namespace, key, value) VALUES ('lock', 'held', '1')`); err != nil {
		t.Fatal(err)
	}
	released := false
	release = func() {
		if !released {
			released = true
			_ = tx.Rollback()
			other.Close()
		}
	}
	t.Cleanup(release)
	return release
}

func jobRow(t *testing.T, db *store.DB, id int64) (state string, attempts int) {
	t.Helper()
	if err := db.QueryRow(`SELECT state, attempts FROM jobs WHERE id = ?`, id).Scan(&state, &attempts); err != nil {
		t.Fatal(err)
	}
	return state, attempts
}

func TestLockedDatabaseNeverFailsAJob(t *testing.T) {
	for _, always := range []bool{true, false} {
		t.Run(fmt.Sprintf("AlwaysFire=%v", always), func(t *testing.T) {
			ctx := context.Background()
			db := openImpatient(t)
			setupFirings(t, db)
			clock := &fakeClock{t: t0}
			s := newScheduler(db, clock, time.Hour)
			s.Register("close", Kind{Handle: recordFiring, AlwaysFire: always})
			id := add(t, s, Job{Kind: "close", Title: "vote closing", Due: t0})
			clock.Set(t0.Add(time.Second))

			release := holdWriteLock(t, db)
			for i := 0; i < 3; i++ {
				if _, err := s.FireDue(ctx); err == nil || !store.IsTransient(err) {
					t.Fatalf("try %d under a lock: err %v, want a passing error", i, err)
				}
			}
			if state, _ := jobRow(t, db, id); state != "pending" {
				t.Fatalf("state %q under a lock, want pending", state)
			}
			release()

			clock.Set(t0.Add(2 * time.Second))
			if n, err := s.FireDue(ctx); err != nil || n != 1 {
				t.Fatalf("after the lock: fired %d, %v", n, err)
			}
			if state, _ := jobRow(t, db, id); state != "done" || countFirings(t, db, id) != 1 {
				t.Fatalf("state %q, %d firings; want done once", state, countFirings(t, db, id))
			}
			if got := outboxTexts(t, db); len(got) != 0 {
				t.Fatalf("notices %q; a short lock is nobody's business", got)
			}
		})
	}
}

func TestPassingErrorsRetryWithBackoff(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	setupFirings(t, db)
	clock := &fakeClock{t: t0}
	s := newScheduler(db, clock, time.Hour)
	fails := 5
	s.Register("close", Kind{AlwaysFire: true, Handle: func(ctx context.Context, tx *sql.Tx, j Job) error {
		if err := recordFiring(ctx, tx, j); err != nil {
			return err
		}
		if fails > 0 {
			fails--
			return fmt.Errorf("close vote: %w", busyError{})
		}
		return nil
	}})
	id := add(t, s, Job{Kind: "close", Title: "vote closing", Due: t0})
	now := t0
	for try := 1; try <= 5; try++ {
		clock.Set(now)
		if _, err := s.FireDue(ctx); err != nil {
			t.Fatal(err)
		}
		state, attempts := jobRow(t, db, id)
		if state != "pending" || attempts != try {
			t.Fatalf("try %d: state %q attempts %d", try, state, attempts)
		}
		// Not before its backoff...
		clock.Set(now.Add(Backoff(try) - time.Millisecond))
		if n, _ := s.FireDue(ctx); n != 0 {
			t.Fatalf("try %d: retried before its backoff", try)
		}
		now = now.Add(Backoff(try))
	}
	clock.Set(now)
	if n, err := s.FireDue(ctx); err != nil || n != 1 {
		t.Fatalf("last try: %d, %v", n, err)
	}
	if state, _ := jobRow(t, db, id); state != "done" || countFirings(t, db, id) != 1 {
		t.Fatalf("state %q, firings %d: want done, its effects once", state, countFirings(t, db, id))
	}
	got := outboxTexts(t, db)
	if len(got) != 1 || !strings.Contains(got[0], "delayed") {
		t.Fatalf("notices %q, want one delay notice", got)
	}
}

func TestGivingUp(t *testing.T) {
	permanent := errors.New("no such table: ballots")
	cases := []struct {
		name        string
		always      bool
		err         error
		tries       int
		wantState   string
		wantNotices int
	}{
		{"a lasting error fails an ordinary job at once", false, permanent, 1, "failed", 1},
		{"passing errors fail an ordinary job after MaxAttempts", false, busyError{}, MaxAttempts, "failed", 2},
		{"a vote closing is never given up on a lasting error", true, permanent, MaxAttempts + 3, "pending", 2},
		{"a vote closing is never given up on passing errors", true, busyError{}, MaxAttempts + 3, "pending", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			db := storetest.Open(t)
			clock := &fakeClock{t: t0}
			s := newScheduler(db, clock, time.Hour)
			s.Register("k", Kind{AlwaysFire: c.always, Handle: func(context.Context, *sql.Tx, Job) error { return c.err }})
			id := add(t, s, Job{Kind: "k", Title: "vote closing", Due: t0})
			now := t0
			for i := 0; i < c.tries; i++ {
				now = now.Add(time.Hour) // later than any backoff
				clock.Set(now)
				if n, err := s.FireDue(ctx); err != nil || n != 1 {
					t.Fatalf("try %d: %d, %v", i+1, n, err)
				}
			}
			state, _ := jobRow(t, db, id)
			if state != c.wantState {
				t.Fatalf("state %q, want %q", state, c.wantState)
			}
			if got := outboxTexts(t, db); len(got) != c.wantNotices {
				t.Fatalf("notices %q, want %d", got, c.wantNotices)
			}
			troubled, err := s.Troubled(ctx, db, room)
			if err != nil {
				t.Fatal(err)
			}
			if want := c.wantState == "pending"; (len(troubled) == 1) != want {
				t.Fatalf("Troubled = %+v, want listed: %v", troubled, want)
			}
			if len(troubled) == 1 && (troubled[0].LastError == "" || troubled[0].RetryAt.Before(now)) {
				t.Fatalf("troubled job %+v: want its error and a next try", troubled[0])
			}
		})
	}
}

func TestRetriedJobIsNotReportedMissed(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	setupFirings(t, db)
	clock := &fakeClock{t: t0}
	s := newScheduler(db, clock, time.Minute)
	fails := 1
	s.Register("remind", Kind{Handle: func(ctx context.Context, tx *sql.Tx, j Job) error {
		if fails > 0 {
			fails--
			return busyError{}
		}
		return recordFiring(ctx, tx, j)
	}})
	id := add(t, s, Job{Kind: "remind", Due: t0})
	clock.Set(t0)
	if _, err := s.FireDue(ctx); err != nil {
		t.Fatal(err)
	}
	clock.Set(t0.Add(10 * time.Minute)) // past the grace window because of our own retry
	if _, err := s.FireDue(ctx); err != nil {
		t.Fatal(err)
	}
	if countFirings(t, db, id) != 1 {
		t.Fatal("a retried job was reported missed instead of firing")
	}
}

func TestBackoff(t *testing.T) {
	for _, c := range []struct {
		attempt int
		want    time.Duration
	}{{1, 5 * time.Second}, {2, 10 * time.Second}, {5, 80 * time.Second}, {9, 15 * time.Minute}, {100, 15 * time.Minute}} {
		if got := Backoff(c.attempt); got != c.want {
			t.Errorf("Backoff(%d) = %v, want %v", c.attempt, got, c.want)
		}
	}
}
