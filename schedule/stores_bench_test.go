package schedule

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"folkmoot/store"
	"folkmoot/store/storetest"
)

// BenchmarkStoresScheduler compares the two stores on a scheduler holding 100,000 pending
// jobs (one a minute from t0): next finds the earliest (the timer's wake-up), fire claims,
// handles and commits the one due job, fire100 the 100 jobs due together (one transaction,
// a savepoint each), add adds one. PostgreSQL runs when FOLKMOOT_TEST_DATABASE_URL is set.
// Before each run the jobs it will fire are added (untimed), so 100,000 or more stay pending
// throughout; the sub-benchmarks share the database as a running folkmoot would.
func BenchmarkStoresScheduler(b *testing.B) {
	ctx := context.Background()
	for _, st := range storetest.Stores(b) {
		b.Run(st.Name, func(b *testing.B) {
			db, err := store.Open(ctx, st.Location)
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			clock := &fakeClock{t: t0}
			s := New(db, clock.Now, 365*24*time.Hour, discard)
			s.Register("tick", Kind{Handle: func(context.Context, *sql.Tx, Job) error { return nil }})
			fired, added := 0, 0 // jobs t0 + i minutes, i < fired, are done; i < added exist
			topUp := func(b *testing.B, firing int) {
				b.Helper()
				want := fired + benchJobs + firing
				if err := addJobs(ctx, db, added, want); err != nil {
					b.Fatal(err)
				}
				added = max(added, want)
				clock.Set(t0.Add(time.Duration(fired) * time.Minute))
			}
			b.Run("next", func(b *testing.B) {
				topUp(b, 0)
				b.ReportAllocs()
				b.ResetTimer()
				for range b.N {
					if _, ok, err := s.Next(ctx); !ok || err != nil {
						b.Fatal(ok, err)
					}
				}
			})
			fire := func(per int) func(b *testing.B) {
				return func(b *testing.B) {
					topUp(b, b.N*per)
					b.ReportAllocs()
					b.ResetTimer()
					for range b.N {
						// The clock moves to the last of the next per jobs: each op fires exactly those.
						clock.Set(t0.Add(time.Duration(fired+per-1) * time.Minute))
						n, err := s.FireDue(ctx)
						if err != nil || n != per {
							b.Fatalf("fired %d of %d, %v", n, per, err)
						}
						fired += per
					}
					b.ReportMetric(float64(b.N*per)/b.Elapsed().Seconds(), "jobs/s")
				}
			}
			b.Run("fire", fire(1))
			b.Run("fire100", fire(100))
			b.Run("add", func(b *testing.B) {
				topUp(b, 0)
				b.ReportAllocs()
				b.ResetTimer()
				for i := range b.N {
					j := Job{Room: room, Kind: "tick", Due: t0.Add(time.Duration(-1-i) * time.Second)} // before every pending job: never fired here
					if _, err := Add(ctx, db, j); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

// addJobs adds the jobs t0 + i minutes for from <= i < to, in one transaction, 500 to an
// INSERT (a statement each would take most of a minute on PostgreSQL).
func addJobs(ctx context.Context, db *store.DB, from, to int) error {
	const per = 500
	return db.InTx(ctx, func(tx *sql.Tx) error {
		for i := from; i < to; i += per {
			n := min(per, to-i)
			args := make([]any, 0, 3*n)
			q := `INSERT INTO jobs (room, kind, due_at) VALUES ` + strings.TrimSuffix(strings.Repeat("(?, ?, ?), ", n), ", ")
			for k := i; k < i+n; k++ {
				args = append(args, room.Key(), "tick", t0.Add(time.Duration(k)*time.Minute).UnixMilli())
			}
			if _, err := tx.ExecContext(ctx, q, args...); err != nil {
				return fmt.Errorf("jobs %d to %d: %w", i, i+n, err)
			}
		}
		return nil
	})
}
