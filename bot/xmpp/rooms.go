package xmpp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"mellium.im/xmpp/muc"
	"mellium.im/xmpp/stanza"

	"folkmoot/bot"
)

// kvRooms is the bot.KV namespace of rooms joined by invitation: key the room JID, value a
// JSON roomRecord. Configured rooms are not stored: the config lists them.
const kvRooms = "xmpp.rooms"

// roomRecord is what is remembered about an invited room.
type roomRecord struct {
	Nick      string    `json:"nick"`
	InvitedBy string    `json:"invited_by"`
	InvitedAt time.Time `json:"invited_at"`
}

// roomState follows one room through joins, kicks and reconnects.
type roomState int

const (
	roomLeft    roomState = iota // not in it; join at the next chance
	roomJoining                  // join presence sent, waiting for our own presence
	roomJoined
	roomRemoved // kicked, banned or destroyed: not rejoined in this run
	roomFailed  // the room refused the join; retried at the next connection
)

// room is one multi-user chat the bot takes part in.
type room struct {
	jid      string
	baseNick string
	nick     string // baseNick, or with "_" added after a nick conflict
	invited  bool   // remembered in bot.KV rather than configured
	state    roomState
	joinSent time.Time
	occ      *occupants
	role     string // our own role in the room
	warned   bool   // logged once that real JIDs are hidden here
	joinedAt time.Time
	// selfPinged is when the bot last asked the room whether it is still in it (XEP-0410);
	// zero after each join, so the first ask follows soon.
	selfPinged time.Time
	// firstJoin marks the bot's first join of the room ever: its history was said before the
	// bot came, so none of it is run. firstBefore holds the IDs of the messages of that
	// history stamped too close to the join to tell by time (see firstJoin.Before).
	firstJoin   bool
	firstBefore []string
	// caughtUp is set once the join's history has been read (the room's subject follows it):
	// only then does Send know which replies the room already has.
	caughtUp bool
	own      map[string]bool // origin-ids of our messages seen since the join (history and echoes)
	// histCount and histOldest describe the join's history: whether it reached back far
	// enough to tell if an unconfirmed reply arrived.
	histCount  int
	histOldest time.Time
	// backlog holds the commands of the join's history until it has been read: their
	// answers may only be sent once the room's record of our own messages is complete.
	backlog []bot.Message
	authors map[string]string // message ID -> author's nick, for XEP-0461 replies
	// resyncSent is when the bot last asked for the occupant list again (the room began to
	// show real JIDs, or made the bot a moderator); zero when no answer is awaited. Messages
	// wait in held until the list is back, so a command said right after the change already
	// counts its sender as known.
	resyncSent time.Time
	held       []bot.Message
}

// noteCap bounds the per-join memories of own messages and authors.
const noteCap = 1024

func newRoom(jid, nick string, invited bool) *room {
	return &room{jid: jid, baseNick: nick, nick: nick, invited: invited, occ: newOccupants(jid),
		own: map[string]bool{}, authors: map[string]string{}}
}

// noteOwn remembers that the room has a message of ours.
func (r *room) noteOwn(originID string) {
	if len(r.own) >= noteCap {
		r.own = map[string]bool{}
	}
	r.own[originID] = true
}

// noteAuthor remembers who said a message, for a reply that points at it.
func (r *room) noteAuthor(id, nick string) {
	if id == "" {
		return
	}
	if len(r.authors) >= noteCap {
		r.authors = map[string]string{}
	}
	r.authors[id] = nick
}

// noteHistory counts a message of the join's history; on the first join, it notes the ID
// of one whose stamp alone does not show that it came before the bot.
func (r *room) noteHistory(id string, stamp time.Time) {
	r.histCount++
	if r.histOldest.IsZero() || stamp.Before(r.histOldest) {
		r.histOldest = stamp
	}
	if r.firstJoin && id != "" && !saidBeforeJoin(stamp, r.joinedAt) {
		if len(r.firstBefore) >= firstBeforeCap {
			r.firstBefore = r.firstBefore[1:] // the latest are nearest the join
		}
		r.firstBefore = append(r.firstBefore, id)
	}
}

// typicalHistory is the history length most servers keep per room by default (Prosody,
// ejabberd: 20). A join's history at least this long may have been cut short.
const typicalHistory = 20

// historyCovers reports whether the join's history reaches back to at: it then shows every
// message of ours sent since. Stamps have whole seconds, so a cut-short history must start
// in an earlier second.
func (r *room) historyCovers(at time.Time) bool {
	return r.histCount < typicalHistory || r.histOldest.Before(at.Truncate(time.Second))
}

// dropBacklogLocked forgets the history's commands of a join that broke off: the next join's
// history brings them again.
func (t *Transport) dropBacklogLocked(r *room) {
	r.backlog = nil
	r.held = nil
	r.resyncSent = time.Time{}
}

// resyncLocked asks the room for its occupant list again: a join presence while in the room
// is the XEP-0045 way to resync (history stays off). Servers need not resend occupants when
// real JIDs become visible to the bot, so this is how the bot learns them; t.mu is held.
func (t *Transport) resyncLocked(c *conn, r *room, why string) {
	t.log.Info().Str("room", r.jid).Msg(why + "; asking for the occupant list again to learn real JIDs")
	if err := t.sendJoinLocked(c, r, muc.MaxBytes(0)); err != nil {
		t.log.Warn().Err(err).Str("room", r.jid).Msg("could not ask for the occupant list")
		return
	}
	r.resyncSent = t.now()
}

// resyncedLocked ends a resync: the held messages go to the queue with their senders looked
// up again in the fresh occupant list; t.mu is held.
func (t *Transport) resyncedLocked(r *room) {
	held := r.held
	r.held, r.resyncSent = nil, time.Time{}
	for _, msg := range held {
		if msg.Sender.Anonymous {
			msg.Sender = r.occ.member(msg.Sender.Name)
		}
		t.enqueueLocked(msg)
	}
}

// caughtUpLocked marks the join's history read and hands its commands to the queue; t.mu
// is held (the queue never waits on it). After the very first join, the join is recorded
// with what its history showed near it: from now on, what the room says is the bot's to run.
func (t *Transport) caughtUpLocked(r *room) {
	r.caughtUp = true
	if r.firstJoin {
		t.records.joinedFirst(context.Background(), r.jid, firstJoin{At: r.joinedAt, Before: r.firstBefore})
		r.firstJoin, r.firstBefore = false, nil
	}
	backlog := r.backlog
	r.backlog = nil
	for _, msg := range backlog {
		t.enqueueLocked(msg)
	}
}

// ready reports whether replies may be posted: joined, and the history read.
func (r *room) ready() bool { return r.state == roomJoined && r.caughtUp }

// loadRooms adds the rooms remembered from earlier invitations.
func (t *Transport) loadRooms(ctx context.Context) error {
	saved, err := t.kv.List(ctx, kvRooms)
	if err != nil {
		return fmt.Errorf("xmpp: read remembered rooms: %w", err)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	for jid, raw := range saved {
		jid = bareJID(jid)
		if _, ok := t.rooms[jid]; ok {
			continue
		}
		var rec roomRecord
		if err := json.Unmarshal([]byte(raw), &rec); err != nil || rec.Nick == "" {
			rec.Nick = t.nick
		}
		t.rooms[jid] = newRoom(jid, rec.Nick, true)
	}
	return nil
}

// joinLocked sends a join for r; t.mu is held.
func (t *Transport) joinLocked(c *conn, r *room) {
	r.state = roomJoining
	r.joinSent = t.now()
	r.selfPinged = time.Time{}
	r.role = ""
	r.caughtUp = false
	r.occ.reset()
	r.own, r.authors = map[string]bool{}, map[string]string{}
	r.histCount, r.histOldest = 0, time.Time{}
	t.dropBacklogLocked(r)
	_, joinedBefore := t.records.firstJoinOf(r.jid)
	r.firstJoin, r.firstBefore = !joinedBefore, nil
	if err := t.sendJoinLocked(c, r, muc.Since(t.records.historySince(r.jid, t.now(), t.catchUp))); err != nil {
		t.log.Warn().Err(err).Str("room", r.jid).Msg("could not send join")
	}
}

// sendJoinLocked asks to enter r under its nick, or (joined) for its occupant list again,
// through mellium's MUC client with the history option given (muc.Since: what was said since
// then; muc.MaxBytes(0): none); t.mu is held. The room's presences reach onPresence as any
// do, so this does not wait for them: the client does, in the background, and hands back
// the room's refusal of this very join (joinRefused), which mellium takes off the stream.
// Only a connection already closed is an error here; a failed write is logged.
func (t *Transport) sendJoinLocked(c *conn, r *room, history muc.Option) error {
	if c.closed() {
		return errClosed
	}
	room, nick := r.jid, r.nick
	go func() {
		ctx, cancel := t.clock.WithTimeout(c.ctx, t.tune.joinTimeout)
		defer cancel()
		_, err := c.muc.JoinPresence(ctx, stanza.Presence{To: address(room + "/" + nick)}, c.s, history)
		var se stanza.Error
		switch {
		case errors.As(err, &se):
			cond := string(se.Condition)
			if cond == "" {
				cond = string(stanza.UndefinedCondition)
			}
			t.joinRefused(c, room, nick, cond)
		case err != nil && ctx.Err() == nil:
			// The write failed, or mellium could not read the room's refusal, which it took
			// off the stream: its stanza.Error parses the room's address in by= with PRECIS,
			// and refuses some (see message). Either way this join is over.
			t.log.Warn().Err(err).Str("room", room).Msg("could not join, or could not read why not")
			t.joinRefused(c, room, nick, string(stanza.UndefinedCondition))
		}
		// Otherwise joined, or no answer in time: joinAll tries again after joinTimeout.
	}()
	return nil
}

// joinRefused reacts to the room's refusal of a join under nick, unless a later join or the
// connection's end has overtaken it.
func (t *Transport) joinRefused(c *conn, room, nick, cond string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if r := t.rooms[room]; r != nil && t.conn == c && r.state == roomJoining && r.nick == nick {
		t.joinFailedLocked(c.ctx, c, r, cond)
	}
}

// joinAll (re)joins every room after a connect; joins stuck for too long are sent again.
func (t *Transport) joinAll(c *conn, retryOnly bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, r := range t.rooms {
		switch {
		case r.state == roomRemoved:
		case !retryOnly && r.state != roomFailed:
			t.joinLocked(c, r)
		case r.state == roomLeft:
			t.joinLocked(c, r)
		case r.state == roomJoining && t.now().Sub(r.joinSent) > t.tune.joinTimeout:
			t.log.Warn().Str("room", r.jid).Msg("no answer to join; trying again")
			t.joinLocked(c, r)
		case r.state == roomJoined && !r.caughtUp && t.now().Sub(r.joinedAt) > t.tune.historyTimeout:
			t.log.Warn().Str("room", r.jid).Msg("the room sent no subject after its history; going on without it")
			t.caughtUpLocked(r)
		case r.state == roomJoined && !r.resyncSent.IsZero() && t.now().Sub(r.resyncSent) > t.tune.historyTimeout:
			t.log.Warn().Str("room", r.jid).Msg("the room did not resend its occupant list; going on without it")
			t.resyncedLocked(r)
		}
	}
}

// disconnectedLocked marks every room as left (failed ones become retryable); t.mu is held.
func (t *Transport) disconnectedLocked() {
	for _, r := range t.rooms {
		if r.state != roomRemoved {
			r.state = roomLeft
			r.nick = r.baseNick
		}
		r.occ.reset()
		t.dropBacklogLocked(r)
	}
}

// onSelfPresence handles the room's presence for the bot itself; t.mu is held.
func (t *Transport) onSelfPresence(ctx context.Context, c *conn, r *room, p mucPresence, x *mucUser) {
	log := t.log.With().Str("room", r.jid).Str("nick", r.nick).Logger()
	if !p.Unavailable {
		if p.Nick != r.nick {
			log.Info().Str("new_nick", p.Nick).Msg("the room gave the bot another nick")
			r.nick = p.Nick
		}
		t.joinedLocked(c, r, p)
		return
	}
	switch {
	case x.has("303") && p.NewNick != "":
		log.Info().Str("new_nick", p.NewNick).Msg("the room changed the bot's nick")
		r.nick = p.NewNick
	case x.has("332"):
		// The MUC service is shutting down; the connection usually follows.
		log.Warn().Msg("the room service is shutting down; joining again later")
		r.state = roomLeft
		r.occ.reset()
		c.failRoom(r.jid, fmt.Errorf("xmpp: %s is shutting down", r.jid))
	default:
		// Kicked (307), banned (301), removed by an affiliation change (321, 322) or the
		// room was destroyed: respect it, and forget an invited room.
		log.Warn().Str("why", removalReason(x)).Msg("removed from room; leaving it alone")
		r.state = roomRemoved
		r.occ.reset()
		c.failRoom(r.jid, fmt.Errorf("xmpp: removed from %s", r.jid))
		if r.invited {
			t.forget(ctx, r.jid)
		} else {
			log.Info().Msg("the room is in the config: it is joined again at the next start")
		}
	}
}

// removalReason names why the room removed us, for the log.
func removalReason(x *mucUser) string {
	switch {
	case x.has("307"):
		return "kicked"
	case x.has("301"):
		return "banned"
	case x.has("321"), x.has("322"):
		return "no longer a member"
	case x != nil && x.Destroy != nil:
		return "room destroyed"
	}
	return "left without a reason"
}

// joinedLocked records a successful join (or a new role of ours); t.mu is held.
func (t *Transport) joinedLocked(c *conn, r *room, p mucPresence) {
	log := t.log.With().Str("room", r.jid).Str("nick", r.nick).Logger()
	if r.state != roomJoined {
		log.Info().Str("role", p.Role).Str("affiliation", p.Affiliation).Msg("joined room")
		r.joinedAt = t.now()
	}
	r.state = roomJoined
	if !r.resyncSent.IsZero() {
		// Our own presence comes last in the occupant list (XEP-0045 §7.2.3).
		t.resyncedLocked(r)
	}
	if p.Role == "moderator" && r.role != "moderator" && r.role != "" && r.occ.hidden() > 0 {
		// Made moderator in a semi-anonymous room: real JIDs are visible now.
		t.resyncLocked(c, r, "became moderator")
	}
	r.role = p.Role
	if n := r.occ.hidden(); n > 0 && !r.warned && p.Role != "moderator" {
		r.warned = true
		log.Warn().Int("hidden", n).Msg("the room hides real JIDs from the bot: members there cannot vote or hold roles until the bot is a moderator or the room is non-anonymous")
	}
}

// joinFailedLocked reacts to a refused join: another nick on conflict, else give up for now.
func (t *Transport) joinFailedLocked(ctx context.Context, c *conn, r *room, cond string) {
	log := t.log.With().Str("room", r.jid).Str("nick", r.nick).Str("error", cond).Logger()
	if cond == "conflict" && len(r.nick) < len(r.baseNick)+3 {
		r.nick += "_"
		log.Info().Str("new_nick", r.nick).Msg("nick taken in room; trying another")
		t.joinLocked(c, r)
		return
	}
	r.state = roomFailed
	switch cond {
	case "forbidden", "item-not-found", "registration-required", "not-allowed", "gone":
		if r.invited {
			log.Warn().Msg("room refused the bot; forgetting the invitation")
			r.state = roomRemoved
			t.forget(ctx, r.jid)
			return
		}
	}
	log.Error().Msg("could not join room; will try again after the next reconnect")
}

// forget removes an invited room from the store.
func (t *Transport) forget(ctx context.Context, jid string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := t.kv.Delete(ctx, kvRooms, jid); err != nil {
		t.log.Error().Err(err).Str("room", jid).Msg("could not forget room")
	}
}

// onInvite hands an invitation the bot's server vouches for to the core, which decides.
func (t *Transport) onInvite(inv invitation) {
	log := t.log.With().Str("room", inv.Room).Str("from", inv.From).Str("kind", inv.Kind).Logger()
	if inv.Kind == "mediated" && !t.vouchedRoomService(inv.Room) {
		// A mediated invite names its inviter in the room's own words: any room on any server
		// can claim to speak for a bot admin. Only the bot's server (and the services of the
		// configured rooms) are trusted to say so; a direct invitation (XEP-0249) is stamped by
		// the inviter's own server.
		log.Warn().Msg("ignored a mediated invitation from a room service the bot's server does not vouch for; send a direct invitation instead")
		return
	}
	msg := bot.Message{
		Room:       bot.Room{Protocol: bot.XMPP, ID: bareJID(inv.Room)},
		Sender:     bot.Member{ID: bareJID(inv.From)},
		Time:       t.now(),
		Invitation: true,
	}
	if inv.ID != "" {
		// Offline storage may hand the same invitation over again after a lost session.
		msg.ID = "invite/" + msg.Sender.ID + "/" + inv.ID
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.enqueueLocked(msg)
}

// AnswerInvitation implements bot.Joiner: an accepted invitation is joined now (or at the
// next connection) and remembered, so the bot rejoins after a restart. A declined one is
// let be: XMPP needs no answer.
func (t *Transport) AnswerInvitation(ctx context.Context, rm bot.Room, answer bot.JoinAnswer) error {
	if !answer.Accept {
		return nil
	}
	roomJID := bareJID(rm.ID)
	t.mu.Lock()
	r, known := t.rooms[roomJID]
	if known && (r.state == roomJoined || r.state == roomJoining) {
		t.mu.Unlock()
		return nil // already in it
	}
	if !known {
		r = newRoom(roomJID, t.nick, true)
		t.rooms[roomJID] = r
	}
	r.state = roomLeft
	if t.conn != nil {
		t.joinLocked(t.conn, r)
	}
	invited, nick := r.invited, r.baseNick
	t.mu.Unlock()
	if !invited {
		return nil // a configured room: the config remembers it
	}
	rec, _ := json.Marshal(roomRecord{Nick: nick, InvitedBy: answer.InvitedBy, InvitedAt: t.now().UTC()})
	if err := t.kv.Set(ctx, kvRooms, roomJID, string(rec)); err != nil {
		return fmt.Errorf("xmpp: remember invited room: %w", err)
	}
	return nil
}

// IsRoomAdmin reports whether the member is a moderator, owner or admin of the room, as
// its occupant presence says. Someone not in the room is not an admin.
func (t *Transport) IsRoomAdmin(_ context.Context, rm bot.Room, m bot.Member) (bool, error) {
	if rm.Protocol != bot.XMPP {
		return false, fmt.Errorf("xmpp: not an XMPP room: %s", rm.Key())
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	r, ok := t.rooms[bareJID(rm.ID)]
	if !ok {
		return false, nil
	}
	return r.occ.isAdmin(m.ID), nil
}

// Members implements bot.MemberLister: the occupants whose real JID the bot can see.
func (t *Transport) Members(_ context.Context, rm bot.Room) ([]bot.Member, error) {
	if rm.Protocol != bot.XMPP {
		return nil, fmt.Errorf("xmpp: not an XMPP room: %s", rm.Key())
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	r, ok := t.rooms[bareJID(rm.ID)]
	if !ok {
		return nil, nil
	}
	return r.occ.members(t.cfg.JID), nil
}

// Rooms lists the rooms the bot is in now and can post to, for status pages and tests.
func (t *Transport) Rooms() []bot.Room {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []bot.Room
	for _, r := range t.rooms {
		if r.ready() {
			out = append(out, bot.Room{Protocol: bot.XMPP, ID: r.jid})
		}
	}
	return out
}

// vouchedRoomService reports whether a room lives on a service the bot trusts to state who
// invited it: its own server and that server's subdomains (conference.example.org), or the
// service of a room in the config.
func (t *Transport) vouchedRoomService(roomJID string) bool {
	_, service, ok := strings.Cut(bareJID(roomJID), "@")
	if !ok {
		return false
	}
	if service == t.domain || strings.HasSuffix(service, "."+t.domain) {
		return true
	}
	for _, r := range t.cfg.Rooms {
		if _, s, _ := strings.Cut(strings.ToLower(r.JID), "@"); s == service {
			return true
		}
	}
	return false
}
