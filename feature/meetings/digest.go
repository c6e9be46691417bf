package meetings

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/config"
	"folkmoot/facts"
	"folkmoot/minutes"
	"folkmoot/phrase"
	"folkmoot/schedule"
	"folkmoot/store"
	"folkmoot/story"
	"folkmoot/timeparse"
	"folkmoot/vote"
	"folkmoot/words"
)

// jobDigest is the scheduled digest's job kind; its Ref is digestRef and its Payload the
// format.
const (
	jobDigest = "meeting.digest"
	digestRef = "digest"
)

// formatFlag is --format; what it means is in the catalog (help.digest.flags.format).
var formatFlag = commands.Flag{Name: "format"}

// digestCommand is !digest; its help is in the catalog (help.digest, help.digest every,
// help.digest _).
func (h Hooks) digestCommand() *commands.Command {
	return &commands.Command{
		Name:    "digest",
		Section: SectionMeetings,
		Flags:   []commands.Flag{formatFlag},
		Subcommands: []*commands.Command{
			{Name: "every", Flags: []commands.Flag{formatFlag}, Guard: commands.Guard{Level: commands.FacilitatorLevel},
				Rules: []string{ruleDigest}, Run: runDigestEvery},
			{Name: "", Flags: []commands.Flag{formatFlag}, Run: h.runDigest},
		},
		Run: h.runDigest,
	}
}

// digestFormat reads --format, the first configured format by default.
func digestFormat(r *commands.Request) (string, error) {
	f, ok := r.Args.Flags["format"]
	if !ok {
		return formats(r.Config)[0], nil
	}
	f = strings.ToLower(strings.TrimPrefix(f, "."))
	if f == "text" {
		f = "txt"
	}
	if !slices.Contains([]string{"pdf", "html", "txt"}, f) {
		return "", commands.Usagef("%s", r.Lang.Say("meetings.digest.bad_format", "Typed", clip(f, 20)))
	}
	return f, nil
}

// digestPeriod reads "week", "month" or "since <date>": the start of the period. A refusal,
// in l, quotes only the word it could not read.
func digestPeriod(l *words.Lang, typed []string, now time.Time, loc *time.Location) (time.Time, error) {
	if len(typed) == 0 {
		return now.AddDate(0, 0, -7), nil
	}
	switch w := strings.ToLower(typed[0]); {
	case (w == "week" || w == "month") && len(typed) > 1:
		return time.Time{}, commands.Usagef("%s", l.Say("meetings.digest.more_words", "Word", w, "Typed", clip(typed[1], 30)))
	case w == "week":
		return now.AddDate(0, 0, -7), nil
	case w == "month":
		return now.AddDate(0, -1, 0), nil
	case w == "since" || w == "from":
		if len(typed) > 1 {
			return parseSince(l, strings.Join(typed[1:], " "), now, loc)
		}
		return time.Time{}, commands.Usagef("%s", l.Say("meetings.digest.since_when"))
	}
	return time.Time{}, commands.Usagef("%s", l.Say("meetings.digest.unread", "Typed", clip(typed[0], 30)))
}

// ParseSince reads the start of a digest's period: a past date ("2026-11-01", "1 nov",
// "1 november 2026"), at 00:00 in loc. A date after now is refused, and so is a word that is
// no part of a date, quoted alone. The refusals are English (the command line's); the room's
// are in its language.
func ParseSince(s string, now time.Time, loc *time.Location) (time.Time, error) {
	return parseSince(nil, s, now, loc)
}

// parseSince is ParseSince with its refusals in l.
func parseSince(l *words.Lang, s string, now time.Time, loc *time.Location) (time.Time, error) {
	if loc == nil {
		loc = time.UTC
	}
	t, _, err := story.ReadPast(l, s, story.Day, l.Say("meetings.digest.since_hint"), now, loc)
	if err != nil {
		return time.Time{}, err
	}
	if t.After(now) {
		return time.Time{}, commands.Userf("%s", l.Say("meetings.digest.future", "Date", l.Say("meetings.date.day",
			"Day", t.Day(), "Month", l.Say("timeparse.date.month."+monthKeys[t.Month()-1]), "Year", t.Year())))
	}
	return t, nil
}

// monthKeys name the months in timeparse's catalog (timeparse.date.month.jan …).
var monthKeys = [...]string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

// weekdayKeys name the days in timeparse's catalog, Sunday first as time.Weekday counts.
var weekdayKeys = [...]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// shortDay words a day in l as a digest's summary does: "Mon 2 Nov".
func shortDay(l *words.Lang, t time.Time) string {
	return l.Say("meetings.date.short", "Weekday", l.Say("timeparse.date.weekday."+weekdayKeys[t.Weekday()]),
		"Day", t.Day(), "Month", l.Say("timeparse.date.month."+monthKeys[t.Month()-1]))
}

func (h Hooks) runDigest(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	format, err := digestFormat(r)
	if err != nil {
		return bot.Reply{}, err
	}
	from, err := digestPeriod(r.Lang, r.Args.Words, r.At, r.Loc)
	if err != nil {
		return bot.Reply{}, err
	}
	dg, out, failures, err := h.writeDigest(ctx, r.Lang, r.Tx, r.Config, r.Room, from, r.At, r.Loc, format, "", true)
	if err != nil {
		return failed(r, r.Lang.Say("meetings.digest.not_made"), err), nil
	}
	ended, err := h.outcomes(ctx, r.Tx, r.Room, from, r.At)
	if err != nil {
		return failed(r, r.Lang.Say("meetings.digest.not_made"), err), nil
	}
	text := digestSummary(r.Lang, &dg, r.Loc, ended)
	if len(failures) > 0 {
		text += "\n" + digestFailures(r.Lang, r.Log(), failures, out)
	}
	format = out.Ext
	uploaded := attach(r, []output{out}, r.Lang.Say("meetings.digest.caption"))
	if !uploaded {
		text += "\n" + r.Lang.Say("meetings.digest.file", "File", relToDigests(r.Config, out.Path))
	}
	reply := bot.Text(text)
	if !uploaded && format == "txt" {
		if data, err := os.ReadFile(out.Path); err == nil {
			lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
			if len(lines) > maxPreview {
				lines = append(lines[:maxPreview], "…")
			}
			reply.Doc.Add(bot.Preformatted(lines...))
		}
	}
	return reply, nil
}

// WriteDigest makes the digest of a room's meetings from from to to and writes it in one
// format into outDir (the room's digests folder when outDir is ""), in the room's language;
// it returns the digest and the file's path. The command line uses it: a format that cannot
// be made is an error in plain words, never a panic.
func (h Hooks) WriteDigest(ctx context.Context, q store.Querier, cfg *config.Config, room bot.Room, from, to time.Time,
	loc *time.Location, format, outDir string) (minutes.Digest, string, error) {
	l := facts.Lang(ctx, q, room, cfg.Language)
	dg, out, _, err := h.writeDigest(ctx, l, q, cfg, room, from, to, loc, format, outDir, false)
	return dg, out.Path, err
}

// digestFormats is the order in which a digest falls back when a format cannot be made.
var digestFormats = []string{"pdf", "html", "txt"}

// writeDigest is WriteDigest in l, with what an upload needs to know of the file. With
// fallback, a format whose renderer fails (an error or a panic) is replaced by the next of
// pdf, html and txt that renders, and the formats that failed are returned: a digest in
// another format is worth more to the room than none.
func (h Hooks) writeDigest(ctx context.Context, l *words.Lang, q store.Querier, cfg *config.Config, room bot.Room, from, to time.Time,
	loc *time.Location, format, outDir string, fallback bool) (minutes.Digest, output, []failure, error) {
	dg, err := h.BuildDigest(ctx, l, q, room, from, to, to, loc)
	if err != nil {
		return dg, output{}, nil, err
	}
	if cfg.Assembly != "" {
		dg.Assembly = cfg.Assembly
		for i := range dg.Meetings {
			nameAssembly(cfg, &dg.Meetings[i])
		}
	}
	tries := []string{format}
	if fallback {
		for _, f := range digestFormats {
			if f != format {
				tries = append(tries, f)
			}
		}
	}
	var failures []failure
	var data []byte
	for _, f := range tries {
		data, err = safely(func() ([]byte, error) { return renderDigest(&dg, f, options(ctx, cfg)) })
		if err == nil {
			format = f
			break
		}
		failures = append(failures, failure{Ext: f, Err: fmt.Errorf("render %s digest: %w", f, err), Rendering: true})
	}
	if err != nil {
		if !fallback {
			return dg, output{}, failures, fmt.Errorf("the %s digest could not be made: %w", format, err)
		}
		return dg, output{}, failures, fmt.Errorf("no format of the digest could be made: %w", failures[0].Err)
	}
	if outDir == "" {
		outDir = filepath.Join(digestsDir(cfg), RoomDir(room), "digests")
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return dg, output{}, failures, fmt.Errorf("digest folder: %w", err)
	}
	cleanTemps(outDir)
	// The file's name is in the room's language too ("resumen-desde-2026-11-01"), made safe
	// as a meeting's title is.
	title := l.Say("meetings.digest.file_name", "Date", from.In(loc).Format("2006-01-02"))
	name, err := minutes.UniqueFileName(minutes.FileNameIn(l, to.In(loc), title, format),
		func(n string) bool { _, err := os.Lstat(filepath.Join(outDir, n)); return err == nil })
	if err != nil {
		return dg, output{}, failures, err
	}
	out, err := writeFile(filepath.Join(outDir, name), format, func(w *bufio.Writer) error { _, err := w.Write(data); return err })
	return dg, out, failures, err
}

// digestFailures logs the formats a digest could not be made in and words them for the
// room in l, with the format it was made in instead.
func digestFailures(l *words.Lang, log *zerolog.Logger, failures []failure, out output) string {
	ref := bot.NewRef()
	var names []string
	for _, f := range failures {
		logFailure(log.Error(), f.Err).Str("ref", ref).Str("format", f.Ext).Msg("a digest format could not be made")
		names = append(names, formatName(l, f.Ext))
	}
	return l.Say("meetings.digest.failed", "Formats", phrase.List(l, names), "Ref", ref, "Format", formatName(l, out.Ext))
}

// digestSummary is the short account posted with a digest, in l; ended are the outcomes of
// the votes its meetings list, so that only a vote that decided something counts as a
// decision.
func digestSummary(l *words.Lang, dg *minutes.Digest, loc *time.Location, ended map[int]vote.Outcome) string {
	dissent, actions, overdue := 0, 0, 0
	var all []minutes.Topic
	for _, m := range dg.Meetings {
		all = append(all, m.Topics...)
		for _, tp := range m.Topics {
			for _, it := range tp.Items {
				switch it.Kind {
				case minutes.Dissent:
					dissent++
				case minutes.Task:
					open, late := openTask(it, dg.Now)
					actions, overdue = actions+open, overdue+late
				}
			}
		}
	}
	for _, it := range dg.Tasks {
		open, late := openTask(it, dg.Now)
		actions, overdue = actions+open, overdue+late
	}
	recorded := append(decisionCounts(l, all, ended), l.Count("meeting.count.dissent", dissent))
	pairs := []any{"From", shortDay(l, dg.From.In(loc)), "To", shortDay(l, dg.To.In(loc)),
		"Meetings", l.Count("minutes.digest.meetings", len(dg.Meetings)), "Recorded", strings.Join(recorded, l.Say("phrase.list.comma")),
		"Open", l.Count("meetings.digest.open", actions)}
	if overdue > 0 {
		return l.Say("meetings.digest.summary_overdue", append(pairs, "Overdue", overdue)...)
	}
	return l.Say("meetings.digest.summary", pairs...)
}

// openTask counts a task item: 1 when open, and 1 more when its due time passed at now.
func openTask(it minutes.Item, now time.Time) (open, overdue int) {
	if it.Done {
		return 0, 0
	}
	if !it.Due.IsZero() && !now.IsZero() && it.Due.Before(now) {
		return 1, 1
	}
	return 1, 0
}

// relToDigests shows a path relative to the digests folder.
func relToDigests(cfg *config.Config, path string) string {
	if rel, err := filepath.Rel(digestsDir(cfg), path); err == nil {
		return filepath.ToSlash(rel)
	}
	return filepath.Base(path)
}

func runDigestEvery(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	if len(r.Args.Words) == 0 {
		return bot.Reply{}, commands.Usagef("%s", r.Lang.Say("meetings.digest.every_when", "Command", r.Prefix()+"digest every monday 08:00"))
	}
	format, err := digestFormat(r)
	if err != nil {
		return bot.Reply{}, err
	}
	text := strings.Join(r.Args.Words, " ")
	if isOneOf(text, "off", "none", "never", "stop") {
		if err := schedule.Cancel(ctx, r.Tx, r.Room, jobDigest, digestRef); err != nil {
			return bot.Reply{}, err
		}
		return bot.Text(r.Lang.Say("meetings.digest.every_off")), nil
	}
	rec, err := facts.ReadSchedule(r.Lang, r.Config.Limits, text, r.At, r.Loc, r.Lang.Say("meetings.often"), "every monday 08:00")
	if err != nil {
		return bot.Reply{}, err
	}
	next := rec.Next(r.At, r.Loc)
	err = store.Step(ctx, r.Tx, func(tx *sql.Tx) error { return scheduleDigest(ctx, tx, r.Room, r.Loc, rec, format, r.At) })
	if err != nil {
		return bot.Reply{}, err
	}
	return bot.Text(r.Lang.Say("meetings.digest.every_set", "Format", format, "When", rec.DescribeIn(r.Lang), "Next", r.Time(next))), nil
}

// scheduleDigest sets (or replaces) the room's scheduled digest.
func scheduleDigest(ctx context.Context, tx *sql.Tx, room bot.Room, loc *time.Location, rec *timeparse.Recurrence, format string, now time.Time) error {
	_, err := schedule.Replace(ctx, tx, schedule.Job{Room: room, Kind: jobDigest, Ref: digestRef, Payload: format,
		Title: schedule.Titled("meetings.job.digest"), Due: rec.Next(now, loc), Spec: rec.String(), Timezone: loc.String()})
	return err
}

// runDigestJob posts the scheduled digest: the meetings since the previous occurrence,
// written to the digests folder and announced with a notice in the same transaction.
func (h Hooks) runDigestJob(ctx context.Context, env *commands.Env, tx *sql.Tx, job schedule.Job) error {
	now := env.Now()
	loc := env.Location(ctx, tx, job.Room)
	from := now.AddDate(0, 0, -7)
	if job.Spec != "" {
		if next, err := schedule.NextOccurrence(job.Spec, job.Timezone, job.Due); err == nil && next.After(job.Due) {
			from = job.Due.Add(-next.Sub(job.Due)) // one period back: the time since the previous digest
		}
	}
	format := job.Payload
	if !slices.Contains([]string{"pdf", "html", "txt"}, format) {
		format = formats(env.Config)[0]
	}
	l := env.RoomLang(ctx, tx, job.Room)
	dg, out, failures, err := h.writeDigest(ctx, l, tx, env.Config, job.Room, from, now, loc, format, "", true)
	if err != nil {
		return err
	}
	ended, err := h.outcomes(ctx, tx, job.Room, from, now)
	if err != nil {
		return err
	}
	text := digestSummary(l, &dg, loc, ended)
	if len(failures) > 0 {
		text += "\n" + digestFailures(l, zerolog.Ctx(ctx), failures, out)
	}
	text += "\n" + l.Say("meetings.digest.file", "File", relToDigests(env.Config, out.Path))
	return store.PutReply(ctx, tx, job.Room, bot.Notice(text))
}
