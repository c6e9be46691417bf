package rules

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/facts"
	"folkmoot/feature"
	"folkmoot/hooks"
	"folkmoot/schedule"
	"folkmoot/store"
	"folkmoot/vote"
	"folkmoot/words"
)

// The yearly review: each rule unchanged for a year is put to a keep / change / drop vote.
const (
	jobReview  = "rules.review"
	linkReview = "rule-review"
	// unchangedFor is how long a rule must have stood to be reviewed.
	unchangedFor = 365 * 24 * time.Hour
)

// The options of a review vote, in this order (choice keys "1", "2", "3"); the verdict is
// read from the keys, whatever language the labels were in.
var reviewKeys = []struct{ key, verdict string }{{"1", "keep"}, {"2", "change"}, {"3", "drop"}}

// runReview opens the review now, schedules it (every <schedule>), or stops the schedule (off).
func (f *rulesFeature) runReview(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	if len(r.Args.Words) == 0 {
		lines, err := f.openReview(ctx, r.Env, r.Tx, r.Room, r.Lang, r.At)
		if err != nil {
			return bot.Reply{}, err
		}
		return bot.Text(strings.Join(lines, "\n")), nil
	}
	l := r.Lang
	switch strings.ToLower(r.Args.Words[0]) {
	case "off":
		if err := schedule.Cancel(ctx, r.Tx, r.Room, jobReview, ""); err != nil {
			return bot.Reply{}, err
		}
		return bot.Text(l.Say("rules.review.off")), nil
	case "every", "cron":
		rec, err := facts.ReadSchedule(l, r.Config.Limits, r.Args.Raw, r.At, r.Loc, l.Say("rules.review.often"), "every year on 1 mar 19:00")
		if err != nil {
			return bot.Reply{}, err
		}
		next := rec.Next(r.At, r.Loc)
		err = store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
			_, err := schedule.Replace(ctx, tx, schedule.Job{Room: r.Room, Kind: jobReview, Due: next, Spec: rec.String(), Timezone: r.Loc.String(),
				Title: schedule.Titled("rules.review.job")})
			return err
		})
		if err != nil {
			return bot.Reply{}, err
		}
		return bot.Text(l.Say("rules.review.scheduled", "Schedule", rec.DescribeIn(l), "Zone", r.Loc.String(), "First", r.Time(next))), nil
	}
	return bot.Reply{}, commands.Usagef("%s", l.Say("rules.review.usage"))
}

// runReviewJob opens the review when it is due.
func (f *rulesFeature) runReviewJob(ctx context.Context, env *commands.Env, tx *sql.Tx, job schedule.Job) error {
	l := env.RoomLang(ctx, tx, job.Room)
	lines, err := f.openReview(ctx, env, tx, job.Room, l, env.Now())
	if err != nil {
		return err
	}
	return store.PutReply(ctx, tx, job.Room, bot.Notice(strings.Join(lines, "\n")))
}

// openReview opens a keep / change / drop vote on each rule the room may change that has
// stood for a year (or was never changed), and says which.
func (f *rulesFeature) openReview(ctx context.Context, env *commands.Env, tx *sql.Tx, room bot.Room, l *words.Lang, now time.Time) ([]string, error) {
	changes, err := latest(ctx, tx, room)
	if err != nil {
		return nil, err
	}
	lines := []string{l.Say("rules.review.due")}
	opened := 0
	for _, rule := range registry(f.all()) {
		if c, ok := changes[rule.Key]; rule.Set == nil || ok && now.Sub(c.At) < unchangedFor {
			continue
		}
		value, err := rule.Read(ctx, env, tx, room, l)
		if err != nil {
			return nil, err
		}
		options := make([]vote.Option, len(reviewKeys))
		for i, k := range reviewKeys {
			options[i] = vote.Option{Key: k.key, Label: l.Say("rules.review.option." + k.verdict)}
		}
		_, announcement, err := f.openVote(env)(ctx, tx, hooks.LinkedVote{
			Room: room, Opener: bot.Member{ID: "folkmoot", Name: l.Say("rules.review.reviewer")},
			Question: l.Say("rules.review.question", "Rule", rule.Key, "Title", l.Say(rule.Title), "Value", value),
			Rules:    vote.Rules{Kind: vote.Choice, Options: options, MaxChoices: 1},
			Link:     hooks.VoteLink{Kind: linkReview, ID: rule.Key},
		}, now)
		if err != nil {
			var safe commands.RoomSafe
			var ue *commands.UserError
			switch {
			case errors.As(err, &ue):
				announcement = l.Say("rules.review.failed", "Rule", rule.Key, "Problem", ue.Msg)
			case errors.As(err, &safe):
				announcement = l.Say("rules.review.failed", "Rule", rule.Key, "Problem", safe.Error())
			default:
				return nil, err
			}
		}
		lines = append(lines, announcement)
		opened++
	}
	if opened == 0 {
		lines = append(lines, l.Say("rules.review.none"))
	}
	return lines, nil
}

// reviewVerdict reads a closed review vote: "keep", "change", "drop", or "" for no decision.
func reviewVerdict(v vote.Vote) string {
	if v.Outcome != vote.Decided {
		return ""
	}
	top, winner := -1, ""
	for _, c := range v.FinalCounts {
		if c.N > top {
			top, winner = c.N, c.Key
		}
	}
	for _, k := range reviewKeys {
		if k.key == winner {
			return k.verdict
		}
	}
	return ""
}

// onReviewClosed acts on a review's verdict: kept, to be changed (by a proposal), or dropped
// back to the default, recorded with the vote.
func onReviewClosed(ctx context.Context, env *commands.Env, tx *sql.Tx, c hooks.VoteClosed, find func(string) (feature.Rule, bool)) error {
	rule, ok := find(c.Link.ID)
	if !ok {
		return nil
	}
	l := env.RoomLang(ctx, tx, c.Room)
	current, err := rule.Read(ctx, env, tx, c.Room, l)
	if err != nil {
		return err
	}
	var text string
	switch reviewVerdict(c.Vote) {
	case "keep":
		text = l.Say("rules.review.kept", "Vote", c.Vote.Number, "Rule", rule.Key, "Value", current)
	case "change":
		text = l.Say("rules.review.change", "Vote", c.Vote.Number, "Rule", rule.Key, "Command", c.Prefix+"rules propose "+rule.Key)
	case "drop":
		def := ""
		if rule.Default != nil {
			def = rule.Default(env)
		}
		if def == "" || def == current {
			text = l.Say("rules.review.kept", "Vote", c.Vote.Number, "Rule", rule.Key, "Value", current)
			break
		}
		if err := rule.Set(ctx, env, tx, c.Room, l, def, c.At); err != nil {
			return err
		}
		now, err := rule.Read(ctx, env, tx, c.Room, l)
		if err != nil {
			return err
		}
		if _, err := record(ctx, tx, c.Room, change{Rule: rule.Key, Value: now, Previous: current, How: howVote, By: "folkmoot",
			At: c.At, Vote: c.Vote.Number, State: inForce}); err != nil {
			return err
		}
		text = l.Say("rules.review.dropped", "Vote", c.Vote.Number, "Rule", rule.Key, "Value", now, "Previous", current)
	default:
		text = l.Say("rules.review.undecided", "Vote", c.Vote.Number, "Rule", rule.Key, "Value", current)
	}
	return store.PutReply(ctx, tx, c.Room, bot.Notice(text))
}
