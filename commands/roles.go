package commands

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"folkmoot/bot"
	"folkmoot/store"
)

// Rotating roles: a room's roles, the pool of members each one rotates through, away
// times, rotation by hand and on a schedule, consent (decline, swap), and history.
// roles_rotate.go chooses and records, roles_pool.go is the pool, roles_consent.go declines
// and swaps, roles_show.go shows roles, reasons and history, roles_admin.go changes roles.

// SectionRoles is the help section of the role commands.
const SectionRoles = "Roles"

// Scheduled job kinds of roles.
const (
	jobRoleRotate  = "role.rotate"  // a scheduled rotation; Ref and Spec are the schedule
	jobRoleConsent = "role.consent" // the end of a chosen member's time to decline; Ref is the term
)

// facilitatorRole is the role whose holders are facilitator-level.
const facilitatorRole = "facilitator"

var cmdRoles = &Command{
	Name:     "roles",
	Section:  SectionRoles,
	Help:     "Shows each role's holders and since when, who is next in line, the next scheduled rotation, the pool and who is away.",
	Examples: []string{"roles"},
	Run:      runRoles,
}

var cmdRole = &Command{
	Name:     "role",
	Section:  SectionRoles,
	Synopsis: "add <name> [every <schedule>] [--seats N] | remove <name> | every <name> <schedule>|off",
	Help: "Adds a role (rotated by hand, or on a schedule), removes one (its history stays), or sets or stops its scheduled rotation. " +
		"Without arguments it shows the roles.",
	Examples: []string{"role add kitchen every 2 weeks on tue 19:00", "role every facilitator every monday 19:00",
		"role add cook --seats 2", "role every notetaker off", "role remove mediator"},
	Flags:            []Flag{{Name: "seats", Help: "how many members hold the role at once (default 1)."}},
	Perm:             FacilitatorLevel,
	ShowsWithoutArgs: true,
	Run:              runRole,
}

var cmdJoin = &Command{
	Name:          "join",
	Section:       SectionRoles,
	Synopsis:      "[<role> ...]",
	Help:          "Puts you in the pool a role rotates through; without a role, in every role's pool.",
	Examples:      []string{"join", "join notetaker timekeeper"},
	NeedsIdentity: true,
	Run:           runJoin,
}

var cmdLeave = &Command{
	Name:          "leave",
	Section:       SectionRoles,
	Synopsis:      "[<role> ...]",
	Help:          "Takes you out of a role's pool (without a role, out of all); a role you hold now stays yours until it rotates.",
	Examples:      []string{"leave mediator", "leave"},
	NeedsIdentity: true,
	Run:           runLeave,
}

var cmdAway = &Command{
	Name:          "away",
	Section:       SectionRoles,
	Synopsis:      "until <when> [reason]",
	Help:          "Marks you away until a time: you are never chosen while away, and your turn waits for you.",
	Examples:      []string{"away until 12 dec visiting family", "away until sunday", "away for 2 weeks"},
	NeedsIdentity: true,
	Run:           runAway,
}

var cmdBack = &Command{
	Name:          "back",
	Section:       SectionRoles,
	Help:          "Ends your away time now.",
	Examples:      []string{"back"},
	NeedsIdentity: true,
	Run:           runBack,
}

var cmdRotate = &Command{
	Name:     "rotate",
	Section:  SectionRoles,
	Synopsis: "[<role> ...]",
	Help:     "Rotates roles now (without a role: every role of the room) and announces the new holders and who is next in line.",
	Examples: []string{"rotate", "rotate facilitator"},
	Perm:     FacilitatorLevel,
	Run:      runRotate,
}

var cmdWhy = &Command{
	Name:     "why",
	Section:  SectionRoles,
	Synopsis: "[<role>]",
	Help:     "Explains why the role's holder was chosen; without a role, how the rotation chooses.",
	Examples: []string{"why facilitator", "why"},
	Run:      runWhy,
}

var cmdDecline = &Command{
	Name:          "decline",
	Section:       SectionRoles,
	Synopsis:      "[<role>|swap] [reason]",
	Help:          "Declines a role you were just chosen for (the next in line is asked instead), or a swap offered to you.",
	Examples:      []string{"decline I'm travelling that week", "decline notetaker", "decline swap"},
	NeedsIdentity: true,
	Run:           runDecline,
}

var cmdSwap = &Command{
	Name:          "swap",
	Section:       SectionRoles,
	Synopsis:      "<role> <member>",
	Help:          "Offers your seat of a role to another member, who takes it over by answering accept (or turns it down with decline).",
	Examples:      []string{"swap facilitator bo"},
	NeedsIdentity: true,
	Run:           runSwap,
}

var cmdAccept = &Command{
	Name:          "accept",
	Section:       SectionRoles,
	Synopsis:      "[<role>]",
	Help:          "Accepts a swap offered to you: the role is yours from now.",
	Examples:      []string{"accept"},
	NeedsIdentity: true,
	Run:           runAccept,
}

var cmdHistory = &Command{
	Name:     "history",
	Section:  SectionRoles,
	Synopsis: "[<role>]",
	Help:     "Lists who held which role and when, latest first; `delegate` lists past mandates.",
	Examples: []string{"history facilitator", "history delegate", "history"},
	Run:      runHistory,
}

func roleCommands() []*Command {
	return []*Command{cmdRoles, cmdRole, cmdJoin, cmdLeave, cmdAway, cmdBack, cmdRotate, cmdWhy, cmdDecline, cmdSwap, cmdAccept, cmdHistory}
}

func roleJobKinds() []JobKind {
	return []JobKind{
		// A rotation far too late is reported as missed; the next one comes on schedule.
		{Name: jobRoleRotate, Run: runRotateJob},
		// Closing a consent window only records that the term stands: never harmful late.
		{Name: jobRoleConsent, AlwaysFire: true, Run: runConsentJob},
	}
}

// currentFacilitators lists who holds the facilitator role in the room.
func currentFacilitators(ctx context.Context, env *Env, room bot.Room) ([]bot.Member, error) {
	terms, err := store.CurrentTerms(ctx, env.DB, room)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, t := range terms {
		if t.Role == facilitatorRole {
			ids = append(ids, t.Member)
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	book, err := loadRoster(ctx, env.DB, room)
	if err != nil {
		return nil, err
	}
	out := make([]bot.Member, len(ids))
	for i, id := range ids {
		out[i] = book.member(id)
	}
	return out, nil
}

// roster knows the names of a room's members, for showing; identity stays the ID.
type roster map[string]bot.Member

// loadRoster reads the names of the members seen in a room. A name two members share is
// dropped, so they show as their IDs and cannot be mistaken for each other.
func loadRoster(ctx context.Context, q store.Querier, room bot.Room) (roster, error) {
	ms, err := store.RoomMembers(ctx, q, room)
	if err != nil {
		return nil, err
	}
	count := map[string]int{}
	for _, m := range ms {
		count[strings.ToLower(m.Name)]++
	}
	book := roster{}
	for _, m := range ms {
		if count[strings.ToLower(m.Name)] > 1 {
			m.Name = ""
		}
		book[m.ID] = m
	}
	return book, nil
}

// member is the member with an ID, with their name when known.
func (b roster) member(id string) bot.Member {
	if m, ok := b[id]; ok {
		return m
	}
	return bot.Member{ID: id}
}

// name is how a member is shown.
func (b roster) name(id string) string { return b.member(id).Display() }

// names shows several members: "ana, bo".
func (b roster) names(ids []string) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = b.name(id)
	}
	return strings.Join(out, ", ")
}

// members turns IDs into members for Reply.Mentions.
func (b roster) members(ids []string) []bot.Member {
	out := make([]bot.Member, len(ids))
	for i, id := range ids {
		out[i] = b.member(id)
	}
	return out
}

// withNames replaces the IDs in a text written with IDs (rotation.Why) by names. The
// replacer matches leftmost first, so an ID inside a longer one is never touched.
func (b roster) withNames(text string) string {
	ids := make([]string, 0, len(b))
	for id, m := range b {
		if m.Name != "" {
			ids = append(ids, id)
		}
	}
	// Longer IDs first: where two start at the same place, the first listed wins.
	slices.SortFunc(ids, func(x, y string) int { return cmp.Or(cmp.Compare(len(y), len(x)), cmp.Compare(x, y)) })
	pairs := make([]string, 0, 2*len(ids))
	for _, id := range ids {
		pairs = append(pairs, id, b[id].Name)
	}
	return strings.NewReplacer(pairs...).Replace(text)
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
func findRole(roles []store.Role, typed string) (store.Role, bool) {
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
	return store.Role{}, false
}

// resolveRoles finds every typed role, or answers with the first unknown one and the list
// of the room's roles.
func resolveRoles(r *Request, roles []store.Role, typed []string) ([]store.Role, error) {
	var out []store.Role
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
func unknownRole(r *Request, roles []store.Role, typed string) error {
	if len(roles) == 0 {
		return Userf("This room has no roles; the facilitator-level can add one with %srole add <name>.", r.Config.CommandPrefix)
	}
	return Userf("I don't know a role “%s” in this room. Roles here: %s.", clip(typed, 30), roleNames(roles))
}

// roleNames lists roles by name: "facilitator, notetaker".
func roleNames(roles []store.Role) string {
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = r.Name
	}
	return strings.Join(names, ", ")
}

func containsRole(roles []store.Role, name string) bool {
	for _, r := range roles {
		if r.Name == name {
			return true
		}
	}
	return false
}

// statusRoles is !status's view of the roles: holders, next rotation, away, mandates.
func statusRoles(ctx context.Context, r *Request) ([]string, error) {
	book, err := loadRoster(ctx, r.DB, r.Room)
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
	away, err := store.AwayAt(ctx, r.DB, r.Room, r.At)
	if err != nil {
		return nil, err
	}
	if len(away) > 0 {
		lines = append(lines, "• Away: "+awayList(away, book, r))
	}
	mandates, err := store.ActiveMandates(ctx, r.DB, r.Room)
	if err != nil {
		return nil, err
	}
	if len(mandates) > 0 {
		parts := make([]string, len(mandates))
		for i, m := range mandates {
			parts[i] = fmt.Sprintf("#%d %s until %s", m.Number, mandateName(book, m), formatAt(m.Ends, r))
		}
		lines = append(lines, "• Mandates: "+strings.Join(parts, " · "))
	}
	return lines, nil
}

// statusHolders is one line with every role's holders and the next scheduled rotation.
func statusHolders(ctx context.Context, r *Request, book roster) (string, error) {
	roles, err := store.Roles(ctx, r.DB, r.Room)
	if err != nil || len(roles) == 0 {
		return "", err
	}
	terms, err := store.CurrentTerms(ctx, r.DB, r.Room)
	if err != nil {
		return "", err
	}
	parts := make([]string, len(roles))
	for i, role := range roles {
		who := "nobody"
		if holders := holdersOf(terms, role.Name); len(holders) > 0 {
			who = book.names(holders)
		}
		parts[i] = role.Name + " " + who
	}
	line := "• Roles: " + strings.Join(parts, " · ")
	next, ok, err := nextRotation(ctx, r.Env, r.DB, r.Room, "")
	if ok {
		line += "; next rotation " + formatAt(next, r)
	}
	return line, err
}

// holdersOf lists the members holding a role in a set of current terms.
func holdersOf(terms []store.Term, role string) []string {
	var ids []string
	for _, t := range terms {
		if t.Role == role {
			ids = append(ids, t.Member)
		}
	}
	return ids
}

// clip echoes typed text on one line, cut to n characters so it cannot flood the room.
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if rs := []rune(s); len(rs) > n {
		return string(rs[:n-1]) + "…"
	}
	return s
}
