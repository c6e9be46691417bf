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
	"folkmoot/words"
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
		Name:         "reminders",
		PersonalData: personalData,
		Commands:     []*commands.Command{cmdRemind, cmdReminders},
		// Not AlwaysFire: a reminder long overdue after an outage is reported missed rather
		// than posted at a moment nobody asked for.
		Jobs:  []feature.Job{{Name: jobReminder, Run: runReminderJob}},
		Rules: rules,
	}
}

// often lets facilitator-level set a reminder that repeats more often than
// limits.reminder_min_interval allows. Its help is in the catalog
// (help.remind.flags.often, and the same under remind me and remind _).
var often = commands.Flag{Name: "often", Bool: true}

// oftenGuard makes --often facilitator-level; without it anyone may set a reminder.
var oftenGuard = commands.Guard{
	Policy: func(_ context.Context, r *commands.Request) (commands.Level, error) {
		if r.Args.Has(often.Name) {
			return commands.FacilitatorLevel, nil
		}
		return commands.Anyone, nil
	},
	Refusal: func(r *commands.Request, facilitators []bot.Member) string {
		return r.Lang.Say("reminders.refusal.often", "Facilitators", facts.FacilitatorsIn(r.Lang, facilitators),
			"Span", phrase.Duration(r.Lang, r.Config.Limits.ReminderMinInterval.Duration))
	},
}

// whoCancels is who may cancel a reminder: whoever set it (“me” reminders mention only
// them), or facilitator-level.
var whoCancels = commands.Guard{Owners: reminderOwners, Refusal: func(r *commands.Request, facilitators []bot.Member) string {
	rem, _ := r.Subject.(reminder.Reminder)
	who := r.Lang.Say("reminders.refusal.setter")
	if roster, err := facts.LoadRoster(r.Ctx, r.Tx, r.Room); err == nil {
		who = r.Lang.Say("reminders.refusal.setter_named", "Name", roster.Name(rem.CreatedBy))
	}
	return r.Lang.Say("reminders.refusal.cancel", "Who", who, "Facilitators", facts.FacilitatorsIn(r.Lang, facilitators), "Number", rem.Number)
}}

// cmdRemind's help, and its subcommands', is in the catalog (help.remind, help.remind me, …).
var cmdRemind = &commands.Command{
	Name:    "remind",
	Section: Section,
	Flags:   []commands.Flag{often},
	Subcommands: []*commands.Command{
		{Name: "me", Flags: []commands.Flag{often}, Guard: oftenGuard, NeedsIdentity: true, Run: runRemindMe},
		{Name: "cancel", Guard: whoCancels, Run: runCancel},
		{Name: "", Flags: []commands.Flag{often}, Guard: oftenGuard, NeedsIdentity: true, Run: runRemindRoom},
	},
	Run: func(_ context.Context, r *commands.Request) (bot.Reply, error) {
		return bot.Reply{}, commands.Usagef("%s", r.Lang.Say("reminders.usage.when_what"))
	},
}

// cmdReminders's help is in the catalog (help.reminders).
var cmdReminders = &commands.Command{
	Name:    "reminders",
	Section: Section,
	Run:     runReminders,
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
	l := r.Lang
	w, n, err := leadingWhen(l, r.Args.Words, r.At, r.Loc)
	if err != nil {
		return bot.Reply{}, err
	}
	text := strings.Join(strings.Fields(bot.Inert(withoutFlag(r.Args.Rest(n), often.Name))), " ")
	switch {
	case text == "":
		return bot.Reply{}, commands.Usagef("%s", l.Say("reminders.usage.what"))
	case len([]rune(text)) > maxText:
		return bot.Reply{}, refuse(l.Say("reminders.too_long", "Max", maxText))
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
			Timezone: r.Loc.String(), Title: schedule.Titled("reminders.job", "Number", rem.Number, "Text", phrase.Clip(text, 40))}
		_, err := schedule.Add(ctx, tx, job)
		return err
	})
	if err != nil {
		return bot.Reply{}, err
	}
	r.Log().Info().Int("reminder", rem.Number).Bool("repeats", rem.Spec != "").Msg("reminder set")
	// reminders.set.once_room, once_you, every_room, every_you
	id := "reminders.set.once_"
	if w.every != nil {
		id = "reminders.set.every_"
	}
	if member.ID != "" {
		id += "you"
	} else {
		id += "room"
	}
	repeats := ""
	if w.every != nil {
		repeats = w.every.DescribeIn(l)
	}
	out := l.Say(id, "Number", rem.Number, "Schedule", repeats, "Zone", r.Loc.String(), "When", r.Time(w.due),
		"Relative", timeparse.Relative(l, w.due, r.At), "Text", text)
	return bot.Text(out + " " + l.Say("reminders.set.cancel", "Command", r.Prefix()+"remind cancel "+strconv.Itoa(rem.Number))), nil
}

// leadingWhen reads the time at the start of words: a recurrence ("every …", "cron …") or a
// single time, and says how many words it took, its refusals in l. A single time is rounded
// up to the whole second, so a reminder never fires early, not even by the sub-second part of
// now.
func leadingWhen(l *words.Lang, typed []string, now time.Time, loc *time.Location) (when, int, error) {
	if len(typed) == 0 {
		return when{}, 0, commands.Usagef("%s", l.Say("reminders.usage.when_what"))
	}
	// A quoted time may arrive as one word: “every monday 19:00”.
	first, _, _ := strings.Cut(strings.TrimLeft(strings.ToLower(typed[0]), `"'“”„‘’‚«»`), " ")
	if first != "every" && first != "cron" {
		at, n, err := timeparse.LeadingAt(l, typed, now, loc)
		if err != nil {
			return when{}, 0, err
		}
		return when{due: ceilSecond(at)}, n, nil
	}
	rec, n, err := timeparse.LeadingEvery(l, typed, now, loc)
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
	l := r.Lang
	if len(r.Args.Words) != 1 {
		return nil, commands.Usagef("%s", l.Say("reminders.usage.which"))
	}
	n, ok := task.ParseNumber(r.Args.Words[0])
	if !ok {
		return nil, refuse(l.Say("reminders.not_a_number", "Typed", phrase.Clip(bot.Inert(r.Args.Words[0]), 30), "Command", r.Prefix()+"reminders"))
	}
	rem, err := pendingByNumber(ctx, r.Tx, r.Room, n)
	if errors.Is(err, reminder.ErrNotFound) {
		return nil, refuse(l.Say("reminders.no_such", "Number", n, "Command", r.Prefix()+"reminders"))
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
			return refuse(r.Lang.Say("reminders.just_ended", "Number", rem.Number))
		}
		return schedule.Cancel(ctx, tx, r.Room, jobReminder, ref(rem))
	})
	if err != nil {
		return bot.Reply{}, err
	}
	return bot.Text(r.Lang.Say("reminders.cancelled", "Number", rem.Number, "Text", rem.Text)), nil
}

func runReminders(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	l := r.Lang
	jobs, err := schedule.Pending(ctx, r.Tx, r.Room, jobReminder)
	if err != nil {
		return bot.Reply{}, err
	}
	lines := []string{l.Say("reminders.list.title", "Zone", r.Loc.String())}
	for i, j := range jobs {
		if i == remindersShown {
			lines = append(lines, l.Count("reminders.list.more", len(jobs)-i))
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
		// reminders.list.once, once_for, every, every_for
		key, repeats := "reminders.list.once", ""
		if rem.Spec != "" {
			if rec, err := timeparse.ParseRecurrence(rem.Spec); err == nil {
				key, repeats = "reminders.list.every", rec.DescribeIn(l)
			}
		}
		if rem.Member.ID != "" {
			key += "_for"
		}
		lines = append(lines, "• "+l.Say(key, "Number", rem.Number, "When", r.Time(j.Due), "Schedule", repeats,
			"Member", rem.Member.Display(), "Text", rem.Text))
	}
	if len(lines) == 1 {
		return bot.Text(l.Say("reminders.list.none", "Command", r.Prefix()+"remind")), nil
	}
	return bot.Text(strings.Join(lines, "\n")), nil
}

// refuse is a room-safe error whose text is already worded.
func refuse(text string) error { return commands.Userf("%s", text) }

// ref is a reminder's job reference.
func ref(rem reminder.Reminder) string { return strconv.FormatInt(rem.ID, 10) }
