package stories

import (
	"context"
	"database/sql"
	"time"

	"folkmoot/bot"
	"folkmoot/feature"
	"folkmoot/phrase"
	"folkmoot/store"
	"folkmoot/words"
)

// What a member's data holds of stories and measures, and how it is forgotten.
const (
	dataStories    = `SELECT text, told_at FROM stories WHERE room = ? AND told_by = ? ORDER BY id`
	dataMeasures   = `SELECT name, value, unit, taken_at FROM measures WHERE room = ? AND taken_by = ? ORDER BY id`
	forgetStories  = `UPDATE stories SET told_by = ?3, told_by_name = ?3 WHERE room = ?1 AND told_by = ?2`
	forgetMeasures = `UPDATE measures SET taken_by = ?3 WHERE room = ?1 AND taken_by = ?2`
)

// personalData is what stories keep about a member.
var personalData = &feature.PersonalData{Export: exportData, Forget: forgetData}

func exportData(ctx context.Context, q store.Querier, d feature.DataOf) ([]feature.DataSection, error) {
	l := d.Lang
	stories, err := store.All(ctx, q, "a member's stories", func(row store.Scanner) (string, error) {
		var text string
		var at int64
		err := row.Scan(&text, &at)
		return d.Time(time.UnixMilli(at)) + " " + text, err
	}, dataStories, d.Room.Key(), d.Member)
	if err != nil {
		return nil, err
	}
	measures, err := store.All(ctx, q, "a member's measures", func(row store.Scanner) (string, error) {
		var name, unit string
		var value float64
		var at int64
		err := row.Scan(&name, &value, &unit, &at)
		line := d.Time(time.UnixMilli(at)) + " " + name + ": " + phrase.Number(l, value)
		if unit != "" {
			line += " " + unit
		}
		return line, err
	}, dataMeasures, d.Room.Key(), d.Member)
	if err != nil {
		return nil, err
	}
	var out []feature.DataSection
	if len(stories) > 0 {
		out = append(out, feature.DataSection{Title: l.Say("stories.data.stories"), Lines: stories})
	}
	if len(measures) > 0 {
		out = append(out, feature.DataSection{Title: l.Say("stories.data.measures"), Lines: measures})
	}
	return out, nil
}

// forgetData keeps the room's stories and readings, told by the pseudonym.
func forgetData(ctx context.Context, tx *sql.Tx, _ *words.Lang, room bot.Room, member, pseudonym string) error {
	return store.ExecEach(ctx, tx, "forget in stories", []string{forgetStories, forgetMeasures}, room.Key(), member, pseudonym)
}
