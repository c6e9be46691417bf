package bot

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rs/zerolog"

	"folkmoot/words"
)

// Handler answers one incoming event inside tx, the transaction the runtime opened for it:
// what the handler writes, the replies it returns and the event's handled record commit
// together, so a stop at any moment leaves either all of them or none. An error rolls the
// handler's change back; what is said then is the Answer the error carries, else an apology
// with a reference the log explains. t is the transport the event came from, so a handler can
// ask it for an optional capability.
type Handler interface {
	Handle(ctx context.Context, tx *sql.Tx, t Transport, msg Message) ([]Reply, error)
}

// Answer is an error that carries what to say instead of a change: a refusal found after
// part of the work was written. The runtime rolls the work back and says the replies.
type Answer struct{ Replies []Reply }

// Error implements error.
func (a *Answer) Error() string {
	if len(a.Replies) == 0 {
		return "answered without a change"
	}
	return a.Replies[0].Text()
}

// PollRecorder learns the ID of a native poll the runtime posted from the outbox, under the
// Reply.PollFor it was queued with. A Handler that implements it is told; an error makes the
// runtime post again (the poll's Ref keeps that from posting twice) and tell again.
type PollRecorder interface {
	PollPosted(ctx context.Context, room Room, pollFor, pollID string) error
}

// HandlerFunc adapts a function to Handler.
type HandlerFunc func(ctx context.Context, tx *sql.Tx, t Transport, msg Message) ([]Reply, error)

// Handle calls f.
func (f HandlerFunc) Handle(ctx context.Context, tx *sql.Tx, t Transport, msg Message) ([]Reply, error) {
	return f(ctx, tx, t, msg)
}

// ErrUndeliverable marks a send that can never succeed however often it is tried (the bot was
// removed from the room, or may not post there). The runtime drops such an item from the
// outbox, with a log line, instead of letting it hold up the room's other replies.
var ErrUndeliverable = errors.New("undeliverable")

// Journal is the runtime's memory in the database: the ledger of handled events and the
// outbox of replies. The store implements it.
type Journal interface {
	// BeginTx opens the transaction an event is handled in.
	BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error)
	// Claim records the event with this ledger key as handled at at, in tx, and reports
	// whether it was handled already (then it records nothing). One statement where a check
	// and a record were two: the record rolls back with the event's change.
	Claim(ctx context.Context, tx *sql.Tx, key string, at time.Time) (bool, error)
	// PruneHandled forgets events handled before before.
	PruneHandled(ctx context.Context, before time.Time) error
	// Queue puts a reply for a room into the outbox, in tx.
	Queue(ctx context.Context, tx *sql.Tx, room Room, reply Reply) error
	// Pending returns up to limit queued replies for a protocol that are due at now.
	Pending(ctx context.Context, protocol Protocol, now time.Time, limit int) ([]Queued, error)
	// NextRetry is when the earliest reply of a network that waits for a retry after now is due.
	NextRetry(ctx context.Context, protocol Protocol, now time.Time) (time.Time, bool, error)
	// Sent removes a delivered reply.
	Sent(ctx context.Context, id int64) error
	// Failed records a failed attempt and when to try again.
	Failed(ctx context.Context, id int64, retryAt time.Time) error
}

// Queued is a reply waiting in the outbox.
type Queued struct {
	ID       int64
	Room     Room
	Reply    Reply
	Attempts int
}

// Bot is the runtime, the one road every event takes: transports hand it events, it keeps
// each room's order, handles each event once (the ledger, across restarts) and within the
// catch-up window, bounds it in time, holds commands to the flood limit, recovers a panic,
// commits the change with its replies, and its outbox worker is the only sender.
type Bot struct {
	handler    Handler
	journal    Journal
	log        zerolog.Logger
	now        func() time.Time
	mu         sync.Mutex
	transports map[Protocol]Transport
	catchUp    map[Protocol]time.Duration
	queues     map[Protocol]*RoomQueue // each network's rooms, so one network never waits on another's
	wake       chan struct{}
	drains     chan chan struct{} // a transport about to disconnect waits for a flush
	working    atomic.Bool        // the outbox worker runs (Run), and serves drains
	committed  []func()
	// writing makes the events' transactions take turns (inTx).
	writing sync.Mutex
	// flushMu makes Flush calls take turns, so two never read and send the same item.
	flushMu sync.Mutex
	pruned  time.Time
	// lang is a room's language, for what the runtime says itself (SpeakIn); nil is English.
	lang func(ctx context.Context, tx *sql.Tx, room Room) *words.Lang
	// mayAct, when set (SendWhile), must hold before each send.
	mayAct func() bool
	// flood and isCommand are the flood limit on commands (LimitCommands); nil is none.
	flood     *Limiter
	isCommand func(Message) bool
}

// roomQueueLimit is how many events may wait per room: a flood beyond it is dropped (and
// logged) rather than queued without bound.
const roomQueueLimit = 256

// New makes a runtime. now is the injected clock.
func New(handler Handler, journal Journal, log zerolog.Logger, now func() time.Time) *Bot {
	return &Bot{
		handler:    handler,
		journal:    journal,
		log:        log,
		now:        now,
		transports: map[Protocol]Transport{},
		catchUp:    map[Protocol]time.Duration{},
		queues:     map[Protocol]*RoomQueue{},
		wake:       make(chan struct{}, 1),
		drains:     make(chan chan struct{}),
	}
}

// Add registers a transport; call before Run. catchUp is how old an event of it may be and
// still be run (a command said while folkmoot was away); 0 runs every event.
func (b *Bot) Add(t Transport, catchUp time.Duration) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.transports[t.Protocol()] = t
	b.catchUp[t.Protocol()] = catchUp
	if b.queues[t.Protocol()] == nil {
		b.queues[t.Protocol()] = NewRoomQueue(roomQueueLimit)
	}
	if f, ok := t.(Fenced); ok {
		f.ActWhile(b.maySend) // reads SendWhile's condition at each call, set before or after
	}
}

// SpeakIn sets how the runtime finds a room's language, read in the answer's transaction, for
// what it says itself (the apology for a failed handling); without it, it speaks English.
// Call before Run.
func (b *Bot) SpeakIn(lang func(ctx context.Context, tx *sql.Tx, room Room) *words.Lang) {
	b.lang = lang
}

// LimitCommands holds each member of a room to flood's pace of commands; isCommand tells a
// command from talk. A member over the limit is told once, in the room's language, and until
// their bucket refills the handler sees their commands as Flooded.
func (b *Bot) LimitCommands(flood *Limiter, isCommand func(Message) bool) {
	b.flood, b.isCommand = flood, isCommand
}

// SendWhile makes the outbox worker send only while mayAct holds (the lease's Valid, when
// several processes share a PostgreSQL database): a send is the one act the database cannot
// fence, so a process that may have lost the lease sends nothing and its items wait in the
// outbox for the process that holds it. A Fenced transport's own writes wait on it too. Call
// before Run.
func (b *Bot) SendWhile(mayAct func() bool) { b.mayAct = mayAct }

// maySend reports whether the outbox worker may send now.
func (b *Bot) maySend() bool { return b.mayAct == nil || b.mayAct() }

// Turns is the lock every in-process writer of the database takes for its transaction
// (SQLite has one writer): the events' transactions and the outbox worker's records take it,
// and the scheduler is given it (schedule.Scheduler.TakeTurns).
func (b *Bot) Turns() sync.Locker { return &b.writing }

// AfterCommit adds what runs after each event's transaction commits (the scheduler looks
// again: the event may have added a job due sooner); call before Run.
func (b *Bot) AfterCommit(f func()) { b.committed = append(b.committed, f) }

// Transport returns the registered transport for a protocol, or nil.
func (b *Bot) Transport(p Protocol) Transport {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.transports[p]
}

// Transports lists the registered transports.
func (b *Bot) Transports() []Transport {
	b.mu.Lock()
	defer b.mu.Unlock()
	ts := make([]Transport, 0, len(b.transports))
	for _, t := range b.transports {
		ts = append(ts, t)
	}
	return ts
}

// Run runs every transport and the outbox worker until ctx is done. A transport that stops by
// itself (a network that failed for good: refused credentials, a removed account) stops the
// whole run with its error, logged at error level, even while another network is fine: a
// half-up bot that looks alive is worse than an exit the service manager restarts and reports.
// The events already queued are handled before Run returns.
func (b *Bot) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	b.prune(ctx)
	// The outbox worker outlives the transports' stop: a transport drains its replies
	// (Inbox.Drain) before it disconnects.
	workerCtx, stopWorker := context.WithCancel(context.WithoutCancel(ctx))
	workerDone := make(chan struct{})
	b.working.Store(true)
	go func() {
		defer close(workerDone)
		b.flushLoop(workerCtx)
	}()
	ts := b.Transports()
	errc := make(chan error, len(ts))
	var wg sync.WaitGroup
	for _, t := range ts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := t.Run(ctx, b.Inbox(t))
			if ctx.Err() != nil {
				return // stopping: whatever it returned is the shutdown's doing
			}
			if err == nil {
				err = errors.New("stopped by itself")
			}
			err = fmt.Errorf("%s: %w", t.Protocol(), err)
			b.log.Error().Err(err).Str("protocol", string(t.Protocol())).Msg("network failed for good; stopping folkmoot")
			errc <- err
			cancel() // stop the other networks too, so the process exits
		}()
	}
	wg.Wait()
	b.mu.Lock()
	queues := maps.Clone(b.queues)
	b.mu.Unlock()
	for _, q := range queues {
		q.Stop()
	}
	b.working.Store(false)
	stopWorker()
	<-workerDone
	close(errc)
	return <-errc
}

// Inbox is where transport t hands the runtime its events (Transport.Run's argument); t must
// have been added.
func (b *Bot) Inbox(t Transport) Inbox {
	b.mu.Lock()
	defer b.mu.Unlock()
	q := b.queues[t.Protocol()]
	if q == nil { // a transport the runtime was not told of: its own queue, all the same
		q = NewRoomQueue(roomQueueLimit)
		b.queues[t.Protocol()] = q
	}
	return inbox{b: b, t: t, queue: q}
}

// inbox is a transport's way into the runtime: its network's room queues.
type inbox struct {
	b     *Bot
	t     Transport
	queue *RoomQueue
}

// Deliver queues an event behind the earlier events of its room; the room's worker handles
// it (Bot.Deliver). It never blocks the transport: a room flooding beyond roomQueueLimit
// loses the excess, with a log line.
func (in inbox) Deliver(ctx context.Context, msg Message) {
	if !in.queue.Push(msg.Room.Key(), func() { in.b.Deliver(ctx, in.t, msg) }) {
		in.b.log.Warn().Str("room", msg.Room.ID).Str("id", msg.ID).Msg("room flooded or stopping: event dropped")
	}
}

// Settle waits until every event of this network queued so far is handled.
func (in inbox) Settle() { in.queue.Wait() }

// drainTimeout bounds how long a stopping transport waits for the outbox.
const drainTimeout = 30 * time.Second

// Drain waits until every queued event is handled and the outbox worker has made one more
// pass, so what they queued is sent (or waits for a retry) before the transport disconnects.
func (in inbox) Drain() {
	in.queue.Wait()
	if !in.b.working.Load() {
		return
	}
	done := make(chan struct{})
	timeout := time.NewTimer(drainTimeout)
	defer timeout.Stop()
	select {
	case in.b.drains <- done:
	case <-timeout.C:
		return
	}
	select {
	case <-done:
	case <-timeout.C:
	}
}

// handleTimeout bounds one event's handling once it has begun.
const handleTimeout = 30 * time.Second

// answerTimeout bounds queuing the answer to an event whose handling failed.
const answerTimeout = 10 * time.Second

// handledFor is how long the ledger remembers a handled event against a second delivery: a
// network delivers an event again only shortly after a restart, never weeks later.
const handledFor = 7 * 24 * time.Hour

// Deliver handles one event from t now, in the caller's goroutine (the inbox's room worker; the
// console and tests call it directly). A shutdown does not cut it short: once begun, its
// handling finishes within handleTimeout.
func (b *Bot) Deliver(ctx context.Context, t Transport, msg Message) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), handleTimeout)
	defer cancel()
	log := b.log.Hook(eventFields{msg.Room, msg.Sender.ID})
	ctx = log.WithContext(ctx)
	if b.tooOld(msg) {
		log.Info().Str("id", msg.ID).Time("said", msg.Time).Msg("skipped a message older than the catch-up window")
		return
	}
	key := LedgerKey(msg)
	err := b.inTx(ctx, func(tx *sql.Tx) error {
		if key != "" {
			done, err := b.journal.Claim(ctx, tx, key, b.now())
			if err != nil || done {
				if done {
					log.Info().Str("id", msg.ID).Msg("handled before; not run again")
				}
				return err
			}
		}
		if msg.Direct {
			// Whatever is said in a room the bot opened for one member is answered with what
			// the room is for; nothing there is a command or part of a meeting.
			reply := Text(b.roomLang(ctx, tx, msg.Room).Say("bot.direct"))
			reply.Notice, reply.InReplyTo = true, msg.ID
			return b.queueReplies(ctx, tx, msg, []Reply{reply})
		}
		tell := b.overLimit(&msg)
		replies, err := safeHandle(ctx, b.handler, tx, t, msg)
		if err != nil {
			return err
		}
		if tell {
			replies = append(replies, Text(b.roomLang(ctx, tx, msg.Room).Say("bot.flood", "Name", msg.Sender.Display())))
		}
		return b.queueReplies(ctx, tx, msg, replies)
	})
	if err != nil {
		handling := err
		// A time of its own: the handling may have used up the event's (the bound undid
		// its transaction), and the answer must still be queued and the event recorded.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), answerTimeout)
		defer cancel()
		err := b.inTx(ctx, func(tx *sql.Tx) error {
			if key != "" {
				if _, err := b.journal.Claim(ctx, tx, key, b.now()); err != nil {
					return err
				}
			}
			return b.queueReplies(ctx, tx, msg, answerTo(ctx, handling, func() *words.Lang { return b.roomLang(ctx, tx, msg.Room) }))
		})
		if err != nil {
			log.Error().Err(err).Msg("could not queue the answer")
		}
	}
	for _, f := range b.committed {
		f()
	}
	b.Wake()
}

// overLimit marks msg Flooded when it is a command over its sender's flood limit, and
// reports whether this is the one time the sender is told.
func (b *Bot) overLimit(msg *Message) (tell bool) {
	if b.flood == nil || msg.Poll != nil || msg.Reaction != nil || msg.Invitation || !b.isCommand(*msg) {
		return false
	}
	switch b.flood.Take(msg.Room.Key()+"|"+msg.Sender.ID, b.now()) {
	case TellSlowDown:
		msg.Flooded = true
		return true
	case Ignore:
		msg.Flooded = true
	}
	return false
}

// eventFields names the event's network, room and sender on every line logged while it is
// handled. A hook writes them only when a line is logged; a sub-logger (With) would copy the
// logger's context into a new 500-byte buffer for every event, logged or not.
type eventFields struct {
	room   Room
	sender string
}

// Run implements zerolog.Hook.
func (f eventFields) Run(e *zerolog.Event, _ zerolog.Level, _ string) {
	e.Str("protocol", string(f.room.Protocol)).Str("room", f.room.ID).Str("sender", f.sender)
}

// tooOld reports whether a text event is older than its network's catch-up window. Poll
// answers are ballots: they count however late they arrive (the vote decides whether it was
// still open when the member answered); an invitation stands until it is answered.
func (b *Bot) tooOld(msg Message) bool {
	b.mu.Lock()
	window := b.catchUp[msg.Room.Protocol]
	b.mu.Unlock()
	return window > 0 && msg.Poll == nil && !msg.Invitation && !msg.Time.IsZero() && b.now().Sub(msg.Time) > window
}

// LedgerKey is an event's key in the handled ledger: its room and ID. It is "" (no record)
// for an event without an ID and for the console, which numbers its lines afresh at every
// start.
func LedgerKey(msg Message) string {
	if msg.ID == "" || msg.Room.Protocol == Console {
		return ""
	}
	return msg.Room.Key() + "|" + msg.ID
}

// queueReplies queues the replies to an event, in tx. A reply answers the event unless it is
// a notice or private.
func (b *Bot) queueReplies(ctx context.Context, tx *sql.Tx, msg Message, replies []Reply) error {
	for _, r := range replies {
		if r.Empty() {
			continue
		}
		if r.InReplyTo == "" && !r.Notice && r.To == "" {
			r.InReplyTo = msg.ID
		}
		if err := b.journal.Queue(ctx, tx, msg.Room, r); err != nil {
			return err
		}
	}
	return nil
}

// inTx runs fn in one transaction of the journal.
func (b *Bot) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	// SQLite has one writer. Events of many rooms at once (a sync that brings every room's
	// message) take turns here, in a queue, rather than in SQLite's busy handler, which
	// sleeps up to 100 ms between tries: a burst across 1,000 rooms took 8.4 s, 8 ms each.
	b.writing.Lock()
	defer b.writing.Unlock()
	tx, err := b.journal.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// prune forgets handled events past handledFor, at most once an hour.
func (b *Bot) prune(ctx context.Context) {
	now := b.now()
	b.mu.Lock()
	due := now.Sub(b.pruned) >= time.Hour
	if due {
		b.pruned = now
	}
	b.mu.Unlock()
	if !due {
		return
	}
	b.writing.Lock()
	err := b.journal.PruneHandled(ctx, now.Add(-handledFor))
	b.writing.Unlock()
	if err != nil {
		b.log.Warn().Err(err).Msg("forget old handled events")
	}
}

// roomLang is the room's language for what the runtime says itself, read in tx.
func (b *Bot) roomLang(ctx context.Context, tx *sql.Tx, room Room) *words.Lang {
	if b.lang == nil {
		return nil
	}
	return b.lang(ctx, tx, room)
}

// panicked is a handler's panic, logged under ref; the room hears the apology with it.
type panicked struct{ ref string }

func (p panicked) Error() string { return "handler panicked (ref " + p.ref + ")" }

// safeHandle runs the handler, turning a panic into an error with a reference that the log
// explains.
func safeHandle(ctx context.Context, h Handler, tx *sql.Tx, t Transport, msg Message) (replies []Reply, err error) {
	defer func() {
		if p := recover(); p != nil {
			ref := NewRef()
			zerolog.Ctx(ctx).Error().Str("ref", ref).Interface("panic", p).
				Str("stack", string(debug.Stack())).Msg("handler panicked")
			err = panicked{ref}
		}
	}()
	return h.Handle(ctx, tx, t, msg)
}

// answerTo is what the room hears when an event's handling failed: the Answer it carries,
// else an apology in the room's language (lang, asked only then) whose reference ties it to
// the log line.
func answerTo(ctx context.Context, err error, lang func() *words.Lang) []Reply {
	var a *Answer
	if errors.As(err, &a) {
		return a.Replies
	}
	var p panicked
	if errors.As(err, &p) {
		return []Reply{SomethingWentWrong(lang(), p.ref)}
	}
	ref := NewRef()
	zerolog.Ctx(ctx).Error().Err(err).Str("ref", ref).Msg("handling failed")
	return []Reply{SomethingWentWrong(lang(), ref)}
}

// SomethingWentWrong is the room's answer to an internal error, in l; the log holds the
// detail under the same reference.
func SomethingWentWrong(l *words.Lang, ref string) Reply {
	return Text(l.Say("bot.wrong", "Ref", ref))
}

// NewRef makes a short random reference that ties a room message to a log line.
func NewRef() string {
	var b [3]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
