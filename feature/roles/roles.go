// Package roles is rotating roles: a room's roles, the pool of members each one rotates
// through, away times, rotation by hand and on a schedule, consent (decline, swap), and
// history. rotate.go chooses and records, pool.go is the pool, consent.go declines and swaps,
// show.go shows roles, reasons and history, admin.go changes roles.
package roles

import (
	"context"
	"strings"
	"unicode"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/facts"
	"folkmoot/feature"
	"folkmoot/mandate"
	"folkmoot/phrase"
	"folkmoot/rotation"
	"folkmoot/store"
)

// SectionRoles is the help section of the role commands.
const SectionRoles = "Roles"

// Scheduled job kinds of roles.
const (
	jobRoleRotate  = "role.rotate"  // a scheduled rotation; Ref and Spec are the schedule
	jobRoleConsent = "role.consent" // the end of a chosen member's time to decline; Ref is the term
)

// facilitatorRole is the role whose holders are facilitator-level.
const facilitatorRole = "facilitator"

var cmdRoles = &commands.Command{
	Name:     "roles",
	Section:  SectionRoles,
	Help:     "Shows each role's holders and since when, who is next in line, the next scheduled rotation, the pool and who is away.",
	Examples: []string{"roles"},
	Run:      runRoles,
}

var cmdRole = &commands.Command{
	Name:     "role",
	Section:  SectionRoles,
	Synopsis: "add <name> [every <schedule>] [--seats N] | remove <name> | every <name> <schedule>|off",
	Help: "Adds a role (rotated by hand, or on a schedule), removes one (its history stays), or sets or stops its scheduled rotation. " +
		"Without arguments it shows the roles.",
	Examples: []string{"role add kitchen every 2 weeks on tue 19:00", "role every facilitator every monday 19:00",
		"role add cook --seats 2", "role every notetaker off", "role remove mediator"},
	Flags:            []commands.Flag{{Name: "seats", Help: "how many members hold the role at once (default 1)."}},
	Guard:            commands.Guard{Level: commands.FacilitatorLevel},
	ShowsWithoutArgs: true,
	Run:              runRole,
}

var cmdJoin = &commands.Command{
	Name:          "join",
	Section:       SectionRoles,
	Synopsis:      "[<role> ...]",
	Help:          "Puts you in the pool a role rotates through; without a role, in every role's pool.",
	Examples:      []string{"join", "join notetaker timekeeper"},
	NeedsIdentity: true,
	Run:           runJoin,
}

var cmdLeave = &commands.Command{
	Name:          "leave",
	Section:       SectionRoles,
	Synopsis:      "[<role> ...]",
	Help:          "Takes you out of a role's pool (without a role, out of all); a role you hold now stays yours until it rotates.",
	Examples:      []string{"leave mediator", "leave"},
	NeedsIdentity: true,
	Run:           runLeave,
}

var cmdAway = &commands.Command{
	Name:          "away",
	Section:       SectionRoles,
	Synopsis:      "until <when> [reason]",
	Help:          "Marks you away until a time: you are never chosen while away, and your turn waits for you.",
	Examples:      []string{"away until 12 dec visiting family", "away until sunday", "away for 2 weeks"},
	NeedsIdentity: true,
	Run:           runAway,
}

var cmdBack = &commands.Command{
	Name:          "back",
	Section:       SectionRoles,
	Help:          "Ends your away time now.",
	Examples:      []string{"back"},
	NeedsIdentity: true,
	Run:           runBack,
}

var cmdRotate = &commands.Command{
	Name:     "rotate",
	Section:  SectionRoles,
	Synopsis: "[<role> ...]",
	Help:     "Rotates roles now (without a role: every role of the room) and announces the new holders and who is next in line.",
	Examples: []string{"rotate", "rotate facilitator"},
	Guard:    commands.Guard{Level: commands.FacilitatorLevel},
	Run:      runRotate,
}

var cmdWhy = &commands.Command{
	Name:     "why",
	Section:  SectionRoles,
	Synopsis: "[<role>]",
	Help:     "Explains why the role's holder was chosen; without a role, how the rotation chooses.",
	Examples: []string{"why facilitator", "why"},
	Run:      runWhy,
}

var cmdDecline = &commands.Command{
	Name:          "decline",
	Section:       SectionRoles,
	Synopsis:      "[<role>|swap] [reason]",
	Help:          "Declines a role you were just chosen for (the next in line is asked instead), or a swap offered to you.",
	Examples:      []string{"decline I'm travelling that week", "decline notetaker", "decline swap"},
	NeedsIdentity: true,
	Run:           runDecline,
}

var cmdSwap = &commands.Command{
	Name:          "swap",
	Section:       SectionRoles,
	Synopsis:      "<role> <member>",
	Help:          "Offers your seat of a role to another member, who takes it over by answering accept (or turns it down with decline).",
	Examples:      []string{"swap facilitator bo"},
	NeedsIdentity: true,
	Run:           runSwap,
}

var cmdAccept = &commands.Command{
	Name:          "accept",
	Section:       SectionRoles,
	Synopsis:      "[<role>]",
	Help:          "Accepts a swap offered to you: the role is yours from now.",
	Examples:      []string{"accept"},
	NeedsIdentity: true,
	Run:           runAccept,
}

// historyCommand is !history, which tells the mandates beside the delegate terms.
func (h Hooks) historyCommand() *commands.Command {
	return &commands.Command{
		Name:     "history",
		Section:  SectionRoles,
		Synopsis: "[<role>]",
		Help:     "Lists who held which role and when, latest first; `delegate` lists past mandates.",
		Examples: []string{"history facilitator", "history delegate", "history"},
		Run:      h.runHistory,
	}
}

// Hooks are what roles reads of the other features; the app wires them, and each may be nil.
type Hooks struct {
	// Mandates lists a room's mandates, by number: each is a term of the delegate role, and
	// !history tells the mandate beside its term.
	Mandates func(ctx context.Context, q store.Querier, room bot.Room) ([]mandate.Mandate, error)
}

// Feature is rotating roles: the role commands, scheduled rotations and consent windows,
// and the roles' !status lines, with the other features' hooks.
func Feature(h Hooks) feature.Feature {
	return feature.Feature{
		Config:   configSection(),
		Name:     "roles",
		Commands: []*commands.Command{cmdRoles, cmdRole, cmdJoin, cmdLeave, cmdAway, cmdBack, cmdRotate, cmdWhy, cmdDecline, cmdSwap, cmdAccept, h.historyCommand()},
		Jobs: []feature.Job{
			// A rotation far too late is reported as missed; the next one comes on schedule.
			{Name: jobRoleRotate, Run: runRotateJob},
			// Closing a consent window only records that the term stands: never harmful late.
			{Name: jobRoleConsent, AlwaysFire: true, Run: runConsentJob},
		},
		Status: statusRoles,
	}
}

// roleKey is how a typed role name is compared: case, dashes, underscores and a plural "s"
// do not matter, so "Note-takers" finds "notetaker".
func roleKey(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.Map(func(r rune) rune {
		if r == '-' || r == '_' || unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
	return strings.TrimSuffix(s, "s")
}

// findRole finds the room's role a person means.
func findRole(roles []rotation.Role, typed string) (rotation.Role, bool) {
	for _, r := range roles {
		if strings.EqualFold(r.Name, typed) {
			return r, true
		}
	}
	for _, r := range roles {
		if roleKey(r.Name) == roleKey(typed) {
			return r, true
		}
	}
	return rotation.Role{}, false
}

// resolveRoles finds every typed role, or answers with the first unknown one and the list
// of the room's roles.
func resolveRoles(r *commands.Request, roles []rotation.Role, typed []string) ([]rotation.Role, error) {
	var out []rotation.Role
	for _, t := range typed {
		role, ok := findRole(roles, t)
		if !ok {
			return nil, unknownRole(r, roles, t)
		}
		if !containsRole(out, role.Name) {
			out = append(out, role)
		}
	}
	return out, nil
}

// unknownRole answers a role name the room does not have with the ones it has.
func unknownRole(r *commands.Request, roles []rotation.Role, typed string) error {
	if len(roles) == 0 {
		return commands.Userf("This room has no roles; the facilitator-level can add one with %srole add <name>.", r.Config.CommandPrefix)
	}
	return commands.Userf("I don't know a role “%s” in this room. Roles here: %s.", phrase.Clip(typed, 30), roleNames(roles))
}

// roleNames lists roles by name: "facilitator, notetaker".
func roleNames(roles []rotation.Role) string {
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = r.Name
	}
	return strings.Join(names, ", ")
}

func containsRole(roles []rotation.Role, name string) bool {
	for _, r := range roles {
		if r.Name == name {
			return true
		}
	}
	return false
}

// statusRoles is !status's view of the roles: holders, next rotation, away, mandates.
func statusRoles(ctx context.Context, r *commands.Request) ([]string, error) {
	book, err := facts.LoadRoster(ctx, r.Tx, r.Room)
	if err != nil {
		return nil, err
	}
	var lines []string
	if line, err := statusHolders(ctx, r, book); err != nil || line != "" {
		if err != nil {
			return nil, err
		}
		lines = append(lines, line)
	}
	away, err := AwayAt(ctx, r.Tx, r.Room, r.At)
	if err != nil {
		return nil, err
	}
	if len(away) > 0 {
		lines = append(lines, "• Away: "+awayList(away, book, r))
	}
	return lines, nil
}

// statusHolders is one line with every role's holders and the next scheduled rotation.
func statusHolders(ctx context.Context, r *commands.Request, book facts.Roster) (string, error) {
	roles, err := Roles(ctx, r.Tx, r.Room)
	if err != nil || len(roles) == 0 {
		return "", err
	}
	terms, err := CurrentTerms(ctx, r.Tx, r.Room)
	if err != nil {
		return "", err
	}
	parts := make([]string, len(roles))
	for i, role := range roles {
		who := "nobody"
		if holders := holdersOf(terms, role.Name); len(holders) > 0 {
			who = book.Names(holders)
		}
		parts[i] = role.Name + " " + who
	}
	line := "• Roles: " + strings.Join(parts, " · ")
	next, ok, err := nextRotation(ctx, r.Env, r.Tx, r.Room, "")
	if ok {
		line += "; next rotation " + r.Time(next)
	}
	return line, err
}

// holdersOf lists the members holding a role in a set of current terms.
func holdersOf(terms []rotation.Term, role string) []string {
	var ids []string
	for _, t := range terms {
		if t.Role == role {
			ids = append(ids, t.Member)
		}
	}
	return ids
}
