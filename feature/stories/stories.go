// Package stories is how the assembly tells its success: stories of people acting on their
// own (!story, !stories) and measures of the land and the neighbourhood (!measure,
// !measures) with their change and a text sparkline. InPeriod and MeasuresInPeriod give
// the digests both.
package stories

import (
	"context"
	"database/sql"
	"fmt"
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
		Name:     "stories",
		Commands: []*commands.Command{cmdStory, cmdStories, cmdMeasure, cmdMeasures},
	}
}

var cmdStory = &commands.Command{
	Name:          "story",
	Section:       Section,
	Synopsis:      "<text>",
	Help:          "Records a story of initiative: someone acting on their own for the neighbourhood. Who told it and when are kept with it.",
	Examples:      []string{"story the kids from number 12 planted the verge with wildflowers"},
	NeedsIdentity: true,
	Run:           runStory,
}

var cmdStories = &commands.Command{
	Name:     "stories",
	Section:  Section,
	Synopsis: "[month]",
	Help:     "Lists the stories told in the last 30 days, or in a month.",
	Examples: []string{"stories", "stories march", "stories 2026-11"},
	Run:      runStories,
}

var cmdMeasure = &commands.Command{
	Name:     "measure",
	Section:  Section,
	Synopsis: "<name> <number> [unit]",
	Help: "Records a reading of an ecological or social indicator, a number up to 12 digits before the point; the unit, once given, " +
		"is kept for the next readings (one in another unit is a measure of its own).",
	Examples:      []string{"measure pollinators 14 per-10-min", "measure rain 23.5 mm", "measure repair-cafe-visitors 31"},
	NeedsIdentity: true,
	Run:           runMeasure,
}

var cmdMeasures = &commands.Command{
	Name:     "measures",
	Section:  Section,
	Synopsis: "[name]",
	Help:     "Shows each measure's latest value, its change since the previous reading and a small sparkline; with a name, its readings.",
	Examples: []string{"measures", "measures pollinators"},
	Run:      runMeasures,
}

func runStory(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	text := strings.Join(strings.Fields(bot.Inert(r.Args.Raw)), " ")
	switch {
	case text == "":
		return bot.Reply{}, commands.Usagef("tell the story after %sstory", r.Prefix())
	case len([]rune(text)) > maxStory:
		return bot.Reply{}, commands.Userf("Please keep a story under %d characters.", maxStory)
	}
	s := story.Story{Text: text, ToldBy: r.Sender, ToldAt: r.At}
	err := store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		told, err := StoriesToldBy(ctx, tx, r.Sender.ID, r.At.Add(-day))
		if err != nil {
			return err
		}
		if err := underDaily(r, told, r.Config.Limits.StoriesPerMemberPerDay, "stories_per_member_per_day", "told", "story", "stories"); err != nil {
			return err
		}
		return AddStory(ctx, tx, r.Room, &s)
	})
	if err != nil {
		return bot.Reply{}, err
	}
	return bot.Text(fmt.Sprintf("Story recorded, told by %s %s. It will be in the digest.", r.Sender.Display(), r.Time(r.At))), nil
}

func runStories(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	from, to, label := r.At.Add(-storiesDefault), r.At.Add(time.Millisecond), "in the last 30 days"
	if len(r.Args.Words) > 0 {
		p := r.Prefix()
		hint := fmt.Sprintf("Try: %sstories march, %sstories mar 2026, %sstories 2026-03.", p, p, p)
		var err error
		if from, to, err = story.ReadPast(strings.Join(r.Args.Words, " "), story.Month, hint, r.At, r.Loc); err != nil {
			return bot.Reply{}, err
		}
		label = "in " + from.In(r.Loc).Format("January 2006")
	}
	stories, err := InPeriod(ctx, r.Tx, r.Room, from, to)
	if err != nil {
		return bot.Reply{}, err
	}
	if len(stories) == 0 {
		return bot.Text(fmt.Sprintf("No story was told %s. Tell one with %sstory <text>.", label, r.Prefix())), nil
	}
	lines := []string{fmt.Sprintf("Stories told %s:", label)}
	if len(stories) > storiesShown {
		lines[0] = fmt.Sprintf("Stories told %s, the latest %d of %d:", label, storiesShown, len(stories))
		stories = stories[len(stories)-storiesShown:]
	}
	for _, s := range stories {
		lines = append(lines, fmt.Sprintf("• %s, told by %s: %s", timeparse.Format(r.Lang, s.ToldAt, r.At, r.Loc), s.ToldBy.Display(), s.Text))
	}
	return bot.Text(strings.Join(lines, "\n")), nil
}

func runMeasure(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	usage := fmt.Sprintf("Use: %smeasure <name> <number> [unit], like %smeasure pollinators 14 per-10-min.", r.Prefix(), r.Prefix())
	w := r.Args.Words
	if len(w) < 2 {
		return bot.Reply{}, commands.Userf("Say what was measured and the number. %s", usage)
	}
	name := strings.ToLower(bot.Inert(w[0]))
	if !validName(name) {
		return bot.Reply{}, commands.Userf("A measure's name is one word of letters, digits and dashes, under %d characters. %s", maxMeasureName, usage)
	}
	v, ok := story.ParseValue(w[1])
	if !ok {
		return bot.Reply{}, commands.Userf("“%s” is not a number. %s", phrase.Clip(bot.Inert(w[1]), 30), usage)
	}
	if !story.InRange(v) {
		return bot.Reply{}, commands.Userf("“%s” is too large for a reading: give a number between −1,000,000,000,000 and 1,000,000,000,000 "+
			"(at most 12 digits before the point), like 14, 2.5 or -3. %s", phrase.Clip(bot.Inert(w[1]), 30), usage)
	}
	unit := strings.Join(strings.Fields(bot.Inert(r.Args.Rest(2))), " ")
	if len([]rune(unit)) > maxUnit {
		return bot.Reply{}, commands.Userf("Please keep the unit under %d characters. %s", maxUnit, usage)
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
		if err := underDaily(r, taken, r.Config.Limits.ReadingsPerMemberPerDay, "readings_per_member_per_day", "recorded", "reading", "readings"); err != nil {
			return err
		}
		return AddMeasure(ctx, tx, r.Room, &m)
	})
	if err != nil {
		return bot.Reply{}, err
	}
	text := fmt.Sprintf("Recorded %s: %s.", name, withUnit(v, unit))
	if len(past) > 0 {
		prev := past[len(past)-1]
		text = fmt.Sprintf("Recorded %s: %s (%s since %s).", name, withUnit(v, unit), story.FormatChange(v-prev.Value), timeparse.Format(r.Lang, prev.TakenAt, r.At, r.Loc))
	}
	if firstUnit {
		text += fmt.Sprintf(" Its readings are in %s from now on.", unit)
	}
	return bot.Text(text), nil
}

// otherUnit refuses a reading in another unit than the measure's: 15 bees then 16 hives
// would read as “+1”. It says the measure's unit and how to record the other one: as a
// measure of its own.
func otherUnit(r *commands.Request, name, unit, typed, newUnit string) error {
	other := name + "-" + slug(newUnit)
	if slug(newUnit) == "" || !validName(other) {
		other = "<new-name>"
	}
	return commands.Userf("%s is measured in %s: give this reading in %s, or without a unit. If %s are another measure, "+
		"give it a name of its own, like %smeasure %s %s %s.", name, unit, unit, newUnit, r.Prefix(), other, phrase.Clip(bot.Inert(typed), 30), newUnit)
}

// slug makes a unit part of a measure's name: "per 10 min" → "per-10-min".
func slug(unit string) string {
	words := strings.FieldsFunc(strings.ToLower(unit), func(c rune) bool { return !unicode.IsLetter(c) && !unicode.IsDigit(c) })
	return strings.Join(words, "-")
}

// day is the window of the daily limits on stories and readings.
const day = 24 * time.Hour

// underDaily refuses a member's story or reading beyond their limit for 24 hours (key under
// limits), counted over every room: both are kept for good and fill the digests, so one
// member may not record without end. recent are the times of their last day's ones.
func underDaily(r *commands.Request, recent []time.Time, limit int, key, verb, one, many string) error {
	if len(recent) < limit {
		return nil
	}
	next := recent[len(recent)-limit].Add(day)
	return commands.Userf("You have %s %s in the last 24 hours (in all rooms), the most one member may (limits.%s in folkmoot's config); your next can be %s %s.",
		verb, phrase.Plural(len(recent), one, many), key, verb, timeparse.Format(r.Lang, next, r.At, r.Loc))
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

func withUnit(v float64, unit string) string {
	if unit == "" {
		return story.FormatValue(v)
	}
	return story.FormatValue(v) + " " + unit
}

func runMeasures(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	name := ""
	if len(r.Args.Words) > 1 {
		return bot.Reply{}, commands.Usagef("give one measure's name, or none for all")
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
			return bot.Reply{}, commands.Userf("Nothing was measured as “%s” here (%smeasures lists the measures).", phrase.Clip(bot.Inert(name), 40), r.Prefix())
		}
		return bot.Text(fmt.Sprintf("Nothing has been measured here yet. Record a reading with %smeasure <name> <number> [unit], like %smeasure pollinators 14 per-10-min.",
			r.Prefix(), r.Prefix())), nil
	}
	if name == "" {
		lines := []string{"Measures (latest, change since the previous reading, the last readings):"}
		for i, s := range series {
			if i == measuresShown {
				lines = append(lines, fmt.Sprintf("… and %d more (%smeasures <name> shows one).", len(series)-i, r.Prefix()))
				break
			}
			lines = append(lines, "• "+summary(s, r.At, r.Loc))
		}
		return bot.Text(strings.Join(lines, "\n")), nil
	}
	s := series[0]
	lines := []string{summary(s, r.At, r.Loc), "Readings:"}
	first := max(0, len(s.Readings)-sparkReadings)
	for _, m := range s.Readings[first:] {
		lines = append(lines, fmt.Sprintf("• %s: %s", timeparse.Format(r.Lang, m.TakenAt, r.At, r.Loc), withUnit(m.Value, m.Unit)))
	}
	return bot.Text(strings.Join(lines, "\n")), nil
}

// summary is a measure on one line: "pollinators: 14 per-10-min (+3 since Mon 2 Nov 10:00 CET) ▁▃▅█".
func summary(s story.Series, now time.Time, loc *time.Location) string {
	last := s.Readings[len(s.Readings)-1]
	out := fmt.Sprintf("%s: %s", s.Name, withUnit(last.Value, last.Unit))
	if n := len(s.Readings); n > 1 {
		prev := s.Readings[n-2]
		out += fmt.Sprintf(" (%s since %s)", story.FormatChange(last.Value-prev.Value), timeparse.Format(nil, prev.TakenAt, now, loc))
		out += " " + story.Sparkline(s.Values(sparkReadings))
	} else {
		out += fmt.Sprintf(" (first reading, %s)", timeparse.Format(nil, last.TakenAt, now, loc))
	}
	return out
}
