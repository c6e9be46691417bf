package reminders

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"folkmoot/bot"
	"folkmoot/feature"
	"folkmoot/schedule"
	"folkmoot/store"
	"folkmoot/words"
)

// What a member's data holds of reminders, and how it is forgotten: a reminder for the member
// alone is theirs and goes; one they set for the room stays, under the pseudonym.
const (
	dataReminders = `SELECT number, text, spec, created_at, member = ?2 FROM reminders
		WHERE room = ?1 AND (member = ?2 OR created_by = ?2) AND ended_at IS NULL ORDER BY number`
	forgetOwnIDs = `SELECT id FROM reminders WHERE room = ? AND member = ?`
	forgetOwn    = `DELETE FROM reminders WHERE room = ? AND member = ?`
	forgetSetter = `UPDATE reminders SET created_by = ?3 WHERE room = ?1 AND created_by = ?2`
)

// personalData is what reminders keep about a member.
var personalData = &feature.PersonalData{Export: exportData, Forget: forgetData}

func exportData(ctx context.Context, q store.Querier, d feature.DataOf) ([]feature.DataSection, error) {
	l := d.Lang
	lines, err := store.All(ctx, q, "a member's reminders", func(row store.Scanner) (string, error) {
		var number, at int64
		var text, spec string
		var own bool
		if err := row.Scan(&number, &text, &spec, &at, &own); err != nil {
			return "", err
		}
		key := "reminders.data.room"
		if own {
			key = "reminders.data.own"
		}
		line := l.Say(key, "Number", number, "Text", text, "When", d.Time(time.UnixMilli(at)))
		if spec != "" {
			line += " (" + spec + ")"
		}
		return line, nil
	}, dataReminders, d.Room.Key(), d.Member)
	if err != nil || len(lines) == 0 {
		return nil, err
	}
	return []feature.DataSection{{Title: l.Say("reminders.data.title"), Lines: lines}}, nil
}

// forgetData deletes the member's own reminders with their jobs, and puts the pseudonym in the
// place of whoever set a reminder for the room.
func forgetData(ctx context.Context, tx *sql.Tx, _ *words.Lang, room bot.Room, member, pseudonym string) error {
	ids, err := store.All(ctx, tx, "a member's reminders", func(row store.Scanner) (int64, error) {
		var id int64
		return id, row.Scan(&id)
	}, forgetOwnIDs, room.Key(), member)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := schedule.Cancel(ctx, tx, room, jobReminder, strconv.FormatInt(id, 10)); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, forgetOwn, room.Key(), member); err != nil {
		return fmt.Errorf("forget reminders: %w", err)
	}
	if _, err := tx.ExecContext(ctx, forgetSetter, room.Key(), member, pseudonym); err != nil {
		return fmt.Errorf("forget reminders: %w", err)
	}
	return nil
}
