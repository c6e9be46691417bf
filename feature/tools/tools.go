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
	"fmt"
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
	"folkmoot/timeparse"
	"folkmoot/tool"
	"folkmoot/vote"
)

// Section is the help section of these commands.
const Section = "Digital tools"

// Job kind of the scheduled review, and the link kind of its votes (the ID is the tool's key).
const (
	jobReview = "tools.review"
	linkTool  = "tool"
)

// self is folkmoot's own entry, listed until removed.
var self = tool.Tool{Name: "folkmoot", Controller: "whoever hosts this bot (free software: the assembly can run its own)"}

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
		return onReviewClosed(ctx, tx, c, addTask)
	}}
}

var facilitators = commands.Guard{Level: commands.FacilitatorLevel}

var cmdTool = &commands.Command{
	Name:     "tool",
	Section:  Section,
	Synopsis: "add <name> — <who controls it> | remove <name>",
	Help:     "Adds a digital tool the assembly depends on to the register, saying who controls it, or removes one.",
	Examples: []string{"tool add Matrix homeserver — our co-op", "tool add mailing list — a company abroad", "tool remove mailing list"},
	Who:      "anyone adds; facilitator-level removes",
	Subcommands: []*commands.Command{
		{Name: "add", Synopsis: "<name> — <who controls it>", Help: "Adds a tool, or says anew who controls it.",
			Examples: []string{"tool add Matrix homeserver — our co-op", "tool add mailing list — a company abroad"}, Run: runAdd},
		{Name: "remove", Synopsis: "<name>", Help: "Takes a tool off the register.", Examples: []string{"tool remove mailing list"},
			Guard: facilitators, Run: runRemove},
	},
	Run: func(context.Context, *commands.Request) (bot.Reply, error) {
		return bot.Reply{}, commands.Usagef("say add or remove")
	},
}

// toolsCommand is !tools: the register, and its review.
func (f *toolsFeature) toolsCommand() *commands.Command {
	return &commands.Command{
		Name:     "tools",
		Section:  Section,
		Synopsis: "[review [every <schedule> | off]]",
		Help: "Lists the digital tools the assembly depends on and who controls them. “review” opens a vote on each: keep, replace or drop " +
			"(a tool to replace or drop becomes a task); “review every …” opens the review on a schedule.",
		Examples: []string{"tools", "tools review", "tools review every year on 1 mar 10:00", "tools review every solstice 10:00"},
		Who:      "anyone lists; facilitator-level reviews",
		Subcommands: []*commands.Command{
			{Name: "review", Synopsis: "[every <schedule> | off]", Help: "Opens a vote on each tool now (keep, replace or drop), or schedules the review, or stops the schedule.",
				Examples: []string{"tools review", "tools review every year on 1 mar 10:00", "tools review off"},
				Guard:    facilitators, NeedsIdentity: true, Run: f.runReview},
		},
		Run: runList,
	}
}

// register is the room's tools, folkmoot first unless it was removed.
func register(ctx context.Context, q store.Querier, room bot.Room) ([]tool.Tool, error) {
	tools, err := listed(ctx, q, room)
	if err != nil {
		return nil, err
	}
	ours, err := known(ctx, q, room, self.Name)
	if err != nil || ours {
		return tools, err
	}
	return append([]tool.Tool{self}, tools...), nil
}

func runAdd(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	name, controller, ok := tool.ParseEntry(r.Args.Raw)
	usage := fmt.Sprintf("Say the tool, a dash and who controls it: %stool add Matrix homeserver — our co-op.", r.Prefix())
	switch {
	case !ok || name == "" || controller == "":
		return bot.Reply{}, commands.Userf("%s", usage)
	case len([]rune(name)) > tool.MaxName:
		return bot.Reply{}, commands.Userf("Please keep a tool's name under %d characters.", tool.MaxName)
	case len([]rune(controller)) > tool.MaxController:
		return bot.Reply{}, commands.Userf("Please keep who controls it under %d characters.", tool.MaxController)
	}
	t := tool.Tool{Name: name, Controller: controller, AddedBy: r.Sender.ID, AddedAt: r.At}
	if err := putTool(ctx, r.Tx, r.Room, t); err != nil {
		return bot.Reply{}, err
	}
	return bot.Text(fmt.Sprintf("On the register: %s — %s. (%stools lists them.)", name, controller, r.Prefix())), nil
}

func runRemove(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	name := strings.Join(strings.Fields(bot.Inert(r.Args.Raw)), " ")
	if name == "" {
		return bot.Reply{}, commands.Usagef("say which tool")
	}
	tools, err := register(ctx, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	for _, t := range tools {
		if tool.Key(t.Name) == tool.Key(name) {
			if _, err := removeTool(ctx, r.Tx, r.Room, t.Name, r.Sender.ID, r.At); err != nil {
				return bot.Reply{}, err
			}
			return bot.Text(fmt.Sprintf("%s is off the register.", t.Name)), nil
		}
	}
	return bot.Reply{}, commands.Userf("“%s” is not on the register (%stools lists it).", phrase.Clip(name, 60), r.Prefix())
}

func runList(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	text, err := registerText(ctx, r.Tx, r.Room, r.Prefix())
	if err != nil {
		return bot.Reply{}, err
	}
	if next, ok, err := nextReview(ctx, r.Env, r.Tx, r.Room); err != nil {
		return bot.Reply{}, err
	} else if ok {
		text += "\nNext review: " + r.Time(next) + "."
	}
	return bot.Text(text), nil
}

// registerText words the register.
func registerText(ctx context.Context, q store.Querier, room bot.Room, prefix string) (string, error) {
	tools, err := register(ctx, q, room)
	if err != nil {
		return "", err
	}
	if len(tools) == 0 {
		return fmt.Sprintf("The register of digital tools is empty. Add one with %stool add <name> — <who controls it>.", prefix), nil
	}
	lines := []string{"Digital tools this assembly depends on, and who controls them:"}
	for _, t := range tools {
		lines = append(lines, fmt.Sprintf("• %s — %s", t.Name, t.Controller))
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
		return bot.Text("The digital tools are no longer reviewed on a schedule."), nil
	case "every", "cron":
		return scheduleReview(ctx, r)
	}
	return bot.Reply{}, commands.Usagef("say nothing to review now, every <schedule>, or off")
}

// scheduleReview sets (or replaces) the room's recurring review.
func scheduleReview(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	rec, err := timeparse.ParseEvery(r.Lang, r.Args.Raw, r.At, r.Loc)
	if err != nil {
		return bot.Reply{}, err
	}
	if err := facts.TooOften(r.Config.Limits, r.At, rec, "a review", "every year on 1 mar 19:00"); err != nil {
		return bot.Reply{}, err
	}
	next := rec.Next(r.At, r.Loc)
	err = store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		if err := schedule.Cancel(ctx, tx, r.Room, jobReview, ""); err != nil {
			return err
		}
		_, err := schedule.Add(ctx, tx, schedule.Job{Room: r.Room, Kind: jobReview, Due: next, Spec: rec.String(), Timezone: r.Loc.String(),
			Title: "review of the digital tools"})
		return err
	})
	if err != nil {
		return bot.Reply{}, err
	}
	return bot.Text(fmt.Sprintf("The digital tools will be reviewed %s (%s time), first %s: the register is posted then, with a vote on each tool (keep, replace or drop).",
		rec.Describe(), r.Loc, r.Time(next))), nil
}

// The options of a review vote, in this order (choice keys "1", "2", "3").
var reviewOptions = []vote.Option{{Key: "1", Label: "keep"}, {Key: "2", Label: "replace"}, {Key: "3", Label: "drop"}}

// reviewRules are a review vote's rules: one choice among keep, replace and drop.
func reviewRules() vote.Rules {
	return vote.Rules{Kind: vote.Choice, Options: reviewOptions, MaxChoices: 1}
}

// reviewQuestion is the question of a tool's review vote.
func reviewQuestion(t tool.Tool) string {
	return fmt.Sprintf("Keep, replace or drop %s (controlled by %s)?", phrase.Clip(t.Name, tool.MaxName), phrase.Clip(t.Controller, 80))
}

// reviewer opens the review's votes.
var reviewer = bot.Member{ID: "folkmoot", Name: "the tools review"}

// reviewVote is the vote on one tool.
func reviewVote(room bot.Room, t tool.Tool) hooks.LinkedVote {
	return hooks.LinkedVote{Room: room, Opener: reviewer, Question: reviewQuestion(t), Rules: reviewRules(),
		Link: hooks.VoteLink{Kind: linkTool, ID: tool.Key(t.Name)}}
}

// reviewHead opens the review's message.
const reviewHead = "Review of the digital tools: one vote per tool — keep, replace or drop. A tool to replace or drop becomes a task."

// runReviewJob opens the review when it is due: the register, and a vote per tool opened in
// the job's transaction, so the votes exist exactly when the notice says so.
func (f *toolsFeature) runReviewJob(ctx context.Context, env *commands.Env, tx *sql.Tx, job schedule.Job) error {
	p := env.Config.CommandPrefix
	text, err := registerText(ctx, tx, job.Room, p)
	if err != nil {
		return err
	}
	tools, err := register(ctx, tx, job.Room)
	if err != nil {
		return err
	}
	lines := []string{"Time to review the digital tools this assembly depends on, and to replace those that compromise its autonomy.", text}
	if len(tools) > 0 {
		lines = append(lines, reviewHead)
	}
	openVote := f.openVote(env)
	for _, t := range tools {
		_, announcement, err := openVote(ctx, tx, reviewVote(job.Room, t), env.Now())
		if err != nil {
			msg, ok := roomText(err)
			if !ok {
				return err
			}
			announcement = fmt.Sprintf("%s: %s", t.Name, msg)
		}
		lines = append(lines, announcement)
	}
	lines = append(lines, fmt.Sprintf("Add what is missing with %stool add <name> — <who controls it>.", p))
	return store.PutReply(ctx, tx, job.Room, bot.Notice(strings.Join(lines, "\n")))
}

// openReview opens a vote on each tool on the register: keep, replace or drop.
func (f *toolsFeature) openReview(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	tools, err := register(ctx, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	if len(tools) == 0 {
		return bot.Reply{}, commands.Userf("The register is empty: add the tools first with %stool add <name> — <who controls it>.", r.Prefix())
	}
	var out []string
	openVote := f.openVote(r.Env)
	for _, t := range tools {
		lv := reviewVote(r.Room, t)
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
			out = append(out, fmt.Sprintf("%s: %s", t.Name, msg))
			continue
		}
		out = append(out, announcement)
	}
	return bot.Text(reviewHead + "\n" + strings.Join(out, "\n")), nil
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

// onReviewClosed records the outcome of a review vote, in the vote's closing transaction: a
// tool the room voted to replace or drop becomes an open task to do so; a vote without a
// decision (nobody voted, a tie) leaves the tool as it is, and says so. Review votes opened
// before the choice (majority yes/no) still close: "no" means replace or drop.
func onReviewClosed(ctx context.Context, tx *sql.Tx, c hooks.VoteClosed, addTask hooks.AddTask) error {
	voteID := strconv.Itoa(c.Vote.Number)
	verdict := reviewVerdict(c.Vote)
	if verdict == "keep" {
		return nil // kept: the result posted by the votes feature says so
	}
	name := c.Link.ID
	for _, t := range mustTools(ctx, tx, c.Room) {
		if tool.Key(t.Name) == c.Link.ID {
			name = t.Name
		}
	}
	p := c.Prefix
	if verdict == "" {
		text := fmt.Sprintf("No decision on keeping %s: it stays on the register until the next review (%stools review opens one now).", name, p)
		return store.PutReply(ctx, tx, c.Room, bot.Notice(text))
	}
	what := map[string]string{"replace": "Replace", "drop": "Drop", "replace or drop": "Replace or drop"}[verdict]
	t, err := addTask(ctx, tx, c.Room, task.Draft{
		Text:      fmt.Sprintf("%s %s (review vote #%s)", what, name, voteID),
		CreatedBy: reviewer, Source: "vote " + voteID,
	}, c.At)
	if err != nil {
		return err
	}
	text := fmt.Sprintf("The room voted to %s %s: task #%d “%s” is open for whoever takes it (%stask take %d).",
		verdict, name, t.Number, t.Text, p, t.Number)
	return store.PutReply(ctx, tx, c.Room, bot.Notice(text))
}

// reviewVerdict reads a closed review vote: "keep", "replace", "drop", "replace or drop" (a
// majority vote said no), or "" for no decision.
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
				top, winner = c.N, c.Label
			}
		}
		return winner
	}
	return ""
}

// mustTools is the register, or nothing when it cannot be read (the task then names the key).
func mustTools(ctx context.Context, q store.Querier, room bot.Room) []tool.Tool {
	ts, _ := register(ctx, q, room)
	return ts
}
