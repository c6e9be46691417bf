package meetings

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"time"

	"github.com/rs/zerolog"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/meeting"
	"folkmoot/schedule"
	"folkmoot/store"
	"folkmoot/timeparse"
	"folkmoot/words"
)

// Minutes are made after the transaction that ends a meeting, so a stop in between (kill -9,
// a crash, the 30 s bound) leaves a meeting ended without its files. Three things mend that:
// the minutes job added with the end (it fires at the next start), a check at the next
// `!meeting start`, and `!minutes`, which makes them whenever asked; `!status` says when
// minutes are missing or about to be made.

// runMinutesJob writes a meeting's minutes that were not written when it ended, and tells
// the room; nothing when they are on disk already (the end wrote them and could not cancel
// the job). A write that fails is returned, so the scheduler tries again.
func (h Hooks) runMinutesJob(ctx context.Context, env *commands.Env, tx *sql.Tx, job schedule.Job) error {
	n, err := strconv.Atoi(job.Payload)
	if err != nil {
		return fmt.Errorf("job %d: bad meeting number %q", job.ID, job.Payload)
	}
	m, err := MeetingByNumber(ctx, tx, job.Room, n)
	if errors.Is(err, ErrNoMeeting) {
		return nil // gone with its room: nothing to write
	}
	if err != nil {
		return err
	}
	loc := env.Location(ctx, tx, job.Room)
	text, retry, err := h.makeMissing(ctx, env.RoomLang(ctx, tx, job.Room), env, tx, m, loc, env.Now(), zerolog.Ctx(ctx))
	if err != nil {
		return err
	}
	if retry != nil {
		// The scheduler tries again (a full disk passes) or gives up and says so; !status
		// shows the minutes missing meanwhile.
		return retry
	}
	if text == "" {
		return nil
	}
	return store.PutReply(ctx, tx, job.Room, bot.Notice(text))
}

// makeMissing writes the files of an ended meeting that are not on disk, and words what it
// did for the room in l, the room's language ("" when nothing was missing). retry is the
// first write error a later try may mend (nil when every file is written, or failed in its
// renderer).
func (h Hooks) makeMissing(ctx context.Context, l *words.Lang, env *commands.Env, q store.Querier, m meeting.Meeting, loc *time.Location,
	now time.Time, log *zerolog.Logger) (text string, retry, err error) {
	if m.Running() {
		return "", nil, nil
	}
	if m.Files == "" {
		if m.Files, err = minutesBase(l, env.Config, m, loc); err != nil {
			return "", nil, err
		}
		if err := SetMeetingFiles(ctx, q, m.ID, m.Files); err != nil {
			return "", nil, err
		}
	}
	if len(missingFiles(env.Config, m.Files)) == 0 {
		return "", nil, nil
	}
	mm, _, err := h.buildForFiles(ctx, l, env, q, m, loc, now)
	if err != nil {
		return "", nil, err
	}
	files, failures, err := writeMinutes(ctx, env.Config, q, m.ID, &mm, m.Files)
	if err != nil {
		return "", err, nil // the folder: perhaps a later try
	}
	for _, f := range failures {
		if !f.Rendering {
			retry = f.Err
			break
		}
	}
	text = l.Say("meetings.missing.were_missing", "Number", m.Number, "Title", m.TitleText(l), "Ended", timeparse.Format(l, m.End, now, loc))
	if len(files) > 0 {
		text += " " + l.Say("meetings.missing.written", "Files", filepath.ToSlash(filepath.Dir(m.Files))+"/"+fileList(l, files),
			"Command", env.Config.CommandPrefix+"minutes "+strconv.Itoa(m.Number))
	}
	if len(failures) > 0 {
		text += "\n" + failuresText(l, log, m, failures, files, env.Config.CommandPrefix)
	}
	return text, retry, nil
}

// previousMinutes makes the minutes of the room's last ended meeting if they are missing,
// at `!meeting start`: the next meeting is where the missing ones are noticed. It returns
// what to add to the start's answer ("" when nothing was missing).
func (h Hooks) previousMinutes(ctx context.Context, r *commands.Request) string {
	m, err := LastMeeting(ctx, r.Tx, r.Room)
	if errors.Is(err, ErrNoMeeting) {
		return ""
	}
	if err != nil {
		r.Log().Warn().Err(err).Msg("look for the last meeting's minutes")
		return ""
	}
	if m.Files != "" && len(missingFiles(r.Config, m.Files)) == 0 {
		return "" // the common case: four stats, no database write
	}
	text, retry, err := h.makeMissing(ctx, r.Lang, r.Env, r.Tx, m, r.Loc, r.At, r.Log())
	if err == nil && retry != nil && text == "" {
		err = retry
	}
	if err != nil {
		ref := bot.NewRef()
		r.Log().Error().Err(err).Str("ref", ref).Int("meeting", m.Number).Msg("make missing minutes")
		return r.Lang.Say("meetings.missing.not_made", "Number", m.Number, "Ref", ref, "Command", r.Prefix()+"minutes "+strconv.Itoa(m.Number))
	}
	if retry == nil {
		if err := schedule.Cancel(ctx, r.Tx, r.Room, jobMinutes, minutesRef(m.Number)); err != nil {
			r.Log().Warn().Err(err).Msg("cancel the minutes job")
		}
	}
	return text
}

// statusMinutes are the !status lines of minutes not written yet: those a job will write,
// and the last meeting's if they are missing from the digests folder.
func statusMinutes(ctx context.Context, r *commands.Request) ([]string, error) {
	var lines []string
	pending := map[string]bool{}
	jobs, err := schedule.Pending(ctx, r.Tx, r.Room, jobMinutes)
	if err != nil {
		return nil, err
	}
	for _, j := range jobs {
		pending[j.Payload] = true
		when := j.Due
		if j.RetryAt.After(when) {
			when = j.RetryAt
		}
		lines = append(lines, "• "+r.Lang.Say("meetings.status.pending", "Number", j.Payload, "When", r.Time(when),
			"Command", r.Prefix()+"minutes "+j.Payload))
	}
	m, err := LastMeeting(ctx, r.Tx, r.Room)
	if errors.Is(err, ErrNoMeeting) {
		return lines, nil
	}
	if err != nil {
		return nil, err
	}
	if pending[strconv.Itoa(m.Number)] {
		return lines, nil
	}
	if m.Files == "" || len(missingFiles(r.Config, m.Files)) > 0 {
		lines = append(lines, "• "+r.Lang.Say("meetings.status.missing", "Number", m.Number, "Title", m.TitleText(r.Lang),
			"Command", r.Prefix()+"minutes "+strconv.Itoa(m.Number)))
	}
	return lines, nil
}
