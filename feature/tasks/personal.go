package tasks

import (
	"context"
	"database/sql"
	"time"

	"folkmoot/bot"
	"folkmoot/feature"
	"folkmoot/store"
	"folkmoot/words"
)

// What a member's data holds of tasks (those they hold or took, and those they wrote down),
// and how it is forgotten.
const (
	dataTasks = `SELECT number, text, state, created_at, due_at, owner = ?2, note FROM tasks
		WHERE room = ?1 AND (owner = ?2 OR created_by = ?2 OR closed_by = ?2) ORDER BY number`
	forgetOwner   = `UPDATE tasks SET owner = ?3, owner_name = ?3 WHERE room = ?1 AND owner = ?2`
	forgetCreator = `UPDATE tasks SET created_by = ?3, created_by_name = ?3 WHERE room = ?1 AND created_by = ?2`
	forgetCloser  = `UPDATE tasks SET closed_by = ?3 WHERE room = ?1 AND closed_by = ?2`
)

// personalData is what tasks keep about a member.
var personalData = &feature.PersonalData{Export: exportData, Forget: forgetData}

func exportData(ctx context.Context, q store.Querier, d feature.DataOf) ([]feature.DataSection, error) {
	l := d.Lang
	lines, err := store.All(ctx, q, "a member's tasks", func(row store.Scanner) (string, error) {
		var number, at int64
		var due sql.NullInt64
		var text, state, note string
		var owner bool
		if err := row.Scan(&number, &text, &state, &at, &due, &owner, &note); err != nil {
			return "", err
		}
		key := "tasks.data.written"
		if owner {
			key = "tasks.data.held"
		}
		line := l.Say(key, "Number", number, "Text", text, "State", state, "When", d.Time(time.UnixMilli(at)))
		if due.Valid {
			line += " " + l.Say("tasks.data.due", "When", d.Time(time.UnixMilli(due.Int64)))
		}
		if note != "" {
			line += "\n  " + note
		}
		return line, nil
	}, dataTasks, d.Room.Key(), d.Member)
	if err != nil || len(lines) == 0 {
		return nil, err
	}
	return []feature.DataSection{{Title: l.Say("tasks.data.title"), Lines: lines}}, nil
}

// forgetData puts the pseudonym in the place of the member on the room's tasks: who does a
// task stays part of the record, under a name that is no longer theirs.
func forgetData(ctx context.Context, tx *sql.Tx, _ *words.Lang, room bot.Room, member, pseudonym string) error {
	return store.ExecEach(ctx, tx, "forget in tasks", []string{forgetOwner, forgetCreator, forgetCloser}, room.Key(), member, pseudonym)
}
