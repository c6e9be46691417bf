package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"folkmoot/bot"
)

// inLine is true of an outbox row w that holds up the later rows of its room until it is sent:
// a message, public or private. Posting or ending a native poll is not in line (it never
// holds the messages up; a poll still waits for the messages queued before it).
//
// Written in both dialects: SQLite's JSON functions have no mechanical PostgreSQL twin.
// PostgreSQL 15 has no json_valid; every row is written by PutReply's json.Marshal, and a
// PostgreSQL database is never older than that, so the cast cannot fail. A missing key and a
// JSON null are both "no poll", as json_extract's NULL is for both.
var inLine = map[Dialect]string{
	SQLite:   `(CASE WHEN json_valid(w.reply) THEN json_extract(w.reply, '$.Poll') IS NULL AND json_extract(w.reply, '$.EndsPoll') IS NULL ELSE 1 END)`,
	Postgres: `(COALESCE(w.reply::jsonb -> 'Poll', 'null'::jsonb) = 'null'::jsonb AND COALESCE(w.reply::jsonb -> 'EndsPoll', 'null'::jsonb) = 'null'::jsonb)`,
}

const (
	// A reply is queued due at once (retry_at 0), so it enters no index but outbox_order:
	// outbox_due holds only the items that wait for a retry, and each index a reply entered
	// was one more page written when it was queued and again when it was sent.
	outboxPut = `INSERT INTO outbox (room, protocol, reply, retry_at) VALUES (?, ?, ?, 0)`
	// A room's messages go out in order: an item waits while an older message of its room
	// waits for a retry. The index outbox_due finds those few (retry_at > now, and "retry_at
	// > 0" tells SQLite the partial index holds them all); the "+" keep
	// SQLite from walking every older item of the room instead. The items are read in the
	// order of outbox_order, stopping at the limit; "+retry_at" keeps SQLite from reading
	// every due item through outbox_due and sorting them all again for each batch.
	outboxPendingSQL = `SELECT id, room, reply, attempts FROM outbox AS o WHERE protocol = ? AND +retry_at <= ?
		AND NOT EXISTS (SELECT 1 FROM outbox AS w WHERE w.protocol = o.protocol AND w.retry_at > 0 AND w.retry_at > ?
			AND +w.room = o.room AND +w.id < o.id AND %s)
		ORDER BY id LIMIT ?`
	outboxNextRetry = `SELECT MIN(retry_at) FROM outbox WHERE protocol = ? AND retry_at > 0 AND retry_at > ?`
	outboxSent      = `DELETE FROM outbox WHERE id = ?`
	outboxFailed    = `UPDATE outbox SET attempts = attempts + 1, retry_at = ? WHERE id = ?`
)

// outboxPending is outboxPendingSQL in each dialect.
var outboxPending = map[Dialect]string{
	SQLite:   fmt.Sprintf(outboxPendingSQL, inLine[SQLite]),
	Postgres: fmt.Sprintf(outboxPendingSQL, inLine[Postgres]),
}

// PutReply queues a reply for a room on q, so a scheduled job can write its notice in the
// same transaction that records the job as fired.
func PutReply(ctx context.Context, q Querier, room bot.Room, r bot.Reply) error {
	if r.Key == "" {
		r.Key = newKey()
	}
	stored := storedReply{Reply: r}
	if r.To != "" {
		stored.PrivateDoc, stored.Doc = &r.Doc, bot.Doc{}
	}
	raw, err := json.Marshal(stored)
	if err != nil {
		return fmt.Errorf("encode reply: %w", err)
	}
	if _, err := q.ExecContext(ctx, outboxPut, room.Key(), string(room.Protocol), string(raw)); err != nil {
		return fmt.Errorf("queue reply: %w", err)
	}
	return nil
}

// Pending implements bot.Journal: the due items, oldest first, but none of a room whose older
// message waits for a retry, so no reply overtakes an earlier one.
func (db *DB) Pending(ctx context.Context, p bot.Protocol, now time.Time, limit int) ([]bot.Queued, error) {
	ms := now.UnixMilli()
	rows, err := db.QueryContext(db.Unwatched(ctx), outboxPending[db.dialect], string(p), ms, ms, limit)
	if err != nil {
		return nil, fmt.Errorf("read outbox: %w", err)
	}
	defer rows.Close()
	var out []bot.Queued
	for rows.Next() {
		var q bot.Queued
		var roomKey, raw string
		if err := rows.Scan(&q.ID, &roomKey, &raw, &q.Attempts); err != nil {
			return nil, fmt.Errorf("read outbox: %w", err)
		}
		room, ok := bot.ParseRoomKey(roomKey)
		if !ok {
			return nil, fmt.Errorf("outbox item %d: bad room %q", q.ID, roomKey)
		}
		q.Room = room
		if err := decodeReply(raw, &q.Reply); err != nil {
			return nil, fmt.Errorf("outbox item %d: %w", q.ID, err)
		}
		out = append(out, q)
	}
	return out, rows.Err()
}

// NextRetry implements bot.Journal: when the earliest reply of a network that waits for a
// retry is due.
func (db *DB) NextRetry(ctx context.Context, p bot.Protocol, now time.Time) (time.Time, bool, error) {
	var at sql.NullInt64
	if err := db.QueryRowContext(db.Unwatched(ctx), outboxNextRetry, string(p), now.UnixMilli()).Scan(&at); err != nil {
		return time.Time{}, false, fmt.Errorf("read outbox: %w", err)
	}
	return time.UnixMilli(at.Int64), at.Valid, nil
}

// Sent implements bot.Journal.
func (db *DB) Sent(ctx context.Context, id int64) error {
	_, err := db.ExecContext(ctx, outboxSent, id)
	return err
}

// Failed implements bot.Journal.
func (db *DB) Failed(ctx context.Context, id int64, retryAt time.Time) error {
	_, err := db.ExecContext(ctx, outboxFailed, retryAt.UnixMilli(), id)
	return err
}

// decodeReply reads a queued reply. Items queued before replies became documents hold their
// words in a plain "Text" field; they are read as inert text, so an upgrade loses none.
func decodeReply(raw string, r *bot.Reply) error {
	var stored storedReply
	if err := json.Unmarshal([]byte(raw), &stored); err != nil {
		return err
	}
	*r = stored.Reply
	if stored.PrivateDoc != nil {
		r.Doc = *stored.PrivateDoc
	}
	if r.Doc.IsZero() {
		var legacy struct{ Text string }
		if err := json.Unmarshal([]byte(raw), &legacy); err == nil && legacy.Text != "" {
			r.Doc = bot.TextDoc(legacy.Text)
		}
	}
	return nil
}

// storedReply is a reply as the outbox keeps it. A private reply's document is kept under
// PrivateDoc, not Doc: a folkmoot from before private replies, started on this database after
// a rollback, reads such a row as an empty reply and drops it instead of posting it in the room.
type storedReply struct {
	bot.Reply
	PrivateDoc *bot.Doc `json:",omitempty"`
}

// newKey is a reply's key (bot.Reply.Key): random, so no two items of any database share one.
func newKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
