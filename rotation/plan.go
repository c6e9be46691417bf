package rotation

import (
	"cmp"
	"fmt"
	"hash/fnv"
	"maps"
	"slices"
	"time"
)

// Situation is everything a room's rotation reads at one moment: who is in each role's pool
// (former members included), who is away, who holds what, the history of terms, and how many
// picks each role has had.
type Situation struct {
	RoomKey string
	Now     time.Time
	Pool    map[string][]Member // by role
	Away    []string
	Holders map[string][]string // current holders by role
	History []Term
	Numbers map[string]int // latest pick number by role
}

// RoleSeats is a role to fill, how many members hold it at once, and the group its seats
// keep parity with, if any.
type RoleSeats struct {
	Name   string
	Seats  int
	Parity *Parity
}

// Seed fixes a pick's tie-break draw from the room, the role and its term number, so the
// same pick always comes out the same (a forecast and the rotation agree).
func Seed(roomKey, role string, number int) int64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "%s|%s|%d", roomKey, role, number)
	return int64(h.Sum64())
}

// Input is the rotation's view of filling one role with the given holders of every role.
func (s Situation) Input(role RoleSeats, holders map[string][]string, excluded []string, seed int64) Input {
	return Input{
		Role: role.Name, Seats: role.Seats, Now: s.Now, Pool: s.Pool[role.Name], Away: s.Away,
		Holders: holders, History: s.History, Excluded: excluded, Seed: seed, Parity: role.Parity,
	}
}

// Plan chooses holders for several roles at once, as a meeting fills them: the role whose
// best candidate is most owed first (NextToFill), and everyone chosen counts as holding a
// role for the ones filled after. Holders of roles still to be filled are about to be free,
// so they do not count as holding one.
//
// NextToFill breaks ties by input order, so the roles are listed with the fewest eligible
// members first: in a new room (every balance equal) a member who is only in one small pool
// then gets that role instead of being left out because a larger role took them first.
//
// Filling one role after the other can still give a member a role early and then, through
// a small pool, another one later, while someone else who could have taken the first holds
// nothing. So the plan is then settled (see settle): in the end every role's chosen are the
// head of its ranking as it stands with every other role filled. That is the spread the
// rotation promises: whoever holds a seat filled here holds at most one role more than any
// member who could have taken that seat (in its pool, not away, not its outgoing holder).
func (s Situation) Plan(roles []RoleSeats) []Choice {
	if s.Holders == nil {
		s.Holders = map[string][]string{} // filled below
	}
	remaining := slices.Clone(roles)
	eligible := map[string]int{}
	for _, role := range remaining {
		eligible[role.Name] = len(Rank(s.Input(role, s.Holders, nil, 0)))
	}
	slices.SortStableFunc(remaining, func(a, b RoleSeats) int { return cmp.Compare(eligible[a.Name], eligible[b.Name]) })
	filled := map[string][]string{}
	var out []Choice
	for len(remaining) > 0 {
		ins := make([]Input, len(remaining))
		for i, role := range remaining {
			holders := maps.Clone(s.Holders)
			for _, other := range remaining {
				if other.Name != role.Name {
					delete(holders, other.Name)
				}
			}
			for name, ids := range filled {
				holders[name] = ids
			}
			ins[i] = s.Input(role, holders, nil, Seed(s.RoomKey, role.Name, s.Numbers[role.Name]+1))
		}
		i := max(NextToFill(ins), 0) // -1: nobody eligible anywhere; go in order
		ch := Choose(ins[i])
		out = append(out, ch)
		filled[ch.Role] = ch.Chosen
		if len(ch.Chosen) == 0 {
			filled[ch.Role] = s.Holders[ch.Role] // nobody chosen: the holders stay
		}
		remaining = slices.Delete(remaining, i, i+1)
	}
	return s.settle(roles, out)
}

// settle chooses each role again against the final holders of every other role until no
// choice changes, and returns the choices in the same order. A change replaces chosen
// members by members ranked above them, so each one either moves a seat to someone with
// fewer other roles (the sum of the squares of the members' role counts falls) or, with the
// role counts as they were, to someone earlier in the role's own order (balance, longest
// ago, draw, which do not depend on holders): the pair can only fall, so this ends. The
// bound is a guard, not a limit the proof needs.
func (s Situation) settle(roles []RoleSeats, out []Choice) []Choice {
	seats := map[string]RoleSeats{}
	for _, r := range roles {
		seats[r.Name] = r
	}
	final := maps.Clone(s.Holders)
	for _, ch := range out {
		if len(ch.Chosen) > 0 {
			final[ch.Role] = ch.Chosen
		}
	}
	for range 64 * (len(out) + 1) {
		changed := false
		for i, ch := range out {
			if len(ch.Chosen) == 0 {
				continue // nobody eligible, whoever holds the others
			}
			holders := maps.Clone(final)
			holders[ch.Role] = s.Holders[ch.Role] // its outgoing holders
			again := Choose(s.Input(seats[ch.Role], holders, nil, Seed(s.RoomKey, ch.Role, s.Numbers[ch.Role]+1)))
			if !sameMembers(again.Chosen, ch.Chosen) {
				changed = true
			}
			out[i], final[ch.Role] = again, again.Chosen
		}
		if !changed {
			break
		}
	}
	return out
}

// sameMembers reports whether two lists hold the same members, in any order.
func sameMembers(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, id := range a {
		if !slices.Contains(b, id) {
			return false
		}
	}
	return true
}
