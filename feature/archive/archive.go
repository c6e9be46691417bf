// Package archive is the public archive: a room may opt in (!archive public on), and a
// static site of the public rooms' minutes, decisions, mandates and digests is written from
// the store, on a schedule (the config's archive: section) or by the command line
// (`folkmoot archive`). Plain HTML and CSS, relative links only, printable; secret ballots
// show their counts alone, and rooms that did not opt in, and private messages, never
// appear. What it reads of meetings, votes and mandates, app passes in as Sources.
package archive

import (
	"context"
	"database/sql"
	"embed"
	"strings"
	"time"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/feature"
	"folkmoot/schedule"
	"folkmoot/store"
	"folkmoot/words"
)

// wording is what the archive says, its pages' headings and its command's help among it,
// in every shipped language.
//
//go:embed lang/*.yaml
var wording embed.FS

func init() { words.Add(wording) }

// SectionArchive is the help section of !archive.
const SectionArchive = "Archive"

// ruleArchive is the key of the rule that says whether the room is in the public archive.
const ruleArchive = "archive"

// The scheduled build: one job per public room, all due at the same times, of which the
// first to fire writes the whole site (see runBuild).
const (
	jobBuild = "archive.build"
	jobRef   = "archive"
)

// Feature is the public archive, reading the other features through src.
func Feature(src Sources) feature.Feature {
	facilitator := commands.Guard{Level: commands.FacilitatorLevel}
	return feature.Feature{
		Name:   "archive",
		Config: configSection(),
		Rules:  rules,
		Commands: []*commands.Command{{
			Name:    "archive",
			Section: SectionArchive,
			Subcommands: []*commands.Command{
				{Name: "public", Guard: facilitator, ShowsWithoutArgs: true, Rules: []string{ruleArchive}, Run: runPublic},
			},
			Run: runShow,
		}},
		Jobs: []feature.Job{{Name: jobBuild, Run: func(ctx context.Context, env *commands.Env, tx *sql.Tx, job schedule.Job) error {
			return runBuild(ctx, env, tx, job, src)
		}}},
	}
}

// rules are the room's rules the archive owns: whether the room is in the public archive.
var rules = []feature.Rule{{
	Key: ruleArchive, Title: "archive.rule.public",
	Read: func(ctx context.Context, _ *commands.Env, q store.Querier, room bot.Room, _ *words.Lang) (string, error) {
		return readRule(ctx, q, room)
	},
	Set: func(ctx context.Context, env *commands.Env, tx *sql.Tx, room bot.Room, l *words.Lang, value string, at time.Time) error {
		public, ok := onOff(value)
		if !ok {
			return commands.Userf("%s", l.Say("archive.values"))
		}
		return setArchive(ctx, env, tx, room, public, at)
	},
	Default: func(*commands.Env) string { return "off" },
}}

// readRule is the rule's value: on or off.
func readRule(ctx context.Context, q store.Querier, room bot.Room) (string, error) {
	public, err := IsPublic(ctx, q, room)
	if public {
		return "on", err
	}
	return "off", err
}

// onOff reads on or off as typed.
func onOff(typed string) (public, ok bool) {
	switch strings.ToLower(strings.TrimSpace(typed)) {
	case "on", "yes", "public":
		return true, true
	case "off", "no", "private":
		return false, true
	}
	return false, false
}

// setArchive opts a room in or out and schedules the writing of the site: at once and then
// on the config's schedule for a room that opts in, at once for one that opts out (so its
// pages go). Without archive.dir nothing is written on a schedule.
func setArchive(ctx context.Context, env *commands.Env, tx *sql.Tx, room bot.Room, public bool, at time.Time) error {
	if err := setPublic(ctx, tx, room, public, at); err != nil {
		return err
	}
	s := settings(env.Config)
	if s.Dir == "" {
		return schedule.Cancel(ctx, tx, room, jobBuild, jobRef)
	}
	job := schedule.Job{Room: room, Kind: jobBuild, Ref: jobRef, Title: schedule.Titled("archive.job"), Due: at}
	if public {
		loc := env.Config.Location()
		rec, err := s.recurrence(at, loc)
		if err != nil {
			return err
		}
		job.Spec, job.Timezone = rec.String(), loc.String()
	}
	_, err := schedule.Replace(ctx, tx, job)
	return err
}

// runShow is !archive: whether the room is in the public archive, and where it is written.
func runShow(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	if len(r.Args.Words) > 0 {
		return bot.Reply{}, commands.Usagef("") // a subcommand mistyped: its usage
	}
	return bot.Text(state(ctx, r)), nil
}

// state words the room's place in the archive.
func state(ctx context.Context, r *commands.Request) string {
	public, err := IsPublic(ctx, r.Tx, r.Room)
	if err != nil || !public {
		return r.Lang.Say("archive.state.off", "Command", r.Prefix()+"archive public on")
	}
	lines := []string{r.Lang.Say("archive.state.on", "Command", r.Prefix()+"archive public off")}
	if s := settings(r.Config); s.Dir != "" {
		every := s.Every
		if every == "" {
			every = defaultEvery
		}
		lines = append(lines, r.Lang.Say("archive.state.where", "Dir", s.Dir, "Every", every))
	} else {
		lines = append(lines, r.Lang.Say("archive.state.by_hand"))
	}
	return strings.Join(lines, "\n")
}

// runPublic is !archive public on|off; alone, it shows the state.
func runPublic(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	if len(r.Args.Words) == 0 {
		return bot.Text(state(ctx, r)), nil
	}
	public, ok := onOff(r.Args.Words[0])
	if !ok || len(r.Args.Words) > 1 {
		return bot.Reply{}, commands.Usagef("%s", r.Lang.Say("archive.values"))
	}
	was, err := IsPublic(ctx, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	switch {
	case was && public:
		return bot.Text(r.Lang.Say("archive.on.already")), nil
	case !was && !public:
		return bot.Text(r.Lang.Say("archive.off.already")), nil
	}
	err = store.Step(ctx, r.Tx, func(tx *sql.Tx) error { return setArchive(ctx, r.Env, tx, r.Room, public, r.At) })
	if err != nil {
		return bot.Reply{}, err
	}
	if public {
		return bot.Text(r.Lang.Say("archive.on.done", "Command", r.Prefix()+"archive public off")), nil
	}
	return bot.Text(r.Lang.Say("archive.off.done")), nil
}

// runBuild writes the site into archive.dir. The jobs of all public rooms fall due at the
// same times; the first to fire writes the whole site and the others, finding it written
// after they fell due, do nothing. A build at the very instant a job falls due (an opt-out
// right after a build) is not after it, so that job writes the site again.
func runBuild(ctx context.Context, env *commands.Env, tx *sql.Tx, job schedule.Job, src Sources) error {
	s := settings(env.Config)
	if s.Dir == "" {
		return nil
	}
	last, err := lastBuilt(ctx, tx)
	if err != nil {
		return err
	}
	if last.After(job.Due) {
		return nil
	}
	now := env.Now()
	if _, err := Build(ctx, tx, env.Config, src, s.Dir, now); err != nil {
		return err
	}
	return markBuilt(ctx, tx, now)
}
