// Package tools is the register of the digital tools the assembly depends on and who
// controls each (!tool add, !tool remove, !tools), and its review: !tools review opens, for
// each tool, a choice vote (keep, replace or drop), and a tool the room votes to replace or
// drop becomes a task to do so, so the review ends in decisions and tasks on the record.
// !tools review every <schedule> (a year, a solstice) opens the same votes when the review
// is due, in the job's transaction. folkmoot lists itself.
package tools

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/facts"
	"folkmoot/feature"
	"folkmoot/hooks"
	"folkmoot/phrase"
	"folkmoot/schedule"
	"folkmoot/store"
	"folkmoot/task"
	"folkmoot/tool"
	"folkmoot/vote"
	"folkmoot/words"
)

// Section is the help section of these commands.
const Section = "Digital tools"

// Job kind of the scheduled review, and the link kind of its votes (the ID is the tool's key).
const (
	jobReview = "tools.review"
	linkTool  = "tool"
)

// self is folkmoot's own entry, listed until removed, in l.
func self(l *words.Lang) tool.Tool {
	return tool.Tool{Name: "folkmoot", Controller: l.Say("tools.self")}
}

// Feature is the register of digital tools and its review. openVote opens the review's
// votes with the environment of the command or job that opens them (the votes feature's
// Opener); give ReviewLinks to the votes feature, so that a vote's close records its verdict.
func Feature(openVote func(*commands.Env) hooks.OpenVote) feature.Feature {
	f := &toolsFeature{openVote: openVote}
	return feature.Feature{
		Name:     "tools",
		Commands: []*commands.Command{cmdTool, f.toolsCommand()},
		// A review long overdue after an outage is reported missed; the next one comes as scheduled.
		Jobs: []feature.Job{{Name: jobReview, Run: f.runReviewJob}},
	}
}

// feature holds what the tools' handlers need beyond the request: how to open a vote.
type toolsFeature struct {
	openVote func(*commands.Env) hooks.OpenVote
}

// ReviewLinks are what the votes feature does, with the environment of the close, when a
// review vote closes: addTask turns a verdict to replace or drop a tool into a task.
func ReviewLinks(env *commands.Env, addTask hooks.AddTask) map[string]hooks.LinkHandler {
	return map[string]hooks.LinkHandler{linkTool: func(ctx context.Context, tx *sql.Tx, c hooks.VoteClosed) error {
		return onReviewClosed(ctx, env.RoomLang(ctx, tx, c.Room), tx, c, addTask)
	}}
}

var facilitators = commands.Guard{Level: commands.FacilitatorLevel}

// cmdTool's help, and its subcommands', is in the catalog (help.tool, help.tool add, …).
var cmdTool = &commands.Command{
	Name:    "tool",
	Section: Section,
	Subcommands: []*commands.Command{
		{Name: "add", Run: runAdd},
		{Name: "remove", Guard: facilitators, Run: runRemove},
	},
	Run: func(_ context.Context, r *commands.Request) (bot.Reply, error) {
		return bot.Reply{}, commands.Usagef("%s", r.Lang.Say("tools.usage.tool"))
	},
}

// toolsCommand is !tools: the register, and its review. Its help is in the catalog
// (help.tools, help.tools review).
func (f *toolsFeature) toolsCommand() *commands.Command {
	return &commands.Command{
		Name:    "tools",
		Section: Section,
		Subcommands: []*commands.Command{
			{Name: "review", Guard: facilitators, NeedsIdentity: true, Run: f.runReview},
		},
		Run: runList,
	}
}

// register is the room's tools, folkmoot first unless it was removed; folkmoot's entry is
// in l.
func register(ctx context.Context, l *words.Lang, q store.Querier, room bot.Room) ([]tool.Tool, error) {
	tools, err := listed(ctx, q, room)
	if err != nil {
		return nil, err
	}
	me := self(l)
	ours, err := known(ctx, q, room, me.Name)
	if err != nil || ours {
		return tools, err
	}
	return append([]tool.Tool{me}, tools...), nil
}

func runAdd(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	l := r.Lang
	name, controller, ok := tool.ParseEntry(r.Args.Raw)
	switch {
	case !ok || name == "" || controller == "":
		return bot.Reply{}, refuse(l.Say("tools.add.usage", "Command", r.Prefix()+"tool add"))
	case len([]rune(name)) > tool.MaxName:
		return bot.Reply{}, refuse(l.Say("tools.add.long_name", "Max", tool.MaxName))
	case len([]rune(controller)) > tool.MaxController:
		return bot.Reply{}, refuse(l.Say("tools.add.long_controller", "Max", tool.MaxController))
	}
	t := tool.Tool{Name: name, Controller: controller, AddedBy: r.Sender.ID, AddedAt: r.At}
	if err := putTool(ctx, r.Tx, r.Room, t); err != nil {
		return bot.Reply{}, err
	}
	return bot.Text(l.Say("tools.add.done", "Name", name, "Controller", controller, "Command", r.Prefix()+"tools")), nil
}

func runRemove(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	l := r.Lang
	name := strings.Join(strings.Fields(bot.Inert(r.Args.Raw)), " ")
	if name == "" {
		return bot.Reply{}, commands.Usagef("%s", l.Say("tools.usage.remove"))
	}
	tools, err := register(ctx, l, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	for _, t := range tools {
		if tool.Key(t.Name) == tool.Key(name) {
			if _, err := removeTool(ctx, r.Tx, r.Room, t.Name, r.Sender.ID, r.At); err != nil {
				return bot.Reply{}, err
			}
			return bot.Text(l.Say("tools.removed", "Name", t.Name)), nil
		}
	}
	return bot.Reply{}, refuse(l.Say("tools.not_listed", "Name", phrase.Clip(name, 60), "Command", r.Prefix()+"tools"))
}

func runList(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	text, err := registerText(ctx, r.Lang, r.Tx, r.Room, r.Prefix())
	if err != nil {
		return bot.Reply{}, err
	}
	if next, ok, err := nextReview(ctx, r.Env, r.Tx, r.Room); err != nil {
		return bot.Reply{}, err
	} else if ok {
		text += "\n" + r.Lang.Say("tools.next_review", "When", r.Time(next))
	}
	return bot.Text(text), nil
}

// registerText words the register in l.
func registerText(ctx context.Context, l *words.Lang, q store.Querier, room bot.Room, prefix string) (string, error) {
	tools, err := register(ctx, l, q, room)
	if err != nil {
		return "", err
	}
	if len(tools) == 0 {
		return l.Say("tools.register.empty", "Command", prefix+"tool add"), nil
	}
	lines := []string{l.Say("tools.register.title")}
	for _, t := range tools {
		lines = append(lines, "• "+l.Say("tools.register.line", "Name", t.Name, "Controller", t.Controller))
	}
	return strings.Join(lines, "\n"), nil
}

// nextReview is the due time of the room's scheduled review, if there is one.
func nextReview(ctx context.Context, env *commands.Env, q store.Querier, room bot.Room) (time.Time, bool, error) {
	jobs, err := schedule.Pending(ctx, q, room, jobReview)
	if err != nil || len(jobs) == 0 {
		return time.Time{}, false, err
	}
	return jobs[0].Due, true, nil
}

func (f *toolsFeature) runReview(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	if len(r.Args.Words) == 0 {
		return f.openReview(ctx, r)
	}
	switch strings.ToLower(r.Args.Words[0]) {
	case "off":
		if len(r.Args.Words) != 1 {
			return bot.Reply{}, commands.Usagef("")
		}
		if err := schedule.Cancel(ctx, r.Tx, r.Room, jobReview, ""); err != nil {
			return bot.Reply{}, err
		}
		return bot.Text(r.Lang.Say("tools.review.off")), nil
	case "every", "cron":
		return scheduleReview(ctx, r)
	}
	return bot.Reply{}, commands.Usagef("%s", r.Lang.Say("tools.usage.review"))
}

// scheduleReview sets (or replaces) the room's recurring review.
func scheduleReview(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	l := r.Lang
	rec, err := facts.ReadSchedule(l, r.Config.Limits, r.Args.Raw, r.At, r.Loc, l.Say("tools.often"), "every year on 1 mar 19:00")
	if err != nil {
		return bot.Reply{}, err
	}
	next := rec.Next(r.At, r.Loc)
	err = store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		_, err := schedule.Replace(ctx, tx, schedule.Job{Room: r.Room, Kind: jobReview, Due: next, Spec: rec.String(), Timezone: r.Loc.String(),
			Title: schedule.Titled("tools.job")})
		return err
	})
	if err != nil {
		return bot.Reply{}, err
	}
	return bot.Text(l.Say("tools.review.scheduled", "Schedule", rec.DescribeIn(l), "Zone", r.Loc.String(), "First", r.Time(next))), nil
}

// The options of a review vote, in this order (choice keys "1", "2", "3"): keep, replace
// and drop. Their labels are in the room's language when the vote opens; the verdict is
// read from the keys.
var reviewKeys = []struct{ key, verdict string }{{"1", "keep"}, {"2", "replace"}, {"3", "drop"}}

// reviewOptions are a review vote's options, labelled in l (tools.option.keep, …).
func reviewOptions(l *words.Lang) []vote.Option {
	out := make([]vote.Option, len(reviewKeys))
	for i, k := range reviewKeys {
		out[i] = vote.Option{Key: k.key, Label: l.Say("tools.option." + k.verdict)}
	}
	return out
}

// reviewRules are a review vote's rules: one choice among keep, replace and drop.
func reviewRules(l *words.Lang) vote.Rules {
	return vote.Rules{Kind: vote.Choice, Options: reviewOptions(l), MaxChoices: 1}
}

// reviewQuestion is the question of a tool's review vote.
func reviewQuestion(l *words.Lang, t tool.Tool) string {
	return l.Say("tools.question", "Name", phrase.Clip(t.Name, tool.MaxName), "Controller", phrase.Clip(t.Controller, 80))
}

// reviewer opens the review's votes, and adds the tasks they decide.
func reviewer(l *words.Lang) bot.Member {
	return bot.Member{ID: "folkmoot", Name: l.Say("tools.reviewer")}
}

// reviewVote is the vote on one tool.
func reviewVote(l *words.Lang, room bot.Room, t tool.Tool) hooks.LinkedVote {
	return hooks.LinkedVote{Room: room, Opener: reviewer(l), Question: reviewQuestion(l, t), Rules: reviewRules(l),
		Link: hooks.VoteLink{Kind: linkTool, ID: tool.Key(t.Name)}}
}

// runReviewJob opens the review when it is due: the register, and a vote per tool opened in
// the job's transaction, so the votes exist exactly when the notice says so.
func (f *toolsFeature) runReviewJob(ctx context.Context, env *commands.Env, tx *sql.Tx, job schedule.Job) error {
	p, l := env.Config.CommandPrefix, env.RoomLang(ctx, tx, job.Room)
	text, err := registerText(ctx, l, tx, job.Room, p)
	if err != nil {
		return err
	}
	tools, err := register(ctx, l, tx, job.Room)
	if err != nil {
		return err
	}
	lines := []string{l.Say("tools.review.due"), text}
	if len(tools) > 0 {
		lines = append(lines, l.Say("tools.review.head"))
	}
	openVote := f.openVote(env)
	for _, t := range tools {
		_, announcement, err := openVote(ctx, tx, reviewVote(l, job.Room, t), env.Now())
		if err != nil {
			msg, ok := roomText(err)
			if !ok {
				return err
			}
			announcement = l.Say("tools.review.failed", "Name", t.Name, "Problem", msg)
		}
		lines = append(lines, announcement)
	}
	lines = append(lines, l.Say("tools.review.missing", "Command", p+"tool add"))
	return store.PutReply(ctx, tx, job.Room, bot.Notice(strings.Join(lines, "\n")))
}

// openReview opens a vote on each tool on the register: keep, replace or drop.
func (f *toolsFeature) openReview(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	l := r.Lang
	tools, err := register(ctx, l, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	if len(tools) == 0 {
		return bot.Reply{}, refuse(l.Say("tools.review.empty", "Command", r.Prefix()+"tool add"))
	}
	var out []string
	openVote := f.openVote(r.Env)
	for _, t := range tools {
		lv := reviewVote(l, r.Room, t)
		lv.Opener = r.Sender
		// Each vote in its own transaction: one that cannot open leaves the others open.
		var announcement string
		err := store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
			var err error
			_, announcement, err = openVote(ctx, tx, lv, r.At)
			return err
		})
		if err != nil {
			msg, ok := roomText(err)
			if !ok {
				return bot.Reply{}, err
			}
			out = append(out, l.Say("tools.review.failed", "Name", t.Name, "Problem", msg))
			continue
		}
		out = append(out, announcement)
	}
	return bot.Text(l.Say("tools.review.head") + "\n" + strings.Join(out, "\n")), nil
}

// roomText is a room-safe error's text, false for an internal error.
func roomText(err error) (string, bool) {
	var safe commands.RoomSafe
	var ue *commands.UserError
	switch {
	case errors.As(err, &ue):
		return ue.Msg, true
	case errors.As(err, &safe):
		return safe.Error(), true
	}
	return "", false
}

// onReviewClosed records the outcome of a review vote, in the vote's closing transaction and
// the room's language l: a tool the room voted to replace or drop becomes an open task to do
// so; a vote without a decision (nobody voted, a tie) leaves the tool as it is, and says so.
// Review votes opened before the choice (majority yes/no) still close: "no" means replace or
// drop.
func onReviewClosed(ctx context.Context, l *words.Lang, tx *sql.Tx, c hooks.VoteClosed, addTask hooks.AddTask) error {
	voteID := strconv.Itoa(c.Vote.Number)
	verdict := reviewVerdict(c.Vote)
	if verdict == "keep" {
		return nil // kept: the result posted by the votes feature says so
	}
	name := c.Link.ID
	for _, t := range mustTools(ctx, l, tx, c.Room) {
		if tool.Key(t.Name) == c.Link.ID {
			name = t.Name
		}
	}
	p := c.Prefix
	if verdict == "" {
		text := l.Say("tools.undecided", "Name", name, "Command", p+"tools review")
		return store.PutReply(ctx, tx, c.Room, bot.Notice(text))
	}
	// tools.task.replace, tools.task.drop, tools.task.replace_or_drop and the same under
	// tools.decided
	key := strings.ReplaceAll(verdict, " ", "_")
	t, err := addTask(ctx, tx, c.Room, task.Draft{
		Text:      l.Say("tools.task."+key, "Name", name, "Vote", voteID),
		CreatedBy: reviewer(l), Source: "vote " + voteID,
	}, c.At)
	if err != nil {
		return err
	}
	text := l.Say("tools.decided."+key, "Name", name, "Number", t.Number, "Text", t.Text, "Command", p+"task take "+strconv.Itoa(t.Number))
	return store.PutReply(ctx, tx, c.Room, bot.Notice(text))
}

// reviewVerdict reads a closed review vote: "keep", "replace", "drop", "replace or drop" (a
// majority vote said no), or "" for no decision. A choice is read from its option's key,
// whatever language its label was in.
func reviewVerdict(v vote.Vote) string {
	switch v.Outcome {
	case vote.Passed:
		return "keep"
	case vote.Rejected:
		return "replace or drop"
	case vote.Decided:
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
	}
	return ""
}

// mustTools is the register, or nothing when it cannot be read (the task then names the key).
func mustTools(ctx context.Context, l *words.Lang, q store.Querier, room bot.Room) []tool.Tool {
	ts, _ := register(ctx, l, q, room)
	return ts
}

// refuse is a room-safe error whose text is already worded.
func refuse(text string) error { return commands.Userf("%s", text) }
