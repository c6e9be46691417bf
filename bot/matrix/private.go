package matrix

import (
	"context"
	"fmt"

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
// encryption is on) the first time, and again when the member has left the last one.
func (t *Transport) SendPrivate(ctx context.Context, _ bot.Room, to string, reply bot.Reply) error {
	if reply.IsZero() {
		return nil
	}
	user := id.UserID(to)
	if _, _, err := user.Parse(); err != nil {
		return fmt.Errorf("matrix: a private reply to %q, which is not a user ID: %w", to, bot.ErrUndeliverable)
	}
	room, err := t.directRoom(ctx, user)
	if err != nil {
		return err
	}
	reply.InReplyTo = "" // the message it answers is in another room
	_, err = t.sendEvent(ctx, room, event.EventMessage, messageContent(reply))
	return err
}

// directRoom returns the bot's direct-message room with user, opening one when there is none
// the user is still in or invited to.
func (t *Transport) directRoom(ctx context.Context, user id.UserID) (id.RoomID, error) {
	t.directMu.Lock()
	defer t.directMu.Unlock()
	if err := t.loadDirectRooms(ctx); err != nil {
		return "", fmt.Errorf("matrix: list the direct rooms: %w", err)
	}
	known, ok, err := t.kv.Get(ctx, directNamespace, user.String())
	if err != nil {
		return "", fmt.Errorf("matrix: look up the direct room: %w", err)
	}
	if ok {
		old := id.RoomID(known)
		switch m, err := t.state.GetMembership(ctx, old, user); {
		case err != nil:
			return "", fmt.Errorf("matrix: check the direct room: %w", err)
		case m == event.MembershipJoin || m == event.MembershipInvite:
			return old, nil
		}
		// They left (or turned the invitation down): the bot leaves too and opens a new one,
		// since a room nobody else reads is no channel.
		if _, err := t.cli.LeaveRoom(ctx, old); err != nil {
			t.log.Warn().Err(err).Str("room", old.String()).Msg("could not leave a direct room the member left")
		}
	}
	req := &mautrix.ReqCreateRoom{
		Preset:   "private_chat",
		IsDirect: true,
		Invite:   []id.UserID{user},
		Name:     "folkmoot",
		Topic:    directRoomTopic,
	}
	if t.crypto != nil {
		req.InitialState = []*event.Event{{
			Type:    event.StateEncryption,
			Content: event.Content{Parsed: &event.EncryptionEventContent{Algorithm: id.AlgorithmMegolmV1}},
		}}
	}
	var resp *mautrix.RespCreateRoom
	err = rateLimited(ctx, sleep, func() error {
		var err error
		resp, err = t.cli.CreateRoom(ctx, req)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("matrix: open a direct room: %w", err)
	}
	t.mu.Lock()
	t.encrypted[resp.RoomID] = t.crypto != nil
	t.mu.Unlock()
	if err := t.kv.Set(ctx, directNamespace, user.String(), resp.RoomID.String()); err != nil {
		return "", fmt.Errorf("matrix: remember the direct room: %w", err)
	}
	t.directRooms[resp.RoomID] = true
	t.log.Info().Str("room", resp.RoomID.String()).Str("member", user.String()).Msg("opened a direct room for private replies")
	return resp.RoomID, nil
}

// isDirectRoom reports whether room is one the bot opened for private replies.
func (t *Transport) isDirectRoom(ctx context.Context, room id.RoomID) bool {
	t.directMu.Lock()
	defer t.directMu.Unlock()
	if err := t.loadDirectRooms(ctx); err != nil {
		t.log.Warn().Err(err).Msg("list the direct rooms")
		return false
	}
	return t.directRooms[room]
}

// loadDirectRooms reads the direct rooms once; call with directMu held.
func (t *Transport) loadDirectRooms(ctx context.Context) error {
	if t.directRooms != nil {
		return nil
	}
	all, err := t.kv.List(ctx, directNamespace)
	if err != nil {
		return err
	}
	t.directRooms = map[id.RoomID]bool{}
	for _, r := range all {
		t.directRooms[id.RoomID(r)] = true
	}
	return nil
}

// answerInDirectRoom tells a member who writes in their direct room where commands go.
func (t *Transport) answerInDirectRoom(ctx context.Context, room id.RoomID, said id.EventID) {
	r := bot.Text("I read commands only in your assembly's room. Here I tell you what is for you alone, such as your secret ballots.")
	r.InReplyTo = said.String()
	if _, err := t.sendEvent(ctx, room, event.EventMessage, messageContent(r)); err != nil {
		t.log.Warn().Err(err).Str("room", room.String()).Msg("could not answer in a direct room")
	}
}
