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
	"folkmoot/feature/tasks"
	"folkmoot/feature/votes"
	"folkmoot/phrase"
	"folkmoot/schedule"
	"folkmoot/store"
	"folkmoot/timeparse"
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
var self = store.Tool{Name: "folkmoot", Controller: "whoever hosts this bot (free software: the assembly can run its own)"}

// Limits of an entry.
const (
	maxName       = 60
	maxController = 120
)

// Feature is the register of digital tools and its review. Give ReviewLinks to votes.Feature.
func Feature() commands.Feature {
	return commands.Feature{
		Name:     "tools",
		Commands: []*commands.Command{cmdTool, cmdTools},
		// A review long overdue after an outage is reported missed; the next one comes as scheduled.
		Jobs: []commands.JobKind{{Name: jobReview, Run: runReviewJob}},
	}
}

// ReviewLinks are what the votes feature does when a review vote closes.
func ReviewLinks() map[string]votes.LinkHandler {
	return map[string]votes.LinkHandler{linkTool: onReviewClosed}
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

var cmdTools = &commands.Command{
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
			Guard:    facilitators, NeedsIdentity: true, Run: runReview},
	},
	Run: runList,
}

// register is the room's tools, folkmoot first unless it was removed.
func register(ctx context.Context, q store.Querier, room bot.Room) ([]store.Tool, error) {
	listed, err := store.Tools(ctx, q, room)
	if err != nil {
		return nil, err
	}
	known, err := store.ToolKnown(ctx, q, room, self.Name)
	if err != nil || known {
		return listed, err
	}
	return append([]store.Tool{self}, listed...), nil
}

func runAdd(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	name, controller, ok := splitEntry(r.Args.Raw)
	usage := fmt.Sprintf("Say the tool, a dash and who controls it: %stool add Matrix homeserver — our co-op.", r.Prefix())
	switch {
	case !ok || name == "" || controller == "":
		return bot.Reply{}, commands.Userf("%s", usage)
	case len([]rune(name)) > maxName:
		return bot.Reply{}, commands.Userf("Please keep a tool's name under %d characters.", maxName)
	case len([]rune(controller)) > maxController:
		return bot.Reply{}, commands.Userf("Please keep who controls it under %d characters.", maxController)
	}
	t := store.Tool{Name: name, Controller: controller, AddedBy: r.Sender.ID, AddedAt: r.At}
	if err := store.PutTool(ctx, r.DB, r.Room, t); err != nil {
		return bot.Reply{}, err
	}
	return bot.Text(fmt.Sprintf("On the register: %s — %s. (%stools lists them.)", name, controller, r.Prefix())), nil
}

// splitEntry splits "<name> — <controller>" at the first dash standing alone.
func splitEntry(raw string) (string, string, bool) {
	raw = strings.Join(strings.Fields(bot.Inert(raw)), " ")
	for _, sep := range []string{" — ", " – ", " -- ", " - "} {
		if name, controller, ok := strings.Cut(raw, sep); ok {
			return strings.TrimSpace(name), strings.TrimSpace(controller), true
		}
	}
	return raw, "", false
}

func runRemove(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	name := strings.Join(strings.Fields(bot.Inert(r.Args.Raw)), " ")
	if name == "" {
		return bot.Reply{}, commands.Usagef("say which tool")
	}
	listed, err := register(ctx, r.DB, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	for _, t := range listed {
		if store.ToolKey(t.Name) == store.ToolKey(name) {
			if _, err := store.RemoveTool(ctx, r.DB, r.Room, t.Name, r.Sender.ID, r.At); err != nil {
				return bot.Reply{}, err
			}
			return bot.Text(fmt.Sprintf("%s is off the register.", t.Name)), nil
		}
	}
	return bot.Reply{}, commands.Userf("“%s” is not on the register (%stools lists it).", phrase.Clip(name, 60), r.Prefix())
}

func runList(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	text, err := registerText(ctx, r.DB, r.Room, r.Prefix())
	if err != nil {
		return bot.Reply{}, err
	}
	if next, ok, err := nextReview(ctx, r.Env, r.DB, r.Room); err != nil {
		return bot.Reply{}, err
	} else if ok {
		text += "\nNext review: " + r.Time(next) + "."
	}
	return bot.Text(text), nil
}

// registerText words the register.
func registerText(ctx context.Context, q store.Querier, room bot.Room, prefix string) (string, error) {
	listed, err := register(ctx, q, room)
	if err != nil {
		return "", err
	}
	if len(listed) == 0 {
		return fmt.Sprintf("The register of digital tools is empty. Add one with %stool add <name> — <who controls it>.", prefix), nil
	}
	lines := []string{"Digital tools this assembly depends on, and who controls them:"}
	for _, t := range listed {
		lines = append(lines, fmt.Sprintf("• %s — %s", t.Name, t.Controller))
	}
	return strings.Join(lines, "\n"), nil
}

// nextReview is the due time of the room's scheduled review, if there is one.
func nextReview(ctx context.Context, env *commands.Env, q store.Querier, room bot.Room) (time.Time, bool, error) {
	jobs, err := env.Sched.Pending(ctx, q, room, jobReview)
	if err != nil || len(jobs) == 0 {
		return time.Time{}, false, err
	}
	return jobs[0].Due, true, nil
}

func runReview(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	if len(r.Args.Words) == 0 {
		return openReview(ctx, r)
	}
	switch strings.ToLower(r.Args.Words[0]) {
	case "off":
		if len(r.Args.Words) != 1 {
			return bot.Reply{}, commands.Usagef("")
		}
		if err := r.Sched.Cancel(ctx, r.DB, r.Room, jobReview, ""); err != nil {
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
	rec, err := timeparse.ParseEvery(r.Args.Raw, r.At, r.Loc)
	if err != nil {
		return bot.Reply{}, err
	}
	if err := facts.TooOften(r.Config.Limits, r.At, rec, "a review", "every year on 1 mar 19:00"); err != nil {
		return bot.Reply{}, err
	}
	next := rec.Next(r.At, r.Loc)
	err = r.DB.InTx(ctx, func(tx *sql.Tx) error {
		if err := r.Sched.Cancel(ctx, tx, r.Room, jobReview, ""); err != nil {
			return err
		}
		_, err := r.Sched.Add(ctx, tx, schedule.Job{Room: r.Room, Kind: jobReview, Due: next, Spec: rec.String(), Timezone: r.Loc.String(),
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
func reviewQuestion(t store.Tool) string {
	return fmt.Sprintf("Keep, replace or drop %s (controlled by %s)?", phrase.Clip(t.Name, maxName), phrase.Clip(t.Controller, 80))
}

// reviewHead opens the review's message.
const reviewHead = "Review of the digital tools: one vote per tool — keep, replace or drop. A tool to replace or drop becomes a task."

// runReviewJob opens the review when it is due: the register, and a vote per tool opened in
// the job's transaction, so the votes exist exactly when the notice says so.
func runReviewJob(ctx context.Context, env *commands.Env, tx *sql.Tx, job schedule.Job) error {
	p := env.Config.CommandPrefix
	text, err := registerText(ctx, tx, job.Room, p)
	if err != nil {
		return err
	}
	listed, err := register(ctx, tx, job.Room)
	if err != nil {
		return err
	}
	lines := []string{"Time to review the digital tools this assembly depends on, and to replace those that compromise its autonomy.", text}
	if len(listed) > 0 {
		lines = append(lines, reviewHead)
	}
	reviewer := bot.Member{ID: "folkmoot", Name: "the tools review"}
	for _, t := range listed {
		_, announcement, err := votes.OpenInTx(ctx, env, tx, job.Room, reviewer, reviewQuestion(t), reviewRules(),
			votes.VoteLink{Kind: linkTool, ID: store.ToolKey(t.Name)}, env.Now())
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
func openReview(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	listed, err := register(ctx, r.DB, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	if len(listed) == 0 {
		return bot.Reply{}, commands.Userf("The register is empty: add the tools first with %stool add <name> — <who controls it>.", r.Prefix())
	}
	var out []string
	for _, t := range listed {
		announcement, err := votes.OpenLinkedRules(ctx, r, reviewQuestion(t), votes.VoteLink{Kind: linkTool, ID: store.ToolKey(t.Name)}, reviewRules())
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
func onReviewClosed(ctx context.Context, env *commands.Env, tx *sql.Tx, c votes.LinkedVoteClosed) error {
	n, err := strconv.Atoi(c.VoteID)
	if err != nil {
		return fmt.Errorf("review vote %q: %w", c.VoteID, err)
	}
	v, err := store.VoteByNumber(ctx, tx, c.Room, n)
	if err != nil {
		return err
	}
	verdict := reviewVerdict(v)
	if verdict == "keep" {
		return nil // kept: the result posted by the votes feature says so
	}
	name := c.Link.ID
	for _, t := range mustTools(ctx, tx, c.Room) {
		if store.ToolKey(t.Name) == c.Link.ID {
			name = t.Name
		}
	}
	p := env.Config.CommandPrefix
	if verdict == "" {
		text := fmt.Sprintf("No decision on keeping %s: it stays on the register until the next review (%stools review opens one now).", name, p)
		return store.PutReply(ctx, tx, c.Room, bot.Notice(text))
	}
	what := map[string]string{"replace": "Replace", "drop": "Drop", "replace or drop": "Replace or drop"}[verdict]
	t, err := tasks.Add(ctx, env, tx, c.Room, tasks.NewTask{
		Text:      fmt.Sprintf("%s %s (review vote #%s)", what, name, c.VoteID),
		CreatedBy: bot.Member{ID: "folkmoot", Name: "the tools review"}, Source: "vote " + c.VoteID,
	}, env.Now())
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
func mustTools(ctx context.Context, q store.Querier, room bot.Room) []store.Tool {
	ts, _ := register(ctx, q, room)
	return ts
}
