package app_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"folkmoot/app"
	"folkmoot/app/host"
	"folkmoot/bot"
	"folkmoot/config"
	"folkmoot/feature/meetings"
	"folkmoot/meeting"
	"folkmoot/store"
	"folkmoot/store/storetest"
)

// The two stores on the same work: SQLite always, PostgreSQL when FOLKMOOT_TEST_DATABASE_URL
// names a server (scripts/postgres.sh start), each in a fresh database.
//
//	FOLKMOOT_TEST_DATABASE_URL=postgres://… go test -run '^$' -bench '^BenchmarkStores' -benchmem ./app/ ./schedule/

// storeApp starts folkmoot with every feature on a store's database.
func storeApp(b *testing.B, st storetest.Store) *host.App {
	b.Helper()
	cfg := config.Default()
	cfg.DataDir = b.TempDir()
	if st.Name == "postgres" {
		cfg.DatabaseURL = st.Location
	}
	cfg.Limits.CommandBurst = 1 << 30
	a, err := app.New(context.Background(), cfg, benchLog(), func() time.Time { return benchStart })
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { a.Close() })
	return a
}

// BenchmarkStoresCommand runs commands through folkmoot's whole road, as BenchmarkCommand
// does, on each store, and reports commands per second (one at a time, as one room's are).
func BenchmarkStoresCommand(b *testing.B) {
	for _, st := range storetest.Stores(b) {
		b.Run(st.Name, func(b *testing.B) {
			a := storeApp(b, st)
			tr := &benchTransport{}
			a.Add(tr)
			ctx := context.Background()
			seq := 0
			say := func(text string) {
				seq++
				a.Bot.Deliver(ctx, tr, message(seq, text))
				a.Bot.Flush(ctx)
			}
			say(`!vote new "Paint the hall door red?" --closes in 14 days`)
			run := func(b *testing.B, texts ...string) {
				b.ReportAllocs()
				sent := tr.sent
				b.ResetTimer()
				cpu := startCPU()
				for i := range b.N {
					say(texts[i%len(texts)])
				}
				cpu.report(b)
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "cmd/s")
				if tr.sent == sent {
					b.Fatal("nothing was sent")
				}
			}
			b.Run("whoami", func(b *testing.B) { run(b, "!whoami") })
			b.Run("vote", func(b *testing.B) { run(b, "!vote 1 agree", "!vote 1 object") })
		})
	}
}

// BenchmarkStoresDigest writes a room's digest of 100 meetings (two years, one a week, 50
// items each in several scripts, with attendance) from each store: the reading of meetings,
// items, attendance and the decisions, then the rendering (the same on both).
func BenchmarkStoresDigest(b *testing.B) {
	room := bot.Room{Protocol: bot.Matrix, ID: "!assembly:example.org"}
	first := benchStart.AddDate(-2, 0, 0)
	for _, st := range storetest.Stores(b) {
		b.Run(st.Name, func(b *testing.B) {
			a := storeApp(b, st)
			ctx := context.Background()
			if err := a.DB.InTx(ctx, func(tx *sql.Tx) error { return seedMeetings(ctx, tx, room, first, 100, 50) }); err != nil {
				b.Fatal(err)
			}
			for _, format := range []string{"txt", "pdf"} {
				b.Run(format, func(b *testing.B) {
					out := b.TempDir()
					b.ReportAllocs()
					b.ResetTimer()
					for range b.N {
						dg, _, err := app.MeetingHooks().WriteDigest(ctx, a.DB, a.Config, room, first, benchStart, time.UTC, format, out)
						if err != nil || len(dg.Meetings) != 100 {
							b.Fatalf("%d meetings, %v", len(dg.Meetings), err)
						}
					}
				})
			}
		})
	}
}

// seedMeetings records n ended meetings of items each, a week apart from first.
func seedMeetings(ctx context.Context, tx *sql.Tx, room bot.Room, first time.Time, n, items int) error {
	kinds := []string{meeting.ItemTopic, meeting.ItemNote, meeting.ItemIdea, meeting.ItemDecision, meeting.ItemDissent, meeting.ItemAction}
	texts := []string{"the yard floods after heavy rain", "Zoë 🌻 brings the keys on Saturday",
		"رێزان: باخچەکە پێویستی بە ئاوە", "Το συνέδριο της γειτονιάς", "собрание во дворе"}
	for i := range n {
		start := first.AddDate(0, 0, 7*i)
		m := meeting.Meeting{Room: room, Title: fmt.Sprintf("Plenary %d", i+1), StartedBy: benchMember, Start: start}
		if err := meetings.StartMeeting(ctx, tx, &m); err != nil {
			return err
		}
		for k := range 8 {
			who := bot.Member{ID: fmt.Sprintf("@m%d:example.org", k), Name: fmt.Sprintf("Member %d", k)}
			if err := meetings.MarkPresent(ctx, tx, m.ID, who, start); err != nil {
				return err
			}
		}
		for k := range items {
			it := meeting.Item{Kind: kinds[k%len(kinds)], Text: texts[k%len(texts)], By: benchMember, At: start.Add(time.Duration(k) * time.Minute)}
			if err := meetings.AddMeetingItem(ctx, tx, m.ID, &it); err != nil {
				return err
			}
		}
		if _, err := meetings.EndMeeting(ctx, tx, m.ID, start.Add(2*time.Hour), ""); err != nil {
			return err
		}
	}
	return nil
}

// BenchmarkStoresMigrate is what folkmoot migrate costs (the stop of a move to PostgreSQL):
// a SQLite deployment with 100,000 pending jobs and 100 meetings of 50 items copied, checked
// and committed into a fresh PostgreSQL schema. It needs FOLKMOOT_TEST_DATABASE_URL.
func BenchmarkStoresMigrate(b *testing.B) {
	if os.Getenv(storetest.EnvURL) == "" {
		b.Skip("no PostgreSQL: set " + storetest.EnvURL)
	}
	ctx := context.Background()
	a := storeApp(b, storetest.Store{Name: "sqlite"})
	room := bot.Room{Protocol: bot.Matrix, ID: "!assembly:example.org"}
	err := a.DB.InTx(ctx, func(tx *sql.Tx) error {
		if err := seedMeetings(ctx, tx, room, benchStart.AddDate(-2, 0, 0), 100, 50); err != nil {
			return err
		}
		for i := 0; i < 100_000; i += 500 {
			q := `INSERT INTO jobs (room, kind, due_at) VALUES ` + strings.TrimSuffix(strings.Repeat("(?, 'tick', ?), ", 500), ", ")
			args := make([]any, 0, 1000)
			for k := i; k < i+500; k++ {
				args = append(args, room.Key(), benchStart.Add(time.Duration(k)*time.Minute).UnixMilli())
			}
			if _, err := tx.ExecContext(ctx, q, args...); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	file := a.DB.Path()
	steps, err := host.Migrations(app.Features())
	if err != nil {
		b.Fatal(err)
	}
	var rows int64
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		target := storetest.PostgresURL(b)
		b.StartTimer()
		rep, err := store.CopyToPostgres(ctx, file, target, nil, steps...)
		if err != nil {
			b.Fatal(err)
		}
		rows = 0
		for _, t := range rep.Tables {
			rows += t.Rows
		}
	}
	b.ReportMetric(float64(rows), "rows")
}
