package roles

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/facts"
	"folkmoot/mandate"
	"folkmoot/phrase"
	"folkmoot/rotation"
	"folkmoot/store"
	"folkmoot/timeparse"
)

// historyLimit is how many terms !history shows at most.
const historyLimit = 15

// runRoles shows every role with its holders, the forecast of the next rotation, the
// schedule, then the pool and who is away.
func runRoles(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	st, err := loadRotation(ctx, r.Tx, r.Room, r.At)
	if err != nil {
		return bot.Reply{}, err
	}
	book, err := facts.LoadRoster(ctx, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	p := r.Config.CommandPrefix
	if len(st.roles) == 0 {
		return bot.Text(fmt.Sprintf("This room has no roles; the facilitator-level can add one with %srole add <name>.", p)), nil
	}
	next, err := forecast(ctx, r, st)
	if err != nil {
		return bot.Reply{}, err
	}
	lines := []string{"Roles in this room:"}
	for _, role := range st.roles {
		line, err := roleLine(ctx, r, st, role, next[role.Name], book)
		if err != nil {
			return bot.Reply{}, err
		}
		lines = append(lines, line)
	}
	lines = append(lines, poolLine(st, book, p))
	away, err := AwayAt(ctx, r.Tx, r.Room, r.At)
	if err != nil {
		return bot.Reply{}, err
	}
	if len(away) > 0 {
		lines = append(lines, "Away: "+awayList(away, book, r)+".")
	}
	return bot.Text(strings.Join(lines, "\n")), nil
}

// forecast says who the next rotation would choose for each role if nothing changes
// before it: roles on one schedule are planned together at its next time, the others as if
// rotated now.
func forecast(ctx context.Context, r *commands.Request, st *rotationState) (map[string][]string, error) {
	return forecastNext(ctx, r.Env, r.Tx, r.Room, r.At, st.roles)
}

// nextInLine decides "next in line" for every role of a room, on q (inside a rotation's
// transaction, so the notice can name who comes after the members just chosen). It is the
// one place that does: the rotation notice, !roles, !why and the answer to !decline all ask
// it, so they never contradict each other or the next rotation. Roles that rotate together
// (on one schedule, or by hand) are planned together, as the next rotation will plan them.
func nextInLine(ctx context.Context, env *commands.Env, q store.Querier, room bot.Room, now time.Time) (map[string][]string, error) {
	roles, err := Roles(ctx, q, room)
	if err != nil {
		return nil, err
	}
	return forecastNext(ctx, env, q, room, now, roles)
}

// forecastNext is nextInLine for the roles given, all of the room's.
func forecastNext(ctx context.Context, env *commands.Env, q store.Querier, room bot.Room, now time.Time, roles []rotation.Role) (map[string][]string, error) {
	groups := map[string][]rotation.Role{}
	for _, role := range roles {
		groups[role.Schedule] = append(groups[role.Schedule], role)
	}
	next := map[string][]string{}
	for spec, group := range groups {
		at := now
		if spec != "" {
			due, ok, err := nextRotation(ctx, env, q, room, spec)
			if err != nil {
				return nil, err
			}
			if ok {
				at = due
			}
		}
		later, err := loadRotation(ctx, q, room, at)
		if err != nil {
			return nil, err
		}
		for _, ch := range later.Plan(seats(group)) {
			next[ch.Role] = ch.Chosen
		}
	}
	return next, nil
}

// roleLine is one role in !roles: "• facilitator: ana since Wed 25 Nov 10:00 CET — next in
// line: bo — every Monday at 19:00, next Mon 30 Nov 19:00 CET".
func roleLine(ctx context.Context, r *commands.Request, st *rotationState, role rotation.Role, next []string, book facts.Roster) (string, error) {
	name := role.Name
	if role.Seats > 1 {
		name += fmt.Sprintf(" (%d seats)", role.Seats)
	}
	var held []string
	for _, t := range st.current {
		if t.Role != role.Name {
			continue
		}
		h := fmt.Sprintf("%s since %s", book.Name(t.Member), r.Time(t.Start))
		if !t.ConsentUntil.IsZero() && t.ConsentUntil.After(r.At) {
			h += fmt.Sprintf(" (may decline until %s)", r.Time(t.ConsentUntil))
		}
		held = append(held, h)
	}
	parts := []string{"nobody yet"}
	if len(held) > 0 {
		parts = []string{strings.Join(held, ", ")}
	}
	if len(next) > 0 {
		parts = append(parts, "next in line: "+book.Names(next))
	}
	if role.Schedule != "" {
		sched := role.Schedule
		if rec, err := timeparse.ParseRecurrence(role.Schedule); err == nil {
			sched = rec.Describe()
		}
		if at, ok, err := nextRotation(ctx, r.Env, r.Tx, r.Room, role.Schedule); err != nil {
			return "", err
		} else if ok {
			sched += ", next " + r.Time(at)
		}
		parts = append(parts, "rotates "+sched)
	}
	return fmt.Sprintf("• %s: %s", name, strings.Join(parts, " — ")), nil
}

// poolLine lists who is in the pools now and for which roles.
func poolLine(st *rotationState, book facts.Roster, prefix string) string {
	in := map[string][]string{} // member -> roles
	var order []string
	for _, role := range st.roles {
		for _, m := range st.Pool[role.Name] {
			last := m.Periods[len(m.Periods)-1]
			if !last.Left.IsZero() || last.Joined.After(st.Now) {
				continue
			}
			if _, seen := in[m.ID]; !seen {
				order = append(order, m.ID)
			}
			in[m.ID] = append(in[m.ID], role.Name)
		}
	}
	if len(order) == 0 {
		return fmt.Sprintf("Pool: nobody yet. Say %sjoin to take part in every role, or %sjoin <role> for one.", prefix, prefix)
	}
	slices.SortFunc(order, func(a, b string) int {
		return strings.Compare(strings.ToLower(book.Name(a)), strings.ToLower(book.Name(b)))
	})
	parts := make([]string, len(order))
	for i, id := range order {
		roles := strings.Join(in[id], ", ")
		if len(in[id]) == len(st.roles) && len(st.roles) > 1 {
			roles = "all roles"
		}
		parts[i] = fmt.Sprintf("%s (%s)", book.Name(id), roles)
	}
	return "Pool: " + strings.Join(parts, ", ") + "."
}

// runWhy explains the latest choice of a role, or how choices are made.
func runWhy(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	if len(r.Args.Words) == 0 {
		return bot.Text(rotation.Explanation), nil
	}
	typed := r.Args.Text(0)
	if roleKey(typed) == roleKey(rotation.DelegateRole) {
		return bot.Text(fmt.Sprintf("Delegates are not chosen by rotation: the facilitator-level gives a mandate with %smandate, "+
			"and any member can ask to recall it with %srecall. %smandates lists them.", r.Config.CommandPrefix, r.Config.CommandPrefix, r.Config.CommandPrefix)), nil
	}
	roles, err := Roles(ctx, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	role, ok := findRole(roles, typed)
	if !ok {
		return bot.Reply{}, unknownRole(r, roles, typed)
	}
	pick, ok, err := LastPick(ctx, r.Tx, r.Room, role.Name)
	if err != nil {
		return bot.Reply{}, err
	}
	if !ok {
		return bot.Text(fmt.Sprintf("%s has not been filled by rotation yet; %srotate %s chooses.", phrase.UpperFirst(role.Name), r.Config.CommandPrefix, role.Name)), nil
	}
	text := fmt.Sprintf("Latest choice for %s, %s:\n%s", role.Name, r.Time(pick.At), withoutStandIns(pick.Why))
	terms, err := CurrentTerms(ctx, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	book, err := facts.LoadRoster(ctx, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	for _, t := range terms {
		if t.Role == role.Name && t.Via == rotation.ViaSwap && t.Start.After(pick.At) {
			text += fmt.Sprintf("\nSince then %s took it over by a swap (%s).", book.Name(t.Member), r.Time(t.Start))
		}
	}
	next, err := nextInLine(ctx, r.Env, r.Tx, r.Room, r.At)
	if err != nil {
		return bot.Reply{}, err
	}
	text += "\n" + nextInLineText(role.Name, next[role.Name], holdersOf(terms, role.Name), book)
	return bot.Text(text), nil
}

// withoutStandIns drops the "Next: …" sentence a pick's stored explanation may hold: it
// named who stood behind the chosen at that moment, which is not who the next rotation picks.
// Who is next in line is asked of forecastNext instead.
func withoutStandIns(why string) string {
	lines := strings.Split(why, "\n")
	for i, l := range lines {
		if !strings.HasPrefix(l, "Next: ") {
			continue
		}
		if _, skipped, ok := strings.Cut(l, " Skipped: "); ok {
			lines[i] = "Skipped: " + skipped
		} else {
			lines[i] = ""
		}
	}
	return strings.TrimRight(strings.Join(lines, "\n"), "\n")
}

// nextInLineText words forecastNext's answer for one role, for !why and !decline.
func nextInLineText(role string, next, holders []string, book facts.Roster) string {
	switch {
	case len(next) == 0:
		return fmt.Sprintf("Nobody is in line for %s now.", role)
	case slices.Equal(next, holders):
		return fmt.Sprintf("Next in line: %s again, as nobody else in its pool is free.", book.Names(next))
	}
	return fmt.Sprintf("Next in line: %s.", book.Names(next))
}

// runHistory lists terms, latest first: of one role, or of all.
func (h Hooks) runHistory(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	role, err := historyRole(ctx, r)
	if err != nil {
		return bot.Reply{}, err
	}
	terms, err := TermHistory(ctx, r.Tx, r.Room, role, historyLimit+1)
	if err != nil {
		return bot.Reply{}, err
	}
	if len(terms) == 0 {
		if role == "" {
			return bot.Text(fmt.Sprintf("Nobody has held a role here yet. %srotate fills them.", r.Config.CommandPrefix)), nil
		}
		return bot.Text(fmt.Sprintf("Nobody has held %s here yet.", role)), nil
	}
	book, err := facts.LoadRoster(ctx, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	mandates, err := h.mandatesByTerm(ctx, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	title := "History of the roles"
	if role != "" {
		title = "History of " + role
	}
	lines := []string{title + ", latest first:"}
	for i, t := range terms {
		if i == historyLimit {
			lines = append(lines, fmt.Sprintf("(Older terms are not shown; %shistory <role> shows one role.)", r.Config.CommandPrefix))
			break
		}
		lines = append(lines, historyLine(t, book, mandates, r))
	}
	return bot.Text(strings.Join(lines, "\n")), nil
}

// historyRole is the role !history asks about: a role of the room, the delegate role, a
// removed role (its history stays), or "" for all.
func historyRole(ctx context.Context, r *commands.Request) (string, error) {
	if len(r.Args.Words) == 0 {
		return "", nil
	}
	typed := r.Args.Text(0)
	roles, err := Roles(ctx, r.Tx, r.Room)
	if err != nil {
		return "", err
	}
	if found, ok := findRole(roles, typed); ok {
		return found.Name, nil
	}
	if roleKey(typed) == roleKey(rotation.DelegateRole) {
		return rotation.DelegateRole, nil
	}
	known, err := RoleHasHistory(ctx, r.Tx, r.Room, strings.ToLower(typed))
	if err != nil || known {
		return strings.ToLower(typed), err
	}
	return "", unknownRole(r, roles, typed)
}

// historyLine is one term: "• facilitator: ana, Wed 25 Nov 10:00 CET to Mon 30 Nov 19:00 CET".
func historyLine(t rotation.Term, book facts.Roster, mandates map[int64]mandate.Mandate, r *commands.Request) string {
	s := fmt.Sprintf("• %s: %s, ", t.Role, book.Name(t.Member))
	if t.End.IsZero() {
		s += "since " + r.Time(t.Start)
	} else {
		s += r.Time(t.Start) + " to " + r.Time(t.End)
	}
	switch {
	case t.State == rotation.TermHanded:
		s += fmt.Sprintf(" (handed over to %s)", book.Name(t.Note))
	case t.Via == rotation.ViaSwap:
		s += " (by a swap)"
	}
	if m, ok := mandates[t.ID]; ok {
		s += fmt.Sprintf(" — mandate #%d: “%s”", m.Number, phrase.Clip(m.Scope, 80))
		if m.EndReason == mandate.Recalled {
			s += ", recalled"
		}
	}
	return s
}

// mandatesByTerm maps delegate terms to their mandates, for !history.
func (h Hooks) mandatesByTerm(ctx context.Context, q store.Querier, room bot.Room) (map[int64]mandate.Mandate, error) {
	if h.Mandates == nil {
		return nil, nil
	}
	ms, err := h.Mandates(ctx, q, room)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]mandate.Mandate, len(ms))
	for _, m := range ms {
		out[m.Term] = m
	}
	return out, nil
}
