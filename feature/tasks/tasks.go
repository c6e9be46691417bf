// Package tasks is the assembly's concrete tasks: added by anyone (or by !action in a
// meeting, through Add), taken, given, done or dropped, with reminders by mention a day
// before the due time and at it, and the overdue ones in !status. jobs.go holds the
// reminders; api.go what other features (meetings, digests) call.
package tasks

import (
	"context"
	"database/sql"
	"errors"
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
	"folkmoot/words"
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
		Config:       configSection(),
		Name:         "tasks",
		PersonalData: personalData,
		Commands:     []*commands.Command{cmdTask, cmdTasks},
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
	l := r.Lang
	who := l.Say("tasks.refusal.creator", "Creator", t.CreatedBy.Display())
	if t.Owner.ID != "" && t.Owner.ID != t.CreatedBy.ID {
		who = l.Say("tasks.refusal.owner_creator", "Owner", t.Owner.Display(), "Creator", t.CreatedBy.Display())
	}
	fac := facts.FacilitatorsIn(l, facilitators)
	switch r.Command.Name {
	case "done":
		return l.Say("tasks.refusal.done", "Who", who, "Facilitators", fac, "Number", t.Number)
	case "drop":
		return l.Say("tasks.refusal.drop", "Who", who, "Facilitators", fac, "Number", t.Number)
	}
	return l.Say("tasks.refusal.give", "Who", who, "Facilitators", fac, "Number", t.Number)
}}

// cmdTask's help, and its subcommands', is in the catalog (help.task, help.task add, …).
var cmdTask = &commands.Command{
	Name:    "task",
	Section: Section,
	Subcommands: []*commands.Command{
		{Name: "add", NeedsIdentity: true, Run: runAdd},
		{Name: "done", Guard: managed, Run: runDone},
		{Name: "drop", Guard: managed, Run: runDrop},
		{Name: "take", NeedsIdentity: true, Run: runTake},
		{Name: "give", Guard: managed, Run: runGive},
	},
	Run: func(_ context.Context, r *commands.Request) (bot.Reply, error) {
		return bot.Reply{}, commands.Usagef("%s", r.Lang.Say("tasks.usage.what"))
	},
}

// cmdTasks's help is in the catalog (help.tasks).
var cmdTasks = &commands.Command{
	Name:    "tasks",
	Section: Section,
	Run:     runTasks,
}

// taskManagers finds the task the first word names and returns its owner and creator.
func taskManagers(ctx context.Context, r *commands.Request) ([]string, error) {
	if len(r.Args.Words) == 0 {
		return nil, commands.Usagef("%s", r.Lang.Say("tasks.usage.which"))
	}
	t, err := findTask(ctx, r, r.Args.Words[0])
	if err != nil {
		return nil, err
	}
	r.Subject = t
	return []string{t.Owner.ID, t.CreatedBy.ID}, nil
}

func runAdd(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	l := r.Lang
	members, err := facts.LoadDirectory(ctx, r.Tx, r.Transport, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	parts, err := task.SplitAdd(l, r.Args.Raw, members.Knows)
	if err != nil {
		return bot.Reply{}, err
	}
	nt := task.Draft{Text: parts.Text, CreatedBy: r.Sender}
	if parts.For != "" {
		if nt.Owner, err = members.Resolve(parts.For); err != nil {
			return bot.Reply{}, refuse(l.Say("tasks.add.for_unknown", "Problem", err.Error(), "For", bot.Inert(parts.For),
				"Command", r.Prefix()+`task add "…"`))
		}
	}
	if parts.Due != "" {
		if nt.Due, err = timeparse.ParseUntil(l, parts.Due, r.At, r.Loc); err != nil {
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
	var text string
	switch {
	case t.Owner.ID != "" && !t.Due.IsZero():
		text = l.Say("tasks.added.for_due", "Number", t.Number, "Text", t.Text, "Owner", t.Owner.Display(), "Due", r.Time(t.Due))
	case t.Owner.ID != "":
		text = l.Say("tasks.added.for", "Number", t.Number, "Text", t.Text, "Owner", t.Owner.Display())
	case !t.Due.IsZero():
		text = l.Say("tasks.added.due", "Number", t.Number, "Text", t.Text, "Due", r.Time(t.Due))
	default:
		text = l.Say("tasks.added.plain", "Number", t.Number, "Text", t.Text)
	}
	if t.Owner.ID == "" {
		text += " " + l.Say("tasks.added.nobody", "Command", r.Prefix()+"task take "+strconv.Itoa(t.Number))
	} else if !t.Due.IsZero() {
		text += " " + reminderText(l, settings(r.Config).RemindBefore, t, r.At)
	}
	if t.Owner.ID != "" && t.Owner.ID != r.Sender.ID {
		return bot.Mentioning(text, t.Owner), nil
	}
	return bot.Text(text), nil
}

// reminderText says which reminders will come (tasks.remind_before; 0s is the due time):
// "Reminders 3 days and 1 day before, and at the due time." Those already past are not said.
func reminderText(l *words.Lang, before []config.Duration, t Task, now time.Time) string {
	var ahead []string
	atDue := false
	for _, d := range before {
		switch {
		case d.Duration == 0:
			atDue = true
		case t.Due.Add(-d.Duration).After(now):
			ahead = append(ahead, phrase.Duration(l, d.Duration))
		}
	}
	switch {
	case len(ahead) == 0 && !atDue:
		return l.Say("tasks.reminders.none")
	case len(ahead) == 0:
		return l.Say("tasks.reminders.at_due")
	case !atDue && len(ahead) == 1:
		return l.Say("tasks.reminders.one_before", "Span", ahead[0])
	case !atDue:
		return l.Say("tasks.reminders.before", "Spans", phrase.List(l, ahead))
	case len(ahead) == 1:
		return l.Say("tasks.reminders.one_before_and_due", "Span", ahead[0])
	}
	return l.Say("tasks.reminders.before_and_due", "Spans", phrase.List(l, ahead))
}

func runDone(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	return closeTask(ctx, r, task.Done)
}

func runDrop(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	return closeTask(ctx, r, task.Dropped)
}

// closeTask marks the guard's task done or dropped and cancels its reminders.
func closeTask(ctx context.Context, r *commands.Request, state string) (bot.Reply, error) {
	l := r.Lang
	t, _ := r.Subject.(Task) // found by the guard
	if !t.Open() {
		return bot.Reply{}, refuse(l.Say("tasks.already."+t.State+"_at", "Number", t.Number, "When", r.Time(t.ClosedAt)))
	}
	note := strings.Join(strings.Fields(bot.Inert(r.Args.Rest(1))), " ")
	note = phrase.Clip(note, task.MaxText)
	err := store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		ok, err := storeClose(ctx, tx, t.ID, state, r.At, r.Sender.ID, note)
		if err != nil || !ok {
			if err == nil {
				err = refuse(l.Say("tasks.just_closed", "Number", t.Number))
			}
			return err
		}
		return cancelJobs(ctx, r.Env, tx, t)
	})
	if err != nil {
		return bot.Reply{}, err
	}
	// tasks.done.plain, tasks.done.by, tasks.done.note, tasks.done.by_note and the same
	// under tasks.dropped.
	form := "plain"
	by := r.Sender.ID != t.Owner.ID && t.Owner.ID != ""
	switch {
	case by && note != "":
		form = "by_note"
	case by:
		form = "by"
	case note != "":
		form = "note"
	}
	return bot.Text(l.Say("tasks."+state+"."+form, "Number", t.Number, "Text", t.Text, "By", r.Sender.Display(), "Note", note)), nil
}

func runTake(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	l := r.Lang
	if len(r.Args.Words) != 1 {
		return bot.Reply{}, commands.Usagef("%s", l.Say("tasks.usage.which"))
	}
	t, err := findTask(ctx, r, r.Args.Words[0])
	if err != nil {
		return bot.Reply{}, err
	}
	switch {
	case !t.Open():
		return bot.Reply{}, refuse(l.Say("tasks.already."+t.State, "Number", t.Number))
	case t.Owner.ID == r.Sender.ID:
		return bot.Reply{}, refuse(l.Say("tasks.already.yours", "Number", t.Number))
	case t.Owner.ID != "":
		return bot.Reply{}, refuse(l.Say("tasks.take.taken", "Number", t.Number, "Owner", t.Owner.Display(),
			"Command", r.Prefix()+"task give "+strconv.Itoa(t.Number)))
	}
	return setOwner(ctx, r, t, r.Sender)
}

func runGive(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	l := r.Lang
	t, _ := r.Subject.(Task) // found by the guard
	if len(r.Args.Words) < 2 {
		return bot.Reply{}, commands.Usagef("%s", l.Say("tasks.usage.give"))
	}
	if !t.Open() {
		return bot.Reply{}, refuse(l.Say("tasks.already."+t.State, "Number", t.Number))
	}
	to, err := facts.Resolve(ctx, r.Tx, r.Transport, r.Room, r.Args.Text(1)) // a name may have spaces
	if err != nil {
		return bot.Reply{}, err
	}
	if to.ID == t.Owner.ID {
		return bot.Reply{}, refuse(l.Say("tasks.already.theirs", "Number", t.Number, "Owner", to.Display())) // no second mention
	}
	if err := inRoom(ctx, l, r.Env, r.Tx, r.Room, to, l.Say("tasks.hint.give")); err != nil {
		return bot.Reply{}, err
	}
	return setOwner(ctx, r, t, to)
}

// setOwner gives the task to a member and moves its reminders to them.
func setOwner(ctx context.Context, r *commands.Request, t Task, to bot.Member) (bot.Reply, error) {
	l := r.Lang
	err := store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		ok, err := storeOwner(ctx, tx, t.ID, to)
		if err != nil || !ok {
			if err == nil {
				err = refuse(l.Say("tasks.just_closed", "Number", t.Number))
			}
			return err
		}
		return nil // the reminders read the owner when they fire
	})
	if err != nil {
		return bot.Reply{}, err
	}
	text := l.Say("tasks.owner.plain", "Number", t.Number, "Text", t.Text, "Owner", to.Display())
	if !t.Due.IsZero() {
		text = l.Say("tasks.owner.due", "Number", t.Number, "Text", t.Text, "Owner", to.Display(), "Due", r.Time(t.Due))
	}
	if to.ID == r.Sender.ID {
		return bot.Text(text), nil
	}
	return bot.Mentioning(text, to), nil
}

func runTasks(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	l := r.Lang
	which := "open"
	if len(r.Args.Words) > 0 {
		which = strings.ToLower(r.Args.Words[0])
	}
	if len(r.Args.Words) > 1 || !map[string]bool{"open": true, "mine": true, "all": true, "overdue": true}[which] {
		return bot.Reply{}, commands.Usagef("%s", l.Say("tasks.usage.list"))
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
		// tasks.none.open, tasks.none.mine, tasks.none.overdue, tasks.none.all
		return bot.Text(l.Say("tasks.none."+which) + " " + l.Say("tasks.none.add", "Command", r.Prefix()+"task add")), nil
	}
	title := map[string]string{"open": "tasks.list.open", "mine": "tasks.list.mine", "overdue": "tasks.list.overdue", "all": "tasks.list.open"}[which]
	lines := []string{l.Say(title)}
	if len(shown) == 0 {
		lines = []string{l.Say("tasks.none.open")}
	}
	for i, t := range shown {
		if i == tasksShown {
			if which != "mine" && which != "overdue" {
				lines = append(lines, l.Count("tasks.list.more_narrow", len(shown)-i, "Mine", r.Prefix()+"tasks mine", "Overdue", r.Prefix()+"tasks overdue"))
			} else {
				lines = append(lines, l.Count("tasks.list.more", len(shown)-i))
			}
			break
		}
		lines = append(lines, "• "+describe(l, t, r.At, r.Loc))
	}
	if len(closed) > 0 {
		lines = append(lines, l.Say("tasks.list.closed"))
	}
	for i, t := range closed {
		if i == tasksShown {
			lines = append(lines, l.Count("tasks.list.more_closed", len(closed)-i))
			break
		}
		// tasks.list.done, tasks.list.done_note, tasks.list.dropped, tasks.list.dropped_note
		id := "tasks.list." + t.State
		if t.Note != "" {
			id += "_note"
		}
		lines = append(lines, "• "+l.Say(id, "Number", t.Number, "Text", t.Text, "When", timeparse.Format(l, t.ClosedAt, r.At, r.Loc), "Note", t.Note))
	}
	return bot.Text(strings.Join(lines, "\n")), nil
}

// describe is one task in a list: "#3 “fix the door” — bo, due Fri 27 Nov 18:00 CET (overdue)".
func describe(l *words.Lang, t Task, now time.Time, loc *time.Location) string {
	owner := l.Say("tasks.item.nobody")
	if t.Owner.ID != "" {
		owner = t.Owner.Display()
	}
	switch {
	case t.Due.IsZero():
		return l.Say("tasks.item.plain", "Number", t.Number, "Text", t.Text, "Owner", owner)
	case t.Overdue(now):
		return l.Say("tasks.item.overdue", "Number", t.Number, "Text", t.Text, "Owner", owner, "Due", timeparse.Format(l, t.Due, now, loc))
	}
	return l.Say("tasks.item.due", "Number", t.Number, "Text", t.Text, "Owner", owner, "Due", timeparse.Format(l, t.Due, now, loc))
}

// findTask loads the room's task with the number typed, or answers that there is none.
func findTask(ctx context.Context, r *commands.Request, typed string) (Task, error) {
	n, ok := task.ParseNumber(typed)
	if !ok {
		return Task{}, refuse(r.Lang.Say("tasks.not_a_number", "Typed", phrase.Clip(bot.Inert(typed), 30), "Command", r.Prefix()+"tasks"))
	}
	t, err := ByNumber(ctx, r.Tx, r.Room, n)
	if errors.Is(err, task.ErrNotFound) {
		return t, refuse(r.Lang.Say("tasks.no_such", "Number", n, "Command", r.Prefix()+"tasks"))
	}
	return t, err
}

// statusTasks is the tasks' !status line: how many are open, and the overdue ones.
func statusTasks(ctx context.Context, r *commands.Request) ([]string, error) {
	l := r.Lang
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
			overdue = append(overdue, describe(l, t, r.At, r.Loc))
		}
	}
	if n > statusOverdue {
		overdue = append(overdue, l.Count("tasks.status.more", n-statusOverdue, "Command", r.Prefix()+"tasks overdue"))
	}
	if len(overdue) > 0 {
		return []string{"• " + l.Count("tasks.status.overdue", len(open), "Overdue", strings.Join(overdue, " · "))}, nil
	}
	return []string{"• " + l.Count("tasks.status.open", len(open))}, nil
}

// refuse is a room-safe error whose text is already worded.
func refuse(text string) error { return commands.Userf("%s", text) }

// ref is a task's job reference.
func ref(t Task) string { return strconv.FormatInt(t.ID, 10) }
