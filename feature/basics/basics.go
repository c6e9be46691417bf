// Package basics is the commands every room has: help, the room's status, its timezone, and
// who the bot counts you as.
package basics

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/facts"
	"folkmoot/feature"
	"folkmoot/phrase"
	"folkmoot/schedule"
	"folkmoot/store"
	"folkmoot/timeparse"
	"folkmoot/words"
)

// Section is the help section of these commands.
const Section = "Basics"

// Feature is help, status, timezone, seasons and whoami; its !status lines give the time.
// all lists the features whose lines !status gathers, in order.
func Feature(all func() []feature.Feature) feature.Feature {
	status := *cmdStatus
	status.Run = func(ctx context.Context, r *commands.Request) (bot.Reply, error) { return runStatus(ctx, r, all()) }
	return feature.Feature{
		Name:     "basics",
		Commands: []*commands.Command{cmdHelp, &status, cmdTZ, cmdLang, cmdSeasons, cmdWhoami},
		Status:   statusTime,
		Rules:    rules,
	}
}

// Upcoming is the last !status section: what is scheduled next, whichever feature scheduled
// it. The app lists it after every other feature.
func Upcoming() feature.Feature {
	return feature.Feature{Name: "upcoming", Status: statusSchedule}
}

// The help of basics' commands is in the catalog (help.status, help.tz, help.whoami, …).

var cmdStatus = &commands.Command{
	Name:    "status",
	Section: Section,
}

var cmdTZ = &commands.Command{
	Name:             "tz",
	Aliases:          []string{"timezone"},
	Section:          Section,
	Guard:            commands.Guard{Level: commands.FacilitatorLevel},
	ShowsWithoutArgs: true,
	Rules:            []string{"timezone"},
	Run:              runTZ,
}

var cmdWhoami = &commands.Command{
	Name:    "whoami",
	Section: Section,
	Run:     runWhoami,
}

func runStatus(ctx context.Context, r *commands.Request, features []feature.Feature) (bot.Reply, error) {
	lines := []string{r.Lang.Say("basics.status.title")}
	for _, f := range features {
		if f.Status == nil {
			continue
		}
		more, err := f.Status(ctx, r)
		if err != nil {
			return bot.Reply{}, err
		}
		lines = append(lines, more...)
	}
	return bot.Text(strings.Join(lines, "\n")), nil
}

func statusTime(_ context.Context, r *commands.Request) ([]string, error) {
	return []string{"• " + r.Lang.Say("basics.status.zone", "Zone", r.Loc.String(), "Now", timeparse.Format(r.Lang, r.At, r.At, r.Loc))}, nil
}

func statusSchedule(ctx context.Context, r *commands.Request) ([]string, error) {
	jobs, err := schedule.Pending(ctx, r.Tx, r.Room, "")
	if err != nil {
		return nil, err
	}
	if len(jobs) == 0 {
		return []string{"• " + r.Lang.Say("basics.status.nothing")}, nil
	}
	return []string{"• " + r.Lang.Count("basics.status.next", len(jobs), "When", timeparse.Format(r.Lang, jobs[0].Due, r.At, r.Loc),
		"What", jobs[0].TitleIn(r.Lang))}, nil
}

func runTZ(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	if len(r.Args.Words) == 0 {
		return bot.Text(r.Lang.Say("basics.tz.now", "Zone", r.Loc.String(), "Now", timeparse.Format(r.Lang, r.At, r.At, r.Loc))), nil
	}
	typed := strings.Join(r.Args.Words, " ")
	loc, ok := exactZone(typed)
	if !ok && isYes(r.Lang, typed) {
		if loc, err := suggestedZone(ctx, r); loc != nil || err != nil {
			return setZone(ctx, r, loc, err)
		}
	}
	if ok {
		return setZone(ctx, r, loc, nil)
	}
	cmd := r.Prefix() + "tz"
	guess, ok := guessZone(typed, r.Prefix())
	if !ok {
		return bot.Reply{}, commands.Userf("%s", r.Lang.Say("basics.tz.unknown", "Typed", phrase.Clip(typed, 40), "Command", cmd))
	}
	if err := store.SetKV(ctx, r.Tx, tzSuggested, r.Room.Key(), guess.zone); err != nil {
		return bot.Reply{}, err
	}
	text := r.Lang.Say("basics.tz.guess", "Zone", guess.zone, "Command", cmd)
	switch guess.why {
	case abbreviation:
		text += " " + r.Lang.Say("basics.tz.note.abbreviation", "Typed", guess.typed, "Zone", guess.zone)
	case fixedOffset:
		text += " " + r.Lang.Say("basics.tz.note.offset", "Typed", guess.typed, "Zone", guess.zone, "Fixed", guess.fixed)
	}
	return bot.Text(text), nil
}

// tzSuggested is where the zone last suggested in a room waits for "!tz yes".
const tzSuggested = "tz-suggested"

// isYes reports whether s accepts the suggested zone: in English, or in the room's language
// (basics.tz.yes lists its words).
func isYes(l *words.Lang, s string) bool {
	s = strings.ToLower(strings.TrimSpace(s))
	switch s {
	case "yes", "y", "ok", "yes please", "right":
		return true
	}
	inner, _ := words.Unwrap(l.Say("basics.tz.yes"))
	return slices.Contains(strings.Fields(strings.ToLower(inner)), s)
}

// suggestedZone is the zone the bot last suggested in the room, or nil when none is waiting.
func suggestedZone(ctx context.Context, r *commands.Request) (*time.Location, error) {
	name, ok, err := store.GetKV(ctx, r.Tx, tzSuggested, r.Room.Key())
	if err != nil || !ok {
		return nil, err
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, nil // a zone this build no longer knows: ask again
	}
	return loc, nil
}

// setZone makes loc the room's timezone; recurring events follow it.
func setZone(ctx context.Context, r *commands.Request, loc *time.Location, err error) (bot.Reply, error) {
	if err != nil {
		return bot.Reply{}, err
	}
	err = store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		if err := facts.SetRoomTimezone(ctx, tx, r.Room, loc.String(), r.At); err != nil {
			return err
		}
		// Recurring events (a rotation every monday 19:00) follow the room to its new zone.
		return schedule.MoveTimezone(ctx, tx, r.Room, loc.String(), r.At)
	})
	if err != nil {
		return bot.Reply{}, err
	}
	if err := store.DeleteKV(ctx, r.Tx, tzSuggested, r.Room.Key()); err != nil {
		return bot.Reply{}, err
	}
	return bot.Text(r.Lang.Say("basics.tz.set", "Zone", loc.String(), "Now", timeparse.Format(r.Lang, r.At, r.At, loc))), nil
}

func runWhoami(_ context.Context, r *commands.Request) (bot.Reply, error) {
	if r.Sender.Anonymous {
		return bot.Text(r.Lang.Say("basics.whoami.anonymous", "Name", r.Sender.Display())), nil
	}
	id := bot.Inert(r.Sender.ID)
	if shown := r.Sender.Display(); shown != id {
		return bot.Text(r.Lang.Say("basics.whoami.named", "ID", id, "Name", shown)), nil
	}
	return bot.Text(r.Lang.Say("basics.whoami.plain", "ID", id)), nil
}
