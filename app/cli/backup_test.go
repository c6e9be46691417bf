package cli_test

import (
	"bytes"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"folkmoot/app"
	"folkmoot/app/apptest"
	"folkmoot/app/cli"
	"folkmoot/store"
	"folkmoot/store/storetest"
)

// folkmoot runs the command line and returns its exit code and what it printed.
func folkmoot(args ...string) (int, string) {
	var out, errs bytes.Buffer
	code := cli.Main(args, strings.NewReader(""), &out, &errs)
	return code, out.String() + errs.String()
}

// TestBackupAndRestore: a backup taken while folkmoot runs, restored into another data
// directory, carries on the assembly where it was: the open vote and its ballot, closed by
// the clock there. Restoring over a database keeps it; a backup a newer folkmoot wrote, a
// file that is no database and a backup over an existing file are refused, changing nothing.
func TestBackupAndRestore(t *testing.T) {
	storetest.SkipOnPostgres(t, "backup and restore copy the SQLite file (PostgreSQL has pg_dump)")
	live := t.TempDir()
	kit := apptest.NewAt(t, live, apptest.Start, app.Features()...)
	room := kit.Room("assembly")
	room.SayOne(t, "ana", `!vote new "Paint the door?" --closes in 2 hours`)
	room.SayOne(t, "bo", "!agree")

	backup := filepath.Join(t.TempDir(), "folkmoot-backup.db")
	if code, said := folkmoot("backup", "--data", live, "--out", backup); code != 0 {
		t.Fatalf("backup while running: exit %d: %s", code, said)
	}
	if code, said := folkmoot("backup", "--data", live, "--out", backup); code == 0 || !strings.Contains(said, "exists already") {
		t.Errorf("a backup over an existing file: exit %d: %s", code, said)
	}

	restored := t.TempDir()
	if code, said := folkmoot("restore", "--data", restored, "--from", backup); code != 0 || !strings.Contains(said, "Restored") {
		t.Fatalf("restore: exit %d: %s", code, said)
	}
	if code, said := folkmoot("restore", "--data", restored, "--from", backup); code != 0 || !strings.Contains(said, "is kept as") {
		t.Errorf("restore over a database: exit %d: %s", code, said)
	}
	again := apptest.NewAt(t, restored, apptest.Start, app.Features()...)
	apptest.Has(t, "!votes", again.Room("assembly").SayOne(t, "cy", "!votes"), "#1", "Paint the door?")
	closed := strings.Join(apptest.Texts(again.Advance(t, 2*time.Hour+time.Minute)), "\n")
	apptest.Has(t, "the close", closed, "Vote #1", "1 agree")
	again.Close()

	// A backup from a newer folkmoot (a schema step this one does not know).
	newer := filepath.Join(t.TempDir(), "newer.db")
	if code, said := folkmoot("backup", "--data", live, "--out", newer); code != 0 {
		t.Fatalf("backup: exit %d: %s", code, said)
	}
	db, err := sql.Open("sqlite", store.DSN(newer))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO schema_version (version, description) VALUES (9999, 'from the future')`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	before, err := os.ReadFile(filepath.Join(restored, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	if code, said := folkmoot("restore", "--data", restored, "--from", newer); code == 0 || !strings.Contains(said, "newer folkmoot") {
		t.Errorf("a newer backup: exit %d: %s", code, said)
	}
	garbage := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(garbage, []byte("not a database, just notes"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, said := folkmoot("restore", "--data", restored, "--from", garbage); code == 0 {
		t.Errorf("a file that is no database: exit %d: %s", code, said)
	}
	after, err := os.ReadFile(filepath.Join(restored, store.FileName))
	if err != nil || !bytes.Equal(before, after) {
		t.Errorf("a refused restore changed the database (%v)", err)
	}
}

// TestBackupAndRestoreRefusedOnPostgres: where FOLKMOOT_DATABASE_URL puts the data in
// PostgreSQL, backup and restore, which work on the SQLite file, point to PostgreSQL's own
// tools and write nothing; the URL's password is never shown.
func TestBackupAndRestoreRefusedOnPostgres(t *testing.T) {
	t.Setenv("FOLKMOOT_DATABASE_URL", "postgres://folkmoot:secret@db.invalid/folkmoot")
	dir := t.TempDir()
	out := filepath.Join(dir, "backup.db")
	for _, args := range [][]string{
		{"backup", "--data", dir, "--out", out},
		{"restore", "--data", dir, "--from", out},
	} {
		code, said := folkmoot(args...)
		if code == 0 || !strings.Contains(said, "pg_dump") || strings.Contains(said, "secret") {
			t.Errorf("%s on PostgreSQL: exit %d: %s", args[0], code, said)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("refused commands wrote %d files", len(entries))
	}
}
