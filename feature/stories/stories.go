// Package stories is how the assembly tells its success: stories of people acting on their
// own (!story, !stories) and measures of the land and the neighbourhood (!measure,
// !measures) with their change and a text sparkline. InPeriod and MeasuresInPeriod give
// the digests both.
package stories

import (
	"context"
	"database/sql"
	"strings"
	"time"
	"unicode"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/feature"
	"folkmoot/phrase"
	"folkmoot/store"
	"folkmoot/story"
	"folkmoot/timeparse"
	"folkmoot/words"
)

// Section is the help section of these commands.
const Section = "Stories and measures"

// Limits of what is stored.
const (
	maxStory       = 1000
	maxMeasureName = 40
	maxUnit        = 24
	storiesDefault = 30 * 24 * time.Hour // !stories without a month shows this far back
	sparkReadings  = 12                  // the sparkline draws at most this many latest readings
	storiesShown   = 15                  // !stories shows at most this many, the latest
	measuresShown  = 25                  // !measures lists at most this many measures
)

// Feature is stories and measures.
func Feature() feature.Feature {
	return feature.Feature{
		Name:         "stories",
		PersonalData: personalData,
		Commands:     []*commands.Command{cmdStory, cmdStories, cmdMeasure, cmdMeasures},
	}
}

// The commands' help is in the catalog (help.story, help.stories, help.measure,
// help.measures).
var (
	cmdStory    = &commands.Command{Name: "story", Section: Section, NeedsIdentity: true, Run: runStory}
	cmdStories  = &commands.Command{Name: "stories", Section: Section, Run: runStories}
	cmdMeasure  = &commands.Command{Name: "measure", Section: Section, NeedsIdentity: true, Run: runMeasure}
	cmdMeasures = &commands.Command{Name: "measures", Section: Section, Run: runMeasures}
)

func runStory(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	l := r.Lang
	text := strings.Join(strings.Fields(bot.Inert(r.Args.Raw)), " ")
	switch {
	case text == "":
		return bot.Reply{}, commands.Usagef("%s", l.Say("stories.usage.story", "Command", r.Prefix()+"story"))
	case len([]rune(text)) > maxStory:
		return bot.Reply{}, refuse(l.Say("stories.too_long", "Max", maxStory))
	}
	s := story.Story{Text: text, ToldBy: r.Sender, ToldAt: r.At}
	err := store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		told, err := StoriesToldBy(ctx, tx, r.Sender.ID, r.At.Add(-day))
		if err != nil {
			return err
		}
		if err := underDaily(r, told, r.Config.Limits.StoriesPerMemberPerDay, "stories.daily.stories"); err != nil {
			return err
		}
		return AddStory(ctx, tx, r.Room, &s)
	})
	if err != nil {
		return bot.Reply{}, err
	}
	return bot.Text(l.Say("stories.recorded", "Teller", r.Sender.Display(), "When", r.Time(r.At))), nil
}

func runStories(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	l := r.Lang
	from, to, period := r.At.Add(-storiesDefault), r.At.Add(time.Millisecond), l.Say("stories.period.recent")
	if len(r.Args.Words) > 0 {
		p := r.Prefix()
		hint := l.Say("stories.hint", "First", p+"stories march", "Second", p+"stories mar 2026", "Third", p+"stories 2026-03")
		var err error
		if from, to, err = story.ReadPast(l, strings.Join(r.Args.Words, " "), story.Month, hint, r.At, r.Loc); err != nil {
			return bot.Reply{}, err
		}
		month := from.In(r.Loc)
		period = l.Say("stories.period.month", "Month", story.MonthName(l, month.Month()), "Year", month.Year())
	}
	stories, err := InPeriod(ctx, r.Tx, r.Room, from, to)
	if err != nil {
		return bot.Reply{}, err
	}
	if len(stories) == 0 {
		return bot.Text(l.Say("stories.none", "Period", period, "Command", r.Prefix()+"story")), nil
	}
	lines := []string{l.Say("stories.title", "Period", period)}
	if len(stories) > storiesShown {
		lines[0] = l.Say("stories.title_latest", "Period", period, "Shown", storiesShown, "All", len(stories))
		stories = stories[len(stories)-storiesShown:]
	}
	for _, s := range stories {
		lines = append(lines, "• "+l.Say("stories.line", "When", timeparse.Format(l, s.ToldAt, r.At, r.Loc), "Teller", s.ToldBy.Display(), "Text", s.Text))
	}
	return bot.Text(strings.Join(lines, "\n")), nil
}

func runMeasure(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	l := r.Lang
	usage := l.Say("stories.measure.usage", "Command", r.Prefix()+"measure", "Example", r.Prefix()+"measure "+l.Say("stories.measure.example"))
	w := r.Args.Words
	if len(w) < 2 {
		return bot.Reply{}, refuse(l.Say("stories.measure.missing") + " " + usage)
	}
	name := strings.ToLower(bot.Inert(w[0]))
	if !validName(name) {
		return bot.Reply{}, refuse(l.Say("stories.measure.bad_name", "Max", maxMeasureName) + " " + usage)
	}
	v, ok := story.ParseValue(w[1])
	if !ok {
		return bot.Reply{}, refuse(l.Say("stories.measure.not_a_number", "Typed", phrase.Clip(bot.Inert(w[1]), 30)) + " " + usage)
	}
	if !story.InRange(v) {
		return bot.Reply{}, refuse(l.Say("stories.measure.too_large", "Typed", phrase.Clip(bot.Inert(w[1]), 30)) + " " + usage)
	}
	unit := strings.Join(strings.Fields(bot.Inert(r.Args.Rest(2))), " ")
	if len([]rune(unit)) > maxUnit {
		return bot.Reply{}, refuse(l.Say("stories.measure.long_unit", "Max", maxUnit) + " " + usage)
	}
	past, err := Readings(ctx, r.Tx, r.Room, name, time.Time{}, r.At.Add(time.Millisecond))
	if err != nil {
		return bot.Reply{}, err
	}
	firstUnit := false
	if len(past) > 0 {
		was := past[len(past)-1].Unit
		switch {
		case unit == "" || strings.EqualFold(unit, was):
			unit = was // kept, as first written
		case was == "":
			firstUnit = true // a measure counted without a unit gets one: said below
		default:
			return bot.Reply{}, otherUnit(r, name, was, w[1], unit)
		}
	}
	m := story.Measure{Name: name, Value: v, Unit: unit, TakenBy: r.Sender.ID, TakenAt: r.At}
	err = store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		taken, err := MeasuresTakenBy(ctx, tx, r.Sender.ID, r.At.Add(-day))
		if err != nil {
			return err
		}
		if err := underDaily(r, taken, r.Config.Limits.ReadingsPerMemberPerDay, "stories.daily.readings"); err != nil {
			return err
		}
		return AddMeasure(ctx, tx, r.Room, &m)
	})
	if err != nil {
		return bot.Reply{}, err
	}
	text := l.Say("stories.measure.recorded", "Name", name, "Value", withUnit(l, v, unit))
	if len(past) > 0 {
		prev := past[len(past)-1]
		text = l.Say("stories.measure.recorded_change", "Name", name, "Value", withUnit(l, v, unit),
			"Change", story.FormatChange(l, v-prev.Value), "Since", timeparse.Format(l, prev.TakenAt, r.At, r.Loc))
	}
	if firstUnit {
		text += " " + l.Say("stories.measure.unit_from_now", "Unit", unit)
	}
	return bot.Text(text), nil
}

// otherUnit refuses a reading in another unit than the measure's: 15 bees then 16 hives
// would read as “+1”. It says the measure's unit and how to record the other one: as a
// measure of its own.
func otherUnit(r *commands.Request, name, unit, typed, newUnit string) error {
	other := name + "-" + slug(newUnit)
	if slug(newUnit) == "" || !validName(other) {
		other = r.Lang.Say("stories.measure.new_name")
	}
	return refuse(r.Lang.Say("stories.measure.other_unit", "Name", name, "Unit", unit, "NewUnit", newUnit,
		"Example", r.Prefix()+"measure "+other+" "+phrase.Clip(bot.Inert(typed), 30)+" "+newUnit))
}

// slug makes a unit part of a measure's name: "per 10 min" → "per-10-min".
func slug(unit string) string {
	words := strings.FieldsFunc(strings.ToLower(unit), func(c rune) bool { return !unicode.IsLetter(c) && !unicode.IsDigit(c) })
	return strings.Join(words, "-")
}

// day is the window of the daily limits on stories and readings.
const day = 24 * time.Hour

// underDaily refuses a member's story or reading beyond their limit for 24 hours, counted
// over every room: both are kept for good and fill the digests, so one member may not
// record without end. recent are the times of their last day's ones; id is the refusal
// (stories.daily.stories or stories.daily.readings), which names the limit's key.
func underDaily(r *commands.Request, recent []time.Time, limit int, id string) error {
	if len(recent) < limit {
		return nil
	}
	next := recent[len(recent)-limit].Add(day)
	return refuse(r.Lang.Count(id, len(recent), "Next", timeparse.Format(r.Lang, next, r.At, r.Loc)))
}

// validName accepts one word of letters, digits, dashes and underscores.
func validName(s string) bool {
	if s == "" || len([]rune(s)) > maxMeasureName {
		return false
	}
	for _, c := range s {
		if !unicode.IsLetter(c) && !unicode.IsDigit(c) && c != '-' && c != '_' {
			return false
		}
	}
	return true
}

func withUnit(l *words.Lang, v float64, unit string) string {
	if unit == "" {
		return story.FormatValue(l, v)
	}
	return story.FormatValue(l, v) + " " + unit
}

func runMeasures(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	l := r.Lang
	name := ""
	if len(r.Args.Words) > 1 {
		return bot.Reply{}, commands.Usagef("%s", l.Say("stories.usage.measures"))
	}
	if len(r.Args.Words) == 1 {
		name = strings.ToLower(r.Args.Words[0])
	}
	series, err := MeasuresInPeriod(ctx, r.Tx, r.Room, name, time.Time{}, r.At.Add(time.Millisecond))
	if err != nil {
		return bot.Reply{}, err
	}
	if len(series) == 0 {
		if name != "" {
			return bot.Reply{}, refuse(l.Say("stories.measures.unknown", "Name", phrase.Clip(bot.Inert(name), 40), "Command", r.Prefix()+"measures"))
		}
		return bot.Text(l.Say("stories.measures.none", "Command", r.Prefix()+"measure", "Example", r.Prefix()+"measure "+l.Say("stories.measure.example"))), nil
	}
	if name == "" {
		lines := []string{l.Say("stories.measures.title")}
		for i, s := range series {
			if i == measuresShown {
				lines = append(lines, l.Count("stories.measures.more", len(series)-i, "Command", r.Prefix()+"measures"))
				break
			}
			lines = append(lines, "• "+summary(l, s, r.At, r.Loc))
		}
		return bot.Text(strings.Join(lines, "\n")), nil
	}
	s := series[0]
	lines := []string{summary(l, s, r.At, r.Loc), l.Say("stories.measures.readings")}
	first := max(0, len(s.Readings)-sparkReadings)
	for _, m := range s.Readings[first:] {
		lines = append(lines, "• "+l.Say("stories.measures.reading", "When", timeparse.Format(l, m.TakenAt, r.At, r.Loc), "Value", withUnit(l, m.Value, m.Unit)))
	}
	return bot.Text(strings.Join(lines, "\n")), nil
}

// summary is a measure on one line: "pollinators: 14 per-10-min (+3 since Mon 2 Nov 10:00 CET) ▁▃▅█".
func summary(l *words.Lang, s story.Series, now time.Time, loc *time.Location) string {
	last := s.Readings[len(s.Readings)-1]
	if n := len(s.Readings); n > 1 {
		prev := s.Readings[n-2]
		return l.Say("stories.measures.summary", "Name", s.Name, "Value", withUnit(l, last.Value, last.Unit),
			"Change", story.FormatChange(l, last.Value-prev.Value), "Since", timeparse.Format(l, prev.TakenAt, now, loc),
			"Sparkline", story.Sparkline(s.Values(sparkReadings)))
	}
	return l.Say("stories.measures.summary_first", "Name", s.Name, "Value", withUnit(l, last.Value, last.Unit),
		"When", timeparse.Format(l, last.TakenAt, now, loc))
}

// refuse is a room-safe error whose text is already worded.
func refuse(text string) error { return commands.Userf("%s", text) }
