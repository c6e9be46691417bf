package rounds

import (
	"context"
	"testing"
	"time"

	"folkmoot/bot"
	"folkmoot/round"
	"folkmoot/store/storetest"
)

var (
	roleRoom  = bot.Room{Protocol: bot.XMPP, ID: "assembly@conference.example.org"}
	otherRoom = bot.Room{Protocol: bot.Matrix, ID: "!other:example.org"}
	rt0       = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
)

func TestRoundStateRoundTrips(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, migrations)
	s, next, err := LoadState(ctx, db, roleRoom)
	if err != nil || s.Round != nil || !next.IsZero() {
		t.Fatalf("no row: %+v %v %v", s, next, err)
	}
	ana := round.Member{ID: "ana@example.org", Name: "ana"}
	r, err := s.Start(rt0, round.Spec{Each: 2 * time.Minute, Pause: 10 * time.Second, With: []round.Member{ana}})
	if err != nil {
		t.Fatal(err)
	}
	for i, at := range []time.Time{rt0, rt0.Add(time.Minute)} { // the second save replaces the first
		if err := SaveState(ctx, db, roleRoom, r.State, r.Next.Add(time.Duration(i)*time.Second), at); err != nil {
			t.Fatal(err)
		}
	}
	got, next, err := LoadState(ctx, db, roleRoom)
	if err != nil || got.Round == nil || got.Round.Slots[0].Member != ana || !next.Equal(r.Next.Add(time.Second)) {
		t.Fatalf("loaded %+v next %v, %v", got.Round, next, err)
	}
	if other, _, _ := LoadState(ctx, db, otherRoom); other.Round != nil {
		t.Fatal("the state is per room")
	}
}

func TestTurnsAndReportsByPeriod(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, migrations)
	bo := bot.Member{ID: "bo@example.org", Name: "bo"}
	turns := []round.Turn{
		{Member: bo, Time: 90 * time.Second, Turns: 1, At: rt0, Source: round.TurnInRound},
		{Member: bo, Time: 0, At: rt0.Add(time.Hour), Source: round.TurnInQueue},
		{Member: bo, Time: time.Second, Turns: 1, At: rt0.Add(48 * time.Hour), Source: round.TurnInQueue},
	}
	if err := AddTurns(ctx, db, roleRoom, turns); err != nil {
		t.Fatal(err)
	}
	got, err := TurnsBetween(ctx, db, roleRoom, rt0, rt0.Add(24*time.Hour))
	if err != nil || len(got) != 2 || got[0].Time != 90*time.Second || got[0].Member != bo || got[1].Source != round.TurnInQueue || !got[1].At.Equal(rt0.Add(time.Hour)) {
		t.Fatalf("turns %+v, %v", got, err)
	}
	if other, _ := TurnsBetween(ctx, db, otherRoom, rt0, rt0.Add(72*time.Hour)); len(other) != 0 {
		t.Fatalf("other room: %+v", other)
	}
	rep := round.Report{Topic: "hall", Lines: []round.Line{{Member: round.Member{ID: bo.ID}, Spoke: true, Used: time.Minute}}, Total: time.Minute}
	if err := AddReport(ctx, db, roleRoom, rt0, rep); err != nil {
		t.Fatal(err)
	}
	reps, err := Reports(ctx, db, roleRoom, rt0, rt0.Add(time.Second))
	if err != nil || len(reps) != 1 || reps[0].Report.Topic != "hall" || reps[0].Report.Total != time.Minute {
		t.Fatalf("reports %+v, %v", reps, err)
	}
}
