package round

import (
	"time"

	"folkmoot/bot"
)

// What a room keeps of its rounds and queue beyond State: the turns taken, for the figures
// over weeks, and the reports of finished rounds, for the minutes.

// Where a turn was spoken.
const (
	TurnInRound = "round"
	TurnInQueue = "queue"
)

// Turn is one finished stretch of speaking, or a part taken with no time (a sign-up, a pass,
// a raised hand), so that everyone who took part counts in the figures.
type Turn struct {
	Member bot.Member
	Time   time.Duration
	Turns  int // turns finished: 1 for a spoken turn, 0 for a pass
	At     time.Time
	Source string // TurnInRound or TurnInQueue
}

// Finished is a finished round's report with the time it finished.
type Finished struct {
	At     time.Time
	Report Report
}
