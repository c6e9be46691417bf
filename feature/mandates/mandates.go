// Package mandates is delegates' mandates: given with a scope and an end, reminded before it, dissolved by
// themselves at the end, ended early by the delegate or the facilitator-level, or recalled
// by a vote of the room. Each mandate is also a term of the delegate role, for !history.
// jobs.go holds the scheduled end and reminders and the recall's outcome.
package mandates

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
	"folkmoot/config"
	"folkmoot/facts"
	"folkmoot/feature"
	"folkmoot/hooks"
	"folkmoot/mandate"
	"folkmoot/phrase"
	"folkmoot/schedule"
	"folkmoot/store"
	"folkmoot/timeparse"
	"folkmoot/vote"
)

// SectionMandates is the help section of the mandate commands.
const SectionMandates = "Mandates"

// Scheduled job kinds of mandates; Ref and Payload are the mandate's database ID.
const (
	jobMandateEnd    = "mandate.end"
	jobMandateRemind = "mandate.remind"
)

// Limits and windows of mandates.
const (
	maxMandateScope  = 200
	mandatesLookback = 90 * 24 * time.Hour // !mandates shows those ended this recently
)

// Feature is delegates' mandates, with their reminders and ends, and the recall votes whose
// passing ends them. openVote opens a recall vote with the environment of the command that
// asks for it (the votes feature's Opener); give this feature's RecallLinks to the votes
// feature, so that the vote's close ends the mandate.
func Feature(openVote func(*commands.Env) hooks.OpenVote) feature.Feature {
	cmdRecall := &commands.Command{
		Name:          "recall",
		Section:       SectionMandates,
		Synopsis:      "<id> [reason]",
		Help:          "Opens a majority vote on recalling a mandate; if it passes, the mandate ends at once.",
		Examples:      []string{"recall 2 the landlord talks were not what we agreed"},
		NeedsIdentity: true,
		Run: func(ctx context.Context, r *commands.Request) (bot.Reply, error) {
			return runRecall(ctx, r, openVote(r.Env))
		},
	}
	return feature.Feature{
		Config:   configSection(),
		Name:     "mandates",
		Commands: []*commands.Command{cmdMandate, cmdMandates, cmdRecall},
		Jobs: []feature.Job{
			// A mandate must end however late; the handler skips one that ended already.
			{Name: jobMandateEnd, AlwaysFire: true, Run: runMandateEndJob},
			// A late reminder still helps while the mandate runs; the handler skips it otherwise.
			{Name: jobMandateRemind, AlwaysFire: true, Run: runMandateRemindJob},
		},
		Status: statusMandates,
	}
}

// RecallLinks are what the votes feature does, with its environment, when a recall vote
// closes.
func RecallLinks(env *commands.Env) map[string]hooks.LinkHandler {
	return map[string]hooks.LinkHandler{linkMandate: func(ctx context.Context, tx *sql.Tx, c hooks.VoteClosed) error {
		return onRecallClosed(ctx, env, tx, c)
	}}
}

// linkMandate is the link kind of a recall vote.
const linkMandate = "mandate"

var cmdMandate = &commands.Command{
	Name:     "mandate",
	Section:  SectionMandates,
	Synopsis: "<member> <scope> until <when>|for <how long> | end <id>",
	Help: "Gives a member a delegate's mandate for a scope until a time or for a while, in calendar months and years too " +
		"(the facilitator-level only), or ends one early (its delegate or the facilitator-level). A mandate ends by itself, " +
		"with reminders before.",
	Examples: []string{"mandate bo negotiate the hall rent with the landlord until 15 dec", "mandate cy speak for us at the district council for 6 months", "mandate end 2"},
	Who:      "facilitator-level to give; the delegate or facilitator-level to end",
	Subcommands: []*commands.Command{
		{Name: "end", Synopsis: "<id>", Help: "Ends a mandate early.", Examples: []string{"mandate end 2"},
			Who:   "its delegate or facilitator-level",
			Guard: commands.Guard{Owners: delegateOf, Refusal: endRefusal}, Run: runMandateEnd},
		{Name: "", Synopsis: "<member> <scope> until <when>|for <how long>", Help: "Gives a member a delegate's mandate for a scope until a time, or for a while (3 weeks, 6 months, a year).",
			Examples: []string{"mandate bo negotiate the hall rent with the landlord until 15 dec", "mandate cy speak for us at the district council for 6 months"},
			Guard: commands.Guard{Level: commands.FacilitatorLevel, Refusal: func(_ *commands.Request, facilitators []bot.Member) string {
				return fmt.Sprintf("Only %s, room admins or bot admins may give a mandate.", facts.FacilitatorsText(facilitators))
			}}, Run: runMandateGive},
	},
	Run: func(context.Context, *commands.Request) (bot.Reply, error) {
		return bot.Reply{}, commands.Usagef("say who, for what, and until when")
	},
}

var cmdMandates = &commands.Command{
	Name:     "mandates",
	Section:  SectionMandates,
	Help:     "Lists the active mandates and those that ended in the last 90 days.",
	Examples: []string{"mandates"},
	Run:      runMandates,
}

// delegateOf is the delegate of the mandate the first word names, who may end it early.
func delegateOf(ctx context.Context, r *commands.Request) ([]string, error) {
	if len(r.Args.Words) != 1 {
		return nil, commands.Usagef("say which mandate, by its number")
	}
	m, err := findMandate(ctx, r, r.Args.Words[0])
	if err != nil {
		return nil, err
	}
	r.Subject = m
	return []string{m.Member.ID}, nil
}

func endRefusal(r *commands.Request, facilitators []bot.Member) string {
	m, _ := r.Subject.(mandate.Mandate)
	return fmt.Sprintf("Only the delegate (%s), %s, room admins or bot admins may end mandate #%d.",
		m.Member.Display(), facts.FacilitatorsText(facilitators), m.Number)
}

func runMandateGive(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	members, err := facts.LoadDirectory(ctx, r.Tx, r.Transport, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	who, scope, when, err := mandateArgs(r.Args, members.NameLength(r.Args.Words))
	if err != nil {
		return bot.Reply{}, err
	}
	delegate, err := members.Resolve(who)
	if err != nil {
		return bot.Reply{}, err
	}
	ends, err := timeparse.ParseUntil(r.Lang, when, r.At, r.Loc)
	if err != nil {
		return bot.Reply{}, err
	}
	m := mandate.Mandate{Member: delegate, Scope: scope, GivenBy: r.Sender.ID, Start: r.At, Ends: ends}
	err = store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		if err := createMandate(ctx, tx, r.Room, &m); err != nil {
			return err
		}
		return scheduleMandateJobs(ctx, r.Env, tx, r.Room, m, r.At)
	})
	if err != nil {
		return bot.Reply{}, err
	}
	r.Log().Info().Int("mandate", m.Number).Str("delegate", delegate.ID).Msg("mandate given")
	p := r.Config.CommandPrefix
	text := fmt.Sprintf("Mandate #%d: %s is delegate for “%s” until %s.", m.Number, delegate.Display(), m.Scope, r.Time(ends))
	if reminders := reminderText(settings(r.Config).RemindBefore, ends, r.At); reminders != "" {
		text += " " + reminders
	}
	text += fmt.Sprintf(" It ends early with %smandate end %d; any member can ask to recall it with %srecall %d.", p, m.Number, p, m.Number)
	return bot.Mentioning(text, delegate), nil
}

// mandateArgs splits "<member> <scope> until <when>" at the last " until ", so a scope may
// say "until" itself. The member is the first nameWords words (a name may have spaces).
func mandateArgs(a commands.Args, nameWords int) (who, scope, when string, err error) {
	who, rest := strings.Join(a.Words[:nameWords], " "), a.Rest(nameWords)
	s := " " + rest
	i, sep := lastIndexFold(s, " until "), " until "
	if i < 0 {
		// "… for 2 days" or "… for 6 months" says it too, when what follows "for" is a length;
		// a length with a wrong value ("for 0 days") is answered as such, below.
		j := lastIndexFold(s, " for ")
		if j < 0 {
			return "", "", "", commands.Usagef("say until when the mandate runs, ending with “until <when>” or “for <how long>”")
		}
		var perr *timeparse.Error
		if _, err := timeparse.ParseSpan(nil, s[j+len(" for "):]); errors.As(err, &perr) && perr.Unread() {
			return "", "", "", commands.Usagef("say until when the mandate runs, ending with “until <when>” or “for <how long>”")
		}
		i, sep = j, " "
	}
	scope = strings.Trim(strings.TrimSpace(s[:i]), `"'`)
	when = strings.TrimSpace(s[i+len(sep):])
	switch {
	case scope == "":
		return "", "", "", commands.Usagef("say what the mandate is for")
	case len([]rune(scope)) > maxMandateScope:
		return "", "", "", commands.Userf("Please keep the scope under %d characters; details can go in the discussion.", maxMandateScope)
	case when == "":
		return "", "", "", commands.Usagef("say until when the mandate runs")
	}
	return who, strings.Join(strings.Fields(scope), " "), when, nil
}

// scheduleMandateJobs creates a mandate's end and the reminders still ahead.
func scheduleMandateJobs(ctx context.Context, env *commands.Env, tx *sql.Tx, room bot.Room, m mandate.Mandate, now time.Time) error {
	ref := strconv.FormatInt(m.ID, 10)
	title := fmt.Sprintf("end of mandate #%d", m.Number)
	if _, err := schedule.Add(ctx, tx, schedule.Job{Room: room, Kind: jobMandateEnd, Ref: ref, Payload: ref, Title: title, Due: m.Ends}); err != nil {
		return err
	}
	for _, d := range settings(env.Config).RemindBefore {
		at := m.Ends.Add(-d.Duration)
		if !at.After(now) {
			continue
		}
		title := fmt.Sprintf("reminder of mandate #%d", m.Number)
		if _, err := schedule.Add(ctx, tx, schedule.Job{Room: room, Kind: jobMandateRemind, Ref: ref, Payload: ref, Title: title, Due: at}); err != nil {
			return err
		}
	}
	return nil
}

// cancelMandateJobs cancels a mandate's pending end and reminders, once it has ended.
func cancelMandateJobs(ctx context.Context, env *commands.Env, tx *sql.Tx, room bot.Room, m mandate.Mandate) error {
	ref := strconv.FormatInt(m.ID, 10)
	if err := schedule.Cancel(ctx, tx, room, jobMandateEnd, ref); err != nil {
		return err
	}
	return schedule.Cancel(ctx, tx, room, jobMandateRemind, ref)
}

// reminderText says which reminders will come: "Reminders 3 days and 1 day before the end."
// Those that would fall before now are not scheduled and not mentioned.
func reminderText(before []config.Duration, ends, now time.Time) string {
	var parts []string
	for _, d := range before {
		if ends.Add(-d.Duration).After(now) {
			parts = append(parts, phrase.Duration(nil, d.Duration))
		}
	}
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return "A reminder " + parts[0] + " before the end."
	}
	return "Reminders " + strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1] + " before the end."
}

func runMandateEnd(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	m, _ := r.Subject.(mandate.Mandate) // found by the guard
	if !m.Active() {
		return bot.Reply{}, commands.Userf("Mandate #%d already ended %s.", m.Number, r.Time(m.EndedAt))
	}
	var err error
	var book facts.Roster
	err = store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		ok, err := endMandate(ctx, tx, m, r.At, mandate.Ended, r.Sender.ID)
		if err != nil || !ok {
			if err == nil {
				err = commands.Userf("Mandate #%d has just ended.", m.Number)
			}
			return err
		}
		if err := cancelMandateJobs(ctx, r.Env, tx, r.Room, m); err != nil {
			return err
		}
		book, err = facts.LoadRoster(ctx, tx, r.Room)
		return err
	})
	if err != nil {
		return bot.Reply{}, err
	}
	text := fmt.Sprintf("The mandate #%d of %s for “%s” has ended, early, by %s.", m.Number, mandateName(book, m), m.Scope, r.Sender.Display())
	reply := bot.Text(text)
	if r.Sender.ID != m.Member.ID {
		reply.Mentions = []bot.Member{mandateMember(book, m)}
	}
	return reply, nil
}

func runMandates(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	active, err := Active(ctx, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	ended, err := endedSince(ctx, r.Tx, r.Room, r.At.Add(-mandatesLookback))
	if err != nil {
		return bot.Reply{}, err
	}
	if len(active)+len(ended) == 0 {
		return bot.Text(fmt.Sprintf("No mandate is active, and none ended in the last 90 days. The facilitator-level gives one with %smandate <member> <scope> until <when>.",
			r.Config.CommandPrefix)), nil
	}
	book, err := facts.LoadRoster(ctx, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	var lines []string
	if len(active) == 0 {
		lines = append(lines, "No mandate is active.")
	} else {
		lines = append(lines, "Active mandates:")
	}
	for _, m := range active {
		lines = append(lines, fmt.Sprintf("• #%d %s: “%s”, until %s (given by %s %s)", m.Number, mandateName(book, m), m.Scope,
			r.Time(m.Ends), book.Name(m.GivenBy), r.Time(m.Start)))
	}
	if len(ended) > 0 {
		lines = append(lines, "Ended in the last 90 days:")
	}
	for _, m := range ended {
		lines = append(lines, fmt.Sprintf("• #%d %s: “%s”, %s on %s", m.Number, mandateName(book, m), m.Scope,
			EndWords(m, book), r.Time(m.EndedAt)))
	}
	return bot.Text(strings.Join(lines, "\n")), nil
}

// EndWords says how a mandate ended, alike in the room and the minutes: "recalled by vote
// #4", "ended early by bo", or "ended" when it reached its end.
func EndWords(m mandate.Mandate, book facts.Roster) string {
	switch m.EndReason {
	case mandate.Recalled:
		if m.EndedBy != "" {
			return "recalled by " + m.EndedBy
		}
		return "recalled"
	case mandate.Ended:
		return "ended early by " + book.Name(m.EndedBy)
	}
	return "ended"
}

// runRecall opens a majority vote on ending a mandate early, tied to it: its close ends the
// mandate (onRecallClosed) when it passes.
func runRecall(ctx context.Context, r *commands.Request, openVote hooks.OpenVote) (bot.Reply, error) {
	if len(r.Args.Words) == 0 {
		return bot.Reply{}, commands.Usagef("say which mandate, by its number")
	}
	m, err := findMandate(ctx, r, r.Args.Words[0])
	if err != nil {
		return bot.Reply{}, err
	}
	if !m.Active() {
		return bot.Reply{}, commands.Userf("Mandate #%d already ended %s; there is nothing to recall.", m.Number, r.Time(m.EndedAt))
	}
	book, err := facts.LoadRoster(ctx, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	name := mandateName(book, m)
	question := fmt.Sprintf("Recall mandate #%d of %s (“%s”)?", m.Number, name, phrase.Clip(m.Scope, 150))
	var announcement string
	err = store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		var err error
		_, announcement, err = openVote(ctx, tx, hooks.LinkedVote{Room: r.Room, Opener: r.Sender, Question: question,
			Link:  hooks.VoteLink{Kind: linkMandate, ID: strconv.FormatInt(m.ID, 10)},
			Rules: vote.Rules{Kind: vote.Majority, Quorum: recallQuorum(r)}}, r.At)
		return err
	})
	if err != nil {
		return bot.Reply{}, err
	}
	text := fmt.Sprintf("%s asks to recall the mandate #%d of %s for “%s”", r.Sender.Display(), m.Number, name, m.Scope)
	if reason := r.Args.Text(1); reason != "" {
		text += ": " + reason
	}
	text += ". If the vote passes, the mandate ends at once.\n" + announcement
	return bot.Mentioning(text, mandateMember(book, m)), nil
}

// findMandate loads the room's mandate with the number typed, or answers that there is none.
func findMandate(ctx context.Context, r *commands.Request, typed string) (mandate.Mandate, error) {
	n, ok := parseMandateNumber(typed)
	if !ok {
		return mandate.Mandate{}, commands.Userf("“%s” is not a mandate number: they are numbers, like 2 or #2 (%smandates lists them).", phrase.Clip(typed, 30), r.Config.CommandPrefix)
	}
	m, err := mandateByNumber(ctx, r.Tx, r.Room, n)
	if errors.Is(err, mandate.ErrNotFound) {
		return m, commands.Userf("There is no mandate #%d in this room (%smandates lists them).", n, r.Config.CommandPrefix)
	}
	return m, err
}

// parseMandateNumber reads "2" or "#2".
func parseMandateNumber(s string) (int, bool) {
	n, err := strconv.Atoi(strings.TrimPrefix(strings.TrimSpace(s), "#"))
	return n, err == nil && n > 0
}

// mandateMember is the delegate with the best name known.
func mandateMember(book facts.Roster, m mandate.Mandate) bot.Member {
	if b := book.Member(m.Member.ID); b.Name != "" {
		return b
	}
	return m.Member
}

// mandateName shows the delegate.
func mandateName(book facts.Roster, m mandate.Mandate) string {
	return mandateMember(book, m).Display()
}

// lastIndexFold is strings.LastIndex ignoring ASCII case; sub must be ASCII.
func lastIndexFold(s, sub string) int {
	for i := len(s) - len(sub); i >= 0; i-- {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}

// statusMandates is the mandates' !status line.
func statusMandates(ctx context.Context, r *commands.Request) ([]string, error) {
	book, err := facts.LoadRoster(ctx, r.Tx, r.Room)
	if err != nil {
		return nil, err
	}
	var lines []string
	mandates, err := Active(ctx, r.Tx, r.Room)
	if err != nil {
		return nil, err
	}
	if len(mandates) > 0 {
		parts := make([]string, len(mandates))
		for i, m := range mandates {
			parts[i] = fmt.Sprintf("#%d %s until %s", m.Number, mandateName(book, m), r.Time(m.Ends))
		}
		lines = append(lines, "• Mandates: "+strings.Join(parts, " · "))
	}
	return lines, nil
}

// recallQuorum is how many must vote on a recall (config mandates.recall_quorum, checked at
// load): a recall is the room's decision, never one member's.
func recallQuorum(r *commands.Request) vote.Quorum {
	q, err := vote.ParseQuorum(nil, settings(r.Config).RecallQuorum)
	if err != nil {
		return vote.Quorum{N: 1, Majority: true}
	}
	return q
}
