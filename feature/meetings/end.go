package meetings

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/feature/tasks"
	"folkmoot/minutes"
	"folkmoot/phrase"
	"folkmoot/store"
)

// maxPreview is how many lines of text minutes a reply shows where files cannot be posted.
const maxPreview = 120

var cmdMinutes = &commands.Command{
	Name:     "minutes",
	Section:  SectionMeetings,
	Synopsis: "[last|<number>]",
	Help: "Makes the minutes of a past meeting again from its stored log and items (the last one by default), " +
		"writes them to the digests folder and posts them.",
	Examples: []string{"minutes", "minutes 3"},
	Run:      runMinutes,
}

func runEnd(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	var m store.Meeting
	err := r.DB.InTx(ctx, func(tx *sql.Tx) error {
		var err error
		if m, err = runningMeeting(ctx, r, tx); err != nil {
			return err
		}
		m.End = r.At
		if m.Files, err = minutesBase(r.Config, m, r.Loc); err != nil {
			return err
		}
		ok, err := store.EndMeeting(ctx, tx, m.ID, m.End, m.Files)
		if err == nil && !ok {
			err = commands.Userf("The meeting has just ended.")
		}
		return err
	})
	if err != nil {
		return bot.Reply{}, err
	}
	r.Log().Info().Int("meeting", m.Number).Msg("meeting ended")
	// The meeting is ended and committed: from here on a failure costs only the files,
	// which !minutes makes again.
	reply := publish(ctx, r, m, false)
	if ask, err := askForTask(ctx, r, m); err != nil {
		r.Log().Warn().Err(err).Int("meeting", m.Number).Msg("could not tell whether the meeting recorded a task")
	} else if ask {
		reply.Doc.Add(bot.TextDoc(noTaskQuestion(r.Prefix())).Blocks...)
	}
	return reply, nil
}

// noTaskQuestion is asked once, at the end of a meeting that recorded no task: a meeting
// that changes nothing on the ground is worth noticing.
func noTaskQuestion(prefix string) string {
	return fmt.Sprintf("No task was recorded — what will this meeting change on the ground? (%stask add <what> [for <who>] [due <when>] records one.)", prefix)
}

// askForTask reports whether the end of the meeting asks for a task: meetings.ask_for_task
// is on and the meeting recorded no action, nor was a task added while it ran.
func askForTask(ctx context.Context, r *commands.Request, m store.Meeting) (bool, error) {
	if !r.Config.Meetings.AskForTaskOn() {
		return false, nil
	}
	items, err := store.MeetingItems(ctx, r.DB, m.ID)
	if err != nil {
		return false, err
	}
	for _, it := range items {
		if it.Kind == store.ItemAction {
			return false, nil
		}
	}
	added, err := tasks.InPeriod(ctx, r.DB, r.Room, m.Start, m.End.Add(time.Millisecond))
	if err != nil {
		return false, err
	}
	for _, t := range added {
		if !t.CreatedAt.Before(m.Start) {
			return false, nil
		}
	}
	return true, nil
}

func runMinutes(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	m, err := findMeeting(ctx, r)
	if err != nil {
		return bot.Reply{}, err
	}
	if m.Running() {
		return bot.Reply{}, commands.Userf("Meeting %d is still running; its minutes come at %smeeting end.", m.Number, r.Prefix())
	}
	if m.Files == "" { // the end could not choose a name: choose one now
		if m.Files, err = minutesBase(r.Config, m, r.Loc); err != nil {
			return bot.Reply{}, err
		}
		if err := store.SetMeetingFiles(ctx, r.DB, m.ID, m.Files); err != nil {
			return bot.Reply{}, err
		}
	}
	return publish(ctx, r, m, true), nil
}

// findMeeting is the meeting `!minutes` names: the last one, or one by number.
func findMeeting(ctx context.Context, r *commands.Request) (store.Meeting, error) {
	if len(r.Args.Words) == 0 || isOneOf(r.Args.Words[0], "last") {
		m, err := store.LastMeeting(ctx, r.DB, r.Room)
		if errors.Is(err, store.ErrNoMeeting) {
			return m, commands.Userf("No meeting has ended in this room yet.")
		}
		return m, err
	}
	if len(r.Args.Words) > 1 {
		return store.Meeting{}, commands.Usagef("say last or one meeting's number")
	}
	n, err := strconv.Atoi(strings.TrimPrefix(r.Args.Words[0], "#"))
	if err != nil || n <= 0 {
		return store.Meeting{}, commands.Usagef("“%s” is not a meeting's number", clip(r.Args.Words[0], 30))
	}
	m, err := store.MeetingByNumber(ctx, r.DB, r.Room, n)
	if errors.Is(err, store.ErrNoMeeting) {
		return m, commands.Userf("There is no meeting %d in this room.", n)
	}
	return m, err
}

// publish makes a meeting's minutes from the store, writes them with the log to the digests
// folder and posts them: uploads where the transport can, else a short summary (with the
// text minutes, when asked for again). A failure to write or upload is logged and said.
func publish(ctx context.Context, r *commands.Request, m store.Meeting, again bool) bot.Reply {
	mm, err := BuildMeeting(ctx, r.DB, m, r.Loc, r.At)
	if err != nil {
		return failed(r, fmt.Sprintf("Meeting %d has ended, but its minutes could not be made", m.Number), err)
	}
	nameAssembly(r.Config, &mm)
	files, err := writeMinutes(ctx, r.Config, r.DB, m.ID, &mm, m.Files)
	if err != nil {
		return failed(r, fmt.Sprintf("Meeting %d has ended, but its minutes could not be written (%sminutes %d tries again)",
			m.Number, r.Prefix(), m.Number), err)
	}
	text := summary(r, m, &mm, again)
	uploaded, problems := upload(ctx, r.Transport, r.Room, files, fmt.Sprintf("Minutes of meeting %d", m.Number))
	for _, p := range problems {
		ref := bot.NewRef()
		r.Log().Error().Err(p).Str("ref", ref).Msg("minutes upload failed")
		text += fmt.Sprintf("\nA file could not be posted (ref %s); it is kept in the digests folder.", ref)
	}
	if !uploaded {
		text += "\nFiles: " + filepath.ToSlash(filepath.Dir(m.Files)) + "/" + fileList(files) + " in the digests folder."
	}
	reply := bot.Text(text)
	if again && !uploaded {
		reply.Doc.Add(preview(&mm))
	}
	return reply
}

// summary is the short account of a meeting posted with its minutes.
func summary(r *commands.Request, m store.Meeting, mm *minutes.Meeting, again bool) string {
	n := map[minutes.Kind]int{}
	for _, tp := range mm.Topics {
		for _, it := range tp.Items {
			n[it.Kind]++
		}
	}
	lines := 0
	for _, p := range mm.Present {
		lines += p.Lines
	}
	counts := []string{phrase.Plural(len(mm.Topics), "topic", "topics"), phrase.Plural(n[minutes.Decision], "decision", "decisions"),
		phrase.Plural(n[minutes.Dissent], "dissent", "dissents"), phrase.Plural(n[minutes.Task], "action", "actions")}
	head := fmt.Sprintf("Meeting %d (%s) ended after %s", m.Number, titleText(m), phrase.Duration(max(m.End.Sub(m.Start), time.Minute)))
	if again {
		head = fmt.Sprintf("Minutes of meeting %d (%s), %s", m.Number, titleText(m), r.Time(m.Start))
	}
	return fmt.Sprintf("%s: %s; %s present, %s said.", head, strings.Join(counts, ", "),
		strconv.Itoa(len(mm.Present)), phrase.Plural(lines, "line", "lines"))
}

// preview shows the text minutes in the reply, where no file can be posted.
func preview(mm *minutes.Meeting) bot.Block {
	data, err := minutes.MeetingText(mm)
	if err != nil {
		return bot.P("")
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(lines) > maxPreview {
		more := len(lines) - maxPreview
		lines = append(lines[:maxPreview], fmt.Sprintf("… %s more in the file.", phrase.Plural(more, "line", "lines")))
	}
	return bot.Preformatted(lines...)
}

// failed logs an error with a reference and words it for the room.
func failed(r *commands.Request, what string, err error) bot.Reply {
	ref := bot.NewRef()
	r.Log().Error().Err(err).Str("ref", ref).Msg("minutes")
	return bot.Text(fmt.Sprintf("%s (ref %s).", what, ref))
}
