package store_test

import (
	"context"
	"testing"
	"time"

	"folkmoot/bot"
	"folkmoot/round"
	"folkmoot/store"
	"folkmoot/store/storetest"
)

func TestRoundStateRoundTrips(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	s, next, err := store.LoadRound(ctx, db, roleRoom)
	if err != nil || s.Round != nil || !next.IsZero() {
		t.Fatalf("no row: %+v %v %v", s, next, err)
	}
	ana := round.Member{ID: "ana@example.org", Name: "ana"}
	r, err := s.Start(rt0, round.Spec{Each: 2 * time.Minute, Pause: 10 * time.Second, With: []round.Member{ana}})
	if err != nil {
		t.Fatal(err)
	}
	for i, at := range []time.Time{rt0, rt0.Add(time.Minute)} { // the second save replaces the first
		if err := store.SaveRound(ctx, db, roleRoom, r.State, r.Next.Add(time.Duration(i)*time.Second), at); err != nil {
			t.Fatal(err)
		}
	}
	got, next, err := store.LoadRound(ctx, db, roleRoom)
	if err != nil || got.Round == nil || got.Round.Slots[0].Member != ana || !next.Equal(r.Next.Add(time.Second)) {
		t.Fatalf("loaded %+v next %v, %v", got.Round, next, err)
	}
	if other, _, _ := store.LoadRound(ctx, db, otherRoom); other.Round != nil {
		t.Fatal("the state is per room")
	}
}

func TestTurnsAndReportsByPeriod(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	bo := bot.Member{ID: "bo@example.org", Name: "bo"}
	turns := []store.Turn{
		{Member: bo, Time: 90 * time.Second, Turns: 1, At: rt0, Source: store.TurnInRound},
		{Member: bo, Time: 0, At: rt0.Add(time.Hour), Source: store.TurnInQueue},
		{Member: bo, Time: time.Second, Turns: 1, At: rt0.Add(48 * time.Hour), Source: store.TurnInQueue},
	}
	if err := store.AddTurns(ctx, db, roleRoom, turns); err != nil {
		t.Fatal(err)
	}
	got, err := store.TurnsBetween(ctx, db, roleRoom, rt0, rt0.Add(24*time.Hour))
	if err != nil || len(got) != 2 || got[0].Time != 90*time.Second || got[0].Member != bo || got[1].Source != store.TurnInQueue || !got[1].At.Equal(rt0.Add(time.Hour)) {
		t.Fatalf("turns %+v, %v", got, err)
	}
	if other, _ := store.TurnsBetween(ctx, db, otherRoom, rt0, rt0.Add(72*time.Hour)); len(other) != 0 {
		t.Fatalf("other room: %+v", other)
	}
	rep := round.Report{Topic: "hall", Lines: []round.Line{{Member: round.Member{ID: bo.ID}, Spoke: true, Used: time.Minute}}, Total: time.Minute}
	if err := store.AddRoundReport(ctx, db, roleRoom, rt0, rep); err != nil {
		t.Fatal(err)
	}
	reps, err := store.RoundReports(ctx, db, roleRoom, rt0, rt0.Add(time.Second))
	if err != nil || len(reps) != 1 || reps[0].Report.Topic != "hall" || reps[0].Report.Total != time.Minute {
		t.Fatalf("reports %+v, %v", reps, err)
	}
}
