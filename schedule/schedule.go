// Package schedule is folkmoot's persistent scheduler. The database is the source of truth
// for every future event (vote closings, speaker turns, reminders, rotations, mandate ends);
// an in-memory timer only wakes the loop for the earliest one.
//
// Exactly once: a job is fired inside one database transaction that first claims it with a
// conditional UPDATE (pending -> done), then runs its handler, which writes its effects and
// its notices (to the outbox) through the same transaction. Two loops racing for a job cannot
// both claim it, and a crash before the commit leaves the job pending with no effect written,
// so it fires once after the restart.
package schedule

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/rs/zerolog"

	"folkmoot/bot"
	"folkmoot/store"
	"folkmoot/timeparse"
)

// Job is one scheduled event.
type Job struct {
	ID      int64
	Room    bot.Room
	Kind    string // selects the handler
	Ref     string // the domain object it belongs to, for cancelling (a vote id ...)
	Title   string // what people call it, used when reporting a missed job
	Payload string
	Due     time.Time
	// Spec is a recurrence in timeparse's canonical form; empty for a one-shot job.
	Spec     string
	Timezone string
	// Late is how far past its due time the job fires (set when firing).
	Late time.Duration
}

// Handler fires one job. Everything it changes goes through tx, notices included
// (store.PutReply), so the job and its effects commit together or not at all.
type Handler func(ctx context.Context, tx *sql.Tx, job Job) error

// Kind configures how a kind of job is fired.
type Kind struct {
	Handle Handler
	// AlwaysFire kinds fire however late they are (a vote must close even after a long
	// outage, with a note saying so); other kinds older than the grace window are missed.
	AlwaysFire bool
}

// Scheduler fires due jobs from the database.
type Scheduler struct {
	db    *store.DB
	now   func() time.Time
	grace time.Duration
	log   zerolog.Logger
	// fired is called after jobs committed, so the runtime can flush their notices.
	fired func()

	mu    sync.Mutex
	kinds map[string]Kind
	wake  chan struct{}
}

// New makes a scheduler on db. now is the injected clock; grace is how late a job may fire
// after an outage before it counts as missed.
func New(db *store.DB, now func() time.Time, grace time.Duration, log zerolog.Logger) *Scheduler {
	return &Scheduler{db: db, now: now, grace: grace, log: log, kinds: map[string]Kind{}, wake: make(chan struct{}, 1)}
}

// OnFired sets a function called after one or more jobs have committed.
func (s *Scheduler) OnFired(f func()) { s.fired = f }

// Register declares the handler of a kind of job. Registering a kind twice is a programming
// error and panics at start-up.
func (s *Scheduler) Register(kind string, k Kind) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, dup := s.kinds[kind]; dup {
		panic("schedule: kind registered twice: " + kind)
	}
	s.kinds[kind] = k
}

const (
	jobInsert = `INSERT INTO jobs (room, kind, ref, title, payload, due_at, spec, timezone) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
	jobCancel = `UPDATE jobs SET state = 'cancelled' WHERE room = ? AND kind = ? AND ref = ? AND state = 'pending'`
	jobNext   = `SELECT MIN(due_at) FROM jobs WHERE state = 'pending'`
	jobsDue   = `SELECT id, room, kind, ref, title, payload, due_at, spec, timezone FROM jobs
		WHERE state = 'pending' AND due_at <= ? ORDER BY due_at, id LIMIT ?`
	jobClaim    = `UPDATE jobs SET state = ?, fired_at = ? WHERE id = ? AND state = 'pending'`
	jobMove     = `UPDATE jobs SET due_at = ?, timezone = ? WHERE id = ? AND state = 'pending'`
	jobRepeat   = `UPDATE jobs SET state = 'pending', due_at = ?, fired_at = ? WHERE id = ?`
	jobsPending = `SELECT id, room, kind, ref, title, payload, due_at, spec, timezone FROM jobs
		WHERE state = 'pending' AND room = ? AND (? = '' OR kind = ?) ORDER BY due_at, id`
)

// Add stores a job through q (inside the caller's transaction when q is one) and wakes the
// loop. A recurring job needs Spec and Timezone; its Due is the first occurrence.
func (s *Scheduler) Add(ctx context.Context, q store.Querier, j Job) (int64, error) {
	if j.Due.IsZero() {
		return 0, errors.New("schedule: job without a due time")
	}
	res, err := q.ExecContext(ctx, jobInsert, j.Room.Key(), j.Kind, j.Ref, j.Title, j.Payload, j.Due.UnixMilli(), j.Spec, j.Timezone)
	if err != nil {
		return 0, fmt.Errorf("add job: %w", err)
	}
	s.Wake()
	return res.LastInsertId()
}

// Cancel cancels the pending jobs of a kind for a domain object.
func (s *Scheduler) Cancel(ctx context.Context, q store.Querier, room bot.Room, kind, ref string) error {
	if _, err := q.ExecContext(ctx, jobCancel, room.Key(), kind, ref); err != nil {
		return fmt.Errorf("cancel job: %w", err)
	}
	return nil
}

// Pending lists a room's pending jobs, of one kind or (kind "") all, earliest first.
func (s *Scheduler) Pending(ctx context.Context, q store.Querier, room bot.Room, kind string) ([]Job, error) {
	rows, err := q.QueryContext(ctx, jobsPending, room.Key(), kind, kind)
	if err != nil {
		return nil, fmt.Errorf("list jobs: %w", err)
	}
	return scanJobs(rows)
}

// MoveTimezone moves a room's pending recurring jobs to a new timezone: "every monday
// 19:00" keeps meaning 19:00 where the room now is. Their next time is recomputed from now.
func (s *Scheduler) MoveTimezone(ctx context.Context, q store.Querier, room bot.Room, tz string, now time.Time) error {
	rows, err := q.QueryContext(ctx, jobsPending, room.Key(), "", "")
	if err != nil {
		return fmt.Errorf("list jobs: %w", err)
	}
	jobs, err := scanJobs(rows)
	if err != nil {
		return err
	}
	for _, j := range jobs {
		if j.Spec == "" || j.Timezone == tz {
			continue
		}
		next, err := NextOccurrence(j.Spec, tz, now)
		if err != nil {
			return fmt.Errorf("job %d: %w", j.ID, err)
		}
		if _, err := q.ExecContext(ctx, jobMove, next.UnixMilli(), tz, j.ID); err != nil {
			return fmt.Errorf("move job %d: %w", j.ID, err)
		}
	}
	s.Wake()
	return nil
}

// Wake makes the loop look for the earliest job again (after Add).
func (s *Scheduler) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Next returns the due time of the earliest pending job, or false when there is none.
func (s *Scheduler) Next(ctx context.Context) (time.Time, bool, error) {
	var ms sql.NullInt64
	if err := s.db.QueryRowContext(ctx, jobNext).Scan(&ms); err != nil {
		return time.Time{}, false, fmt.Errorf("next job: %w", err)
	}
	if !ms.Valid {
		return time.Time{}, false, nil
	}
	return time.UnixMilli(ms.Int64), true, nil
}

// Run fires due jobs until ctx is done: at start (overdue jobs from an outage), then
// whenever the earliest job falls due or Add wakes it. The wait is capped at a minute so a
// wall-clock jump (suspend, NTP) is noticed.
func (s *Scheduler) Run(ctx context.Context) error {
	for {
		if _, err := s.FireDue(ctx); err != nil && ctx.Err() == nil {
			s.log.Error().Err(err).Msg("firing due jobs")
		}
		wait := time.Minute
		if next, ok, err := s.Next(ctx); err == nil && ok {
			wait = min(max(next.Sub(s.now()), 0), time.Minute)
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil
		case <-s.wake:
			timer.Stop()
		case <-timer.C:
		}
	}
}

// FireDue fires every job due at now, earliest first, and returns how many it fired or
// reported missed.
func (s *Scheduler) FireDue(ctx context.Context) (int, error) {
	n := 0
	defer func() {
		if n > 0 && s.fired != nil {
			s.fired()
		}
	}()
	for {
		now := s.now()
		rows, err := s.db.QueryContext(ctx, jobsDue, now.UnixMilli(), 100)
		if err != nil {
			return n, fmt.Errorf("due jobs: %w", err)
		}
		jobs, err := scanJobs(rows)
		if err != nil {
			return n, err
		}
		if len(jobs) == 0 {
			return n, nil
		}
		for _, j := range jobs {
			ok, err := s.fire(ctx, j, now)
			if err != nil {
				return n, err
			}
			if ok {
				n++
			}
		}
	}
}

// fire claims and fires one job in a transaction; false when another loop had it first.
func (s *Scheduler) fire(ctx context.Context, j Job, now time.Time) (bool, error) {
	s.mu.Lock()
	kind, known := s.kinds[j.Kind]
	s.mu.Unlock()
	j.Late = now.Sub(j.Due)
	missed := !known || (!kind.AlwaysFire && j.Late > s.grace)
	claimed := false
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		state := "done"
		if missed {
			state = "missed"
		}
		res, err := tx.ExecContext(ctx, jobClaim, state, now.UnixMilli(), j.ID)
		if err != nil {
			return fmt.Errorf("claim job %d: %w", j.ID, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return nil // another loop fired it
		}
		claimed = true
		if missed {
			return s.reportMissed(ctx, tx, j, known)
		}
		if err := safeHandle(ctx, kind.Handle, tx, j); err != nil {
			return fmt.Errorf("job %d (%s): %w", j.ID, j.Kind, err)
		}
		return s.repeat(ctx, tx, j, now)
	})
	if err != nil {
		// The handler's effects were rolled back. Mark the job failed on its own so one
		// broken job cannot block every later one, and tell the room.
		s.log.Error().Err(err).Int64("job", j.ID).Str("kind", j.Kind).Msg("job failed")
		return true, s.db.InTx(ctx, func(tx *sql.Tx) error {
			res, err := tx.ExecContext(ctx, jobClaim, "failed", now.UnixMilli(), j.ID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return nil
			}
			return store.PutReply(ctx, tx, j.Room, notice(fmt.Sprintf(
				"Something went wrong with the scheduled %s (ref job %d); it did not run.", describe(j), j.ID)))
		})
	}
	return claimed, nil
}

// safeHandle turns a handler's panic into an error, so its transaction rolls back.
func safeHandle(ctx context.Context, h Handler, tx *sql.Tx, j Job) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return h(ctx, tx, j)
}

// repeat schedules the next occurrence of a recurring job, the first one after now, so an
// outage that spanned several occurrences fires once and not in a burst.
func (s *Scheduler) repeat(ctx context.Context, tx *sql.Tx, j Job, now time.Time) error {
	if j.Spec == "" {
		return nil
	}
	next, err := NextOccurrence(j.Spec, j.Timezone, now)
	if err != nil {
		return fmt.Errorf("job %d: %w", j.ID, err)
	}
	_, err = tx.ExecContext(ctx, jobRepeat, next.UnixMilli(), now.UnixMilli(), j.ID)
	return err
}

// NextOccurrence computes the first occurrence of a recurrence strictly after t, in tz.
func NextOccurrence(spec, tz string, t time.Time) (time.Time, error) {
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return time.Time{}, fmt.Errorf("timezone %q: %w", tz, err)
	}
	r, err := timeparse.ParseRecurrence(spec)
	if err != nil {
		return time.Time{}, fmt.Errorf("recurrence %q: %w", spec, err)
	}
	return r.Next(t, loc), nil
}

func (s *Scheduler) reportMissed(ctx context.Context, tx *sql.Tx, j Job, known bool) error {
	s.log.Warn().Int64("job", j.ID).Str("kind", j.Kind).Dur("late", j.Late).Bool("known_kind", known).Msg("job missed")
	when := j.Due.UTC().Format("Mon 2 Jan 15:04 MST")
	if loc, err := time.LoadLocation(j.Timezone); err == nil && j.Timezone != "" {
		when = j.Due.In(loc).Format("Mon 2 Jan 15:04 MST")
	}
	text := fmt.Sprintf("While folkmoot was offline, the %s due %s was missed.", describe(j), when)
	if err := store.PutReply(ctx, tx, j.Room, notice(text)); err != nil {
		return err
	}
	if known {
		return s.repeat(ctx, tx, j, s.now())
	}
	return nil
}

func describe(j Job) string {
	if j.Title != "" {
		return j.Title
	}
	return j.Kind
}

func scanJobs(rows *sql.Rows) ([]Job, error) {
	defer rows.Close()
	var out []Job
	for rows.Next() {
		var j Job
		var room string
		var due int64
		if err := rows.Scan(&j.ID, &room, &j.Kind, &j.Ref, &j.Title, &j.Payload, &due, &j.Spec, &j.Timezone); err != nil {
			return nil, fmt.Errorf("read job: %w", err)
		}
		j.Room, _ = bot.ParseRoomKey(room)
		j.Due = time.UnixMilli(due)
		out = append(out, j)
	}
	return out, rows.Err()
}

// notice is an automated message of the scheduler's own.
func notice(text string) bot.Reply {
	r := bot.Text(text)
	r.Notice = true
	return r
}
