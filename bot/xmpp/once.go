package xmpp

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"sync"
	"time"

	"github.com/rs/zerolog"

	"folkmoot/bot"
)

// Exactly once, across restarts, in both directions:
//
//   - In: a room's history is asked for on every join, since the last message the bot saw
//     there. What the bot already saw (kvSeen: the last message's time and the IDs of the most
//     recent ones) is passed over; newer commands within the catch-up window are answered.
//   - Out: a reply whose room echo did not come back before the connection closed may or may
//     not have reached the room. Such a send stays in kvPending under a key stable for that
//     reply; when the core's outbox retries it after the reconnect, the room's history (read
//     before Send is allowed again) tells whether the first attempt arrived, by its origin-id.

// kvSeen is the bot.KV namespace of what the bot saw per room: key the room JID, value a
// JSON seenRecord.
const kvSeen = "xmpp.seen"

// kvPending is the bot.KV namespace of replies written but not confirmed: key the reply's
// stable key, value a JSON pendingRecord.
const kvPending = "xmpp.pending"

// defaultCatchUp is how old a command said while the bot was away may be and still be
// answered. config.XMPP has no catch_up key yet; Matrix's default is 10 minutes.
const defaultCatchUp = 15 * time.Minute

// seenIDs is how many recent message IDs are remembered per room.
const seenIDs = 64

// pendingMaxAge is how long an unconfirmed send is remembered: past it the outbox has long
// given up or succeeded, and the room's history no longer reaches back that far.
const pendingMaxAge = 7 * 24 * time.Hour

// clockSlack tolerates a bot clock ahead of the server's: live messages are stamped with
// the bot's clock, history with the server's.
const clockSlack = 30 * time.Second

// seenRecord is what the bot saw of a room.
type seenRecord struct {
	// First is when the bot first joined the room: nothing said before it is ever run.
	First time.Time `json:"first"`
	// At is when the last message the bot handled was said.
	At time.Time `json:"at"`
	// IDs are the IDs of the latest messages handled, newest last.
	IDs []string `json:"ids,omitempty"`
}

// has reports whether the message with this ID was already handled.
func (s seenRecord) has(id string) bool { return id != "" && slices.Contains(s.IDs, id) }

// add records a handled message.
func (s *seenRecord) add(id string, at time.Time) {
	if at.After(s.At) {
		s.At = at
	}
	if id == "" || s.has(id) {
		return
	}
	s.IDs = append(s.IDs, id)
	if len(s.IDs) > seenIDs {
		s.IDs = slices.Clone(s.IDs[len(s.IDs)-seenIDs:])
	}
}

// catchUp decides whether a message from the room's history is run: only one said after
// the bot first joined, within the catch-up window, and not handled before. said has whole
// seconds, as rooms stamp their history.
func (s seenRecord) catchUp(id string, said, now time.Time, window time.Duration) bool {
	switch {
	case said.IsZero() || s.First.IsZero():
		return false
	case !said.Add(time.Second).After(s.First), said.Before(now.Add(-window)):
		// Stamps have whole seconds: within the second of the first join, the first join's
		// history (noted as seen) tells what came before it.
		return false
	case s.has(id):
		return false
	case id == "" && !said.After(s.At):
		return false // without an ID, only the time tells
	case said.Before(s.At.Add(-clockSlack)):
		return false // well before a message already handled: seen live
	}
	return true
}

// pendingRecord is a reply written to a room without its echo coming back.
type pendingRecord struct {
	Room     string    `json:"room"`
	OriginID string    `json:"origin_id"`
	At       time.Time `json:"at"`
}

// ledger keeps the seen and pending records in memory, written through to bot.KV.
type ledger struct {
	kv  bot.KV
	log zerolog.Logger

	mu      sync.Mutex
	seen    map[string]seenRecord    // by room JID
	pending map[string]pendingRecord // by reply key
	// inQueue holds messages queued but not handled yet (room + "\x00" + ID): a rejoin's
	// history must not queue them a second time.
	inQueue map[string]bool
}

// loadLedger reads the records, dropping pending ones too old to matter.
func loadLedger(ctx context.Context, kv bot.KV, log zerolog.Logger, now time.Time) (*ledger, error) {
	l := &ledger{kv: kv, log: log, seen: map[string]seenRecord{}, pending: map[string]pendingRecord{}, inQueue: map[string]bool{}}
	seen, err := kv.List(ctx, kvSeen)
	if err != nil {
		return nil, err
	}
	for room, raw := range seen {
		var rec seenRecord
		if json.Unmarshal([]byte(raw), &rec) == nil {
			l.seen[bareJID(room)] = rec
		}
	}
	pending, err := kv.List(ctx, kvPending)
	if err != nil {
		return nil, err
	}
	for key, raw := range pending {
		var rec pendingRecord
		if json.Unmarshal([]byte(raw), &rec) != nil || now.Sub(rec.At) > pendingMaxAge {
			_ = kv.Delete(ctx, kvPending, key)
			continue
		}
		l.pending[key] = rec
	}
	return l, nil
}

// seenIn returns the room's record.
func (l *ledger) seenIn(room string) seenRecord {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.seen[room]
}

// catchUp decides whether a message from a room's history is to be run (see
// seenRecord.catchUp); one waiting in the queue is not.
func (l *ledger) catchUp(room, id string, said, now time.Time, window time.Duration) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if id != "" && l.inQueue[room+"\x00"+id] {
		return false
	}
	return l.seen[room].catchUp(id, said, now, window)
}

// queued notes a message entering (on) or leaving the queue.
func (l *ledger) queued(room, id string, on bool) {
	if id == "" {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if on {
		l.inQueue[room+"\x00"+id] = true
	} else {
		delete(l.inQueue, room+"\x00"+id)
	}
}

// joined notes the first join of a room.
func (l *ledger) joined(ctx context.Context, room string, now time.Time) {
	l.mu.Lock()
	rec := l.seen[room]
	if !rec.First.IsZero() {
		l.mu.Unlock()
		return
	}
	rec.First = now
	l.seen[room] = rec
	l.mu.Unlock()
	l.saveSeen(ctx, room, rec)
}

// handled records a message about to be handled, so no later join runs it again.
func (l *ledger) handled(ctx context.Context, room, id string, said time.Time) {
	l.mu.Lock()
	rec := l.seen[room]
	rec.IDs = slices.Clone(rec.IDs)
	rec.add(id, said)
	l.seen[room] = rec
	l.mu.Unlock()
	l.saveSeen(ctx, room, rec)
}

func (l *ledger) saveSeen(ctx context.Context, room string, rec seenRecord) {
	raw, _ := json.Marshal(rec)
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := l.kv.Set(ctx, kvSeen, room, string(raw)); err != nil {
		l.log.Error().Err(err).Str("room", room).Msg("could not remember the messages seen")
	}
}

// historySince is how far back to ask a room for history on joining: to the last message
// seen (or the oldest unconfirmed reply, whichever is older), but not before the catch-up
// window when only commands are at stake. On the very first join, a minute back: what is
// said there is only noted as seen, so that nothing said before the bot joined is ever run,
// even within the second of the join (history stamps have whole seconds).
func (l *ledger) historySince(room string, now time.Time, window time.Duration) time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	rec := l.seen[room]
	since := now.Add(-time.Minute)
	if !rec.First.IsZero() {
		since = latest(rec.At, rec.First, now.Add(-window))
	}
	for _, p := range l.pending {
		if p.Room == room && p.At.Before(since) {
			since = p.At
		}
	}
	// The margin keeps the boundary message, whose stamp lost its fraction of a second.
	return since.Add(-2 * time.Second).Truncate(time.Second)
}

// replyKey is a reply's stable key: the same reply to the same message in the same room
// has the same key on every attempt, whichever process makes it.
func replyKey(room, inReplyTo, body string) string {
	h := sha256.Sum256([]byte(room + "\x00" + inReplyTo + "\x00" + body))
	return hex.EncodeToString(h[:12])
}

// pendingFor returns the unconfirmed earlier attempt of a reply, if any.
func (l *ledger) pendingFor(key string) (pendingRecord, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	p, ok := l.pending[key]
	return p, ok
}

// writing records an attempt before its message leaves: from now until settled, a stop
// cannot lose track of whether it arrived.
func (l *ledger) writing(ctx context.Context, key string, p pendingRecord) error {
	l.mu.Lock()
	l.pending[key] = p
	l.mu.Unlock()
	raw, _ := json.Marshal(p)
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	return l.kv.Set(ctx, kvPending, key, string(raw))
}

// settled forgets an attempt the room confirmed (or that never left).
func (l *ledger) settled(ctx context.Context, key string) {
	l.mu.Lock()
	delete(l.pending, key)
	l.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := l.kv.Delete(ctx, kvPending, key); err != nil {
		l.log.Error().Err(err).Msg("could not forget a confirmed reply")
	}
}

// latest is the latest of the times.
func latest(ts ...time.Time) time.Time {
	var out time.Time
	for _, t := range ts {
		if t.After(out) {
			out = t
		}
	}
	return out
}
