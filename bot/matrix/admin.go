package matrix

import (
	"context"
	"embed"
	"fmt"
	"slices"
	"strings"

	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"folkmoot/bot"
	"folkmoot/words"
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

// powerLevels reads the room's power levels from the state store (kept current by the sync).
// When the store has none yet it does not ask the homeserver there and then: a guard asks
// inside the event's transaction, and mautrix writes what it fetched into the same SQLite
// file, which would wait on that transaction's lock. The room's state is fetched aside, and
// the member is asked to say it again.
func (t *Transport) powerLevels(ctx context.Context, roomID id.RoomID) (*event.PowerLevelsEventContent, error) {
	if pl, err := t.state.GetPowerLevels(ctx, roomID); err == nil && pl != nil {
		return pl, nil
	}
	t.mu.Lock()
	_, fetched := t.encrypted[roomID] // this process fetched the room's whole state
	t.mu.Unlock()
	if fetched {
		return &event.PowerLevelsEventContent{}, nil // no power levels event: everyone is 0
	}
	if !t.ready.Load() {
		return nil, errNotConnected
	}
	t.fetchStateAside(roomID)
	return nil, errStateNotYet
}

// errStateNotYet answers a command whose guard needs the room's power levels before the
// state store has them; the room reads it in its language.
var errStateNotYet error = words.Problemf("matrix.state_not_yet")

// wording is what the Matrix adapter says to a room itself, in every shipped language.
//
//go:embed lang/*.yaml
var wording embed.FS

func init() { words.Add(wording) }

// fetchStateAside fetches a room's state into the state store outside any event's handling,
// once at a time per room.
func (t *Transport) fetchStateAside(roomID id.RoomID) {
	t.mu.Lock()
	if t.fetching[roomID] {
		t.mu.Unlock()
		return
	}
	t.fetching[roomID] = true
	ctx := t.runCtx
	t.mu.Unlock()
	go func() {
		defer func() {
			t.mu.Lock()
			delete(t.fetching, roomID)
			t.mu.Unlock()
		}()
		if _, err := t.loadState(ctx, roomID); err != nil {
			t.log.Warn().Err(err).Str("room", roomID.String()).Msg("could not load the room's state")
		}
	}()
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
