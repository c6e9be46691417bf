package stories

import (
	"context"
	"testing"
	"time"

	"folkmoot/bot"
	"folkmoot/store/storetest"
	"folkmoot/story"
)

var (
	roleRoom = bot.Room{Protocol: bot.XMPP, ID: "assembly@conference.example.org"}
	rt0      = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
)

func TestStoriesAndMeasures(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	for i, text := range []string{"bench", "verge", "shelter"} {
		s := story.Story{Text: text, ToldBy: bot.Member{ID: "ana@example.org"}, ToldAt: rt0.Add(time.Duration(i) * time.Hour)}
		if err := AddStory(ctx, db, roleRoom, &s); err != nil {
			t.Fatal(err)
		}
	}
	got, err := InPeriod(ctx, db, roleRoom, rt0.Add(time.Hour), rt0.Add(2*time.Hour))
	if err != nil || len(got) != 1 || got[0].Text != "verge" {
		t.Fatalf("stories in [from, to): %+v %v", got, err)
	}
	for i, v := range []float64{11, 12.5, 9} {
		m := story.Measure{Name: "pollinators", Value: v, Unit: "per-10-min", TakenBy: "ana@example.org", TakenAt: rt0.Add(time.Duration(i) * time.Hour)}
		if err := AddMeasure(ctx, db, roleRoom, &m); err != nil {
			t.Fatal(err)
		}
	}
	rain := story.Measure{Name: "rain", Value: 3, TakenBy: "ana@example.org", TakenAt: rt0}
	if err := AddMeasure(ctx, db, roleRoom, &rain); err != nil {
		t.Fatal(err)
	}
	all, err := Readings(ctx, db, roleRoom, "", rt0, rt0.Add(24*time.Hour))
	if err != nil || len(all) != 4 || all[1].Value != 12.5 || all[3].Name != "rain" {
		t.Fatalf("all measures, by name then time: %+v %v", all, err)
	}
	if one, _ := Readings(ctx, db, roleRoom, "rain", rt0, rt0.Add(time.Hour)); len(one) != 1 {
		t.Errorf("one measure: %+v", one)
	}
}
