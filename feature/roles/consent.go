package roles

import (
	"context"
	"database/sql"
	"errors"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/facts"
	"folkmoot/phrase"
	"folkmoot/rotation"
	"folkmoot/schedule"
	"folkmoot/store"
	"folkmoot/words"
)

// maxDeclineReason keeps a decline reason to a line.
const maxDeclineReason = 200

// runDecline declines what the sender may decline: a role they were just chosen for, or a
// swap offered to them. When there are several, the first word says which.
func (h Hooks) runDecline(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	consents, err := ConsentPending(ctx, r.Tx, r.Room, r.Sender.ID, r.At)
	if err != nil {
		return bot.Reply{}, err
	}
	swaps, err := OpenSwaps(ctx, r.Tx, r.Room, r.Sender.ID, r.At)
	if err != nil {
		return bot.Reply{}, err
	}
	if len(r.Args.Words) > 0 {
		first := r.Args.Words[0]
		if strings.EqualFold(first, "swap") {
			s, err := pickSwap(r, swaps, r.Args.Text(1))
			if err != nil {
				return bot.Reply{}, err
			}
			return declineSwap(ctx, r, s)
		}
		for _, t := range consents {
			if rotation.Means(r.Lang, t.Role, first) {
				return h.declineTerm(ctx, r, t, r.Args.Text(1))
			}
		}
		for _, s := range swaps {
			if rotation.Means(r.Lang, s.Role, first) {
				return declineSwap(ctx, r, s)
			}
		}
		roles, err := Roles(ctx, r.Tx, r.Room)
		if err != nil {
			return bot.Reply{}, err
		}
		if role, ok := findRole(r.Lang, roles, first); ok {
			return bot.Reply{}, commands.Userf("%s", r.Lang.Say("roles.decline.not_yours", "Role", rotation.RoleName(r.Lang, role.Name)))
		}
	}
	switch {
	case len(consents)+len(swaps) == 0:
		return bot.Reply{}, commands.Userf("%s", r.Lang.Say("roles.decline.nothing"))
	case len(consents) == 1 && len(swaps) == 0:
		return h.declineTerm(ctx, r, consents[0], r.Args.Text(0))
	case len(consents) == 0 && len(swaps) == 1:
		return declineSwap(ctx, r, swaps[0])
	}
	var ways []string
	for _, t := range consents {
		ways = append(ways, r.Lang.Say("roles.decline.way_role", "Command", r.Prefix()+"decline "+t.Role))
	}
	for _, s := range swaps {
		ways = append(ways, r.Prefix()+"decline swap "+s.Role)
	}
	return bot.Reply{}, commands.Userf("%s", r.Lang.Say("roles.decline.which", "Ways", strings.Join(ways, r.Lang.Say("phrase.list.comma"))))
}

// declineTerm records a declined term and asks the next in line instead.
func (h Hooks) declineTerm(ctx context.Context, r *commands.Request, t rotation.Term, reason string) (bot.Reply, error) {
	if len([]rune(reason)) > maxDeclineReason {
		return bot.Reply{}, commands.Userf("%s", r.Lang.Say("roles.reason_too_long", "Max", maxDeclineReason))
	}
	var ch rotation.Choice
	var book facts.Roster
	var next map[string][]string
	var holders []string
	err := store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		ok, err := DeclineTerm(ctx, tx, t.ID, r.At, reason)
		if err != nil {
			return err
		}
		if !ok {
			return commands.Userf("%s", r.Lang.Say("roles.decline.too_late", "Role", rotation.RoleName(r.Lang, t.Role)))
		}
		if err := schedule.Cancel(ctx, tx, r.Room, jobRoleConsent, strconv.FormatInt(t.ID, 10)); err != nil {
			return err
		}
		if book, err = facts.LoadRoster(ctx, tx, r.Room); err != nil {
			return err
		}
		if ch, err = h.repick(ctx, r.Env, tx, r.Lang, r.Room, t, r.At, book); err != nil {
			return err
		}
		if next, err = h.nextInLine(ctx, r.Env, tx, r.Room, r.At); err != nil {
			return err
		}
		terms, err := CurrentTerms(ctx, tx, r.Room)
		holders = holdersOf(terms, t.Role)
		return err
	})
	if err != nil {
		return bot.Reply{}, err
	}
	r.Log().Info().Str("role", t.Role).Strs("asked", ch.Chosen).Msg("term declined")
	role := rotation.RoleName(r.Lang, t.Role)
	declined := r.Lang.Say("roles.decline.declined", "Member", r.Sender.Display(), "Role", role)
	if reason != "" {
		declined = r.Lang.Say("roles.decline.declined_because", "Member", r.Sender.Display(), "Role", role, "Reason", reason)
	}
	if len(ch.Chosen) == 0 {
		return bot.Text(r.Lang.Say("roles.decline.nobody_else", "Declined", declined, "Command", r.Prefix()+"rotate "+t.Role)), nil
	}
	asked := ch.Chosen[0]
	text := r.Lang.Say("roles.decline.asked", "Declined", declined, "Member", book.Name(asked), "Command", r.Prefix()+"decline",
		"Until", formatAt(r.At.Add(consentWindow(r.Env)), r))
	if next != nil {
		text += " " + nextInLineText(r.Lang, t.Role, next[t.Role], holders, book)
	}
	if ch.ParityShort != "" {
		text += " " + rotation.ParityWords(r.Lang, ch)
	}
	return bot.Mentioning(text, book.Members([]string{asked})...), nil
}

// repick fills the seat of a declined term from the same pick: its seed, its outgoing
// holders, and everyone who declined it left out. Co-holders of the role are left out too
// without being listed as having declined. The pick's explanation is kept in l.
func (h Hooks) repick(ctx context.Context, env *commands.Env, tx *sql.Tx, l *words.Lang, room bot.Room, declined rotation.Term, now time.Time, book facts.Roster) (rotation.Choice, error) {
	if declined.Pick == 0 {
		return rotation.Choice{Role: declined.Role}, nil
	}
	st, err := h.loadRotation(ctx, tx, room, now)
	if err != nil {
		return rotation.Choice{}, err
	}
	i := slices.IndexFunc(st.roles, func(r rotation.Role) bool { return r.Name == declined.Role })
	if i < 0 {
		return rotation.Choice{Role: declined.Role}, nil // the role was removed meanwhile
	}
	role := st.roles[i]
	pick, err := PickByID(ctx, tx, room, declined.Pick)
	if err != nil {
		return rotation.Choice{}, err
	}
	pick.Declined = append(pick.Declined, declined.Member)
	coHolders := st.Holders[role.Name]
	holders := maps.Clone(st.Holders)
	holders[role.Name] = pick.Outgoing
	in := st.Input(st.seatsOf(role), holders, append(slices.Clone(pick.Declined), coHolders...), pick.Seed)
	ch := rotation.Replace(in, coHolders)
	ch.Skipped = slices.DeleteFunc(ch.Skipped, func(c rotation.Candidate) bool { return slices.Contains(coHolders, c.Member) })
	if err := UpdatePick(ctx, tx, pick.ID, pick.Declined, book.WithNames(whyText(l, ch, now))); err != nil {
		return rotation.Choice{}, err
	}
	for _, id := range ch.Chosen {
		if err := startChosenTerm(ctx, env, tx, l, room, role.Name, id, pick.ID, now); err != nil {
			return rotation.Choice{}, err
		}
	}
	return ch, nil
}

// runSwap offers the sender's seat of a role to another member.
func runSwap(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	if len(r.Args.Words) < 2 {
		return bot.Reply{}, commands.Usagef("%s", r.Lang.Say("roles.swap.usage"))
	}
	roles, err := Roles(ctx, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	role, ok := findRole(r.Lang, roles, r.Args.Words[0])
	if !ok {
		return bot.Reply{}, unknownRole(r, roles, r.Args.Words[0])
	}
	to, err := facts.Resolve(ctx, r.Tx, r.Transport, r.Room, r.Args.Text(1))
	if err != nil {
		return bot.Reply{}, err
	}
	shown := rotation.RoleName(r.Lang, role.Name)
	if to.ID == r.Sender.ID {
		return bot.Reply{}, commands.Userf("%s", r.Lang.Say("roles.swap.self", "Role", shown))
	}
	terms, err := CurrentTerms(ctx, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	book, err := facts.LoadRoster(ctx, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	holders := holdersOf(terms, role.Name)
	i := slices.IndexFunc(terms, func(t rotation.Term) bool { return t.Role == role.Name && t.Member == r.Sender.ID })
	if i < 0 && len(holders) == 0 {
		return bot.Reply{}, commands.Userf("%s", r.Lang.Say("roles.swap.not_held_by_anyone", "Role", shown))
	}
	if i < 0 {
		return bot.Reply{}, commands.Userf("%s", r.Lang.Say("roles.swap.not_held", "Role", shown, "Members", book.Names(holders)))
	}
	if slices.Contains(holders, to.ID) {
		return bot.Reply{}, commands.Userf("%s", r.Lang.Say("roles.swap.already", "Member", to.Display(), "Role", shown))
	}
	s := rotation.Swap{Term: terms[i].ID, From: r.Sender.ID, To: to.ID, Offered: r.At, Expires: r.At.Add(consentWindow(r.Env))}
	if err := store.Step(ctx, r.Tx, func(tx *sql.Tx) error { return OfferSwap(ctx, tx, r.Room, &s) }); err != nil {
		return bot.Reply{}, err
	}
	text := r.Lang.Say("roles.swap.offer", "To", to.Display(), "From", r.Sender.Display(), "Role", shown, "Accept", r.Prefix()+"accept", "Decline", r.Prefix()+"decline swap",
		"Until", r.Time(s.Expires))
	return bot.Mentioning(text, to), nil
}

// pickSwap finds the offer a member means: the only one, or the one of the role typed.
func pickSwap(r *commands.Request, swaps []rotation.Swap, typed string) (rotation.Swap, error) {
	if len(swaps) == 0 {
		return rotation.Swap{}, commands.Userf("%s", r.Lang.Say("roles.swap.none", "Span", phrase.Duration(r.Lang, consentWindow(r.Env))))
	}
	if typed != "" {
		for _, s := range swaps {
			if rotation.Means(r.Lang, s.Role, typed) {
				return s, nil
			}
		}
	}
	if len(swaps) == 1 && typed == "" {
		return swaps[0], nil
	}
	offers := make([]string, len(swaps))
	for i, s := range swaps {
		offers[i] = rotation.RoleName(r.Lang, s.Role)
	}
	return rotation.Swap{}, commands.Userf("%s", r.Lang.Say("roles.swap.which", "Roles", phrase.List(r.Lang, offers),
		"Command", r.Prefix()+r.Command.Name+" "+swaps[0].Role))
}

// runAccept takes over the seat a member offered with !swap.
func runAccept(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	swaps, err := OpenSwaps(ctx, r.Tx, r.Room, r.Sender.ID, r.At)
	if err != nil {
		return bot.Reply{}, err
	}
	s, err := pickSwap(r, swaps, r.Args.Text(0))
	if err != nil {
		return bot.Reply{}, err
	}
	var book facts.Roster
	err = store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		terms, err := CurrentTerms(ctx, tx, r.Room)
		if err != nil {
			return err
		}
		if slices.Contains(holdersOf(terms, s.Role), r.Sender.ID) {
			return commands.Userf("%s", r.Lang.Say("roles.accept.already", "Role", rotation.RoleName(r.Lang, s.Role)))
		}
		if ok, err := SettleSwap(ctx, tx, s.ID, true); err != nil || !ok {
			if err == nil {
				err = commands.Userf("%s", r.Lang.Say("roles.accept.closed"))
			}
			return err
		}
		if ok, err := HandOverTerm(ctx, tx, s.Term, r.At, r.Sender.ID); err != nil || !ok {
			if err == nil {
				err = commands.Userf("%s", r.Lang.Say("roles.accept.lapsed"))
			}
			return err
		}
		if err := schedule.Cancel(ctx, tx, r.Room, jobRoleConsent, strconv.FormatInt(s.Term, 10)); err != nil {
			return err
		}
		t := rotation.Term{Role: s.Role, Member: r.Sender.ID, Via: rotation.ViaSwap, Start: r.At}
		if err := StartTerm(ctx, tx, r.Room, &t); err != nil {
			return err
		}
		book, err = facts.LoadRoster(ctx, tx, r.Room)
		return err
	})
	if err != nil {
		return bot.Reply{}, err
	}
	text := r.Lang.Say("roles.accept.done", "Member", r.Sender.Display(), "Role", rotation.RoleName(r.Lang, s.Role), "From", book.Name(s.From))
	return bot.Mentioning(text, book.Members([]string{s.From})...), nil
}

// declineSwap turns an offer down; the one who offered keeps the seat.
func declineSwap(ctx context.Context, r *commands.Request, s rotation.Swap) (bot.Reply, error) {
	var ok bool
	err := store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		var err error
		ok, err = SettleSwap(ctx, tx, s.ID, false)
		return err
	})
	if err != nil {
		return bot.Reply{}, err
	}
	if !ok {
		return bot.Reply{}, errors.New("decline swap: the offer was settled meanwhile")
	}
	book, err := facts.LoadRoster(ctx, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	text := r.Lang.Say("roles.swap.declined", "Member", r.Sender.Display(), "From", book.Name(s.From), "Role", rotation.RoleName(r.Lang, s.Role))
	return bot.Mentioning(text, book.Members([]string{s.From})...), nil
}
