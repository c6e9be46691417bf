package store

import (
	"context"
	"fmt"
	"time"

	"folkmoot/bot"
)

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

const (
	storyInsert     = `INSERT INTO stories (room, text, told_by, told_by_name, told_at) VALUES (?, ?, ?, ?, ?) RETURNING id`
	storiesInPeriod = `SELECT id, text, told_by, told_by_name, told_at FROM stories WHERE room = ? AND told_at >= ? AND told_at < ? ORDER BY told_at, id`
	measureInsert   = `INSERT INTO measures (room, name, value, unit, taken_by, taken_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`
	measuresOf      = `SELECT id, name, value, unit, taken_by, taken_at FROM measures WHERE room = ? AND (? = '' OR name = ?)
		AND taken_at >= ? AND taken_at < ? ORDER BY name, taken_at, id`
	// On the indexes stories_teller and measures_taker.
	storiesToldBy   = `SELECT told_at FROM stories WHERE told_by = ? AND told_at > ? ORDER BY told_at`
	measuresTakenBy = `SELECT taken_at FROM measures WHERE taken_by = ? AND taken_at > ? ORDER BY taken_at`
)

// AddStory stores a story; s.ID is set.
func AddStory(ctx context.Context, q Querier, room bot.Room, s *Story) error {
	err := q.QueryRowContext(ctx, storyInsert, room.Key(), s.Text, s.ToldBy.ID, s.ToldBy.Name, s.ToldAt.UnixMilli()).Scan(&s.ID)
	if err != nil {
		return fmt.Errorf("add story: %w", err)
	}
	return nil
}

// StoriesInPeriod lists a room's stories told in [from, to), oldest first.
func StoriesInPeriod(ctx context.Context, q Querier, room bot.Room, from, to time.Time) ([]Story, error) {
	rows, err := q.QueryContext(ctx, storiesInPeriod, room.Key(), from.UnixMilli(), to.UnixMilli())
	if err != nil {
		return nil, fmt.Errorf("read stories: %w", err)
	}
	defer rows.Close()
	var out []Story
	for rows.Next() {
		var s Story
		var at int64
		if err := rows.Scan(&s.ID, &s.Text, &s.ToldBy.ID, &s.ToldBy.Name, &at); err != nil {
			return nil, fmt.Errorf("read stories: %w", err)
		}
		s.ToldAt = time.UnixMilli(at)
		out = append(out, s)
	}
	return out, rows.Err()
}

// AddMeasure stores a reading; m.ID is set.
func AddMeasure(ctx context.Context, q Querier, room bot.Room, m *Measure) error {
	err := q.QueryRowContext(ctx, measureInsert, room.Key(), m.Name, m.Value, m.Unit, m.TakenBy, m.TakenAt.UnixMilli()).Scan(&m.ID)
	if err != nil {
		return fmt.Errorf("add measure: %w", err)
	}
	return nil
}

// MeasuresInPeriod lists a room's readings taken in [from, to), of one measure (name) or
// all (""), by name then time.
func MeasuresInPeriod(ctx context.Context, q Querier, room bot.Room, name string, from, to time.Time) ([]Measure, error) {
	rows, err := q.QueryContext(ctx, measuresOf, room.Key(), name, name, from.UnixMilli(), to.UnixMilli())
	if err != nil {
		return nil, fmt.Errorf("read measures: %w", err)
	}
	defer rows.Close()
	var out []Measure
	for rows.Next() {
		var m Measure
		var at int64
		if err := rows.Scan(&m.ID, &m.Name, &m.Value, &m.Unit, &m.TakenBy, &at); err != nil {
			return nil, fmt.Errorf("read measures: %w", err)
		}
		m.TakenAt = time.UnixMilli(at)
		out = append(out, m)
	}
	return out, rows.Err()
}

// StoriesToldBy lists when a member told the stories they told after since, in every room,
// oldest first: for the member's daily limit.
func StoriesToldBy(ctx context.Context, q Querier, member string, since time.Time) ([]time.Time, error) {
	return times(ctx, q, "stories", storiesToldBy, member, since.UnixMilli())
}

// MeasuresTakenBy lists when a member took the readings they took after since, in every
// room, oldest first: for the member's daily limit.
func MeasuresTakenBy(ctx context.Context, q Querier, member string, since time.Time) ([]time.Time, error) {
	return times(ctx, q, "measures", measuresTakenBy, member, since.UnixMilli())
}
