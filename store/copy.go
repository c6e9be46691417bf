package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// CopyReport is what CopyToPostgres copied and checked.
type CopyReport struct {
	// Version is the schema version of both databases.
	Version int
	// Tables are the copied tables in the order they were copied (parents before the tables
	// whose rows point at them).
	Tables []TableReport
	// Replaced counts text values that held bytes PostgreSQL's text refuses (invalid UTF-8, NUL),
	// stored with U+FFFD as folkmoot on PostgreSQL stores such text.
	Replaced int
}

// TableReport is one table's copy: its rows, and the checksum both databases gave.
type TableReport struct {
	Name     string
	Rows     int64
	Checksum string // hex, of the rows in key order
	// Kept is set for a table the target's own set-up filled alike (a store's version
	// table): its rows are compared, not copied.
	Kept bool
}

// CopyToPostgres copies folkmoot's SQLite file at from, while folkmoot may be running, into
// the PostgreSQL database at to, and checks the copy. It reads a snapshot (Backup's VACUUM
// INTO, beside the file, removed at the end), so what it copies is one consistent moment. It
// refuses, changing nothing:
//   - a file whose schema is not this binary's (migrations, the features' included), saying
//     which version each has;
//   - a target that cannot be reached (naming host and port), or that holds rows in any table
//     the file has (an empty schema, tables and version rows only, is taken).
//
// It then brings the target's schema to the same version; prepare (may be nil) makes the
// tables of other stores that share the file (Matrix's state and crypto stores) when the file
// has tables folkmoot's migrations do not make. Every table is copied in one PostgreSQL
// transaction, parents first, in batched inserts with the ids as they are; each identity's
// sequence then continues after the largest id. Before the commit each table's row count and
// a checksum of its rows in key order are compared between the snapshot and the target; any
// difference rolls the whole copy back.
func CopyToPostgres(ctx context.Context, from, to string, prepare func(ctx context.Context, url string) error, features ...[]Migration) (*CopyReport, error) {
	if !IsURL(to) {
		return nil, fmt.Errorf("the target must be a postgres:// URL, not %q", to)
	}
	if IsURL(from) {
		return nil, errors.New("the source is the SQLite file (folkmoot.db in data_dir), not a URL")
	}
	ms, err := sequence(features)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(from); err != nil {
		return nil, fmt.Errorf("no SQLite database at %s: %w", from, err)
	}
	target, cfg, err := connectPostgres(ctx, to)
	if err != nil {
		return nil, err
	}
	defer target.Close()

	// The snapshot lies beside the file: the same disk and the same permissions as the data.
	dir, err := os.MkdirTemp(filepath.Dir(from), ".migrate-")
	if err != nil {
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	defer os.RemoveAll(dir)
	snap := filepath.Join(dir, FileName)
	if err := Backup(ctx, from, snap); err != nil {
		return nil, fmt.Errorf("snapshot of %s: %w", from, err)
	}
	src, err := sql.Open("sqlite", DSN(snap))
	if err != nil {
		return nil, fmt.Errorf("open the snapshot: %w", err)
	}
	defer src.Close()
	version, err := sameSchema(ctx, src, from, ms)
	if err != nil {
		return nil, err
	}
	tables, err := sqliteTables(ctx, src)
	if err != nil {
		return nil, err
	}
	if err := targetEmpty(ctx, target, tables, cfg); err != nil {
		return nil, err
	}

	// The target's schema: folkmoot's migrations, then the other stores' when the file has
	// tables those migrations do not make.
	db, err := openPostgres(ctx, to, ms)
	if err != nil {
		return nil, err
	}
	db.Close()
	cols, err := targetColumns(ctx, target)
	if err != nil {
		return nil, err
	}
	if missing := missingTables(tables, cols); len(missing) > 0 && prepare != nil {
		if err := prepare(ctx, to); err != nil {
			return nil, fmt.Errorf("make the tables of %s: %w", strings.Join(missing, ", "), err)
		}
		if cols, err = targetColumns(ctx, target); err != nil {
			return nil, err
		}
	}
	if missing := missingTables(tables, cols); len(missing) > 0 {
		return nil, fmt.Errorf("the SQLite file has tables this folkmoot does not make on PostgreSQL (%s); nothing was copied",
			strings.Join(missing, ", "))
	}
	for i := range tables {
		if err := tables[i].match(cols[tables[i].name]); err != nil {
			return nil, err
		}
	}
	order, err := copyOrder(tables)
	if err != nil {
		return nil, err
	}

	rep := &CopyReport{Version: version}
	tx, err := target.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after the commit
	for _, t := range order {
		tr, err := copyTable(ctx, src, tx, t, rep)
		if err != nil {
			return nil, fmt.Errorf("copy %s: %w", t.name, err)
		}
		rep.Tables = append(rep.Tables, tr)
	}
	if err := restartIdentities(ctx, tx, order); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("commit: %w", err)
	}
	return rep, nil
}

// connectPostgres opens pgx's own driver on url, with no rewriting: the copy writes
// PostgreSQL's SQL and sends booleans and bytes as they are.
func connectPostgres(ctx context.Context, url string) (*sql.DB, *pgx.ConnConfig, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, nil, fmt.Errorf("the target URL: %w", err)
	}
	if cfg.ConnectTimeout == 0 || cfg.ConnectTimeout > connectTimeout {
		cfg.ConnectTimeout = connectTimeout
	}
	db := stdlib.OpenDB(*cfg)
	pingCtx, cancel := context.WithTimeout(ctx, connectTimeout)
	defer cancel()
	if err := db.PingContext(pingCtx); err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("cannot reach the PostgreSQL server %s (database %q, user %q): %w",
			net.JoinHostPort(cfg.Host, strconv.Itoa(int(cfg.Port))), cfg.Database, cfg.User, err)
	}
	return db, cfg, nil
}

// sameSchema checks that the file has had exactly the migrations this binary knows and
// returns its version.
func sameSchema(ctx context.Context, src *sql.DB, from string, ms []Migration) (int, error) {
	var exists int
	if err := src.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'`).Scan(&exists); err != nil {
		return 0, fmt.Errorf("%s: %w", from, err)
	}
	if exists == 0 {
		return 0, fmt.Errorf("%s is not a folkmoot database (it has no schema_version table)", from)
	}
	have, err := SchemaVersion(ctx, src)
	if err != nil {
		return 0, err
	}
	applied, err := appliedVersions(ctx, src)
	if err != nil {
		return 0, err
	}
	want := 0
	if len(ms) > 0 {
		want = ms[len(ms)-1].Version
	}
	if have > want {
		return 0, fmt.Errorf("%s is at schema version %d, newer than this folkmoot's %d: it was written by a newer folkmoot; "+
			"migrate with that version. Nothing was copied", from, have, want)
	}
	var lacking []string
	for _, m := range ms {
		if !applied[m.Version] {
			lacking = append(lacking, strconv.Itoa(m.Version))
		}
	}
	if have < want || len(lacking) > 0 {
		return 0, fmt.Errorf("%s is at schema version %d, this folkmoot's is %d (steps %s not applied): start this folkmoot "+
			"once on the file, which brings it up to date, then migrate. Nothing was copied", from, have, want, strings.Join(lacking, ", "))
	}
	return have, nil
}

// table is one table of the SQLite file.
type table struct {
	name    string
	columns []string
	key     []string // the primary key's columns, in key order; every column when it has none
	parents []string // the tables its foreign keys point at
	types   map[string]string
}

// sqliteTables lists the file's tables (SQLite's own sqlite_* ones left out), with their
// columns, keys and foreign keys.
func sqliteTables(ctx context.Context, src *sql.DB) ([]table, error) {
	rows, err := src.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list tables: %w", err)
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return nil, err
		}
		names = append(names, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []table
	for _, n := range names {
		t := table{name: n}
		if err := t.readColumns(ctx, src); err != nil {
			return nil, err
		}
		if err := t.readParents(ctx, src); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

func (t *table) readColumns(ctx context.Context, src *sql.DB) error {
	rows, err := src.QueryContext(ctx, `SELECT name, pk FROM pragma_table_info(?) ORDER BY cid`, t.name)
	if err != nil {
		return fmt.Errorf("columns of %s: %w", t.name, err)
	}
	defer rows.Close()
	keyAt := map[int]string{}
	for rows.Next() {
		var name string
		var pk int
		if err := rows.Scan(&name, &pk); err != nil {
			return err
		}
		t.columns = append(t.columns, name)
		if pk > 0 {
			keyAt[pk] = name
		}
	}
	for i := 1; i <= len(keyAt); i++ {
		t.key = append(t.key, keyAt[i])
	}
	if len(t.key) == 0 {
		t.key = t.columns
	}
	return rows.Err()
}

func (t *table) readParents(ctx context.Context, src *sql.DB) error {
	rows, err := src.QueryContext(ctx, `SELECT DISTINCT "table" FROM pragma_foreign_key_list(?)`, t.name)
	if err != nil {
		return fmt.Errorf("foreign keys of %s: %w", t.name, err)
	}
	defer rows.Close()
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return err
		}
		if p != t.name { // a row pointing at its own table's earlier rows comes in key order
			t.parents = append(t.parents, p)
		}
	}
	return rows.Err()
}

// match checks the target table has every column of the file's and keeps their types.
func (t *table) match(types map[string]string) error {
	t.types = map[string]string{}
	for _, c := range t.columns {
		typ, ok := types[c]
		if !ok {
			return fmt.Errorf("table %s: column %s is in the SQLite file but not on PostgreSQL; nothing was copied", t.name, c)
		}
		t.types[c] = typ
	}
	return nil
}

// targetColumns maps each table of the target's schema (its search path's first) to its
// columns' types: information_schema's data_type, or the type's own name for one it calls
// USER-DEFINED (an enum).
func targetColumns(ctx context.Context, target *sql.DB) (map[string]map[string]string, error) {
	rows, err := target.QueryContext(ctx, `SELECT c.table_name, c.column_name,
			CASE WHEN c.data_type = 'USER-DEFINED' THEN c.udt_name ELSE c.data_type END
		FROM information_schema.columns c
		JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
		WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'`)
	if err != nil {
		return nil, fmt.Errorf("read the target's tables: %w", err)
	}
	defer rows.Close()
	out := map[string]map[string]string{}
	for rows.Next() {
		var tbl, col, typ string
		if err := rows.Scan(&tbl, &col, &typ); err != nil {
			return nil, err
		}
		if out[tbl] == nil {
			out[tbl] = map[string]string{}
		}
		out[tbl][col] = typ
	}
	return out, rows.Err()
}

func missingTables(tables []table, cols map[string]map[string]string) []string {
	var out []string
	for _, t := range tables {
		if _, ok := cols[t.name]; !ok {
			out = append(out, t.name)
		}
	}
	return out
}

// versionTable tells whether a table records a store's schema steps (folkmoot's
// schema_version, mautrix's crypto_version and mx_version): the set-up fills it, so it holds
// rows in an otherwise empty database.
func versionTable(name string) bool {
	return name == "schema_version" || strings.HasSuffix(name, "_version")
}

// targetEmpty refuses a target that holds rows in any of the file's tables, a version table
// aside: an empty schema (folkmoot started there once, with nothing said) is fine.
func targetEmpty(ctx context.Context, target *sql.DB, tables []table, cfg *pgx.ConnConfig) error {
	cols, err := targetColumns(ctx, target)
	if err != nil {
		return err
	}
	var full []string
	for _, t := range tables {
		if _, ok := cols[t.name]; !ok || versionTable(t.name) {
			continue
		}
		var n int64
		if err := target.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+quoteIdent(t.name)).Scan(&n); err != nil {
			return fmt.Errorf("count %s on the target: %w", t.name, err)
		}
		if n > 0 {
			full = append(full, fmt.Sprintf("%s %d", t.name, n))
		}
	}
	if len(full) == 0 {
		return nil
	}
	if len(full) > 5 {
		full = append(full[:5], "…")
	}
	return fmt.Errorf("the PostgreSQL database %s already holds folkmoot data (rows: %s). Nothing was copied; "+
		"migrate into an empty database (or drop its tables first, if that data is not needed)",
		net.JoinHostPort(cfg.Host, strconv.Itoa(int(cfg.Port)))+"/"+cfg.Database, strings.Join(full, ", "))
}

// copyOrder puts each table after the tables its foreign keys point at (then by name).
func copyOrder(tables []table) ([]table, error) {
	byName := map[string]table{}
	for _, t := range tables {
		byName[t.name] = t
	}
	done := map[string]bool{}
	var out []table
	for len(out) < len(tables) {
		progress := false
		for _, t := range tables {
			if done[t.name] {
				continue
			}
			ready := true
			for _, p := range t.parents {
				if _, known := byName[p]; known && !done[p] {
					ready = false
				}
			}
			if ready {
				out = append(out, t)
				done[t.name] = true
				progress = true
			}
		}
		if !progress {
			var left []string
			for _, t := range tables {
				if !done[t.name] {
					left = append(left, t.name)
				}
			}
			return nil, fmt.Errorf("the foreign keys of %s point at each other: no order to copy them in", strings.Join(left, ", "))
		}
	}
	return out, nil
}

// batchParams bounds one INSERT's parameters (PostgreSQL allows 65,535).
const batchParams = 30000

// copyTable copies one table's rows in key order, batched, and checks the target's count and
// checksum against the file's. A table the target's set-up filled (a version table) is
// compared instead: schema_version is replaced by the file's (the same steps, with the times
// they were applied); another must be equal, or the stores' versions differ.
func copyTable(ctx context.Context, src *sql.DB, tx *sql.Tx, t table, rep *CopyReport) (TableReport, error) {
	tr := TableReport{Name: t.name}
	var already int64
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+quoteIdent(t.name)).Scan(&already); err != nil {
		return tr, err
	}
	srcSum, srcRows, err := sqliteChecksum(ctx, src, t)
	if err != nil {
		return tr, err
	}
	if already > 0 {
		sum, n, err := postgresChecksum(ctx, tx, t)
		if err != nil {
			return tr, err
		}
		switch {
		case sum == srcSum && n == srcRows:
			tr.Rows, tr.Checksum, tr.Kept = n, sum, true
			return tr, nil
		case versionTable(t.name) && t.name != "schema_version":
			return tr, fmt.Errorf("the store's version differs: the SQLite file's %s is not what this folkmoot makes; "+
				"start this folkmoot once on the file, which brings it up to date, then migrate", t.name)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+quoteIdent(t.name)); err != nil {
			return tr, err
		}
	}

	rows, err := src.QueryContext(ctx, selectOrdered(t, SQLite))
	if err != nil {
		return tr, err
	}
	defer rows.Close()
	perRow := len(t.columns)
	batch := max(1, min(1000, batchParams/perRow))
	args := make([]any, 0, batch*perRow)
	flush := func() error {
		if len(args) == 0 {
			return nil
		}
		_, err := tx.ExecContext(ctx, insertRows(t, len(args)/perRow), args...)
		args = args[:0]
		return err
	}
	vals := make([]any, perRow)
	ptrs := make([]any, perRow)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return tr, err
		}
		for i, c := range t.columns {
			v, replaced, err := toPostgresValue(t.types[c], vals[i])
			if err != nil {
				return tr, fmt.Errorf("column %s: %w", c, err)
			}
			if replaced {
				rep.Replaced++
			}
			args = append(args, v)
		}
		if len(args)/perRow >= batch {
			if err := flush(); err != nil {
				return tr, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return tr, err
	}
	if err := flush(); err != nil {
		return tr, err
	}

	sum, n, err := postgresChecksum(ctx, tx, t)
	if err != nil {
		return tr, err
	}
	if n != srcRows {
		return tr, fmt.Errorf("%d rows in the SQLite file, %d on PostgreSQL after the copy; nothing was kept", srcRows, n)
	}
	if sum != srcSum {
		return tr, fmt.Errorf("the rows differ after the copy (checksum %.12s in the SQLite file, %.12s on PostgreSQL); nothing was kept", srcSum, sum)
	}
	tr.Rows, tr.Checksum = n, sum
	return tr, nil
}

// selectOrdered reads a table's columns in key order, the same order on both databases: text
// compared byte by byte (SQLite's BINARY, PostgreSQL's "C"), NULLs first.
func selectOrdered(t table, d Dialect) string {
	cols := make([]string, len(t.columns))
	for i, c := range t.columns {
		cols[i] = quoteIdent(c)
	}
	keys := make([]string, len(t.key))
	for i, c := range t.key {
		keys[i] = quoteIdent(c)
		if d == Postgres {
			if textType(t.types[c]) {
				keys[i] += ` COLLATE "C"`
			}
			keys[i] += " NULLS FIRST"
		}
	}
	return `SELECT ` + strings.Join(cols, ", ") + ` FROM ` + quoteIdent(t.name) + ` ORDER BY ` + strings.Join(keys, ", ")
}

// insertRows is an INSERT of n rows of t's columns, in PostgreSQL's parameters.
func insertRows(t table, n int) string {
	var b strings.Builder
	b.WriteString(`INSERT INTO ` + quoteIdent(t.name) + ` (`)
	for i, c := range t.columns {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(quoteIdent(c))
	}
	b.WriteString(`) VALUES `)
	p := 0
	for r := range n {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for i := range t.columns {
			if i > 0 {
				b.WriteString(", ")
			}
			p++
			b.WriteString("$" + strconv.Itoa(p))
		}
		b.WriteByte(')')
	}
	return b.String()
}

// restartIdentities sets each copied table's identity (or serial) column to continue after
// its largest id, so the next row inserted gets max(id)+1, as it would have in the file.
func restartIdentities(ctx context.Context, tx *sql.Tx, tables []table) error {
	names := make([]string, len(tables))
	for i, t := range tables {
		names[i] = t.name
	}
	rows, err := tx.QueryContext(ctx, `SELECT table_name, column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')`)
	if err != nil {
		return fmt.Errorf("find identity columns: %w", err)
	}
	type ident struct{ table, column string }
	var ids []ident
	for rows.Next() {
		var i ident
		if err := rows.Scan(&i.table, &i.column); err != nil {
			rows.Close()
			return err
		}
		if slices.Contains(names, i.table) {
			ids = append(ids, i)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, i := range ids {
		q := `SELECT setval(pg_get_serial_sequence($1, $2), COALESCE((SELECT MAX(` + quoteIdent(i.column) + `) FROM ` +
			quoteIdent(i.table) + `), 0) + 1, false)`
		if _, err := tx.ExecContext(ctx, q, quoteIdent(i.table), i.column); err != nil {
			return fmt.Errorf("restart the ids of %s: %w", i.table, err)
		}
	}
	return nil
}

// quoteIdent quotes a table or column name for either database.
func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
