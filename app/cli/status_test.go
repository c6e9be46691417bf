package cli_test

import (
	"context"
	"testing"
	"time"

	"folkmoot/app"
	"folkmoot/app/apptest"
	"folkmoot/store"
	"folkmoot/store/storetest"
)

// TestStatusCommandLine: `folkmoot status` gives the queues' lengths on either store, and on
// PostgreSQL which process holds the lease, since when, its heartbeat and epoch.
func TestStatusCommandLine(t *testing.T) {
	data := t.TempDir()
	kit := apptest.NewAt(t, data, apptest.Start, app.Features()...)
	if u := kit.Config.DatabaseURL; u != "" {
		t.Setenv("FOLKMOOT_DATABASE_URL", u)
	}
	room := kit.Room("assembly")
	room.SayOne(t, "ana", `!vote new "Paint the door?" --closes in 2 hours`)

	code, said := folkmoot("status", "--data", data)
	if code != 0 {
		t.Fatalf("status: exit %d: %s", code, said)
	}
	apptest.Has(t, "status", said, "Outbox:  0 waiting to be sent (0 after a failed send", "Jobs:    ", " pending (")
	apptest.Lacks(t, "status", said, "Jobs:    0 pending")
	if !storetest.Postgres() {
		apptest.Has(t, "status on SQLite", said, "Store:   SQLite, ", "(one process; no lease)")
		apptest.Lacks(t, "status on SQLite", said, "Active:")
		return
	}
	apptest.Has(t, "status before any run", said, "Store:   PostgreSQL, postgres://", "Active:  none: no folkmoot has run on this database yet")

	// A process takes the lease, as `run` does.
	ctx := context.Background()
	db := kit.App.DB
	lease := store.NewLease(db, "host-a:42:cafe", time.Now, store.LeaseTimes{Renew: 5 * time.Second, Expire: 20 * time.Second})
	if ok, err := lease.TryTake(ctx); !ok || err != nil {
		t.Fatalf("TryTake = %v, %v", ok, err)
	}
	_, said = folkmoot("status", "--data", data)
	apptest.Has(t, "status while active", said, "Active:  host-a:42:cafe, since ", "epoch 1, last heartbeat 0s ago")
	apptest.Lacks(t, "status while active", said, "expiry")

	if err := lease.Release(ctx); err != nil {
		t.Fatal(err)
	}
	_, said = folkmoot("status", "--data", data)
	apptest.Has(t, "status after a clean stop", said, "Active:  none: the last active process (epoch 1) stopped cleanly")
}
