package matrix

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"folkmoot/bot"
)

// directNamespace maps a member's user ID to the direct-message room the bot opened with
// them for private replies (a secret ballot's confirmation).
const directNamespace = "matrix_direct"

// directRoomTopic tells the member what the room is for; the bot answers nothing else there.
const directRoomTopic = "What folkmoot tells you alone, such as your secret ballots. Commands go in your assembly's room."

// SendPrivate implements bot.PrivateSender. Matrix has no private message within a room, so
// the reply goes to the member's direct-message room with the bot: opened (encrypted when
// encryption is on) the first time, and again when the member has left the last one or it
// can no longer be written to.
func (t *Transport) SendPrivate(ctx context.Context, _ bot.Room, to string, reply bot.Reply) error {
	if reply.IsZero() {
		return nil
	}
	user := id.UserID(to)
	if _, _, err := user.Parse(); err != nil {
		return fmt.Errorf("matrix: a private reply to %q, which is not a user ID: %w", to, bot.ErrUndeliverable)
	}
	reply.InReplyTo = "" // the message it answers is in another room
	return t.inDirectRoom(ctx, user, func(room id.RoomID) error {
		_, err := t.sendEventTxn(ctx, room, event.EventMessage, messageContent(reply), t.txnFor(reply, room))
		return err
	})
}

// inDirectRoom gives post the member's direct room. Where the room is no channel any more
// (the bot was removed, or it is encrypted and encryption was switched off) and post says so
// (bot.ErrUndeliverable), the room is forgotten and post is given a new one, once.
func (t *Transport) inDirectRoom(ctx context.Context, user id.UserID, post func(id.RoomID) error) error {
	for attempt := 0; ; attempt++ {
		room, err := t.directRoom(ctx, user)
		if err != nil {
			return err
		}
		err = post(room)
		if !errors.Is(err, bot.ErrUndeliverable) || attempt > 0 {
			return err
		}
		t.log.Warn().Err(err).Str("room", room.String()).Msg("a direct room can no longer be written to; opening a new one")
		if err := t.forgetDirectRoom(ctx, user); err != nil {
			return err
		}
	}
}

// directRoom returns the bot's direct-message room with user: the one it opened before while
// the user is still in it or invited, else a new one. Only the outbox calls it, one reply at a
// time; directMu keeps two calls from opening two rooms all the same.
func (t *Transport) directRoom(ctx context.Context, user id.UserID) (id.RoomID, error) {
	t.directMu.Lock()
	defer t.directMu.Unlock()
	ctx, cancel := context.WithTimeout(ctx, sendTimeout)
	defer cancel()
	known, ok, err := t.kv.Get(ctx, directNamespace, user.String())
	if err != nil {
		return "", fmt.Errorf("matrix: look up the direct room: %w", err)
	}
	if !ok {
		return t.openDirectRoom(ctx, user)
	}
	room := id.RoomID(known)
	member, err := t.state.TryGetMember(ctx, room, user)
	switch {
	case err != nil:
		return "", fmt.Errorf("matrix: check the direct room: %w", err)
	case member == nil:
		// The state store lost the member (it is rebuilt from the sync): invite again.
		return room, t.inviteToDirectRoom(ctx, room, user)
	case member.Membership == event.MembershipJoin || member.Membership == event.MembershipInvite:
		return room, nil
	}
	// They left it or turned it down: a room nobody else reads is no channel. The bot
	// leaves too and opens a new one.
	if _, err := t.cli.LeaveRoom(ctx, room); err != nil {
		t.log.Warn().Err(err).Str("room", room.String()).Msg("could not leave a direct room the member left")
	}
	if err := t.forgetDirectRoomLocked(ctx, user); err != nil {
		return "", err
	}
	return t.openDirectRoom(ctx, user)
}

// openDirectRoom creates a direct room inviting user, marked as a direct chat (only a room's
// creation can mark the invitation so), and remembers it. Only the bot may invite others:
// the room's messages are for this one member.
func (t *Transport) openDirectRoom(ctx context.Context, user id.UserID) (id.RoomID, error) {
	onlyBot := 100
	req := &mautrix.ReqCreateRoom{
		Preset:             "private_chat",
		IsDirect:           true,
		Invite:             []id.UserID{user},
		Name:               "folkmoot",
		Topic:              directRoomTopic,
		PowerLevelOverride: &event.PowerLevelsEventContent{InvitePtr: &onlyBot},
	}
	if t.crypto != nil {
		req.InitialState = []*event.Event{{
			Type:    event.StateEncryption,
			Content: event.Content{Parsed: &event.EncryptionEventContent{Algorithm: id.AlgorithmMegolmV1}},
		}}
	}
	var resp *mautrix.RespCreateRoom
	err := rateLimited(ctx, sleep, func() error {
		var err error
		resp, err = t.cli.CreateRoom(ctx, req)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("matrix: open a direct room: %w", permanent(err))
	}
	room := resp.RoomID
	t.mu.Lock()
	t.encrypted[room] = t.crypto != nil
	t.mu.Unlock()
	// The set first: even if the record below fails, this process never runs commands there.
	t.directRooms.add(room)
	if err := t.kv.Set(ctx, directNamespace, user.String(), room.String()); err != nil {
		return "", fmt.Errorf("matrix: remember the direct room: %w", err)
	}
	t.log.Info().Str("room", room.String()).Str("member", user.String()).Msg("opened a direct room for private replies")
	return room, nil
}

// inviteToDirectRoom invites user into their direct room again.
func (t *Transport) inviteToDirectRoom(ctx context.Context, room id.RoomID, user id.UserID) error {
	err := rateLimited(ctx, sleep, func() error {
		_, err := t.cli.InviteUser(ctx, room, &mautrix.ReqInviteUser{UserID: user})
		return err
	})
	if err != nil {
		return fmt.Errorf("matrix: invite to the direct room: %w", permanent(err))
	}
	// The sync will say so too; the state store must know now, so the first message is
	// encrypted for the invited member's devices.
	if err := t.state.SetMembership(ctx, room, user, event.MembershipInvite); err != nil {
		return fmt.Errorf("matrix: note the invitation: %w", err)
	}
	return nil
}

// permanent marks a refusal that no retry can change (forbidden, unknown user, bad request)
// as undeliverable, so the outbox drops the reply instead of retrying it for a day.
func permanent(err error) error {
	var httpErr mautrix.HTTPError
	if errors.As(err, &httpErr) && (httpErr.IsStatus(400) || httpErr.IsStatus(403) || httpErr.IsStatus(404)) {
		return fmt.Errorf("%w (%w)", bot.ErrUndeliverable, err)
	}
	return err
}

// forgetDirectRoom drops the record of user's direct room, so the next private reply opens a
// new one.
func (t *Transport) forgetDirectRoom(ctx context.Context, user id.UserID) error {
	t.directMu.Lock()
	defer t.directMu.Unlock()
	return t.forgetDirectRoomLocked(ctx, user)
}

func (t *Transport) forgetDirectRoomLocked(ctx context.Context, user id.UserID) error {
	if err := t.kv.Delete(ctx, directNamespace, user.String()); err != nil {
		return fmt.Errorf("matrix: forget the direct room: %w", err)
	}
	return nil
}

// directRoomSet is the rooms the bot opened for private replies, read once from the KV. It
// has its own lock: every incoming message asks it, and must never wait on a room being
// opened.
type directRoomSet struct {
	mu     sync.Mutex
	rooms  map[id.RoomID]bool
	loaded bool // the KV's rooms are in rooms
}

// has reports whether room is a direct room.
func (s *directRoomSet) has(ctx context.Context, kv bot.KV, room id.RoomID) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.loaded {
		all, err := kv.List(ctx, directNamespace)
		if err != nil {
			return false, fmt.Errorf("matrix: list the direct rooms: %w", err)
		}
		for _, r := range all {
			s.addLocked(id.RoomID(r))
		}
		s.loaded = true
	}
	return s.rooms[room], nil
}

// add records a direct room.
func (s *directRoomSet) add(room id.RoomID) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addLocked(room)
}

func (s *directRoomSet) addLocked(room id.RoomID) {
	if s.rooms == nil {
		s.rooms = map[id.RoomID]bool{}
	}
	s.rooms[room] = true
}
