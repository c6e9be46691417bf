package matrix

import (
	"context"
	"strconv"
	"sync"
	"time"

	"maunium.net/go/mautrix/id"
)

// roomQueues runs jobs one room at a time, in arrival order, with rooms in parallel: the core
// must never see two messages of one room at once, and one slow room must not hold up others.
type roomQueues struct {
	mu      sync.Mutex
	idle    *sync.Cond
	pending int
	rooms   map[id.RoomID][]func()
}

func newRoomQueues() *roomQueues {
	q := &roomQueues{rooms: map[id.RoomID][]func(){}}
	q.idle = sync.NewCond(&q.mu)
	return q
}

// push queues job for room and starts the room's worker when it has none.
func (q *roomQueues) push(room id.RoomID, job func()) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.pending++
	jobs, running := q.rooms[room]
	q.rooms[room] = append(jobs, job)
	if !running {
		go q.work(room)
	}
}

// work drains one room's queue; the room's entry disappears when it is empty, which is how
// push knows to start a new worker.
func (q *roomQueues) work(room id.RoomID) {
	for {
		q.mu.Lock()
		jobs := q.rooms[room]
		if len(jobs) == 0 {
			delete(q.rooms, room)
			q.mu.Unlock()
			return
		}
		job := jobs[0]
		q.rooms[room] = jobs[1:]
		q.mu.Unlock()

		job()

		q.mu.Lock()
		q.pending--
		if q.pending == 0 {
			q.idle.Broadcast()
		}
		q.mu.Unlock()
	}
}

// wait blocks until every queued job has run.
func (q *roomQueues) wait() {
	q.mu.Lock()
	defer q.mu.Unlock()
	for q.pending > 0 {
		q.idle.Wait()
	}
}

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
