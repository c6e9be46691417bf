package councils

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"folkmoot/bot"
	"folkmoot/store"
)

// linked is the state of a link both sides agreed to; before, it is "invited".
const linked = "linked"

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
	return store.All(ctx, q, "council links", scanLink, linksOf, room.Key(), room.Key())
}

// linkBetween is the link between a council and an assembly, if any.
func linkBetween(ctx context.Context, q store.Querier, council, assembly bot.Room) (link, bool, error) {
	l, err := store.First(ctx, q, "council links", scanLink, sql.ErrNoRows, linkOne, council.Key(), assembly.Key())
	if errors.Is(err, sql.ErrNoRows) {
		return l, false, nil
	}
	return l, err == nil, err
}

// scanLink reads one row of council_links.
func scanLink(row store.Scanner) (link, error) {
	var council, assembly string
	var l link
	err := row.Scan(&council, &assembly, &l.State)
	l.Council, _ = bot.ParseRoomKey(council)
	l.Assembly, _ = bot.ParseRoomKey(assembly)
	return l, err
}

// Councils lists the councils an assembly is linked to.
func Councils(ctx context.Context, q store.Querier, assembly bot.Room) ([]bot.Room, error) {
	return store.All(ctx, q, "councils", scanRoom, councilsOf, assembly.Key())
}

// Assemblies lists the assemblies linked to a council.
func Assemblies(ctx context.Context, q store.Querier, council bot.Room) ([]bot.Room, error) {
	return store.All(ctx, q, "assemblies", scanRoom, assembliesOf, council.Key())
}

// scanRoom reads a row of one room key.
func scanRoom(row store.Scanner) (bot.Room, error) {
	key, err := store.Text(row)
	room, _ := bot.ParseRoomKey(key)
	return room, err
}

func invite(ctx context.Context, tx *sql.Tx, council, assembly bot.Room, by string, at time.Time) error {
	if _, err := tx.ExecContext(ctx, linkInvite, council.Key(), assembly.Key(), by, at.UnixMilli()); err != nil {
		return fmt.Errorf("invite to council: %w", err)
	}
	return nil
}

func join(ctx context.Context, tx *sql.Tx, council, assembly bot.Room, by string, at time.Time) (bool, error) {
	return store.Changed(tx.ExecContext(ctx, linkJoin, by, at.UnixMilli(), council.Key(), assembly.Key()))
}

func unlink(ctx context.Context, tx *sql.Tx, council, assembly bot.Room) error {
	if _, err := tx.ExecContext(ctx, linkDelete, council.Key(), assembly.Key()); err != nil {
		return fmt.Errorf("leave council: %w", err)
	}
	return nil
}
