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
	text, retry, err := h.makeMissing(ctx, env, tx, m, loc, env.Now(), zerolog.Ctx(ctx))
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
// did for the room ("" when nothing was missing). retry is the first write error a later
// try may mend (nil when every file is written, or failed in its renderer).
func (h Hooks) makeMissing(ctx context.Context, env *commands.Env, q store.Querier, m meeting.Meeting, loc *time.Location, now time.Time,
	log *zerolog.Logger) (text string, retry, err error) {
	if m.Running() {
		return "", nil, nil
	}
	if m.Files == "" {
		if m.Files, err = minutesBase(env.Config, m, loc); err != nil {
			return "", nil, err
		}
		if err := SetMeetingFiles(ctx, q, m.ID, m.Files); err != nil {
			return "", nil, err
		}
	}
	if len(missingFiles(env.Config, m.Files)) == 0 {
		return "", nil, nil
	}
	mm, _, err := h.buildForFiles(ctx, env, q, m, loc, now)
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
	text = fmt.Sprintf("The minutes of meeting %d (%s), which ended %s, were missing: folkmoot stopped before "+
		"it wrote them, or they were removed.", m.Number, m.TitleText(), timeparse.Format(nil, m.End, now, loc))
	if len(files) > 0 {
		text += " They are written now: " + filepath.ToSlash(filepath.Dir(m.Files)) + "/" + fileList(files) +
			fmt.Sprintf(" in the digests folder (%sminutes %d posts them).", env.Config.CommandPrefix, m.Number)
	}
	if len(failures) > 0 {
		text += "\n" + failuresText(log, m, failures, files, env.Config.CommandPrefix)
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
	text, retry, err := h.makeMissing(ctx, r.Env, r.Tx, m, r.Loc, r.At, r.Log())
	if err == nil && retry != nil && text == "" {
		err = retry
	}
	if err != nil {
		ref := bot.NewRef()
		r.Log().Error().Err(err).Str("ref", ref).Int("meeting", m.Number).Msg("make missing minutes")
		return fmt.Sprintf("The minutes of meeting %d are missing and could not be made now (ref %s); %sminutes %d tries again.",
			m.Number, ref, r.Prefix(), m.Number)
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
		lines = append(lines, fmt.Sprintf("• The minutes of meeting %s are not written yet: folkmoot writes them %s, or now with %sminutes %s.",
			j.Payload, r.Time(when), r.Prefix(), j.Payload))
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
		lines = append(lines, fmt.Sprintf("• The minutes of meeting %d (%s) are missing from the digests folder: %sminutes %d makes them again.",
			m.Number, m.TitleText(), r.Prefix(), m.Number))
	}
	return lines, nil
}
