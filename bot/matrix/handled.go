package matrix

import (
	"context"
	"strconv"
	"time"

	"maunium.net/go/mautrix/id"
)

// claim records that the event is being handled and reports whether it was new. Recording
// before handling means a crash in between loses one answer rather than giving it twice.
func (t *Transport) claim(ctx context.Context, eventID id.EventID) (bool, error) {
	_, seen, err := t.kv.Get(ctx, handledNamespace, eventID.String())
	if err != nil || seen {
		return false, err
	}
	ms := strconv.FormatInt(t.now().UnixMilli(), 10)
	return true, t.kv.Set(ctx, handledNamespace, eventID.String(), ms)
}

// pruneHandled forgets handled events older than twice the catch-up window (older events are
// skipped by age anyway), at most once a minute.
func (t *Transport) pruneHandled(ctx context.Context) {
	now := t.now()
	t.mu.Lock()
	if now.Sub(t.lastPrune) < time.Minute {
		t.mu.Unlock()
		return
	}
	t.lastPrune = now
	t.mu.Unlock()
	all, err := t.kv.List(ctx, handledNamespace)
	if err != nil {
		t.log.Warn().Err(err).Msg("list handled events")
		return
	}
	cutoff := now.Add(-2 * t.cfg.CatchUp.Duration).UnixMilli()
	for evtID, v := range all {
		if ms, err := strconv.ParseInt(v, 10, 64); err != nil || ms < cutoff {
			if err := t.kv.Delete(ctx, handledNamespace, evtID); err != nil {
				t.log.Warn().Err(err).Msg("forget handled event")
				return
			}
		}
	}
}
