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

// RoleSeats is a role to fill and how many members hold it at once.
type RoleSeats struct {
	Name  string
	Seats int
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
		Holders: holders, History: s.History, Excluded: excluded, Seed: seed,
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
func (s Situation) Plan(roles []RoleSeats) []Choice {
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
	return out
}
