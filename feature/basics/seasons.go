package basics

import (
	"context"
	"fmt"
	"strings"
	"time"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/timeparse"
	"folkmoot/words"
)

// cmdSeasons' help is in the catalog (help.seasons).
var cmdSeasons = &commands.Command{
	Name:    "seasons",
	Aliases: []string{"season", "solstice", "solstices", "equinox", "equinoxes"},
	Section: Section,
	Run:     runSeasons,
}

// seasonKeys name each marker by its month, which holds in both hemispheres (a June
// solstice is midsummer in Berlin and midwinter in Auckland): basics.seasons.<key>.
var seasonKeys = map[time.Month]string{
	time.March: "march", time.June: "june", time.September: "september", time.December: "december",
}

// runSeasons lists the next four markers. It asks the same schedule a reminder "every season"
// follows, so the dates are the ones such reminders fire on.
func runSeasons(_ context.Context, r *commands.Request) (bot.Reply, error) {
	every, err := timeparse.ParseRecurrence("every season 00:00")
	if err != nil {
		return bot.Reply{}, fmt.Errorf("seasons: %w", err)
	}
	y, m, d := r.At.In(r.Loc).Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, r.Loc)
	var items []bot.Line
	for t := every.Next(today.Add(-time.Nanosecond), r.Loc); !t.IsZero() && len(items) < 4; t = every.Next(t, r.Loc) {
		items = append(items, bot.L(r.Lang.Say("basics.seasons.line", "Season", r.Lang.Say("basics.seasons."+seasonKeys[t.Month()]),
			"Date", date(r.Lang, t), "Away", daysAway(r.Lang, today, t))))
	}
	if len(items) == 0 {
		return bot.Text(r.Lang.Say("basics.seasons.none")), nil
	}
	return bot.Reply{Doc: bot.NewDoc(bot.P(r.Lang.Say("basics.seasons.title", "Zone", r.Loc.String())), bot.Items(items...),
		bot.P(rich(r.Lang.Say("basics.seasons.remind", "Command", r.Prefix()+"remind")))),
	}, nil
}

// date is a day with its weekday and year, in l: "Mon 21 Dec 2026".
func date(l *words.Lang, t time.Time) string {
	return l.Say("basics.seasons.date", "Weekday", l.Say("timeparse.date.weekday."+strings.ToLower(t.Weekday().String()[:3])),
		"Day", t.Day(), "Month", l.Say("timeparse.date.month."+strings.ToLower(t.Month().String()[:3])), "Year", t.Year())
}

// daysAway says how far a date is from today, in whole calendar days, in l.
func daysAway(l *words.Lang, today, t time.Time) string {
	y, m, d := t.Date()
	n := int(time.Date(y, m, d, 12, 0, 0, 0, time.UTC).Sub(time.Date(today.Year(), today.Month(), today.Day(), 12, 0, 0, 0, time.UTC)).Hours() / 24)
	switch n {
	case 0:
		return l.Say("basics.seasons.today")
	case 1:
		return l.Say("basics.seasons.tomorrow")
	}
	return l.Count("basics.seasons.in_days", n)
}
