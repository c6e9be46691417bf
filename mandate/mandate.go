// Package mandate is a delegate's mandate as the assembly gives it: a scope and an end, and
// how it ended. Pure domain: no database, no bot runtime.
package mandate

import (
	"errors"
	"time"

	"folkmoot/bot"
)

// Why a mandate ended.
const (
	Expired  = "expired"  // reached its end by itself
	Ended    = "ended"    // ended early by the delegate or the facilitator-level
	Recalled = "recalled" // a recall vote passed
)

// ErrNotFound means the room has no mandate with that number or ID.
var ErrNotFound = errors.New("no such mandate")

// Mandate is a delegate's mandate: a scope and an end. Each is also a term of the
// delegate role.
type Mandate struct {
	ID        int64
	Number    int // per room: what people type (#3)
	Member    bot.Member
	Scope     string
	GivenBy   string
	Start     time.Time
	Ends      time.Time // when it ends by itself
	EndedAt   time.Time // zero while active
	EndReason string    // Expired, Ended or Recalled once ended
	EndedBy   string    // who ended it early
	Term      int64     // its term of the delegate role
	// Council, for a delegate's mandate toward a council (!mandate … --to), is that council's
	// room; zero otherwise.
	Council bot.Room
}

// Active reports whether the mandate has not ended.
func (m Mandate) Active() bool { return m.EndedAt.IsZero() }
