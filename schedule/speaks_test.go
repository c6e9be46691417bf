package schedule

import (
	"context"
	"testing"
	"testing/fstest"
	"time"

	"folkmoot/bot"
	"folkmoot/store"
	"folkmoot/store/storetest"
	"folkmoot/words"
)

// A feature's job title kept in its catalog, as a feature's lang/*.yaml gives it; it joins
// the program's catalog of this test binary only.
func init() {
	words.Add(fstest.MapFS{
		"lang/en.yaml": {Data: []byte("scheduletest:\n  reminder: \"the reminder #{{.Number}} “{{.Text}}”\"\n")},
		"lang/es.yaml": {Data: []byte("scheduletest:\n  reminder: \"el recordatorio n.º {{.Number}} «{{.Text}}»\"\n")},
	})
}

// TestMissedNoticeInTheRoomsLanguage: the notice of a job missed while folkmoot was offline
// speaks the language of the job's room, a time in its words; a title its feature kept in the
// catalog (Titled) is said in that language too, one stored in English stays as it was.
func TestMissedNoticeInTheRoomsLanguage(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	setupFirings(t, db)
	clock := &fakeClock{t: t0}
	before := newScheduler(db, clock, time.Hour)
	add(t, before, Job{Kind: "remind", Title: "reminder: bring chairs", Due: t0.Add(time.Hour), Timezone: "Europe/Berlin"})
	add(t, before, Job{Kind: "remind", Title: Titled("scheduletest.reminder", "Number", 3, "Text", "traer sillas"), Due: t0.Add(time.Hour), Timezone: "Europe/Berlin"})
	clock.Set(t0.Add(5 * time.Hour))
	after := newScheduler(db, clock, time.Hour)
	berlin, _ := time.LoadLocation("Europe/Berlin")
	after.Speak("!", func(context.Context, store.Querier, bot.Room) *time.Location { return berlin },
		func(context.Context, store.Querier, bot.Room) *words.Lang { return words.For("es") })
	after.Register("remind", Kind{Handle: recordFiring})
	if _, err := after.FireDue(ctx); err != nil {
		t.Fatal(err)
	}
	got := outboxTexts(t, db)
	want := []string{
		"Mientras folkmoot estaba desconectado, esto no se hizo a su hora (mié 25 nov 12:00 CET): «reminder: bring chairs».",
		"Mientras folkmoot estaba desconectado, esto no se hizo a su hora (mié 25 nov 12:00 CET): el recordatorio n.º 3 «traer sillas».",
	}
	if len(got) != len(want) {
		t.Fatalf("notices %q", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("notice %d:\n got %q\nwant %q", i, got[i], want[i])
		}
	}
}

// TestTitled: a title kept in the catalog reads as its message in English (Name) and in any
// language (NameIn, TitleIn); a stored English title is read as before.
func TestTitled(t *testing.T) {
	j := Job{Kind: "remind", Title: Titled("scheduletest.reminder", "Number", 12, "Text", "tea")}
	if got := j.Name(); got != "the reminder #12 “tea”" {
		t.Errorf("Name = %q", got)
	}
	if got := j.TitleIn(words.For("es")); got != "el recordatorio n.º 12 «tea»" {
		t.Errorf("TitleIn(es) = %q", got)
	}
	old := Job{Kind: "remind", Title: "the scheduled digest"}
	if got, title := old.Name(), old.TitleIn(words.For("es")); got != "the scheduled digest" || title != "the scheduled digest" {
		t.Errorf("a stored title: Name %q, TitleIn %q", got, title)
	}
	if got := (Job{Kind: "vote-close"}).NameIn(words.For("es")); got != "la acción programada vote-close" {
		t.Errorf("a job without a title: %q", got)
	}
}
