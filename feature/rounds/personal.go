package rounds

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"folkmoot/bot"
	"folkmoot/feature"
	"folkmoot/phrase"
	"folkmoot/store"
	"folkmoot/words"
)

// What a member's data holds of rounds (their speaking figures), and how it is forgotten.
const (
	dataTurns = `SELECT source, COUNT(*), SUM(turns), SUM(ms), MIN(at), MAX(at) FROM round_turns
		WHERE room = ? AND member = ? GROUP BY source ORDER BY source`
	forgetNames = `SELECT DISTINCT name FROM round_turns WHERE room = ? AND member = ? AND length(name) > 1`
	forgetTurns = `UPDATE round_turns SET member = ?3, name = ?3 WHERE room = ?1 AND member = ?2`
	// A round's summary and the room's live state are JSON: the member's ID and names, as JSON
	// strings, give way to the pseudonym.
	// ?2 and ?3 are JSON strings, quoted as the stored JSON quotes them (quoted in Go: the
	// two stores have no JSON quoting function in common).
	forgetReports = `UPDATE round_reports SET report = replace(report, ?2, ?3) WHERE room = ?1 AND instr(report, ?2) > 0`
	forgetState   = `UPDATE rounds SET state = replace(state, ?2, ?3) WHERE room = ?1 AND instr(state, ?2) > 0`
)

// personalData is what rounds keep about a member: how often and how long they spoke.
var personalData = &feature.PersonalData{Export: exportData, Forget: forgetData}

func exportData(ctx context.Context, q store.Querier, d feature.DataOf) ([]feature.DataSection, error) {
	l := d.Lang
	lines, err := store.All(ctx, q, "a member's speaking figures", func(row store.Scanner) (string, error) {
		var source string
		var stretches, turns int
		var ms, from, to int64
		if err := row.Scan(&source, &stretches, &turns, &ms, &from, &to); err != nil {
			return "", err
		}
		return l.Say("rounds.data."+source, "Count", turns, "Time", phrase.Duration(l, time.Duration(ms)*time.Millisecond),
			"From", d.Time(time.UnixMilli(from)), "To", d.Time(time.UnixMilli(to))), nil
	}, dataTurns, d.Room.Key(), d.Member)
	if err != nil || len(lines) == 0 {
		return nil, err
	}
	return []feature.DataSection{{Title: l.Say("rounds.data.title"), Lines: lines}}, nil
}

// jsonString is s as a JSON string, quotes included: how a name stands in stored JSON.
func jsonString(s string) string {
	b, _ := json.Marshal(s) // a string always marshals
	return string(b)
}

// forgetData keeps the room's speaking figures true, under the pseudonym.
func forgetData(ctx context.Context, tx *sql.Tx, _ *words.Lang, room bot.Room, member, pseudonym string) error {
	names, err := store.All(ctx, tx, "a member's names in rounds", store.Text, forgetNames, room.Key(), member)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, forgetTurns, room.Key(), member, pseudonym); err != nil {
		return fmt.Errorf("forget in rounds: %w", err)
	}
	for _, was := range append([]string{member}, names...) {
		if err := store.ExecEach(ctx, tx, "forget in rounds", []string{forgetReports, forgetState}, room.Key(), jsonString(was), jsonString(pseudonym)); err != nil {
			return err
		}
	}
	return nil
}
