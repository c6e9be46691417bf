// Package rules puts a room's rules in its members' hands: !rules shows every rule with who
// set it, when and by which vote; !rules propose puts a change to a vote under the current
// rules; !rules by-vote on makes votes the only way to change them, and a facilitator's
// emergency change (!rules set) then stands only if a confirming vote passes. The rules
// themselves belong to the features (feature.Rule); this feature keeps their history.
package rules

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"strconv"
	"strings"
	"time"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/facts"
	"folkmoot/feature"
	"folkmoot/hooks"
	"folkmoot/minutes"
	"folkmoot/phrase"
	"folkmoot/store"
	"folkmoot/vote"
	"folkmoot/words"
)

// wording is what rules says, its commands' help among it, in every shipped language.
//
//go:embed lang/*.yaml
var wording embed.FS

func init() { words.Add(wording) }

// migrations are this feature's schema steps, numbered in the store's one sequence.
//
//go:embed migrations/*.sql
var migrations embed.FS

// Section is the help section of the rules commands.
const Section = "Rules"

// Link kinds of the votes this feature opens: a proposal, and the confirmation of an
// emergency change.
const (
	linkProposal = "rule"
	linkConfirm  = "rule-confirm"
)

// ruleByVote is this feature's own rule: whether the others change only by vote.
const ruleByVote = "by-vote"

// maxValue keeps a proposed value to a line.
const maxValue = 100

// Feature is the room's rules. all lists every feature (their rules); openVote opens the
// votes that decide changes; give Links to the votes feature, so that their close applies them.
func Feature(all func() []feature.Feature, openVote func(*commands.Env) hooks.OpenVote) feature.Feature {
	f := &rulesFeature{all: all, openVote: openVote}
	facilitator := commands.Guard{Level: commands.FacilitatorLevel}
	return feature.Feature{
		Name:       "rules",
		Migrations: migrations,
		Commands: []*commands.Command{{
			Name:    "rules",
			Section: Section,
			Subcommands: []*commands.Command{
				{Name: "propose", NeedsIdentity: true, Run: f.runPropose},
				{Name: "set", Guard: facilitator, NeedsIdentity: true, Run: f.runSet},
				{Name: "by-vote", Guard: facilitator, NeedsIdentity: true, Run: f.runByVote},
				{Name: "review", Guard: facilitator, Run: f.runReview},
			},
			Run: f.runList,
		}},
		// A review long overdue after an outage is reported missed; the next one comes as scheduled.
		Jobs:       []feature.Job{{Name: jobReview, Run: f.runReviewJob}},
		Rules:      []feature.Rule{byVoteRule},
		RuleKeeper: f.keep,
	}
}

type rulesFeature struct {
	all      func() []feature.Feature
	openVote func(*commands.Env) hooks.OpenVote
}

// byVoteRule is whether the room changes its rules only by vote.
var byVoteRule = feature.Rule{
	Key: ruleByVote, Title: "rules.rule.by_vote",
	Read: func(ctx context.Context, _ *commands.Env, q store.Querier, room bot.Room, _ *words.Lang) (string, error) {
		on, err := byVote(ctx, q, room)
		return map[bool]string{true: "on", false: "off"}[on], err
	},
	Set: func(ctx context.Context, _ *commands.Env, tx *sql.Tx, room bot.Room, l *words.Lang, value string, _ time.Time) error {
		switch strings.ToLower(value) {
		case "on":
			return setByVote(ctx, tx, room, true)
		case "off":
			return setByVote(ctx, tx, room, false)
		}
		return commands.Userf("%s", l.Say("rules.by_vote.usage"))
	},
	Default: func(*commands.Env) string { return "off" },
}

// registry lists every rule of every feature, in the features' order.
func registry(all []feature.Feature) []feature.Rule {
	var out []feature.Rule
	for _, f := range all {
		out = append(out, f.Rules...)
	}
	return out
}

// find finds a rule by its key, or answers with the rules there are.
func (f *rulesFeature) find(l *words.Lang, prefix, typed string) (feature.Rule, error) {
	rules := registry(f.all())
	for _, rule := range rules {
		if strings.EqualFold(rule.Key, typed) {
			return rule, nil
		}
	}
	keys := make([]string, len(rules))
	for i, rule := range rules {
		keys[i] = rule.Key
	}
	return feature.Rule{}, commands.Userf("%s", l.Say("rules.unknown", "Typed", phrase.Clip(typed, 30), "Rules", strings.Join(keys, ", "), "Command", prefix+"rules"))
}

// runList shows every rule with its value and where it comes from.
func (f *rulesFeature) runList(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	l := r.Lang
	if len(r.Args.Words) > 0 {
		return bot.Reply{}, commands.Usagef("%s", l.Say("rules.usage")) // a subcommand mistyped
	}
	changes, err := latest(ctx, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	book, err := facts.LoadRoster(ctx, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	on, err := byVote(ctx, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	proposals, err := openProposals(ctx, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	lines := []string{l.Say("rules.list.title")}
	for _, rule := range registry(f.all()) {
		value, err := rule.Read(ctx, r.Env, r.Tx, r.Room, l)
		if err != nil {
			return bot.Reply{}, err
		}
		line := l.Say("rules.list.line", "Rule", rule.Key, "Title", l.Say(rule.Title), "Value", value, "From", provenance(r, rule, changes, book))
		if p, ok := proposals[rule.Key]; ok {
			line += " " + l.Say("rules.list.proposed", "Vote", p.Vote, "Value", p.Value, "By", book.Name(p.By))
		}
		lines = append(lines, line)
	}
	if on {
		lines = append(lines, l.Say("rules.list.by_vote", "Propose", r.Prefix()+"rules propose", "Set", r.Prefix()+"rules set"))
	} else {
		lines = append(lines, l.Say("rules.list.not_by_vote", "Propose", r.Prefix()+"rules propose", "ByVote", r.Prefix()+"rules by-vote on"))
	}
	return bot.Text(strings.Join(lines, "\n")), nil
}

// provenance says where a rule's value comes from: the configuration, a vote, a member's
// command or emergency change, or the default.
func provenance(r *commands.Request, rule feature.Rule, changes map[string]change, book facts.Roster) string {
	l := r.Lang
	c, ok := changes[rule.Key]
	switch {
	case rule.Set == nil && rule.Command != "":
		return l.Say("rules.from.command_only", "Command", r.Prefix()+rule.Command)
	case rule.Set == nil:
		return l.Say("rules.from.configuration")
	case !ok:
		return l.Say("rules.from.default")
	case c.How == howVote:
		return l.Say("rules.from.vote", "Vote", c.Vote, "When", r.Time(c.At), "By", book.Name(c.By))
	case c.How == howEmergency && c.State == pending:
		return l.Say("rules.from.emergency_pending", "By", book.Name(c.By), "When", r.Time(c.At), "Vote", c.Vote, "Previous", c.Previous)
	case c.How == howEmergency:
		return l.Say("rules.from.emergency_confirmed", "By", book.Name(c.By), "When", r.Time(c.At), "Vote", c.Vote)
	}
	return l.Say("rules.from.command", "By", book.Name(c.By), "When", r.Time(c.At))
}

// ruleAndValue reads "<rule> <value>" and checks the rule can be changed here.
func (f *rulesFeature) ruleAndValue(r *commands.Request) (feature.Rule, string, error) {
	l := r.Lang
	if len(r.Args.Words) < 2 {
		return feature.Rule{}, "", commands.Usagef("%s", l.Say("rules.usage"))
	}
	rule, err := f.find(l, r.Prefix(), r.Args.Words[0])
	if err != nil {
		return rule, "", err
	}
	value := strings.Join(strings.Fields(r.Args.Rest(1)), " ")
	switch {
	case rule.Set == nil && rule.Command != "":
		return rule, "", commands.Userf("%s", l.Say("rules.command_only", "Rule", rule.Key, "Command", r.Prefix()+rule.Command))
	case rule.Set == nil:
		return rule, "", commands.Userf("%s", l.Say("rules.configuration", "Rule", rule.Key))
	case len([]rune(value)) > maxValue:
		return rule, "", commands.Userf("%s", l.Say("rules.value_too_long", "Max", maxValue))
	}
	return rule, bot.Inert(value), nil
}

// errTried undoes a trial of a value: Set ran in a step of its own, which is rolled back.
var errTried = errors.New("tried")

// try checks that a rule takes a value, changing nothing: the value the rule reads after it,
// or the room-safe reason it was refused.
func try(ctx context.Context, r *commands.Request, rule feature.Rule, value string) (string, error) {
	var canonical string
	err := store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		if err := rule.Set(ctx, r.Env, tx, r.Room, r.Lang, value, r.At); err != nil {
			return err
		}
		v, err := rule.Read(ctx, r.Env, tx, r.Room, r.Lang)
		if err != nil {
			return err
		}
		canonical = v
		return errTried
	})
	if errors.Is(err, errTried) {
		return canonical, nil
	}
	return "", err
}

// runPropose puts a change of a rule to a vote under the room's current rules.
func (f *rulesFeature) runPropose(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	rule, value, err := f.ruleAndValue(r)
	if err != nil {
		return bot.Reply{}, err
	}
	return f.propose(ctx, r, rule, value)
}

// propose opens the vote on changing a rule to a value.
func (f *rulesFeature) propose(ctx context.Context, r *commands.Request, rule feature.Rule, value string) (bot.Reply, error) {
	l := r.Lang
	current, err := rule.Read(ctx, r.Env, r.Tx, r.Room, l)
	if err != nil {
		return bot.Reply{}, err
	}
	canonical, err := try(ctx, r, rule, value)
	if err != nil {
		return bot.Reply{}, err
	}
	if canonical == current {
		return bot.Reply{}, commands.Userf("%s", l.Say("rules.propose.same", "Rule", rule.Key, "Value", current))
	}
	if open, ok, err := openProposal(ctx, r.Tx, r.Room, rule.Key); err != nil || ok {
		if err == nil {
			err = commands.Userf("%s", l.Say("rules.propose.open", "Rule", rule.Key, "Vote", open.Vote, "Value", open.Value))
		}
		return bot.Reply{}, err
	}
	var announcement string
	err = store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		id, err := addProposal(ctx, tx, r.Room, proposal{Rule: rule.Key, Value: value, By: r.Sender.ID}, r.At)
		if err != nil {
			return err
		}
		var v vote.Vote
		question := l.Say("rules.propose.question", "Rule", rule.Key, "From", current, "To", canonical)
		if v, announcement, err = f.putToVote(ctx, r, tx, linkProposal, id, question); err != nil {
			return err
		}
		return setProposalVote(ctx, tx, id, v.Number)
	})
	if err != nil {
		return bot.Reply{}, err
	}
	return bot.Text(l.Say("rules.propose.opened", "Member", r.Sender.Display(), "Rule", rule.Key, "From", current, "To", canonical) + "\n" + announcement), nil
}

// putToVote opens, in tx, the vote a proposal or an emergency change (link kind, its ID) is
// decided by: under the room's current rules, its quorum and default kind.
func (f *rulesFeature) putToVote(ctx context.Context, r *commands.Request, tx *sql.Tx, kind string, id int64, question string) (vote.Vote, string, error) {
	quorum, err := f.roomQuorum(ctx, r)
	if err != nil {
		return vote.Vote{}, "", err
	}
	return f.openVote(r.Env)(ctx, tx, hooks.LinkedVote{Room: r.Room, Opener: r.Sender, Question: question,
		Link: hooks.VoteLink{Kind: kind, ID: strconv.FormatInt(id, 10)}, Rules: vote.Rules{Quorum: quorum}}, r.At)
}

// roomQuorum is the quorum of the room's votes, read through its rule when one is declared:
// a proposal is decided under the current rules.
func (f *rulesFeature) roomQuorum(ctx context.Context, r *commands.Request) (vote.Quorum, error) {
	for _, rule := range registry(f.all()) {
		if rule.Key != "quorum" {
			continue
		}
		typed, err := rule.Read(ctx, r.Env, r.Tx, r.Room, r.Lang)
		if err != nil || typed == "" || typed == "off" {
			return vote.Quorum{}, err
		}
		q, err := vote.ParseQuorum(r.Lang, typed)
		if err != nil {
			return vote.Quorum{}, nil // a quorum this release reads no more: none
		}
		return q, nil
	}
	return vote.Quorum{}, nil
}

// runSet changes a rule directly (facilitator-level). While the room changes its rules by
// vote, it is an emergency change: it takes effect, is marked, and is put to a confirming
// vote at once; it lapses if that vote does not pass.
func (f *rulesFeature) runSet(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	rule, value, err := f.ruleAndValue(r)
	if err != nil {
		return bot.Reply{}, err
	}
	on, err := byVote(ctx, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	if rule.Key == ruleByVote && on {
		// Turning votes off is decided by a vote, never by an emergency.
		return f.propose(ctx, r, rule, value)
	}
	return f.set(ctx, r, rule, value, on)
}

// set changes a rule now and records it; emergency marks it and opens its confirming vote.
func (f *rulesFeature) set(ctx context.Context, r *commands.Request, rule feature.Rule, value string, emergency bool) (bot.Reply, error) {
	l := r.Lang
	previous, err := rule.Read(ctx, r.Env, r.Tx, r.Room, l)
	if err != nil {
		return bot.Reply{}, err
	}
	var now, announcement string
	var v vote.Vote
	err = store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		if err := rule.Set(ctx, r.Env, tx, r.Room, l, value, r.At); err != nil {
			return err
		}
		if now, err = rule.Read(ctx, r.Env, tx, r.Room, l); err != nil {
			return err
		}
		if now == previous {
			return commands.Userf("%s", l.Say("rules.propose.same", "Rule", rule.Key, "Value", now))
		}
		c := change{Rule: rule.Key, Value: now, Previous: previous, How: howCommand, By: r.Sender.ID, At: r.At, State: inForce}
		if !emergency {
			_, err := record(ctx, tx, r.Room, c)
			return err
		}
		c.How, c.State = howEmergency, pending
		id, err := record(ctx, tx, r.Room, c)
		if err != nil {
			return err
		}
		question := l.Say("rules.set.question", "Rule", rule.Key, "Value", now, "Previous", previous)
		if v, announcement, err = f.putToVote(ctx, r, tx, linkConfirm, id, question); err != nil {
			return err
		}
		return setChangeVote(ctx, tx, id, v.Number)
	})
	if err != nil {
		return bot.Reply{}, err
	}
	r.Log().Info().Str("rule", rule.Key).Bool("emergency", emergency).Msg("rule changed")
	if !emergency {
		return bot.Text(l.Say("rules.set.done", "Rule", rule.Key, "Value", now, "Previous", previous)), nil
	}
	return bot.Text(l.Say("rules.set.emergency", "Member", r.Sender.Display(), "Rule", rule.Key, "Value", now, "Previous", previous,
		"Vote", v.Number) + "\n" + announcement), nil
}

// runByVote turns rules by vote on (directly) or off (by a vote, once on).
func (f *rulesFeature) runByVote(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	l := r.Lang
	if len(r.Args.Words) != 1 {
		return bot.Reply{}, commands.Usagef("%s", l.Say("rules.by_vote.usage"))
	}
	want := strings.ToLower(r.Args.Words[0])
	if want != "on" && want != "off" {
		return bot.Reply{}, commands.Usagef("%s", l.Say("rules.by_vote.usage"))
	}
	on, err := byVote(ctx, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	switch {
	case on == (want == "on"):
		if on {
			return bot.Text(l.Say("rules.by_vote.already_on")), nil
		}
		return bot.Text(l.Say("rules.by_vote.already_off")), nil
	case on:
		return f.propose(ctx, r, byVoteRule, want)
	}
	if _, err := f.set(ctx, r, byVoteRule, want, false); err != nil {
		return bot.Reply{}, err
	}
	return bot.Text(l.Say("rules.by_vote.on", "Propose", r.Prefix()+"rules propose", "Set", r.Prefix()+"rules set")), nil
}

// keep runs a command that changes a rule: refused while the room changes its rules by vote,
// else run, and the change recorded with who made it.
func (f *rulesFeature) keep(ctx context.Context, r *commands.Request, run func() (bot.Reply, error)) (bot.Reply, error) {
	if len(r.Args.Words)+len(r.Args.Flags) == 0 {
		return run() // it only shows
	}
	on, err := byVote(ctx, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	if on {
		return bot.Reply{}, commands.Userf("%s", r.Lang.Say("rules.keep.by_vote", "Propose", r.Prefix()+"rules propose", "Set", r.Prefix()+"rules set",
			"Rules", strings.Join(r.Command.Rules, ", ")))
	}
	var rules []feature.Rule
	for _, rule := range registry(f.all()) {
		for _, key := range r.Command.Rules {
			if rule.Key == key {
				rules = append(rules, rule)
			}
		}
	}
	before := make([]string, len(rules))
	for i, rule := range rules {
		if before[i], err = rule.Read(ctx, r.Env, r.Tx, r.Room, r.Lang); err != nil {
			return bot.Reply{}, err
		}
	}
	reply, err := run()
	if err != nil {
		return reply, err
	}
	for i, rule := range rules {
		after, err := rule.Read(ctx, r.Env, r.Tx, r.Room, r.Lang)
		if err != nil {
			return bot.Reply{}, err
		}
		if after == before[i] {
			continue
		}
		c := change{Rule: rule.Key, Value: after, Previous: before[i], How: howCommand, By: r.Sender.ID, At: r.At, State: inForce}
		if _, err := record(ctx, r.Tx, r.Room, c); err != nil {
			return bot.Reply{}, err
		}
	}
	return reply, nil
}

// ChangesBetween lists, worded in l, the changes of a room's rules made in [from, to], for
// the minutes and digests: each with how it was made, and an emergency change with what
// became of it.
func ChangesBetween(ctx context.Context, q store.Querier, l *words.Lang, room bot.Room, from, to time.Time) ([]minutes.RuleChange, error) {
	changes, err := changesBetween(ctx, q, room, from, to)
	if err != nil || len(changes) == 0 {
		return nil, err
	}
	book, err := facts.LoadRoster(ctx, q, room)
	if err != nil {
		return nil, err
	}
	out := make([]minutes.RuleChange, len(changes))
	for i, c := range changes {
		how := l.Say("rules.how.command", "By", book.Name(c.By))
		switch {
		case c.How == howVote:
			how = l.Say("rules.how.vote", "Vote", c.Vote)
		case c.How == howEmergency && c.State == pending:
			how = l.Say("rules.how.emergency_pending", "By", book.Name(c.By), "Vote", c.Vote)
		case c.How == howEmergency && c.State == lapsed:
			how = l.Say("rules.how.emergency_lapsed", "By", book.Name(c.By), "Vote", c.Vote)
		case c.How == howEmergency:
			how = l.Say("rules.how.emergency_confirmed", "By", book.Name(c.By), "Vote", c.Vote)
		}
		out[i] = minutes.RuleChange{Rule: c.Rule, Previous: c.Previous, Value: c.Value, How: how, At: c.At}
	}
	return out, nil
}

// Links are what the votes feature does, with its environment, when a vote this feature
// opened closes: a passed proposal takes effect; a failed confirmation undoes an emergency
// change.
func Links(env *commands.Env, all func() []feature.Feature) map[string]hooks.LinkHandler {
	find := func(key string) (feature.Rule, bool) {
		for _, rule := range registry(all()) {
			if rule.Key == key {
				return rule, true
			}
		}
		return feature.Rule{}, false
	}
	return map[string]hooks.LinkHandler{
		linkProposal: func(ctx context.Context, tx *sql.Tx, c hooks.VoteClosed) error {
			return onProposalClosed(ctx, env, tx, c, find)
		},
		linkConfirm: func(ctx context.Context, tx *sql.Tx, c hooks.VoteClosed) error {
			return onConfirmationClosed(ctx, env, tx, c, find)
		},
		linkReview: func(ctx context.Context, tx *sql.Tx, c hooks.VoteClosed) error {
			return onReviewClosed(ctx, env, tx, c, find)
		},
	}
}

// onProposalClosed applies a proposal whose vote passed, recorded with the vote, or tells the
// room the rule stays.
func onProposalClosed(ctx context.Context, env *commands.Env, tx *sql.Tx, c hooks.VoteClosed, find func(string) (feature.Rule, bool)) error {
	id, err := strconv.ParseInt(c.Link.ID, 10, 64)
	if err != nil {
		return err
	}
	p, ok, err := openProposalByID(ctx, tx, c.Room, id)
	if err != nil || !ok {
		return err
	}
	l := env.RoomLang(ctx, tx, c.Room)
	rule, known := find(p.Rule)
	if c.Vote.Outcome != vote.Passed || !known {
		if err := closeProposal(ctx, tx, p.ID, "failed"); err != nil {
			return err
		}
		current := ""
		if known {
			if current, err = rule.Read(ctx, env, tx, c.Room, l); err != nil {
				return err
			}
		}
		return store.PutReply(ctx, tx, c.Room, bot.Notice(l.Say("rules.propose.failed", "Vote", c.Vote.Number, "Rule", p.Rule, "Value", current)))
	}
	previous, err := rule.Read(ctx, env, tx, c.Room, l)
	if err != nil {
		return err
	}
	err = store.Step(ctx, tx, func(tx *sql.Tx) error { return rule.Set(ctx, env, tx, c.Room, l, p.Value, c.At) })
	var safe commands.RoomSafe
	if errors.As(err, &safe) {
		// The value no longer fits (the room changed meanwhile): the room is told why.
		if err := closeProposal(ctx, tx, p.ID, "failed"); err != nil {
			return err
		}
		return store.PutReply(ctx, tx, c.Room, bot.Notice(l.Say("rules.propose.no_longer", "Vote", c.Vote.Number, "Rule", p.Rule, "Why", safe.Error())))
	}
	if err != nil {
		return err
	}
	now, err := rule.Read(ctx, env, tx, c.Room, l)
	if err != nil {
		return err
	}
	if _, err := record(ctx, tx, c.Room, change{Rule: p.Rule, Value: now, Previous: previous, How: howVote, By: p.By, At: c.At, Vote: c.Vote.Number, State: inForce}); err != nil {
		return err
	}
	if err := closeProposal(ctx, tx, p.ID, "passed"); err != nil {
		return err
	}
	return store.PutReply(ctx, tx, c.Room, bot.Notice(l.Say("rules.propose.passed", "Vote", c.Vote.Number, "Rule", p.Rule, "Value", now, "Previous", previous)))
}

// onConfirmationClosed confirms an emergency change, or lets it lapse: the rule goes back
// to its value before it.
func onConfirmationClosed(ctx context.Context, env *commands.Env, tx *sql.Tx, c hooks.VoteClosed, find func(string) (feature.Rule, bool)) error {
	id, err := strconv.ParseInt(c.Link.ID, 10, 64)
	if err != nil {
		return err
	}
	ch, err := changeWithID(ctx, tx, c.Room, id)
	if err != nil || ch.State != pending {
		return err
	}
	l := env.RoomLang(ctx, tx, c.Room)
	if c.Vote.Outcome == vote.Passed {
		if err := settle(ctx, tx, ch.ID, inForce, c.Vote.Number); err != nil {
			return err
		}
		return store.PutReply(ctx, tx, c.Room, bot.Notice(l.Say("rules.set.confirmed", "Vote", c.Vote.Number, "Rule", ch.Rule, "Value", ch.Value)))
	}
	if rule, ok := find(ch.Rule); ok {
		// Only the emergency's own value goes back: a change made since stands.
		if now, err := rule.Read(ctx, env, tx, c.Room, l); err != nil || now != ch.Value {
			if err == nil {
				err = settle(ctx, tx, ch.ID, lapsed, c.Vote.Number)
			}
			return err
		}
		if err := rule.Set(ctx, env, tx, c.Room, l, ch.Previous, c.At); err != nil {
			return err
		}
	}
	if err := settle(ctx, tx, ch.ID, lapsed, c.Vote.Number); err != nil {
		return err
	}
	return store.PutReply(ctx, tx, c.Room, bot.Notice(l.Say("rules.set.lapsed", "Vote", c.Vote.Number, "Rule", ch.Rule, "Value", ch.Value, "Previous", ch.Previous)))
}
