// Package tasks is the assembly's concrete tasks: added by anyone (or by !action in a
// meeting, through Add), taken, given, done or dropped, with reminders by mention a day
// before the due time and at it, and the overdue ones in !status. jobs.go holds the
// reminders; api.go what other features (meetings, digests) call.
package tasks

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
	"folkmoot/config"
	"folkmoot/facts"
	"folkmoot/feature"
	"folkmoot/phrase"
	"folkmoot/store"
	"folkmoot/task"
	"folkmoot/timeparse"
)

// Section is the help section of the task commands.
const Section = "Tasks"

// statusOverdue is how many overdue tasks !status names; the rest are counted.
const statusOverdue = 5

// closedLookback is how far back "!tasks all" shows done and dropped tasks.
const closedLookback = 30 * 24 * time.Hour

// tasksShown is how many tasks !tasks lists of each kind (open, closed): a room may have
// thousands (limits.open_tasks_per_room), and one message cannot hold them all.
const tasksShown = 30

// Feature is tasks, their reminders and the overdue ones in !status.
func Feature() feature.Feature {
	return feature.Feature{
		Config:   configSection(),
		Name:     "tasks",
		Commands: []*commands.Command{cmdTask, cmdTasks},
		Jobs: []feature.Job{
			// A late reminder still helps while the task is open; the handler skips it otherwise.
			{Name: jobTaskRemind, AlwaysFire: true, Run: runRemindJob},
			{Name: jobTaskDue, AlwaysFire: true, Run: runDueJob},
		},
		Status: statusTasks,
	}
}

// managed is who may finish, drop or give a task: its owner, whoever created it, or the
// facilitator-level.
var managed = commands.Guard{Owners: taskManagers, Refusal: func(r *commands.Request, facilitators []bot.Member) string {
	t, _ := r.Subject.(Task)
	who := "whoever created it (" + t.CreatedBy.Display() + ")"
	if t.Owner.ID != "" && t.Owner.ID != t.CreatedBy.ID {
		who = "its owner (" + t.Owner.Display() + "), " + who
	}
	verb := map[string]string{"done": "mark task #%d done", "drop": "drop task #%d", "give": "give task #%d to someone"}[r.Command.Name]
	return fmt.Sprintf("Only %s, %s, room admins or bot admins may "+verb+".", who, facts.FacilitatorsText(facilitators), t.Number)
}}

const whoManages = "its owner, whoever created it, or facilitator-level"

var cmdTask = &commands.Command{
	Name:     "task",
	Section:  Section,
	Synopsis: "add <text> [for <member>] [due <when>] | done <id> [note] | drop <id> [reason] | take <id> | give <id> <member>",
	Help: "Records a concrete task, perhaps for a member and by a due time; its owner is reminded by mention a day before " +
		"the due time and at it. Every assembly should end with one.",
	Examples: []string{"task add repaint the notice board for bo due sat 12:00", "task done 3 painted green", "task take 4"},
	Who:      "anyone adds and takes; " + whoManages + " finishes, drops or gives",
	Subcommands: []*commands.Command{
		{Name: "add", Synopsis: "<text> [for <member>] [due <when>]", Help: "Records a task; without “for”, anyone may take it.",
			Examples:      []string{"task add repaint the notice board for bo due sat 12:00", `task add "ask the council for the due date"`},
			NeedsIdentity: true, Run: runAdd},
		{Name: "done", Synopsis: "<id> [note]", Help: "Marks a task done, with a note if you like.",
			Examples: []string{"task done 3 painted green"}, Who: whoManages, Guard: managed, Run: runDone},
		{Name: "drop", Synopsis: "<id> [reason]", Help: "Drops a task that will not be done.",
			Examples: []string{"task drop 3 the hall was sold"}, Who: whoManages, Guard: managed, Run: runDrop},
		{Name: "take", Synopsis: "<id>", Help: "Volunteers for a task nobody has taken yet.",
			Examples: []string{"task take 4"}, NeedsIdentity: true, Run: runTake},
		{Name: "give", Synopsis: "<id> <member>", Help: "Gives a task to a member.",
			Examples: []string{"task give 4 cy"}, Who: whoManages, Guard: managed, Run: runGive},
	},
	Run: func(context.Context, *commands.Request) (bot.Reply, error) {
		return bot.Reply{}, commands.Usagef("say what to do: add, done, drop, take or give")
	},
}

var cmdTasks = &commands.Command{
	Name:     "tasks",
	Section:  Section,
	Synopsis: "[mine|all|overdue]",
	Help:     "Lists the open tasks; mine: yours; overdue: those past their due time; all: also those done or dropped in the last 30 days.",
	Examples: []string{"tasks", "tasks mine", "tasks overdue"},
	Run:      runTasks,
}

// taskManagers finds the task the first word names and returns its owner and creator.
func taskManagers(ctx context.Context, r *commands.Request) ([]string, error) {
	if len(r.Args.Words) == 0 {
		return nil, commands.Usagef("say which task, by its number")
	}
	t, err := findTask(ctx, r, r.Args.Words[0])
	if err != nil {
		return nil, err
	}
	r.Subject = t
	return []string{t.Owner.ID, t.CreatedBy.ID}, nil
}

func runAdd(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	members, err := facts.LoadDirectory(ctx, r.Tx, r.Transport, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	parts, err := task.SplitAdd(r.Args.Raw, members.Knows)
	if err != nil {
		return bot.Reply{}, err
	}
	nt := task.Draft{Text: parts.Text, CreatedBy: r.Sender}
	if parts.For != "" {
		if nt.Owner, err = members.Resolve(parts.For); err != nil {
			return bot.Reply{}, userf("%s If “for %s” is part of the task, put the task in quotes: %stask add \"…\".", err, bot.Inert(parts.For), r.Prefix())
		}
	}
	if parts.Due != "" {
		if nt.Due, err = timeparse.ParseUntil(r.Lang, parts.Due, r.At, r.Loc); err != nil {
			return bot.Reply{}, err
		}
	}
	var t Task
	err = store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		t, err = Add(ctx, r.Env, tx, r.Room, nt, r.At)
		return err
	})
	if err != nil {
		return bot.Reply{}, err
	}
	r.Log().Info().Int("task", t.Number).Msg("task added")
	text := fmt.Sprintf("Task #%d: “%s”", t.Number, t.Text)
	if t.Owner.ID != "" {
		text += " for " + t.Owner.Display()
	}
	if !t.Due.IsZero() {
		text += ", due " + r.Time(t.Due)
	}
	text += "."
	if t.Owner.ID == "" {
		text += fmt.Sprintf(" Nobody has it yet: %stask take %d.", r.Prefix(), t.Number)
	} else if !t.Due.IsZero() {
		text += " " + reminderText(settings(r.Config).RemindBefore, t, r.At)
	}
	if t.Owner.ID != "" && t.Owner.ID != r.Sender.ID {
		return bot.Mentioning(text, t.Owner), nil
	}
	return bot.Text(text), nil
}

// reminderText says which reminders will come (tasks.remind_before; 0s is the due time):
// "Reminders 3 days and 1 day before, and at the due time." Those already past are not said.
func reminderText(before []config.Duration, t Task, now time.Time) string {
	var ahead []string
	atDue := false
	for _, d := range before {
		switch {
		case d.Duration == 0:
			atDue = true
		case t.Due.Add(-d.Duration).After(now):
			ahead = append(ahead, phrase.Duration(nil, d.Duration))
		}
	}
	switch {
	case len(ahead) == 0 && !atDue:
		return "No reminder is set for tasks here."
	case len(ahead) == 0:
		return "A reminder at the due time."
	case !atDue && len(ahead) == 1:
		return fmt.Sprintf("A reminder %s before the due time.", ahead[0])
	case !atDue:
		return fmt.Sprintf("Reminders %s before the due time.", phrase.List(nil, ahead))
	case len(ahead) == 1:
		return fmt.Sprintf("A reminder %s before and at the due time.", ahead[0])
	}
	return fmt.Sprintf("Reminders %s before, and at the due time.", phrase.List(nil, ahead))
}

func runDone(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	return closeTask(ctx, r, task.Done)
}

func runDrop(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	return closeTask(ctx, r, task.Dropped)
}

// closeTask marks the guard's task done or dropped and cancels its reminders.
func closeTask(ctx context.Context, r *commands.Request, state string) (bot.Reply, error) {
	t, _ := r.Subject.(Task) // found by the guard
	if !t.Open() {
		return bot.Reply{}, userf("Task #%d is already %s (%s).", t.Number, t.State, r.Time(t.ClosedAt))
	}
	note := strings.Join(strings.Fields(bot.Inert(r.Args.Rest(1))), " ")
	note = phrase.Clip(note, task.MaxText)
	err := store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		ok, err := storeClose(ctx, tx, t.ID, state, r.At, r.Sender.ID, note)
		if err != nil || !ok {
			if err == nil {
				err = userf("Task #%d has just been closed.", t.Number)
			}
			return err
		}
		return cancelJobs(ctx, r.Env, tx, t)
	})
	if err != nil {
		return bot.Reply{}, err
	}
	text := fmt.Sprintf("Task #%d “%s” is done", t.Number, t.Text)
	if state == task.Dropped {
		text = fmt.Sprintf("Task #%d “%s” is dropped", t.Number, t.Text)
	}
	if r.Sender.ID != t.Owner.ID && t.Owner.ID != "" {
		text += " (by " + r.Sender.Display() + ")"
	}
	if note != "" {
		text += ": " + note
	}
	return bot.Text(text + "."), nil
}

func runTake(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	if len(r.Args.Words) != 1 {
		return bot.Reply{}, commands.Usagef("say which task, by its number")
	}
	t, err := findTask(ctx, r, r.Args.Words[0])
	if err != nil {
		return bot.Reply{}, err
	}
	switch {
	case !t.Open():
		return bot.Reply{}, userf("Task #%d is already %s.", t.Number, t.State)
	case t.Owner.ID == r.Sender.ID:
		return bot.Reply{}, userf("Task #%d is already yours.", t.Number)
	case t.Owner.ID != "":
		return bot.Reply{}, userf("Task #%d is %s's; they (or whoever created it) can give it to you with %stask give %d <member>.",
			t.Number, t.Owner.Display(), r.Prefix(), t.Number)
	}
	return setOwner(ctx, r, t, r.Sender)
}

func runGive(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	t, _ := r.Subject.(Task) // found by the guard
	if len(r.Args.Words) < 2 {
		return bot.Reply{}, commands.Usagef("say which task and to whom")
	}
	if !t.Open() {
		return bot.Reply{}, userf("Task #%d is already %s.", t.Number, t.State)
	}
	to, err := facts.Resolve(ctx, r.Tx, r.Transport, r.Room, r.Args.Text(1)) // a name may have spaces
	if err != nil {
		return bot.Reply{}, err
	}
	if to.ID == t.Owner.ID {
		return bot.Reply{}, userf("Task #%d is already %s's.", t.Number, to.Display()) // no second mention
	}
	if err := inRoom(ctx, r.Env, r.Tx, r.Room, to, "Give it to a member of the room."); err != nil {
		return bot.Reply{}, err
	}
	return setOwner(ctx, r, t, to)
}

// setOwner gives the task to a member and moves its reminders to them.
func setOwner(ctx context.Context, r *commands.Request, t Task, to bot.Member) (bot.Reply, error) {
	err := store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		ok, err := storeOwner(ctx, tx, t.ID, to)
		if err != nil || !ok {
			if err == nil {
				err = userf("Task #%d has just been closed.", t.Number)
			}
			return err
		}
		return nil // the reminders read the owner when they fire
	})
	if err != nil {
		return bot.Reply{}, err
	}
	text := fmt.Sprintf("Task #%d “%s” is now %s's", t.Number, t.Text, to.Display())
	if !t.Due.IsZero() {
		text += ", due " + r.Time(t.Due)
	}
	text += "."
	if to.ID == r.Sender.ID {
		return bot.Text(text), nil
	}
	return bot.Mentioning(text, to), nil
}

func runTasks(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	which := "open"
	if len(r.Args.Words) > 0 {
		which = strings.ToLower(r.Args.Words[0])
	}
	if len(r.Args.Words) > 1 || !map[string]bool{"open": true, "mine": true, "all": true, "overdue": true}[which] {
		return bot.Reply{}, commands.Usagef("say mine, all or overdue, or nothing for the open tasks")
	}
	open, err := ListOpen(ctx, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	var shown []Task
	for _, t := range open {
		if (which == "mine" && t.Owner.ID != r.Sender.ID) || (which == "overdue" && !t.Overdue(r.At)) {
			continue
		}
		shown = append(shown, t)
	}
	var closed []Task
	if which == "all" {
		recent, err := inPeriod(ctx, r.Tx, r.Room, r.At.Add(-closedLookback), r.At.Add(time.Millisecond))
		if err != nil {
			return bot.Reply{}, err
		}
		for _, t := range recent {
			if !t.Open() {
				closed = append(closed, t)
			}
		}
	}
	if len(shown)+len(closed) == 0 {
		none := map[string]string{"open": "No task is open.", "mine": "You have no open task.", "overdue": "No task is overdue.",
			"all": "No task is open, and none was closed in the last 30 days."}[which]
		return bot.Text(fmt.Sprintf("%s Add one with %stask add <text> [for <member>] [due <when>].", none, r.Prefix())), nil
	}
	title := map[string]string{"open": "Open tasks:", "mine": "Your open tasks:", "overdue": "Overdue tasks:", "all": "Open tasks:"}[which]
	lines := []string{title}
	if len(shown) == 0 {
		lines = []string{"No task is open."}
	}
	for i, t := range shown {
		if i == tasksShown {
			more := fmt.Sprintf("… and %d more, due later or without a due time", len(shown)-i)
			if which != "mine" && which != "overdue" {
				more += fmt.Sprintf(" (%stasks mine and %stasks overdue show fewer)", r.Prefix(), r.Prefix())
			}
			lines = append(lines, more+".")
			break
		}
		lines = append(lines, "• "+describe(t, r.At, r.Loc))
	}
	if len(closed) > 0 {
		lines = append(lines, "Done or dropped in the last 30 days:")
	}
	for i, t := range closed {
		if i == tasksShown {
			lines = append(lines, fmt.Sprintf("… and %d more.", len(closed)-i))
			break
		}
		line := fmt.Sprintf("• #%d “%s”, %s %s", t.Number, t.Text, t.State, timeparse.Format(r.Lang, t.ClosedAt, r.At, r.Loc))
		if t.Note != "" {
			line += ": " + t.Note
		}
		lines = append(lines, line)
	}
	return bot.Text(strings.Join(lines, "\n")), nil
}

// describe is one task in a list: "#3 “fix the door” — bo, due Fri 27 Nov 18:00 CET (overdue)".
func describe(t Task, now time.Time, loc *time.Location) string {
	owner := "nobody yet"
	if t.Owner.ID != "" {
		owner = t.Owner.Display()
	}
	s := fmt.Sprintf("#%d “%s” — %s", t.Number, t.Text, owner)
	if !t.Due.IsZero() {
		s += ", due " + timeparse.Format(nil, t.Due, now, loc)
		if t.Overdue(now) {
			s += " (overdue)"
		}
	}
	return s
}

// findTask loads the room's task with the number typed, or answers that there is none.
func findTask(ctx context.Context, r *commands.Request, typed string) (Task, error) {
	n, ok := task.ParseNumber(typed)
	if !ok {
		return Task{}, userf("“%s” is not a task number: they are numbers, like 3 or #3 (%stasks lists them).", phrase.Clip(bot.Inert(typed), 30), r.Prefix())
	}
	t, err := ByNumber(ctx, r.Tx, r.Room, n)
	if errors.Is(err, task.ErrNotFound) {
		return t, userf("There is no task #%d in this room (%stasks lists them).", n, r.Prefix())
	}
	return t, err
}

// statusTasks is the tasks' !status line: how many are open, and the overdue ones.
func statusTasks(ctx context.Context, r *commands.Request) ([]string, error) {
	open, err := ListOpen(ctx, r.Tx, r.Room)
	if err != nil || len(open) == 0 {
		return nil, err
	}
	var overdue []string
	n := 0
	for _, t := range open {
		if !t.Overdue(r.At) {
			continue
		}
		if n++; n <= statusOverdue {
			overdue = append(overdue, describe(t, r.At, r.Loc))
		}
	}
	line := "• " + phrase.Plural(len(open), "open task", "open tasks")
	if n > statusOverdue {
		overdue = append(overdue, fmt.Sprintf("%d more (%stasks overdue)", n-statusOverdue, r.Prefix()))
	}
	if len(overdue) > 0 {
		line += "; overdue: " + strings.Join(overdue, " · ")
	}
	return []string{line}, nil
}

// userf is a room-safe error.
func userf(format string, args ...any) error { return commands.Userf(format, args...) }

// ref is a task's job reference.
func ref(t Task) string { return strconv.FormatInt(t.ID, 10) }
