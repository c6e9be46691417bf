package matrix

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"folkmoot/bot"
)

// IsRoomAdmin reports whether the member's power level in the room reaches
// matrix.admin_power_level (default 50, moderator): such members are facilitator-level.
func (t *Transport) IsRoomAdmin(ctx context.Context, room bot.Room, member bot.Member) (bool, error) {
	roomID, err := matrixRoom(room)
	if err != nil {
		return false, err
	}
	pl, err := t.powerLevels(ctx, roomID)
	if err != nil {
		return false, err
	}
	return pl.GetUserLevel(id.UserID(member.ID)) >= t.cfg.AdminPowerLevel, nil
}

// powerLevels reads the room's power levels from the state store (kept current by the sync),
// asking the homeserver when the store has none yet.
func (t *Transport) powerLevels(ctx context.Context, roomID id.RoomID) (*event.PowerLevelsEventContent, error) {
	if pl, err := t.state.GetPowerLevels(ctx, roomID); err == nil && pl != nil {
		return pl, nil
	}
	if !t.ready.Load() {
		return nil, errNotConnected
	}
	if _, err := t.loadState(ctx, roomID); err != nil {
		return nil, fmt.Errorf("matrix: load power levels: %w", err)
	}
	pl, err := t.state.GetPowerLevels(ctx, roomID)
	if err != nil {
		return nil, fmt.Errorf("matrix: read power levels: %w", err)
	}
	if pl == nil {
		return &event.PowerLevelsEventContent{}, nil // no power levels event: everyone is 0
	}
	return pl, nil
}

// Members lists the room's joined members other than the bot, so a vote's electorate and
// its "not voted yet" include those who never spoke. The state store has them: the full
// state is loaded on join and the sync keeps it current.
func (t *Transport) Members(ctx context.Context, room bot.Room) ([]bot.Member, error) {
	roomID, err := matrixRoom(room)
	if err != nil {
		return nil, err
	}
	joined, err := t.state.GetRoomMembers(ctx, roomID, event.MembershipJoin)
	if err != nil {
		return nil, fmt.Errorf("matrix: read room members: %w", err)
	}
	out := make([]bot.Member, 0, len(joined))
	for user, content := range joined {
		if user == t.userID {
			continue
		}
		m := bot.Member{ID: user.String()}
		if content != nil {
			m.Name = content.Displayname
		}
		out = append(out, m)
	}
	slices.SortFunc(out, func(a, b bot.Member) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}
