// Package roles is rotating roles: a room's roles, the pool of members each one rotates
// through, away times, rotation by hand and on a schedule, consent (decline, swap), and
// history. rotate.go chooses and records, pool.go is the pool, consent.go declines and swaps,
// show.go shows roles, reasons and history, admin.go changes roles.
package roles

import (
	"context"
	"strings"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/facts"
	"folkmoot/feature"
	"folkmoot/mandate"
	"folkmoot/phrase"
	"folkmoot/rotation"
	"folkmoot/store"
	"folkmoot/words"
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

// The role commands' help is in the catalog (help.roles, help.role, …), with the section's
// title (help.section.roles). Those whose handlers read the hooks are declared in Feature.
var cmdJoin = &commands.Command{
	Name:          "join",
	Section:       SectionRoles,
	NeedsIdentity: true,
	Run:           runJoin,
}

var cmdLeave = &commands.Command{
	Name:          "leave",
	Section:       SectionRoles,
	NeedsIdentity: true,
	Run:           runLeave,
}

var cmdAway = &commands.Command{
	Name:          "away",
	Section:       SectionRoles,
	NeedsIdentity: true,
	Run:           runAway,
}

var cmdBack = &commands.Command{
	Name:          "back",
	Section:       SectionRoles,
	NeedsIdentity: true,
	Run:           runBack,
}

var cmdSwap = &commands.Command{
	Name:          "swap",
	Section:       SectionRoles,
	NeedsIdentity: true,
	Run:           runSwap,
}

var cmdAccept = &commands.Command{
	Name:          "accept",
	Section:       SectionRoles,
	NeedsIdentity: true,
	Run:           runAccept,
}

// Hooks are what roles reads of the other features; the app wires them, and each may be nil.
type Hooks struct {
	// Mandates lists a room's mandates, by number: each is a term of the delegate role, and
	// !history tells the mandate beside its term.
	Mandates func(ctx context.Context, q store.Querier, room bot.Room) ([]mandate.Mandate, error)
	// Groups is who is in the group a name finds, with its name as the room writes it, for a
	// role's parity; an unknown group is a room-safe answer in l. Without it no role keeps
	// parity.
	Groups func(ctx context.Context, q store.Querier, l *words.Lang, prefix string, room bot.Room, typed string) (string, []string, error)
}

// Feature is rotating roles: the role commands, scheduled rotations and consent windows,
// and the roles' !status lines, with the other features' hooks.
func Feature(h Hooks) feature.Feature {
	return feature.Feature{
		Config:       configSection(),
		Migrations:   migrations,
		Name:         "roles",
		PersonalData: personalData,
		// The commands whose handlers read the hooks are declared here, the others above.
		Commands: []*commands.Command{
			{Name: "roles", Section: SectionRoles, Run: h.runRoles},
			{Name: "role", Section: SectionRoles, Flags: []commands.Flag{{Name: "seats"}, {Name: "parity"}},
				Guard: commands.Guard{Level: commands.FacilitatorLevel}, ShowsWithoutArgs: true, Run: h.runRole},
			cmdJoin, cmdLeave, cmdAway, cmdBack,
			{Name: "rotate", Section: SectionRoles, Guard: commands.Guard{Level: commands.FacilitatorLevel}, Run: h.runRotate},
			{Name: "why", Section: SectionRoles, Run: h.runWhy},
			{Name: "decline", Section: SectionRoles, NeedsIdentity: true, Run: h.runDecline},
			cmdSwap, cmdAccept,
			// !history tells the mandates beside the delegate terms.
			{Name: "history", Section: SectionRoles, Run: h.runHistory},
		},
		Jobs: []feature.Job{
			// A rotation far too late is reported as missed; the next one comes on schedule.
			{Name: jobRoleRotate, Run: h.runRotateJob},
			// Closing a consent window only records that the term stands: never harmful late.
			{Name: jobRoleConsent, AlwaysFire: true, Run: runConsentJob},
		},
		Status: statusRoles,
		Rules:  rules,
	}
}

// findRole finds the room's role a person means: by its stored name, the same name typed
// loosely ("Note-takers"), or a built-in role's name in the room's language ("actas").
func findRole(l *words.Lang, roles []rotation.Role, typed string) (rotation.Role, bool) {
	for _, r := range roles {
		if strings.EqualFold(r.Name, typed) {
			return r, true
		}
	}
	for _, r := range roles {
		if rotation.RoleKey(r.Name) == rotation.RoleKey(typed) {
			return r, true
		}
	}
	for _, r := range roles {
		if rotation.Means(l, r.Name, typed) {
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
		role, ok := findRole(r.Lang, roles, t)
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
	return unknownRoleIn(r.Lang, r.Prefix(), roles, typed)
}

// unknownRoleIn is unknownRole in l, for callers without a request.
func unknownRoleIn(l *words.Lang, prefix string, roles []rotation.Role, typed string) error {
	if len(roles) == 0 {
		return commands.Userf("%s", l.Say("roles.none", "Command", prefix+"role add"))
	}
	return commands.Userf("%s", l.Say("roles.unknown", "Typed", phrase.Clip(typed, 30), "Roles", roleNames(l, roles)))
}

// roleNames lists roles as the room sees them: "facilitator, notetaker".
func roleNames(l *words.Lang, roles []rotation.Role) string {
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = r.Name
	}
	return rotation.RoleNames(l, names)
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
		lines = append(lines, r.Lang.Say("roles.status.away", "List", awayList(away, book, r)))
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
		who := r.Lang.Say("roles.status.nobody")
		if holders := holdersOf(terms, role.Name); len(holders) > 0 {
			who = book.Names(holders)
		}
		parts[i] = r.Lang.Say("roles.status.holder", "Role", rotation.RoleName(r.Lang, role.Name), "Members", who)
	}
	next, ok, err := nextRotation(ctx, r.Env, r.Tx, r.Room, "")
	if ok {
		return r.Lang.Say("roles.status.roles_next", "Roles", strings.Join(parts, " · "), "When", r.Time(next)), err
	}
	return r.Lang.Say("roles.status.roles", "Roles", strings.Join(parts, " · ")), err
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
