package store_test

import (
	"context"
	"testing"
	"time"

	"folkmoot/bot"
	"folkmoot/store"
	"folkmoot/store/storetest"
)

func TestStoriesAndMeasures(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	for i, text := range []string{"bench", "verge", "shelter"} {
		s := store.Story{Text: text, ToldBy: bot.Member{ID: "ana@example.org"}, ToldAt: rt0.Add(time.Duration(i) * time.Hour)}
		if err := store.AddStory(ctx, db, roleRoom, &s); err != nil {
			t.Fatal(err)
		}
	}
	got, err := store.StoriesInPeriod(ctx, db, roleRoom, rt0.Add(time.Hour), rt0.Add(2*time.Hour))
	if err != nil || len(got) != 1 || got[0].Text != "verge" {
		t.Fatalf("stories in [from, to): %+v %v", got, err)
	}
	for i, v := range []float64{11, 12.5, 9} {
		m := store.Measure{Name: "pollinators", Value: v, Unit: "per-10-min", TakenBy: "ana@example.org", TakenAt: rt0.Add(time.Duration(i) * time.Hour)}
		if err := store.AddMeasure(ctx, db, roleRoom, &m); err != nil {
			t.Fatal(err)
		}
	}
	rain := store.Measure{Name: "rain", Value: 3, TakenBy: "ana@example.org", TakenAt: rt0}
	if err := store.AddMeasure(ctx, db, roleRoom, &rain); err != nil {
		t.Fatal(err)
	}
	all, err := store.MeasuresInPeriod(ctx, db, roleRoom, "", rt0, rt0.Add(24*time.Hour))
	if err != nil || len(all) != 4 || all[1].Value != 12.5 || all[3].Name != "rain" {
		t.Fatalf("all measures, by name then time: %+v %v", all, err)
	}
	if one, _ := store.MeasuresInPeriod(ctx, db, roleRoom, "rain", rt0, rt0.Add(time.Hour)); len(one) != 1 {
		t.Errorf("one measure: %+v", one)
	}
}
