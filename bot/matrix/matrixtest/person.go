package matrixtest

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

	_ "modernc.org/sqlite" // the client's crypto store, without cgo
)

// Person is a real Matrix client in a test (goolm crypto, modernc SQLite): what a member of
// an assembly would run, talking to the bot over Dendrite. Room setup (CreateRoom, Join,
// Invite, WaitJoined) fails the test that connected it; Say, Send and WaitEvent fail the test
// they are given, so subtests may use a Person made by their parent.
//
// A process that also runs folkmoot's Matrix adapter must start it (matrix.New) before
// connecting people: it adds poll types to mautrix's process-wide table, which a syncing
// client reads.
type Person struct {
	tb   testing.TB
	acct Account
	cli  *mautrix.Client
	db   *dbutil.Database

	mu     sync.Mutex
	events []*event.Event // room timeline events as this client sees them, decrypted
	// recorded is closed, and replaced, whenever an event is recorded: every waiter wakes.
	recorded chan struct{}
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

// Login logs acct in, with end-to-end encryption or without, and syncs until the test ends.
func (s Server) Login(tb testing.TB, acct Account, encryption bool) *Person {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cli, err := mautrix.NewClient(s.URL, acct.ID, "")
	if err != nil {
		tb.Fatal(err)
	}
	syncer := fastRetrySyncer{mautrix.NewDefaultSyncer()}
	cli.Syncer = syncer
	p := &Person{tb: tb, acct: acct, cli: cli, recorded: make(chan struct{}), done: make(chan struct{})}
	dsn := "file:" + filepath.Join(tb.TempDir(), "client.db") +
		"?_txlock=immediate&_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)"
	db, err := dbutil.NewWithDialect(dsn, "sqlite")
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

func (p *Person) stop() {
	p.cancel()
	<-p.done
	_ = p.db.Close()
}

// record keeps every room timeline event (decrypted events arrive a second time with
// SourceDecrypted set; the encrypted originals are left out) and, apart, the invitations this
// person receives.
func (p *Person) record(_ context.Context, evt *event.Event) {
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
	default:
		p.events = append(p.events, evt)
	}
	close(p.recorded)
	p.recorded = make(chan struct{})
	p.mu.Unlock()
}

// ID is the person's Matrix user ID.
func (p *Person) ID() id.UserID { return p.acct.ID }

// Client is the person's mautrix client, for what the helpers do not cover.
func (p *Person) Client() *mautrix.Client { return p.cli }

// SetHook makes hook see every event of the sync, decrypted or not, from now on.
func (p *Person) SetHook(hook func(*event.Event)) {
	p.mu.Lock()
	p.hook = hook
	p.mu.Unlock()
}

// Ctx is a context for one request, cancelled when the test that connected ends.
func (p *Person) Ctx() context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	p.tb.Cleanup(cancel)
	return ctx
}

// CreateRoom makes a private room (the creator has power level 100), encrypted or not,
// inviting users, and loads its state so our own first message is encrypted too.
func (p *Person) CreateRoom(encrypted bool, invite ...id.UserID) id.RoomID {
	p.tb.Helper()
	req := &mautrix.ReqCreateRoom{Preset: "private_chat", Invite: invite, Name: "assembly " + RandHex(3)}
	if encrypted {
		req.InitialState = []*event.Event{{
			Type:    event.StateEncryption,
			Content: event.Content{Parsed: &event.EncryptionEventContent{Algorithm: id.AlgorithmMegolmV1}},
		}}
	}
	resp, err := p.cli.CreateRoom(p.Ctx(), req)
	if err != nil {
		p.tb.Fatal(err)
	}
	if _, err := p.cli.State(p.Ctx(), resp.RoomID); err != nil {
		p.tb.Fatal(err)
	}
	return resp.RoomID
}

// Invite invites user into room.
func (p *Person) Invite(room id.RoomID, user id.UserID) {
	p.tb.Helper()
	if _, err := p.cli.InviteUser(p.Ctx(), room, &mautrix.ReqInviteUser{UserID: user}); err != nil {
		p.tb.Fatal(err)
	}
}

// Join accepts an invitation and loads the room's state.
func (p *Person) Join(room id.RoomID) {
	p.tb.Helper()
	if _, err := p.cli.JoinRoomByID(p.Ctx(), room); err != nil {
		p.tb.Fatal(err)
	}
	if _, err := p.cli.State(p.Ctx(), room); err != nil {
		p.tb.Fatal(err)
	}
}

// WaitJoined waits until this client has seen user join the room (so our encryption
// includes their devices).
func (p *Person) WaitJoined(room id.RoomID, user id.UserID) {
	p.tb.Helper()
	p.WaitEvent(p.tb, 60*time.Second, fmt.Sprintf("%s to join", user), func(evt *event.Event) bool {
		return evt.RoomID == room && evt.Type == event.StateMember && evt.GetStateKey() == user.String() &&
			evt.Content.AsMember().Membership == event.MembershipJoin
	})
}

// Send posts a message event (encrypted in an encrypted room) and returns its ID.
func (p *Person) Send(tb testing.TB, room id.RoomID, typ event.Type, content any) id.EventID {
	tb.Helper()
	resp, err := p.cli.SendMessageEvent(p.Ctx(), room, typ, content)
	if err != nil {
		tb.Fatalf("%s sends %s: %v", p.ID(), typ.Type, err)
	}
	return resp.EventID
}

// Say posts a plain text message and returns its event ID.
func (p *Person) Say(tb testing.TB, room id.RoomID, text string) id.EventID {
	tb.Helper()
	return p.Send(tb, room, event.EventMessage, &event.MessageEventContent{MsgType: event.MsgText, Body: text})
}

// WaitEvent returns the first room event this client received (decrypted when it was
// encrypted) that matches, waiting up to timeout.
func (p *Person) WaitEvent(tb testing.TB, timeout time.Duration, what string, match func(*event.Event) bool) *event.Event {
	tb.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		p.mu.Lock()
		recorded := p.recorded
		p.mu.Unlock()
		if evt := p.Find(match); evt != nil {
			return evt
		}
		select {
		case <-recorded:
		case <-deadline.C:
			tb.Fatalf("%s: timed out after %s waiting for %s", p.ID(), timeout, what)
		}
	}
}

// Find is the first received event that matches, or nil.
func (p *Person) Find(match func(*event.Event) bool) *event.Event {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, evt := range p.events {
		if match(evt) {
			return evt
		}
	}
	return nil
}

// Count is how many received events match.
func (p *Person) Count(match func(*event.Event) bool) int {
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

// WaitInvite waits for an invitation from from to a room other than those in except, and
// returns the room and whether it is marked as a direct chat.
func (p *Person) WaitInvite(tb testing.TB, from id.UserID, except ...id.RoomID) (room id.RoomID, direct bool) {
	tb.Helper()
	WaitFor(tb, 60*time.Second, "an invitation from "+from.String(), func() bool {
		p.mu.Lock()
		defer p.mu.Unlock()
		for _, evt := range p.invites {
			if evt.Sender == from && !slices.Contains(except, evt.RoomID) {
				room, direct = evt.RoomID, evt.Content.AsMember().IsDirect
				return true
			}
		}
		return false
	})
	return room, direct
}

// Leave leaves a room.
func (p *Person) Leave(tb testing.TB, room id.RoomID) {
	tb.Helper()
	if _, err := p.cli.LeaveRoom(p.Ctx(), room); err != nil {
		tb.Fatalf("%s leaves %s: %v", p.ID(), room, err)
	}
}

// ReplyTo waits for from's message answering event cmd.
func (p *Person) ReplyTo(tb testing.TB, from id.UserID, cmd id.EventID) *event.Event {
	tb.Helper()
	return p.WaitEvent(tb, 60*time.Second, "a reply to "+cmd.String(), IsReplyTo(from, cmd))
}

// IsReplyTo matches from's message answering event cmd.
func IsReplyTo(from id.UserID, cmd id.EventID) func(*event.Event) bool {
	return func(evt *event.Event) bool {
		if evt.Sender != from || evt.Type != event.EventMessage {
			return false
		}
		c, ok := evt.Content.Parsed.(*event.MessageEventContent)
		return ok && c.RelatesTo.GetReplyTo() == cmd
	}
}

// Timeline fetches the room's history from the server as stored, newest first, without
// decrypting: what the homeserver (and anyone with database access) sees.
func (p *Person) Timeline(room id.RoomID) []*event.Event {
	p.tb.Helper()
	resp, err := p.cli.Messages(p.Ctx(), room, "", "", mautrix.DirectionBackward, nil, 500)
	if err != nil {
		p.tb.Fatal(err)
	}
	return slices.Clone(resp.Chunk)
}

// Download fetches the file of an m.file (or m.image...) message as the person's client
// would: an encrypted file is downloaded and decrypted with the key its event carries, a
// plain one downloaded as it is. encrypted reports which it was.
func (p *Person) Download(tb testing.TB, c *event.MessageEventContent) (data []byte, encrypted bool) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if c.File != nil {
		data, err := p.cli.DownloadBytes(ctx, c.File.URL.ParseOrIgnore())
		if err != nil {
			tb.Fatalf("%s downloads %s: %v", p.ID(), c.FileName, err)
		}
		if err := c.File.DecryptInPlace(data); err != nil {
			tb.Fatalf("%s decrypts %s: %v", p.ID(), c.FileName, err)
		}
		return data, true
	}
	data, err := p.cli.DownloadBytes(ctx, c.URL.ParseOrIgnore())
	if err != nil {
		tb.Fatalf("%s downloads %s: %v", p.ID(), c.FileName, err)
	}
	return data, false
}
