package roles

import (
	"context"
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
	"folkmoot/words"
)

// historyLimit is how many terms !history shows at most.
const historyLimit = 15

// runRoles shows every role with its holders, the forecast of the next rotation, the
// schedule, then the pool and who is away.
func (h Hooks) runRoles(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	st, err := h.loadRotation(ctx, r.Tx, r.Room, r.At)
	if err != nil {
		return bot.Reply{}, err
	}
	book, err := facts.LoadRoster(ctx, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	if len(st.roles) == 0 {
		return bot.Text(r.Lang.Say("roles.none", "Command", r.Prefix()+"role add")), nil
	}
	next, err := h.forecast(ctx, r, st)
	if err != nil {
		return bot.Reply{}, err
	}
	lines := []string{r.Lang.Say("roles.roles.title")}
	for _, role := range st.roles {
		line, err := roleLine(ctx, r, st, role, next[role.Name], book)
		if err != nil {
			return bot.Reply{}, err
		}
		lines = append(lines, line)
	}
	lines = append(lines, poolLine(r.Lang, st, book, r.Prefix()))
	away, err := AwayAt(ctx, r.Tx, r.Room, r.At)
	if err != nil {
		return bot.Reply{}, err
	}
	if len(away) > 0 {
		lines = append(lines, r.Lang.Say("roles.roles.away", "List", awayList(away, book, r)))
	}
	return bot.Text(strings.Join(lines, "\n")), nil
}

// forecast says who the next rotation would choose for each role if nothing changes
// before it: roles on one schedule are planned together at its next time, the others as if
// rotated now.
func (h Hooks) forecast(ctx context.Context, r *commands.Request, st *rotationState) (map[string][]string, error) {
	return h.forecastNext(ctx, r.Env, r.Tx, r.Room, r.At, st.roles)
}

// nextInLine decides "next in line" for every role of a room, on q (inside a rotation's
// transaction, so the notice can name who comes after the members just chosen). It is the
// one place that does: the rotation notice, !roles, !why and the answer to !decline all ask
// it, so they never contradict each other or the next rotation. Roles that rotate together
// (on one schedule, or by hand) are planned together, as the next rotation will plan them.
func (h Hooks) nextInLine(ctx context.Context, env *commands.Env, q store.Querier, room bot.Room, now time.Time) (map[string][]string, error) {
	roles, err := Roles(ctx, q, room)
	if err != nil {
		return nil, err
	}
	return h.forecastNext(ctx, env, q, room, now, roles)
}

// forecastNext is nextInLine for the roles given, all of the room's.
func (h Hooks) forecastNext(ctx context.Context, env *commands.Env, q store.Querier, room bot.Room, now time.Time, roles []rotation.Role) (map[string][]string, error) {
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
		later, err := h.loadRotation(ctx, q, room, at)
		if err != nil {
			return nil, err
		}
		for _, ch := range later.Plan(later.seats(group)) {
			next[ch.Role] = ch.Chosen
		}
	}
	return next, nil
}

// roleLine is one role in !roles: "• facilitator: ana since Wed 25 Nov 10:00 CET — next in
// line: bo — every Monday at 19:00, next Mon 30 Nov 19:00 CET".
func roleLine(ctx context.Context, r *commands.Request, st *rotationState, role rotation.Role, next []string, book facts.Roster) (string, error) {
	l := r.Lang
	name := rotation.RoleName(l, role.Name)
	if role.Seats > 1 {
		name = l.Count("roles.roles.seats", role.Seats, "Role", name)
	}
	if role.Parity != "" {
		name = l.Say("roles.roles.parity", "Role", name, "Group", role.Parity)
	}
	var held []string
	for _, t := range st.current {
		if t.Role != role.Name {
			continue
		}
		if !t.ConsentUntil.IsZero() && t.ConsentUntil.After(r.At) {
			held = append(held, l.Say("roles.roles.since_consent", "Member", book.Name(t.Member), "When", r.Time(t.Start), "Until", r.Time(t.ConsentUntil)))
		} else {
			held = append(held, l.Say("roles.roles.since", "Member", book.Name(t.Member), "When", r.Time(t.Start)))
		}
	}
	parts := []string{l.Say("roles.roles.nobody")}
	if len(held) > 0 {
		parts = []string{strings.Join(held, l.Say("phrase.list.comma"))}
	}
	if len(next) > 0 {
		parts = append(parts, l.Say("roles.roles.next", "Members", book.Names(next)))
	}
	if role.Schedule != "" {
		sched := scheduleWords(l, role.Schedule)
		at, ok, err := nextRotation(ctx, r.Env, r.Tx, r.Room, role.Schedule)
		switch {
		case err != nil:
			return "", err
		case ok:
			parts = append(parts, l.Say("roles.roles.rotates_next", "Schedule", sched, "When", r.Time(at)))
		default:
			parts = append(parts, l.Say("roles.roles.rotates", "Schedule", sched))
		}
	}
	return l.Say("roles.roles.line", "Role", name, "Parts", strings.Join(parts, " — ")), nil
}

// scheduleWords says a role's stored schedule for people: "every Monday at 19:00", "at the
// start of each meeting".
func scheduleWords(l *words.Lang, spec string) string {
	if spec == atMeetingSchedule {
		return l.Say("roles.meeting.schedule")
	}
	if rec, err := timeparse.ParseRecurrence(spec); err == nil {
		return rec.DescribeIn(l)
	}
	return spec
}

// poolLine lists who is in the pools now and for which roles.
func poolLine(l *words.Lang, st *rotationState, book facts.Roster, prefix string) string {
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
		return l.Say("roles.pool.nobody", "Command", prefix+"join")
	}
	slices.SortFunc(order, func(a, b string) int {
		return strings.Compare(strings.ToLower(book.Name(a)), strings.ToLower(book.Name(b)))
	})
	parts := make([]string, len(order))
	for i, id := range order {
		roles := rotation.RoleNames(l, in[id])
		if len(in[id]) == len(st.roles) && len(st.roles) > 1 {
			roles = l.Say("roles.pool.all")
		}
		parts[i] = l.Say("roles.pool.member", "Member", book.Name(id), "Roles", roles)
	}
	return l.Say("roles.pool.line", "Members", strings.Join(parts, l.Say("phrase.list.comma")))
}

// runWhy explains the latest choice of a role, or how choices are made.
func (h Hooks) runWhy(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	if len(r.Args.Words) == 0 {
		return bot.Text(rotation.Explanation(r.Lang)), nil
	}
	typed := r.Args.Text(0)
	if rotation.Means(r.Lang, rotation.DelegateRole, typed) {
		return bot.Text(r.Lang.Say("roles.why.delegate", "Mandate", r.Prefix()+"mandate", "Recall", r.Prefix()+"recall", "Mandates", r.Prefix()+"mandates")), nil
	}
	roles, err := Roles(ctx, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	role, ok := findRole(r.Lang, roles, typed)
	if !ok {
		return bot.Reply{}, unknownRole(r, roles, typed)
	}
	shown := rotation.RoleName(r.Lang, role.Name)
	pick, ok, err := LastPick(ctx, r.Tx, r.Room, role.Name)
	if err != nil {
		return bot.Reply{}, err
	}
	if !ok {
		return bot.Text(r.Lang.Say("roles.why.not_yet", "Role", phrase.UpperFirst(shown), "Command", r.Prefix()+"rotate "+role.Name)), nil
	}
	text := r.Lang.Say("roles.why.latest", "Role", shown, "When", r.Time(pick.At)) + "\n" + withoutStandIns(pick.Why)
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
			text += "\n" + r.Lang.Say("roles.why.swapped", "Member", book.Name(t.Member), "When", r.Time(t.Start))
		}
	}
	next, err := h.nextInLine(ctx, r.Env, r.Tx, r.Room, r.At)
	if err != nil {
		return bot.Reply{}, err
	}
	text += "\n" + nextInLineText(r.Lang, role.Name, next[role.Name], holdersOf(terms, role.Name), book)
	return bot.Text(text), nil
}

// withoutStandIns drops the "Next: …" sentence a pick's stored explanation may hold: it
// named who stood behind the chosen at that moment, which is not who the next rotation picks.
// Who is next in line is asked of forecastNext instead. Only explanations stored before
// whyText left the stand-ins out hold it, and those are English. An explanation is kept in
// the language the room spoke when the pick was made.
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

// nextInLineText words forecastNext's answer for one role in l, for !why and !decline.
func nextInLineText(l *words.Lang, role string, next, holders []string, book facts.Roster) string {
	switch {
	case len(next) == 0:
		return l.Say("roles.next.nobody", "Role", rotation.RoleName(l, role))
	case slices.Equal(next, holders):
		return l.Say("roles.next.again", "Members", book.Names(next))
	}
	return l.Say("roles.next.line", "Members", book.Names(next))
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
			return bot.Text(r.Lang.Say("roles.history.none", "Command", r.Prefix()+"rotate")), nil
		}
		return bot.Text(r.Lang.Say("roles.history.none_of", "Role", rotation.RoleName(r.Lang, role))), nil
	}
	book, err := facts.LoadRoster(ctx, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	mandates, err := h.mandatesByTerm(ctx, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	lines := []string{r.Lang.Say("roles.history.title")}
	if role != "" {
		lines[0] = r.Lang.Say("roles.history.title_of", "Role", rotation.RoleName(r.Lang, role))
	}
	for i, t := range terms {
		if i == historyLimit {
			lines = append(lines, r.Lang.Say("roles.history.more", "Command", r.Prefix()+"history"))
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
	if found, ok := findRole(r.Lang, roles, typed); ok {
		return found.Name, nil
	}
	if rotation.Means(r.Lang, rotation.DelegateRole, typed) {
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
	l := r.Lang
	role := rotation.RoleName(l, t.Role)
	s := l.Say("roles.history.since", "Role", role, "Member", book.Name(t.Member), "Start", r.Time(t.Start))
	if !t.End.IsZero() {
		s = l.Say("roles.history.term", "Role", role, "Member", book.Name(t.Member), "Start", r.Time(t.Start), "End", r.Time(t.End))
	}
	switch {
	case t.State == rotation.TermHanded:
		s = l.Say("roles.history.handed", "Term", s, "Member", book.Name(t.Note))
	case t.Via == rotation.ViaSwap:
		s = l.Say("roles.history.swap", "Term", s)
	}
	if m, ok := mandates[t.ID]; ok {
		s = l.Say("roles.history.mandate", "Term", s, "Number", m.Number, "Scope", phrase.Clip(m.Scope, 80))
		if m.EndReason == mandate.Recalled {
			s = l.Say("roles.history.recalled", "Term", s)
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
