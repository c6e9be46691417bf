package store

import (
	"context"
	"database/sql"
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
