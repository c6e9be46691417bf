package rotation

import "time"

// What a room keeps of its roles: the roles, their pools, away times, terms, picks and
// swaps. The feature stores them; Choose and Plan read them.

// DefaultRoles are the roles every room starts with.
var DefaultRoles = []string{"facilitator", "notetaker", "mediator", "timekeeper"}

// DelegateRole is the role whose terms are mandates: it has history but is never rotated.
const DelegateRole = "delegate"

// Role is one of a room's roles.
type Role struct {
	Name     string
	Seats    int
	Schedule string // scheduled rotation in timeparse's canonical form; "" = by hand
	Parity   string // the group each term takes a member of and a member not of; "" = none
}

// PoolPeriod is one stretch of time a member spent in a role's pool.
type PoolPeriod struct {
	Role   string
	Member string
	Joined time.Time
	Left   time.Time // zero while in the pool
}

// Absence is a time a member is away from a room's rotation.
type Absence struct {
	Member string
	Since  time.Time
	Until  time.Time
	Reason string
}

// Term states.
const (
	TermHeld     = "held"     // a term, running or past
	TermDeclined = "declined" // refused within the consent window: not a term
	TermHanded   = "handed"   // handed over by a swap: the new holder's term counts instead
)

// How a term came about.
const (
	ViaRotation = "rotation"
	ViaSwap     = "swap"
	ViaMandate  = "mandate"
)

// Pick is one time a role was filled by rotation.
type Pick struct {
	ID       int64
	Role     string
	Number   int // the role's term number in the room, 1, 2, 3 ...; seeds the draw
	At       time.Time
	Seed     int64
	Outgoing []string // holders before the pick
	Declined []string // who declined this pick, in order
	Why      string   // the explanation of the latest choice, with names
}

// Swap is a seat offered by its holder to another member.
type Swap struct {
	ID      int64
	Term    int64
	Role    string // the term's role
	From    string
	To      string
	Offered time.Time
	Expires time.Time
}
