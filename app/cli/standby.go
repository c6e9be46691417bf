package cli

import (
	"context"
	"time"

	"github.com/rs/zerolog"

	"folkmoot/app"
	"folkmoot/app/host"
	"folkmoot/config"
	"folkmoot/store"
)

// runStandby is `run` on PostgreSQL, where several processes may share the database: it
// waits as a standby until it holds the lease, then builds folkmoot (whose start writes),
// connects the networks and runs, every write fenced by the lease. When the lease is lost
// (another process took it: this one was paused, or cut off from the database longer than
// the expiry) it stops the networks and exits non-zero; the service manager starts it
// again, and it waits as a standby. A clean stop releases the lease, so a standby takes over
// at its next look instead of after the expiry.
func runStandby(ctx context.Context, cfg *config.Config, log zerolog.Logger) error {
	if err := host.ReadSections(cfg, app.Features()); err != nil {
		return err
	}
	db, err := host.OpenStore(ctx, cfg.DatabaseURL, app.Features())
	if err != nil {
		return err
	}
	lease := store.NewLease(db, store.HolderID(), time.Now, store.LeaseTimes{Renew: cfg.Lease.Renew.Duration, Expire: cfg.Lease.Expire.Duration})
	log = log.With().Str("holder", lease.Holder()).Logger()
	if err := waitForLease(ctx, lease, log); err != nil {
		db.Close()
		if ctx.Err() != nil {
			log.Info().Msg("stopped while waiting as a standby")
			return nil
		}
		return err
	}
	log.Info().Int64("epoch", lease.Epoch()).Msg("took the lease: this process is active")
	db.SetFence(lease.Fence)
	a, err := app.NewOn(ctx, cfg, log, time.Now, db)
	if err != nil {
		releaseLease(lease, log)
		db.Close()
		return err
	}
	defer a.Close()
	a.Bot.SendWhile(lease.Valid)
	runCtx, stopRun := context.WithCancel(ctx)
	defer stopRun()
	kept := make(chan error, 1)
	go func() {
		err := lease.Keep(runCtx, func(err error) {
			log.Warn().Err(err).Msg("the lease's heartbeat failed; trying again")
		})
		if err != nil {
			log.Error().Err(err).Msg("lost the lease: stopping the networks and exiting, to wait as a standby")
			stopRun()
		}
		kept <- err
	}()
	err = runApp(runCtx, a, store.RedactURL(cfg.DatabaseURL))
	stopRun()
	if lost := <-kept; lost != nil {
		return lost
	}
	releaseLease(lease, log)
	return err
}

// waitForLease waits as a standby, saying once who is active and each change of holder.
func waitForLease(ctx context.Context, lease *store.Lease, log zerolog.Logger) error {
	var said store.LeaseState
	first := true
	return lease.Wait(ctx, func(s store.LeaseState, err error) {
		if err != nil {
			log.Warn().Err(err).Msg("standby: cannot read the lease; looking again")
			return
		}
		if !first && s.Holder == said.Holder && s.Epoch == said.Epoch {
			return
		}
		first, said = false, s
		log.Info().Str("active", s.Holder).Int64("epoch", s.Epoch).Time("since", s.AcquiredAt).
			Msg("waiting as a standby: another folkmoot holds the lease")
	})
}

// releaseLease gives the lease up at a stop, so a standby need not wait for the expiry.
func releaseLease(lease *store.Lease, log zerolog.Logger) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := lease.Release(ctx); err != nil {
		log.Warn().Err(err).Msg("could not release the lease; a standby takes over once it expires")
		return
	}
	log.Info().Msg("released the lease")
}
