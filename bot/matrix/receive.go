package matrix

import (
	"context"
	"fmt"
	"time"

	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"folkmoot/bot"
)

// onMessage takes an m.room.message from the sync (decrypted already, when it was
// encrypted) and queues it for the core when it is a fresh text message from someone else.
func (t *Transport) onMessage(_ context.Context, evt *event.Event) {
	content, ok := evt.Content.Parsed.(*event.MessageEventContent)
	if !ok || content.MsgType != event.MsgText {
		return // notices are other bots talking; media is not a command
	}
	if !t.acceptable(evt) {
		return
	}
	if content.RelatesTo.GetReplaceID() != "" {
		return // an edit: the original was the command, and it is not run again
	}
	content.RemoveReplyFallback()
	formatted := ""
	if content.Format == event.FormatHTML {
		formatted = content.FormattedBody
	}
	text, mentioned := commandText(content.Body, formatted, t.userID)
	ctx := t.runContext()
	switch direct, err := t.directRooms.has(ctx, t.kv, evt.RoomID); {
	case err != nil:
		// Unsure whether this is a member's direct room: run nothing there.
		t.log.Error().Err(err).Str("event_id", evt.ID.String()).Msg("skipped a message")
		return
	case direct:
		t.inbox().Deliver(ctx, bot.Message{Room: bot.Room{Protocol: bot.Matrix, ID: evt.RoomID.String()},
			Sender: bot.Member{ID: evt.Sender.String()}, ID: evt.ID.String(), Time: time.UnixMilli(evt.Timestamp), Direct: true})
		return
	}
	msg := bot.Message{
		Room:      bot.Room{Protocol: bot.Matrix, ID: evt.RoomID.String()},
		Sender:    t.member(ctx, evt.RoomID, evt.Sender),
		Text:      text,
		ID:        evt.ID.String(),
		Time:      time.UnixMilli(evt.Timestamp),
		Mentioned: mentioned,
	}
	// Never the text: it may be a secret ballot, and a log must not pair a member with it.
	t.log.Debug().Str("room", msg.Room.ID).Str("sender", msg.Sender.ID).Int("length", len(text)).Msg("message")
	t.inbox().Deliver(ctx, msg)
}

// onReaction hands a member's reaction to a message (m.reaction, an annotation) to the
// runtime. A reaction in a member's direct room with the bot is not for anything.
func (t *Transport) onReaction(_ context.Context, evt *event.Event) {
	if !t.acceptable(evt) {
		return
	}
	rel := evt.Content.AsReaction().RelatesTo
	if rel.Type != event.RelAnnotation || rel.EventID == "" || rel.Key == "" {
		return
	}
	ctx := t.runContext()
	if direct, err := t.directRooms.has(ctx, t.kv, evt.RoomID); err != nil || direct {
		return
	}
	t.inbox().Deliver(ctx, bot.Message{
		Room:     bot.Room{Protocol: bot.Matrix, ID: evt.RoomID.String()},
		Sender:   t.member(ctx, evt.RoomID, evt.Sender),
		ID:       evt.ID.String(),
		Time:     time.UnixMilli(evt.Timestamp),
		Reaction: &bot.Reaction{To: rel.EventID.String(), Key: rel.Key},
	})
}

// acceptable filters what the core may see: only room timeline events from other people.
// Their age, and whether they were handled before, the runtime decides.
func (t *Transport) acceptable(evt *event.Event) bool {
	return evt.Sender != t.userID && evt.Mautrix.EventSource&event.SourceJoin != 0 &&
		evt.Mautrix.EventSource&event.SourceTimeline != 0
}

// member describes a room member by ID, with the display name the state store knows.
func (t *Transport) member(ctx context.Context, room id.RoomID, user id.UserID) bot.Member {
	m := bot.Member{ID: user.String()}
	if content, err := t.state.TryGetMember(ctx, room, user); err == nil && content != nil {
		m.Name = content.Displayname
	}
	return m
}

// inbox is the runtime's way in that Run was given.
func (t *Transport) inbox() bot.Inbox {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.in
}

// runContext is the context Run was given (for work that outlives one sync batch).
func (t *Transport) runContext() context.Context {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.runCtx
}

// onMember reacts to changes of the bot's own membership: an invitation goes to the core,
// which decides; a kick or ban is logged and the bot stays out (the room's records in
// folkmoot's store are kept).
func (t *Transport) onMember(_ context.Context, evt *event.Event) {
	if evt.GetStateKey() != t.userID.String() {
		return
	}
	content, ok := evt.Content.Parsed.(*event.MemberEventContent)
	if !ok {
		return
	}
	src := evt.Mautrix.EventSource
	switch {
	case content.Membership == event.MembershipInvite && src&event.SourceInvite != 0:
		// The invite also shows up later in the joined room's timeline; only the invite
		// section counts, so we act once. Its stripped state has no event ID or time: the
		// batch's token names it, the same when an unacknowledged batch comes again.
		t.inbox().Deliver(t.runContext(), bot.Message{
			Room:       bot.Room{Protocol: bot.Matrix, ID: evt.RoomID.String()},
			Sender:     bot.Member{ID: evt.Sender.String()},
			ID:         "invite/" + evt.Sender.String() + "/" + t.syncer.batch(),
			Time:       t.now(),
			Invitation: true,
		})
	case (content.Membership == event.MembershipLeave || content.Membership == event.MembershipBan) &&
		evt.Sender != t.userID && src&event.SourceTimeline != 0 && !t.syncer.isHistory(evt.ID):
		t.forgetState(evt.RoomID)
		t.log.Info().Str("room", evt.RoomID.String()).Str("by", evt.Sender.String()).
			Str("membership", string(content.Membership)).Str("reason", content.Reason).
			Msg("removed from a room; leaving it quietly")
	}
}

// AnswerInvitation implements bot.Joiner: it joins the room, or rejects the invitation.
func (t *Transport) AnswerInvitation(ctx context.Context, room bot.Room, answer bot.JoinAnswer) error {
	roomID := id.RoomID(room.ID)
	if !answer.Accept {
		_, err := t.cli.LeaveRoom(ctx, roomID, &mautrix.ReqLeave{Reason: "not allowed to invite this bot"})
		return permanent(err)
	}
	err := rateLimited(ctx, sleep, func() error {
		_, err := t.cli.JoinRoomByID(ctx, roomID)
		return err
	})
	if err != nil {
		return fmt.Errorf("matrix: join %s: %w", room.ID, permanent(err))
	}
	// Learn the room's encryption (and members, power levels) before anything can be sent
	// there: right after a join the state store may not know yet, and a send would go out in
	// plaintext.
	if _, err := t.loadState(ctx, roomID); err != nil {
		t.log.Warn().Err(err).Str("room", room.ID).Msg("joined, but could not load the room state yet")
	}
	t.log.Info().Str("room", room.ID).Str("inviter", answer.InvitedBy).Msg("joined a room")
	return nil
}
