// Package schedule is folkmoot's persistent scheduler. The database is the source of truth
// for every future event (vote closings, speaker turns, reminders, rotations, mandate ends);
// an in-memory timer only wakes the loop for the earliest one.
//
// Exactly once: a job is fired inside a database transaction that first claims it with a
// conditional UPDATE (pending -> done), then runs its handler, which writes its effects and
// its notices (to the outbox) through the same transaction. Two loops racing for a job cannot
// both claim it, and a crash before the commit leaves the job pending with no effect written,
// so it fires once after the restart. Jobs due together share a transaction, each in a
// savepoint of its own, so one that fails is rolled back alone (see fireBatch).
package schedule

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/rs/zerolog"

	"folkmoot/bot"
	"folkmoot/phrase"
	"folkmoot/store"
	"folkmoot/timeparse"
	"folkmoot/words"
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
	// Attempts counts the failed tries so far; LastError is the latest one's error and
	// RetryAt when the next try is (zero before the first failure).
	Attempts  int
	LastError string
	RetryAt   time.Time
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
	// turns, when set, is taken for each transaction (TakeTurns).
	turns sync.Locker

	mu    sync.Mutex
	kinds map[string]Kind
	wake  chan struct{}
	// streak counts FireDue calls in a row that failed outright (the database refused even
	// the bookkeeping), so Run backs off instead of spinning.
	streak int
	// prefix, location and lang word the scheduler's own notices for the room (see Speak).
	prefix   string
	location func(ctx context.Context, q store.Querier, room bot.Room) *time.Location
	lang     func(ctx context.Context, q store.Querier, room bot.Room) *words.Lang
}

// New makes a scheduler on db. now is the injected clock; grace is how late a job may fire
// after an outage before it counts as missed.
func New(db *store.DB, now func() time.Time, grace time.Duration, log zerolog.Logger) *Scheduler {
	return &Scheduler{db: db, now: now, grace: grace, log: log, kinds: map[string]Kind{}, wake: make(chan struct{}, 1)}
}

// TakeTurns makes the scheduler's transactions take turns with the runtime's (SQLite has one
// writer): waiting in a queue costs nothing, where SQLite's busy handler sleeps up to 100 ms
// between tries. Call before Run.
func (s *Scheduler) TakeTurns(l sync.Locker) { s.turns = l }

// inTx runs fn in one transaction, in its turn.
func (s *Scheduler) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if s.turns != nil {
		s.turns.Lock()
		defer s.turns.Unlock()
	}
	return s.db.InTx(ctx, fn)
}

// OnFired sets a function called after one or more jobs have committed.
func (s *Scheduler) OnFired(f func()) { s.fired = f }

// Speak sets how the scheduler's own notices (a job given up, delayed or missed) word a
// command, with the configured prefix, a time, in the room's timezone, and everything else,
// in the room's language (lang); without it they say "!", use the job's timezone, or UTC, and
// speak English. location or lang may be nil.
func (s *Scheduler) Speak(prefix string, location func(ctx context.Context, q store.Querier, room bot.Room) *time.Location,
	lang func(ctx context.Context, q store.Querier, room bot.Room) *words.Lang) {
	s.prefix, s.location, s.lang = prefix, location, lang
}

// roomLang is the language of a job's room for the scheduler's notices, read in q.
func (s *Scheduler) roomLang(ctx context.Context, q store.Querier, room bot.Room) *words.Lang {
	if s.lang == nil {
		return nil
	}
	return s.lang(ctx, q, room)
}

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
	jobInsert  = `INSERT INTO jobs (room, kind, ref, title, payload, due_at, spec, timezone) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
	jobCancel  = `UPDATE jobs SET state = 'cancelled' WHERE room = ? AND kind = ? AND ref = ? AND state = 'pending'`
	jobColumns = `id, room, kind, ref, title, payload, due_at, spec, timezone, attempts, last_error, retry_at`
	// A job that failed for a passing reason waits for retry_at, not due_at.
	jobNext = `SELECT MIN(coalesce(retry_at, due_at)) FROM jobs WHERE state = 'pending'`
	jobsDue = `SELECT ` + jobColumns + ` FROM jobs
		WHERE state = 'pending' AND coalesce(retry_at, due_at) <= ? ORDER BY coalesce(retry_at, due_at), id LIMIT ?`
	// A job is claimed only as it was read, due time included: a recurring job is set back to
	// pending with its next due time, so a second loop that read the earlier one finds
	// nothing to claim instead of firing it twice.
	jobClaim  = `UPDATE jobs SET state = ?, fired_at = ? WHERE id = ? AND state = 'pending' AND due_at = ?`
	jobMove   = `UPDATE jobs SET due_at = ?, timezone = ? WHERE id = ? AND state = 'pending'`
	jobRepeat = `UPDATE jobs SET state = 'pending', due_at = ?, fired_at = ?, attempts = 0, last_error = '', retry_at = NULL WHERE id = ?`
	jobRetry  = `UPDATE jobs SET attempts = ?, last_error = ?, retry_at = ? WHERE id = ? AND state = 'pending'`
	// A job given up keeps its last error and tries; a recurring one goes on in a new row.
	jobGiveUp = `UPDATE jobs SET state = 'failed', fired_at = ?, attempts = ?, last_error = ?
		WHERE id = ? AND state = 'pending' AND due_at = ?`
	jobsPending = `SELECT ` + jobColumns + ` FROM jobs
		WHERE state = 'pending' AND room = ? AND (? = '' OR kind = ?) ORDER BY due_at, id`
	jobsTroubled = `SELECT ` + jobColumns + ` FROM jobs
		WHERE state = 'pending' AND room = ? AND attempts > 0 ORDER BY due_at, id`
	// The index jobs_ref (room, kind, ref) finds one object's jobs however many are pending;
	// "+state" keeps SQLite from walking jobs_due (every pending job) to save the sort.
	jobsPendingFor = `SELECT ` + jobColumns + ` FROM jobs
		WHERE room = ? AND kind = ? AND ref = ? AND +state = 'pending' ORDER BY due_at, id`
)

// Add stores a job through q (inside the caller's transaction when q is one). A recurring job
// needs Spec and Timezone; its Due is the first occurrence. The runtime wakes the scheduler
// once the transaction commits (an earlier wake would find nothing new).
func Add(ctx context.Context, q store.Querier, j Job) (int64, error) {
	if j.Due.IsZero() {
		return 0, errors.New("schedule: job without a due time")
	}
	var id int64
	if err := q.QueryRowContext(ctx, jobInsert, j.Room.Key(), j.Kind, j.Ref, j.Title, j.Payload, j.Due.UnixMilli(), j.Spec, j.Timezone).Scan(&id); err != nil {
		return 0, fmt.Errorf("add job: %w", err)
	}
	return id, nil
}

// Cancel cancels the pending jobs of a kind for a domain object.
func Cancel(ctx context.Context, q store.Querier, room bot.Room, kind, ref string) error {
	if _, err := q.ExecContext(ctx, jobCancel, room.Key(), kind, ref); err != nil {
		return fmt.Errorf("cancel job: %w", err)
	}
	return nil
}

// Replace sets a room's job anew: its pending jobs of j's kind and ref are cancelled, and j is
// added (a recurring digest or review given another schedule).
func Replace(ctx context.Context, q store.Querier, j Job) (int64, error) {
	if err := Cancel(ctx, q, j.Room, j.Kind, j.Ref); err != nil {
		return 0, err
	}
	return Add(ctx, q, j)
}

// Pending lists a room's pending jobs, of one kind or (kind "") all, earliest first.
func Pending(ctx context.Context, q store.Querier, room bot.Room, kind string) ([]Job, error) {
	rows, err := q.QueryContext(ctx, jobsPending, room.Key(), kind, kind)
	if err != nil {
		return nil, fmt.Errorf("list jobs: %w", err)
	}
	return scanJobs(rows)
}

// PendingFor lists the pending jobs of a kind for one domain object (a task's reminders),
// earliest first: an indexed lookup, so a handler can ask it on every firing.
func PendingFor(ctx context.Context, q store.Querier, room bot.Room, kind, ref string) ([]Job, error) {
	rows, err := q.QueryContext(ctx, jobsPendingFor, room.Key(), kind, ref)
	if err != nil {
		return nil, fmt.Errorf("list jobs: %w", err)
	}
	return scanJobs(rows)
}

// MoveTimezone moves a room's pending recurring jobs to a new timezone: "every monday
// 19:00" keeps meaning 19:00 where the room now is. Their next time is recomputed from now.
func MoveTimezone(ctx context.Context, q store.Querier, room bot.Room, tz string, now time.Time) error {
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
	return nil
}

// Wake makes the loop look for the earliest job again (after a commit that added one).
func (s *Scheduler) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Next returns the due time of the earliest pending job, or false when there is none.
func (s *Scheduler) Next(ctx context.Context) (time.Time, bool, error) {
	var ms sql.NullInt64
	if err := s.db.QueryRowContext(s.db.Unwatched(ctx), jobNext).Scan(&ms); err != nil {
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
		_, err := s.FireDue(ctx)
		if err != nil && ctx.Err() == nil {
			s.log.Error().Err(err).Msg("firing due jobs")
		}
		wait := time.Minute
		if next, ok, nerr := s.Next(ctx); nerr == nil && ok {
			wait = min(max(next.Sub(s.now()), 0), time.Minute)
		}
		if err != nil {
			// The database refused even the bookkeeping: wait before the next round.
			s.streak++
			wait = max(wait, min(Backoff(s.streak), time.Minute))
		} else {
			s.streak = 0
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
		rows, err := s.db.QueryContext(s.db.Unwatched(ctx), jobsDue, now.UnixMilli(), batchJobs)
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
		for len(jobs) > 0 {
			done, fired, err := s.fireBatch(ctx, jobs, now)
			n += fired
			if err != nil {
				return n, err
			}
			jobs = jobs[done:]
		}
	}
}

// A batch is at most batchJobs jobs, and closes once its jobs have taken batchTime: a
// commit per job was half the cost of firing a burst (10,000 task reminders due at once),
// while a batch that grew without bound would hold the write lock, and the notices of the
// jobs it fired, for as long as its slowest handlers took.
const (
	batchJobs = 100
	batchTime = 50 * time.Millisecond
)

// savepoint names the savepoint each job of a batch fires in.
const (
	savepointBegin    = `SAVEPOINT job`
	savepointRelease  = `RELEASE job`
	savepointRollback = `ROLLBACK TO job`
)

// fireBatch fires jobs, earliest first, in one transaction: each in a savepoint of its
// own, so a job that fails is rolled back (and its failure recorded) without touching the
// effects of the others, and each is still claimed by the conditional UPDATE, so none fires
// twice. It returns how many jobs it went through (it stops after batchTime) and how many of
// them it fired. When the batch cannot commit, nothing of it is kept and its jobs are fired
// again one transaction each, which tells a failing job from the others as before.
func (s *Scheduler) fireBatch(ctx context.Context, jobs []Job, now time.Time) (done, fired int, err error) {
	began, tried := false, 0
	start := time.Now() // the real clock: the budget is the machine's time, not the room's
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		began, done, fired = true, 0, 0
		for _, j := range jobs {
			if done > 0 && time.Since(start) > batchTime {
				break
			}
			tried = done + 1
			ok, err := s.fireSaved(ctx, tx, j, now)
			if err != nil {
				return err
			}
			done++
			if ok {
				fired++
			}
		}
		return nil
	})
	switch {
	case err == nil:
		return done, fired, nil
	case ctx.Err() != nil:
		return 0, 0, ctx.Err() // stopping: the jobs stay pending and fire after the restart
	case !began:
		return 0, 0, err // the transaction could not even begin: no job was tried
	}
	s.log.Warn().Err(err).Int("jobs", tried).Msg("a batch of jobs did not commit; firing them one by one")
	done, fired = 0, 0
	for _, j := range jobs[:tried] {
		ok, err := s.fire(ctx, j, now)
		if err != nil {
			return done, fired, err
		}
		done++
		if ok {
			fired++
		}
	}
	return done, fired, nil
}

// fireSaved claims and fires one job of a batch inside a savepoint. A job that fails is
// rolled back to the savepoint and its failure recorded in its place (see setback); an
// error means the batch's transaction itself is in doubt.
func (s *Scheduler) fireSaved(ctx context.Context, tx *sql.Tx, j Job, now time.Time) (bool, error) {
	if _, err := tx.ExecContext(ctx, savepointBegin); err != nil {
		return false, fmt.Errorf("savepoint for job %d: %w", j.ID, err)
	}
	kind, known := s.kind(j.Kind)
	claimed, err := s.attempt(ctx, tx, j, kind, known, now)
	if err != nil {
		if ctx.Err() != nil {
			return false, ctx.Err()
		}
		if _, rerr := tx.ExecContext(ctx, savepointRollback); rerr != nil {
			return false, fmt.Errorf("roll back job %d: %w (after: %w)", j.ID, rerr, err)
		}
		if serr := s.recordSetback(ctx, tx, j, kind, now, err); serr != nil {
			return false, serr
		}
		claimed = true
	}
	if _, err := tx.ExecContext(ctx, savepointRelease); err != nil {
		return false, fmt.Errorf("release job %d: %w", j.ID, err)
	}
	return claimed, nil
}

// kind is the registered kind of a job, false when none is.
func (s *Scheduler) kind(name string) (Kind, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k, ok := s.kinds[name]
	return k, ok
}

// fire claims and fires one job in a transaction of its own; false when another loop had it
// first.
func (s *Scheduler) fire(ctx context.Context, j Job, now time.Time) (bool, error) {
	kind, known := s.kind(j.Kind)
	claimed := false
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		claimed, err = s.attempt(ctx, tx, j, kind, known, now)
		return err
	})
	if err == nil {
		return claimed, nil
	}
	if ctx.Err() != nil {
		return false, ctx.Err() // stopping: the job stays pending and fires after the restart
	}
	// The handler's effects were rolled back; the job is still pending.
	return true, s.setback(ctx, j, kind, now, err)
}

// EndRecurrence is what a handler returns to end its recurring job with this firing: its
// effects commit as on success, and no next occurrence is scheduled (a reminder stopped
// for repeating too often, or whose object is gone, would otherwise fire for ever). For a
// one-time job it is the same as nil.
var EndRecurrence = errors.New("schedule: end of the recurring job")

// attempt claims j in tx and fires it: its handler and its next occurrence, or the report
// of a missed job. False when the job was no longer pending as read (another loop fired
// it, or it was cancelled). An error leaves tx to be rolled back.
func (s *Scheduler) attempt(ctx context.Context, tx *sql.Tx, j Job, kind Kind, known bool, now time.Time) (bool, error) {
	j.Late = now.Sub(j.Due)
	// Lateness caused by our own retries is not an outage: only a first try can be missed.
	missed := !known || (!kind.AlwaysFire && j.Attempts == 0 && j.Late > s.grace)
	state := "done"
	if missed {
		state = "missed"
	}
	res, err := tx.ExecContext(ctx, jobClaim, state, now.UnixMilli(), j.ID, j.Due.UnixMilli())
	if err != nil {
		return false, fmt.Errorf("claim job %d: %w", j.ID, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return false, nil // another loop fired it
	}
	if missed {
		return true, s.reportMissed(ctx, tx, j, known)
	}
	err = safeHandle(ctx, kind.Handle, tx, j)
	if errors.Is(err, EndRecurrence) {
		return true, nil
	}
	if err != nil {
		return true, fmt.Errorf("job %d (%s): %w", j.ID, j.Kind, err)
	}
	return true, s.repeat(ctx, tx, j, now)
}

// MaxAttempts is how many times a job that fails for a passing reason (a locked database, a
// deadline, an I/O hiccup) is tried before it is given up, unless its kind is AlwaysFire.
// With Backoff's delays the last try is about an hour after the first.
const MaxAttempts = 10

// Backoff is how long to wait before try number attempt+1: 5 s, doubling, at most 15 min.
func Backoff(attempt int) time.Duration {
	d := 5 * time.Second
	for i := 1; i < attempt && d < 15*time.Minute; i++ {
		d *= 2
	}
	return min(d, 15*time.Minute)
}

// setback records a failed try. A passing error (store.IsTransient: a locked database, a
// full disk) leaves the job pending for a later try, for ever for an AlwaysFire kind (a vote
// must close), up to MaxAttempts for the others. Any other error (a panic, a renderer's
// error, a bug) would fail the same way at every try: the job is given up at once, whatever
// its kind, rather than retried every quarter of an hour for weeks; a recurring job goes on
// with its next occurrence. The room is told once: when the job is given up, or when passing
// errors have kept it from firing for a while.
func (s *Scheduler) setback(ctx context.Context, j Job, kind Kind, now time.Time, cause error) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		return s.recordSetback(ctx, tx, j, kind, now, cause)
	})
}

// recordSetback is setback inside tx, after the job's own effects were rolled back.
func (s *Scheduler) recordSetback(ctx context.Context, tx *sql.Tx, j Job, kind Kind, now time.Time, cause error) error {
	transient := store.IsTransient(cause)
	attempts := j.Attempts + 1
	giveUp := !transient || (!kind.AlwaysFire && attempts >= MaxAttempts)
	ev := s.log.Warn()
	if giveUp || !transient {
		ev = s.log.Error()
	}
	ev.Err(cause).Int64("job", j.ID).Str("kind", j.Kind).Int("attempt", attempts).Bool("transient", transient).Bool("given_up", giveUp).Msg("job failed")
	if giveUp {
		return s.giveUp(ctx, tx, j, now, attempts, cause, transient)
	}
	res, err := tx.ExecContext(ctx, jobRetry, attempts, clipError(cause), now.Add(Backoff(attempts)).UnixMilli(), j.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return nil // cancelled or fired meanwhile
	}
	if attempts == noticeAfter {
		l := s.roomLang(ctx, tx, j.Room)
		return store.PutReply(ctx, tx, j.Room, notice(phrase.UpperFirst(l.Count("schedule.delayed", attempts,
			"Job", j.NameIn(l), "ID", j.ID, "Command", s.commandPrefix()+"status"))))
	}
	return nil
}

// giveUp marks a job failed, keeping its last error, and tells the room; a recurring job goes
// on with its next occurrence in a new row, so one bad occurrence never ends the schedule.
func (s *Scheduler) giveUp(ctx context.Context, tx *sql.Tx, j Job, now time.Time, attempts int, cause error, transient bool) error {
	res, err := tx.ExecContext(ctx, jobGiveUp, now.UnixMilli(), attempts, clipError(cause), j.ID, j.Due.UnixMilli())
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return nil // cancelled or fired meanwhile
	}
	l := s.roomLang(ctx, tx, j.Room)
	var text string
	if transient {
		text = l.Count("schedule.gave_up.tries", attempts, "Job", j.NameIn(l), "When", s.when(ctx, tx, l, j, j.Due), "ID", j.ID)
	} else {
		text = l.Say("schedule.gave_up.broken", "Job", j.NameIn(l), "When", s.when(ctx, tx, l, j, j.Due), "ID", j.ID)
	}
	if j.Spec != "" {
		next, err := NextOccurrence(j.Spec, j.Timezone, now)
		if err == nil {
			_, err = tx.ExecContext(ctx, jobInsert, j.Room.Key(), j.Kind, j.Ref, j.Title, j.Payload, next.UnixMilli(), j.Spec, j.Timezone)
		}
		if err != nil {
			s.log.Error().Err(err).Int64("job", j.ID).Msg("schedule the next occurrence of a job given up")
			text += " " + l.Say("schedule.gave_up.stopped")
		} else {
			text += " " + l.Say("schedule.gave_up.next", "When", s.when(ctx, tx, l, j, next))
		}
	}
	return store.PutReply(ctx, tx, j.Room, notice(text))
}

// when words a job's time for its room, in l: in the room's timezone (see Speak), else the
// job's.
func (s *Scheduler) when(ctx context.Context, q store.Querier, l *words.Lang, j Job, t time.Time) string {
	loc := time.UTC
	if s.location != nil {
		loc = s.location(ctx, q, j.Room)
	} else if l, err := timeparse.LoadLocation(j.Timezone); err == nil && j.Timezone != "" {
		loc = l
	}
	return timeparse.Format(l, t, s.now(), loc)
}

func (s *Scheduler) commandPrefix() string {
	if s.prefix == "" {
		return "!"
	}
	return s.prefix
}

// noticeAfter is the failed try after which the room hears that a job is delayed: the first
// few retries take well under a minute and are nobody's business.
const noticeAfter = 4

// clipError keeps a stored error short: it is for !status and the logs, not a dump.
func clipError(err error) string {
	msg := err.Error()
	if len(msg) > 200 {
		msg = msg[:200] + "…"
	}
	return msg
}

// Troubled lists a room's pending jobs that have failed at least once, for !status.
func Troubled(ctx context.Context, q store.Querier, room bot.Room) ([]Job, error) {
	rows, err := q.QueryContext(ctx, jobsTroubled, room.Key())
	if err != nil {
		return nil, fmt.Errorf("list troubled jobs: %w", err)
	}
	return scanJobs(rows)
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
	loc, err := timeparse.LoadLocation(tz)
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
	l := s.roomLang(ctx, tx, j.Room)
	text := l.Say("schedule.missed", "Job", j.NameIn(l), "When", s.when(ctx, tx, l, j, j.Due))
	if err := store.PutReply(ctx, tx, j.Room, notice(text)); err != nil {
		return err
	}
	if known {
		return s.repeat(ctx, tx, j, s.now())
	}
	return nil
}

// Name is what people call a job, in English, as a noun with its article: "the closing of
// vote #3", "the scheduled digest" (see NameIn).
func (j Job) Name() string { return j.NameIn(nil) }

// NameIn is what people call a job in l, as a noun with its article. A title made by Titled
// is its catalog message, in l; another is English as its feature stored it, with or without
// "the" (either reads once), and l puts it in its sentence as a title.
func (j Job) NameIn(l *words.Lang) string {
	t := strings.TrimSpace(j.Title)
	if t == "" {
		return l.Say("schedule.job.kind", "Kind", j.Kind)
	}
	if said, ok := sayTitle(l, t); ok {
		return said
	}
	if len(t) > 4 && strings.EqualFold(t[:4], "the ") {
		t = t[4:]
	}
	return l.Say("schedule.job.titled", "Title", t)
}

// TitleIn is what a job's feature calls it, for a list (!status), in l: a title made by
// Titled in l, another as it was stored ("closing of vote #3"), else the job's kind.
func (j Job) TitleIn(l *words.Lang) string {
	if said, ok := sayTitle(l, j.Title); ok {
		return said
	}
	if j.Title != "" {
		return j.Title
	}
	return j.Kind
}

// titleMark starts a title kept as a catalog message (Titled); no title typed or written by a
// feature starts with this control character.
const titleMark = "\x1e"

// storedTitle is a title kept as a catalog message: its ID and placeholders.
type storedTitle struct {
	ID   string         `json:"id"`
	With map[string]any `json:"with,omitempty"`
}

// Titled is a job's Title kept as a catalog message, so that every notice naming the job
// says it in the room's language of the moment, not the one it was scheduled in:
// Title: schedule.Titled("votes.job.close", "Number", 3). The message is a noun with its
// article ("the closing of vote #{{.Number}}"), as Name gives it. Values are kept as JSON:
// strings and numbers.
func Titled(id string, pairs ...any) string {
	t := storedTitle{ID: id, With: map[string]any{}}
	for i := 0; i+1 < len(pairs); i += 2 {
		name, _ := pairs[i].(string)
		t.With[name] = pairs[i+1]
	}
	b, err := json.Marshal(t)
	if err != nil {
		return id // a value JSON cannot hold is a bug; the ID still names the job
	}
	return titleMark + string(b)
}

// sayTitle words a title made by Titled in l; ok is false for any other title.
func sayTitle(l *words.Lang, title string) (string, bool) {
	raw, ok := strings.CutPrefix(title, titleMark)
	if !ok {
		return "", false
	}
	var t storedTitle
	if err := json.Unmarshal([]byte(raw), &t); err != nil || t.ID == "" {
		return "", false
	}
	pairs := make([]any, 0, 2*len(t.With))
	for name, v := range t.With {
		if f, ok := v.(float64); ok && f == float64(int64(f)) {
			v = int64(f) // a number JSON read back as 3.0 is said as 3
		}
		pairs = append(pairs, name, v)
	}
	return l.Say(t.ID, pairs...), true
}

func scanJobs(rows *sql.Rows) ([]Job, error) {
	defer rows.Close()
	var out []Job
	for rows.Next() {
		var j Job
		var room string
		var due int64
		var retry sql.NullInt64
		if err := rows.Scan(&j.ID, &room, &j.Kind, &j.Ref, &j.Title, &j.Payload, &due, &j.Spec, &j.Timezone, &j.Attempts, &j.LastError, &retry); err != nil {
			return nil, fmt.Errorf("read job: %w", err)
		}
		j.Room, _ = bot.ParseRoomKey(room)
		j.Due = time.UnixMilli(due)
		if retry.Valid {
			j.RetryAt = time.UnixMilli(retry.Int64)
		}
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
