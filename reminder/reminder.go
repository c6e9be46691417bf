// Package reminder is a message the bot posts at a time, once or on a schedule. Pure
// domain: no database, no bot runtime.
package reminder

import (
	"errors"
	"time"

	"folkmoot/bot"
)

// ErrNotFound means the room has no pending reminder with that number.
var ErrNotFound = errors.New("no such reminder")

// Reminder is a message the bot posts at a time, once or on a schedule.
type Reminder struct {
	ID        int64
	Number    int // per room: what people type
	Text      string
	Member    bot.Member // who "!remind me" mentions; zero reminds the room
	CreatedBy string
	CreatedAt time.Time
	Spec      string    // recurrence in timeparse's canonical form; "" once
	EndedAt   time.Time // cancelled, or a one-shot that fired; zero while pending
	// Often: facilitator-level set it with --often, so it may repeat more often than
	// limits.reminder_min_interval.
	Often bool
}
