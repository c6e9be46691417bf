package matrix

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"folkmoot/bot"
)

// syncFilter keeps /sync small: no presence, typing or receipts, which a bot never reads.
var syncFilter = mautrix.Filter{
	Presence: &mautrix.FilterPart{NotTypes: []event.Type{{Type: "*"}}},
	Room: &mautrix.RoomFilter{
		Timeline:  &mautrix.FilterPart{Limit: 50},
		Ephemeral: &mautrix.FilterPart{NotTypes: []event.Type{{Type: "*"}}},
	},
}

// syncer is mautrix's DefaultSyncer with three changes: it drops history the bot must not act
// on, it waits until the batch's messages are handled before committing the sync token, and
// it backs off on failures the way we want.
type syncer struct {
	*mautrix.DefaultSyncer
	t *Transport

	mu      sync.Mutex
	staged  string
	since   string              // the token this batch was asked for: it names the batch
	history map[id.EventID]bool // this batch's state events from before the bot joined
}

func newSyncer(t *Transport) *syncer {
	ds := mautrix.NewDefaultSyncer()
	f := syncFilter
	ds.FilterJSON = &f
	return &syncer{DefaultSyncer: ds, t: t}
}

func (s *syncer) stage(token string) {
	s.mu.Lock()
	s.staged = token
	s.mu.Unlock()
}

// ProcessResponse handles one /sync batch. The token is committed after the batch's room
// jobs are done, even when a listener panicked, so a poisonous batch is not retried forever.
func (s *syncer) ProcessResponse(ctx context.Context, res *mautrix.RespSync, since string) error {
	t := s.t
	if !t.mayActNow() {
		// A standby may hold the lease now: the batch is left, token and all, to the process
		// that does, which asks for it again.
		return errNotActive
	}
	t.conn.up()
	history := map[id.EventID]bool{}
	dropped := dropHistory(res, t.userID, since == "", history)
	s.mu.Lock()
	s.history, s.since = history, since
	s.mu.Unlock()
	if dropped > 0 {
		t.log.Info().Int("events", dropped).Bool("initial_sync", since == "").
			Msg("ignored room history from before the bot joined")
	}
	err := s.DefaultSyncer.ProcessResponse(ctx, res, since)
	t.inbox().Settle() // the token moves on only once every event of the batch is handled
	if ctx.Err() != nil {
		// Shutting down mid-batch: some events may have failed (decryption, sending) only
		// because of that. Keep the old token; the next start replays the batch and the
		// runtime's ledger skips what was done.
		return errors.Join(err, ctx.Err())
	}
	s.mu.Lock()
	token := s.staged
	s.mu.Unlock()
	if cerr := t.cli.Store.(*kvSyncStore).commitToken(ctx, token); cerr != nil {
		return errors.Join(err, fmt.Errorf("commit sync token: %w", cerr))
	}
	return err
}

// errNotActive refuses a sync batch while this process may not act.
var errNotActive = errors.New("matrix: this process may have lost its lease; the sync batch is left to the active one")

// ActWhile implements bot.Fenced: sync batches are processed only while mayAct holds. Call
// before Run.
func (t *Transport) ActWhile(mayAct func() bool) { t.mayAct = mayAct }

// mayActNow reports whether this process may process a sync batch now.
func (t *Transport) mayActNow() bool { return t.mayAct == nil || t.mayAct() }

// OnFailedSync decides how long to wait after a failed /sync: the server's retry_after for
// M_LIMIT_EXCEEDED, else exponential backoff. A lost token ends the loop so Run can log in.
func (s *syncer) OnFailedSync(_ *mautrix.RespSync, err error) (time.Duration, error) {
	if errors.Is(err, mautrix.MUnknownToken) || errors.Is(err, mautrix.MMissingToken) {
		return 0, err
	}
	return s.t.conn.down(err), nil
}

// batch names the batch being processed: the token it was asked for, the same when a batch
// whose token was not committed is asked for again.
func (s *syncer) batch() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.since
}

// isHistory reports whether a state event of the current batch predates the bot's join (an
// old kick seen again after rejoining must not count).
func (s *syncer) isHistory(evtID id.EventID) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.history[evtID]
}

// dropHistory removes timeline events that the bot must never act on: in a room the bot has
// just joined, everything before its own join; and on the very first sync of a fresh device,
// all timeline messages (we cannot know which of them an earlier device already answered).
// State events stay, so the state store and crypto still learn the room; their IDs go into
// history. It returns how many events it dropped.
func dropHistory(res *mautrix.RespSync, me id.UserID, initial bool, history map[id.EventID]bool) int {
	dropped := 0
	for _, room := range res.Rooms.Join {
		evts := room.Timeline.Events
		cut := 0
		if initial {
			cut = len(evts)
		} else {
			for i, evt := range evts {
				if isOwnJoin(evt, me) {
					cut = i
				}
			}
		}
		if cut == 0 {
			continue
		}
		kept := evts[:0:0]
		for i, evt := range evts {
			if i < cut && evt.StateKey == nil {
				dropped++
				continue
			}
			if i < cut {
				history[evt.ID] = true
			}
			kept = append(kept, evt)
		}
		room.Timeline.Events = kept
	}
	return dropped
}

// isOwnJoin reports whether evt is the bot joining (not a profile change while joined).
func isOwnJoin(evt *event.Event, me id.UserID) bool {
	if evt.Type.Type != event.StateMember.Type || evt.StateKey == nil || *evt.StateKey != me.String() {
		return false
	}
	if membership(evt.Content.Raw) != event.MembershipJoin {
		return false
	}
	prev := evt.Unsigned.PrevContent
	return prev == nil || membership(prev.Raw) != event.MembershipJoin
}

// membership reads "membership" from raw content without relying on parsing having run
// (dropHistory runs before mautrix parses the batch).
func membership(raw map[string]any) event.Membership {
	m, _ := raw["membership"].(string)
	return event.Membership(m)
}

// Run logs in, then syncs until ctx is done. Network failures are retried with backoff
// (1 s doubling to 60 s) and logged once per change of state; only failures a retry cannot
// fix (wrong password, revoked access token) end it with an error.
func (t *Transport) Run(ctx context.Context, in bot.Inbox) error {
	t.mu.Lock()
	t.in = in
	t.runCtx = t.log.WithContext(ctx)
	t.mu.Unlock()
	ctx = t.runCtx
	defer in.Drain()
	for ctx.Err() == nil {
		if !t.ready.Load() {
			if err := t.connect(ctx); err != nil {
				if errors.Is(err, errPermanent) || ctx.Err() != nil {
					return ignoreCancel(ctx, err)
				}
				if !sleep(ctx, t.conn.down(err)) {
					return nil
				}
				continue
			}
		}
		err := t.cli.SyncWithContext(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if errors.Is(err, mautrix.MUnknownToken) || errors.Is(err, mautrix.MMissingToken) {
			if t.cfg.Password == "" {
				return fmt.Errorf("%w: the homeserver no longer accepts the access token: %w", errPermanent, err)
			}
			t.log.Warn().Err(err).Msg("the homeserver forgot our login; logging in again")
			if err := t.login(ctx); err != nil {
				if errors.Is(err, errPermanent) {
					return err
				}
				if !sleep(ctx, t.conn.down(err)) {
					return nil
				}
			}
			continue
		}
		// SyncWithContext returns (instead of retrying) when it cannot load or create the
		// filter, e.g. while the homeserver is down at start-up.
		if !sleep(ctx, t.conn.down(err)) {
			return nil
		}
	}
	return nil
}

func ignoreCancel(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return nil
	}
	return err
}

// sleep waits d or until ctx is done; it reports whether to carry on.
func sleep(ctx context.Context, d time.Duration) bool {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-timer.C:
		return true
	}
}
