package matrix

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"folkmoot/bot"
)

// sendTimeout bounds one send, rate-limit waits included; the outbox retries later.
const sendTimeout = time.Minute

// errEncryptedRoom refuses a send that would leak plaintext into an encrypted room when
// encryption is switched off.
var errEncryptedRoom = fmt.Errorf("matrix: the room is encrypted but encryption is off (matrix.encryption: false): %w", bot.ErrUndeliverable)

// Send posts a reply: a Matrix reply to the command when InReplyTo is set, m.notice for
// automated notices, HTML rendered from the reply's document, and pills plus m.mentions for
// the members it addresses. An error means it was not delivered; the core's outbox retries it.
func (t *Transport) Send(ctx context.Context, room bot.Room, reply bot.Reply) error {
	if reply.IsZero() {
		return nil
	}
	roomID, err := matrixRoom(room)
	if err != nil {
		return err
	}
	_, err = t.sendEventTxn(ctx, roomID, event.EventMessage, messageContent(reply), t.txnFor(reply, roomID))
	return err
}

// txnFor is a reply's transaction ID in a room: derived from its outbox key, so a retry
// after a lost answer (a timeout, a crash before the outbox recorded it sent) is stored once
// by the homeserver; the room is part of it, since a private reply may go to a direct room
// opened anew. A reply without a key gets a fresh one.
func (t *Transport) txnFor(reply bot.Reply, roomID id.RoomID) string {
	if reply.Key == "" {
		return t.cli.TxnID()
	}
	return stableTxn("folkmoot-reply-", reply.Key+"\x00"+roomID.String())
}

// React puts an emoji reaction (✅ for a silent acknowledgement) on a message.
func (t *Transport) React(ctx context.Context, room bot.Room, messageID, emoji string) error {
	roomID, err := matrixRoom(room)
	if err != nil {
		return err
	}
	content := &event.ReactionEventContent{RelatesTo: event.RelatesTo{
		Type: event.RelAnnotation, EventID: id.EventID(messageID), Key: emoji,
	}}
	_, err = t.sendEvent(ctx, roomID, event.EventReaction, content)
	return err
}

func matrixRoom(room bot.Room) (id.RoomID, error) {
	if room.Protocol != bot.Matrix || !strings.HasPrefix(room.ID, "!") {
		return "", fmt.Errorf("matrix: not a Matrix room: %q", room.Key())
	}
	return id.RoomID(room.ID), nil
}

// sendEvent sends one event, encrypted whenever the room is, waiting out rate limits. The
// transaction ID stays the same across retries, so the server never stores it twice.
func (t *Transport) sendEvent(ctx context.Context, roomID id.RoomID, typ event.Type, content any) (id.EventID, error) {
	return t.sendEventTxn(ctx, roomID, typ, content, t.cli.TxnID())
}

// sendEventTxn is sendEvent with the caller's transaction ID: an event whose ID is derived
// from what it is about (a poll's end) stays one event even when a later call retries it.
func (t *Transport) sendEventTxn(ctx context.Context, roomID id.RoomID, typ event.Type, content any, txn string) (id.EventID, error) {
	if !t.ready.Load() {
		return "", errNotConnected
	}
	// A homeserver that accepts the connection but never answers must not hold the room's
	// queue (and with it the sync loop) for the HTTP client's three minutes.
	ctx, cancel := context.WithTimeout(ctx, sendTimeout)
	defer cancel()
	encrypted, err := t.isEncrypted(ctx, roomID)
	if err != nil {
		return "", err
	}
	if encrypted && t.crypto == nil {
		return "", errEncryptedRoom
	}
	if encrypted {
		// Encrypt here rather than trusting SendMessageEvent to: it silently sends plaintext
		// when it thinks the room is not encrypted, and it leaves reactions in the clear.
		enc, err := t.crypto.Encrypt(ctx, roomID, typ, content)
		if err != nil {
			return "", fmt.Errorf("matrix: encrypt %s: %w", typ.Type, err)
		}
		typ, content = event.EventEncrypted, enc
	}
	var resp *mautrix.RespSendEvent
	err = rateLimited(ctx, sleep, func() error {
		var err error
		resp, err = t.cli.SendMessageEvent(ctx, roomID, typ, content, mautrix.ReqSendEvent{TransactionID: txn})
		return err
	})
	if errors.Is(err, mautrix.MForbidden) {
		// Not allowed to post there (kicked, banned, muted): retrying cannot help.
		return "", fmt.Errorf("matrix: send %s: %w (%w)", typ.Type, bot.ErrUndeliverable, err)
	}
	if err != nil {
		return "", fmt.Errorf("matrix: send %s: %w", typ.Type, err)
	}
	return resp.EventID, nil
}

// isEncrypted decides whether a send must be encrypted. The first time this process sends
// into a room it asks the homeserver for the room's state instead of trusting the state store
// alone, which may not have caught up with a fresh join. Encryption can never be switched
// off in a room, so either source saying "encrypted" is enough, and is remembered.
func (t *Transport) isEncrypted(ctx context.Context, roomID id.RoomID) (bool, error) {
	t.mu.Lock()
	known, loaded := t.encrypted[roomID]
	t.mu.Unlock()
	if !loaded {
		var err error
		if known, err = t.loadState(ctx, roomID); err != nil {
			return false, fmt.Errorf("matrix: load room state: %w", err)
		}
	}
	if known {
		return true, nil // for good: the state store need not be asked on every send
	}
	stored, err := t.state.IsEncrypted(ctx, roomID)
	if err != nil {
		return false, fmt.Errorf("matrix: check room encryption: %w", err)
	}
	if stored {
		t.mu.Lock()
		t.encrypted[roomID] = true
		t.mu.Unlock()
	}
	return stored, nil
}

// loadState fetches the room's full state and remembers whether the room is encrypted.
// The snapshot only fills in what the state store does not know yet: the sync, running at
// the same time, is the authority. mautrix's Client.State would replace the store's members
// with the snapshot, and a member whose join the sync stored while the request was in flight
// would go back to "invited", nameless (seen on Dendrite as a member shown by their ID).
func (t *Transport) loadState(ctx context.Context, roomID id.RoomID) (bool, error) {
	var events []*event.Event
	err := rateLimited(ctx, sleep, func() error {
		events = nil
		_, err := t.cli.MakeRequest(ctx, http.MethodGet, t.cli.BuildClientURL("v3", "rooms", roomID, "state"), nil, &events)
		return err
	})
	if err != nil {
		return false, err
	}
	encrypted := false
	for _, evt := range events {
		if evt == nil || evt.StateKey == nil {
			continue
		}
		evt.RoomID, evt.Type.Class = roomID, event.StateEventType
		if err := evt.Content.ParseRaw(evt.Type); err != nil {
			continue
		}
		encrypted = encrypted || evt.Type == event.StateEncryption
		if known, err := t.stateKnown(ctx, evt); err != nil || known {
			continue
		}
		mautrix.UpdateStateStore(ctx, t.state, evt)
	}
	t.mu.Lock()
	t.encrypted[roomID] = encrypted || t.encrypted[roomID]
	encrypted = t.encrypted[roomID]
	t.mu.Unlock()
	return encrypted, nil
}

// stateKnown tells whether the state store already holds a state event of evt's kind, which
// the sync stored and which a snapshot must not overwrite.
func (t *Transport) stateKnown(ctx context.Context, evt *event.Event) (bool, error) {
	switch evt.Type {
	case event.StateMember:
		m, err := t.state.TryGetMember(ctx, evt.RoomID, id.UserID(evt.GetStateKey()))
		return m != nil, err
	case event.StatePowerLevels:
		pl, err := t.state.GetPowerLevels(ctx, evt.RoomID)
		return pl != nil, err
	}
	return false, nil
}

// forgetState makes the next send reload the room's state (after we were removed).
func (t *Transport) forgetState(roomID id.RoomID) {
	t.mu.Lock()
	delete(t.encrypted, roomID)
	t.mu.Unlock()
}

// messageContent builds the m.room.message for a reply: a plain body and an HTML
// formatted_body rendered from the same document, pills where the document mentions members
// (and in front for the other addressees), and m.mentions for all of them.
func messageContent(r bot.Reply) *event.MessageEventContent {
	all := r.AllMentions() // the document's mentions first, then the addressees it does not show
	doc := r.Doc.Addressing(all[len(r.Doc.Mentions()):])
	c := &event.MessageEventContent{
		MsgType:       event.MsgText,
		Body:          doc.PlainText(),
		Format:        event.FormatHTML,
		FormattedBody: doc.HTML(pillURL),
		Mentions:      &event.Mentions{},
	}
	if doc.RightToLeft() {
		// A right-to-left room's reply, whose lists and line starts the client lays out
		// from the right; clients that drop the attribute keep the text.
		c.FormattedBody = `<div dir="rtl">` + c.FormattedBody + `</div>`
	}
	if r.Notice {
		c.MsgType = event.MsgNotice
	}
	for _, m := range all {
		c.Mentions.Add(id.UserID(m.ID))
	}
	if r.InReplyTo != "" {
		c.RelatesTo = (&event.RelatesTo{}).SetReplyTo(id.EventID(r.InReplyTo))
	}
	return c
}

// pillURL is the matrix.to link that clients render as a mention pill.
func pillURL(m bot.Member) string {
	if !strings.HasPrefix(m.ID, "@") {
		return ""
	}
	return id.UserID(m.ID).URI().MatrixToURL()
}
