package meetings

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/meeting"
	"folkmoot/minutes"
	"folkmoot/phrase"
	"folkmoot/schedule"
	"folkmoot/store"
	"folkmoot/vote"
	"folkmoot/words"
)

// maxPreview is how many lines of a text digest a reply shows where files cannot be posted.
const maxPreview = 120

// minutesCommand is !minutes; its help is in the catalog (help.minutes).
func (h Hooks) minutesCommand() *commands.Command {
	return &commands.Command{
		Name:    "minutes",
		Section: SectionMeetings,
		Run:     h.runMinutes,
	}
}

// jobMinutes is the kind of the job that writes a meeting's minutes should the process stop
// between the end of the meeting and the files: it is added in the transaction that ends the
// meeting, cancelled once the files are written, and otherwise fires at the next start.
// Its Ref is minutesRef, its Payload the meeting's number.
const jobMinutes = "meeting.minutes"

// minutesDelay is how long after the end the job waits: long enough that the end's own
// writing (bounded by the command's 30 s) is over, so both never write at once.
const minutesDelay = 2 * time.Minute

func minutesRef(number int) string { return "meeting-" + strconv.Itoa(number) }

func (h Hooks) runEnd(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	var m meeting.Meeting
	err := store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		var err error
		if m, err = runningMeeting(ctx, r, tx); err != nil {
			return err
		}
		m.End = r.At
		if m.Files, err = minutesBase(r.Lang, r.Config, m, r.Loc); err != nil {
			return err
		}
		ok, err := EndMeeting(ctx, tx, m.ID, m.End, m.Files)
		if err == nil && !ok {
			err = commands.Userf("%s", r.Lang.Say("meetings.end.just_ended"))
		}
		if err != nil {
			return err
		}
		if err := addMinutesJob(ctx, r.Lang, tx, m, r.Loc); err != nil {
			return err
		}
		return h.tellLinked(ctx, r.Env, tx, m, r.At)
	})
	if err != nil {
		return bot.Reply{}, err
	}
	r.Log().Info().Int("meeting", m.Number).Msg("meeting ended")
	// The meeting's end commits with this answer, and with a job that writes its minutes
	// should the files not be written now (a stop, a full disk, a commit that fails after
	// them: the job writes them again).
	reply := h.publishNow(ctx, r, m, false)
	if ask, err := h.askForTask(ctx, r, m); err != nil {
		r.Log().Warn().Err(err).Int("meeting", m.Number).Msg("could not tell whether the meeting recorded a task")
	} else if ask {
		reply.Doc.Add(bot.TextDoc(noTaskQuestion(r.Lang, r.Prefix())).Blocks...)
	}
	return reply, nil
}

// tellLinked tells the rooms linked to the meeting's room (its councils, its assemblies) the
// meeting's summary: its title, its decisions and how many tasks it gave, naming the room.
// Dissent, notes and who said what stay in the room's own minutes.
func (h Hooks) tellLinked(ctx context.Context, env *commands.Env, tx *sql.Tx, m meeting.Meeting, now time.Time) error {
	if h.TellLinked == nil {
		return nil
	}
	return h.TellLinked(env)(ctx, tx, m.Room, func(l *words.Lang, to bot.Room) string {
		mm, err := h.BuildMeeting(ctx, l, tx, m, env.Location(ctx, tx, to), now)
		if err != nil {
			return l.Say("meetings.linked.ended", "Room", bot.Inert(m.Room.ID), "Title", m.Title)
		}
		var decisions []string
		tasks := 0
		for _, tp := range mm.Topics {
			for _, it := range tp.Items {
				switch it.Kind {
				case minutes.Decision:
					text := it.Text
					if it.Vote != nil {
						text = it.Vote.Question + " — " + it.Vote.Result
					}
					decisions = append(decisions, l.Say("meetings.linked.decision", "Text", text))
				case minutes.Task:
					tasks++
				}
			}
		}
		lines := []string{l.Say("meetings.linked.ended", "Room", bot.Inert(m.Room.ID), "Title", m.Title)}
		lines = append(lines, decisions...)
		lines = append(lines, l.Count("meetings.linked.tasks", tasks, "Count", tasks))
		return strings.Join(lines, "\n")
	})
}

// addMinutesJob schedules the writing of a meeting's minutes, in the transaction that ends
// it; the job's title is in the room's language, as the scheduler shows it there.
func addMinutesJob(ctx context.Context, l *words.Lang, tx *sql.Tx, m meeting.Meeting, loc *time.Location) error {
	_, err := schedule.Add(ctx, tx, schedule.Job{Room: m.Room, Kind: jobMinutes, Ref: minutesRef(m.Number),
		Payload: strconv.Itoa(m.Number), Title: schedule.Titled("meetings.job.minutes", "Number", m.Number),
		Due: m.End.Add(minutesDelay), Timezone: loc.String()})
	return err
}

// publishNow publishes a meeting's minutes and, once they are settled (written, or failed in
// a way no retry mends), cancels the job that would write them later.
func (h Hooks) publishNow(ctx context.Context, r *commands.Request, m meeting.Meeting, again bool) bot.Reply {
	reply, settled := h.publish(ctx, r, m, again)
	if settled {
		if err := schedule.Cancel(ctx, r.Tx, r.Room, jobMinutes, minutesRef(m.Number)); err != nil {
			r.Log().Warn().Err(err).Int("meeting", m.Number).Msg("cancel the minutes job; it finds the files written")
		}
	}
	return reply
}

// noTaskQuestion is asked once, at the end of a meeting that recorded no task: a meeting
// that changes nothing on the ground is worth noticing.
func noTaskQuestion(l *words.Lang, prefix string) string {
	return l.Say("meetings.end.no_task", "Command", prefix+"task add")
}

// askForTask reports whether the end of the meeting asks for a task: meetings.ask_for_task
// is on and the meeting recorded no action, nor was a task added while it ran.
func (h Hooks) askForTask(ctx context.Context, r *commands.Request, m meeting.Meeting) (bool, error) {
	if !settings(r.Config).AskForTaskOn() || h.Tasks.InPeriod == nil {
		return false, nil
	}
	items, err := MeetingItems(ctx, r.Tx, m.ID)
	if err != nil {
		return false, err
	}
	for _, it := range items {
		if it.Kind == meeting.ItemAction {
			return false, nil
		}
	}
	added, err := h.Tasks.InPeriod(ctx, r.Tx, r.Room, m.Start, m.End.Add(time.Millisecond))
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

func (h Hooks) runMinutes(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	m, err := findMeeting(ctx, r)
	if err != nil {
		return bot.Reply{}, err
	}
	if m.Running() {
		return bot.Reply{}, commands.Userf("%s", r.Lang.Say("meetings.minutes.running", "Number", m.Number, "Command", r.Prefix()+"meeting end"))
	}
	if m.Files == "" { // the end could not choose a name: choose one now
		if m.Files, err = minutesBase(r.Lang, r.Config, m, r.Loc); err != nil {
			return bot.Reply{}, err
		}
		if err := SetMeetingFiles(ctx, r.Tx, m.ID, m.Files); err != nil {
			return bot.Reply{}, err
		}
	}
	return h.publishNow(ctx, r, m, true), nil
}

// findMeeting is the meeting `!minutes` names: the last one, or one by number.
func findMeeting(ctx context.Context, r *commands.Request) (meeting.Meeting, error) {
	if len(r.Args.Words) == 0 || isOneOf(r.Args.Words[0], "last") {
		m, err := LastMeeting(ctx, r.Tx, r.Room)
		if errors.Is(err, ErrNoMeeting) {
			return m, commands.Userf("%s", r.Lang.Say("meetings.minutes.none_ended"))
		}
		return m, err
	}
	if len(r.Args.Words) > 1 {
		return meeting.Meeting{}, commands.Usagef("%s", r.Lang.Say("meetings.minutes.which"))
	}
	n, err := strconv.Atoi(strings.TrimPrefix(r.Args.Words[0], "#"))
	if err != nil || n <= 0 {
		return meeting.Meeting{}, commands.Usagef("%s", r.Lang.Say("meetings.minutes.not_number", "Typed", clip(r.Args.Words[0], 30)))
	}
	m, err := MeetingByNumber(ctx, r.Tx, r.Room, n)
	if errors.Is(err, ErrNoMeeting) {
		return m, commands.Userf("%s", r.Lang.Say("meetings.minutes.no_such", "Number", n))
	}
	return m, err
}

// publish makes a meeting's minutes from the store, writes them with the log to the digests
// folder and posts them: uploads where the transport can, else a short summary and where the
// files are. A file that could not be made or posted is said in plain words, with the others
// there. settled is false when writing failed in a way a later try may mend (the folder, the
// disk), so the minutes job stays to try again.
func (h Hooks) publish(ctx context.Context, r *commands.Request, m meeting.Meeting, regenerated bool) (reply bot.Reply, settled bool) {
	mm, topics, err := h.buildForFiles(ctx, r.Lang, r.Env, r.Tx, m, r.Loc, r.At)
	var ended map[int]vote.Outcome
	if err == nil {
		end := m.End
		if end.IsZero() {
			end = r.At
		}
		ended, err = h.outcomes(ctx, r.Tx, m.Room, m.Start, end)
	}
	retry := r.Prefix() + "minutes " + strconv.Itoa(m.Number)
	if err != nil {
		return failed(r, r.Lang.Say("meetings.minutes.not_made", "Number", m.Number, "Command", retry), err), false
	}
	files, failures, err := writeMinutes(ctx, r.Config, r.Tx, m.ID, &mm, m.Files)
	if err != nil {
		return failed(r, r.Lang.Say("meetings.minutes.not_written", "Number", m.Number, "Command", retry), err), false
	}
	text := summary(r, m, &mm, topics, ended, regenerated)
	if len(failures) > 0 {
		text += "\n" + failuresText(r.Lang, r.Log(), m, failures, files, r.Prefix())
	}
	if !attach(r, files, r.Lang.Say("meetings.minutes.caption", "Number", m.Number)) && len(files) > 0 {
		text += "\n" + r.Lang.Say("meetings.minutes.files", "Files", filepath.ToSlash(filepath.Dir(m.Files))+"/"+fileList(r.Lang, files))
	}
	return bot.Text(text), retriesUseless(failures)
}

// buildForFiles builds a meeting's minutes in l for its files, with the configured assembly
// name, and counts the topics given with !topic (the minutes gather what came before the
// first one under "General", which is no topic anybody gave).
func (h Hooks) buildForFiles(ctx context.Context, l *words.Lang, env *commands.Env, q store.Querier, m meeting.Meeting, loc *time.Location, now time.Time) (minutes.Meeting, int, error) {
	mm, err := h.BuildMeeting(ctx, l, q, m, loc, now)
	if err != nil {
		return mm, 0, err
	}
	nameAssembly(env.Config, &mm)
	items, err := MeetingItems(ctx, q, m.ID)
	topics := 0
	for _, it := range items {
		if it.Kind == meeting.ItemTopic {
			topics++
		}
	}
	return mm, topics, err
}

// retriesUseless reports whether every failure is one a later try would repeat (none, or
// only renderers failing on the same stored minutes).
func retriesUseless(failures []failure) bool {
	for _, f := range failures {
		if !f.Rendering {
			return false
		}
	}
	return true
}

// failuresText logs each file that could not be made with a reference and words them for
// the room, in l: which formats failed, and that the others are there.
func failuresText(l *words.Lang, log *zerolog.Logger, m meeting.Meeting, failures []failure, files []output, prefix string) string {
	ref := bot.NewRef()
	var names []string
	for _, f := range failures {
		logFailure(log.Error(), f.Err).Str("ref", ref).Int("meeting", m.Number).Str("format", f.Ext).Msg("a minutes file could not be made")
		names = append(names, formatName(l, f.Ext))
	}
	text := l.Count("meetings.files.failed", len(names), "Formats", phrase.List(l, names), "Number", m.Number, "Ref", ref)
	if len(files) == 0 {
		return text + " " + l.Say("meetings.files.try_again", "Command", prefix+"minutes "+strconv.Itoa(m.Number))
	}
	var there []string
	for _, f := range files {
		there = append(there, formatName(l, f.Ext))
	}
	return text + " " + l.Count("meetings.files.there", len(there), "Formats", phrase.List(l, there))
}

// summary is the short account of a meeting posted with its minutes.
// Only a vote that decided something is a decision; the others are counted as vote words
// them ("1 vote blocked").
func summary(r *commands.Request, m meeting.Meeting, mm *minutes.Meeting, topics int, ended map[int]vote.Outcome, regenerated bool) string {
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
	l := r.Lang
	var counts []string
	if topics > 0 {
		counts = append(counts, l.Count("meeting.count.topic", topics))
	}
	counts = append(counts, decisionCounts(l, mm.Topics, ended)...)
	counts = append(counts, l.Count("meeting.count.dissent", n[minutes.Dissent]), l.Count("meeting.count.action", n[minutes.Task]))
	head := l.Say("meetings.summary.ended", "Number", m.Number, "Title", m.TitleText(l),
		"Duration", phrase.Duration(l, max(m.End.Sub(m.Start), time.Minute)))
	if regenerated {
		head = l.Say("meetings.summary.again", "Number", m.Number, "Title", m.TitleText(l), "Date", r.Time(m.Start))
	}
	return l.Say("meetings.summary.counts", "Head", head, "Counts", strings.Join(counts, l.Say("phrase.list.comma")),
		"Present", len(mm.Present), "Lines", l.Count("meetings.summary.lines", lines))
}

// failed logs an error with a reference and words it for the room.
func failed(r *commands.Request, what string, err error) bot.Reply {
	ref := bot.NewRef()
	r.Log().Error().Err(err).Str("ref", ref).Msg("minutes")
	return bot.Text(r.Lang.Say("meetings.failed", "What", what, "Ref", ref))
}
