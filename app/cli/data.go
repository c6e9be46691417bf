package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"folkmoot/store"
)

// prepareData readies the console's data directory and says in one line where it is and
// whether it holds an earlier session, which the console then goes on with: someone trying the
// walkthrough a second time would otherwise meet the first time's votes and roles without
// knowing why. With fresh, an earlier session is moved aside (renamed, never deleted), and a
// folder that is not folkmoot's data is left alone.
func prepareData(dir string, fresh bool, now time.Time) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	_, err = os.Stat(filepath.Join(dir, store.FileName))
	held := err == nil
	if !fresh {
		if held {
			return fmt.Sprintf("Data: %s, from an earlier session, which goes on here "+
				"(--fresh starts anew and keeps it aside; --data DIR uses another folder).", abs), nil
		}
		return fmt.Sprintf("Data: %s, new (--data DIR keeps it elsewhere).", abs), nil
	}
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Sprintf("Data: %s, new.", abs), nil
	case err != nil:
		return "", fmt.Errorf("--fresh: %w", err)
	case !fi.IsDir():
		return "", fmt.Errorf("--fresh: %s is not a folder; leaving it alone (choose a folder with --data DIR)", abs)
	}
	if !held {
		if entries, err := os.ReadDir(dir); err != nil || len(entries) > 0 {
			return "", fmt.Errorf("--fresh: %s holds no %s, so it is not folkmoot's data; leaving it alone (choose another folder with --data DIR)", abs, store.FileName)
		}
		return fmt.Sprintf("Data: %s, new.", abs), nil
	}
	if cwd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(abs, cwd); err == nil && !strings.HasPrefix(rel, "..") {
			return "", fmt.Errorf("--fresh: %s is the folder you are in (or holds it); leaving it alone (choose another folder with --data DIR)", abs)
		}
	}
	aside := abs + ".old-" + now.Format("20060102-150405")
	for i := 2; ; i++ {
		if _, err := os.Lstat(aside); errors.Is(err, fs.ErrNotExist) {
			break
		}
		aside = fmt.Sprintf("%s.old-%s-%d", abs, now.Format("20060102-150405"), i)
	}
	if err := os.Rename(abs, aside); err != nil {
		return "", fmt.Errorf("--fresh: could not move the earlier data aside: %w", err)
	}
	return fmt.Sprintf("Data: %s, new (the earlier session is kept in %s).", abs, aside), nil
}
