package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"folkmoot/bot"
	"folkmoot/store"
	"folkmoot/store/storetest"
)

func TestMandates(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	give := func(room bot.Room, who string, ends time.Duration) store.Mandate {
		m := store.Mandate{Member: bot.Member{ID: who, Name: "Bo"}, Scope: "speak for us", GivenBy: "ana@example.org",
			Start: rt0, Ends: rt0.Add(ends)}
		if err := store.CreateMandate(ctx, db, room, &m); err != nil {
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
	active, _ := store.ActiveMandates(ctx, db, roleRoom)
	if len(active) != 2 || active[0].Number != 2 || active[1].Member.Name != "Bo" {
		t.Fatalf("active, soonest first: %+v", active)
	}
	cur, _ := store.CurrentTerms(ctx, db, roleRoom)
	if len(cur) != 2 || cur[0].Role != store.DelegateRole || cur[0].Via != store.ViaMandate {
		t.Fatalf("delegate terms: %+v", cur)
	}
	if ok, err := store.EndMandate(ctx, db, m1, rt0.Add(time.Hour), store.MandateRecalled, "vote #3"); err != nil || !ok {
		t.Fatalf("end: %v %v", ok, err)
	}
	if ok, _ := store.EndMandate(ctx, db, m1, rt0.Add(2*time.Hour), store.MandateExpired, ""); ok {
		t.Fatal("ended twice")
	}
	got, err := store.MandateByNumber(ctx, db, roleRoom, 1)
	if err != nil || got.Active() || got.EndReason != store.MandateRecalled || got.EndedBy != "vote #3" || !got.EndedAt.Equal(rt0.Add(time.Hour)) {
		t.Fatalf("ended mandate: %+v %v", got, err)
	}
	if term, _ := store.TermByID(ctx, db, roleRoom, m1.Term); term.Current() {
		t.Fatal("the delegate term outlived its mandate")
	}
	if ended, _ := store.MandatesEndedSince(ctx, db, roleRoom, rt0); len(ended) != 1 || ended[0].ID != m1.ID {
		t.Fatalf("ended since: %+v", ended)
	}
	if ended, _ := store.MandatesEndedSince(ctx, db, roleRoom, rt0.Add(2*time.Hour)); len(ended) != 0 {
		t.Fatalf("ended since later: %+v", ended)
	}
	if _, err := store.MandateByNumber(ctx, db, roleRoom, 9); !errors.Is(err, store.ErrNoMandate) {
		t.Fatalf("missing mandate: %v", err)
	}
	if _, err := store.MandateByID(ctx, db, otherRoom, m2.ID); !errors.Is(err, store.ErrNoMandate) {
		t.Fatalf("mandate of another room: %v", err)
	}
	if all, _ := store.AllMandates(ctx, db, roleRoom); len(all) != 2 {
		t.Fatalf("all: %+v", all)
	}
}
