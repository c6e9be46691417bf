// Package story is the stories of initiative people tell a room and the readings of the
// indicators they measure, with the rules that need no database: which readings are in
// range, how a typed value and a past day or month are read, and how a series is drawn.
package story

import (
	"embed"
	"time"

	"folkmoot/bot"
	"folkmoot/words"
)

// wording is what story says, in every shipped language.
//
//go:embed lang/*.yaml
var wording embed.FS

func init() { words.Add(wording) }

// Story is a story of initiative someone told the room: who told it, when, and where (the room).
type Story struct {
	ID     int64
	Text   string
	ToldBy bot.Member
	ToldAt time.Time
}

// Measure is one reading of an ecological or social indicator ("pollinators 14 per-10-min").
type Measure struct {
	ID      int64
	Name    string // folded to lower case
	Value   float64
	Unit    string
	TakenBy string
	TakenAt time.Time
}

// Series is one measure's readings, oldest first, for a digest's chart.
type Series struct {
	Name     string
	Readings []Measure
}

// Values are the latest n readings' values (all when n <= 0), oldest first.
func (s Series) Values(n int) []float64 {
	rs := s.Readings
	if n > 0 && len(rs) > n {
		rs = rs[len(rs)-n:]
	}
	out := make([]float64, len(rs))
	for i, m := range rs {
		out[i] = m.Value
	}
	return out
}

// Error is a refusal of what was typed; its text is safe for the room.
type Error string

func (e Error) Error() string { return string(e) }

// RoomSafe marks the refusal as fit to show in the room.
func (Error) RoomSafe() {}
