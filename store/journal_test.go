package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"testing"
)

// Steps undoes a failed step's writes and keeps every other step's once (they run again after
// the undo), whichever step fails; a step may nest a Step of its own.
func TestStepsUndoOnlyTheFailedStep(t *testing.T) {
	boom := errors.New("boom")
	tests := []struct {
		name string
		fail []bool // which steps fail after writing
		want []string
	}{
		{"all hold", []bool{false, false, false}, []string{"0", "1", "2"}},
		{"the first fails", []bool{true, false, false}, []string{"1", "2"}},
		{"a middle one fails", []bool{false, true, false}, []string{"0", "2"}},
		{"the last fails", []bool{false, false, true}, []string{"0", "1"}},
		{"all fail", []bool{true, true, true}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openTest(t)
			ctx := context.Background()
			var errs []error
			must(t, db.InTx(ctx, func(tx *sql.Tx) error {
				errs = Steps(ctx, tx, len(tt.fail), func(i int, tx *sql.Tx) error {
					key := string(rune('0' + i))
					if _, err := tx.ExecContext(ctx, `INSERT INTO kv (namespace, key, value) VALUES ('steps', ?, 'Zoë 🌻')`, key); err != nil {
						return err
					}
					// A step's own nested step holds or fails with it.
					if err := Step(ctx, tx, func(tx *sql.Tx) error {
						_, err := tx.ExecContext(ctx, `INSERT INTO kv (namespace, key, value) VALUES ('nested', ?, 'رێزان')`, key)
						return err
					}); err != nil {
						return err
					}
					if tt.fail[i] {
						return boom
					}
					return nil
				})
				return nil
			}))
			for i, failed := range tt.fail {
				var err error
				if errs != nil {
					err = errs[i]
				}
				if failed != errors.Is(err, boom) || (!failed && err != nil) {
					t.Errorf("step %d: error %v, want failed=%v", i, err, failed)
				}
			}
			for _, ns := range []string{"steps", "nested"} {
				var got []string
				rows, err := db.QueryContext(ctx, `SELECT key FROM kv WHERE namespace = ? ORDER BY key`, ns)
				must(t, err)
				for rows.Next() {
					var k string
					must(t, rows.Scan(&k))
					got = append(got, k)
				}
				must(t, rows.Close())
				if !slices.Equal(got, tt.want) {
					t.Errorf("%s rows kept: %q, want %q", ns, got, tt.want)
				}
			}
		})
	}
}
