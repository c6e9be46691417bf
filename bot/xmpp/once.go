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

// The runtime runs each message once (its handled ledger, by room and ID, across restarts)
// and only within the catch-up window. What stays here is what XMPP itself forces:
//
//   - In: what was said while the bot was away reaches it only as a room's history on
//     joining, asked for by time. Nothing said before the bot first joined a room is ever
//     run, so that join's time is kept (kvFirst), and each later join asks from then, or from
//     the start of the catch-up window, whichever is later. History stamps have whole
//     seconds, so the first join's history also tells by ID which messages of its last
//     seconds came before the bot; the time alone cannot.
//   - Out: a room confirms a message only by reflecting it. A reply whose echo did not come
//     back before the connection closed may or may not have reached the room; such a send
//     stays in kvPending under a key stable for that reply, and when the runtime's outbox
//     retries it after the reconnect, the room's history (read before Send is allowed
//     again, and asked back to the oldest such reply) tells by its origin-id whether the
//     first attempt arrived.

// kvFirst is the bot.KV namespace of each room's first join: key the room JID, value a JSON
// firstJoin. Its name is older: records written when the adapter also kept the messages it
// had seen there are read for their "first" alone.
const kvFirst = "xmpp.seen"

// kvPending is the bot.KV namespace of replies written but not confirmed: key the reply's
// stable key, value a JSON pendingRecord.
const kvPending = "xmpp.pending"

// defaultCatchUp is how far back a join asks for history when the config gives no
// xmpp.catch_up (one built without config.Parse); the app gives the runtime the same window.
const defaultCatchUp = 15 * time.Minute

// pendingMaxAge is how long an unconfirmed send is remembered: past it the outbox has long
// given up or succeeded, and the room's history no longer reaches back that far.
const pendingMaxAge = 7 * 24 * time.Hour

// historyMargin widens every history ask backwards: stamps have whole seconds, so a
// message said right at the boundary carries a stamp up to a second before it.
const historyMargin = 2 * time.Second

// firstJoinAsk is how far back the very first join of a room asks for history: none of it
// is run, it only tells which messages near the join came before the bot (firstJoin.Before),
// even with the server's clock this much ahead of the bot's.
const firstJoinAsk = time.Minute

// firstBeforeCap bounds the IDs kept from a first join's history.
const firstBeforeCap = 64

// firstJoin is the bot's first join of a room.
type firstJoin struct {
	// At is when the bot first joined the room: nothing said before it is ever run.
	At time.Time `json:"first"`
	// Before are the IDs of the messages that the first join's history showed with a stamp
	// too close to At (or after it, the server's clock being ahead) to tell them by time.
	Before []string `json:"before,omitempty"`
}

// saidBefore reports whether a message of a room's history was said before the bot first
// joined the room: by its stamp, or, where the stamp is too close to tell, by its ID.
func (f firstJoin) saidBefore(id string, said time.Time) bool {
	return saidBeforeJoin(said, f.At) || slices.Contains(f.Before, id)
}

// saidBeforeJoin reports whether a history stamp tells by itself that its message came
// before a join at joined; closer to it, a whole-second stamp cannot tell.
func saidBeforeJoin(said, joined time.Time) bool {
	return said.Before(joined.Add(-historyMargin))
}

// pendingRecord is a reply written to a room without its echo coming back.
type pendingRecord struct {
	Room     string    `json:"room"`
	OriginID string    `json:"origin_id"`
	At       time.Time `json:"at"`
}

// records keeps the first joins and the pending replies in memory, written through to bot.KV.
type records struct {
	kv  bot.KV
	log zerolog.Logger

	mu      sync.Mutex
	first   map[string]firstJoin     // by room JID
	pending map[string]pendingRecord // by reply key
}

// loadRecords reads the records, dropping pending ones too old to matter.
func loadRecords(ctx context.Context, kv bot.KV, log zerolog.Logger, now time.Time) (*records, error) {
	l := &records{kv: kv, log: log, first: map[string]firstJoin{}, pending: map[string]pendingRecord{}}
	first, err := kv.List(ctx, kvFirst)
	if err != nil {
		return nil, err
	}
	for room, raw := range first {
		var rec firstJoin
		if json.Unmarshal([]byte(raw), &rec) == nil && !rec.At.IsZero() {
			l.first[bareJID(room)] = rec
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

// firstJoinOf returns the bot's first join of the room; ok is false for a room never joined.
func (l *records) firstJoinOf(room string) (f firstJoin, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	f, ok = l.first[room]
	return f, ok
}

// joinedFirst records the bot's first join of a room, once its history has been read.
func (l *records) joinedFirst(ctx context.Context, room string, f firstJoin) {
	l.mu.Lock()
	if _, ok := l.first[room]; ok {
		l.mu.Unlock()
		return
	}
	l.first[room] = f
	l.mu.Unlock()
	raw, _ := json.Marshal(f)
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := l.kv.Set(ctx, kvFirst, room, string(raw)); err != nil {
		l.log.Error().Err(err).Str("room", room).Msg("could not remember the first join of the room")
	}
}

// historySince is how far back to ask a room for history on joining: since the bot first
// joined it or the start of the catch-up window, whichever is later, and back to its oldest
// unconfirmed reply, which Send looks for there. On the very first join, firstJoinAsk back.
func (l *records) historySince(room string, now time.Time, window time.Duration) time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	since := now.Add(-firstJoinAsk)
	if f, ok := l.first[room]; ok {
		since = f.At
		if start := now.Add(-window); window > 0 && start.After(since) {
			since = start
		}
	}
	for _, p := range l.pending {
		if p.Room == room && p.At.Before(since) {
			since = p.At
		}
	}
	return since.Add(-historyMargin).Truncate(time.Second)
}

// replyKey is a reply's stable key: the same reply to the same message in the same room
// has the same key on every attempt, whichever process makes it.
func replyKey(room, inReplyTo, body string) string {
	h := sha256.Sum256([]byte(room + "\x00" + inReplyTo + "\x00" + body))
	return hex.EncodeToString(h[:12])
}

// pendingFor returns the unconfirmed earlier attempt of a reply, if any.
func (l *records) pendingFor(key string) (pendingRecord, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	p, ok := l.pending[key]
	return p, ok
}

// writing records an attempt before its message leaves: from now until settled, a stop
// cannot lose track of whether it arrived.
func (l *records) writing(ctx context.Context, key string, p pendingRecord) error {
	l.mu.Lock()
	l.pending[key] = p
	l.mu.Unlock()
	raw, _ := json.Marshal(p)
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	return l.kv.Set(ctx, kvPending, key, string(raw))
}

// settled forgets an attempt the room confirmed (or that never left).
func (l *records) settled(ctx context.Context, key string) {
	l.mu.Lock()
	delete(l.pending, key)
	l.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := l.kv.Delete(ctx, kvPending, key); err != nil {
		l.log.Error().Err(err).Msg("could not forget a confirmed reply")
	}
}
