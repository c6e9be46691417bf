package schedule

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"folkmoot/bot"
	"folkmoot/store"
	"folkmoot/store/storetest"
)

var room = bot.Room{Protocol: bot.Console, ID: "assembly"}

// fakeClock is a settable clock shared by schedulers in a test.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }

// firings records each firing as a row written in the job's transaction, so a rolled-back
// firing leaves no trace.
func setupFirings(t testing.TB, db *store.DB) {
	t.Helper()
	if _, err := db.Exec(`CREATE TABLE firings (seq INTEGER PRIMARY KEY, job INTEGER, at INTEGER, late INTEGER)`); err != nil {
		t.Fatal(err)
	}
}

func recordFiring(ctx context.Context, tx *sql.Tx, j Job) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO firings (job, at, late) VALUES (?, ?, ?)`, j.ID, j.Due.UnixMilli(), j.Late.Milliseconds())
	return err
}

func countFirings(t testing.TB, db *store.DB, job int64) int {
	t.Helper()
	var n int
	if err := db.QueryRow(`SELECT COUNT(*) FROM firings WHERE job = ?`, job).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func newScheduler(db *store.DB, clock *fakeClock, grace time.Duration) *Scheduler {
	return New(db, clock.Now, grace, zerolog.Nop())
}

func add(t testing.TB, s *Scheduler, j Job) int64 {
	t.Helper()
	if j.Room.ID == "" {
		j.Room = room
	}
	id, err := Add(context.Background(), s.db, j)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func outboxTexts(t testing.TB, db *store.DB) []string {
	t.Helper()
	items, err := db.Pending(context.Background(), bot.Console, time.Now().Add(time.Hour), 1000)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, it := range items {
		out = append(out, it.Reply.Text())
	}
	return out
}

var t0 = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)

func TestClaimOnceUnderTwoConcurrentLoops(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	setupFirings(t, db)
	clock := &fakeClock{t: t0}
	// Two schedulers on two connections pools to the same file, like two processes.
	db2, err := store.Open(ctx, db.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	a, b := newScheduler(db, clock, time.Hour), newScheduler(db2, clock, time.Hour)
	for _, s := range []*Scheduler{a, b} {
		s.Register("tick", Kind{Handle: recordFiring})
	}
	const jobs = 300
	for i := range jobs {
		add(t, a, Job{Kind: "tick", Due: t0.Add(time.Duration(i%7) * time.Second)})
	}
	clock.Set(t0.Add(time.Minute))
	var wg sync.WaitGroup
	fired := make([]int, 2)
	for i, s := range []*Scheduler{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := s.FireDue(ctx)
			if err != nil {
				t.Error(err)
			}
			fired[i] = n
		}()
	}
	wg.Wait()
	if fired[0]+fired[1] != jobs {
		t.Fatalf("loops claimed %d + %d jobs, want %d in all", fired[0], fired[1], jobs)
	}
	var total, distinct int
	if err := db.QueryRow(`SELECT COUNT(*), COUNT(DISTINCT job) FROM firings`).Scan(&total, &distinct); err != nil {
		t.Fatal(err)
	}
	if total != jobs || distinct != jobs {
		t.Fatalf("%d firings of %d distinct jobs, want %d of %d", total, distinct, jobs, jobs)
	}
	// Nothing fires a second time.
	if n, _ := a.FireDue(ctx); n != 0 {
		t.Fatalf("second pass fired %d", n)
	}
}

func TestFiresInOrderOnlyWhenDue(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	setupFirings(t, db)
	clock := &fakeClock{t: t0}
	s := newScheduler(db, clock, 24*time.Hour)
	var order []int64
	s.Register("tick", Kind{Handle: func(ctx context.Context, tx *sql.Tx, j Job) error {
		order = append(order, j.ID)
		return recordFiring(ctx, tx, j)
	}})
	late := add(t, s, Job{Kind: "tick", Due: t0.Add(2 * time.Hour)})
	early := add(t, s, Job{Kind: "tick", Due: t0.Add(time.Hour)})
	if next, ok, _ := s.Next(ctx); !ok || !next.Equal(t0.Add(time.Hour)) {
		t.Fatalf("Next = %v %v", next, ok)
	}
	if n, _ := s.FireDue(ctx); n != 0 {
		t.Fatalf("fired %d before anything was due", n)
	}
	clock.Set(t0.Add(3 * time.Hour))
	if n, err := s.FireDue(ctx); n != 2 || err != nil {
		t.Fatalf("fired %d, %v", n, err)
	}
	if len(order) != 2 || order[0] != early || order[1] != late {
		t.Fatalf("order %v, want [%d %d]", order, early, late)
	}
}

func TestOverdueOnStart(t *testing.T) {
	tests := []struct {
		name       string
		late       time.Duration
		alwaysFire bool
		wantFired  bool
		wantNotice string
	}{
		{name: "within the grace window fires", late: 30 * time.Minute, wantFired: true},
		{name: "beyond the grace window is missed and reported", late: 3 * time.Hour, wantNotice: "While folkmoot was offline, the reminder: bring chairs due Wed 25 Nov 12:00 CET was missed."},
		{name: "always-fire kinds fire however late", late: 72 * time.Hour, alwaysFire: true, wantFired: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			db := storetest.Open(t)
			setupFirings(t, db)
			clock := &fakeClock{t: t0}
			// The job is stored by one run of folkmoot ...
			before := newScheduler(db, clock, time.Hour)
			id := add(t, before, Job{Kind: "remind", Title: "reminder: bring chairs", Due: t0.Add(time.Hour), Timezone: "Europe/Berlin"})
			// ... which stops; the next run starts after the due time.
			clock.Set(t0.Add(time.Hour + tt.late))
			after := newScheduler(db, clock, time.Hour)
			after.Register("remind", Kind{Handle: recordFiring, AlwaysFire: tt.alwaysFire})
			if _, err := after.FireDue(ctx); err != nil {
				t.Fatal(err)
			}
			if got := countFirings(t, db, id); got != map[bool]int{true: 1, false: 0}[tt.wantFired] {
				t.Fatalf("fired %d times", got)
			}
			if tt.wantFired {
				var late int64
				_ = db.QueryRow(`SELECT late FROM firings WHERE job = ?`, id).Scan(&late)
				if time.Duration(late)*time.Millisecond != tt.late {
					t.Fatalf("handler saw Late %v, want %v", time.Duration(late)*time.Millisecond, tt.late)
				}
			}
			notices := outboxTexts(t, db)
			if tt.wantNotice == "" && len(notices) != 0 || tt.wantNotice != "" && (len(notices) != 1 || notices[0] != tt.wantNotice) {
				t.Fatalf("notices %q, want %q", notices, tt.wantNotice)
			}
			// A further restart fires nothing again.
			again := newScheduler(db, clock, time.Hour)
			again.Register("remind", Kind{Handle: recordFiring, AlwaysFire: tt.alwaysFire})
			if n, _ := again.FireDue(ctx); n != 0 {
				t.Fatalf("fired again after restart: %d", n)
			}
		})
	}
}

func TestWeeklyJobAcrossDST(t *testing.T) {
	ctx := context.Background()
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		start time.Time // a Monday 19:00 before the change
	}{
		{name: "spring forward", start: time.Date(2027, 3, 22, 19, 0, 0, 0, berlin)},
		{name: "fall back", start: time.Date(2026, 10, 19, 19, 0, 0, 0, berlin)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := storetest.Open(t)
			clock := &fakeClock{t: tt.start.Add(-time.Hour)}
			s := newScheduler(db, clock, time.Hour)
			var fired []time.Time
			s.Register("rotate", Kind{Handle: func(_ context.Context, _ *sql.Tx, j Job) error {
				fired = append(fired, clock.Now())
				return nil
			}})
			add(t, s, Job{Kind: "rotate", Due: tt.start, Spec: "every mon 19:00", Timezone: "Europe/Berlin"})
			for range 3 {
				next, ok, err := s.Next(ctx)
				if err != nil || !ok {
					t.Fatalf("Next: %v %v", ok, err)
				}
				clock.Set(next)
				if n, err := s.FireDue(ctx); n != 1 || err != nil {
					t.Fatalf("FireDue at %v = %d, %v", next, n, err)
				}
			}
			_, off0 := fired[0].In(berlin).Zone()
			_, off2 := fired[2].In(berlin).Zone()
			if off0 == off2 {
				t.Fatalf("the weeks did not straddle a DST change: %v", fired)
			}
			for i, f := range fired {
				local := f.In(berlin)
				if local.Weekday() != time.Monday || local.Hour() != 19 || local.Minute() != 0 {
					t.Fatalf("firing %d at %v, want Monday 19:00 Berlin time", i, local)
				}
				if i > 0 && local.YearDay()-fired[i-1].In(berlin).YearDay() != 7 {
					t.Fatalf("firing %d not a week after the previous: %v", i, fired)
				}
			}
		})
	}
}

func TestRecurringJobAfterLongOutageFiresOnce(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	setupFirings(t, db)
	berlin, _ := time.LoadLocation("Europe/Berlin")
	start := time.Date(2026, 11, 30, 19, 0, 0, 0, berlin) // a Monday
	clock := &fakeClock{t: start.Add(-time.Minute)}
	s := newScheduler(db, clock, 24*time.Hour*30)
	s.Register("rotate", Kind{Handle: recordFiring})
	id := add(t, s, Job{Kind: "rotate", Due: start, Spec: "every mon 19:00", Timezone: "Europe/Berlin"})
	clock.Set(start.Add(3*7*24*time.Hour + time.Hour)) // three weeks down
	if n, _ := s.FireDue(ctx); n != 1 {
		t.Fatalf("fired %d, want one catch-up firing", n)
	}
	next, _, _ := s.Next(ctx)
	if want := start.Add(4 * 7 * 24 * time.Hour); !next.Equal(want) {
		t.Fatalf("next %v, want %v", next.In(berlin), want.In(berlin))
	}
	if countFirings(t, db, id) != 1 {
		t.Fatal("not exactly one firing")
	}
}

func TestFailingHandlerRollsBackAndReports(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	setupFirings(t, db)
	clock := &fakeClock{t: t0}
	s := newScheduler(db, clock, time.Hour)
	s.Register("broken", Kind{Handle: func(ctx context.Context, tx *sql.Tx, j Job) error {
		if err := recordFiring(ctx, tx, j); err != nil {
			return err
		}
		return errors.New("disk on fire")
	}})
	s.Register("panics", Kind{Handle: func(context.Context, *sql.Tx, Job) error { panic("boom") }})
	s.Register("fine", Kind{Handle: recordFiring})
	broken := add(t, s, Job{Kind: "broken", Title: "vote closing", Due: t0})
	add(t, s, Job{Kind: "panics", Due: t0})
	fine := add(t, s, Job{Kind: "fine", Due: t0.Add(time.Second)})
	clock.Set(t0.Add(time.Minute))
	if _, err := s.FireDue(ctx); err != nil {
		t.Fatal(err)
	}
	if countFirings(t, db, broken) != 0 {
		t.Fatal("a failed job's effects were kept")
	}
	if countFirings(t, db, fine) != 1 {
		t.Fatal("a failing job blocked the next one")
	}
	if got := outboxTexts(t, db); len(got) != 2 {
		t.Fatalf("notices %q, want one per failed job", got)
	}
	if n, _ := s.FireDue(ctx); n != 0 {
		t.Fatal("failed jobs were retried in a loop")
	}
}

func TestCancelAndPending(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	setupFirings(t, db)
	clock := &fakeClock{t: t0}
	s := newScheduler(db, clock, time.Hour)
	s.Register("close", Kind{Handle: recordFiring})
	id := add(t, s, Job{Kind: "close", Ref: "vote-1", Due: t0.Add(time.Hour)})
	add(t, s, Job{Kind: "close", Ref: "vote-2", Due: t0.Add(2 * time.Hour)})
	if err := Cancel(ctx, db, room, "close", "vote-1"); err != nil {
		t.Fatal(err)
	}
	jobs, err := Pending(ctx, db, room, "close")
	if err != nil || len(jobs) != 1 || jobs[0].Ref != "vote-2" {
		t.Fatalf("Pending = %+v, %v", jobs, err)
	}
	clock.Set(t0.Add(3 * time.Hour))
	if n, _ := s.FireDue(ctx); n != 1 || countFirings(t, db, id) != 0 {
		t.Fatal("a cancelled job fired")
	}
}

func TestUnknownKindIsReportedNotLost(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	clock := &fakeClock{t: t0}
	s := newScheduler(db, clock, time.Hour)
	add(t, s, Job{Kind: "from-a-newer-version", Title: "mystery", Due: t0})
	clock.Set(t0.Add(time.Second))
	if n, _ := s.FireDue(ctx); n != 1 {
		t.Fatalf("fired %d", n)
	}
	if got := outboxTexts(t, db); len(got) != 1 {
		t.Fatalf("notices %q", got)
	}
}

var discard = zerolog.Nop()

// A loop that read a recurring job before another loop fired it and set it back to pending
// (with its next due time) must not fire it again.
func TestRecurringJobReadBeforeItsRepeatFiresOnce(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	setupFirings(t, db)
	start := time.Date(2026, 11, 30, 19, 0, 0, 0, time.UTC)
	clock := &fakeClock{t: start}
	s := newScheduler(db, clock, time.Hour)
	s.Register("rotate", Kind{Handle: recordFiring})
	id := add(t, s, Job{Kind: "rotate", Due: start, Spec: "every mon 19:00", Timezone: "UTC"})
	jobs, err := Pending(ctx, db, room, "rotate")
	if err != nil || len(jobs) != 1 {
		t.Fatalf("pending %v %v", jobs, err)
	}
	stale := jobs[0] // what a second loop read
	if n, _ := s.FireDue(ctx); n != 1 {
		t.Fatalf("fired %d, want 1", n)
	}
	if claimed, err := s.fire(ctx, stale, clock.Now()); err != nil || claimed {
		t.Fatalf("the stale copy was claimed again: %v %v", claimed, err)
	}
	if n := countFirings(t, db, id); n != 1 {
		t.Fatalf("fired %d times, want once", n)
	}
}
