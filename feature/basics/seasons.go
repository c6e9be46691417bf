package basics

import (
	"context"
	"fmt"
	"time"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/timeparse"
)

var cmdSeasons = &commands.Command{
	Name:    "seasons",
	Aliases: []string{"season", "solstice", "solstices", "equinox", "equinoxes"},
	Section: Section,
	Help: "Lists the next solstices and equinoxes on their dates in the room's timezone: the days on which " +
		"`every solstice`, `every equinox` and `every season` schedules (reminders, reviews) fall.",
	Examples: []string{"seasons"},
	Run:      runSeasons,
}

// seasonNames name each marker by its month, which holds in both hemispheres (a June
// solstice is midsummer in Berlin and midwinter in Auckland).
var seasonNames = map[time.Month]string{
	time.March: "March equinox", time.June: "June solstice", time.September: "September equinox", time.December: "December solstice",
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
		items = append(items, bot.L(seasonNames[t.Month()]+": "+t.Format("Mon 2 Jan 2006")+" ("+daysAway(today, t)+")"))
	}
	if len(items) == 0 {
		return bot.Text("I know no solstice or equinox after this date."), nil
	}
	p := r.Prefix()
	return bot.Reply{Doc: bot.NewDoc(bot.P(fmt.Sprintf("The next solstices and equinoxes in %s:", r.Loc)), bot.Items(items...),
		bot.P("Reminders can follow them: ", bot.C(p+"remind every equinox 10:00 seed swap"), ".")),
	}, nil
}

// daysAway says how far a date is from today, in whole calendar days.
func daysAway(today, t time.Time) string {
	y, m, d := t.Date()
	n := int(time.Date(y, m, d, 12, 0, 0, 0, time.UTC).Sub(time.Date(today.Year(), today.Month(), today.Day(), 12, 0, 0, 0, time.UTC)).Hours() / 24)
	switch n {
	case 0:
		return "today"
	case 1:
		return "tomorrow"
	}
	return fmt.Sprintf("in %d days", n)
}
