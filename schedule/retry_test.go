package schedule

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"folkmoot/bot"
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
	storetest.SkipOnPostgres(t, "SQLite's write lock held by another connection")
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

// panicking stands for a handler that panics.
var panicking = errors.New("the handler panics")

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
		// Retrying a bug every quarter of an hour for weeks mends nothing (a scheduled digest
		// was tried 1,419 times): a lasting error gives up every kind, with a notice.
		{"a lasting error fails a vote closing at once too", true, permanent, 1, "failed", 1},
		{"a panic is a lasting error", true, panicking, 1, "failed", 1},
		{"a vote closing is never given up on passing errors", true, busyError{}, MaxAttempts + 3, "pending", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			db := storetest.Open(t)
			clock := &fakeClock{t: t0}
			s := newScheduler(db, clock, time.Hour)
			s.Register("k", Kind{AlwaysFire: c.always, Handle: func(context.Context, *sql.Tx, Job) error {
				if c.err == panicking {
					panic("index out of range [65536] with length 65536")
				}
				return c.err
			}})
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
			troubled, err := Troubled(ctx, db, room)
			if err != nil {
				t.Fatal(err)
			}
			if want := c.wantState == "pending"; (len(troubled) == 1) != want {
				t.Fatalf("Troubled = %+v, want listed: %v", troubled, want)
			}
			if len(troubled) == 1 && (troubled[0].LastError == "" || troubled[0].RetryAt.Before(now)) {
				t.Fatalf("troubled job %+v: want its error and a next try", troubled[0])
			}
			for _, n := range outboxTexts(t, db) {
				if strings.Contains(strings.ToLower(n), "the the") || strings.Contains(n, "scheduled vote") {
					t.Errorf("notice %q", n)
				}
			}
		})
	}
}

// A recurring job that fails for good gives up that occurrence only: the room is told once,
// the schedule goes on, and the next occurrence fails (or runs) on its own.
func TestGivingUpARecurringJobKeepsItsSchedule(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	setupFirings(t, db)
	clock := &fakeClock{t: t0}
	s := newScheduler(db, clock, time.Hour)
	s.Speak("?", func(context.Context, store.Querier, bot.Room) *time.Location { return time.FixedZone("CET", 3600) }, nil)
	broken := true
	s.Register("digest", Kind{AlwaysFire: true, Handle: func(ctx context.Context, tx *sql.Tx, j Job) error {
		if broken {
			panic("generateCIDFontMap: index out of range")
		}
		return recordFiring(ctx, tx, j)
	}})
	first := t0.Add(time.Hour) // Wed 25 Nov 11:00 UTC
	add(t, s, Job{Kind: "digest", Ref: "digest", Title: "the scheduled digest", Due: first, Spec: "every wed 11:00", Timezone: "UTC"})
	for week := 0; week < 3; week++ {
		clock.Set(first.AddDate(0, 0, 7*week).Add(time.Minute))
		for i := 0; i < 5; i++ { // the loop wakes again and again: nothing is retried
			if _, err := s.FireDue(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if week == 1 {
			broken = false
		}
	}
	var failed, pending, tries int
	if err := db.QueryRow(`SELECT COUNT(*) FILTER (WHERE state = 'failed'), COUNT(*) FILTER (WHERE state = 'pending'),
		COALESCE(SUM(attempts), 0) FROM jobs`).Scan(&failed, &pending, &tries); err != nil {
		t.Fatal(err)
	}
	if failed != 2 || pending != 1 || tries != 2 {
		t.Fatalf("%d failed, %d pending, %d tries; want the two broken weeks failed once each and the schedule going on", failed, pending, tries)
	}
	pendingJobs, err := Pending(ctx, db, room, "digest")
	if err != nil || len(pendingJobs) != 1 || !pendingJobs[0].Due.Equal(first.AddDate(0, 0, 21)) {
		t.Fatalf("pending %+v, %v; want the fourth week's", pendingJobs, err)
	}
	notices := outboxTexts(t, db)
	if len(notices) != 2 {
		t.Fatalf("notices %q, want one per broken week", notices)
	}
	want := "Something went wrong with the scheduled digest due Wed 25 Nov 12:00 CET (ref job 1): it failed in a way trying again would not mend"
	if !strings.HasPrefix(notices[0], want) || !strings.Contains(notices[0], "The next one is due Wed 2 Dec 12:00 CET.") {
		t.Errorf("notice %q, want it to start %q and name the next one in the room's timezone", notices[0], want)
	}
}

func TestJobName(t *testing.T) {
	for _, c := range []struct{ title, want string }{
		{"the scheduled digest", "the scheduled digest"},
		{"The speaking timer", "the speaking timer"},
		{"closing of vote #3", "the closing of vote #3"},
		{"", "the job k"},
		{"theatre night", "the theatre night"},
	} {
		if got := (Job{Kind: "k", Title: c.title}).Name(); got != c.want {
			t.Errorf("Name of %q = %q, want %q", c.title, got, c.want)
		}
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
