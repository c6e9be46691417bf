package roles

import (
	"context"
	"database/sql"
	"time"

	"folkmoot/bot"
	"folkmoot/feature"
	"folkmoot/store"
	"folkmoot/words"
)

// What a member's data holds of roles (their terms, their place in a pool, their times away),
// and how it is forgotten.
const (
	dataTerms = `SELECT role, via, state, started_at, ended_at FROM role_terms WHERE room = ? AND member = ? ORDER BY started_at, id`
	dataPool  = `SELECT role, joined_at, left_at FROM role_pool WHERE room = ? AND member = ? ORDER BY joined_at, id`
	dataAway  = `SELECT since, until, reason FROM role_away WHERE room = ? AND member = ? ORDER BY since, id`
	// The names the room knows the member by: a pick's explanation names them.
	forgetNames   = `SELECT name FROM members WHERE room = ? AND member = ? AND length(name) > 1`
	forgetTerms   = `UPDATE role_terms SET member = ?3, note = replace(note, ?2, ?3) WHERE room = ?1 AND member = ?2`
	forgetPool    = `UPDATE role_pool SET member = ?3 WHERE room = ?1 AND member = ?2`
	forgetAway    = `UPDATE role_away SET member = ?3 WHERE room = ?1 AND member = ?2`
	forgetSwapsBy = `UPDATE role_swaps SET from_member = ?3 WHERE room = ?1 AND from_member = ?2`
	forgetSwapsTo = `UPDATE role_swaps SET to_member = ?3 WHERE room = ?1 AND to_member = ?2`
	forgetPicks   = `UPDATE role_picks SET outgoing = replace(outgoing, ?2, ?3), declined = replace(declined, ?2, ?3),
		why = replace(why, ?2, ?3) WHERE room = ?1`
	forgetNotes = `UPDATE role_terms SET note = replace(note, ?2, ?3) WHERE room = ?1 AND instr(note, ?2) > 0`
)

// personalData is what roles keep about a member.
var personalData = &feature.PersonalData{Export: exportData, Forget: forgetData}

func exportData(ctx context.Context, q store.Querier, d feature.DataOf) ([]feature.DataSection, error) {
	l := d.Lang
	until := func(t sql.NullInt64) string {
		if !t.Valid {
			return "…"
		}
		return d.Time(time.UnixMilli(t.Int64))
	}
	terms, err := store.All(ctx, q, "a member's terms", func(row store.Scanner) (string, error) {
		var role, via, state string
		var from int64
		var to sql.NullInt64
		err := row.Scan(&role, &via, &state, &from, &to)
		return l.Say("roles.data.term", "Role", role, "How", via+", "+state, "From", d.Time(time.UnixMilli(from)), "To", until(to)), err
	}, dataTerms, d.Room.Key(), d.Member)
	if err != nil {
		return nil, err
	}
	pool, err := store.All(ctx, q, "a member's pools", func(row store.Scanner) (string, error) {
		var role string
		var from int64
		var to sql.NullInt64
		err := row.Scan(&role, &from, &to)
		return l.Say("roles.data.pool", "Role", role, "From", d.Time(time.UnixMilli(from)), "To", until(to)), err
	}, dataPool, d.Room.Key(), d.Member)
	if err != nil {
		return nil, err
	}
	away, err := store.All(ctx, q, "a member's times away", func(row store.Scanner) (string, error) {
		var from, to int64
		var reason string
		err := row.Scan(&from, &to, &reason)
		line := l.Say("roles.data.away", "From", d.Time(time.UnixMilli(from)), "To", d.Time(time.UnixMilli(to)))
		if reason != "" {
			line += " — " + reason
		}
		return line, err
	}, dataAway, d.Room.Key(), d.Member)
	if err != nil {
		return nil, err
	}
	if len(terms)+len(pool)+len(away) == 0 {
		return nil, nil
	}
	return []feature.DataSection{{Title: l.Say("roles.data.title"), Lines: append(append(terms, pool...), away...)}}, nil
}

// forgetData keeps the room's rotation true (who held what, and when), under the pseudonym;
// a pick's explanation and a declined term's note lose the member's ID and name.
func forgetData(ctx context.Context, tx *sql.Tx, _ *words.Lang, room bot.Room, member, pseudonym string) error {
	names, err := store.All(ctx, tx, "a member's names", store.Text, forgetNames, room.Key(), member)
	if err != nil {
		return err
	}
	if err := store.ExecEach(ctx, tx, "forget in roles", []string{forgetTerms, forgetPool, forgetAway, forgetSwapsBy, forgetSwapsTo, forgetPicks, forgetNotes}, room.Key(), member, pseudonym); err != nil {
		return err
	}
	for _, name := range names {
		if err := store.ExecEach(ctx, tx, "forget in roles", []string{forgetPicks, forgetNotes}, room.Key(), name, pseudonym); err != nil {
			return err
		}
	}
	return nil
}
