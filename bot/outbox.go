package bot

// The outbox worker: the only sender. Every reply, notice, file, reaction and poll leaves
// through it, in the order its room's items were committed, with retries.

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// Wake asks the outbox worker to look for queued replies now: every commit that queued some
// calls it (an event's, a scheduled job's), so nothing waits for a polling interval.
func (b *Bot) Wake() {
	select {
	case b.wake <- struct{}{}:
	default:
	}
}

// idleWait is how long the outbox worker sleeps when nothing waits for a retry; commits wake
// it sooner.
const idleWait = time.Hour

// flushLoop is the outbox worker, the only sender: it delivers queued replies when a commit
// wakes it, and when the earliest retry falls due.
func (b *Bot) flushLoop(ctx context.Context) {
	var drains []chan struct{}
	for {
		b.Flush(ctx)
		b.prune(ctx)
		for _, d := range drains {
			close(d)
		}
		drains = nil
		timer := time.NewTimer(b.untilRetry(ctx))
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case <-b.wake:
		case d := <-b.drains:
			drains = append(drains, d)
		case <-timer.C:
		}
		timer.Stop()
	}
}

// untilRetry is how long until the earliest queued reply that waits for a retry is due.
func (b *Bot) untilRetry(ctx context.Context) time.Duration {
	wait, now := idleWait, b.now()
	for _, t := range b.Transports() {
		at, ok, err := b.journal.NextRetry(ctx, t.Protocol(), now)
		switch {
		case err != nil:
			b.log.Error().Err(err).Msg("read outbox retries")
			wait = min(wait, time.Minute)
		case ok:
			wait = min(wait, max(at.Sub(now), 0))
		}
	}
	return wait
}

// flushBatch is how many queued items Flush reads at a time.
const flushBatch = 100

// Flush tries once to deliver every due queued reply, batch after batch, until the outbox has
// nothing due or a send fails. Backoff doubles per attempt up to a minute, so a homeserver
// that is down is not hammered. A room's messages go out in order: the outbox holds back
// every item of a room whose older message waits for a retry.
func (b *Bot) Flush(ctx context.Context) {
	b.flushMu.Lock()
	defer b.flushMu.Unlock()
	// Each network's items go out side by side: one network that is slow to confirm (a room
	// that does not echo, a homeserver that rate-limits) holds up only its own rooms.
	networks := b.Transports()
	inParallel(networks, len(networks), func(t Transport) {
		var last int64
		for more := true; more && ctx.Err() == nil; {
			last, more = b.flushBatch(ctx, t, last)
		}
	})
}

// inParallel calls do for each of items, at most atOnce at a time, and returns when all
// have returned. A lone item, or one at a time, runs in the caller's goroutine: every
// goroutine started wakes another thread, which cost more than the flush's own work when
// the outbox is flushed after every event.
func inParallel[T any](items []T, atOnce int, do func(T)) {
	if len(items) == 1 || atOnce <= 1 {
		for _, item := range items {
			do(item)
		}
		return
	}
	slots := make(chan struct{}, atOnce)
	var wg sync.WaitGroup
	for _, item := range items {
		slots <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-slots; wg.Done() }()
			do(item)
		}()
	}
	wg.Wait()
}

// flushBatch delivers one batch of a transport's due items, those after the item last (the
// previous batch's last); more is true when the batch was full and went out, so another may
// follow. It is false when sends to several rooms failed (the network is likely down: the
// rest waits for the next flush), the outbox could not be read, or the batch began at or
// before last: an item that stayed (its record failed) waits for the next flush rather than
// loop here. The batch's rooms go out side by side where the transport can (ParallelSender),
// each room's items in order: a burst across many rooms then takes the time of its slowest
// room rather than the sum of all.
func (b *Bot) flushBatch(ctx context.Context, t Transport, last int64) (int64, bool) {
	if !b.maySend() {
		return last, false
	}
	items, err := b.journal.Pending(ctx, t.Protocol(), b.now(), flushBatch)
	if err != nil {
		b.log.Error().Err(err).Msg("read outbox")
		return last, false
	}
	if len(items) == 0 || items[0].ID <= last {
		return last, false
	}
	f := &flushing{}
	atOnce := 1
	if p, ok := t.(ParallelSender); ok {
		atOnce = p.RoomsAtOnce()
	}
	inParallel(byRoom(items), atOnce, func(room []Queued) { b.flushRoom(ctx, t, room, f) })
	if f.stop.Load() {
		return last, false
	}
	return items[len(items)-1].ID, len(items) == flushBatch || f.told.Load()
}

// flushing is what the rooms of one batch, sent side by side, share.
type flushing struct {
	failing atomic.Int32 // rooms whose send failed in this batch
	told    atomic.Bool  // a notice was queued: another batch follows for it
	stop    atomic.Bool  // the lease is lost, the network is likely down, or a record failed
}

// roomFailed counts a room whose send failed; once failingRooms have, the network itself is
// taken to be down and the batch stops.
func (f *flushing) roomFailed() {
	if f.failing.Add(1) >= failingRooms {
		f.stop.Store(true)
	}
}

// byRoom splits a batch into its rooms' items, each room's in the outbox's order, the rooms
// in the order of their first item.
func byRoom(items []Queued) [][]Queued {
	at := map[Room]int{}
	var rooms [][]Queued
	for _, q := range items {
		i, ok := at[q.Room]
		if !ok {
			i = len(rooms)
			at[q.Room] = i
			rooms = append(rooms, nil)
		}
		rooms[i] = append(rooms[i], q)
	}
	return rooms
}

// flushRoom delivers one room's items of a batch in order. A failed send holds back the
// room's later items, in order, while other rooms go on (a council on a server that is down
// holds up only itself).
func (b *Bot) flushRoom(ctx context.Context, t Transport, items []Queued, f *flushing) {
	for _, q := range items {
		if f.stop.Load() || ctx.Err() != nil {
			return
		}
		if !b.maySend() {
			b.log.Warn().Int64("id", q.ID).Msg("not sending: this process may no longer hold the lease")
			f.stop.Store(true)
			return
		}
		if q.Reply.Poll != nil {
			// Posting a poll is not in line with the messages either.
			b.postPoll(ctx, t, q)
			continue
		}
		if err := deliver(ctx, t, q.Room, q.Reply); err != nil {
			if errors.Is(err, ErrUndeliverable) {
				b.log.Error().Err(err).Str("room", q.Room.ID).Int64("id", q.ID).Msg("dropped a reply that can never be delivered")
				if b.unposted(ctx, q) {
					f.told.Store(true)
				}
				_ = b.sent(ctx, q.ID)
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
				_ = b.sent(context.WithoutCancel(ctx), q.ID)
				continue
			}
			wait := min(time.Second<<min(q.Attempts, 6), time.Minute)
			_ = b.failed(ctx, q.ID, b.now().Add(wait))
			f.roomFailed()
			return
		}
		// Delivered: a stop now must not cancel the record of it, or the next start
		// sends it again.
		if err := b.sent(context.WithoutCancel(ctx), q.ID); err != nil {
			b.log.Error().Err(err).Int64("id", q.ID).Msg("mark outbox item sent")
			f.stop.Store(true) // read again, it would be sent twice
			return
		}
	}
}

// unposted queues what a file item says when it can never be posted, and reports whether
// it queued something.
func (b *Bot) unposted(ctx context.Context, q Queued) bool {
	if q.Reply.File == nil || q.Reply.File.Unposted == "" {
		return false
	}
	notice := Text(q.Reply.File.Unposted)
	notice.Notice = true
	err := b.inTx(ctx, func(tx *sql.Tx) error { return b.journal.Queue(ctx, tx, q.Room, notice) })
	if err != nil {
		b.log.Error().Err(err).Str("room", q.Room.ID).Msg("queue the notice of a file not posted")
		return false
	}
	b.Wake()
	return true
}

// deliver performs one outgoing item on a transport: a reply is sent (privately when it has
// To); a file is posted, a reaction put and an invitation answered where the transport can; a reply that ends a
// native poll ends it, with the reply's text as the result, where the transport has polls.
func deliver(ctx context.Context, t Transport, room Room, r Reply) error {
	switch {
	case r.Poll != nil:
		return fmt.Errorf("a poll is posted only from the outbox, where its ID can be recorded: %w", ErrUndeliverable)
	case r.File != nil && r.To != "":
		return postPrivateFile(ctx, t, room, r.To, *r.File)
	case r.File != nil:
		return postFile(ctx, t, room, *r.File)
	case r.React != "":
		if re, ok := t.(Reactor); ok {
			return re.React(ctx, room, r.InReplyTo, r.React)
		}
		return nil
	case r.Join != nil:
		if j, ok := t.(Joiner); ok {
			return j.AnswerInvitation(ctx, room, *r.Join)
		}
		return nil
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

// postPrivateFile gives a file to one member alone where the transport can; elsewhere it is
// never posted in the room.
func postPrivateFile(ctx context.Context, t Transport, room Room, to string, f FileRef) error {
	up, ok := t.(PrivateUploader)
	if !ok {
		return fmt.Errorf("%s cannot give a member a file privately: %w", t.Protocol(), ErrUndeliverable)
	}
	return up.UploadPrivate(ctx, room, to, File{Name: f.Name, MIMEType: f.MIMEType, Content: bytes.NewReader(f.Content), Size: int64(len(f.Content)), Caption: f.Caption})
}

// postFile posts a file from disk where the transport can; a file that is gone can never be.
func postFile(ctx context.Context, t Transport, room Room, f FileRef) error {
	up, ok := t.(Uploader)
	if !ok {
		return nil // the words beside it say where the file is
	}
	if f.Content != nil {
		_, err := up.Upload(ctx, room, File{Name: f.Name, MIMEType: f.MIMEType, Content: bytes.NewReader(f.Content), Size: int64(len(f.Content)), Caption: f.Caption})
		return err
	}
	file, err := os.Open(f.Path)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrUndeliverable, err)
	}
	defer file.Close()
	st, err := file.Stat()
	if err != nil {
		return fmt.Errorf("%w: %w", ErrUndeliverable, err)
	}
	_, err = up.Upload(ctx, room, File{Name: f.Name, MIMEType: f.MIMEType, Content: file, Size: st.Size(), Caption: f.Caption})
	return err
}

// failingRooms is how many rooms' sends may fail in one batch before the network itself is
// taken to be down and the batch stops: one unreachable room must not hold up the others, and
// a network that is down must not cost a failed send per room at every flush.
const failingRooms = 3

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
		_ = b.sent(context.WithoutCancel(ctx), q.ID) // nothing to post on a network without polls
		return
	}
	id, err := p.SendPoll(ctx, q.Room, *q.Reply.Poll)
	if err == nil {
		if rec, ok := b.handler.(PollRecorder); ok {
			// Not cut short by a stop: the poll is out, and a retry would post it again
			// wherever the network has forgotten its Ref.
			b.writing.Lock() // the recorder writes, in its turn
			err = rec.PollPosted(context.WithoutCancel(ctx), q.Room, q.Reply.PollFor, id)
			b.writing.Unlock()
		}
	}
	if err != nil {
		b.pollFailed(ctx, q, err)
		return
	}
	b.Wake() // recording the poll may have queued its end (the vote closed meanwhile)
	if err := b.sent(context.WithoutCancel(ctx), q.ID); err != nil {
		b.log.Error().Err(err).Int64("id", q.ID).Msg("mark outbox item sent")
	}
}

// pollFailed schedules another try to post or end a native poll, or gives it up.
func (b *Bot) pollFailed(ctx context.Context, q Queued, err error) {
	if errors.Is(err, ErrUndeliverable) || q.Attempts+1 >= maxPollAttempts {
		b.log.Error().Err(err).Str("room", q.Room.ID).Str("poll", q.Reply.EndsPoll).Str("for", q.Reply.PollFor).
			Msg("giving up a native poll's post, record or end (the vote stands, by command)")
		_ = b.sent(ctx, q.ID)
		return
	}
	_ = b.failed(ctx, q.ID, b.now().Add(min(time.Second<<min(q.Attempts, 6), time.Minute)))
}

// sent records a delivered item, in its turn with the other writers.
func (b *Bot) sent(ctx context.Context, id int64) error {
	b.writing.Lock()
	defer b.writing.Unlock()
	return b.journal.Sent(ctx, id)
}

// failed records a failed attempt and when to try again, in its turn.
func (b *Bot) failed(ctx context.Context, id int64, retryAt time.Time) error {
	b.writing.Lock()
	defer b.writing.Unlock()
	return b.journal.Failed(ctx, id, retryAt)
}
