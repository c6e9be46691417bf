// Package reminders is !remind: a message the bot posts at a time, for the room or
// mentioning you, once or on any recurring schedule of the time grammar (every monday
// 19:00, every solstice, every year on 1 mar). Reminders run on the persistent scheduler:
// restart-safe and fire-once; one due while folkmoot was down fires at start within the
// grace window, or is reported missed. jobs.go fires them.
package reminders

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/facts"
	"folkmoot/feature"
	"folkmoot/phrase"
	"folkmoot/reminder"
	"folkmoot/schedule"
	"folkmoot/store"
	"folkmoot/task"
	"folkmoot/timeparse"
)

// Section is the help section of the reminder commands.
const Section = "Reminders"

// jobReminder is the scheduled job kind of a reminder; Ref and Payload are its database ID.
const jobReminder = "reminder"

// maxText is the most characters a reminder's text may have.
const maxText = 300

// remindersShown is how many reminders !reminders lists, the soonest: a room may have
// hundreds (limits.open_reminders_per_room), and one message cannot hold them all.
const remindersShown = 30

// Feature is reminders.
func Feature() feature.Feature {
	return feature.Feature{
		Name:     "reminders",
		Commands: []*commands.Command{cmdRemind, cmdReminders},
		// Not AlwaysFire: a reminder long overdue after an outage is reported missed rather
		// than posted at a moment nobody asked for.
		Jobs: []feature.Job{{Name: jobReminder, Run: runReminderJob}},
	}
}

const tzNote = "Times are read in the room's timezone (!tz). If it changes, a repeating reminder keeps its local time " +
	"(19:00 stays 19:00 where the room now is); a one-time reminder keeps its moment."

// often lets facilitator-level set a reminder that repeats more often than
// limits.reminder_min_interval allows.
var often = commands.Flag{Name: "often", Bool: true,
	Help: "facilitator-level only: repeat more often than limits.reminder_min_interval allows (once an hour by default)."}

// oftenGuard makes --often facilitator-level; without it anyone may set a reminder.
var oftenGuard = commands.Guard{
	Policy: func(_ context.Context, r *commands.Request) (commands.Level, error) {
		if r.Args.Has(often.Name) {
			return commands.FacilitatorLevel, nil
		}
		return commands.Anyone, nil
	},
	Refusal: func(r *commands.Request, facilitators []bot.Member) string {
		return fmt.Sprintf("Only %s, room admins or bot admins may set a reminder with --often (repeating more often than every %s). "+
			"Leave out --often and choose a slower schedule, like every day 09:00.",
			facts.FacilitatorsText(facilitators), phrase.Duration(nil, r.Config.Limits.ReminderMinInterval.Duration))
	},
}

// whoCancels is who may cancel a reminder: whoever set it (“me” reminders mention only
// them), or facilitator-level.
var whoCancels = commands.Guard{Owners: reminderOwners, Refusal: func(r *commands.Request, facilitators []bot.Member) string {
	rem, _ := r.Subject.(reminder.Reminder)
	who := "whoever set it"
	if roster, err := facts.LoadRoster(r.Ctx, r.Tx, r.Room); err == nil {
		who += " (" + roster.Name(rem.CreatedBy) + ")"
	}
	return fmt.Sprintf("Only %s, %s, room admins or bot admins may cancel reminder #%d.", who, facts.FacilitatorsText(facilitators), rem.Number)
}}

var cmdRemind = &commands.Command{
	Name:     "remind",
	Section:  Section,
	Synopsis: "[me] [--often] <when> <text> | cancel <id>",
	Help: "Posts a reminder at a time, for the room or (with “me”) mentioning you; “every …” repeats it, on any schedule " +
		"the times accept, seasons included, each with its time of day, but not more often than limits.reminder_min_interval " +
		"allows (once an hour by default; facilitator-level may go below it with --often). Times: fri 18:00, at 18h, 18 Uhr, " +
		"next friday 18:00, in 2 months; “18h” alone is asked about (at 18h, or in 18h?). " + tzNote,
	Examples: []string{"remind fri 18:00 bring the tables in", "remind me in 2 hours call the printer",
		"remind every monday 19:00 assembly in the back room", "remind every solstice 19:00 season walk: how did the land change?",
		"remind every year on 1 mar 10:00 review the digital tools we depend on (!tools) and replace those that compromise our autonomy"},
	Who:   "anyone sets one; whoever set it, or facilitator-level, cancels it; facilitator-level uses --often",
	Flags: []commands.Flag{often},
	Subcommands: []*commands.Command{
		{Name: "me", Synopsis: "[--often] <when> <text>", Help: "A reminder that mentions you.",
			Examples: []string{"remind me in 2 hours call the printer", "remind me every weekday 08:30 water the seedlings"},
			Flags:    []commands.Flag{often}, Guard: oftenGuard,
			NeedsIdentity: true, Run: runRemindMe},
		{Name: "cancel", Synopsis: "<id>", Help: "Cancels a pending reminder, or stops a repeating one.",
			Examples: []string{"remind cancel 2"}, Who: "whoever set it, or facilitator-level",
			Guard: whoCancels, Run: runCancel},
		{Name: "", Synopsis: "[--often] <when> <text>", Help: "A reminder for the room, once or repeating.",
			Examples: []string{"remind fri 18:00 bring the tables in", "remind every equinox 10:00 seed swap",
				"remind every year on 1 mar 10:00 review the digital tools we depend on (!tools) and replace those that compromise our autonomy"},
			Flags: []commands.Flag{often}, Guard: oftenGuard, NeedsIdentity: true, Run: runRemindRoom},
	},
	Run: func(context.Context, *commands.Request) (bot.Reply, error) {
		return bot.Reply{}, commands.Usagef("say when and what")
	},
}

var cmdReminders = &commands.Command{
	Name:     "reminders",
	Section:  Section,
	Help:     "Lists the pending reminders with their next time in the room's timezone.",
	Examples: []string{"reminders"},
	Run:      runReminders,
}

func runRemindRoom(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	return remind(ctx, r, bot.Member{})
}

func runRemindMe(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	return remind(ctx, r, r.Sender)
}

// when is a reminder's time as read: the first occurrence, and the recurrence if it repeats.
type when struct {
	due   time.Time
	every *timeparse.Recurrence
}

// remind reads "<when> <text>", stores the reminder and schedules its job.
func remind(ctx context.Context, r *commands.Request, member bot.Member) (bot.Reply, error) {
	w, n, err := leadingWhen(r.Args.Words, r.At, r.Loc)
	if err != nil {
		return bot.Reply{}, err
	}
	text := strings.Join(strings.Fields(bot.Inert(withoutFlag(r.Args.Rest(n), often.Name))), " ")
	switch {
	case text == "":
		return bot.Reply{}, commands.Usagef("say what to remind of after the time")
	case len([]rune(text)) > maxText:
		return bot.Reply{}, commands.Userf("Please keep a reminder under %d characters.", maxText)
	}
	if w.every != nil && !r.Args.Has(often.Name) { // --often passed the guard: facilitator-level
		if err := slowEnough(r, w.every); err != nil {
			return bot.Reply{}, err
		}
	}
	rem := reminder.Reminder{Text: text, Member: member, CreatedBy: r.Sender.ID, CreatedAt: r.At}
	if w.every != nil {
		rem.Spec, rem.Often = w.every.String(), r.Args.Has(often.Name)
	}
	err = store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		if err := underCaps(ctx, r, tx); err != nil {
			return err
		}
		if err := createReminder(ctx, tx, r.Room, &rem); err != nil {
			return err
		}
		// A one-time job's timezone only words a "missed" report; the scheduler moves it not.
		job := schedule.Job{Room: r.Room, Kind: jobReminder, Ref: ref(rem), Payload: ref(rem), Due: w.due, Spec: rem.Spec,
			Timezone: r.Loc.String(), Title: fmt.Sprintf("reminder #%d “%s”", rem.Number, phrase.Clip(text, 40))}
		_, err := schedule.Add(ctx, tx, job)
		return err
	})
	if err != nil {
		return bot.Reply{}, err
	}
	r.Log().Info().Int("reminder", rem.Number).Bool("repeats", rem.Spec != "").Msg("reminder set")
	whom := "the room"
	if member.ID != "" {
		whom = "you"
	}
	var out string
	if w.every != nil {
		out = fmt.Sprintf("Reminder #%d for %s, %s (%s time), first %s (%s): “%s”.", rem.Number, whom, w.every.Describe(), r.Loc,
			r.Time(w.due), timeparse.Relative(r.Lang, w.due, r.At), text)
	} else {
		out = fmt.Sprintf("Reminder #%d for %s at %s (%s): “%s”.", rem.Number, whom, r.Time(w.due), timeparse.Relative(r.Lang, w.due, r.At), text)
	}
	return bot.Text(out + fmt.Sprintf(" Cancel it with %sremind cancel %d.", r.Prefix(), rem.Number)), nil
}

// leadingWhen reads the time at the start of words: a recurrence ("every …", "cron …") or a
// single time, and says how many words it took. A single time is rounded up to the whole
// second, so a reminder never fires early, not even by the sub-second part of now.
func leadingWhen(words []string, now time.Time, loc *time.Location) (when, int, error) {
	if len(words) == 0 {
		return when{}, 0, commands.Usagef("say when and what")
	}
	// A quoted time may arrive as one word: “every monday 19:00”.
	first, _, _ := strings.Cut(strings.TrimLeft(strings.ToLower(words[0]), `"'“”„‘’‚«»`), " ")
	if first != "every" && first != "cron" {
		at, n, err := timeparse.LeadingAt(nil, words, now, loc)
		if err != nil {
			return when{}, 0, err
		}
		return when{due: ceilSecond(at)}, n, nil
	}
	rec, n, err := timeparse.LeadingEvery(nil, words, now, loc)
	if err != nil {
		return when{}, 0, err
	}
	return when{due: rec.Next(now, loc), every: rec}, n, nil
}

// ceilSecond rounds t up to the next whole second (t itself when it is one).
func ceilSecond(t time.Time) time.Time {
	if s := t.Truncate(time.Second); !s.Equal(t) {
		return s.Add(time.Second)
	}
	return t
}

// reminderOwners finds the reminder the first word names and returns who set it: they may
// cancel it (the guard lets facilitator-level too).
func reminderOwners(ctx context.Context, r *commands.Request) ([]string, error) {
	if len(r.Args.Words) != 1 {
		return nil, commands.Usagef("say which reminder, by its number")
	}
	n, ok := task.ParseNumber(r.Args.Words[0])
	if !ok {
		return nil, commands.Userf("“%s” is not a reminder number: they are numbers, like 2 (%sreminders lists them).",
			phrase.Clip(bot.Inert(r.Args.Words[0]), 30), r.Prefix())
	}
	rem, err := pendingByNumber(ctx, r.Tx, r.Room, n)
	if errors.Is(err, reminder.ErrNotFound) {
		return nil, commands.Userf("There is no pending reminder #%d in this room (%sreminders lists them).", n, r.Prefix())
	}
	if err != nil {
		return nil, err
	}
	r.Subject = rem
	return []string{rem.CreatedBy}, nil
}

func runCancel(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	rem, _ := r.Subject.(reminder.Reminder) // found by the guard
	err := store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		ended, err := endReminder(ctx, tx, rem.ID, r.At)
		if err != nil {
			return err
		}
		if !ended {
			return commands.Userf("Reminder #%d has just ended.", rem.Number)
		}
		return schedule.Cancel(ctx, tx, r.Room, jobReminder, ref(rem))
	})
	if err != nil {
		return bot.Reply{}, err
	}
	return bot.Text(fmt.Sprintf("Reminder #%d “%s” is cancelled.", rem.Number, rem.Text)), nil
}

func runReminders(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	jobs, err := schedule.Pending(ctx, r.Tx, r.Room, jobReminder)
	if err != nil {
		return bot.Reply{}, err
	}
	lines := []string{fmt.Sprintf("Pending reminders (times in %s):", r.Loc)}
	for i, j := range jobs {
		if i == remindersShown {
			lines = append(lines, fmt.Sprintf("… and %d more, later.", len(jobs)-i))
			break
		}
		id, err := strconv.ParseInt(j.Payload, 10, 64)
		if err != nil {
			continue
		}
		rem, err := reminderByID(ctx, r.Tx, r.Room, id)
		if errors.Is(err, reminder.ErrNotFound) || (err == nil && !rem.EndedAt.IsZero()) {
			continue // stopped when it fired (too often), its job not yet gone
		}
		if err != nil {
			return bot.Reply{}, err
		}
		line := fmt.Sprintf("• #%d %s", rem.Number, r.Time(j.Due))
		if rem.Spec != "" {
			if rec, err := timeparse.ParseRecurrence(rem.Spec); err == nil {
				line += ", then " + rec.Describe()
			}
		}
		if rem.Member.ID != "" {
			line += ", for " + rem.Member.Display()
		}
		lines = append(lines, line+": “"+rem.Text+"”")
	}
	if len(lines) == 1 {
		return bot.Text(fmt.Sprintf("No reminder is pending. Set one with %sremind <when> <text>, or %sremind every <schedule> <text>.", r.Prefix(), r.Prefix())), nil
	}
	return bot.Text(strings.Join(lines, "\n")), nil
}

// ref is a reminder's job reference.
func ref(rem reminder.Reminder) string { return strconv.FormatInt(rem.ID, 10) }
