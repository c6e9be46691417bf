package store

// The lease: several folkmoot processes may run against one PostgreSQL database; one is
// active and holds the lease, the others wait as standbys. The lease is one row (table lease,
// name 'run'): who holds it, since when, its last heartbeat, and its epoch, the fencing
// token, one more at every take. A standby takes the lease when the row is released or its
// heartbeat is older than the expiry, and the take is a conditional UPDATE of the row exactly
// as the standby read it, so two standbys never both take it.
//
// Timing decides only when a standby takes over; it never makes two processes write at once.
// That is the fence's work (Lease.Fence, installed with DB.SetFence): every transaction of
// the active process first reads the row FOR SHARE and checks that the holder and epoch are
// still its own. The share lock holds until the transaction ends, so a take waits for the
// transaction in flight, and every transaction begun after the take finds another epoch and
// writes nothing: a process that was paused or cut off and missed its lease can never write.

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strconv"
	"sync"
	"time"
)

// ErrLeaseLost is the error of a write, a heartbeat or a run whose process no longer holds
// the lease: another process took it (or could have, this one having missed its heartbeats
// for too long). The process stops acting; systemd starts it again as a standby.
var ErrLeaseLost = errors.New("this folkmoot no longer holds the lease: another process is active")

// leaseName is the lease's row: one lease per database.
const leaseName = "run"

const (
	leaseEnsure = `INSERT INTO lease (name, holder, epoch, acquired_at, renewed_at) VALUES (?, '', 0, 0, 0)
		ON CONFLICT (name) DO NOTHING`
	leaseRead = `SELECT holder, epoch, acquired_at, renewed_at FROM lease WHERE name = ?`
	// A take changes the row only as it was read: a heartbeat, a release or another take in
	// between changes it, and this take then changes nothing.
	leaseTake = `UPDATE lease SET holder = ?, epoch = epoch + 1, acquired_at = ?, renewed_at = ?
		WHERE name = ? AND holder = ? AND epoch = ? AND renewed_at = ?`
	leaseRenew   = `UPDATE lease SET renewed_at = ? WHERE name = ? AND holder = ? AND epoch = ?`
	leaseRelease = `UPDATE lease SET holder = '', renewed_at = 0 WHERE name = ? AND holder = ? AND epoch = ?`
)

// leaseFence reads the lease in a writing transaction. On PostgreSQL the share lock makes a
// take wait until the transaction ends; SQLite's transactions begin IMMEDIATE, holding the
// one write lock, so a take waits there too (and SQLite has no FOR SHARE).
var leaseFence = map[Dialect]string{
	SQLite:   `SELECT holder, epoch FROM lease WHERE name = ?`,
	Postgres: `SELECT holder, epoch FROM lease WHERE name = ? FOR SHARE`,
}

// LeaseState is the lease's row as read: who holds it (Holder "" when nobody does), since
// when, its last heartbeat and its epoch.
type LeaseState struct {
	Holder     string
	Epoch      int64
	AcquiredAt time.Time
	RenewedAt  time.Time
}

// ReadLease reads the lease's row; false when no process ever took it.
func ReadLease(ctx context.Context, q Querier) (LeaseState, bool, error) {
	var s LeaseState
	var acquired, renewed int64
	err := q.QueryRowContext(ctx, leaseRead, leaseName).Scan(&s.Holder, &s.Epoch, &acquired, &renewed)
	if errors.Is(err, sql.ErrNoRows) {
		return LeaseState{}, false, nil
	}
	if err != nil {
		return LeaseState{}, false, fmt.Errorf("read the lease: %w", err)
	}
	s.AcquiredAt, s.RenewedAt = time.UnixMilli(acquired), time.UnixMilli(renewed)
	return s, true, nil
}

// HolderID names this process in the lease: its host, its process ID and a random part, so
// a restarted process (the same PID on another boot, or in a container) is never taken for
// the one before it.
func HolderID() string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "unknown"
	}
	var b [4]byte
	_, _ = rand.Read(b[:])
	return host + ":" + strconv.Itoa(os.Getpid()) + ":" + hex.EncodeToString(b[:])
}

// LeaseTimes are the lease's timings: the holder's heartbeat every Renew, and a lease whose
// heartbeat is older than Expire may be taken. A standby looks every Renew too, so a
// takeover comes within Expire+Renew of the holder's last heartbeat.
type LeaseTimes struct {
	Renew  time.Duration
	Expire time.Duration
}

// Lease is this process's side of the lease: taking it, its heartbeat, the fence its writes
// pass, and whether it may still act on the networks.
type Lease struct {
	db     *DB
	holder string
	now    func() time.Time
	times  LeaseTimes
	// sleep waits d or until ctx is done; a test makes it return at once.
	sleep func(ctx context.Context, d time.Duration) error

	mu    sync.Mutex
	held  bool
	epoch int64
	// since is when this process took the lease; renewed when its last heartbeat began (a
	// heartbeat that began at t and committed proves no one could take the lease before
	// t + Expire).
	since, renewed time.Time
	lost           bool
	lostCh         chan struct{}
	// seen is the row as a standby last saw it change, and seenAt when, on this process's
	// clock: a holder whose heartbeat stands still that long is gone, whatever its clock says.
	seen   LeaseState
	seenAt time.Time
}

// NewLease makes this process's side of db's lease under the name holder (HolderID). now is
// the injected clock.
func NewLease(db *DB, holder string, now func() time.Time, times LeaseTimes) *Lease {
	return &Lease{db: db, holder: holder, now: now, times: times, sleep: sleepCtx, lostCh: make(chan struct{})}
}

// Holder is this process's name in the lease.
func (l *Lease) Holder() string { return l.holder }

// Epoch is the epoch this process took the lease at (0 before it took it).
func (l *Lease) Epoch() int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.epoch
}

// TryTake takes the lease if it is free: released, never taken, or its heartbeat older than
// Expire, by the holder's clock as written or by this process's own watch of the row (a
// standby whose clock runs behind still takes over). It reports whether this process holds
// the lease now.
func (l *Lease) TryTake(ctx context.Context) (bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.held {
		return !l.lost, nil
	}
	if _, err := l.db.DB.ExecContext(ctx, leaseEnsure, leaseName); err != nil {
		return false, fmt.Errorf("lease: %w", err)
	}
	s, _, err := ReadLease(ctx, l.db.DB)
	if err != nil {
		return false, err
	}
	now := l.now()
	if s != l.seen || l.seenAt.IsZero() {
		l.seen, l.seenAt = s, now
	}
	free := s.Holder == "" || now.Sub(s.RenewedAt) >= l.times.Expire || now.Sub(l.seenAt) >= l.times.Expire
	if !free {
		return false, nil
	}
	res, err := l.db.DB.ExecContext(ctx, leaseTake, l.holder, now.UnixMilli(), now.UnixMilli(),
		leaseName, s.Holder, s.Epoch, s.RenewedAt.UnixMilli())
	if err != nil {
		return false, fmt.Errorf("take the lease: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return false, err // another standby took it first, or the holder beat
	}
	l.held, l.epoch, l.since, l.renewed = true, s.Epoch+1, now, now
	return true, nil
}

// Wait waits as a standby, looking every Renew, until this process takes the lease or ctx is
// done. A database that does not answer is waited out: a standby has nothing else to do.
// told is called with the row each time it is read and found held by another process.
func (l *Lease) Wait(ctx context.Context, told func(LeaseState, error)) error {
	for {
		ok, err := l.TryTake(ctx)
		if ok {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if told != nil {
			l.mu.Lock()
			seen := l.seen
			l.mu.Unlock()
			told(seen, err)
		}
		if err := l.sleep(ctx, l.times.Renew); err != nil {
			return err
		}
	}
}

// Renew is one heartbeat. ErrLeaseLost when the row is no longer this process's (another
// took it); another error (the database did not answer) leaves the lease held until Valid
// says otherwise.
func (l *Lease) Renew(ctx context.Context) error {
	l.mu.Lock()
	held, lost, epoch := l.held, l.lost, l.epoch
	l.mu.Unlock()
	if !held || lost {
		return ErrLeaseLost
	}
	began := l.now()
	res, err := l.db.DB.ExecContext(ctx, leaseRenew, began.UnixMilli(), leaseName, l.holder, epoch)
	if err != nil {
		return fmt.Errorf("renew the lease: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("renew the lease: %w", err)
	} else if n != 1 {
		l.markLost()
		return ErrLeaseLost
	}
	l.mu.Lock()
	if began.After(l.renewed) {
		l.renewed = began
	}
	l.mu.Unlock()
	return nil
}

// Valid reports whether this process may still act where the database cannot fence it (a
// send to a network): it holds the lease and its last heartbeat is recent enough that no
// standby can have taken over, with one heartbeat's margin.
func (l *Lease) Valid() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.held && !l.lost && l.now().Sub(l.renewed) < l.times.Expire-l.times.Renew
}

// Keep is the heartbeat: it renews the lease every Renew until ctx is done (nil) or the lease
// is lost (ErrLeaseLost): another process took it, a write found it taken (Fence), or no
// heartbeat got through for so long that Valid no longer holds, so a standby may take it any
// moment. A heartbeat that fails for a passing reason is tried again every second until then.
func (l *Lease) Keep(ctx context.Context, failed func(error)) error {
	wait := l.times.Renew
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-l.lostCh:
			return ErrLeaseLost
		default:
		}
		if err := l.sleepOrLost(ctx, wait); err != nil {
			return err
		}
		if ctx.Err() != nil {
			return nil
		}
		err := l.Renew(ctx)
		switch {
		case errors.Is(err, ErrLeaseLost):
			return err
		case err != nil:
			if failed != nil {
				failed(err)
			}
			if !l.Valid() {
				l.markLost()
				return fmt.Errorf("%w (no heartbeat got through for %s: %v)", ErrLeaseLost, l.times.Expire-l.times.Renew, err)
			}
			wait = min(time.Second, l.times.Renew)
		default:
			wait = l.times.Renew
		}
	}
}

// sleepOrLost waits d, returning ErrLeaseLost at once when a write found the lease taken.
func (l *Lease) sleepOrLost(ctx context.Context, d time.Duration) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		select {
		case <-l.lostCh:
			cancel()
		case <-ctx.Done():
		}
	}()
	_ = l.sleep(ctx, d)
	select {
	case <-l.lostCh:
		return ErrLeaseLost
	default:
		return nil
	}
}

// Fence is the check every writing transaction of the active process makes first
// (DB.SetFence): the lease's row, read FOR SHARE, must still name this process and its epoch.
// Otherwise the transaction writes nothing and fails with ErrLeaseLost, and Keep ends.
func (l *Lease) Fence(ctx context.Context, tx *sql.Tx) error {
	l.mu.Lock()
	held, lost, epoch := l.held, l.lost, l.epoch
	l.mu.Unlock()
	if !held || lost {
		return ErrLeaseLost
	}
	var holder string
	var at int64
	err := tx.QueryRowContext(ctx, leaseFence[l.db.dialect], leaseName).Scan(&holder, &at)
	if errors.Is(err, sql.ErrNoRows) {
		l.markLost()
		return ErrLeaseLost
	}
	if err != nil {
		return fmt.Errorf("check the lease: %w", err)
	}
	if holder != l.holder || at != epoch {
		l.markLost()
		return fmt.Errorf("%w (%s holds it, epoch %d; this process had epoch %d)", ErrLeaseLost, holder, at, epoch)
	}
	return nil
}

// Release gives the lease up at a clean stop, so a standby takes over at its next look
// instead of waiting for the expiry. Nothing happens when the lease is no longer this
// process's.
func (l *Lease) Release(ctx context.Context) error {
	l.mu.Lock()
	held, epoch := l.held, l.epoch
	l.held = false
	l.mu.Unlock()
	if !held {
		return nil
	}
	if _, err := l.db.DB.ExecContext(ctx, leaseRelease, leaseName, l.holder, epoch); err != nil {
		return fmt.Errorf("release the lease: %w", err)
	}
	return nil
}

// markLost records that the lease is gone, once.
func (l *Lease) markLost() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.lost {
		l.lost = true
		close(l.lostCh)
	}
}

// sleepCtx waits d or until ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
