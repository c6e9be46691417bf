package bot

import "sync"

// RoomQueue runs jobs one room at a time, in arrival order, with rooms in parallel: the core
// never sees two events of one room at once, and one slow room does not hold up the others.
// The runtime keeps one per network (the inbox), so waiting for a network's events to be
// handled never waits for another's.
type RoomQueue struct {
	limit   int // jobs waiting per room; 0 is unbounded
	mu      sync.Mutex
	idle    *sync.Cond
	pending int
	stopped bool
	rooms   map[string][]func()
}

// NewRoomQueue makes a queue that holds at most limit waiting jobs per room (0: no limit).
func NewRoomQueue(limit int) *RoomQueue {
	q := &RoomQueue{limit: limit, rooms: map[string][]func(){}}
	q.idle = sync.NewCond(&q.mu)
	return q
}

// Push queues job for a room and starts the room's worker when it has none. It returns false,
// and drops the job, when the room already has limit jobs waiting (a flood) or the queue is
// stopped.
func (q *RoomQueue) Push(room string, job func()) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	jobs, running := q.rooms[room]
	if q.stopped || (q.limit > 0 && len(jobs) >= q.limit) {
		return false
	}
	q.pending++
	q.rooms[room] = append(jobs, job)
	if !running {
		go q.work(room)
	}
	return true
}

// work drains one room's queue; the room's entry disappears when it is empty, which is how
// Push knows to start a new worker.
func (q *RoomQueue) work(room string) {
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

// Wait blocks until every queued job has run.
func (q *RoomQueue) Wait() {
	q.mu.Lock()
	defer q.mu.Unlock()
	for q.pending > 0 {
		q.idle.Wait()
	}
}

// Stop refuses new jobs and waits for the queued ones.
func (q *RoomQueue) Stop() {
	q.mu.Lock()
	q.stopped = true
	q.mu.Unlock()
	q.Wait()
}
