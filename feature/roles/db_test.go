package roles

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"folkmoot/bot"
	"folkmoot/rotation"
	"folkmoot/store"
	"folkmoot/store/storetest"
)

var (
	roleRoom  = bot.Room{Protocol: bot.XMPP, ID: "assembly@conference.example.org"}
	otherRoom = bot.Room{Protocol: bot.Matrix, ID: "!other:example.org"}
	rt0       = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
)

func roleNamesOf(t *testing.T, db store.Querier, room bot.Room) []string {
	t.Helper()
	roles, err := Roles(context.Background(), db, room)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range roles {
		names = append(names, r.Name)
	}
	return names
}

func TestRolesDefaultsAddRemove(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, migrations)
	defaults := []string{"facilitator", "notetaker", "mediator", "timekeeper"}
	if got := roleNamesOf(t, db, roleRoom); !reflect.DeepEqual(got, defaults) {
		t.Fatalf("fresh room: %v", got)
	}
	if err := PutRole(ctx, db, roleRoom, rotation.Role{Name: "cook", Seats: 2, Schedule: "every fri 18:00"}); err != nil {
		t.Fatal(err)
	}
	if err := RemoveRole(ctx, db, roleRoom, "mediator"); err != nil {
		t.Fatal(err)
	}
	if got, want := roleNamesOf(t, db, roleRoom), []string{"facilitator", "notetaker", "timekeeper", "cook"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("after add and remove: %v, want %v", got, want)
	}
	if ok, err := RoleHasHistory(ctx, db, roleRoom, "mediator"); err != nil || !ok {
		t.Errorf("removed role forgotten: %v %v", ok, err)
	}
	if ok, _ := RoleHasHistory(ctx, db, roleRoom, "juggler"); ok {
		t.Error("unknown role has history")
	}
	// Back again, in its old place and with a new schedule.
	if err := PutRole(ctx, db, roleRoom, rotation.Role{Name: "mediator", Seats: 1}); err != nil {
		t.Fatal(err)
	}
	if err := SetRoleSchedule(ctx, db, roleRoom, "cook", ""); err != nil {
		t.Fatal(err)
	}
	roles, _ := Roles(ctx, db, roleRoom)
	if len(roles) != 5 || roles[2].Name != "mediator" || roles[4] != (rotation.Role{Name: "cook", Seats: 2}) {
		t.Fatalf("roles: %+v", roles)
	}
	// A room that removed every role does not get the defaults back.
	for _, name := range defaults {
		if err := RemoveRole(ctx, db, otherRoom, name); err != nil {
			t.Fatal(err)
		}
	}
	if got := roleNamesOf(t, db, otherRoom); len(got) != 0 {
		t.Fatalf("emptied room: %v", got)
	}
}

func TestPoolPeriodsAndAway(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, migrations)
	steps := []struct {
		join    bool
		role    string
		at      time.Duration
		changed bool
	}{
		{true, "facilitator", 0, true},
		{true, "facilitator", time.Hour, false},
		{false, "facilitator", 2 * time.Hour, true},
		{false, "facilitator", 3 * time.Hour, false},
		{true, "facilitator", 4 * time.Hour, true},
		{true, "notetaker", 5 * time.Hour, true},
	}
	for i, s := range steps {
		f := LeavePool
		if s.join {
			f = JoinPool
		}
		if changed, err := f(ctx, db, roleRoom, s.role, "ana@example.org", rt0.Add(s.at)); err != nil || changed != s.changed {
			t.Fatalf("step %d: changed %v, err %v", i, changed, err)
		}
	}
	got, err := PoolPeriods(ctx, db, roleRoom)
	if err != nil {
		t.Fatal(err)
	}
	want := []rotation.PoolPeriod{
		{Role: "facilitator", Member: "ana@example.org", Joined: rt0, Left: rt0.Add(2 * time.Hour)},
		{Role: "facilitator", Member: "ana@example.org", Joined: rt0.Add(4 * time.Hour)},
		{Role: "notetaker", Member: "ana@example.org", Joined: rt0.Add(5 * time.Hour)},
	}
	if len(got) != len(want) {
		t.Fatalf("periods %+v", got)
	}
	for i := range want {
		if got[i].Role != want[i].Role || !got[i].Joined.Equal(want[i].Joined) || !got[i].Left.Equal(want[i].Left) {
			t.Errorf("period %d: %+v, want %+v", i, got[i], want[i])
		}
	}

	a := rotation.Absence{Member: "bo@example.org", Since: rt0, Until: rt0.Add(48 * time.Hour), Reason: "holiday"}
	if err := SetAway(ctx, db, roleRoom, a); err != nil {
		t.Fatal(err)
	}
	if away, _ := AwayAt(ctx, db, roleRoom, rt0.Add(time.Hour)); len(away) != 1 || away[0].Reason != "holiday" {
		t.Fatalf("away: %+v", away)
	}
	if away, _ := AwayAt(ctx, db, otherRoom, rt0.Add(time.Hour)); len(away) != 0 {
		t.Fatalf("away leaks to another room: %+v", away)
	}
	if back, err := EndAway(ctx, db, roleRoom, "bo@example.org", rt0.Add(2*time.Hour)); err != nil || !back {
		t.Fatalf("back: %v %v", back, err)
	}
	if away, _ := AwayAt(ctx, db, roleRoom, rt0.Add(3*time.Hour)); len(away) != 0 {
		t.Fatalf("still away after back: %+v", away)
	}
	if back, _ := EndAway(ctx, db, roleRoom, "bo@example.org", rt0.Add(4*time.Hour)); back {
		t.Fatal("back twice")
	}
}

func TestTermsConsentAndHistory(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, migrations)
	pick := rotation.Pick{Role: "facilitator", Number: 1, At: rt0, Seed: 42, Outgoing: []string{"cy@example.org"}, Why: "because"}
	if err := AddPick(ctx, db, roleRoom, &pick); err != nil {
		t.Fatal(err)
	}
	if err := AddPick(ctx, db, roleRoom, &rotation.Pick{Role: "facilitator", Number: 1, At: rt0}); err == nil {
		t.Fatal("two picks with one number")
	}
	start := func(member string, consent time.Time) rotation.Term {
		tm := rotation.Term{Role: "facilitator", Member: member, Via: rotation.ViaRotation, Pick: pick.ID, Start: rt0, ConsentUntil: consent}
		if err := StartTerm(ctx, db, roleRoom, &tm); err != nil {
			t.Fatal(err)
		}
		return tm
	}
	ana := start("ana@example.org", rt0.Add(12*time.Hour))
	if c, _ := ConsentPending(ctx, db, roleRoom, "ana@example.org", rt0.Add(time.Hour)); len(c) != 1 || c[0].ID != ana.ID {
		t.Fatalf("consent pending: %+v", c)
	}
	if c, _ := ConsentPending(ctx, db, roleRoom, "ana@example.org", rt0.Add(13*time.Hour)); len(c) != 0 {
		t.Fatalf("consent after the window: %+v", c)
	}
	if ok, err := DeclineTerm(ctx, db, ana.ID, rt0.Add(time.Hour), "travelling"); err != nil || !ok {
		t.Fatalf("decline: %v %v", ok, err)
	}
	if ok, _ := DeclineTerm(ctx, db, ana.ID, rt0.Add(time.Hour), "again"); ok {
		t.Fatal("declined twice")
	}
	bo := start("bo@example.org", rt0.Add(12*time.Hour))
	if ok, _ := ConfirmTerm(ctx, db, bo.ID); !ok {
		t.Fatal("confirm")
	}
	if ok, _ := ConfirmTerm(ctx, db, bo.ID); ok {
		t.Fatal("confirmed twice")
	}
	cur, _ := CurrentTerms(ctx, db, roleRoom)
	if len(cur) != 1 || cur[0].Member != "bo@example.org" || !cur[0].ConsentUntil.IsZero() || !cur[0].Current() {
		t.Fatalf("current: %+v", cur)
	}
	if ok, _ := HandOverTerm(ctx, db, bo.ID, rt0.Add(2*time.Hour), "cy@example.org"); !ok {
		t.Fatal("hand over")
	}
	cy := rotation.Term{Role: "facilitator", Member: "cy@example.org", Via: rotation.ViaSwap, Start: rt0.Add(2 * time.Hour)}
	if err := StartTerm(ctx, db, roleRoom, &cy); err != nil {
		t.Fatal(err)
	}
	held, _ := HeldTerms(ctx, db, roleRoom)
	if len(held) != 1 || held[0].Member != "cy@example.org" || held[0].Pick != 0 {
		t.Fatalf("held (what rotation counts): %+v", held)
	}
	hist, _ := TermHistory(ctx, db, roleRoom, "facilitator", 10)
	if len(hist) != 2 || hist[0].Member != "cy@example.org" || hist[1].State != rotation.TermHanded || hist[1].Note != "cy@example.org" {
		t.Fatalf("history: %+v", hist)
	}
	if hist, _ := TermHistory(ctx, db, roleRoom, "notetaker", 10); len(hist) != 0 {
		t.Fatalf("other role's history: %+v", hist)
	}
	if ok, _ := EndTerm(ctx, db, cy.ID, rt0.Add(3*time.Hour)); !ok {
		t.Fatal("end")
	}
	if got, err := TermByID(ctx, db, roleRoom, cy.ID); err != nil || got.Current() || !got.End.Equal(rt0.Add(3*time.Hour)) {
		t.Fatalf("ended term: %+v %v", got, err)
	}
	if _, err := TermByID(ctx, db, otherRoom, cy.ID); !errors.Is(err, ErrNoTerm) {
		t.Fatalf("term of another room: %v", err)
	}

	if err := UpdatePick(ctx, db, pick.ID, []string{"ana@example.org"}, "asked bo"); err != nil {
		t.Fatal(err)
	}
	last, ok, err := LastPick(ctx, db, roleRoom, "facilitator")
	if err != nil || !ok || last.Why != "asked bo" || !reflect.DeepEqual(last.Declined, []string{"ana@example.org"}) ||
		!reflect.DeepEqual(last.Outgoing, []string{"cy@example.org"}) || last.Seed != 42 {
		t.Fatalf("last pick: %+v %v %v", last, ok, err)
	}
	if _, ok, _ := LastPick(ctx, db, roleRoom, "notetaker"); ok {
		t.Fatal("pick of a role never filled")
	}
	if n, _ := PickNumbers(ctx, db, roleRoom); n["facilitator"] != 1 || len(n) != 1 {
		t.Fatalf("pick numbers: %v", n)
	}
}

func TestSwapOffers(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, migrations)
	term := rotation.Term{Role: "notetaker", Member: "ana@example.org", Via: rotation.ViaRotation, Start: rt0}
	if err := StartTerm(ctx, db, roleRoom, &term); err != nil {
		t.Fatal(err)
	}
	s := rotation.Swap{Term: term.ID, From: "ana@example.org", To: "bo@example.org", Offered: rt0, Expires: rt0.Add(12 * time.Hour)}
	if err := OfferSwap(ctx, db, roleRoom, &s); err != nil {
		t.Fatal(err)
	}
	open := func(at time.Time) int {
		ss, err := OpenSwaps(ctx, db, roleRoom, "bo@example.org", at)
		if err != nil {
			t.Fatal(err)
		}
		if len(ss) == 1 && ss[0].Role != "notetaker" {
			t.Fatalf("swap role %q", ss[0].Role)
		}
		return len(ss)
	}
	if open(rt0.Add(time.Hour)) != 1 || open(rt0.Add(13*time.Hour)) != 0 {
		t.Fatal("offer should stand for 12 hours")
	}
	if _, err := EndTerm(ctx, db, term.ID, rt0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if open(rt0.Add(3*time.Hour)) != 0 {
		t.Fatal("offer of an ended term still open")
	}
	if ok, _ := SettleSwap(ctx, db, s.ID, false); !ok {
		t.Fatal("settle")
	}
	if ok, _ := SettleSwap(ctx, db, s.ID, true); ok {
		t.Fatal("settled twice")
	}
}
