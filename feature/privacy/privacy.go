// Package privacy puts a member's data in their hands: !mydata sends them, privately, a file
// of what folkmoot keeps about them in the room; !forget me erases it where the assembly's
// record allows and puts a stable pseudonym in its place where the record must stay true
// (ballots, logs, terms); the facilitator-level does the same for a member who left. The
// data itself belongs to the features (feature.PersonalData); this one gathers it. Its
// retention: section says how long meetings' raw logs are kept.
package privacy

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"slices"
	"strings"
	"time"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/facts"
	"folkmoot/feature"
	"folkmoot/schedule"
	"folkmoot/store"
	"folkmoot/timeparse"
	"folkmoot/words"
)

// wording is what privacy says, its commands' help among it, in every shipped language.
//
//go:embed lang/*.yaml
var wording embed.FS

func init() { words.Add(wording) }

// Section is the help section of these commands.
const Section = "Your data"

// confirmWord is what makes !forget go on.
const confirmWord = "confirm"

// Hooks are what privacy does with the other features' data beyond their PersonalData.
type Hooks struct {
	// PruneLog deletes the raw meeting log lines said before a time, in every room, and
	// returns how many went; the minutes stay.
	PruneLog func(ctx context.Context, tx *sql.Tx, before time.Time) (int, error)
}

// Feature is members' own data. all lists every feature (their PersonalData).
func Feature(all func() []feature.Feature, h Hooks) feature.Feature {
	f := &privacyFeature{all: all, hooks: h}
	facilitator := commands.Guard{Level: commands.FacilitatorLevel}
	return feature.Feature{
		Name:   "privacy",
		Config: configSection(),
		Commands: []*commands.Command{{
			Name: "mydata", Section: Section, NeedsIdentity: true, Run: f.runMyData,
		}, {
			Name:    "forget",
			Section: Section,
			Subcommands: []*commands.Command{
				{Name: "me", NeedsIdentity: true, Run: f.runForgetMe},
				{Name: "", Guard: facilitator, NeedsIdentity: true, Run: f.runForgetOther},
			},
			Run: runForgetUsage,
		}},
		// A pruning late after an outage is as right as one on time, and says nothing.
		Jobs: []feature.Job{{Name: jobRetention, AlwaysFire: true, Run: f.runRetention}},
	}
}

type privacyFeature struct {
	all   func() []feature.Feature
	hooks Hooks
}

// declared lists the features' declarations of personal data, in the features' order.
func (f *privacyFeature) declared() []*feature.PersonalData {
	var out []*feature.PersonalData
	for _, ft := range f.all() {
		if ft.PersonalData != nil {
			out = append(out, ft.PersonalData)
		}
	}
	return out
}

// runForgetUsage is !forget alone: what it expects.
func runForgetUsage(_ context.Context, r *commands.Request) (bot.Reply, error) {
	return bot.Reply{}, commands.Usagef("%s", r.Lang.Say("privacy.forget.usage", "Me", r.Prefix()+"forget me", "Other", r.Prefix()+"forget"))
}

// runForgetMe is !forget me [confirm].
func (f *privacyFeature) runForgetMe(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	confirmed, err := confirmation(r, r.Args.Words, r.Prefix()+"forget me")
	if err != nil {
		return bot.Reply{}, err
	}
	return f.forgetMe(ctx, r, confirmed)
}

// forgetMe asks the sender to confirm, or forgets them.
func (f *privacyFeature) forgetMe(ctx context.Context, r *commands.Request, confirmed bool) (bot.Reply, error) {
	if !confirmed {
		if err := f.dryRun(ctx, r, r.Sender.ID); err != nil {
			return bot.Reply{}, err
		}
		return bot.Text(r.Lang.Say("privacy.forget.ask_me", "Confirm", r.Prefix()+"forget me "+confirmWord)), nil
	}
	if err := f.forget(ctx, r, r.Sender.ID); err != nil {
		return bot.Reply{}, err
	}
	return bot.Text(r.Lang.Say("privacy.forget.done_me")), nil
}

// runForgetOther is !forget <member> [confirm], for a member who left.
func (f *privacyFeature) runForgetOther(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	args := r.Args.Words
	if len(args) == 0 {
		return runForgetUsage(ctx, r)
	}
	typed := args[0]
	confirmed, err := confirmation(r, args[1:], r.Prefix()+"forget "+typed)
	if err != nil {
		return bot.Reply{}, err
	}
	m, err := f.known(ctx, r, typed)
	if err != nil {
		return bot.Reply{}, err
	}
	if m.ID == r.Sender.ID {
		return f.forgetMe(ctx, r, confirmed)
	}
	if slices.ContainsFunc(facts.Live(ctx, r.Transport, r.Room), func(live bot.Member) bool { return live.ID == m.ID }) {
		return bot.Reply{}, commands.Userf("%s", r.Lang.Say("privacy.forget.still_here", "Member", m.Display(), "Me", r.Prefix()+"forget me"))
	}
	if !confirmed {
		if err := f.dryRun(ctx, r, m.ID); err != nil {
			return bot.Reply{}, err
		}
		return bot.Text(r.Lang.Say("privacy.forget.ask_other", "Member", m.Display(), "Confirm", r.Prefix()+"forget "+typed+" "+confirmWord)), nil
	}
	if err := f.forget(ctx, r, m.ID); err != nil {
		return bot.Reply{}, err
	}
	return bot.Text(r.Lang.Say("privacy.forget.done_other", "By", r.Sender.Display())), nil
}

// confirmation reads what follows the member: nothing, or the confirming word.
func confirmation(r *commands.Request, rest []string, again string) (bool, error) {
	switch {
	case len(rest) == 0:
		return false, nil
	case len(rest) == 1 && strings.EqualFold(rest[0], confirmWord):
		return true, nil
	}
	return false, commands.Usagef("%s", r.Lang.Say("privacy.forget.confirm_only", "Confirm", again+" "+confirmWord))
}

// known is the member typed, when the room has seen them; otherwise a room-safe answer
// saying what was expected.
func (f *privacyFeature) known(ctx context.Context, r *commands.Request, typed string) (bot.Member, error) {
	unknown := commands.Userf("%s", r.Lang.Say("privacy.forget.unknown", "Typed", bot.Inert(typed), "Me", r.Prefix()+"forget me"))
	m, err := facts.Resolve(ctx, r.Tx, r.Transport, r.Room, typed)
	var problem words.Problem
	if errors.As(err, &problem) {
		return bot.Member{}, unknown
	}
	if err != nil {
		return bot.Member{}, err
	}
	name, _, ok, err := seen(ctx, r.Tx, r.Room, m.ID)
	switch {
	case err != nil:
		return bot.Member{}, err
	case !ok:
		return bot.Member{}, unknown
	}
	if m.Name == "" {
		m.Name = name
	}
	return m, nil
}

// errDryRun undoes a trial forgetting.
var errDryRun = errors.New("dry run")

// dryRun forgets the member in a savepoint it undoes, to find now what would make the
// forgetting wait (a ballot in an open vote) rather than after the confirmation.
func (f *privacyFeature) dryRun(ctx context.Context, r *commands.Request, member string) error {
	err := store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		if err := f.forgetIn(ctx, tx, r.Lang, r.Room, member); err != nil {
			return err
		}
		return errDryRun
	})
	if errors.Is(err, errDryRun) {
		return nil
	}
	return err
}

// forget forgets the member in the room, in one step: every feature, then the room's record
// of them. Nothing records who the pseudonym stands for.
func (f *privacyFeature) forget(ctx context.Context, r *commands.Request, member string) error {
	return store.Step(ctx, r.Tx, func(tx *sql.Tx) error { return f.forgetIn(ctx, tx, r.Lang, r.Room, member) })
}

func (f *privacyFeature) forgetIn(ctx context.Context, tx *sql.Tx, l *words.Lang, room bot.Room, member string) error {
	alias, err := pseudonym(ctx, tx, member)
	if err != nil {
		return err
	}
	for _, d := range f.declared() {
		if d.Forget == nil {
			continue
		}
		if err := d.Forget(ctx, tx, l, room, member, alias); err != nil {
			return err
		}
	}
	return forgetSeen(ctx, tx, room, member)
}

// jobRetention prunes what the retention: section keeps only for a while.
const jobRetention = "privacy.retention"

// retentionAt is when the daily pruning runs, in the room's timezone.
const retentionAt = "every day 04:00"

// AtMeetingStart schedules the daily pruning of raw logs in a room that holds meetings, when
// the configuration keeps them for a while; a meeting start is where a raw log begins.
func AtMeetingStart(ctx context.Context, env *commands.Env, tx *sql.Tx, room bot.Room, now time.Time) (bot.Reply, error) {
	if _, ok, _ := settings(env.Config).rawLog(); !ok {
		return bot.Reply{}, nil
	}
	pending, err := schedule.Pending(ctx, tx, room, jobRetention)
	if err != nil || len(pending) > 0 {
		return bot.Reply{}, err
	}
	loc, _ := env.Settings(ctx, tx, room)
	rec, err := timeparse.ParseEvery(nil, retentionAt, now, loc)
	if err != nil {
		return bot.Reply{}, err
	}
	_, err = schedule.Add(ctx, tx, schedule.Job{Room: room, Kind: jobRetention, Ref: "raw_log", Title: schedule.Titled("privacy.job"),
		Due: rec.Next(now, loc), Spec: rec.String(), Timezone: loc.String()})
	return bot.Reply{}, err
}

// runRetention deletes the raw log lines older than retention.raw_log, in every room: one
// room's job suffices, and the others find nothing left.
func (f *privacyFeature) runRetention(ctx context.Context, env *commands.Env, tx *sql.Tx, job schedule.Job) error {
	span, ok, err := settings(env.Config).rawLog()
	if err != nil || !ok || f.hooks.PruneLog == nil {
		return err
	}
	back := timeparse.Span{Months: -span.Months, Days: -span.Days, Exact: -span.Exact}
	_, err = f.hooks.PruneLog(ctx, tx, back.AddTo(env.Now(), time.UTC))
	return err
}
