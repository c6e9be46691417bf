package mandates

import (
	"context"
	"database/sql"
	"time"

	"folkmoot/bot"
	"folkmoot/feature"
	"folkmoot/store"
	"folkmoot/words"
)

// What a member's data holds of mandates, and how it is forgotten. A mandate's term is the
// roles feature's, which forgets it with the member's other terms.
const (
	dataMandates = `SELECT number, scope, starts_at, ends_at, ended_at, end_reason FROM mandates
		WHERE room = ? AND member = ? ORDER BY number`
	forgetHolder = `UPDATE mandates SET member = ?3, member_name = ?3 WHERE room = ?1 AND member = ?2`
	forgetGiver  = `UPDATE mandates SET given_by = ?3 WHERE room = ?1 AND given_by = ?2`
	forgetEnder  = `UPDATE mandates SET ended_by = ?3 WHERE room = ?1 AND ended_by = ?2`
)

// personalData is what mandates keep about a member: the mandates they held.
var personalData = &feature.PersonalData{Export: exportData, Forget: forgetData}

func exportData(ctx context.Context, q store.Querier, d feature.DataOf) ([]feature.DataSection, error) {
	l := d.Lang
	lines, err := store.All(ctx, q, "a member's mandates", func(row store.Scanner) (string, error) {
		var number, from, until int64
		var ended sql.NullInt64
		var scope, reason string
		if err := row.Scan(&number, &scope, &from, &until, &ended, &reason); err != nil {
			return "", err
		}
		if ended.Valid {
			until = ended.Int64
		}
		line := l.Say("mandates.data.line", "Number", number, "Scope", scope, "From", d.Time(time.UnixMilli(from)), "To", d.Time(time.UnixMilli(until)))
		if reason != "" {
			line += " (" + reason + ")"
		}
		return line, nil
	}, dataMandates, d.Room.Key(), d.Member)
	if err != nil || len(lines) == 0 {
		return nil, err
	}
	return []feature.DataSection{{Title: l.Say("mandates.data.title"), Lines: lines}}, nil
}

// forgetData keeps the room's mandates, held, given and ended by the pseudonym.
func forgetData(ctx context.Context, tx *sql.Tx, _ *words.Lang, room bot.Room, member, pseudonym string) error {
	return store.ExecEach(ctx, tx, "forget in mandates", []string{forgetHolder, forgetGiver, forgetEnder}, room.Key(), member, pseudonym)
}
