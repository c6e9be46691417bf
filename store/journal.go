package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"folkmoot/bot"
)

// The runtime's journal (bot.Journal): the ledger of handled events and the outbox, written
// in the transaction an event is handled in.

const (
	handledClaim = `INSERT INTO handled (key, at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`
	handledPrune = `DELETE FROM handled WHERE at < ?`
)

// Claim implements bot.Journal: the insert that finds the key taken changes no row.
func (db *DB) Claim(ctx context.Context, tx *sql.Tx, key string, at time.Time) (bool, error) {
	res, err := tx.ExecContext(ctx, handledClaim, key, at.UnixMilli())
	if err != nil {
		return false, fmt.Errorf("record handled event: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("record handled event: %w", err)
	}
	return n == 0, nil
}

// PruneHandled implements bot.Journal.
func (db *DB) PruneHandled(ctx context.Context, before time.Time) error {
	_, err := db.ExecContext(ctx, handledPrune, before.UnixMilli())
	return err
}

// Queue implements bot.Journal.
func (db *DB) Queue(ctx context.Context, tx *sql.Tx, room bot.Room, r bot.Reply) error {
	return PutReply(ctx, tx, room, r)
}

// Step runs fn in a savepoint of tx, released when fn returns nil and rolled back otherwise:
// a step of an event's handling that fails undoes its own writes and nothing else.
func Step(ctx context.Context, tx *sql.Tx, fn func(tx *sql.Tx) error) error {
	if _, err := tx.ExecContext(ctx, `SAVEPOINT step`); err != nil {
		return fmt.Errorf("savepoint: %w", err)
	}
	if err := fn(tx); err != nil {
		_, _ = tx.ExecContext(ctx, `ROLLBACK TO step`)
		_, _ = tx.ExecContext(ctx, `RELEASE step`)
		return err
	}
	if _, err := tx.ExecContext(ctx, `RELEASE step`); err != nil {
		return fmt.Errorf("release savepoint: %w", err)
	}
	return nil
}

// Steps runs step(i) for i in [0, n), each as a step of its own, as n calls of Step would,
// and returns the steps' errors by index, nil when every step held: a failed step undoes its
// own writes and no other's. The steps share one savepoint, two statements where n Steps
// take 2n: the road runs one step per feature for every event, and they nearly always hold.
// When one fails, all are undone and the others run again, each in a savepoint of its own; a
// step must therefore write only in tx, so running it again after the undo does it once.
func Steps(ctx context.Context, tx *sql.Tx, n int, step func(i int, tx *sql.Tx) error) []error {
	if n == 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `SAVEPOINT steps`); err != nil {
		errs := make([]error, n)
		for i := range errs {
			errs[i] = fmt.Errorf("savepoint: %w", err)
		}
		return errs
	}
	var errs []error
	for i := range n {
		if err := step(i, tx); err != nil {
			if errs == nil {
				errs = make([]error, n)
			}
			errs[i] = err
		}
	}
	if errs == nil {
		if _, err := tx.ExecContext(ctx, `RELEASE steps`); err != nil {
			errs = make([]error, n)
			for i := range errs {
				errs[i] = fmt.Errorf("release savepoint: %w", err)
			}
		}
		return errs
	}
	// Undo them all, then run again each that held, alone.
	if _, err := tx.ExecContext(ctx, `ROLLBACK TO steps`); err != nil {
		err = fmt.Errorf("undo the steps: %w", err)
		for i := range errs {
			errs[i] = errors.Join(errs[i], err)
		}
		_, _ = tx.ExecContext(ctx, `RELEASE steps`)
		return errs
	}
	_, _ = tx.ExecContext(ctx, `RELEASE steps`)
	for i := range n {
		if errs[i] == nil {
			errs[i] = Step(ctx, tx, func(tx *sql.Tx) error { return step(i, tx) })
		}
	}
	return errs
}
