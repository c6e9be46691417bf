// Package basics is the commands every room has: help, the room's status, its timezone, and
// who the bot counts you as.
package basics

import (
	"context"
	"database/sql"
	"fmt"
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
	}
}

// Upcoming is the last !status section: what is scheduled next, whichever feature scheduled
// it. The app lists it after every other feature.
func Upcoming() feature.Feature {
	return feature.Feature{Name: "upcoming", Status: statusSchedule}
}

var cmdStatus = &commands.Command{
	Name:     "status",
	Section:  Section,
	Help:     "Summarises the room: timezone, roles, open votes, what is scheduled next.",
	Examples: []string{"status"},
}

var cmdTZ = &commands.Command{
	Name:             "tz",
	Aliases:          []string{"timezone"},
	Section:          Section,
	Synopsis:         "[<zone or city>]",
	Help:             "Shows the room's timezone, or sets it (a city or abbreviation is answered with the zone it means). Times typed in the room are read in it.",
	Examples:         []string{"tz Europe/Berlin", "tz berlin", "tz"},
	Guard:            commands.Guard{Level: commands.FacilitatorLevel},
	ShowsWithoutArgs: true,
	Run:              runTZ,
}

var cmdWhoami = &commands.Command{
	Name:     "whoami",
	Section:  Section,
	Help:     "Shows the identity the bot counts you as (your Matrix ID or XMPP address), whatever your display name.",
	Examples: []string{"whoami"},
	Run:      runWhoami,
}

func runStatus(ctx context.Context, r *commands.Request, features []feature.Feature) (bot.Reply, error) {
	lines := []string{"Status of this room:"}
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
	return []string{fmt.Sprintf("• Timezone %s (now %s)", r.Loc, timeparse.Format(r.Lang, r.At, r.At, r.Loc))}, nil
}

func statusSchedule(ctx context.Context, r *commands.Request) ([]string, error) {
	jobs, err := schedule.Pending(ctx, r.Tx, r.Room, "")
	if err != nil {
		return nil, err
	}
	if len(jobs) == 0 {
		return []string{"• Nothing scheduled."}, nil
	}
	return []string{fmt.Sprintf("• Next scheduled: %s, %s (%d in all)", timeparse.Format(r.Lang, jobs[0].Due, r.At, r.Loc), describeJob(jobs[0].Title, jobs[0].Kind), len(jobs))}, nil
}

func describeJob(title, kind string) string {
	if title != "" {
		return title
	}
	return kind
}

func runTZ(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	if len(r.Args.Words) == 0 {
		return bot.Text(fmt.Sprintf("This room's timezone is %s (now %s).", r.Loc, timeparse.Format(r.Lang, r.At, r.At, r.Loc))), nil
	}
	typed := strings.Join(r.Args.Words, " ")
	loc, ok := exactZone(typed)
	if !ok && isYes(typed) {
		if loc, err := suggestedZone(ctx, r); loc != nil || err != nil {
			return setZone(ctx, r, loc, err)
		}
	}
	if ok {
		return setZone(ctx, r, loc, nil)
	}
	guess, ok := guessZone(typed, r.Prefix())
	if !ok {
		return bot.Reply{}, commands.Userf("I don't know the timezone “%s”. Name a city (%stz berlin) or an IANA zone like Europe/Berlin, America/New_York or Asia/Kolkata.",
			phrase.Clip(typed, 40), r.Prefix())
	}
	if err := store.SetKV(ctx, r.Tx, tzSuggested, r.Room.Key(), guess.zone); err != nil {
		return bot.Reply{}, err
	}
	text := fmt.Sprintf("Did you mean %s? Say %stz %s (or %stz yes).", guess.zone, r.Prefix(), guess.zone, r.Prefix())
	if guess.note != "" {
		text += " " + phrase.UpperFirst(guess.note) + "."
	}
	return bot.Text(text), nil
}

// tzSuggested is where the zone last suggested in a room waits for "!tz yes".
const tzSuggested = "tz-suggested"

func isYes(s string) bool {
	switch strings.ToLower(s) {
	case "yes", "y", "ok", "yes please", "right":
		return true
	}
	return false
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
	return bot.Text(fmt.Sprintf("This room's timezone is now %s (now %s).", loc, timeparse.Format(r.Lang, r.At, r.At, loc))), nil
}

func runWhoami(_ context.Context, r *commands.Request) (bot.Reply, error) {
	if r.Sender.Anonymous {
		return bot.Text(fmt.Sprintf("You are %s here, but I can't see your real address, so you can't vote or hold a role in this room.", r.Sender.Display())), nil
	}
	name, id := "", bot.Inert(r.Sender.ID)
	if shown := r.Sender.Display(); shown != id {
		name = fmt.Sprintf(" (shown as %s)", shown)
	}
	return bot.Text(fmt.Sprintf("You are %s%s. Votes and roles are counted by that ID, never by name.", id, name)), nil
}
