package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// Backup writes a consistent copy of the database at path to out while folkmoot may be
// running: SQLite's VACUUM INTO reads one snapshot, as any reader does, and writes it whole
// (Matrix's crypto state, which shares the file, included). out must not exist yet.
func Backup(ctx context.Context, path, out string) error {
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("backup: no database at %s: %w", path, err)
	}
	if _, err := os.Stat(out); err == nil {
		return fmt.Errorf("backup: %s exists already; choose a new file", out)
	}
	db, err := sql.Open("sqlite", DSN(path))
	if err != nil {
		return fmt.Errorf("backup: open %s: %w", path, err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, out); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return syncFile(out)
}

// Restore puts the backup file from in place as the database of dataDir. The backup is
// copied beside it and opened first with open, which brings an older schema up to date and
// refuses one a newer folkmoot wrote: nothing is replaced unless that succeeds. The database
// it replaces is kept beside it, renamed; kept is that name ("" when there was none).
// folkmoot must be stopped while it runs.
func Restore(ctx context.Context, from, dataDir string, now time.Time, open func(ctx context.Context, path string) error) (kept string, err error) {
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return "", fmt.Errorf("restore: %w", err)
	}
	target := filepath.Join(dataDir, FileName)
	tmp := target + ".restoring"
	_ = os.Remove(tmp)
	if err := copyFile(from, tmp); err != nil {
		return "", fmt.Errorf("restore: %w", err)
	}
	defer os.Remove(tmp) // gone once renamed; left only by a failure
	if err := open(ctx, tmp); err != nil {
		return "", fmt.Errorf("restore: %s: %w", from, err)
	}
	if _, err := os.Stat(target); err == nil {
		kept = target + ".before-restore-" + now.UTC().Format("20060102-150405")
		// The write-ahead log and its index go with the file they belong to.
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if err := os.Rename(target+suffix, kept+suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
				return "", fmt.Errorf("restore: keep the database it replaces: %w", err)
			}
		}
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		_ = os.Remove(tmp + suffix) // checkpointed into the file when open closed it
	}
	if err := os.Rename(tmp, target); err != nil {
		return kept, fmt.Errorf("restore: %w", err)
	}
	return kept, syncDir(dataDir)
}

// copyFile copies from to a new file to, synced to the disk.
func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// syncFile flushes a written file to the disk.
func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
