package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"folkmoot/app"
	"folkmoot/app/host"
	"folkmoot/config"
	"folkmoot/store"
)

// statusCmd says which process is active (on PostgreSQL: the lease's holder, since when, its
// last heartbeat and epoch) and how long the queues are (the outbox's replies, the
// scheduler's jobs), read from the database while folkmoot runs.
func statusCmd(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("status", flag.ContinueOnError)
	fs.SetOutput(stderr)
	loadConfig := offlineFlags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := loadConfig()
	if err != nil {
		return err
	}
	ctx := context.Background()
	db, err := host.OpenStore(ctx, store.Location(cfg.DataDir, cfg.DatabaseURL), app.Features())
	if err != nil {
		return err
	}
	defer db.Close()
	now := time.Now()
	st := status{store: db.Path(), dialect: db.Dialect(), lease: cfg.Lease}
	if st.dialect == store.Postgres {
		st.store = store.RedactURL(cfg.DatabaseURL)
		if st.holder, st.taken, err = store.ReadLease(ctx, db); err != nil {
			return err
		}
	}
	if st.queues, err = store.QueueLengths(ctx, db, now); err != nil {
		return err
	}
	st.write(stdout, now)
	return nil
}

// status is what `folkmoot status` reports.
type status struct {
	store   string
	dialect store.Dialect
	lease   config.Lease
	holder  store.LeaseState
	taken   bool // a process ever took the lease
	queues  store.Queues
}

// write prints the status, times in the machine's zone and as ages.
func (s status) write(w io.Writer, now time.Time) {
	if s.dialect != store.Postgres {
		fmt.Fprintf(w, "Store:   SQLite, %s (one process; no lease)\n", s.store)
	} else {
		fmt.Fprintf(w, "Store:   PostgreSQL, %s\n", s.store)
		fmt.Fprintf(w, "Active:  %s\n", s.active(now))
	}
	q := s.queues
	fmt.Fprintf(w, "Outbox:  %d waiting to be sent (%d after a failed send, waiting for a retry)\n", q.Outbox, q.Retrying)
	fmt.Fprintf(w, "Jobs:    %d pending (%d due now, %d failed at least once)\n", q.Jobs, q.Due, q.Failing)
}

// active says who holds the lease.
func (s status) active(now time.Time) string {
	h := s.holder
	switch {
	case !s.taken:
		return "none: no folkmoot has run on this database yet"
	case h.Holder == "":
		return fmt.Sprintf("none: the last active process (epoch %d) stopped cleanly and released the lease; a standby takes it at its next look", h.Epoch)
	}
	line := fmt.Sprintf("%s, since %s (%s ago), epoch %d, last heartbeat %s ago",
		h.Holder, h.AcquiredAt.Local().Format("2006-01-02 15:04:05 MST"), age(now, h.AcquiredAt), h.Epoch, age(now, h.RenewedAt))
	if now.Sub(h.RenewedAt) >= s.lease.Expire.Duration {
		line += fmt.Sprintf(" — past the %s expiry: it is gone, and a standby takes over at its next look", s.lease.Expire.Duration)
	}
	return line
}

// age is how long ago t was, to the second.
func age(now, t time.Time) time.Duration {
	return max(now.Sub(t), 0).Round(time.Second)
}
