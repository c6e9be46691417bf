package roles

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/facts"
	"folkmoot/rotation"
	"folkmoot/schedule"
	"folkmoot/store"
	"folkmoot/timeparse"
	"folkmoot/words"
)

// rotationState is everything a room's rotation reads from the store at one moment: the
// rotation's Situation, and the roles and terms as stored.
type rotationState struct {
	rotation.Situation
	room    bot.Room
	roles   []rotation.Role
	current []rotation.Term
	parity  map[string]*rotation.Parity // by role, for the roles that keep parity
}

// seats lists roles as the rotation takes them.
func (s *rotationState) seats(roles []rotation.Role) []rotation.RoleSeats {
	out := make([]rotation.RoleSeats, len(roles))
	for i, r := range roles {
		out[i] = s.seatsOf(r)
	}
	return out
}

// seatsOf is a role as the rotation takes it, with the members of its parity group now.
func (s *rotationState) seatsOf(r rotation.Role) rotation.RoleSeats {
	return rotation.RoleSeats{Name: r.Name, Seats: r.Seats, Parity: s.parity[r.Name]}
}

// loadRotation reads a room's rotation state at now.
func (h Hooks) loadRotation(ctx context.Context, q store.Querier, room bot.Room, now time.Time) (*rotationState, error) {
	s := &rotationState{room: room, Situation: rotation.Situation{
		RoomKey: room.Key(), Now: now, Pool: map[string][]rotation.Member{}, Holders: map[string][]string{},
	}}
	var err error
	if s.roles, err = Roles(ctx, q, room); err != nil {
		return nil, err
	}
	periods, err := PoolPeriods(ctx, q, room)
	if err != nil {
		return nil, err
	}
	for _, p := range periods {
		ms := s.Pool[p.Role]
		if len(ms) == 0 || ms[len(ms)-1].ID != p.Member {
			ms = append(ms, rotation.Member{ID: p.Member}) // periods come sorted by role, member
		}
		ms[len(ms)-1].Periods = append(ms[len(ms)-1].Periods, rotation.Period{Joined: p.Joined, Left: p.Left})
		s.Pool[p.Role] = ms
	}
	away, err := AwayAt(ctx, q, room, now)
	if err != nil {
		return nil, err
	}
	for _, a := range away {
		s.Away = append(s.Away, a.Member)
	}
	if s.current, err = CurrentTerms(ctx, q, room); err != nil {
		return nil, err
	}
	for _, t := range s.current {
		s.Holders[t.Role] = append(s.Holders[t.Role], t.Member)
	}
	if s.History, err = HeldTerms(ctx, q, room); err != nil {
		return nil, err
	}
	if s.parity, err = h.parityGroups(ctx, q, room, s.roles); err != nil {
		return nil, err
	}
	s.Numbers, err = PickNumbers(ctx, q, room)
	return s, err
}

// parityGroups reads who is in the group of each role that keeps parity. A group removed
// since counts as empty: the rotation then says parity cannot be kept.
func (h Hooks) parityGroups(ctx context.Context, q store.Querier, room bot.Room, roles []rotation.Role) (map[string]*rotation.Parity, error) {
	out := map[string]*rotation.Parity{}
	for _, r := range roles {
		if r.Parity == "" {
			continue
		}
		p := &rotation.Parity{Group: r.Parity}
		if h.Groups != nil {
			_, members, err := h.Groups(ctx, q, nil, "", room, r.Parity)
			var gone *commands.UserError
			if err != nil && !errors.As(err, &gone) {
				return nil, err
			}
			p.Members = members
		}
		out[r.Name] = p
	}
	return out, nil
}

// rotateRoles rotates the named roles of a room at now inside tx: it chooses the new
// holders, ends the outgoing terms, starts the new ones with their time to decline, and
// returns the announcement in l, the room's language. !rotate, the scheduled rotation and
// !meeting start use it. Names that are not active roles are skipped; a role nobody can take
// keeps its holders.
func (h Hooks) rotateRoles(ctx context.Context, env *commands.Env, tx *sql.Tx, l *words.Lang, room bot.Room, roles []string, now time.Time) (bot.Reply, error) {
	if err := EnsureRoles(ctx, tx, room); err != nil {
		return bot.Reply{}, err
	}
	st, err := h.loadRotation(ctx, tx, room, now)
	if err != nil {
		return bot.Reply{}, err
	}
	var which []rotation.Role
	for _, role := range st.roles {
		if slices.Contains(roles, role.Name) {
			which = append(which, role)
		}
	}
	book, err := facts.LoadRoster(ctx, tx, room)
	if err != nil {
		return bot.Reply{}, err
	}
	choices := st.Plan(st.seats(which))
	for _, ch := range choices {
		if len(ch.Chosen) == 0 {
			continue
		}
		if err := st.apply(ctx, env, tx, l, ch, book); err != nil {
			return bot.Reply{}, err
		}
	}
	next, err := h.nextInLine(ctx, env, tx, room, now)
	if err != nil {
		return bot.Reply{}, err
	}
	loc := env.Location(ctx, tx, room)
	return rotationNotice(l, env.Config.CommandPrefix, which, choices, next, book, st.Now.Add(consentWindow(env)), now, loc), nil
}

// apply records one choice: a pick with its explanation, the outgoing terms ended, and the
// new terms with a consent window each. The explanation is kept in l, the room's language
// when the pick was made.
func (s *rotationState) apply(ctx context.Context, env *commands.Env, tx *sql.Tx, l *words.Lang, ch rotation.Choice, book facts.Roster) error {
	n := s.Numbers[ch.Role] + 1
	pick := rotation.Pick{Role: ch.Role, Number: n, At: s.Now, Seed: rotation.Seed(s.room.Key(), ch.Role, n),
		Outgoing: s.Holders[ch.Role], Why: book.WithNames(whyText(l, ch, s.Now))}
	if err := AddPick(ctx, tx, s.room, &pick); err != nil {
		return err
	}
	s.Numbers[ch.Role] = n
	for _, t := range s.current {
		if t.Role != ch.Role {
			continue
		}
		if _, err := EndTerm(ctx, tx, t.ID, s.Now); err != nil {
			return err
		}
		if err := schedule.Cancel(ctx, tx, s.room, jobRoleConsent, strconv.FormatInt(t.ID, 10)); err != nil {
			return err
		}
	}
	for _, id := range ch.Chosen {
		if err := startChosenTerm(ctx, env, tx, l, s.room, ch.Role, id, pick.ID, s.Now); err != nil {
			return err
		}
	}
	return nil
}

// whyText is a choice's explanation as stored with the pick: without its stand-ins (who is
// next in line is forecastNext's to say) and saying so when a draw decided.
func whyText(l *words.Lang, ch rotation.Choice, now time.Time) string {
	ch.Next = nil
	text := rotation.Why(l, ch, now)
	if decidedByDraw(ch) {
		text += "\n" + l.Say("roles.why.draw", "Role", rotation.RoleName(l, ch.Role))
	}
	return text
}

// decidedByDraw reports whether the last member chosen and the first left out stood level on
// every rule but the draw: nobody had held the role, equal balance, as many other roles.
func decidedByDraw(ch rotation.Choice) bool {
	n := len(ch.Chosen)
	if n == 0 || n >= len(ch.Ranking) {
		return false
	}
	for _, c := range ch.Ranking {
		if c.Terms != 0 {
			return false
		}
	}
	a, b := ch.Ranking[n-1], ch.Ranking[n]
	return a.Score == b.Score && a.Outgoing == b.Outgoing && len(a.OtherRoles) == len(b.OtherRoles) && a.LastHeld.Equal(b.LastHeld)
}

// startChosenTerm starts a chosen member's term with its time to decline, closed by a job
// whose title (shown by !status) is in l.
func startChosenTerm(ctx context.Context, env *commands.Env, tx *sql.Tx, l *words.Lang, room bot.Room, role, member string, pick int64, now time.Time) error {
	t := rotation.Term{Role: role, Member: member, Via: rotation.ViaRotation, Pick: pick, Start: now,
		ConsentUntil: now.Add(consentWindow(env))}
	if err := StartTerm(ctx, tx, room, &t); err != nil {
		return err
	}
	ref := strconv.FormatInt(t.ID, 10)
	_, err := schedule.Add(ctx, tx, schedule.Job{Room: room, Kind: jobRoleConsent, Ref: ref, Payload: ref,
		Title: l.Say("roles.job.consent", "Role", rotation.RoleName(l, role)), Due: t.ConsentUntil})
	return err
}

// consentWindow is how long a chosen member may decline.
func consentWindow(env *commands.Env) time.Duration {
	return settings(env.Config).ConsentWindow.Duration
}

// rotationNotice announces a rotation in l: each role's new holders in the room's order of
// roles, who is next in line (whom the next rotation would choose), and until when the
// chosen may decline. It mentions the chosen.
func rotationNotice(l *words.Lang, prefix string, roles []rotation.Role, choices []rotation.Choice, next map[string][]string, book facts.Roster, until, now time.Time, loc *time.Location) bot.Reply {
	byRole := map[string]rotation.Choice{}
	for _, ch := range choices {
		byRole[ch.Role] = ch
	}
	lines := []string{l.Say("roles.rotated.title")}
	var chosen []string
	for _, role := range roles {
		ch := byRole[role.Name]
		name := rotation.RoleName(l, role.Name)
		switch {
		case len(ch.Chosen) > 0:
			switch n := next[role.Name]; {
			case len(n) > 0 && slices.Equal(n, ch.Chosen):
				lines = append(lines, l.Say("roles.rotated.again", "Role", name, "Members", book.Names(ch.Chosen)))
			case len(n) > 0:
				lines = append(lines, l.Say("roles.rotated.next", "Role", name, "Members", book.Names(ch.Chosen), "Next", book.Names(n)))
			default:
				lines = append(lines, l.Say("roles.rotated.chosen", "Role", name, "Members", book.Names(ch.Chosen)))
			}
			if ch.ParityShort != "" {
				lines = append(lines, rotation.ParityWords(l, ch)) // said plainly, not only in !why
			}
			for _, id := range ch.Chosen {
				if !slices.Contains(chosen, id) {
					chosen = append(chosen, id)
				}
			}
		case len(ch.Skipped) > 0:
			lines = append(lines, l.Say("roles.rotated.all_away", "Role", name))
		default:
			lines = append(lines, l.Say("roles.rotated.empty", "Role", name, "Command", prefix+"join "+role.Name))
		}
	}
	if len(chosen) == 0 {
		lines[0] = l.Say("roles.rotated.nobody")
		return bot.Text(strings.Join(lines, "\n"))
	}
	lines = append(lines, l.Say("roles.rotated.decline", "Members", book.Names(chosen), "Decline", prefix+"decline", "Why", prefix+"why",
		"Until", timeparse.Format(l, until, now, loc)))
	return bot.Mentioning(strings.Join(lines, "\n"), book.Members(chosen)...)
}

// runRotate rotates the named roles, or every role, now.
func (h Hooks) runRotate(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	roles, err := Roles(ctx, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	which := roles
	if len(r.Args.Words) > 0 {
		if which, err = resolveRoles(r, roles, r.Args.Words); err != nil {
			return bot.Reply{}, err
		}
	}
	if len(which) == 0 {
		return bot.Reply{}, unknownRole(r, roles, "")
	}
	names := make([]string, len(which))
	for i, role := range which {
		names[i] = role.Name
	}
	var reply bot.Reply
	err = store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		reply, err = h.rotateRoles(ctx, r.Env, tx, r.Lang, r.Room, names, r.At)
		return err
	})
	if err != nil {
		return bot.Reply{}, err
	}
	r.Log().Info().Strs("roles", names).Msg("roles rotated")
	return reply, nil
}

// runRotateJob is a scheduled rotation: every active role of the room on the job's
// schedule rotates together, with one notice.
func (h Hooks) runRotateJob(ctx context.Context, env *commands.Env, tx *sql.Tx, job schedule.Job) error {
	roles, err := Roles(ctx, tx, job.Room)
	if err != nil {
		return err
	}
	var names []string
	for _, role := range roles {
		if role.Schedule == job.Spec {
			names = append(names, role.Name)
		}
	}
	if len(names) == 0 {
		// The roles changed schedule since; syncRotationJobs cancels such jobs, and should one
		// be missed it ends here rather than firing silently for ever.
		return schedule.EndRecurrence
	}
	// On time, the term starts at the scheduled moment, so !roles's forecast (planned at
	// that moment) comes true; after an outage it starts now.
	now := job.Due
	if job.Late > time.Minute {
		now = env.Now()
	}
	reply, err := h.rotateRoles(ctx, env, tx, env.RoomLang(ctx, tx, job.Room), job.Room, names, now)
	if err != nil {
		return err
	}
	reply.Notice = true
	return store.PutReply(ctx, tx, job.Room, reply)
}

// runConsentJob closes a chosen member's time to decline: the term stands. Nothing is
// announced; !roles stops showing the deadline.
func runConsentJob(ctx context.Context, _ *commands.Env, tx *sql.Tx, job schedule.Job) error {
	id, err := strconv.ParseInt(job.Payload, 10, 64)
	if err != nil {
		return fmt.Errorf("consent job %d: bad term %q", job.ID, job.Payload)
	}
	_, err = ConfirmTerm(ctx, tx, id)
	return err
}

// syncRotationJobs keeps one pending rotation job per distinct schedule of the room's
// active roles, in the room's timezone: roles on the same schedule rotate together, in one
// notice. A new job's title (shown by !status) is in l.
func syncRotationJobs(ctx context.Context, env *commands.Env, tx *sql.Tx, l *words.Lang, room bot.Room, loc *time.Location, now time.Time) error {
	roles, err := Roles(ctx, tx, room)
	if err != nil {
		return err
	}
	want := map[string]bool{}
	for _, role := range roles {
		if role.Schedule != "" && role.Schedule != atMeetingSchedule { // rotated by !meeting start
			want[role.Schedule] = true
		}
	}
	jobs, err := schedule.Pending(ctx, tx, room, jobRoleRotate)
	if err != nil {
		return err
	}
	have := map[string]bool{}
	for _, j := range jobs {
		// A job computed in another timezone (the room's changed since) is made again.
		if !want[j.Ref] || j.Timezone != loc.String() {
			if err := schedule.Cancel(ctx, tx, room, jobRoleRotate, j.Ref); err != nil {
				return err
			}
			continue
		}
		have[j.Ref] = true
	}
	for spec := range want {
		if have[spec] {
			continue
		}
		rec, err := timeparse.ParseRecurrence(spec)
		if err != nil {
			return fmt.Errorf("role schedule %q: %w", spec, err)
		}
		_, err = schedule.Add(ctx, tx, schedule.Job{Room: room, Kind: jobRoleRotate, Ref: spec, Spec: spec,
			Timezone: loc.String(), Title: l.Say("roles.job.rotate", "Schedule", rec.DescribeIn(l)), Due: rec.Next(now, loc)})
		if err != nil {
			return err
		}
	}
	return nil
}

// nextRotation is when the next scheduled rotation of a schedule (of any, for "") is due.
func nextRotation(ctx context.Context, env *commands.Env, q store.Querier, room bot.Room, spec string) (time.Time, bool, error) {
	jobs, err := schedule.Pending(ctx, q, room, jobRoleRotate)
	if err != nil {
		return time.Time{}, false, err
	}
	for _, j := range jobs { // earliest first
		if spec == "" || j.Ref == spec {
			return j.Due, true, nil
		}
	}
	return time.Time{}, false, nil
}

// formatAt shows a time in the request's room.
func formatAt(t time.Time, r *commands.Request) string {
	return timeparse.Format(r.Lang, t, r.At, r.Loc)
}
