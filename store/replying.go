package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"sync/atomic"
	"time"

	"folkmoot/bot"
)

// A command's reply is as durable as the change it reports. The dispatcher marks the
// context of a command it runs; every transaction committed under that mark also writes a
// "replying" record naming the command, in the same transaction as the change. When the
// handler returns, the dispatcher puts its reply into the outbox, deletes the record and
// records the message as handled, again in one transaction. A stop in between (kill -9)
// leaves the record: at the next start the room is told that the change was made and its
// answer lost, and the message, if delivered again, is not run twice.

const (
	replyingNamespace = "replying"
	handledNamespace  = "handled-commands"
)

// CommandMark ties the transactions of one command run to its reply.
type CommandMark struct {
	Room    bot.Room
	Key     string // the record's key: the room and the message ID (or a reference)
	Sender  string // who said it, for the recovery notice
	Command string // what they said, for the recovery notice (the command name only)
	At      time.Time

	committed atomic.Bool
}

// Committed reports whether a transaction under the mark committed: the command changed
// something, so its reply must go through the outbox.
func (m *CommandMark) Committed() bool { return m.committed.Load() }

type markKey struct{}

// WithCommandMark returns ctx marked for m: InTx under it records m with its change.
func WithCommandMark(ctx context.Context, m *CommandMark) context.Context {
	return context.WithValue(ctx, markKey{}, m)
}

// WithoutCommandMark returns ctx without a command mark (for the dispatcher's own writes).
func WithoutCommandMark(ctx context.Context) context.Context {
	return context.WithValue(ctx, markKey{}, (*CommandMark)(nil))
}

func commandMark(ctx context.Context) *CommandMark {
	m, _ := ctx.Value(markKey{}).(*CommandMark)
	return m
}

// markRecord is what a "replying" record holds.
type markRecord struct {
	Room    string
	Sender  string
	Command string
	At      int64
}

// recordMark writes the command's "replying" record in tx (once per command).
func recordMark(ctx context.Context, tx *sql.Tx, m *CommandMark) error {
	raw, err := json.Marshal(markRecord{Room: m.Room.Key(), Sender: m.Sender, Command: m.Command, At: m.At.UnixMilli()})
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO kv (namespace, key, value) VALUES (?, ?, ?) ON CONFLICT (namespace, key) DO NOTHING`,
		replyingNamespace, m.Key, string(raw))
	if err != nil {
		return fmt.Errorf("record the command being answered: %w", err)
	}
	return nil
}

// HandledKey is the key of a message's records: its room and ID. It is "" (no record
// against a second delivery) for a message without an ID and for the console, which numbers
// its lines afresh at every start.
func HandledKey(room bot.Room, msgID string) string {
	if msgID == "" || room.Protocol == bot.Console {
		return ""
	}
	return room.Key() + "|" + msgID
}

// Handled reports whether a command message was answered already (before a restart).
func Handled(ctx context.Context, q Querier, key string) (bool, error) {
	if key == "" {
		return false, nil
	}
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM kv WHERE namespace = ? AND key = ?`, handledNamespace, key).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("read handled commands: %w", err)
	}
	return n > 0, nil
}

// FinishCommand deletes the command's "replying" record and records its message as handled,
// in tx, the transaction that queues its reply.
func FinishCommand(ctx context.Context, tx *sql.Tx, m *CommandMark, handledKey string, now time.Time) error {
	if _, err := tx.ExecContext(ctx, kvDelete, replyingNamespace, m.Key); err != nil {
		return fmt.Errorf("finish command: %w", err)
	}
	if handledKey == "" {
		return nil
	}
	if _, err := tx.ExecContext(ctx, kvSet, handledNamespace, handledKey, strconv.FormatInt(now.UnixMilli(), 10)); err != nil {
		return fmt.Errorf("record handled command: %w", err)
	}
	return nil
}

// Unanswered is a command whose change committed but whose reply was never queued.
type Unanswered struct {
	Key     string
	Room    bot.Room
	Sender  string
	Command string
	At      time.Time
}

// UnansweredCommands lists the commands a stop interrupted between their change and their reply.
func UnansweredCommands(ctx context.Context, q Querier) ([]Unanswered, error) {
	rows, err := q.QueryContext(ctx, kvList, replyingNamespace)
	if err != nil {
		return nil, fmt.Errorf("list unanswered commands: %w", err)
	}
	defer rows.Close()
	var out []Unanswered
	for rows.Next() {
		var key, raw string
		if err := rows.Scan(&key, &raw); err != nil {
			return nil, err
		}
		var rec markRecord
		if err := json.Unmarshal([]byte(raw), &rec); err != nil {
			return nil, fmt.Errorf("unanswered command %q: %w", key, err)
		}
		room, ok := bot.ParseRoomKey(rec.Room)
		if !ok {
			continue
		}
		out = append(out, Unanswered{Key: key, Room: room, Sender: rec.Sender, Command: rec.Command, At: time.UnixMilli(rec.At)})
	}
	return out, rows.Err()
}

// ForgetUnanswered deletes a "replying" record (after its notice is queued) and records
// its message as handled, so it is not run again if delivered again.
func ForgetUnanswered(ctx context.Context, tx *sql.Tx, u Unanswered, now time.Time) error {
	if _, err := tx.ExecContext(ctx, kvDelete, replyingNamespace, u.Key); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, kvSet, handledNamespace, u.Key, strconv.FormatInt(now.UnixMilli(), 10))
	return err
}

// PruneHandled forgets handled-command records older than before: a message is delivered
// again only shortly after a restart, never weeks later.
func PruneHandled(ctx context.Context, q Querier, before time.Time) error {
	_, err := q.ExecContext(ctx, `DELETE FROM kv WHERE namespace = ? AND CAST(value AS INTEGER) < ?`, handledNamespace, before.UnixMilli())
	return err
}

// ExecContext runs a statement on the database. Under a command's mark a write outside any
// transaction (a handler's one-statement change) runs in its own transaction with the
// command's record, so it too is noticed if a stop comes before the reply.
func (db *DB) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if commandMark(ctx) == nil {
		return db.DB.ExecContext(ctx, query, args...)
	}
	var res sql.Result
	err := db.InTx(ctx, func(tx *sql.Tx) error {
		var err error
		res, err = tx.ExecContext(ctx, query, args...)
		return err
	})
	return res, err
}
