package mandates

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/rs/zerolog"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/facts"
	"folkmoot/hooks"
	"folkmoot/mandate"
	"folkmoot/phrase"
	"folkmoot/schedule"
	"folkmoot/store"
	"folkmoot/timeparse"
	"folkmoot/vote"
)

// jobMandate loads the mandate a job belongs to; false when it is gone or has ended.
func jobMandate(ctx context.Context, tx *sql.Tx, job schedule.Job) (mandate.Mandate, bool, error) {
	id, err := strconv.ParseInt(job.Payload, 10, 64)
	if err != nil {
		return mandate.Mandate{}, false, fmt.Errorf("job %d: bad mandate %q", job.ID, job.Payload)
	}
	m, err := mandateByID(ctx, tx, job.Room, id)
	if errors.Is(err, mandate.ErrNotFound) {
		return m, false, nil
	}
	if err != nil {
		return m, false, err
	}
	return m, m.Active(), nil
}

// runMandateEndJob dissolves a mandate at its end, with a notice to the room in its language.
func (h Hooks) runMandateEndJob(ctx context.Context, env *commands.Env, tx *sql.Tx, job schedule.Job) error {
	m, ok, err := jobMandate(ctx, tx, job)
	if err != nil || !ok {
		return err
	}
	if _, err := endMandate(ctx, tx, m, env.Now(), mandate.Expired, ""); err != nil {
		return err
	}
	if err := schedule.Cancel(ctx, tx, job.Room, jobMandateRemind, strconv.FormatInt(m.ID, 10)); err != nil {
		return err
	}
	book, err := facts.LoadRoster(ctx, tx, job.Room)
	if err != nil {
		return err
	}
	m.EndedAt, m.EndReason = env.Now(), mandate.Expired
	if err := h.endedInCouncils(ctx, env, tx, job.Room, m, book); err != nil {
		return err
	}
	l := env.RoomLang(ctx, tx, job.Room)
	text := l.Say("mandates.end.expired", "Number", m.Number, "Member", mandateName(book, m), "Scope", m.Scope)
	if job.Late > time.Minute {
		text += " " + l.Say("mandates.end.late", "When", timeparse.Format(l, m.Ends, env.Now(), env.Location(ctx, tx, job.Room)))
	}
	return store.PutReply(ctx, tx, job.Room, bot.Notice(text, mandateMember(book, m)))
}

// runMandateRemindJob reminds the delegate and the room that a mandate ends soon.
func runMandateRemindJob(ctx context.Context, env *commands.Env, tx *sql.Tx, job schedule.Job) error {
	m, ok, err := jobMandate(ctx, tx, job)
	if err != nil || !ok {
		return err
	}
	now := env.Now()
	if !m.Ends.After(now) {
		return nil // the end job is about to fire; a reminder now would only be noise
	}
	book, err := facts.LoadRoster(ctx, tx, job.Room)
	if err != nil {
		return err
	}
	loc := env.Location(ctx, tx, job.Room)
	l := env.RoomLang(ctx, tx, job.Room)
	text := l.Say("mandates.remind.text", "Number", m.Number, "Member", mandateName(book, m), "Scope", m.Scope,
		"Span", phrase.Duration(l, m.Ends.Sub(now)), "When", timeparse.Format(l, m.Ends, now, loc))
	if job.Late > time.Minute {
		text += " " + l.Say("mandates.remind.late", "Span", phrase.Duration(l, job.Late))
	}
	return store.PutReply(ctx, tx, job.Room, bot.Notice(text, mandateMember(book, m)))
}

// onRecallClosed ends a mandate whose recall vote passed, or says that its delegate keeps it;
// it runs in the vote's closing transaction, so the decision and its effect commit together.
// A mandate that ended in the meantime is left as it is.
func (h Hooks) onRecallClosed(ctx context.Context, env *commands.Env, tx *sql.Tx, c hooks.VoteClosed) error {
	voteID := strconv.Itoa(c.Vote.Number)
	id, err := strconv.ParseInt(c.Link.ID, 10, 64)
	if err != nil {
		return fmt.Errorf("recall vote %s: bad mandate %q", voteID, c.Link.ID)
	}
	m, err := mandateByID(ctx, tx, c.Room, id)
	if errors.Is(err, mandate.ErrNotFound) {
		zerolog.Ctx(ctx).Warn().Str("vote", voteID).Int64("mandate", id).Msg("recall of an unknown mandate")
		return nil
	}
	if err != nil || !m.Active() {
		return err
	}
	book, err := facts.LoadRoster(ctx, tx, c.Room)
	if err != nil {
		return err
	}
	l := env.RoomLang(ctx, tx, c.Room)
	if c.Vote.Outcome != vote.Passed {
		text := l.Say("mandates.recall.kept", "Vote", voteID, "Number", m.Number, "Member", mandateName(book, m), "Scope", m.Scope,
			"Until", timeparse.Format(l, m.Ends, c.At, c.Loc))
		return store.PutReply(ctx, tx, c.Room, bot.Notice(text))
	}
	if _, err := endMandate(ctx, tx, m, c.At, mandate.Recalled, recallByVote+voteID); err != nil {
		return err
	}
	if err := cancelMandateJobs(ctx, env, tx, c.Room, m); err != nil {
		return err
	}
	m.EndedAt, m.EndReason, m.EndedBy = c.At, mandate.Recalled, recallByVote+voteID
	if err := h.endedInCouncils(ctx, env, tx, c.Room, m, book); err != nil {
		return err
	}
	text := l.Say("mandates.recall.recalled", "Number", m.Number, "Member", mandateName(book, m), "Scope", m.Scope, "Vote", voteID)
	return store.PutReply(ctx, tx, c.Room, bot.Notice(text, mandateMember(book, m)))
}
