package commands

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"testing"
	"time"

	"folkmoot/bot"
	"folkmoot/config"
	"folkmoot/store"
	"folkmoot/store/storetest"
)

// counterFeature has a command that changes something (!add) and one that only reads (!count).
func counterFeature() Feature {
	add := &Command{Name: "add", Section: "Test", Help: "Adds one.", Run: func(ctx context.Context, r *Request) (bot.Reply, error) {
		err := r.DB.InTx(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO kv (namespace, key, value) VALUES ('count', 'n', '1')
				ON CONFLICT (namespace, key) DO UPDATE SET value = CAST(value AS INTEGER) + 1`)
			return err
		})
		if err != nil {
			return bot.Reply{}, err
		}
		return bot.Text("Added one."), nil
	}}
	count := &Command{Name: "count", Section: "Test", Help: "Shows the count.", Run: func(ctx context.Context, r *Request) (bot.Reply, error) {
		v, _, err := r.DB.Get(ctx, "count", "n")
		return bot.Text("Count: " + v), err
	}}
	note := &Command{Name: "note", Section: "Test", Help: "Notes a word.", Run: func(ctx context.Context, r *Request) (bot.Reply, error) {
		// One statement outside a transaction: still as durable as its reply.
		return bot.Text("Noted."), r.DB.Set(ctx, "notes", r.Msg.ID, r.Args.Rest(0))
	}}
	return Feature{Name: "counter", Commands: []*Command{add, count, note}}
}

func newDurableDispatcher(t *testing.T, db *store.DB, now time.Time) *Dispatcher {
	t.Helper()
	cfg := config.Default()
	cfg.Limits.CommandBurst = 1000
	env := &Env{DB: db, Config: cfg, Now: func() time.Time { return now },
		IsFacilitatorLevel: func(context.Context, bot.Transport, bot.Room, bot.Member) (bool, []bot.Member, error) {
			return true, nil, nil
		},
		Location: func(context.Context, store.Querier, bot.Room) *time.Location { return time.UTC },
	}
	d, err := New(env, []Feature{counterFeature()})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func countValue(t *testing.T, db *store.DB) int {
	t.Helper()
	v, _, err := db.Get(context.Background(), "count", "n")
	if err != nil {
		t.Fatal(err)
	}
	n, _ := strconv.Atoi(v)
	return n
}

func queued(t *testing.T, db *store.DB) []bot.Queued {
	t.Helper()
	items, err := db.Pending(context.Background(), bot.Matrix, time.Now().Add(time.Hour), 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if err := db.Sent(context.Background(), it.ID); err != nil {
			t.Fatal(err)
		}
	}
	return items
}

func TestAStopBetweenChangeAndReplyIsToldAndNotRepeated(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	room := bot.Room{Protocol: bot.Matrix, ID: "!r:example.org"}
	ana := bot.Member{ID: "@ana:example.org", Name: "ana"}
	say := func(d *Dispatcher, id, text string) []bot.Reply {
		return d.Handle(ctx, nil, bot.Message{Room: room, Sender: ana, Text: text, ID: id, Time: now})
	}

	// The change commits, then the process dies before the reply is queued.
	d := newDurableDispatcher(t, db, now)
	d.stopAfterCommit = func() bool { return true }
	if got := say(d, "$e1", "!add"); len(got) != 0 {
		t.Fatalf("replies %v from a killed run", got)
	}
	if countValue(t, db) != 1 || len(queued(t, db)) != 0 {
		t.Fatal("want the change saved and no reply queued")
	}

	// The restart tells the room, once.
	d = newDurableDispatcher(t, db, now.Add(time.Minute))
	if err := d.Recover(ctx); err != nil {
		t.Fatal(err)
	}
	got := queued(t, db)
	if len(got) != 1 || !strings.Contains(got[0].Reply.Text(), "ana's !add") || !strings.Contains(got[0].Reply.Text(), "answer was lost") {
		t.Fatalf("recovery notices %+v", got)
	}
	if err := d.Recover(ctx); err != nil || len(queued(t, db)) != 0 {
		t.Fatalf("a second start told the room again (%v)", err)
	}

	// The same message delivered again (the network resends it) does not run again.
	if got := say(d, "$e1", "!add"); len(got) != 0 || countValue(t, db) != 1 {
		t.Fatalf("a resent message ran again: %v, count %d", got, countValue(t, db))
	}

	// Without a stop: the reply is queued with the change, and a resend is ignored.
	if got := say(d, "$e2", "!add"); len(got) != 0 {
		t.Fatalf("a changing command answered directly: %v", got)
	}
	got = queued(t, db)
	if len(got) != 1 || got[0].Reply.Text() != "Added one." || got[0].Reply.InReplyTo != "$e2" || countValue(t, db) != 2 {
		t.Fatalf("queued %+v, count %d", got, countValue(t, db))
	}
	if got := say(d, "$e2", "!add"); len(got) != 0 || countValue(t, db) != 2 || len(queued(t, db)) != 0 {
		t.Fatal("a resent message ran again")
	}

	// A one-statement change outside a transaction is queued with its reply too.
	if got := say(d, "$e4", "!note hello"); len(got) != 0 {
		t.Fatalf("a one-statement change answered directly: %v", got)
	}
	if got := queued(t, db); len(got) != 1 || got[0].Reply.Text() != "Noted." {
		t.Fatalf("queued %+v", got)
	}

	// A command that changes nothing answers directly, as before.
	if got := say(d, "$e3", "!count"); len(got) != 1 || got[0].Text() != "Count: 2" || len(queued(t, db)) != 0 {
		t.Fatalf("!count: %v", got)
	}
}

// The notice of a stop names the time in the room's timezone, as everything said there.
func TestAStopIsToldInTheRoomsTimezone(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	room := bot.Room{Protocol: bot.Matrix, ID: "!r:example.org"}
	d := newDurableDispatcher(t, db, now)
	d.stopAfterCommit = func() bool { return true }
	d.Handle(ctx, nil, bot.Message{Room: room, Sender: bot.Member{ID: "@ana:example.org", Name: "ana"}, Text: "!add", ID: "$e1", Time: now})
	d = newDurableDispatcher(t, db, now.Add(time.Minute))
	berlin := time.FixedZone("CET", 3600)
	d.env.Location = func(context.Context, store.Querier, bot.Room) *time.Location { return berlin }
	if err := d.Recover(ctx); err != nil {
		t.Fatal(err)
	}
	got := queued(t, db)
	if len(got) != 1 || !strings.Contains(got[0].Reply.Text(), "Wed 25 Nov 11:00 CET") {
		t.Fatalf("recovery notices %+v, want the time in the room's timezone", got)
	}
}
