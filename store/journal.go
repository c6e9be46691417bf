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

// Steps runs step(i) for i in [0, n), each in a step of its own, as n calls of Step would,
// and returns the steps' errors by index, nil when every step held: a failed step undoes its
// own writes and no other's. The savepoints nest and are released together at the end, n+1
// statements where n Steps take 2n; the road runs one step per feature for every event.
func Steps(ctx context.Context, tx *sql.Tx, n int, step func(i int, tx *sql.Tx) error) []error {
	var errs []error
	fail := func(i int, err error) {
		if errs == nil {
			errs = make([]error, n)
		}
		errs[i] = errors.Join(errs[i], err)
	}
	// The first savepoint has a name of its own, so that one RELEASE of it ends them all;
	// each later one is the latest "steps_one", which ROLLBACK TO finds.
	opened := false
	for i := range n {
		sp := stepsInner
		if !opened {
			sp = stepsOuter
		}
		if _, err := tx.ExecContext(ctx, sp.begin); err != nil {
			fail(i, fmt.Errorf("savepoint: %w", err))
			continue
		}
		opened = true
		if err := step(i, tx); err != nil {
			fail(i, err)
			if _, err := tx.ExecContext(ctx, sp.undo); err != nil {
				fail(i, fmt.Errorf("undo the step: %w", err))
			}
		}
	}
	if !opened {
		return errs
	}
	if _, err := tx.ExecContext(ctx, `RELEASE steps`); err != nil {
		for i := range n {
			fail(i, fmt.Errorf("release savepoint: %w", err))
		}
	}
	return errs
}

// stepSQL is how Steps opens a savepoint and rolls back to it.
type stepSQL struct{ begin, undo string }

var (
	stepsOuter = stepSQL{`SAVEPOINT steps`, `ROLLBACK TO steps`}
	stepsInner = stepSQL{`SAVEPOINT steps_one`, `ROLLBACK TO steps_one`}
)
