package stories_test

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"folkmoot/app/apptest"
	"folkmoot/config"
	"folkmoot/feature/stories"
	"folkmoot/minutes"
	"folkmoot/story"
)

func TestStories(t *testing.T) {
	kit := apptest.New(t, stories.Feature())
	room := kit.Room("a")
	room.Answers(t, "ana", "!stories", "No story was told in the last 30 days. Tell one with !story <text>.")
	room.Answers(t, "ana", "!story the kids from number 12 planted the verge\nwith <i>wildflowers</i>",
		"Story recorded, told by ana Wed 25 Nov 10:00 CET. It will be in the digest.")
	kit.Advance(t, 10*24*time.Hour)
	room.Answers(t, "bo", "!story bo's neighbour fixed the bus shelter bench")
	room.Answers(t, "cy", "!stories", "Stories told in the last 30 days:\n"+
		"• Wed 25 Nov 10:00 CET, told by ana: the kids from number 12 planted the verge with <i>wildflowers</i>\n"+
		"• Sat 5 Dec 10:00 CET, told by bo: bo's neighbour fixed the bus shelter bench")
	room.Answers(t, "cy", "!stories november", "Stories told in November 2026:\n• Wed 25 Nov", "planted the verge")
	room.Answers(t, "cy", "!stories 2026-12", "Stories told in December 2026:\n• Sat 5 Dec")
	room.Answers(t, "cy", "!stories mar", "No story was told in March 2026.")

	got, err := stories.InPeriod(context.Background(), kit.App.DB, room.Room, apptest.Start, apptest.Start.Add(24*time.Hour))
	if err != nil || len(got) != 1 || got[0].ToldBy.ID != "ana@example.org" {
		t.Fatalf("InPeriod: %+v, %v", got, err)
	}
	told, _, err := stories.ForDigest(context.Background(), kit.App.DB, room.Room, apptest.Start, kit.Clock.Now().Add(time.Second))
	if err != nil || len(told) != 2 || told[1].Teller != "bo" || told[0].Text != "the kids from number 12 planted the verge with <i>wildflowers</i>" {
		t.Fatalf("ForDigest stories: %+v, %v", told, err)
	}
}

func TestMeasures(t *testing.T) {
	kit := apptest.New(t, stories.Feature())
	room := kit.Room("a")
	room.Answers(t, "ana", "!measures", "Nothing has been measured here yet.")
	room.Answers(t, "ana", "!measure pollinators 11 per-10-min", "Recorded pollinators: 11 per-10-min.")
	for _, v := range []string{"12", "9", "14"} {
		kit.Advance(t, 7*24*time.Hour)
		room.Say(t, "bo", "!measure Pollinators "+v)
	}
	room.Answers(t, "ana", "!measure rain 23,5 mm", "Recorded rain: 23.5 mm.")
	room.Answers(t, "ana", "!measures", "Measures (latest, change since the previous reading, the last readings):\n"+
		"• pollinators: 14 per-10-min (+5 since Wed 9 Dec 10:00 CET) ▄▅▁█\n"+
		"• rain: 23.5 mm (first reading, Wed 16 Dec 10:00 CET)")
	room.Answers(t, "ana", "!measures pollinators", "pollinators: 14 per-10-min (+5 since", "Readings:\n• Wed 25 Nov 10:00 CET: 11 per-10-min\n• Wed 2 Dec")
	room.Answers(t, "ana", "!measure rain 20.25", "Recorded rain: 20.25 mm (−3.25 since Wed 16 Dec 10:00 CET).")

	series, err := stories.MeasuresInPeriod(context.Background(), kit.App.DB, room.Room, "", apptest.Start, kit.Clock.Now().Add(time.Second))
	if err != nil || len(series) != 2 || series[0].Name != "pollinators" || len(series[0].Readings) != 4 || series[1].Values(0)[1] != 20.25 {
		t.Fatalf("MeasuresInPeriod: %+v, %v", series, err)
	}
	_, ms, err := stories.ForDigest(context.Background(), kit.App.DB, room.Room, apptest.Start, kit.Clock.Now().Add(time.Second))
	if err != nil || len(ms) != 2 || ms[0].Unit != "per-10-min" || len(ms[0].Points) != 4 || ms[1].Points[1].Value != 20.25 {
		t.Fatalf("ForDigest measures: %+v, %v", ms, err)
	}
}

func TestBadStoryAndMeasureInputStoresNothing(t *testing.T) {
	kit := apptest.New(t, stories.Feature())
	room := kit.Room("a")
	tests := []struct{ in, want string }{
		{"!story", "Tell the story after !story."},
		{"!stories someday", "I couldn't read the month “someday”. Try: !stories march"},
		// Only the word that could not be read is quoted, inert; then what works.
		{"!stories someday soon", "I couldn't read the month “someday”. Try: !stories march, !stories mar 2026, !stories 2026-03."},
		{"!stories march soon", "I couldn't read the month at “soon”, after “march”. Try: !stories march"},
		{"!stories ‮🌻", "I couldn't read the month “🌻”."},
		{"!stories 3 march", "I couldn't read the month “3”."},
		{"!measure", "Say what was measured and the number. Use: !measure <name> <number> [unit], like !measure pollinators 14 per-10-min."},
		{"!measure pollinators", "Say what was measured and the number."},
		{"!measure pollinators many", "“many” is not a number. Use: !measure <name> <number> [unit]"},
		{"!measure pollinators NaN", "“NaN” is not a number."},
		{"!measure <b>x</b> 3", "A measure's name is one word"},
		{"!measure rain 3 millimetres-of-rain-per-square-metre", "Please keep the unit under 24 characters."},
		{"!measures rain", "Nothing was measured as “rain” here"},
	}
	for _, tc := range tests {
		room.Answers(t, "ana", tc.in, tc.want)
	}
	room.Answers(t, "ana", "!measures", "Nothing has been measured here yet.")
	room.Answers(t, "ana", "!stories", "No story was told")
}

// A story's text is one inert line.
func TestStoryIsInert(t *testing.T) {
	kit := apptest.New(t, stories.Feature())
	room := kit.Room("a")
	room.Say(t, "ana", "!story a\u202egood\u2066 day\n• forged line")
	got := room.SayOne(t, "ana", "!stories")
	if got != "Stories told in the last 30 days:\n• Wed 25 Nov 10:00 CET, told by ana: agood day • forged line" {
		t.Fatalf("%q", got)
	}

}

// !stories shows the latest fifteen of a long month.
func TestManyStories(t *testing.T) {
	kit := apptest.New(t, stories.Feature())
	room := kit.Room("a")
	for i := range 17 {
		room.Say(t, "ana", fmt.Sprintf("!story story %d", i+1))
		kit.Advance(t, time.Hour)
	}
	got := room.SayOne(t, "ana", "!stories")
	apptest.Has(t, "stories", got, "Stories told in the last 30 days, the latest 15 of 17:", "story 3\n", "story 17")
	apptest.Lacks(t, "stories", got, "story 2\n")
}

// Only finite readings in range are recorded; the refusal says the range and the form.
func TestReadingsAreFiniteAndInRange(t *testing.T) {
	kit := apptest.New(t, stories.Feature())
	room := kit.Room("a")
	outOfRange := "is too large for a reading: give a number between −1,000,000,000,000 and 1,000,000,000,000 (at most 12 digits before the point), like 14, 2.5 or -3."
	tests := []struct{ in, want string }{
		{"!measure rain 1e308", "“1e308” " + outOfRange},
		{"!measure rain -1e308 mm", "“-1e308” " + outOfRange},
		{"!measure rain 1000000000001", "“1000000000001” " + outOfRange},
		{"!measure rain 1e999", "“1e999” is not a number."},
		{"!measure rain ∞", "“∞” is not a number."},
		{"!measure rain +Inf", "“+Inf” is not a number."},
	}
	for _, tc := range tests {
		room.Answers(t, "ana", tc.in, tc.want)
	}
	room.Answers(t, "ana", "!measures", "Nothing has been measured here yet.")
	room.Answers(t, "ana", "!measure rain -1e12 mm", "Recorded rain: -1000000000000 mm.")
	room.Answers(t, "ana", "!measure rain 1e12", "Recorded rain: 1000000000000 mm (+2000000000000 since")
}

// Readings stored before they were checked (an infinity, 1e308) show as what they are, and
// no renderer breaks: !measures, and the digest's charts, which draw the readings in range.
func TestOldReadingsOutOfRangeBreakNothing(t *testing.T) {
	kit := apptest.New(t, stories.Feature())
	room := kit.Room("a")
	ctx := context.Background()
	for i, v := range []float64{-1e308, 3, math.Inf(1), 1e308, 5} {
		m := story.Measure{Name: "rain", Value: v, Unit: "mm", TakenBy: "ana@example.org", TakenAt: apptest.Start.Add(time.Duration(i) * time.Hour)}
		if err := stories.AddMeasure(ctx, kit.App.DB, room.Room, &m); err != nil {
			t.Fatal(err)
		}
	}
	kit.Advance(t, 6*time.Hour)
	room.Answers(t, "ana", "!measures", "• rain: 5 mm (−1e+308 since Wed 25 Nov 13:00 CET) ▁▅·█▅")
	room.Answers(t, "ana", "!measures rain", "• Wed 25 Nov 12:00 CET: ∞ mm\n• Wed 25 Nov 13:00 CET: 1e+308 mm")
	room.Answers(t, "ana", "!measure rain 7", "Recorded rain: 7 mm (+2 since")
	m := story.Measure{Name: "snow", Value: math.Inf(-1), Unit: "cm", TakenBy: "ana@example.org", TakenAt: kit.Clock.Now()}
	if err := stories.AddMeasure(ctx, kit.App.DB, room.Room, &m); err != nil {
		t.Fatal(err)
	}
	kit.Advance(t, time.Minute)
	room.Answers(t, "ana", "!measure snow 2", "Recorded snow: 2 cm (change unknown since")

	from, to := apptest.Start.Add(-time.Hour), kit.Clock.Now().Add(time.Second)
	_, ms, err := stories.ForDigest(ctx, kit.App.DB, room.Room, from, to)
	if err != nil || len(ms) != 2 || len(ms[0].Points) != 3 || len(ms[1].Points) != 1 {
		t.Fatalf("ForDigest: %+v %v", ms, err)
	}
	dg := &minutes.Digest{From: from, To: to, Measures: ms}
	text, err := minutes.DigestText(dg)
	if err != nil || !strings.Contains(string(text), "rain") {
		t.Fatalf("text digest: %v\n%s", err, text)
	}
	html, err := minutes.DigestHTML(dg, minutes.Options{})
	if err != nil || strings.Contains(string(html), "NaN") || strings.Contains(string(html), "Inf") {
		t.Fatalf("HTML digest: %v", err)
	}
}

// A measure keeps its unit: a reading in another unit is refused with the measure's unit and
// how to record the other as a measure of its own; the same unit in other letters is the same.
func TestAMeasureKeepsItsUnit(t *testing.T) {
	kit := apptest.New(t, stories.Feature())
	room := kit.Room("a")
	room.Answers(t, "ana", "!measure pollinators 15 bees", "Recorded pollinators: 15 bees.")
	room.Answers(t, "bo", "!measure pollinators 16 hives",
		"pollinators is measured in bees: give this reading in bees, or without a unit. If hives are another measure, give it a name of its own, like !measure pollinators-hives 16 hives.")
	room.Answers(t, "bo", "!measure pollinators 16 bees per 10 min", "If bees per 10 min are another measure", "!measure pollinators-bees-per-10-min 16 bees per 10 min.")
	room.Answers(t, "bo", "!measure pollinators 16 Bees", "Recorded pollinators: 16 bees (+1 since")
	room.Answers(t, "bo", "!measure pollinators 17", "Recorded pollinators: 17 bees (+1 since")
	room.Answers(t, "رێزان", "!measure visitors 31", "Recorded visitors: 31.")
	room.Answers(t, "رێزان", "!measure visitors 33 کەس", "Recorded visitors: 33 کەس (+2 since Wed 25 Nov 10:00 CET). Its readings are in کەس from now on.")
	room.Answers(t, "رێزان", "!measure visitors 34 🌻", "visitors is measured in کەس", "like !measure <new-name> 34 🌻.")
	room.Answers(t, "ana", "!measures pollinators", "pollinators: 17 bees", "16 bees\n• Wed 25 Nov 10:00 CET: 17 bees")
	apptest.Lacks(t, "nothing stored", room.SayOne(t, "ana", "!measures pollinators"), "hives")
}

// Stories and readings are kept for good and fill the digests: one member may record a
// limited number a day, over every room; the refusal says the limit, its key and when the
// next can come. !measures lists a bounded number of measures.
func TestStoriesAndReadingsAreLimitedPerMemberAndDay(t *testing.T) {
	kit := apptest.NewWith(t, t.TempDir(), apptest.Start, func(c *config.Config) {
		c.Limits.StoriesPerMemberPerDay, c.Limits.ReadingsPerMemberPerDay = 2, 3
	}, stories.Feature())
	room, other := kit.Room("a"), kit.Room("b")
	room.Answers(t, "Zoë 🌻", "!story the verge is in flower", "Story recorded")
	kit.Advance(t, time.Hour)
	other.Answers(t, "Zoë 🌻", "!story رێزان mended the bench", "Story recorded")
	tooMany := "You have told 2 stories in the last 24 hours (in all rooms), the most one member may (limits.stories_per_member_per_day in folkmoot's config); your next can be told Thu 26 Nov 10:00 CET"
	room.Answers(t, "Zoë 🌻", "!story a third", tooMany)
	other.Answers(t, "Zoë 🌻", "!story a third", tooMany)
	room.Answers(t, "bo", "!story bo's own", "Story recorded")
	for _, m := range []string{"!measure rain 3 mm", "!measure bees 14"} {
		room.Answers(t, "Zoë 🌻", m, "Recorded")
	}
	other.Answers(t, "Zoë 🌻", "!measure rain 5 mm", "Recorded")
	room.Answers(t, "Zoë 🌻", "!measure rain 4", "You have recorded 3 readings in the last 24 hours (in all rooms), the most one member may (limits.readings_per_member_per_day in folkmoot's config); your next can be recorded Thu 26 Nov 11:00 CET.")
	kit.Advance(t, 23*time.Hour)
	room.Answers(t, "Zoë 🌻", "!story a third", "Story recorded")
	room.Answers(t, "Zoë 🌻", "!measure rain 4", "your next can be recorded Thu 26 Nov 11:00 CET")
	kit.Advance(t, time.Hour)
	room.Answers(t, "Zoë 🌻", "!measure rain 4", "Recorded rain: 4 mm (+1 since")
	apptest.Lacks(t, "nothing stored", room.SayOne(t, "bo", "!measures rain"), "Wed 25 Nov 11:00 CET: 4")
}

// !measures lists at most 25 measures and says how many more there are.
func TestManyMeasures(t *testing.T) {
	kit := apptest.New(t, stories.Feature())
	room := kit.Room("a")
	for i := range 27 {
		room.Say(t, "ana", fmt.Sprintf("!measure m%02d %d", i, i))
	}
	got := room.SayOne(t, "ana", "!measures")
	apptest.Has(t, "measures", got, "• m24: 24", "… and 2 more (!measures <name> shows one).")
	apptest.Lacks(t, "measures", got, "m25")
}
