package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"folkmoot/bot"
	"folkmoot/store/internal/pgtest"
)

func openRaw(t *testing.T) (*sql.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), FileName)
	db, err := sql.Open("sqlite", DSN(path))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, path
}

func TestMigrate(t *testing.T) {
	ctx := context.Background()
	steps := []Migration{
		{Version: 1, Description: "a", SQL: "CREATE TABLE a (x INTEGER);"},
		{Version: 2, Description: "b", SQL: "CREATE TABLE b (y INTEGER); INSERT INTO a VALUES (1);"},
	}
	tests := []struct {
		name        string
		preApplied  []Migration // migrations run first, as an older binary would
		run         []Migration
		wantVersion int
		wantErr     string
	}{
		{name: "fresh", run: steps, wantVersion: 2},
		{name: "upgrade from 1", preApplied: steps[:1], run: steps, wantVersion: 2},
		{name: "already current", preApplied: steps, run: steps, wantVersion: 2},
		{name: "newer than binary refused", preApplied: steps, run: steps[:1], wantVersion: 2, wantErr: "newer folkmoot"},
		{name: "failing step leaves nothing half-done", preApplied: steps[:1],
			run:         []Migration{steps[0], {Version: 2, Description: "bad", SQL: "CREATE TABLE c (z); SELECT nonsense FROM nowhere;"}},
			wantVersion: 1, wantErr: "migration 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, _ := openRaw(t)
			if tt.preApplied != nil {
				if err := Migrate(ctx, db, tt.preApplied); err != nil {
					t.Fatal(err)
				}
			}
			err := Migrate(ctx, db, tt.run)
			if tt.wantErr == "" && err != nil {
				t.Fatalf("Migrate: %v", err)
			}
			if tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("Migrate error = %v, want it to mention %q", err, tt.wantErr)
			}
			v, err := SchemaVersion(ctx, db)
			if err != nil || v != tt.wantVersion {
				t.Fatalf("version = %d, %v; want %d", v, err, tt.wantVersion)
			}
			var n int
			_ = db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE name = 'c'`).Scan(&n)
			if n != 0 {
				t.Fatal("a failed migration left a table behind")
			}
		})
	}
}

func TestOpenRefusesNewerDatabase(t *testing.T) {
	ctx := context.Background()
	path := testLocation(t)
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO schema_version (version, description) VALUES (?, 'from the future')`, latestStoreVersion()+1); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := Open(ctx, path); err == nil || !strings.Contains(err.Error(), "newer folkmoot") {
		t.Fatalf("Open on a newer database: %v", err)
	}
}

// latestStoreVersion is the newest of the store's own steps.
func latestStoreVersion() int {
	ms := migrations()
	return ms[len(ms)-1].Version
}

// A feature's steps join the store's in one numbered sequence: applied in order of their
// numbers (gaps are another feature's), each once, also on a database that had the others
// already; a number used twice and a misnamed file are refused.
func TestFeatureMigrationsJoinTheSequence(t *testing.T) {
	ctx := context.Background()
	feat := fstest.MapFS{
		"migrations/0100_garden.sql":      {Data: []byte("-- the garden's beds\nCREATE TABLE beds (name TEXT);")},
		"migrations/0101_garden_rows.sql": {Data: []byte("-- rows of Zoë 🌻's beds\nALTER TABLE beds ADD COLUMN rows INTEGER;")},
	}
	ms, err := ReadMigrations(feat)
	if err != nil || len(ms) != 2 || ms[0].Version != 100 || ms[1].Description != "rows of Zoë 🌻's beds" {
		t.Fatalf("ReadMigrations = %+v, %v", ms, err)
	}
	path := testLocation(t)
	db, err := Open(ctx, path) // the store alone, as before the feature was added
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	for range 2 { // added, then opened again: each step once
		if db, err = Open(ctx, path, ms); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, `INSERT INTO beds (name, rows) VALUES ('رێزان', 3)`); err != nil {
			t.Fatalf("the feature's table: %v", err)
		}
		db.Close()
	}
	if _, err := Open(ctx, filepath.Join(t.TempDir(), FileName), ms, ms[:1]); err == nil || !strings.Contains(err.Error(), "numbered twice") {
		t.Fatalf("a number used twice: %v", err)
	}
	if _, err := ReadMigrations(fstest.MapFS{"migrations/garden.sql": {Data: []byte("--\n")}}); err == nil {
		t.Fatal("a file without a number was read")
	}
}

func TestEmbeddedMigrationsApplyAndPragmas(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	v, err := SchemaVersion(ctx, db)
	if err != nil || v != latestStoreVersion() || v < 1 {
		t.Fatalf("version %d, %v; want %d", v, err, latestStoreVersion())
	}
	if db.Dialect() == Postgres {
		return // the rest is about SQLite's settings
	}
	var mode string
	if err := db.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal_mode = %q, %v", mode, err)
	}
	var fk int
	if err := db.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk); err != nil || fk != 1 {
		t.Fatalf("foreign_keys = %d, %v", fk, err)
	}
}

func TestKV(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	if _, ok, err := db.Get(ctx, "ns", "k"); ok || err != nil {
		t.Fatalf("missing key: ok=%v err=%v", ok, err)
	}
	must(t, db.Set(ctx, "ns", "k", "v1"))
	must(t, db.Set(ctx, "ns", "k", "v2"))
	must(t, db.Set(ctx, "other", "k", "x"))
	if v, ok, _ := db.Get(ctx, "ns", "k"); !ok || v != "v2" {
		t.Fatalf("Get = %q %v, want v2", v, ok)
	}
	all, _ := db.List(ctx, "ns")
	if len(all) != 1 || all["k"] != "v2" {
		t.Fatalf("List = %v", all)
	}
	must(t, db.Delete(ctx, "ns", "k"))
	if _, ok, _ := db.Get(ctx, "ns", "k"); ok {
		t.Fatal("deleted key still there")
	}
}

// A private reply comes back whole; an older folkmoot, which knows no To and reads only Doc
// (and Text), finds an empty reply in its row and drops it rather than post it in the room.
func TestOutboxKeepsAPrivateReplyFromOlderVersions(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	room := bot.Room{Protocol: bot.Matrix, ID: "!r:example.org"}
	must(t, PutReply(ctx, db, room, bot.Reply{Doc: bot.TextDoc("your choice: object"), To: "@ana:example.org"}))
	items, err := db.Pending(ctx, bot.Matrix, time.Now(), 10)
	if err != nil || len(items) != 1 || items[0].Reply.Text() != "your choice: object" || items[0].Reply.To != "@ana:example.org" {
		t.Fatalf("Pending = %+v, %v", items, err)
	}
	var raw string
	if err := db.QueryRowContext(ctx, `SELECT reply FROM outbox`).Scan(&raw); err != nil {
		t.Fatal(err)
	}
	var older struct {
		Doc  bot.Doc
		Text string
	}
	if err := json.Unmarshal([]byte(raw), &older); err != nil || !older.Doc.IsZero() || older.Text != "" {
		t.Errorf("an older version reads %+v (%v) from %s", older, err, raw)
	}
}

func TestOutbox(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	room := bot.Room{Protocol: bot.Matrix, ID: "!r:example.org"}
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	must(t, PutReply(ctx, db, room, bot.Reply{Doc: bot.TextDoc("one"), Mentions: []bot.Member{{ID: "@a:x"}}}))
	must(t, PutReply(ctx, db, room, bot.Text("two")))
	items, err := db.Pending(ctx, bot.Matrix, now, 10)
	if err != nil || len(items) != 2 || items[0].Reply.Text() != "one" || items[0].Reply.Mentions[0].ID != "@a:x" || items[0].Room != room {
		t.Fatalf("Pending = %+v, %v", items, err)
	}
	var legacy bot.Reply
	if err := decodeReply(`{"Text":"queued before documents","Notice":true}`, &legacy); err != nil ||
		legacy.Text() != "queued before documents" || !legacy.Notice {
		t.Errorf("legacy outbox item read as %+v, %v", legacy, err)
	}
	if other, _ := db.Pending(ctx, bot.XMPP, now, 10); len(other) != 0 {
		t.Fatalf("another protocol's queue is not empty: %+v", other)
	}
	must(t, db.Failed(ctx, items[0].ID, now.Add(time.Minute)))
	must(t, db.Sent(ctx, items[1].ID))
	if items, _ = db.Pending(ctx, bot.Matrix, now, 10); len(items) != 0 {
		t.Fatalf("retry should wait: %+v", items)
	}
	items, _ = db.Pending(ctx, bot.Matrix, now.Add(time.Minute), 10)
	if len(items) != 1 || items[0].Attempts != 1 {
		t.Fatalf("after the wait: %+v", items)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// testLocation is a fresh database for a test: a file, or a PostgreSQL schema when the
// tests run on PostgreSQL (pgtest.EnvURL).
func testLocation(t *testing.T) string {
	t.Helper()
	if base := pgtest.Base(); base != "" {
		return pgtest.Schema(t, base)
	}
	return filepath.Join(t.TempDir(), FileName)
}

// skipOnPostgres skips a test about SQLite itself.
func skipOnPostgres(t *testing.T, why string) {
	t.Helper()
	if pgtest.Base() != "" {
		t.Skip("SQLite only: " + why)
	}
}

func openTest(t *testing.T) *DB {
	t.Helper()
	db, err := Open(context.Background(), testLocation(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestPathsWithURICharactersKeepTheirOwnDatabase(t *testing.T) {
	skipOnPostgres(t, "the file names of SQLite databases")
	ctx := context.Background()
	base := t.TempDir()
	for i, dir := range []string{"seed#1", "seed#2", "what?", "100%"} {
		path := filepath.Join(base, dir, FileName)
		db, err := Open(ctx, path)
		if err != nil {
			t.Fatalf("%s: %v", dir, err)
		}
		if err := db.Set(ctx, "t", "k", dir); err != nil {
			t.Fatal(err)
		}
		v, _, err := db.Get(ctx, "t", "k")
		db.Close()
		if err != nil || v != dir {
			t.Fatalf("%s: read %q, %v", dir, v, err)
		}
		if _, err := os.Stat(path); err != nil {
			t.Fatalf("database %d not at its path: %v", i, err)
		}
	}
	if _, err := os.Stat(filepath.Join(base, "seed")); err == nil {
		t.Fatal(`"seed#1" opened "seed"`)
	}
}

// Every queued reply gets a key of its own, kept for every attempt (bot.Reply.Key).
func TestQueuedRepliesHaveTheirOwnKey(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	room := bot.Room{Protocol: bot.Matrix, ID: "!r:example.org"}
	must(t, PutReply(ctx, db, room, bot.Text("one")))
	must(t, PutReply(ctx, db, room, bot.Text("two")))
	items, err := db.Pending(ctx, bot.Matrix, time.Now(), 10)
	if err != nil || len(items) != 2 || items[0].Reply.Key == "" || items[0].Reply.Key == items[1].Reply.Key {
		t.Fatalf("items %+v, %v", items, err)
	}
	again, _ := db.Pending(ctx, bot.Matrix, time.Now(), 10)
	if again[0].Reply.Key != items[0].Reply.Key {
		t.Fatal("a reply's key changed between two reads")
	}
}

// An upgrade keeps what was handled: the command engine's records and the XMPP adapter's
// seen messages become the runtime's ledger, so nothing said before it runs again.
func TestTheLedgerKeepsWhatWasHandledBeforeAnUpgrade(t *testing.T) {
	ctx := context.Background()
	db, _ := openRaw(t)
	var before, after []Migration
	for _, m := range migrations() {
		if m.Version < 12 {
			before = append(before, m)
		} else {
			after = append(after, m)
		}
	}
	if err := Migrate(ctx, db, before); err != nil {
		t.Fatal(err)
	}
	for _, kv := range [][3]string{
		{"handled-commands", "matrix:!r:example.org|$ev1", "1764000000000"},
		{"xmpp.seen", "assemblée–nord@muc.example.org", `{"first":"2026-11-01T10:00:00Z","at":"2026-11-25T10:00:00Z","ids":["m1","رێزان-2"]}`},
		{"xmpp.seen", "broken@muc.example.org", `not json`},
	} {
		if _, err := db.ExecContext(ctx, `INSERT INTO kv (namespace, key, value) VALUES (?, ?, ?)`, kv[0], kv[1], kv[2]); err != nil {
			t.Fatal(err)
		}
	}
	if err := Migrate(ctx, db, append(before, after...)); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"matrix:!r:example.org|$ev1", "xmpp:assemblée–nord@muc.example.org|m1", "xmpp:assemblée–nord@muc.example.org|رێزان-2"} {
		var n int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM handled WHERE key = ?`, key).Scan(&n); err != nil || n != 1 {
			t.Errorf("%s: %d rows, %v", key, n, err)
		}
	}
}

func TestProcessesStartingTogetherMigrateOnce(t *testing.T) {
	if pgtest.Base() == "" {
		t.Skip("PostgreSQL only: several processes share a database only there")
	}
	loc := testLocation(t)
	const n = 4
	errs := make(chan error, n)
	for range n {
		go func() {
			db, err := Open(context.Background(), loc)
			if err == nil {
				db.Close()
			}
			errs <- err
		}()
	}
	for range n {
		if err := <-errs; err != nil {
			t.Fatalf("a process starting beside others: %v", err)
		}
	}
}
