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
)

// jobDigest is the scheduled digest's job kind; its Ref is digestRef and its Payload the
// format.
const (
	jobDigest = "meeting.digest"
	digestRef = "digest"
)

var formatFlag = commands.Flag{Name: "format", Help: "pdf, html or txt (default: the first configured format)."}

// digestCommand is !digest.
func (h Hooks) digestCommand() *commands.Command {
	return &commands.Command{
		Name:     "digest",
		Section:  SectionMeetings,
		Synopsis: "[week|month|since <date>] [--format pdf|html|txt] | every <schedule>|off",
		Help: "Makes a print-ready digest of the meetings of the last week (the default), month or since a date: " +
			"decisions first, then tasks (overdue and due), mandates, dissent, stories, measures and participation. `every` posts one on a schedule.",
		Examples: []string{"digest month --format pdf", "digest since 2026-11-01", "digest every monday 08:00"},
		Flags:    []commands.Flag{formatFlag},
		Subcommands: []*commands.Command{
			{Name: "every", Synopsis: "<schedule>|off", Help: "Posts a digest of the time since the last one on a schedule.",
				Examples: []string{"digest every monday 08:00", "digest every off"}, Flags: []commands.Flag{formatFlag},
				Guard: commands.Guard{Level: commands.FacilitatorLevel}, Run: runDigestEvery},
			{Name: "", Synopsis: "[week|month|since <date>] [--format pdf|html|txt]", Help: "Makes a digest now.",
				Examples: []string{"digest month --format html"}, Flags: []commands.Flag{formatFlag}, Run: h.runDigest},
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
		return "", commands.Usagef("--format is pdf, html or txt, not “%s”", clip(f, 20))
	}
	return f, nil
}

// digestPeriod reads "week", "month" or "since <date>": the start of the period. A refusal
// quotes only the word it could not read.
func digestPeriod(words []string, now time.Time, loc *time.Location) (time.Time, error) {
	if len(words) == 0 {
		return now.AddDate(0, 0, -7), nil
	}
	switch w := strings.ToLower(words[0]); {
	case (w == "week" || w == "month") && len(words) > 1:
		return time.Time{}, commands.Usagef("after %s I expected nothing more, not “%s”; say week, month or since <date>", w, clip(words[1], 30))
	case w == "week":
		return now.AddDate(0, 0, -7), nil
	case w == "month":
		return now.AddDate(0, -1, 0), nil
	case w == "since" || w == "from":
		if len(words) > 1 {
			return ParseSince(strings.Join(words[1:], " "), now, loc)
		}
		return time.Time{}, commands.Usagef("say since when, like since 2026-11-01")
	}
	return time.Time{}, commands.Usagef("I couldn't read “%s”; say week, month or since <date>", clip(words[0], 30))
}

// sinceHint is what a refusal of a digest's start suggests.
const sinceHint = "Write it like 2026-11-01, 1 nov or 1 nov 2025."

// ParseSince reads the start of a digest's period: a past date ("2026-11-01", "1 nov",
// "1 november 2026"), at 00:00 in loc. A date after now is refused, and so is a word that is
// no part of a date, quoted alone.
func ParseSince(s string, now time.Time, loc *time.Location) (time.Time, error) {
	if loc == nil {
		loc = time.UTC
	}
	t, _, err := story.ReadPast(nil, s, story.Day, sinceHint, now, loc)
	if err != nil {
		return time.Time{}, err
	}
	if t.After(now) {
		return time.Time{}, commands.Userf("%s is still to come; a digest covers the past.", t.Format("2 Jan 2006"))
	}
	return t, nil
}

func (h Hooks) runDigest(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	format, err := digestFormat(r)
	if err != nil {
		return bot.Reply{}, err
	}
	from, err := digestPeriod(r.Args.Words, r.At, r.Loc)
	if err != nil {
		return bot.Reply{}, err
	}
	dg, out, failures, err := h.writeDigest(ctx, r.Tx, r.Config, r.Room, from, r.At, r.Loc, format, "", true)
	if err != nil {
		return failed(r, "The digest could not be made", err), nil
	}
	ended, err := h.outcomes(ctx, r.Tx, r.Room, from, r.At)
	if err != nil {
		return failed(r, "The digest could not be made", err), nil
	}
	text := digestSummary(&dg, r.Loc, ended)
	if len(failures) > 0 {
		text += "\n" + digestFailures(r.Log(), failures, out)
	}
	format = out.Ext
	uploaded := attach(r, []output{out}, "Digest")
	if !uploaded {
		text += "\nFile: " + relToDigests(r.Config, out.Path) + " in the digests folder."
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
// format into outDir (the room's digests folder when outDir is ""); it returns the digest
// and the file's path. The command line uses it: a format that cannot be made is an error
// in plain words, never a panic.
func (h Hooks) WriteDigest(ctx context.Context, q store.Querier, cfg *config.Config, room bot.Room, from, to time.Time,
	loc *time.Location, format, outDir string) (minutes.Digest, string, error) {
	dg, out, _, err := h.writeDigest(ctx, q, cfg, room, from, to, loc, format, outDir, false)
	return dg, out.Path, err
}

// digestFormats is the order in which a digest falls back when a format cannot be made.
var digestFormats = []string{"pdf", "html", "txt"}

// writeDigest is WriteDigest, with what an upload needs to know of the file. With fallback,
// a format whose renderer fails (an error or a panic) is replaced by the next of pdf, html
// and txt that renders, and the formats that failed are returned: a digest in another format
// is worth more to the room than none.
func (h Hooks) writeDigest(ctx context.Context, q store.Querier, cfg *config.Config, room bot.Room, from, to time.Time,
	loc *time.Location, format, outDir string, fallback bool) (minutes.Digest, output, []failure, error) {
	dg, err := h.BuildDigest(ctx, q, room, from, to, to, loc)
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
	name, err := minutes.UniqueFileName(minutes.FileName(to.In(loc), "digest since "+from.In(loc).Format("2006-01-02"), format),
		func(n string) bool { _, err := os.Lstat(filepath.Join(outDir, n)); return err == nil })
	if err != nil {
		return dg, output{}, failures, err
	}
	out, err := writeFile(filepath.Join(outDir, name), format, func(w *bufio.Writer) error { _, err := w.Write(data); return err })
	return dg, out, failures, err
}

// digestFailures logs the formats a digest could not be made in and words them for the
// room, with the format it was made in instead.
func digestFailures(log *zerolog.Logger, failures []failure, out output) string {
	ref := bot.NewRef()
	var names []string
	for _, f := range failures {
		logFailure(log.Error(), f.Err).Str("ref", ref).Str("format", f.Ext).Msg("a digest format could not be made")
		names = append(names, formatName(f.Ext))
	}
	return fmt.Sprintf("The %s digest could not be made (ref %s); here it is as %s instead.",
		phrase.List(nil, names), ref, formatName(out.Ext))
}

// digestSummary is the short account posted with a digest; ended are the outcomes of the
// votes its meetings list, so that only a vote that decided something counts as a decision.
func digestSummary(dg *minutes.Digest, loc *time.Location, ended map[int]vote.Outcome) string {
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
	recorded := append(decisionCounts(all, ended), phrase.Plural(dissent, "dissent", "dissents"))
	text := fmt.Sprintf("Digest %s – %s: %s, %s recorded, %s open", dg.From.In(loc).Format("Mon 2 Jan"),
		dg.To.In(loc).Format("Mon 2 Jan"), phrase.Plural(len(dg.Meetings), "meeting", "meetings"),
		strings.Join(recorded, ", "), phrase.Plural(actions, "task", "tasks"))
	if overdue > 0 {
		text += fmt.Sprintf(" (%d overdue)", overdue)
	}
	return text + "."
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
		return bot.Reply{}, commands.Usagef("say when, like %sdigest every monday 08:00, or off", r.Prefix())
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
		return bot.Text("No more scheduled digests here."), nil
	}
	if !strings.HasPrefix(strings.ToLower(text), "every ") && !strings.HasPrefix(strings.ToLower(text), "cron ") {
		text = "every " + text
	}
	rec, err := timeparse.ParseEvery(r.Lang, text, r.At, r.Loc)
	if err != nil {
		return bot.Reply{}, err
	}
	if err := facts.TooOften(r.Config.Limits, r.At, rec, "a digest", "every monday 08:00"); err != nil {
		return bot.Reply{}, err
	}
	next := rec.Next(r.At, r.Loc)
	err = store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		if err := schedule.Cancel(ctx, tx, r.Room, jobDigest, digestRef); err != nil {
			return err
		}
		_, err := schedule.Add(ctx, tx, schedule.Job{Room: r.Room, Kind: jobDigest, Ref: digestRef, Payload: format,
			Title: "scheduled digest", Due: next, Spec: rec.String(), Timezone: r.Loc.String()})
		return err
	})
	if err != nil {
		return bot.Reply{}, err
	}
	return bot.Text(fmt.Sprintf("A digest (%s) will be posted %s, next %s.", format, rec.Describe(), r.Time(next))), nil
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
	dg, out, failures, err := h.writeDigest(ctx, tx, env.Config, job.Room, from, now, loc, format, "", true)
	if err != nil {
		return err
	}
	ended, err := h.outcomes(ctx, tx, job.Room, from, now)
	if err != nil {
		return err
	}
	text := digestSummary(&dg, loc, ended)
	if len(failures) > 0 {
		text += "\n" + digestFailures(zerolog.Ctx(ctx), failures, out)
	}
	text += "\nFile: " + relToDigests(env.Config, out.Path) + " in the digests folder."
	return store.PutReply(ctx, tx, job.Room, bot.Notice(text))
}
