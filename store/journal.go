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
	handledGet   = `SELECT EXISTS (SELECT 1 FROM handled WHERE key = ?)`
	handledPut   = `INSERT INTO handled (key, at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`
	handledPrune = `DELETE FROM handled WHERE at < ?`
)

// Handled implements bot.Journal.
func (db *DB) Handled(ctx context.Context, tx *sql.Tx, key string) (bool, error) {
	var done bool
	if err := tx.QueryRowContext(ctx, handledGet, key).Scan(&done); err != nil {
		return false, fmt.Errorf("read handled events: %w", err)
	}
	return done, nil
}

// MarkHandled implements bot.Journal.
func (db *DB) MarkHandled(ctx context.Context, tx *sql.Tx, key string, at time.Time) error {
	if _, err := tx.ExecContext(ctx, handledPut, key, at.UnixMilli()); err != nil {
		return fmt.Errorf("record handled event: %w", err)
	}
	return nil
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

// Tx is an event's transaction as a command sees it: every query runs in it, and InTx nests
// a savepoint, so a step that fails undoes its own writes and nothing else.
type Tx struct{ *sql.Tx }

// InTx runs fn in a savepoint of the transaction, released when fn returns nil and rolled
// back otherwise.
func (t Tx) InTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if _, err := t.ExecContext(ctx, `SAVEPOINT step`); err != nil {
		return fmt.Errorf("savepoint: %w", err)
	}
	if err := fn(t.Tx); err != nil {
		_, _ = t.ExecContext(ctx, `ROLLBACK TO step`)
		_, _ = t.ExecContext(ctx, `RELEASE step`)
		return err
	}
	if _, err := t.ExecContext(ctx, `RELEASE step`); err != nil {
		return fmt.Errorf("release savepoint: %w", err)
	}
	return nil
}

// Get reads a key-value entry in the transaction.
func (t Tx) Get(ctx context.Context, namespace, key string) (string, bool, error) {
	return kvGetOn(ctx, t.Tx, namespace, key)
}

// Set writes a key-value entry in the transaction.
func (t Tx) Set(ctx context.Context, namespace, key, value string) error {
	return kvSetOn(ctx, t.Tx, namespace, key, value)
}

// Delete removes a key-value entry in the transaction.
func (t Tx) Delete(ctx context.Context, namespace, key string) error {
	return kvDeleteOn(ctx, t.Tx, namespace, key)
}
