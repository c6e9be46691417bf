package stories

import (
	"context"
	"fmt"
	"time"

	"folkmoot/bot"
	"folkmoot/store"
	"folkmoot/story"
)

// The stories and measures tables; each function takes a store.Querier, so that it runs on
// the database or inside a transaction.

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
func AddStory(ctx context.Context, q store.Querier, room bot.Room, s *story.Story) error {
	err := q.QueryRowContext(ctx, storyInsert, room.Key(), s.Text, s.ToldBy.ID, s.ToldBy.Name, s.ToldAt.UnixMilli()).Scan(&s.ID)
	if err != nil {
		return fmt.Errorf("add story: %w", err)
	}
	return nil
}

// InPeriod lists a room's stories told in [from, to), oldest first; q may be a transaction.
func InPeriod(ctx context.Context, q store.Querier, room bot.Room, from, to time.Time) ([]story.Story, error) {
	return store.All(ctx, q, "stories", scanStory, storiesInPeriod, room.Key(), from.UnixMilli(), to.UnixMilli())
}

// AddMeasure stores a reading; m.ID is set.
func AddMeasure(ctx context.Context, q store.Querier, room bot.Room, m *story.Measure) error {
	err := q.QueryRowContext(ctx, measureInsert, room.Key(), m.Name, m.Value, m.Unit, m.TakenBy, m.TakenAt.UnixMilli()).Scan(&m.ID)
	if err != nil {
		return fmt.Errorf("add measure: %w", err)
	}
	return nil
}

// Readings lists a room's readings taken in [from, to), of one measure (name) or all (""),
// by name then time.
func Readings(ctx context.Context, q store.Querier, room bot.Room, name string, from, to time.Time) ([]story.Measure, error) {
	return store.All(ctx, q, "measures", scanMeasure, measuresOf, room.Key(), name, name, from.UnixMilli(), to.UnixMilli())
}

// StoriesToldBy lists when a member told the stories they told after since, in every room,
// oldest first: for the member's daily limit.
func StoriesToldBy(ctx context.Context, q store.Querier, member string, since time.Time) ([]time.Time, error) {
	return store.All(ctx, q, "stories", scanTime, storiesToldBy, member, since.UnixMilli())
}

// MeasuresTakenBy lists when a member took the readings they took after since, in every
// room, oldest first: for the member's daily limit.
func MeasuresTakenBy(ctx context.Context, q store.Querier, member string, since time.Time) ([]time.Time, error) {
	return store.All(ctx, q, "measures", scanTime, measuresTakenBy, member, since.UnixMilli())
}

func scanStory(row store.Scanner) (story.Story, error) {
	var s story.Story
	var at int64
	err := row.Scan(&s.ID, &s.Text, &s.ToldBy.ID, &s.ToldBy.Name, &at)
	s.ToldAt = time.UnixMilli(at)
	return s, err
}

func scanMeasure(row store.Scanner) (story.Measure, error) {
	var m story.Measure
	var at int64
	err := row.Scan(&m.ID, &m.Name, &m.Value, &m.Unit, &m.TakenBy, &at)
	m.TakenAt = time.UnixMilli(at)
	return m, err
}

// scanTime reads a column of unix milliseconds.
func scanTime(row store.Scanner) (time.Time, error) {
	var ms int64
	err := row.Scan(&ms)
	return time.UnixMilli(ms), err
}
