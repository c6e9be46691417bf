package cli_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, to count the target's rows

	"folkmoot/app"
	"folkmoot/app/apptest"
	"folkmoot/app/host"
	"folkmoot/config"
	"folkmoot/store"
	"folkmoot/store/storetest"
)

// onSQLite keeps a kit on the SQLite file in its data dir, whichever store the tests run on.
func onSQLite(c *config.Config) { c.DatabaseURL = "" }

// TestMigrateToPostgres: a running SQLite deployment (votes open and closed, a vote's close
// pending, a reply the network has not taken yet, a meeting, Unicode text) is copied into
// PostgreSQL with folkmoot migrate, which prints each table's rows; folkmoot started on
// PostgreSQL carries on: the pending reply goes out once, the open vote closes once at its
// time, the next vote is numbered after the last, and every table has the file's rows.
func TestMigrateToPostgres(t *testing.T) {
	target := storetest.PostgresURL(t)
	live := t.TempDir()
	kit := apptest.NewWith(t, live, apptest.Start, onSQLite, app.Features()...)
	room := kit.Room("assembly")
	room.Admin("ana")
	room.Answers(t, "ana", `!vote new "Paint the door red? Zoë 🌻" --closes in 2 hours`, "#1")
	room.SayOne(t, "bo", "!agree")
	room.Answers(t, "ana", `!vote new "رێزان: a new bench?" --closes in 30 minutes`, "#2")
	room.SayOne(t, "cy", "!vote 2 agree")
	apptest.Has(t, "vote #2 closes", strings.Join(apptest.Texts(kit.Advance(t, 31*time.Minute)), "\n"), "Vote #2")
	room.Answers(t, "ana", "!meeting start Plenary of the yard 🌻", "started")
	room.Say(t, "bo", "!note the yard floods after heavy rain, رێزان says")
	room.Answers(t, "ana", "!meeting end", "ended")
	room.Say(t, "ana", "!remind me in 3 hours call the printer")
	// A reply the network refuses stays in the outbox, to be sent later.
	kit.Transport.FailSends = true
	room.Say(t, "dani", "!whoami")
	kit.Transport.FailSends = false

	// A folkmoot started once on the target left its tables, empty: that is taken.
	empty, err := host.OpenStore(context.Background(), target, app.Features())
	if err != nil {
		t.Fatal(err)
	}
	empty.Close()

	// While it runs: the copy reads a snapshot.
	src := filepath.Join(live, store.FileName)
	code, said := folkmoot("migrate", "--from", src, "--to", target)
	if code != 0 {
		t.Fatalf("migrate: exit %d: %s", code, said)
	}
	t.Log(said)
	apptest.Has(t, "migrate's summary", said, "schema version", "votes", "jobs", "outbox", "meetings", "checksum are the same")
	kit.Close()

	counts := func(db *sql.DB) map[string]int64 {
		t.Helper()
		out := map[string]int64{}
		for _, tbl := range []string{"votes", "ballots", "jobs", "outbox", "meetings", "meeting_items", "members", "schema_version"} {
			var n int64
			if err := db.QueryRow(`SELECT COUNT(*) FROM ` + tbl).Scan(&n); err != nil {
				t.Fatalf("count %s: %v", tbl, err)
			}
			out[tbl] = n
		}
		return out
	}
	lite, err := sql.Open("sqlite", store.DSN(src))
	if err != nil {
		t.Fatal(err)
	}
	want := counts(lite)
	lite.Close()
	pg, err := sql.Open("pgx", target)
	if err != nil {
		t.Fatal(err)
	}
	got := counts(pg)
	pg.Close()
	for tbl, n := range want {
		if got[tbl] != n {
			t.Errorf("%s: %d rows in the file, %d on PostgreSQL", tbl, n, got[tbl])
		}
		if n == 0 && tbl != "outbox" {
			t.Errorf("%s: the deployment has no rows, so the test proves nothing about it", tbl)
		}
	}

	// folkmoot on PostgreSQL, at the same moment.
	moved := apptest.NewWith(t, t.TempDir(), kit.Clock.Now(), func(c *config.Config) { c.DatabaseURL = target }, app.Features()...)
	// The refused reply waits for its retry (a minute at most), then goes out once.
	sent := apptest.Texts(moved.Advance(t, 2*time.Minute))
	if len(sent) != 1 || !strings.Contains(sent[0], "dani") {
		t.Errorf("the pending reply: want it sent once, got %q", sent)
	}
	moved.App.Bot.Flush(context.Background())
	if again := moved.Transport.Take(); len(again) != 0 {
		t.Errorf("the pending reply went out again: %q", apptest.Texts(again))
	}
	pgRoom := moved.Room("assembly")
	pgRoom.Admin("ana")
	apptest.Has(t, "!votes", pgRoom.SayOne(t, "cy", "!votes"), "#1", "Paint the door red? Zoë 🌻")
	pgRoom.Answers(t, "ana", `!vote new "Plant a tree?" --closes in 5 hours`, "#3")
	closed := strings.Join(apptest.Texts(moved.Advance(t, 90*time.Minute)), "\n")
	apptest.Has(t, "vote #1 closes at its time", closed, "Vote #1", "1 agree")
	apptest.Lacks(t, "nothing else closes", closed, "Vote #3", "Vote #2")
	if later := strings.Join(apptest.Texts(moved.Advance(t, time.Hour)), "\n"); strings.Contains(later, "Vote #1") {
		t.Errorf("vote #1 closed twice: %s", later)
	}
	apptest.Has(t, "the meeting", pgRoom.SayOne(t, "ana", "!meeting start"), "Meeting 2")
}

// TestMigrateRefuses: a target that cannot be reached (its host named), one that holds
// folkmoot's data already, and a file of another schema version are refused with a non-zero
// exit, nothing copied.
func TestMigrateRefuses(t *testing.T) {
	live := t.TempDir()
	kit := apptest.NewWith(t, live, apptest.Start, onSQLite, app.Features()...)
	kit.Room("assembly").Answers(t, "ana", `!vote new "Paint the door?" --closes in 2 hours`, "#1")
	kit.Close()
	src := filepath.Join(live, store.FileName)

	code, said := folkmoot("migrate", "--from", src, "--to", "postgres://folkmoot@127.0.0.1:1/folkmoot?connect_timeout=3")
	if code == 0 || !strings.Contains(said, "cannot reach the PostgreSQL server 127.0.0.1:1") {
		t.Errorf("an unreachable target: exit %d: %s", code, said)
	}
	if code, said := folkmoot("migrate", "--from", src); code == 0 || !strings.Contains(said, "--to") {
		t.Errorf("no target: exit %d: %s", code, said)
	}

	target := storetest.PostgresURL(t)
	for _, v := range []struct{ name, sql, want string }{
		{"newer", `INSERT INTO schema_version (version, description) VALUES (9999, 'from the future')`, "schema version 9999, newer than this folkmoot's"},
		{"older", `DELETE FROM schema_version WHERE version = (SELECT MAX(version) FROM schema_version)`, "start this folkmoot once on the file"},
	} {
		other := filepath.Join(t.TempDir(), v.name+".db")
		if err := store.Backup(context.Background(), src, other); err != nil {
			t.Fatal(err)
		}
		db, err := sql.Open("sqlite", store.DSN(other))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(v.sql); err != nil {
			t.Fatal(err)
		}
		db.Close()
		if code, said := folkmoot("migrate", "--from", other, "--to", target); code == 0 || !strings.Contains(said, v.want) {
			t.Errorf("a file of an %s schema: exit %d: %s", v.name, code, said)
		}
	}
	// The refusals left the target untouched: the copy goes in, once.
	if code, said := folkmoot("migrate", "--from", src, "--to", target); code != 0 {
		t.Fatalf("migrate: exit %d: %s", code, said)
	}
	if code, said := folkmoot("migrate", "--from", src, "--to", target); code == 0 || !strings.Contains(said, "already holds folkmoot data") {
		t.Errorf("a target with data: exit %d: %s", code, said)
	}
}
