package matrix

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"go.mau.fi/util/dbutil"
	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/crypto/cryptohelper"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"
)

// person is a real Matrix client in the test (goolm crypto, modernc SQLite): what a member of
// an assembly would run, talking to the bot over Dendrite.
type person struct {
	tb   testing.TB
	acct account
	cli  *mautrix.Client
	db   *dbutil.Database

	mu     sync.Mutex
	events []*event.Event // room timeline events as this client sees them, decrypted
	raw    []*event.Event // the same before decryption
	seen   chan struct{}
	// invites are the invitations this person received (their own m.room.member "invite").
	invites []*event.Event
	hook    func(*event.Event) // when set, sees every event of the sync, decrypted or not

	cancel context.CancelFunc
	done   chan struct{}
}

// fastRetrySyncer retries a failed /sync quickly, so the test client is back fast after a
// homeserver restart.
type fastRetrySyncer struct{ *mautrix.DefaultSyncer }

func (fastRetrySyncer) OnFailedSync(_ *mautrix.RespSync, err error) (time.Duration, error) {
	return 200 * time.Millisecond, nil
}

// newPerson registers a user with the given name prefix, logs in with encryption and syncs
// until the test ends.
func newPerson(tb testing.TB, env dendriteEnv, prefix string) *person {
	tb.Helper()
	return loginPerson(tb, env, register(tb, env, prefix), true)
}

func loginPerson(tb testing.TB, env dendriteEnv, acct account, encryption bool) *person {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	registerPollTypes() // before any client parses events: see there
	cli, err := mautrix.NewClient(env.URL, acct.ID, "")
	if err != nil {
		tb.Fatal(err)
	}
	syncer := fastRetrySyncer{mautrix.NewDefaultSyncer()}
	cli.Syncer = syncer
	p := &person{tb: tb, acct: acct, cli: cli, seen: make(chan struct{}, 1), done: make(chan struct{})}
	db, err := dbutil.NewWithDialect(sqliteDSN(filepath.Join(tb.TempDir(), "client.db")), "sqlite")
	if err != nil {
		tb.Fatal(err)
	}
	p.db = db
	login := &mautrix.ReqLogin{
		Type:             mautrix.AuthTypePassword,
		Identifier:       mautrix.UserIdentifier{Type: mautrix.IdentifierTypeUser, User: acct.ID.String()},
		Password:         acct.Password,
		StoreCredentials: true,
	}
	if encryption {
		ch, err := cryptohelper.NewCryptoHelper(cli, []byte("person pickle"), db)
		if err != nil {
			tb.Fatal(err)
		}
		ch.LoginAs = login
		if err := ch.Init(ctx); err != nil {
			tb.Fatalf("crypto init for %s: %v", acct.ID, err)
		}
		cli.Crypto = ch
	} else if _, err := cli.Login(ctx, login); err != nil {
		tb.Fatal(err)
	}
	syncer.OnEvent(p.record)
	runCtx, stop := context.WithCancel(context.Background())
	p.cancel = stop
	go func() {
		defer close(p.done)
		for runCtx.Err() == nil {
			_ = cli.SyncWithContext(runCtx)
		}
	}()
	tb.Cleanup(p.stop)
	return p
}

func (p *person) stop() {
	p.cancel()
	<-p.done
	_ = p.db.Close()
}

// record keeps every room timeline event (decrypted events arrive a second time with
// SourceDecrypted set) and, apart, the invitations this person receives.
func (p *person) record(_ context.Context, evt *event.Event) {
	p.mu.Lock()
	hook := p.hook
	p.mu.Unlock()
	if hook != nil {
		hook(evt)
	}
	invite := evt.Mautrix.EventSource&event.SourceInvite != 0 && evt.Type == event.StateMember && evt.GetStateKey() == p.acct.ID.String()
	if !invite && (evt.Mautrix.EventSource&event.SourceTimeline == 0 || evt.RoomID == "") {
		return
	}
	p.mu.Lock()
	switch {
	case invite:
		p.invites = append(p.invites, evt)
	case evt.Type == event.EventEncrypted:
		p.raw = append(p.raw, evt)
	default:
		p.events = append(p.events, evt)
	}
	p.mu.Unlock()
	select {
	case p.seen <- struct{}{}:
	default:
	}
}

// waitEvent returns the first recorded event matching match, waiting up to timeout.
func (p *person) waitEvent(timeout time.Duration, what string, match func(*event.Event) bool) *event.Event {
	p.tb.Helper()
	deadline := time.After(timeout)
	for {
		if evt := p.find(match); evt != nil {
			return evt
		}
		select {
		case <-p.seen:
		case <-deadline:
			p.tb.Fatalf("%s: timed out after %s waiting for %s", p.acct.ID, timeout, what)
		}
	}
}

func (p *person) find(match func(*event.Event) bool) *event.Event {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, evt := range p.events {
		if match(evt) {
			return evt
		}
	}
	return nil
}

// count is how many recorded events match.
func (p *person) count(match func(*event.Event) bool) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, evt := range p.events {
		if match(evt) {
			n++
		}
	}
	return n
}

func (p *person) ctx() context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	p.tb.Cleanup(cancel)
	return ctx
}

// createRoom makes a private room, encrypted or not, inviting the given users, and loads its
// state so our own first message is encrypted too.
func (p *person) createRoom(encrypted bool, invite ...id.UserID) id.RoomID {
	p.tb.Helper()
	req := &mautrix.ReqCreateRoom{Preset: "private_chat", Invite: invite, Name: "assembly " + randHex(3)}
	if encrypted {
		req.InitialState = []*event.Event{{
			Type:    event.StateEncryption,
			Content: event.Content{Parsed: &event.EncryptionEventContent{Algorithm: id.AlgorithmMegolmV1}},
		}}
	}
	resp, err := p.cli.CreateRoom(p.ctx(), req)
	if err != nil {
		p.tb.Fatal(err)
	}
	if _, err := p.cli.State(p.ctx(), resp.RoomID); err != nil {
		p.tb.Fatal(err)
	}
	return resp.RoomID
}

func (p *person) invite(room id.RoomID, user id.UserID) {
	p.tb.Helper()
	if _, err := p.cli.InviteUser(p.ctx(), room, &mautrix.ReqInviteUser{UserID: user}); err != nil {
		p.tb.Fatal(err)
	}
}

func (p *person) join(room id.RoomID) {
	p.tb.Helper()
	if _, err := p.cli.JoinRoomByID(p.ctx(), room); err != nil {
		p.tb.Fatal(err)
	}
	if _, err := p.cli.State(p.ctx(), room); err != nil {
		p.tb.Fatal(err)
	}
}

// waitJoined waits until this client has seen user join the room (so our encryption
// includes their devices).
func (p *person) waitJoined(room id.RoomID, user id.UserID) {
	p.tb.Helper()
	p.waitEvent(60*time.Second, fmt.Sprintf("%s to join", user), func(evt *event.Event) bool {
		return evt.RoomID == room && evt.Type == event.StateMember && evt.GetStateKey() == user.String() &&
			evt.Content.AsMember().Membership == event.MembershipJoin
	})
}

// send posts any message event (encrypted when the room is) and returns its ID.
func (p *person) send(room id.RoomID, typ event.Type, content any) id.EventID {
	p.tb.Helper()
	resp, err := p.cli.SendMessageEvent(p.ctx(), room, typ, content)
	if err != nil {
		p.tb.Fatal(err)
	}
	return resp.EventID
}

// say sends a plain text message.
func (p *person) say(room id.RoomID, text string) id.EventID {
	p.tb.Helper()
	return p.send(room, event.EventMessage, &event.MessageEventContent{MsgType: event.MsgText, Body: text})
}

// replyTo waits for the bot's message answering event cmd.
func (p *person) replyTo(from id.UserID, cmd id.EventID) *event.Event {
	p.tb.Helper()
	return p.waitEvent(60*time.Second, "a reply to "+cmd.String(), isReplyTo(from, cmd))
}

func isReplyTo(from id.UserID, cmd id.EventID) func(*event.Event) bool {
	return func(evt *event.Event) bool {
		if evt.Sender != from || evt.Type != event.EventMessage {
			return false
		}
		c, ok := evt.Content.Parsed.(*event.MessageEventContent)
		return ok && c.RelatesTo.GetReplyTo() == cmd
	}
}

// timeline fetches the room's history from the server as stored, newest first, without
// decrypting: what the homeserver (and anyone with database access) sees.
func (p *person) timeline(room id.RoomID) []*event.Event {
	p.tb.Helper()
	resp, err := p.cli.Messages(p.ctx(), room, "", "", mautrix.DirectionBackward, nil, 500)
	if err != nil {
		p.tb.Fatal(err)
	}
	return slices.Clone(resp.Chunk)
}
