package groups

import (
	"context"
	"database/sql"
	"fmt"

	"folkmoot/bot"
	"folkmoot/feature"
	"folkmoot/store"
	"folkmoot/words"
)

// forgetMemberships takes the member out of every group of the room: a membership is only
// theirs, and no record needs it.
const (
	forgetMemberships = `DELETE FROM member_group_members WHERE room = ? AND member = ?`
	forgetAdder       = `UPDATE member_groups SET added_by = ?3 WHERE room = ?1 AND added_by = ?2`
)

// personalData is what groups keep about a member: the groups they said they are in.
var personalData = &feature.PersonalData{Export: exportData, Forget: forgetData}

func exportData(ctx context.Context, q store.Querier, d feature.DataOf) ([]feature.DataSection, error) {
	mine, err := memberships(ctx, q, d.Room, d.Member)
	if err != nil || len(mine) == 0 {
		return nil, err
	}
	return []feature.DataSection{{Title: d.Lang.Say("groups.data.title"), Lines: mine}}, nil
}

func forgetData(ctx context.Context, tx *sql.Tx, _ *words.Lang, room bot.Room, member, pseudonym string) error {
	if _, err := tx.ExecContext(ctx, forgetMemberships, room.Key(), member); err != nil {
		return fmt.Errorf("forget group memberships: %w", err)
	}
	if _, err := tx.ExecContext(ctx, forgetAdder, room.Key(), member, pseudonym); err != nil {
		return fmt.Errorf("forget group memberships: %w", err)
	}
	return nil
}
