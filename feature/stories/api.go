package stories

import (
	"context"
	"time"

	"folkmoot/bot"
	"folkmoot/minutes"
	"folkmoot/store"
	"folkmoot/story"
)

// MeasuresInPeriod groups a room's readings taken in [from, to) by measure (one measure
// when name is not ""), by name, for the digests' charts.
func MeasuresInPeriod(ctx context.Context, q store.Querier, room bot.Room, name string, from, to time.Time) ([]story.Series, error) {
	readings, err := Readings(ctx, q, room, name, from, to)
	if err != nil {
		return nil, err
	}
	var out []story.Series
	for _, m := range readings {
		if len(out) == 0 || out[len(out)-1].Name != m.Name {
			out = append(out, story.Series{Name: m.Name})
		}
		out[len(out)-1].Readings = append(out[len(out)-1].Readings, m)
	}
	return out, nil
}

// ForDigest is a period's stories and measures as the digest renders them (minutes.Digest's
// Stories and Measures); each measure's chart shows its readings in the period. q may be a
// transaction. The app gives it to the meetings feature, whose digests show them.
func ForDigest(ctx context.Context, q store.Querier, room bot.Room, from, to time.Time) ([]minutes.Story, []minutes.Measure, error) {
	told, err := InPeriod(ctx, q, room, from, to)
	if err != nil {
		return nil, nil, err
	}
	series, err := MeasuresInPeriod(ctx, q, room, "", from, to)
	if err != nil {
		return nil, nil, err
	}
	var ss []minutes.Story
	for _, s := range told {
		ss = append(ss, minutes.Story{Text: s.Text, Teller: s.ToldBy.Display(), At: s.ToldAt})
	}
	var ms []minutes.Measure
	for _, s := range series {
		m := minutes.Measure{Name: s.Name, Unit: s.Readings[len(s.Readings)-1].Unit}
		for _, r := range s.Readings {
			// A reading stored before they were checked (an infinity, 1e308) would break
			// the charts' scale: the digest draws the readings in range.
			if story.InRange(r.Value) {
				m.Points = append(m.Points, minutes.Point{At: r.TakenAt, Value: r.Value})
			}
		}
		if len(m.Points) > 0 {
			ms = append(ms, m)
		}
	}
	return ss, ms, nil
}
