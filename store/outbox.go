package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"folkmoot/bot"
)

const (
	outboxPut     = `INSERT INTO outbox (room, protocol, reply, retry_at) VALUES (?, ?, ?, ?)`
	outboxPending = `SELECT id, room, reply, attempts FROM outbox WHERE protocol = ? AND retry_at <= ? ORDER BY id LIMIT ?`
	outboxSent    = `DELETE FROM outbox WHERE id = ?`
	outboxFailed  = `UPDATE outbox SET attempts = attempts + 1, retry_at = ? WHERE id = ?`
)

// PutReply queues a reply for a room on q, so a scheduled job can write its notice in the
// same transaction that records the job as fired.
func PutReply(ctx context.Context, q Querier, room bot.Room, r bot.Reply) error {
	stored := storedReply{Reply: r}
	if r.To != "" {
		stored.PrivateDoc, stored.Doc = &r.Doc, bot.Doc{}
	}
	raw, err := json.Marshal(stored)
	if err != nil {
		return fmt.Errorf("encode reply: %w", err)
	}
	if _, err := q.ExecContext(ctx, outboxPut, room.Key(), string(room.Protocol), string(raw), 0); err != nil {
		return fmt.Errorf("queue reply: %w", err)
	}
	return nil
}

// Put implements bot.Outbox.
func (db *DB) Put(ctx context.Context, room bot.Room, r bot.Reply) error {
	return PutReply(ctx, db, room, r)
}

// Pending implements bot.Outbox.
func (db *DB) Pending(ctx context.Context, p bot.Protocol, now time.Time, limit int) ([]bot.Queued, error) {
	rows, err := db.QueryContext(ctx, outboxPending, string(p), now.UnixMilli(), limit)
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

// Sent implements bot.Outbox.
func (db *DB) Sent(ctx context.Context, id int64) error {
	_, err := db.ExecContext(ctx, outboxSent, id)
	return err
}

// Failed implements bot.Outbox.
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
