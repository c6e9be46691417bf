package bot

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"time"

	"github.com/rs/zerolog"
)

// Handler answers one incoming message; its return value is what the bot says (usually zero
// or one reply). t is the transport the message came from, so a handler can ask it for an
// optional capability.
type Handler interface {
	Handle(ctx context.Context, t Transport, msg Message) []Reply
}

// PollHandler takes native poll responses (Matrix poll answers count as ballots). A Handler
// that also implements it receives the responses of every transport that is a Poller. It
// answers through the outbox, in the transaction of the change it reports.
type PollHandler interface {
	HandlePoll(ctx context.Context, t Transport, r PollResponse)
}

// PollRecorder learns the ID of a native poll the runtime posted from the outbox, under the
// Reply.PollFor it was queued with. A Handler that implements it is told; an error makes the
// runtime post again (the poll's Ref keeps that from posting twice) and tell again.
type PollRecorder interface {
	PollPosted(ctx context.Context, room Room, pollFor, pollID string) error
}

// HandlerFunc adapts a function to Handler.
type HandlerFunc func(ctx context.Context, t Transport, msg Message) []Reply

// Handle calls f.
func (f HandlerFunc) Handle(ctx context.Context, t Transport, msg Message) []Reply {
	return f(ctx, t, msg)
}

// ErrUndeliverable marks a send that can never succeed however often it is tried (the bot was
// removed from the room, or may not post there). The runtime drops such an item from the
// outbox, with a log line, instead of letting it hold up the room's other replies.
var ErrUndeliverable = errors.New("undeliverable")

// Outbox keeps replies that could not be sent (and notices written by scheduled jobs), so
// they are retried rather than dropped. The store implements it.
type Outbox interface {
	// Put queues a reply for a room.
	Put(ctx context.Context, room Room, reply Reply) error
	// Pending returns up to limit queued replies for a protocol that are due at now.
	Pending(ctx context.Context, protocol Protocol, now time.Time, limit int) ([]Queued, error)
	// Sent removes a delivered reply.
	Sent(ctx context.Context, id int64) error
	// Failed records a failed attempt and when to try again.
	Failed(ctx context.Context, id int64, retryAt time.Time) error
}

// OutboxLine is an Outbox that can tell whether a room still has a message queued. With it,
// Send queues a new reply behind that message instead of sending it first, so a room's
// messages go out in order however they were made; without it, Send sends at once.
type OutboxLine interface {
	Waiting(ctx context.Context, room Room) (bool, error)
}

// Queued is a reply waiting in the outbox.
type Queued struct {
	ID       int64
	Room     Room
	Reply    Reply
	Attempts int
}

// Bot is the runtime: it takes messages from transports, runs the handler with a logger in
// the context, recovers panics, and delivers replies, queueing what could not be sent.
type Bot struct {
	handler    Handler
	outbox     Outbox
	log        zerolog.Logger
	now        func() time.Time
	mu         sync.Mutex
	transports map[Protocol]Transport
	wake       chan struct{}
	// flushMu makes Flush calls take turns, so two never read and send the same item.
	flushMu sync.Mutex
}

// New makes a runtime. now is the injected clock.
func New(handler Handler, outbox Outbox, log zerolog.Logger, now func() time.Time) *Bot {
	return &Bot{
		handler:    handler,
		outbox:     outbox,
		log:        log,
		now:        now,
		transports: map[Protocol]Transport{},
		wake:       make(chan struct{}, 1),
	}
}

// Add registers a transport, and routes its native poll responses (when it is a Poller) through
// the runtime like messages; call before Run.
func (b *Bot) Add(t Transport) {
	b.mu.Lock()
	b.transports[t.Protocol()] = t
	b.mu.Unlock()
	if p, ok := t.(Poller); ok {
		if _, handles := b.handler.(PollHandler); handles {
			p.OnPollResponse(func(ctx context.Context, r PollResponse) { b.DeliverPoll(ctx, t, r) })
		}
	}
}

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

// Run runs every transport and the outbox until ctx is done. A transport that stops by itself
// (a network that failed for good: refused credentials, a removed account) stops the whole
// run with its error, logged at error level, even while another network is fine: a half-up
// bot that looks alive is worse than an exit the service manager restarts and reports.
func (b *Bot) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ts := b.Transports()
	errc := make(chan error, len(ts))
	var wg sync.WaitGroup
	for _, t := range ts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := t.Run(ctx, func(ctx context.Context, msg Message) { b.Deliver(ctx, t, msg) })
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
	go b.flushLoop(ctx)
	wg.Wait()
	close(errc)
	return <-errc
}

// handleTimeout bounds one message's handling once it has begun.
const handleTimeout = 30 * time.Second

// Deliver handles one incoming message from t: the entry point transports call. A shutdown
// does not cut a command short: once begun, its handling and reply finish (within
// handleTimeout) before the transport's Run returns.
func (b *Bot) Deliver(ctx context.Context, t Transport, msg Message) {
	b.handle(ctx, msg.Room, msg.Sender, msg.ID, func(ctx context.Context) []Reply {
		return b.handler.Handle(ctx, t, msg)
	})
}

// DeliverPoll handles one answer to a native poll, on the same road as a message: bounded in
// time, a panic recovered and answered with a reference.
func (b *Bot) DeliverPoll(ctx context.Context, t Transport, r PollResponse) {
	ph, ok := b.handler.(PollHandler)
	if !ok {
		return
	}
	b.handle(ctx, r.Room, r.Sender, "", func(ctx context.Context) []Reply {
		ph.HandlePoll(ctx, t, r)
		return nil
	})
}

// handle runs one event's handling with the room's logger in the context, a time bound and
// panic recovery, then sends what it answered.
func (b *Bot) handle(ctx context.Context, room Room, sender Member, replyTo string, run func(context.Context) []Reply) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), handleTimeout)
	defer cancel()
	log := b.log.With().
		Str("protocol", string(room.Protocol)).
		Str("room", room.ID).
		Str("sender", sender.ID).
		Logger()
	ctx = log.WithContext(ctx)
	for _, r := range safeRun(ctx, run) {
		if r.InReplyTo == "" && !r.Notice && r.To == "" {
			r.InReplyTo = replyTo
		}
		b.Send(ctx, room, r)
	}
	// The handling may have queued its reply (a command that changed something answers
	// through the outbox, as durable as its change) or effects (a poll to end): deliver now.
	b.Flush(ctx)
}

// safeRun runs a handler, turning a panic into an apology with a reference that the log
// explains.
func safeRun(ctx context.Context, run func(context.Context) []Reply) (replies []Reply) {
	defer func() {
		if p := recover(); p != nil {
			ref := NewRef()
			zerolog.Ctx(ctx).Error().Str("ref", ref).Interface("panic", p).
				Str("stack", string(debug.Stack())).Msg("handler panicked")
			replies = []Reply{SomethingWentWrong(ref)}
		}
	}()
	return run(ctx)
}

// SomethingWentWrong is the room's answer to an internal error; the log holds the detail
// under the same reference.
func SomethingWentWrong(ref string) Reply {
	return Text(fmt.Sprintf("Something went wrong (ref %s). The bot's log has the details.", ref))
}

// NewRef makes a short random reference that ties a room message to a log line.
func NewRef() string {
	var b [3]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Send posts a reply now; when that fails it is queued in the outbox and retried. While an
// earlier message of the room is still in the outbox, the reply queues behind it instead.
func (b *Bot) Send(ctx context.Context, room Room, r Reply) {
	t := b.Transport(room.Protocol)
	if t != nil && !b.behindQueued(ctx, room) {
		err := deliver(ctx, t, room, r)
		if err == nil {
			return
		}
		if errors.Is(err, ErrUndeliverable) {
			zerolog.Ctx(ctx).Error().Err(err).Str("room", room.ID).Msg("reply can never be delivered; not queued")
			return
		}
		zerolog.Ctx(ctx).Warn().Err(err).Str("room", room.ID).Msg("send failed; queued for retry")
	}
	if b.outbox == nil {
		return
	}
	if err := b.outbox.Put(context.WithoutCancel(ctx), room, r); err != nil {
		zerolog.Ctx(ctx).Error().Err(err).Str("room", room.ID).Msg("could not queue reply")
		return
	}
	b.Wake()
}

// behindQueued reports whether the room has a message in the outbox that a reply sent now
// would overtake. When the outbox cannot tell, the reply queues: late is better than out of
// order.
func (b *Bot) behindQueued(ctx context.Context, room Room) bool {
	line, ok := b.outbox.(OutboxLine)
	if !ok {
		return false
	}
	waiting, err := line.Waiting(ctx, room)
	if err != nil {
		zerolog.Ctx(ctx).Error().Err(err).Str("room", room.ID).Msg("read outbox; the reply queues")
		return true
	}
	return waiting
}

// Wake asks the outbox loop to look for queued replies now (after a scheduled job wrote some).
func (b *Bot) Wake() {
	select {
	case b.wake <- struct{}{}:
	default:
	}
}

// flushLoop delivers queued replies: when woken, and every few seconds for retries.
func (b *Bot) flushLoop(ctx context.Context) {
	tick := time.NewTicker(5 * time.Second)
	defer tick.Stop()
	for {
		b.Flush(ctx)
		select {
		case <-ctx.Done():
			return
		case <-b.wake:
		case <-tick.C:
		}
	}
}

// flushBatch is how many queued items Flush reads at a time.
const flushBatch = 100

// Flush tries once to deliver every due queued reply, batch after batch, until the outbox has
// nothing due or a send fails. Backoff doubles per attempt up to a minute, so a homeserver
// that is down is not hammered. A room's messages go out in order: the outbox holds back
// every item of a room whose older message waits for a retry.
func (b *Bot) Flush(ctx context.Context) {
	if b.outbox == nil {
		return
	}
	b.flushMu.Lock()
	defer b.flushMu.Unlock()
	for _, t := range b.Transports() {
		var last int64
		for more := true; more && ctx.Err() == nil; {
			last, more = b.flushBatch(ctx, t, last)
		}
	}
}

// flushBatch delivers one batch of a transport's due items, those after the item last (the
// previous batch's last); more is true when the batch was full and went out, so another may
// follow. It is false when a send failed (the network is likely down: the rest waits for the
// next flush), the outbox could not be read, or the batch began at or before last: an item
// that stayed (its record failed) waits for the next flush rather than loop here.
func (b *Bot) flushBatch(ctx context.Context, t Transport, last int64) (int64, bool) {
	items, err := b.outbox.Pending(ctx, t.Protocol(), b.now(), flushBatch)
	if err != nil {
		b.log.Error().Err(err).Msg("read outbox")
		return last, false
	}
	if len(items) == 0 || items[0].ID <= last {
		return last, false
	}
	for _, q := range items {
		if q.Reply.Poll != nil {
			// Posting a poll is not in line with the messages either.
			b.postPoll(ctx, t, q)
			continue
		}
		if err := deliver(ctx, t, q.Room, q.Reply); err != nil {
			if errors.Is(err, ErrUndeliverable) {
				b.log.Error().Err(err).Str("room", q.Room.ID).Int64("id", q.ID).Msg("dropped a reply that can never be delivered")
				_ = b.outbox.Sent(ctx, q.ID)
				continue
			}
			if q.Reply.EndsPoll != "" {
				// Ending a poll is not in line with the messages: it never holds them
				// up, and one the network keeps refusing is given up after a while.
				b.pollFailed(ctx, q, err)
				continue
			}
			if q.Attempts+1 >= maxSendAttempts {
				b.log.Error().Err(err).Str("room", q.Room.ID).Int64("id", q.ID).Int("attempts", q.Attempts+1).
					Msg("gave up a reply that could not be sent for a day")
				_ = b.outbox.Sent(context.WithoutCancel(ctx), q.ID)
				continue
			}
			wait := min(time.Second<<min(q.Attempts, 6), time.Minute)
			_ = b.outbox.Failed(ctx, q.ID, b.now().Add(wait))
			return q.ID, false // the transport is likely down; keep order and try later
		}
		// Delivered: a stop now must not cancel the record of it, or the next start
		// sends it again.
		if err := b.outbox.Sent(context.WithoutCancel(ctx), q.ID); err != nil {
			b.log.Error().Err(err).Int64("id", q.ID).Msg("mark outbox item sent")
			return q.ID, false // read again, it would be sent twice
		}
	}
	return items[len(items)-1].ID, len(items) == flushBatch
}

// deliver performs one outgoing item on a transport: a reply is sent (privately when it has
// To); a reply that ends a native poll ends it, with the reply's text as the result, where the
// transport has polls.
func deliver(ctx context.Context, t Transport, room Room, r Reply) error {
	if r.Poll != nil {
		return fmt.Errorf("a poll is posted only from the outbox, where its ID can be recorded: %w", ErrUndeliverable)
	}
	if r.To != "" {
		p, ok := t.(PrivateSender)
		if !ok {
			return fmt.Errorf("%s cannot reach a member privately: %w", t.Protocol(), ErrUndeliverable)
		}
		r.Doc = r.Doc.Cap(MaxReplyBytes)
		return p.SendPrivate(ctx, room, r.To, r)
	}
	if r.EndsPoll == "" {
		r.Doc = r.Doc.Cap(MaxReplyBytes)
		return t.Send(ctx, room, r)
	}
	p, ok := t.(Poller)
	if !ok {
		return nil // nothing to end on a network without polls
	}
	return p.EndPoll(ctx, room, r.EndsPoll, r.Text())
}

// maxSendAttempts bounds the tries of one queued reply: with backoff capped at a minute, about
// a day. A network down longer than that loses its oldest replies, one at a time, with a log
// line each, rather than keeping an outbox that can never drain.
const maxSendAttempts = 24 * 60

// maxPollAttempts bounds the tries to post or end a native poll (about an hour with
// backoff): the vote stands without it, by command.
const maxPollAttempts = 60

// postPoll posts a queued native poll where the transport has polls and tells the handler
// its ID. The poll's Ref makes a retry after a lost answer post nothing twice where the
// transport can tell (a Matrix transaction ID).
func (b *Bot) postPoll(ctx context.Context, t Transport, q Queued) {
	p, ok := t.(Poller)
	if !ok {
		_ = b.outbox.Sent(context.WithoutCancel(ctx), q.ID) // nothing to post on a network without polls
		return
	}
	id, err := p.SendPoll(ctx, q.Room, *q.Reply.Poll)
	if err == nil {
		if rec, ok := b.handler.(PollRecorder); ok {
			// Not cut short by a stop: the poll is out, and a retry would post it again
			// wherever the network has forgotten its Ref.
			err = rec.PollPosted(context.WithoutCancel(ctx), q.Room, q.Reply.PollFor, id)
		}
	}
	if err != nil {
		b.pollFailed(ctx, q, err)
		return
	}
	if err := b.outbox.Sent(context.WithoutCancel(ctx), q.ID); err != nil {
		b.log.Error().Err(err).Int64("id", q.ID).Msg("mark outbox item sent")
	}
}

// pollFailed schedules another try to post or end a native poll, or gives it up.
func (b *Bot) pollFailed(ctx context.Context, q Queued, err error) {
	if errors.Is(err, ErrUndeliverable) || q.Attempts+1 >= maxPollAttempts {
		b.log.Error().Err(err).Str("room", q.Room.ID).Str("poll", q.Reply.EndsPoll).Str("for", q.Reply.PollFor).
			Msg("giving up a native poll's post, record or end (the vote stands, by command)")
		_ = b.outbox.Sent(ctx, q.ID)
		return
	}
	_ = b.outbox.Failed(ctx, q.ID, b.now().Add(min(time.Second<<min(q.Attempts, 6), time.Minute)))
}
