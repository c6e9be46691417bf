// Package meetings is meetings and their minutes: `!meeting start|end`, the items recorded
// during a meeting (topics, notes, ideas, links, decisions, dissent, actions, attendance),
// the raw log of everything said (OnMessage), the minutes regenerated from what is stored
// (`!minutes`), print-ready digests of many meetings (`!digest`, also on a schedule) and the
// mirror of every meeting's minutes into the digests folder.
//
// capture.go holds the item commands, log.go the raw log, build.go turns stored rows into
// the minutes package's model, mirror.go writes and posts the files, digest.go the digests.
package meetings

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/facts"
	"folkmoot/phrase"
	"folkmoot/store"
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

// Hooks are what the other features do at a meeting's moments; the app wires them.
type Hooks struct {
	// Action creates a task for each `!action`; nil records actions only as items.
	Action ActionRecorder
	// AtStart run in order inside the transaction that starts a meeting.
	AtStart []StartHook
}

// Feature is meetings, minutes and digests, with the other features' hooks.
func Feature(h Hooks) commands.Feature {
	cmdMeeting := meetingCommand(h.AtStart)
	cmds := append([]*commands.Command{cmdMeeting}, itemCommands(h.Action)...)
	return commands.Feature{
		Name:     "meetings",
		Commands: append(cmds, cmdPresent, cmdUndo, cmdMinutes, cmdDigest),
		Jobs: []commands.JobKind{
			// A late digest is still worth reading; a missed week is not made up twice, since
			// the recurrence moves on from now.
			{Name: jobDigest, AlwaysFire: true, Run: runDigestJob},
			// Minutes not written when their meeting ended: however late, they are wanted.
			{Name: jobMinutes, AlwaysFire: true, Run: runMinutesJob},
		},
		Status:    statusMeeting,
		OnMessage: OnMessage,
	}
}

// notetakerOrFacilitator is the guard of the commands that shape the minutes: the
// facilitator-level, or whoever holds the notetaker role now.
var notetakerOrFacilitator = commands.Guard{Owners: notetakers, Refusal: notetakerRefusal}

// notetakers are the current holders of the notetaker role.
func notetakers(ctx context.Context, r *commands.Request) ([]string, error) {
	terms, err := store.CurrentTerms(ctx, r.DB, r.Room)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, t := range terms {
		if t.Role == NotetakerRole {
			ids = append(ids, t.Member)
		}
	}
	return ids, nil
}

func notetakerRefusal(r *commands.Request, facilitators []bot.Member) string {
	return fmt.Sprintf("Only the notetaker, %s, room admins or bot admins may use %s%s.",
		facts.FacilitatorsText(facilitators), r.Prefix(), r.Command.FullName())
}

// meetingCommand is !meeting; atStart run when a meeting starts.
func meetingCommand(atStart []StartHook) *commands.Command {
	return &commands.Command{
		Name:     "meeting",
		Section:  SectionMeetings,
		Synopsis: "start [title] | end",
		Help: "Starts a meeting (the facilitator-level) or ends it (the facilitator-level or the notetaker); alone, " +
			"says whether one is running. Everything said during a meeting goes into its log; at the end the minutes " +
			"are written to the digests folder and posted here.",
		Examples: []string{"meeting start Plenary", "meeting end"},
		Subcommands: []*commands.Command{
			{Name: "start", Synopsis: "[title]", Help: "Starts a meeting; one at a time per room. Roles set to rotate at each meeting rotate now.",
				Examples: []string{"meeting start Plenary"}, Guard: commands.Guard{Level: commands.FacilitatorLevel},
				Run: func(ctx context.Context, r *commands.Request) (bot.Reply, error) { return runStart(ctx, r, atStart) }},
			{Name: "end", Help: "Ends the meeting and posts its minutes.", Examples: []string{"meeting end"},
				Who: "facilitator-level or the notetaker", Guard: notetakerOrFacilitator, Run: runEnd},
		},
		Run: runMeetingShow,
	}
}

func runStart(ctx context.Context, r *commands.Request, atStart []StartHook) (bot.Reply, error) {
	title := strings.Join(strings.Fields(r.Args.Rest(0)), " ")
	if n := len([]rune(title)); n > maxTitle {
		return bot.Reply{}, commands.Userf("Please keep the title under %d characters.", maxTitle)
	}
	m := store.Meeting{Room: r.Room, Title: title, StartedBy: r.Sender, Start: r.At}
	var said []bot.Reply
	err := r.DB.InTx(ctx, func(tx *sql.Tx) error {
		said = nil
		if err := store.StartMeeting(ctx, tx, &m); err != nil {
			return err
		}
		if err := store.MarkPresent(ctx, tx, m.ID, r.Sender, r.At); err != nil {
			return err
		}
		for _, hook := range atStart {
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
	if errors.Is(err, store.ErrMeetingRunning) {
		running, rerr := store.RunningMeeting(ctx, r.DB, r.Room)
		if rerr != nil {
			return bot.Reply{}, rerr
		}
		return bot.Reply{}, commands.Userf("Meeting %d (%s) is still running, since %s: one meeting at a time. End it with %smeeting end.",
			running.Number, titleText(running), r.Time(running.Start), r.Prefix())
	}
	if err != nil {
		return bot.Reply{}, err
	}
	r.Log().Info().Int("meeting", m.Number).Msg("meeting started")
	p := r.Prefix()
	reply := bot.Text(fmt.Sprintf("Meeting %d (%s) started. Everything said here goes into the log until %smeeting end. "+
		"Record with %stopic, %snote, %sidea, %slink, %sdecided, %sdissent, %saction and %spresent; %sundo takes back the last item.",
		m.Number, titleText(m), p, p, p, p, p, p, p, p, p, p))
	for _, s := range said {
		reply.Doc.Add(s.Doc.Blocks...)
		reply.Mentions = append(reply.Mentions, s.Mentions...)
	}
	if more := previousMinutes(ctx, r); more != "" {
		reply.Doc.Add(bot.TextDoc(more).Blocks...)
	}
	return reply, nil
}

func runMeetingShow(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	m, err := store.RunningMeeting(ctx, r.DB, r.Room)
	if errors.Is(err, store.ErrNoMeeting) {
		return bot.Text(fmt.Sprintf("No meeting is running. The facilitator-level starts one with %smeeting start [title].", r.Prefix())), nil
	}
	if err != nil {
		return bot.Reply{}, err
	}
	items, err := store.MeetingItems(ctx, r.DB, m.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	att, err := store.Attendance(ctx, r.DB, m.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	return bot.Text(fmt.Sprintf("Meeting %d (%s) is running since %s: %s so far, %d present.",
		m.Number, titleText(m), r.Time(m.Start), countsText(items), len(att))), nil
}

// titleText names a meeting in a reply: its title in quotes, or "untitled".
func titleText(m store.Meeting) string {
	if m.Title == "" {
		return "untitled"
	}
	return "“" + clip(m.Title, 80) + "”"
}

// countsText words what a meeting recorded: "2 topics, 1 decision, 1 dissent, 3 actions".
func countsText(items []store.MeetingItem) string {
	n := map[string]int{}
	for _, it := range items {
		n[it.Kind]++
	}
	var parts []string
	for _, k := range []struct{ kind, one, many string }{
		{store.ItemTopic, "topic", "topics"}, {store.ItemDecision, "decision", "decisions"},
		{store.ItemDissent, "dissent", "dissents"}, {store.ItemAction, "action", "actions"},
		{store.ItemNote, "note", "notes"}, {store.ItemIdea, "idea", "ideas"}, {store.ItemLink, "link", "links"},
	} {
		if c := n[k.kind]; c > 0 {
			word := k.many
			if c == 1 {
				word = k.one
			}
			parts = append(parts, fmt.Sprintf("%d %s", c, word))
		}
	}
	if len(parts) == 0 {
		return "nothing recorded"
	}
	return strings.Join(parts, ", ")
}

// statusMeeting is the meeting's !status lines: the running meeting, and minutes missing or
// still to be written.
func statusMeeting(ctx context.Context, r *commands.Request) ([]string, error) {
	var lines []string
	m, err := store.RunningMeeting(ctx, r.DB, r.Room)
	switch {
	case err == nil:
		lines = append(lines, fmt.Sprintf("• Meeting %d (%s) running since %s", m.Number, titleText(m), r.Time(m.Start)))
	case !errors.Is(err, store.ErrNoMeeting):
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
