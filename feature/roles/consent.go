package roles

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
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
)

// maxDeclineReason keeps a decline reason to a line.
const maxDeclineReason = 200

// runDecline declines what the sender may decline: a role they were just chosen for, or a
// swap offered to them. When there are several, the first word says which.
func runDecline(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	consents, err := ConsentPending(ctx, r.Tx, r.Room, r.Sender.ID, r.At)
	if err != nil {
		return bot.Reply{}, err
	}
	swaps, err := OpenSwaps(ctx, r.Tx, r.Room, r.Sender.ID, r.At)
	if err != nil {
		return bot.Reply{}, err
	}
	words := r.Args.Words
	if len(words) > 0 {
		first := words[0]
		if strings.EqualFold(first, "swap") {
			s, err := pickSwap(r, swaps, r.Args.Text(1))
			if err != nil {
				return bot.Reply{}, err
			}
			return declineSwap(ctx, r, s)
		}
		for _, t := range consents {
			if roleKey(t.Role) == roleKey(first) {
				return declineTerm(ctx, r, t, r.Args.Text(1))
			}
		}
		for _, s := range swaps {
			if roleKey(s.Role) == roleKey(first) {
				return declineSwap(ctx, r, s)
			}
		}
		roles, err := Roles(ctx, r.Tx, r.Room)
		if err != nil {
			return bot.Reply{}, err
		}
		if role, ok := findRole(roles, first); ok {
			return bot.Reply{}, commands.Userf("You have nothing to decline for %s: you were not just chosen for it, and nobody offered it to you.", role.Name)
		}
	}
	switch {
	case len(consents)+len(swaps) == 0:
		return bot.Reply{}, commands.Userf("There is nothing for you to decline: you were not just chosen for a role, and nobody offered you a swap.")
	case len(consents) == 1 && len(swaps) == 0:
		return declineTerm(ctx, r, consents[0], r.Args.Text(0))
	case len(consents) == 0 && len(swaps) == 1:
		return declineSwap(ctx, r, swaps[0])
	}
	var ways []string
	for _, t := range consents {
		ways = append(ways, fmt.Sprintf("%sdecline %s [reason]", r.Config.CommandPrefix, t.Role))
	}
	for _, s := range swaps {
		ways = append(ways, fmt.Sprintf("%sdecline swap %s", r.Config.CommandPrefix, s.Role))
	}
	return bot.Reply{}, commands.Userf("You can decline more than one thing; say which: %s.", strings.Join(ways, ", "))
}

// declineTerm records a declined term and asks the next in line instead.
func declineTerm(ctx context.Context, r *commands.Request, t rotation.Term, reason string) (bot.Reply, error) {
	if len([]rune(reason)) > maxDeclineReason {
		return bot.Reply{}, commands.Userf("Please keep the reason under %d characters.", maxDeclineReason)
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
			return commands.Userf("Too late: the time to decline %s has passed.", t.Role)
		}
		if err := schedule.Cancel(ctx, tx, r.Room, jobRoleConsent, strconv.FormatInt(t.ID, 10)); err != nil {
			return err
		}
		if book, err = facts.LoadRoster(ctx, tx, r.Room); err != nil {
			return err
		}
		if ch, err = repick(ctx, r.Env, tx, r.Room, t, r.At, book); err != nil {
			return err
		}
		if next, err = nextInLine(ctx, r.Env, tx, r.Room, r.At); err != nil {
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
	text := fmt.Sprintf("%s declined %s", r.Sender.Display(), t.Role)
	if reason != "" {
		text += " (" + reason + ")"
	}
	if len(ch.Chosen) == 0 {
		return bot.Text(text + fmt.Sprintf(". Nobody else in its pool can take it now; it stays empty until it rotates (%srotate %s).",
			r.Config.CommandPrefix, t.Role)), nil
	}
	asked := ch.Chosen[0]
	text += fmt.Sprintf(". %s is asked instead and may %sdecline until %s.", book.Name(asked), r.Config.CommandPrefix,
		formatAt(r.At.Add(consentWindow(r.Env)), r))
	if next != nil {
		text += " " + nextInLineText(t.Role, next[t.Role], holders, book)
	}
	return bot.Mentioning(text, book.Members([]string{asked})...), nil
}

// repick fills the seat of a declined term from the same pick: its seed, its outgoing
// holders, and everyone who declined it left out. Co-holders of the role are left out too
// without being listed as having declined.
func repick(ctx context.Context, env *commands.Env, tx *sql.Tx, room bot.Room, declined rotation.Term, now time.Time, book facts.Roster) (rotation.Choice, error) {
	if declined.Pick == 0 {
		return rotation.Choice{Role: declined.Role}, nil
	}
	st, err := loadRotation(ctx, tx, room, now)
	if err != nil {
		return rotation.Choice{}, err
	}
	i := slices.IndexFunc(st.roles, func(r rotation.Role) bool { return r.Name == declined.Role })
	if i < 0 {
		return rotation.Choice{Role: declined.Role}, nil // the role was removed meanwhile
	}
	role := st.roles[i]
	role.Seats = 1
	pick, err := PickByID(ctx, tx, room, declined.Pick)
	if err != nil {
		return rotation.Choice{}, err
	}
	pick.Declined = append(pick.Declined, declined.Member)
	coHolders := st.Holders[role.Name]
	holders := maps.Clone(st.Holders)
	holders[role.Name] = pick.Outgoing
	in := st.Input(rotation.RoleSeats{Name: role.Name, Seats: role.Seats}, holders, append(slices.Clone(pick.Declined), coHolders...), pick.Seed)
	ch := rotation.Choose(in)
	ch.Skipped = slices.DeleteFunc(ch.Skipped, func(c rotation.Candidate) bool { return slices.Contains(coHolders, c.Member) })
	if err := UpdatePick(ctx, tx, pick.ID, pick.Declined, book.WithNames(whyText(ch, now))); err != nil {
		return rotation.Choice{}, err
	}
	for _, id := range ch.Chosen {
		if err := startChosenTerm(ctx, env, tx, room, role.Name, id, pick.ID, now); err != nil {
			return rotation.Choice{}, err
		}
	}
	return ch, nil
}

// runSwap offers the sender's seat of a role to another member.
func runSwap(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	if len(r.Args.Words) < 2 {
		return bot.Reply{}, commands.Usagef("say which role and to whom")
	}
	roles, err := Roles(ctx, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	role, ok := findRole(roles, r.Args.Words[0])
	if !ok {
		return bot.Reply{}, unknownRole(r, roles, r.Args.Words[0])
	}
	to, err := facts.Resolve(ctx, r.Tx, r.Transport, r.Room, r.Args.Text(1))
	if err != nil {
		return bot.Reply{}, err
	}
	if to.ID == r.Sender.ID {
		return bot.Reply{}, commands.Userf("You can't swap with yourself: name the member who should take %s over.", role.Name)
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
	if i < 0 {
		who := "nobody holds it now"
		if len(holders) > 0 {
			who = "it is held by " + book.Names(holders)
		}
		return bot.Reply{}, commands.Userf("You can only offer a role you hold, and you don't hold %s: %s.", role.Name, who)
	}
	if slices.Contains(holders, to.ID) {
		return bot.Reply{}, commands.Userf("%s already holds %s.", to.Display(), role.Name)
	}
	s := rotation.Swap{Term: terms[i].ID, From: r.Sender.ID, To: to.ID, Offered: r.At, Expires: r.At.Add(consentWindow(r.Env))}
	if err := store.Step(ctx, r.Tx, func(tx *sql.Tx) error { return OfferSwap(ctx, tx, r.Room, &s) }); err != nil {
		return bot.Reply{}, err
	}
	p := r.Config.CommandPrefix
	text := fmt.Sprintf("%s: %s offers you their seat as %s. Say %saccept to take it over, or %sdecline swap, before %s.",
		to.Display(), r.Sender.Display(), role.Name, p, p, r.Time(s.Expires))
	return bot.Mentioning(text, to), nil
}

// pickSwap finds the offer a member means: the only one, or the one of the role typed.
func pickSwap(r *commands.Request, swaps []rotation.Swap, typed string) (rotation.Swap, error) {
	if len(swaps) == 0 {
		return rotation.Swap{}, commands.Userf("Nobody has offered you a swap (offers lapse after %s).", phrase.Duration(r.Lang, consentWindow(r.Env)))
	}
	if typed != "" {
		for _, s := range swaps {
			if roleKey(s.Role) == roleKey(typed) {
				return s, nil
			}
		}
	}
	if len(swaps) == 1 && typed == "" {
		return swaps[0], nil
	}
	offers := make([]string, len(swaps))
	for i, s := range swaps {
		offers[i] = s.Role
	}
	return rotation.Swap{}, commands.Userf("You were offered %s; say which one, like %s%s %s.", strings.Join(offers, " and "),
		r.Config.CommandPrefix, r.Command.Name, offers[0])
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
			return commands.Userf("You already hold %s.", s.Role)
		}
		if ok, err := SettleSwap(ctx, tx, s.ID, true); err != nil || !ok {
			if err == nil {
				err = commands.Userf("That offer is no longer open.")
			}
			return err
		}
		if ok, err := HandOverTerm(ctx, tx, s.Term, r.At, r.Sender.ID); err != nil || !ok {
			if err == nil {
				err = commands.Userf("The offer has lapsed: the seat is no longer held by the one who offered it.")
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
	text := fmt.Sprintf("%s is now %s, taking over from %s.", r.Sender.Display(), s.Role, book.Name(s.From))
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
	text := fmt.Sprintf("%s declined the offer: %s stays %s.", r.Sender.Display(), book.Name(s.From), s.Role)
	return bot.Mentioning(text, book.Members([]string{s.From})...), nil
}
