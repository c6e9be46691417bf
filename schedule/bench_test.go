package schedule

import (
	"context"
	"database/sql"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"folkmoot/bot"
	"folkmoot/store"
)

const benchJobs = 100_000

// seedJobs writes n pending jobs, one per minute from t0, into a fresh database file.
func seedJobs(b *testing.B, n int) string {
	b.Helper()
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), store.FileName)
	db, err := store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	err = db.InTx(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, jobInsert)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for i := range n {
			if _, err := stmt.ExecContext(ctx, room.Key(), "tick", "", "", "", t0.Add(time.Duration(i)*time.Minute).UnixMilli(), "", ""); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return path
}

func copyFile(b *testing.B, src string) string {
	b.Helper()
	dst := filepath.Join(b.TempDir(), store.FileName)
	in, err := os.Open(src)
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		b.Fatal(err)
	}
	defer out.Close()
	if _, err := io.Copy(out, in); err != nil {
		b.Fatal(err)
	}
	return dst
}

// BenchmarkStartup100k is what folkmoot does at start with 100,000 pending jobs: open the
// database (migrations checked) and find the earliest job. It also reports the heap it
// needed: jobs stay in the database, not in memory.
func BenchmarkStartup100k(b *testing.B) {
	path := seedJobs(b, benchJobs)
	ctx := context.Background()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	for b.Loop() {
		db, err := store.Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		s := New(db, func() time.Time { return t0 }, time.Hour, discard)
		if _, ok, err := s.Next(ctx); !ok || err != nil {
			b.Fatal(ok, err)
		}
		db.Close()
	}
	b.StopTimer()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/1e6, "MB-alloc/op")
}

// BenchmarkNextDue100k finds the earliest of 100,000 pending jobs (the timer's wake-up).
func BenchmarkNextDue100k(b *testing.B) {
	path := seedJobs(b, benchJobs)
	ctx := context.Background()
	db, err := store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	s := New(db, func() time.Time { return t0 }, time.Hour, discard)
	b.ReportAllocs()
	for b.Loop() {
		if _, ok, err := s.Next(ctx); !ok || err != nil {
			b.Fatal(ok, err)
		}
	}
}

// BenchmarkFireDue100k fires due jobs in order out of 100,000 pending: each op is one job
// claimed, handled and committed in its own transaction.
func BenchmarkFireDue100k(b *testing.B) {
	seed := seedJobs(b, benchJobs)
	ctx := context.Background()
	db, err := store.Open(ctx, copyFile(b, seed))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	clock := &fakeClock{t: t0}
	s := New(db, clock.Now, 365*24*time.Hour, discard)
	s.Register("tick", Kind{Handle: func(context.Context, *sql.Tx, Job) error { return nil }})
	b.ReportAllocs()
	fired := 0
	for b.Loop() {
		if fired >= benchJobs {
			b.Fatal("ran out of jobs")
		}
		// Move the clock to the next job's due time, so each op fires exactly one job.
		clock.Set(t0.Add(time.Duration(fired) * time.Minute))
		n, err := s.FireDue(ctx)
		if err != nil || n != 1 {
			b.Fatalf("fired %d, %v", n, err)
		}
		fired++
	}
}

// BenchmarkPendingQuietRoom100k lists the three pending jobs of a room while another room
// has 100,000: what !status and !reminders cost a room however busy the others are (before
// migration 10 the query walked every pending job of every room).
func BenchmarkPendingQuietRoom100k(b *testing.B) {
	seed := seedJobs(b, benchJobs)
	ctx := context.Background()
	db, err := store.Open(ctx, copyFile(b, seed))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	quiet := bot.Room{Protocol: bot.Console, ID: "quiet"}
	for i := range 3 {
		if _, err := Add(ctx, db, Job{Room: quiet, Kind: "tick", Due: t0.Add(time.Duration(i) * time.Hour)}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if jobs, err := Pending(ctx, db, quiet, ""); err != nil || len(jobs) != 3 {
			b.Fatalf("%d jobs, %v", len(jobs), err)
		}
	}
}
