package mandates

import (
	"context"
	"errors"
	"testing"
	"time"

	"folkmoot/bot"
	"folkmoot/mandate"
	"folkmoot/store"
	"folkmoot/store/storetest"
)

var (
	roleRoom  = bot.Room{Protocol: bot.XMPP, ID: "assembly@conference.example.org"}
	otherRoom = bot.Room{Protocol: bot.Matrix, ID: "!other:example.org"}
	rt0       = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
)

// delegateTerm reads the term a mandate holds of the delegate role: its role, how it came
// about, and whether it is still running.
func delegateTerm(t *testing.T, q store.Querier, id int64) (role, via string, running bool) {
	t.Helper()
	err := q.QueryRowContext(context.Background(), `SELECT role, via, ended_at IS NULL FROM role_terms WHERE id = ?`, id).Scan(&role, &via, &running)
	if err != nil {
		t.Fatal(err)
	}
	return role, via, running
}

func TestMandates(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, migrations)
	give := func(room bot.Room, who string, ends time.Duration) mandate.Mandate {
		m := mandate.Mandate{Member: bot.Member{ID: who, Name: "Bo"}, Scope: "speak for us", GivenBy: "ana@example.org",
			Start: rt0, Ends: rt0.Add(ends)}
		if err := createMandate(ctx, db, room, &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	m1 := give(roleRoom, "bo@example.org", 72*time.Hour)
	m2 := give(roleRoom, "cy@example.org", 24*time.Hour)
	o1 := give(otherRoom, "bo@example.org", time.Hour)
	if m1.Number != 1 || m2.Number != 2 || o1.Number != 1 {
		t.Fatalf("numbers %d %d %d: per room", m1.Number, m2.Number, o1.Number)
	}
	active, _ := Active(ctx, db, roleRoom)
	if len(active) != 2 || active[0].Number != 2 || active[1].Member.Name != "Bo" {
		t.Fatalf("active, soonest first: %+v", active)
	}
	for _, m := range active {
		if role, via, running := delegateTerm(t, db, m.Term); role != "delegate" || via != "mandate" || !running {
			t.Fatalf("delegate term of #%d: %s %s %v", m.Number, role, via, running)
		}
	}
	if ok, err := endMandate(ctx, db, m1, rt0.Add(time.Hour), mandate.Recalled, "vote #3"); err != nil || !ok {
		t.Fatalf("end: %v %v", ok, err)
	}
	if ok, _ := endMandate(ctx, db, m1, rt0.Add(2*time.Hour), mandate.Expired, ""); ok {
		t.Fatal("ended twice")
	}
	got, err := mandateByNumber(ctx, db, roleRoom, 1)
	if err != nil || got.Active() || got.EndReason != mandate.Recalled || got.EndedBy != "vote #3" || !got.EndedAt.Equal(rt0.Add(time.Hour)) {
		t.Fatalf("ended mandate: %+v %v", got, err)
	}
	if _, _, running := delegateTerm(t, db, m1.Term); running {
		t.Fatal("the delegate term outlived its mandate")
	}
	if ended, _ := endedSince(ctx, db, roleRoom, rt0); len(ended) != 1 || ended[0].ID != m1.ID {
		t.Fatalf("ended since: %+v", ended)
	}
	if ended, _ := endedSince(ctx, db, roleRoom, rt0.Add(2*time.Hour)); len(ended) != 0 {
		t.Fatalf("ended since later: %+v", ended)
	}
	if _, err := mandateByNumber(ctx, db, roleRoom, 9); !errors.Is(err, mandate.ErrNotFound) {
		t.Fatalf("missing mandate: %v", err)
	}
	if _, err := mandateByID(ctx, db, otherRoom, m2.ID); !errors.Is(err, mandate.ErrNotFound) {
		t.Fatalf("mandate of another room: %v", err)
	}
	if all, _ := All(ctx, db, roleRoom); len(all) != 2 {
		t.Fatalf("all: %+v", all)
	}
}
