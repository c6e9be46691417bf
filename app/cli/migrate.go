package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"text/tabwriter"

	"folkmoot/app"
	"folkmoot/app/host"
	"folkmoot/bot/matrix"
	"folkmoot/store"
)

// migrateCmd copies the SQLite file's data (Matrix's state and crypto stores included) into
// an empty PostgreSQL database, checks the copy table by table and prints what it copied.
func migrateCmd(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	loadConfig := offlineFlags(fs)
	from := fs.String("from", "", "the SQLite file to copy (default: folkmoot.db in the data directory)")
	to := fs.String("to", "", "the PostgreSQL database to copy into, a postgres:// URL")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *to == "" {
		return errors.New("migrate: say where with --to, like --to postgres://folkmoot@db.example.org/folkmoot")
	}
	if !store.IsURL(*to) {
		return fmt.Errorf("migrate: --to is a postgres:// URL, not %q", *to)
	}
	src := *from
	if src == "" {
		cfg, err := loadConfig()
		if err != nil {
			return err
		}
		src = filepath.Join(cfg.DataDir, store.FileName)
	}
	steps, err := host.Migrations(app.Features())
	if err != nil {
		return err
	}
	rep, err := store.CopyToPostgres(context.Background(), src, *to, matrix.PrepareDatabase, steps...)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	var rows int64
	fmt.Fprintf(stdout, "Copied %s (schema version %d) to %s:\n\n", src, rep.Version, store.RedactURL(*to))
	w := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "  table\trows\tchecksum")
	for _, t := range rep.Tables {
		note := ""
		if t.Kept {
			note = " (made alike by the set-up)"
		}
		fmt.Fprintf(w, "  %s\t%d\t%.12s%s\n", t.Name, t.Rows, t.Checksum, note)
		rows += t.Rows
	}
	w.Flush()
	fmt.Fprintf(stdout, "\n%d tables, %d rows: each table's row count and checksum are the same in both databases.\n", len(rep.Tables), rows)
	if rep.Replaced > 0 {
		fmt.Fprintf(stdout, "%d text values held bytes PostgreSQL's text cannot (invalid UTF-8 or NUL); they were stored with U+FFFD, as folkmoot on PostgreSQL stores such text.\n", rep.Replaced)
	}
	fmt.Fprintln(stdout, "Set database_url (or FOLKMOOT_DATABASE_URL) to this database and start folkmoot; keep the SQLite file as the way back.")
	return nil
}
