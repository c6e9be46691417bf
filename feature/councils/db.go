package councils

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"folkmoot/bot"
	"folkmoot/store"
)

// The states of a link.
const (
	invited = "invited"
	linked  = "linked"
)

// link is one council–assembly link.
type link struct {
	Council, Assembly bot.Room
	State             string
}

const (
	linkInvite   = `INSERT INTO council_links (council, assembly, state, invited_by, invited_at) VALUES (?, ?, 'invited', ?, ?)`
	linkJoin     = `UPDATE council_links SET state = 'linked', joined_by = ?, joined_at = ? WHERE council = ? AND assembly = ? AND state = 'invited'`
	linkDelete   = `DELETE FROM council_links WHERE council = ? AND assembly = ?`
	linksOf      = `SELECT council, assembly, state FROM council_links WHERE council = ? OR assembly = ? ORDER BY council, assembly`
	linkOne      = `SELECT council, assembly, state FROM council_links WHERE council = ? AND assembly = ?`
	councilsOf   = `SELECT council FROM council_links WHERE assembly = ? AND state = 'linked' ORDER BY council`
	assembliesOf = `SELECT assembly FROM council_links WHERE council = ? AND state = 'linked' ORDER BY assembly`
)

// links lists every link a room is on, either side.
func links(ctx context.Context, q store.Querier, room bot.Room) ([]link, error) {
	rows, err := q.QueryContext(ctx, linksOf, room.Key(), room.Key())
	if err != nil {
		return nil, fmt.Errorf("read council links: %w", err)
	}
	defer rows.Close()
	var out []link
	for rows.Next() {
		l, err := scanLink(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// linkBetween is the link between a council and an assembly, if any.
func linkBetween(ctx context.Context, q store.Querier, council, assembly bot.Room) (link, bool, error) {
	l, err := scanLink(q.QueryRowContext(ctx, linkOne, council.Key(), assembly.Key()))
	if err == sql.ErrNoRows {
		return l, false, nil
	}
	return l, err == nil, err
}

func scanLink(row interface{ Scan(...any) error }) (link, error) {
	var council, assembly, state string
	if err := row.Scan(&council, &assembly, &state); err != nil {
		if err == sql.ErrNoRows {
			return link{}, err
		}
		return link{}, fmt.Errorf("read council link: %w", err)
	}
	c, _ := bot.ParseRoomKey(council)
	a, _ := bot.ParseRoomKey(assembly)
	return link{Council: c, Assembly: a, State: state}, nil
}

// Councils lists the councils an assembly is linked to.
func Councils(ctx context.Context, q store.Querier, assembly bot.Room) ([]bot.Room, error) {
	return roomsOf(ctx, q, councilsOf, assembly)
}

// assemblies lists the assemblies linked to a council.
func assemblies(ctx context.Context, q store.Querier, council bot.Room) ([]bot.Room, error) {
	return roomsOf(ctx, q, assembliesOf, council)
}

// roomsOf lists the rooms on the other side of a room's links, as query reads them.
func roomsOf(ctx context.Context, q store.Querier, query string, room bot.Room) ([]bot.Room, error) {
	rows, err := q.QueryContext(ctx, query, room.Key())
	if err != nil {
		return nil, fmt.Errorf("read councils: %w", err)
	}
	defer rows.Close()
	var out []bot.Room
	for rows.Next() {
		var key string
		if err := rows.Scan(&key); err != nil {
			return nil, fmt.Errorf("read councils: %w", err)
		}
		if room, ok := bot.ParseRoomKey(key); ok {
			out = append(out, room)
		}
	}
	return out, rows.Err()
}

func invite(ctx context.Context, tx *sql.Tx, council, assembly bot.Room, by string, at time.Time) error {
	if _, err := tx.ExecContext(ctx, linkInvite, council.Key(), assembly.Key(), by, at.UnixMilli()); err != nil {
		return fmt.Errorf("invite to council: %w", err)
	}
	return nil
}

func join(ctx context.Context, tx *sql.Tx, council, assembly bot.Room, by string, at time.Time) (bool, error) {
	res, err := tx.ExecContext(ctx, linkJoin, by, at.UnixMilli(), council.Key(), assembly.Key())
	if err != nil {
		return false, fmt.Errorf("join council: %w", err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

func unlink(ctx context.Context, tx *sql.Tx, council, assembly bot.Room) error {
	if _, err := tx.ExecContext(ctx, linkDelete, council.Key(), assembly.Key()); err != nil {
		return fmt.Errorf("leave council: %w", err)
	}
	return nil
}
