// Package meetings is meetings and their minutes: `!meeting start|end`, the items recorded
// during a meeting (topics, notes, ideas, links, decisions, dissent, actions, attendance),
// the raw log of everything said (OnMessage), the minutes regenerated from what is stored
// (`!minutes`), print-ready digests of many meetings (`!digest`, also on a schedule) and the
// mirror of every meeting's minutes into the digests folder.
//
// db.go holds the queries of its tables, capture.go the item commands, log.go the raw log,
// build.go turns stored rows and what the other features' hooks read into the minutes
// package's model, mirror.go writes and posts the files, digest.go the digests.
package meetings

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/facts"
	"folkmoot/feature"
	"folkmoot/hooks"
	"folkmoot/mandate"
	"folkmoot/meeting"
	"folkmoot/minutes"
	"folkmoot/phrase"
	"folkmoot/rotation"
	"folkmoot/round"
	"folkmoot/store"
	"folkmoot/task"
	"folkmoot/vote"
	"folkmoot/words"
)

// SectionMeetings is the help section of the meeting commands.
const SectionMeetings = "Meetings"

// NotetakerRole is the role whose holders may record topics and decisions and undo items,
// besides the facilitator-level.
const NotetakerRole = "notetaker"

// ActionRecorder creates a task for an action recorded in a meeting, inside the meeting's
// transaction, and returns its id; the tasks feature provides it. owner is zero when the
// action has no owner yet, due is zero when it has no due date.
type ActionRecorder func(ctx context.Context, env *commands.Env, tx *sql.Tx, room bot.Room, text string,
	owner bot.Member, due time.Time) (id string, err error)

// Limits of what one command records.
const (
	maxTitle = 200
	maxText  = 2000
)

// StartHook is what another feature does inside the transaction that starts a meeting (a
// role rotated, the speaking figures started afresh); a reply that is not zero is said with
// the start's answer.
type StartHook func(ctx context.Context, env *commands.Env, tx *sql.Tx, room bot.Room, now time.Time) (bot.Reply, error)

// Quietly makes a start hook of a step that says nothing.
func Quietly(step func(ctx context.Context, tx *sql.Tx, room bot.Room, now time.Time) error) StartHook {
	return func(ctx context.Context, _ *commands.Env, tx *sql.Tx, room bot.Room, now time.Time) (bot.Reply, error) {
		return bot.Reply{}, step(ctx, tx, room, now)
	}
}

// Hooks are what the other features do at a meeting's moments, and what the minutes and
// digests read of them; the app wires them. Every reading hook may be nil: the minutes then
// go without what it reads.
type Hooks struct {
	// Action creates a task for each `!action`; nil records actions only as items.
	Action ActionRecorder
	// AtStart run in order inside the transaction that starts a meeting.
	AtStart []StartHook

	// Terms lists every term held of the room's roles, past and present, oldest first: the
	// minutes say who held which role, and each rotation during the meeting.
	Terms func(ctx context.Context, q store.Querier, room bot.Room) ([]rotation.Term, error)
	// Rounds lists the listening rounds that finished in [from, to), oldest first.
	Rounds func(ctx context.Context, q store.Querier, room bot.Room, from, to time.Time) ([]round.Finished, error)
	// Votes are the votes closed during a meeting, its decisions.
	Votes VoteHooks
	// Tasks are the tasks a meeting's actions became, and those a digest lists.
	Tasks TaskHooks
	// Mandates are the mandates given or ended during a meeting, and those in force.
	Mandates MandateHooks
	// Stories lists, as a digest shows them, the stories told and the readings taken in
	// [from, to).
	Stories func(ctx context.Context, q store.Querier, room bot.Room, from, to time.Time) ([]minutes.Story, []minutes.Measure, error)
	// Rules lists, worded in l, the changes of the room's rules made in [from, to], oldest
	// first.
	Rules func(ctx context.Context, q store.Querier, l *words.Lang, room bot.Room, from, to time.Time) ([]minutes.RuleChange, error)
	// TellLinked tells the rooms linked to a room (its councils and assemblies) an ended
	// meeting's summary; nil when rooms are not linked.
	TellLinked func(env *commands.Env) hooks.TellRooms
}

// VoteHooks read the votes feature's closed votes.
type VoteHooks struct {
	// Closed lists the room's votes closed in [from, to), oldest first, with their results.
	Closed func(ctx context.Context, q store.Querier, room bot.Room, from, to time.Time) ([]vote.Vote, error)
	// Ballots lists a vote's ballots, for the names and reasons of the blocks and stand-asides.
	Ballots func(ctx context.Context, q store.Querier, voteID int64) ([]vote.Ballot, error)
}

// TaskHooks read the tasks feature's tasks.
type TaskHooks struct {
	// InPeriod lists a room's tasks created or closed in [from, to).
	InPeriod func(ctx context.Context, q store.Querier, room bot.Room, from, to time.Time) ([]task.Task, error)
	// Open lists a room's open tasks.
	Open func(ctx context.Context, q store.Querier, room bot.Room) ([]task.Task, error)
	// ByNumber is a room's task by its number; task.ErrNotFound when there is none.
	ByNumber func(ctx context.Context, q store.Querier, room bot.Room, number int) (task.Task, error)
	// Items words tasks as the minutes and digests show them (a dropped task is left out).
	Items func(ts []task.Task) []minutes.Item
}

// MandateHooks read the mandates feature's mandates.
type MandateHooks struct {
	// All lists a room's mandates, by number.
	All func(ctx context.Context, q store.Querier, room bot.Room) ([]mandate.Mandate, error)
	// Active lists a room's mandates in force, the soonest to end first.
	Active func(ctx context.Context, q store.Querier, room bot.Room) ([]mandate.Mandate, error)
	// EndWords says in l how an ended mandate ended ("recalled by vote #3"), naming with book.
	EndWords func(l *words.Lang, m mandate.Mandate, book facts.Roster) string
}

// Feature is meetings, minutes and digests, with the other features' hooks.
func Feature(h Hooks) feature.Feature {
	cmdMeeting := h.meetingCommand()
	cmds := append([]*commands.Command{cmdMeeting}, itemCommands(h.Action)...)
	return feature.Feature{
		Config:     configSection(),
		Rules:      rules,
		Migrations: migrations,
		Name:       "meetings",
		Commands:   append(cmds, cmdPresent, cmdUndo, h.minutesCommand(), h.digestCommand()),
		Jobs: []feature.Job{
			// A late digest is still worth reading; a missed week is not made up twice, since
			// the recurrence moves on from now.
			{Name: jobDigest, AlwaysFire: true, Run: h.runDigestJob},
			// Minutes not written when their meeting ended: however late, they are wanted.
			{Name: jobMinutes, AlwaysFire: true, Run: h.runMinutesJob},
		},
		Status:       statusMeeting,
		OnMessage:    OnMessage,
		OnReaction:   OnReaction,
		PersonalData: personalData,
	}
}

// notetakerOrFacilitator is the guard of the commands that shape the minutes: the
// facilitator-level, or whoever holds the notetaker role now.
var notetakerOrFacilitator = commands.Guard{Owners: notetakers, Refusal: notetakerRefusal}

// notetakers are the current holders of the notetaker role.
func notetakers(ctx context.Context, r *commands.Request) ([]string, error) {
	return facts.Holders(ctx, r.Tx, r.Room, NotetakerRole)
}

func notetakerRefusal(r *commands.Request, facilitators []bot.Member) string {
	return r.Lang.Say("meetings.refusal", "Facilitators", facts.FacilitatorsIn(r.Lang, facilitators),
		"Command", r.Prefix()+r.Command.FullName())
}

// meetingCommand is !meeting; h.AtStart run when a meeting starts. Its help, and every
// meeting command's, is in the catalog (help.meeting, help.meeting start, …).
func (h Hooks) meetingCommand() *commands.Command {
	return &commands.Command{
		Name:    "meeting",
		Section: SectionMeetings,
		Subcommands: []*commands.Command{
			{Name: "start", Guard: commands.Guard{Level: commands.FacilitatorLevel}, Run: h.runStart},
			{Name: "end", Guard: notetakerOrFacilitator, Run: h.runEnd},
		},
		Run: runMeetingShow,
	}
}

func (h Hooks) runStart(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	title := strings.Join(strings.Fields(r.Args.Rest(0)), " ")
	if n := len([]rune(title)); n > maxTitle {
		return bot.Reply{}, commands.Userf("%s", r.Lang.Say("meetings.start.too_long", "Max", maxTitle))
	}
	m := meeting.Meeting{Room: r.Room, Title: title, StartedBy: r.Sender, Start: r.At}
	var said []bot.Reply
	err := store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		said = nil
		if err := StartMeeting(ctx, tx, &m); err != nil {
			return err
		}
		if err := MarkPresent(ctx, tx, m.ID, r.Sender, r.At); err != nil {
			return err
		}
		for _, hook := range h.AtStart {
			reply, err := hook(ctx, r.Env, tx, r.Room, r.At)
			if err != nil {
				return err
			}
			if !reply.IsZero() {
				said = append(said, reply)
			}
		}
		return nil
	})
	if errors.Is(err, ErrMeetingRunning) {
		running, rerr := RunningMeeting(ctx, r.Tx, r.Room)
		if rerr != nil {
			return bot.Reply{}, rerr
		}
		return bot.Reply{}, commands.Userf("%s", r.Lang.Say("meetings.start.running", "Number", running.Number,
			"Title", running.TitleText(r.Lang), "Since", r.Time(running.Start), "Command", r.Prefix()+"meeting end"))
	}
	if err != nil {
		return bot.Reply{}, err
	}
	r.Log().Info().Int("meeting", m.Number).Msg("meeting started")
	p := r.Prefix()
	reply := bot.Text(r.Lang.Say("meetings.start.started", "Number", m.Number, "Title", m.TitleText(r.Lang), "End", p+"meeting end",
		"Topic", p+"topic", "Note", p+"note", "Idea", p+"idea", "Link", p+"link", "Decided", p+"decided",
		"Dissent", p+"dissent", "Action", p+"action", "Present", p+"present", "Undo", p+"undo"))
	for _, s := range said {
		reply.Doc.Add(s.Doc.Blocks...)
		reply.Mentions = append(reply.Mentions, s.Mentions...)
	}
	if more := h.previousMinutes(ctx, r); more != "" {
		reply.Doc.Add(bot.TextDoc(more).Blocks...)
	}
	return reply, nil
}

func runMeetingShow(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	m, err := RunningMeeting(ctx, r.Tx, r.Room)
	if errors.Is(err, ErrNoMeeting) {
		return bot.Text(r.Lang.Say("meetings.show.none", "Command", r.Prefix()+"meeting start")), nil
	}
	if err != nil {
		return bot.Reply{}, err
	}
	items, err := MeetingItems(ctx, r.Tx, m.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	att, err := Attendance(ctx, r.Tx, m.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	return bot.Text(r.Lang.Say("meetings.show.running", "Number", m.Number, "Title", m.TitleText(r.Lang), "Since", r.Time(m.Start),
		"Counts", meeting.Counts(r.Lang, items), "Present", r.Lang.Count("meetings.show.present", len(att)))), nil
}

// statusMeeting is the meeting's !status lines: the running meeting, and minutes missing or
// still to be written.
func statusMeeting(ctx context.Context, r *commands.Request) ([]string, error) {
	var lines []string
	m, err := RunningMeeting(ctx, r.Tx, r.Room)
	switch {
	case err == nil:
		lines = append(lines, "• "+r.Lang.Say("meetings.status.running", "Number", m.Number, "Title", m.TitleText(r.Lang),
			"Since", r.Time(m.Start)))
	case !errors.Is(err, ErrNoMeeting):
		return nil, err
	}
	more, err := statusMinutes(ctx, r)
	return append(lines, more...), err
}

// clip shortens a person's text echoed back to one inert line.
func clip(s string, n int) string { return phrase.Clip(bot.Inert(s), n) }

// isOneOf reports whether s is one of the words, ignoring case.
func isOneOf(s string, words ...string) bool {
	return slices.ContainsFunc(words, func(w string) bool { return strings.EqualFold(s, w) })
}
