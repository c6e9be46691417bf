// Package mandates is delegates' mandates: given with a scope and an end, reminded before it, dissolved by
// themselves at the end, ended early by the delegate or the facilitator-level, or recalled
// by a vote of the room. Each mandate is also a term of the delegate role, for !history.
// jobs.go holds the scheduled end and reminders and the recall's outcome.
package mandates

import (
	"context"
	"database/sql"
	"errors"
	"slices"
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
	"folkmoot/words"
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
func Feature(openVote func(*commands.Env) hooks.OpenVote, h Hooks) feature.Feature {
	cmdRecall := &commands.Command{ // its help is in the catalog (help.recall)
		Name:          "recall",
		Section:       SectionMandates,
		NeedsIdentity: true,
		Run: func(ctx context.Context, r *commands.Request) (bot.Reply, error) {
			return runRecall(ctx, r, openVote(r.Env))
		},
	}
	return feature.Feature{
		Config:       configSection(),
		Migrations:   migrations,
		Name:         "mandates",
		PersonalData: personalData,
		Commands:     []*commands.Command{h.mandateCommand(), cmdMandates, cmdRecall, cmdDelegates},
		Jobs: []feature.Job{
			// A mandate must end however late; the handler skips one that ended already.
			{Name: jobMandateEnd, AlwaysFire: true, Run: h.runMandateEndJob},
			// A late reminder still helps while the mandate runs; the handler skips it otherwise.
			{Name: jobMandateRemind, AlwaysFire: true, Run: runMandateRemindJob},
		},
		Status: statusMandates,
	}
}

// Hooks are what mandates reads of the councils an assembly belongs to, to give a delegate
// a mandate toward one and to tell them; each may be nil.
type Hooks struct {
	// Councils lists the councils an assembly is linked to.
	Councils func(ctx context.Context, q store.Querier, assembly bot.Room) ([]bot.Room, error)
	// Tell tells each council of an assembly something, in each council's language.
	Tell func(env *commands.Env) hooks.TellRooms
	// Standing tells the council's open votes of delegates that a delegate's standing toward
	// it begins or ends, inside the mandate's transaction.
	Standing func(ctx context.Context, tx *sql.Tx, council bot.Room, delegate bot.Member, standing bool, at time.Time) error
}

// RecallLinks are what the votes feature does, with its environment, when a recall vote
// closes.
func (h Hooks) RecallLinks(env *commands.Env) map[string]hooks.LinkHandler {
	return map[string]hooks.LinkHandler{linkMandate: func(ctx context.Context, tx *sql.Tx, c hooks.VoteClosed) error {
		return h.onRecallClosed(ctx, env, tx, c)
	}}
}

// toFlag is --to <council>: a delegate's mandate toward a council of the assembly.
var toFlag = []commands.Flag{{Name: "to"}}

// linkMandate is the link kind of a recall vote.
const linkMandate = "mandate"

// The mandate commands' help is in the catalog (help.mandate, help.mandate end, help.mandate _,
// help.mandates), with the section's title (help.section.mandates).

// mandateCommand declares !mandate, with the hooks its handlers read.
func (h Hooks) mandateCommand() *commands.Command {
	return &commands.Command{
		Name:    "mandate",
		Section: SectionMandates,
		Flags:   toFlag,
		Subcommands: []*commands.Command{
			{Name: "end", Guard: commands.Guard{Owners: delegateOf, Refusal: endRefusal}, Run: h.runMandateEnd},
			{Name: "", Guard: commands.Guard{Level: commands.FacilitatorLevel, Refusal: giveRefusal}, Flags: toFlag, Run: h.runMandateGive},
		},
		Run: func(_ context.Context, r *commands.Request) (bot.Reply, error) {
			return bot.Reply{}, commands.Usagef("%s", r.Lang.Say("mandates.give.usage"))
		},
	}
}

var cmdMandates = &commands.Command{
	Name:    "mandates",
	Section: SectionMandates,
	Run:     runMandates,
}

// delegateOf is the delegate of the mandate the first word names, who may end it early.
func delegateOf(ctx context.Context, r *commands.Request) ([]string, error) {
	if len(r.Args.Words) != 1 {
		return nil, commands.Usagef("%s", r.Lang.Say("mandates.which"))
	}
	m, err := findMandate(ctx, r, r.Args.Words[0])
	if err != nil {
		return nil, err
	}
	r.Subject = m
	return []string{m.Member.ID}, nil
}

// giveRefusal answers a member who may not give a mandate, naming who may.
func giveRefusal(r *commands.Request, facilitators []bot.Member) string {
	if len(facilitators) == 0 {
		return r.Lang.Say("mandates.give.refused")
	}
	return r.Lang.Say("mandates.give.refused_named", "Facilitators", memberNames(r.Lang, facilitators))
}

// endRefusal answers a member who may not end the mandate, naming who may.
func endRefusal(r *commands.Request, facilitators []bot.Member) string {
	m, _ := r.Subject.(mandate.Mandate)
	if len(facilitators) == 0 {
		return r.Lang.Say("mandates.end.refused", "Delegate", m.Member.Display(), "Number", m.Number)
	}
	return r.Lang.Say("mandates.end.refused_named", "Delegate", m.Member.Display(), "Facilitators", memberNames(r.Lang, facilitators), "Number", m.Number)
}

// memberNames shows members joined as in the room's language: "ana, bo".
func memberNames(l *words.Lang, ms []bot.Member) string {
	names := make([]string, len(ms))
	for i, m := range ms {
		names[i] = m.Display()
	}
	return strings.Join(names, l.Say("phrase.list.comma"))
}

func (h Hooks) runMandateGive(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	members, err := facts.LoadDirectory(ctx, r.Tx, r.Transport, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	who, scope, when, err := mandateArgs(r.Lang, r.Args, members.NameLength(r.Args.Words))
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
	if typed, ok := r.Args.Flags["to"]; ok {
		if m.Council, err = h.councilOf(ctx, r, typed); err != nil {
			return bot.Reply{}, err
		}
	}
	err = store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		if err := createMandate(ctx, tx, r.Room, &m); err != nil {
			return err
		}
		if err := scheduleMandateJobs(ctx, r.Env, tx, r.Lang, r.Room, m, r.At); err != nil {
			return err
		}
		if err := h.standing(ctx, tx, m, true, r.At); err != nil {
			return err
		}
		return h.tellCouncils(ctx, r.Env, tx, r.Room, func(l *words.Lang, council bot.Room) string {
			until := timeparse.Format(l, m.Ends, r.At, r.Env.Location(ctx, tx, council))
			if m.Council == council {
				return l.Say("mandates.council.delegate", "Assembly", bot.Inert(r.Room.ID), "Member", delegate.Display(), "Scope", m.Scope, "Until", until)
			}
			return l.Say("mandates.council.given", "Assembly", bot.Inert(r.Room.ID), "Member", delegate.Display(), "Scope", m.Scope, "Until", until)
		})
	})
	if err != nil {
		return bot.Reply{}, err
	}
	r.Log().Info().Int("mandate", m.Number).Str("delegate", delegate.ID).Msg("mandate given")
	p := r.Prefix()
	text := r.Lang.Say("mandates.give.given", "Number", m.Number, "Member", delegate.Display(), "Scope", m.Scope, "Until", r.Time(ends))
	if reminders := reminderText(r.Lang, settings(r.Config).RemindBefore, ends, r.At); reminders != "" {
		text += " " + reminders
	}
	if m.Council != (bot.Room{}) {
		text += " " + r.Lang.Say("mandates.give.to", "Member", delegate.Display(), "Council", bot.Inert(m.Council.ID))
	}
	text += " " + r.Lang.Say("mandates.give.how_to_end", "End", p+"mandate end "+strconv.Itoa(m.Number), "Recall", p+"recall "+strconv.Itoa(m.Number))
	return bot.Mentioning(text, delegate), nil
}

// councilOf reads --to: a council this assembly is linked to.
func (h Hooks) councilOf(ctx context.Context, r *commands.Request, typed string) (bot.Room, error) {
	council, ok := bot.ParseRoomAddress(typed)
	var councils []bot.Room
	if ok && h.Councils != nil {
		var err error
		if councils, err = h.Councils(ctx, r.Tx, r.Room); err != nil {
			return bot.Room{}, err
		}
	}
	if !slices.Contains(councils, council) {
		return bot.Room{}, commands.Userf("%s", r.Lang.Say("mandates.give.not_a_council", "Room", phrase.Clip(bot.Inert(typed), 60), "Command", r.Prefix()+"council"))
	}
	return council, nil
}

// tellCouncils tells the assembly's councils of a mandate given or ended, each in its own
// language (say words it for the council, knowing whether the mandate is toward it).
func (h Hooks) tellCouncils(ctx context.Context, env *commands.Env, tx *sql.Tx, assembly bot.Room, say func(l *words.Lang, council bot.Room) string) error {
	if h.Tell == nil {
		return nil
	}
	return h.Tell(env)(ctx, tx, assembly, say)
}

// standing tells the council a delegate mandate is toward, if any, that the delegate's
// standing there begins or ends.
func (h Hooks) standing(ctx context.Context, tx *sql.Tx, m mandate.Mandate, standing bool, at time.Time) error {
	if h.Standing == nil || m.Council == (bot.Room{}) {
		return nil
	}
	return h.Standing(ctx, tx, m.Council, m.Member, standing, at)
}

// endedInCouncils tells the assembly's councils that a mandate ended, and how; the council a
// delegate spoke in hears that their standing there ends.
func (h Hooks) endedInCouncils(ctx context.Context, env *commands.Env, tx *sql.Tx, assembly bot.Room, m mandate.Mandate, book facts.Roster) error {
	if err := h.standing(ctx, tx, m, false, m.EndedAt); err != nil {
		return err
	}
	return h.tellCouncils(ctx, env, tx, assembly, func(l *words.Lang, council bot.Room) string {
		how := EndWordsIn(l, m, book)
		if m.Council == council {
			return l.Say("mandates.council.delegate_ended", "Assembly", bot.Inert(assembly.ID), "Member", mandateName(book, m), "Scope", m.Scope, "How", how)
		}
		return l.Say("mandates.council.ended", "Assembly", bot.Inert(assembly.ID), "Member", mandateName(book, m), "Scope", m.Scope, "How", how)
	})
}

// cmdDelegates lists, in a council, who speaks for which assembly; its help is in the
// catalog (help.delegates).
var cmdDelegates = &commands.Command{
	Name:    "delegates",
	Section: SectionMandates,
	Run:     runDelegates,
}

func runDelegates(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	ds, err := delegatesToward(ctx, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	if len(ds) == 0 {
		return bot.Text(r.Lang.Say("mandates.delegates.none", "Command", r.Prefix()+"mandate <member> --to <council> <scope> for <how long>")), nil
	}
	lines := []string{r.Lang.Say("mandates.delegates.title")}
	for _, d := range ds {
		lines = append(lines, r.Lang.Say("mandates.delegates.line", "Member", d.Mandate.Member.Display(), "Assembly", bot.Inert(d.Assembly.ID),
			"Scope", d.Mandate.Scope, "Until", r.Time(d.Mandate.Ends)))
	}
	return bot.Text(strings.Join(lines, "\n")), nil
}

// mandateArgs splits "<member> <scope> until <when>" at the last " until ", so a scope may
// say "until" itself. The member is the first nameWords words (a name may have spaces). Its
// refusals are in l.
func mandateArgs(l *words.Lang, a commands.Args, nameWords int) (who, scope, when string, err error) {
	who, rest := strings.Join(a.Words[:nameWords], " "), a.Rest(nameWords)
	s := " " + rest
	i, sep := lastIndexFold(s, " until "), " until "
	if i < 0 {
		// "… for 2 days" or "… for 6 months" says it too, when what follows "for" is a length;
		// a length with a wrong value ("for 0 days") is answered as such, below.
		j := lastIndexFold(s, " for ")
		if j < 0 {
			return "", "", "", commands.Usagef("%s", l.Say("mandates.give.no_end"))
		}
		var perr *timeparse.Error
		if _, err := timeparse.ParseSpan(l, s[j+len(" for "):]); errors.As(err, &perr) && perr.Unread() {
			return "", "", "", commands.Usagef("%s", l.Say("mandates.give.no_end"))
		}
		i, sep = j, " "
	}
	scope = strings.Trim(strings.TrimSpace(s[:i]), `"'`)
	when = strings.TrimSpace(s[i+len(sep):])
	switch {
	case scope == "":
		return "", "", "", commands.Usagef("%s", l.Say("mandates.give.no_scope"))
	case len([]rune(scope)) > maxMandateScope:
		return "", "", "", commands.Userf("%s", l.Say("mandates.give.scope_too_long", "Max", maxMandateScope))
	case when == "":
		return "", "", "", commands.Usagef("%s", l.Say("mandates.give.no_when"))
	}
	return who, strings.Join(strings.Fields(scope), " "), when, nil
}

// scheduleMandateJobs creates a mandate's end and the reminders still ahead, with titles (shown
// by !status) in l.
func scheduleMandateJobs(ctx context.Context, env *commands.Env, tx *sql.Tx, l *words.Lang, room bot.Room, m mandate.Mandate, now time.Time) error {
	ref := strconv.FormatInt(m.ID, 10)
	title := l.Say("mandates.job.end", "Number", m.Number)
	if _, err := schedule.Add(ctx, tx, schedule.Job{Room: room, Kind: jobMandateEnd, Ref: ref, Payload: ref, Title: title, Due: m.Ends}); err != nil {
		return err
	}
	for _, d := range settings(env.Config).RemindBefore {
		at := m.Ends.Add(-d.Duration)
		if !at.After(now) {
			continue
		}
		title := l.Say("mandates.job.remind", "Number", m.Number)
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

// reminderText says in l which reminders will come: "Reminders 3 days and 1 day before the
// end." Those that would fall before now are not scheduled and not mentioned.
func reminderText(l *words.Lang, before []config.Duration, ends, now time.Time) string {
	var parts []string
	for _, d := range before {
		if ends.Add(-d.Duration).After(now) {
			parts = append(parts, phrase.Duration(l, d.Duration))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return l.Count("mandates.give.reminders", len(parts), "Spans", phrase.List(l, parts))
}

func (h Hooks) runMandateEnd(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	m, _ := r.Subject.(mandate.Mandate) // found by the guard
	if !m.Active() {
		return bot.Reply{}, commands.Userf("%s", r.Lang.Say("mandates.end.already", "Number", m.Number, "When", r.Time(m.EndedAt)))
	}
	var err error
	var book facts.Roster
	err = store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		ok, err := endMandate(ctx, tx, m, r.At, mandate.Ended, r.Sender.ID)
		if err != nil || !ok {
			if err == nil {
				err = commands.Userf("%s", r.Lang.Say("mandates.end.just_ended", "Number", m.Number))
			}
			return err
		}
		if err := cancelMandateJobs(ctx, r.Env, tx, r.Room, m); err != nil {
			return err
		}
		if book, err = facts.LoadRoster(ctx, tx, r.Room); err != nil {
			return err
		}
		m.EndedAt, m.EndReason, m.EndedBy = r.At, mandate.Ended, r.Sender.ID
		return h.endedInCouncils(ctx, r.Env, tx, r.Room, m, book)
	})
	if err != nil {
		return bot.Reply{}, err
	}
	text := r.Lang.Say("mandates.end.ended", "Number", m.Number, "Member", mandateName(book, m), "Scope", m.Scope, "By", r.Sender.Display())
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
		return bot.Text(r.Lang.Say("mandates.list.none", "Command", r.Prefix()+"mandate")), nil
	}
	book, err := facts.LoadRoster(ctx, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	l := r.Lang
	lines := []string{l.Say("mandates.list.active")}
	if len(active) == 0 {
		lines[0] = l.Say("mandates.list.none_active")
	}
	for _, m := range active {
		lines = append(lines, l.Say("mandates.list.line", "Number", m.Number, "Member", mandateName(book, m), "Scope", m.Scope,
			"Until", r.Time(m.Ends), "GivenBy", book.Name(m.GivenBy), "Given", r.Time(m.Start)))
	}
	if len(ended) > 0 {
		lines = append(lines, l.Say("mandates.list.ended"))
	}
	for _, m := range ended {
		lines = append(lines, l.Say("mandates.list.ended_line", "Number", m.Number, "Member", mandateName(book, m), "Scope", m.Scope,
			"How", EndWordsIn(l, m, book), "When", r.Time(m.EndedAt)))
	}
	return bot.Text(strings.Join(lines, "\n")), nil
}

// EndWordsIn says in l how a mandate ended, alike in the room and the minutes: "recalled by
// vote #4", "ended early by bo", or "ended" when it reached its end.
func EndWordsIn(l *words.Lang, m mandate.Mandate, book facts.Roster) string {
	switch m.EndReason {
	case mandate.Recalled:
		// A recall records the vote that decided it as "vote #4", in English: worded here.
		if n, ok := strings.CutPrefix(m.EndedBy, recallByVote); ok {
			return l.Say("mandates.how.recalled_by_vote", "Number", n)
		}
		if m.EndedBy != "" {
			return l.Say("mandates.how.recalled_by", "By", m.EndedBy)
		}
		return l.Say("mandates.how.recalled")
	case mandate.Ended:
		return l.Say("mandates.how.ended_early", "By", book.Name(m.EndedBy))
	}
	return l.Say("mandates.how.ended")
}

// recallByVote is how a recalled mandate records the vote that recalled it: "vote #4".
const recallByVote = "vote #"

// runRecall opens a majority vote on ending a mandate early, tied to it: its close ends the
// mandate (onRecallClosed) when it passes.
func runRecall(ctx context.Context, r *commands.Request, openVote hooks.OpenVote) (bot.Reply, error) {
	if len(r.Args.Words) == 0 {
		return bot.Reply{}, commands.Usagef("%s", r.Lang.Say("mandates.which"))
	}
	m, err := findMandate(ctx, r, r.Args.Words[0])
	if err != nil {
		return bot.Reply{}, err
	}
	if !m.Active() {
		return bot.Reply{}, commands.Userf("%s", r.Lang.Say("mandates.recall.ended", "Number", m.Number, "When", r.Time(m.EndedAt)))
	}
	book, err := facts.LoadRoster(ctx, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	name := mandateName(book, m)
	question := r.Lang.Say("mandates.recall.question", "Number", m.Number, "Member", name, "Scope", phrase.Clip(m.Scope, 150))
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
	text := r.Lang.Say("mandates.recall.asked", "Member", r.Sender.Display(), "Number", m.Number, "Delegate", name, "Scope", m.Scope)
	if reason := r.Args.Text(1); reason != "" {
		text = r.Lang.Say("mandates.recall.asked_because", "Member", r.Sender.Display(), "Number", m.Number, "Delegate", name,
			"Scope", m.Scope, "Reason", reason)
	}
	text += "\n" + announcement
	return bot.Mentioning(text, mandateMember(book, m)), nil
}

// findMandate loads the room's mandate with the number typed, or answers that there is none.
func findMandate(ctx context.Context, r *commands.Request, typed string) (mandate.Mandate, error) {
	n, ok := parseMandateNumber(typed)
	if !ok {
		return mandate.Mandate{}, commands.Userf("%s", r.Lang.Say("mandates.not_a_number", "Typed", phrase.Clip(typed, 30), "Command", r.Prefix()+"mandates"))
	}
	m, err := mandateByNumber(ctx, r.Tx, r.Room, n)
	if errors.Is(err, mandate.ErrNotFound) {
		return m, commands.Userf("%s", r.Lang.Say("mandates.no_such", "Number", n, "Command", r.Prefix()+"mandates"))
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
			parts[i] = r.Lang.Say("mandates.status.item", "Number", m.Number, "Member", mandateName(book, m), "Until", r.Time(m.Ends))
		}
		lines = append(lines, r.Lang.Say("mandates.status.line", "Mandates", strings.Join(parts, " · ")))
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
