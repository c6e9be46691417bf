package schedule

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"folkmoot/store/storetest"
)

// firingOrder lists the jobs that fired, in the order their firings were written.
func firingOrder(t *testing.T, db interface {
	Query(string, ...any) (*sql.Rows, error)
}) []int64 {
	t.Helper()
	rows, err := db.Query(`SELECT job FROM firings ORDER BY seq`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		out = append(out, id)
	}
	return out
}

// A burst of jobs fires in batches (several jobs per transaction, each in a savepoint):
// every job once, earliest first, and a failing job in the middle of a batch loses only its
// own effects, keeps its place in the order of the notices, and leaves the others' alone.
func TestBurstFiresEachJobOnceInOrder(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	setupFirings(t, db)
	clock := &fakeClock{t: t0}
	s := newScheduler(db, clock, time.Hour)
	s.Register("tick", Kind{Handle: recordFiring})
	s.Register("broken", Kind{Handle: func(ctx context.Context, tx *sql.Tx, j Job) error {
		if err := recordFiring(ctx, tx, j); err != nil {
			return err
		}
		return errors.New("no such table: ballots")
	}})
	const jobs = 3*batchJobs + 7
	var want []int64
	var broken []int64
	for i := range jobs {
		kind := "tick"
		if i%50 == 25 {
			kind = "broken"
		}
		id := add(t, s, Job{Kind: kind, Title: fmt.Sprintf("job %d", i), Due: t0.Add(time.Duration(jobs-i) * time.Second)})
		if kind == "broken" {
			broken = append(broken, id)
		} else {
			want = append(want, id)
		}
	}
	clock.Set(t0.Add(time.Hour))
	n, err := s.FireDue(ctx)
	if err != nil || n != jobs {
		t.Fatalf("fired %d, %v; want %d", n, err, jobs)
	}
	got := firingOrder(t, db)
	// Added latest-due first: the earliest due is the last added.
	for i, j := 0, len(want)-1; i < j; i, j = i+1, j-1 {
		want[i], want[j] = want[j], want[i]
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("fired %v\nwant  %v", got, want)
	}
	for _, id := range broken {
		if state, attempts := jobRow(t, db, id); state != "failed" || attempts != 1 {
			t.Errorf("broken job %d: %s after %d tries; want given up after one", id, state, attempts)
		}
	}
	if notices := outboxTexts(t, db); len(notices) != len(broken) {
		t.Fatalf("%d notices, want one per broken job: %q", len(notices), notices)
	} else if !strings.Contains(notices[0], fmt.Sprintf("ref job %d", broken[len(broken)-1])) {
		t.Errorf("first notice %q, want the earliest broken job's (%d)", notices[0], broken[len(broken)-1])
	}
	if n, _ := s.FireDue(ctx); n != 0 {
		t.Fatalf("a second pass fired %d", n)
	}
}

// When a batch cannot commit, none of it is kept and its jobs fire again one transaction
// each: the job whose change cannot be committed is given up, the others fire exactly once.
func TestBatchThatCannotCommitFallsBackToOneJobEach(t *testing.T) {
	storetest.SkipOnPostgres(t, "a deferred foreign key that fails only at COMMIT, set up in SQLite's dialect")
	ctx := context.Background()
	db := storetest.Open(t)
	setupFirings(t, db)
	if _, err := db.Exec(`CREATE TABLE parents (id INTEGER PRIMARY KEY);
		CREATE TABLE children (parent INTEGER REFERENCES parents (id) DEFERRABLE INITIALLY DEFERRED)`); err != nil {
		t.Fatal(err)
	}
	clock := &fakeClock{t: t0}
	s := newScheduler(db, clock, time.Hour)
	s.Register("tick", Kind{Handle: recordFiring})
	// A deferred foreign key: the statement succeeds, the commit fails.
	s.Register("orphan", Kind{Handle: func(ctx context.Context, tx *sql.Tx, j Job) error {
		if err := recordFiring(ctx, tx, j); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO children (parent) VALUES (42)`)
		return err
	}})
	// A handler that ends the savepoint it runs in, then fails: it cannot be rolled back alone.
	s.Register("unsaved", Kind{Handle: func(ctx context.Context, tx *sql.Tx, j Job) error {
		if _, err := tx.ExecContext(ctx, savepointRelease); err != nil {
			return err
		}
		return errors.New("the handler fails after its savepoint is gone")
	}})
	for _, bad := range []string{"orphan", "unsaved"} {
		t.Run(bad, func(t *testing.T) {
			if _, err := db.Exec(`DELETE FROM firings; DELETE FROM jobs; DELETE FROM outbox`); err != nil {
				t.Fatal(err)
			}
			before := add(t, s, Job{Kind: "tick", Due: t0.Add(time.Second)})
			badID := add(t, s, Job{Kind: bad, Title: "vote closing", Due: t0.Add(2 * time.Second)})
			after := add(t, s, Job{Kind: "tick", Due: t0.Add(3 * time.Second)})
			clock.Set(t0.Add(time.Minute))
			if n, err := s.FireDue(ctx); err != nil || n != 3 {
				t.Fatalf("fired %d, %v; want 3", n, err)
			}
			if got := firingOrder(t, db); fmt.Sprint(got) != fmt.Sprint([]int64{before, after}) {
				t.Fatalf("firings %v, want %d and %d once each", got, before, after)
			}
			if state, _ := jobRow(t, db, badID); state != "failed" {
				t.Fatalf("the %s job is %s, want failed", bad, state)
			}
			if notices := outboxTexts(t, db); len(notices) != 1 || !strings.Contains(notices[0], "vote closing") {
				t.Fatalf("notices %q, want one for the failed job", notices)
			}
		})
	}
}

// A handler ends its recurring job by returning EndRecurrence: its effects commit, and no
// next occurrence is scheduled. Without it, a job whose object is gone fires for ever.
func TestHandlerEndsItsRecurringJob(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	setupFirings(t, db)
	clock := &fakeClock{t: t0}
	s := newScheduler(db, clock, time.Hour)
	s.Register("last", Kind{Handle: func(ctx context.Context, tx *sql.Tx, j Job) error {
		if err := recordFiring(ctx, tx, j); err != nil {
			return err
		}
		return fmt.Errorf("reminder stopped: %w", EndRecurrence)
	}})
	s.Register("once", Kind{Handle: func(ctx context.Context, tx *sql.Tx, j Job) error {
		if err := recordFiring(ctx, tx, j); err != nil {
			return err
		}
		return EndRecurrence
	}})
	daily := add(t, s, Job{Kind: "last", Due: t0.Add(time.Minute), Spec: "every day 10:01", Timezone: "UTC"})
	once := add(t, s, Job{Kind: "once", Due: t0.Add(time.Minute)})
	for day := range 3 {
		clock.Set(t0.Add(time.Duration(day)*24*time.Hour + 2*time.Minute))
		if _, err := s.FireDue(ctx); err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range []int64{daily, once} {
		if state, attempts := jobRow(t, db, id); state != "done" || attempts != 0 || countFirings(t, db, id) != 1 {
			t.Errorf("job %d: %s, %d failed tries, %d firings; want done after one firing", id, state, attempts, countFirings(t, db, id))
		}
	}
	if pending, err := Pending(ctx, db, room, ""); err != nil || len(pending) != 0 {
		t.Fatalf("pending %+v, %v; want none", pending, err)
	}
	if notices := outboxTexts(t, db); len(notices) != 0 {
		t.Fatalf("notices %q: ending a job is no failure", notices)
	}
}

// A handler that panics halfway through reading rows is rolled back alone: its open rows
// do not keep the batch from going on.
func TestHandlerPanickingMidReadIsRolledBackAlone(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	setupFirings(t, db)
	clock := &fakeClock{t: t0}
	s := newScheduler(db, clock, time.Hour)
	s.Register("tick", Kind{Handle: recordFiring})
	s.Register("reader", Kind{Handle: func(ctx context.Context, tx *sql.Tx, j Job) error {
		if err := recordFiring(ctx, tx, j); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT job FROM firings`)
		if err != nil {
			return err
		}
		rows.Next()
		panic("index out of range, with rows open")
	}})
	var ticks []int64
	ticks = append(ticks, add(t, s, Job{Kind: "tick", Due: t0.Add(time.Second)}))
	reader := add(t, s, Job{Kind: "reader", Title: "the digest", Due: t0.Add(2 * time.Second)})
	ticks = append(ticks, add(t, s, Job{Kind: "tick", Due: t0.Add(3 * time.Second)}))
	clock.Set(t0.Add(time.Minute))
	if n, err := s.FireDue(ctx); err != nil || n != 3 {
		t.Fatalf("fired %d, %v; want 3", n, err)
	}
	if got := firingOrder(t, db); fmt.Sprint(got) != fmt.Sprint(ticks) {
		t.Fatalf("firings %v, want %v", got, ticks)
	}
	if state, _ := jobRow(t, db, reader); state != "failed" {
		t.Fatalf("the panicking job is %s, want failed", state)
	}
}
