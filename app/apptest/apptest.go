// Package apptest runs folkmoot's whole core on an in-memory transport, a fake clock and a
// throwaway database, so every command is tested as a conversation and every timer without
// sleeping:
//
//	kit := apptest.New(t)
//	room := kit.Room("assembly")
//	got := room.Say(t, "ana", "!help")
package apptest

import (
	"context"
	"io"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"folkmoot/app/host"
	"folkmoot/bot"
	"folkmoot/config"
	"folkmoot/facts"
	"folkmoot/feature"
	"folkmoot/store/storetest"
)

// Start is the fake clock's default start: Wednesday 25 November 2026, 10:00 in Berlin.
var Start = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)

// Clock is a settable clock.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock starts a clock at t.
func NewClock(t time.Time) *Clock { return &Clock{now: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// Transport is an in-memory bot.Transport that records what the bot says.
type Transport struct {
	mu   sync.Mutex
	sent []Posted
	// private is what was said to one member alone (SendPrivate), never seen by the room.
	private []Posted
	admins  map[string]bool // room key + "|" + member ID
	// members lists who the transport says is in each room (by room key).
	members map[string][]bot.Member
	// FailSends makes Send fail, to test the outbox.
	FailSends bool
}

// Posted is one thing the bot said.
type Posted struct {
	Room  bot.Room
	Reply bot.Reply
}

// Protocol implements bot.Transport.
func (t *Transport) Protocol() bot.Protocol { return bot.Console }

// Run implements bot.Transport; the kit delivers messages itself.
func (t *Transport) Run(ctx context.Context, _ bot.Inbox) error {
	<-ctx.Done()
	return nil
}

// Send implements bot.Transport.
func (t *Transport) Send(_ context.Context, room bot.Room, r bot.Reply) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.FailSends {
		return io.ErrClosedPipe
	}
	t.sent = append(t.sent, Posted{Room: room, Reply: r})
	return nil
}

// SendPrivate implements bot.PrivateSender: the reply is kept apart from what the room
// sees, for TakePrivate.
func (t *Transport) SendPrivate(_ context.Context, room bot.Room, to string, r bot.Reply) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.FailSends {
		return io.ErrClosedPipe
	}
	t.private = append(t.private, Posted{Room: room, Reply: r})
	return nil
}

// UploadPrivate implements bot.PrivateUploader: the file is kept, read, with what was said
// privately (Reply.File, Reply.To), for TakePrivate.
func (t *Transport) UploadPrivate(_ context.Context, room bot.Room, to string, f bot.File) error {
	data, err := io.ReadAll(f.Content)
	if err != nil {
		return err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.FailSends {
		return io.ErrClosedPipe
	}
	ref := &bot.FileRef{Name: f.Name, MIMEType: f.MIMEType, Caption: f.Caption, Content: data}
	t.private = append(t.private, Posted{Room: room, Reply: bot.Reply{To: to, File: ref}})
	return nil
}

// TakePrivate returns and forgets what was said privately (Reply.To names to whom) since the
// last call.
func (t *Transport) TakePrivate() []Posted {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := t.private
	t.private = nil
	return out
}

// IsRoomAdmin implements bot.AdminChecker.
func (t *Transport) IsRoomAdmin(_ context.Context, room bot.Room, m bot.Member) (bool, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.admins[room.Key()+"|"+m.ID], nil
}

// Members implements bot.MemberLister: the members set with SetMembers.
func (t *Transport) Members(_ context.Context, room bot.Room) ([]bot.Member, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.members[room.Key()], nil
}

// SetMembers sets who the transport says is in a room, as a Matrix room's member list would.
func (t *Transport) SetMembers(room bot.Room, members ...bot.Member) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.members == nil {
		t.members = map[string][]bot.Member{}
	}
	t.members[room.Key()] = members
}

// SetAdmin makes a member a room admin (or not).
func (t *Transport) SetAdmin(room bot.Room, memberID string, admin bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.admins == nil {
		t.admins = map[string]bool{}
	}
	t.admins[room.Key()+"|"+memberID] = admin
}

// Take returns and forgets what was said since the last call.
func (t *Transport) Take() []Posted {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := t.sent
	t.sent = nil
	return out
}

// Kit is a whole folkmoot on the in-memory transport.
type Kit struct {
	App       *host.App
	Clock     *Clock
	Transport *Transport
	Config    *config.Config
	seq       int
	// idPrefix makes message IDs unique across a test's restarts, as a network's are: a
	// message ID seen before is a second delivery, which is never run twice.
	idPrefix string
	// via is the transport messages arrive through (a PollKit's poller, else Transport).
	via bot.Transport
}

// New starts a kit of the features with default config in a temporary data dir. A feature's
// tests give their own feature alone, so they compile and run without the others.
func New(t testing.TB, features ...feature.Feature) *Kit {
	return NewAt(t, t.TempDir(), Start, features...)
}

// NewAt starts a kit on a given data dir and clock start, so a test can "restart" folkmoot
// on the same database.
func NewAt(t testing.TB, dataDir string, start time.Time, features ...feature.Feature) *Kit {
	t.Helper()
	return NewWith(t, dataDir, start, nil, features...)
}

// NewWith is NewAt with the config changed by edit first (nil for none).
func NewWith(t testing.TB, dataDir string, start time.Time, edit func(*config.Config), features ...feature.Feature) *Kit {
	t.Helper()
	cfg := config.Default()
	cfg.DataDir = dataDir
	// On PostgreSQL (FOLKMOOT_TEST_DATABASE_URL) the data dir's own schema: a kit started
	// again on the same dir finds its data, as it finds the SQLite file.
	cfg.DatabaseURL = storetest.DatabaseURL(t, dataDir)
	// Conversations here run many commands at one instant of the fake clock; the limit has
	// a test of its own (commands and the feature tests that set it back).
	cfg.Limits.CommandBurst = 1 << 30
	if edit != nil {
		edit(cfg)
	}
	clock := NewClock(start)
	a, err := host.New(context.Background(), cfg, zerolog.Nop(), clock.Now, features)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	tr := &Transport{}
	a.Add(tr)
	return &Kit{App: a, Clock: clock, Transport: tr, Config: cfg, via: tr, idPrefix: bot.NewRef() + "-"}
}

// Pseudo is a config edit for NewWith: every room speaks the tests' pseudo-language, which
// wraps each message of the catalog in ⟦…⟧, so a test can tell the words that went through
// the catalog from those that did not. Only a test can set it: a config file or !lang reads
// its tag as English.
func Pseudo(c *config.Config) { c.Language = facts.PseudoTag }

// LastMessageID is the ID of the message the kit delivered last, which answers point at.
func (k *Kit) LastMessageID() string { return k.idPrefix + "m" + strconv.Itoa(k.seq) }

// Close closes the kit's database (to simulate a stop before NewAt on the same dir).
func (k *Kit) Close() { k.App.Close() }

// Room returns a console room by name.
func (k *Kit) Room(name string) *Room {
	return &Room{kit: k, Room: bot.Room{Protocol: bot.Console, ID: name}}
}

// Advance moves the clock by d, fires what fell due, and returns what the bot said.
func (k *Kit) Advance(t testing.TB, d time.Duration) []Posted {
	t.Helper()
	k.Clock.Set(k.Clock.Now().Add(d))
	return k.Tick(t)
}

// Tick fires what is due now and returns what the bot said.
func (k *Kit) Tick(t testing.TB) []Posted {
	t.Helper()
	if err := k.App.Tick(context.Background()); err != nil {
		t.Fatalf("tick: %v", err)
	}
	return k.Transport.Take()
}

// Room is one room of the kit.
type Room struct {
	kit  *Kit
	Room bot.Room
}

// Member makes the member a test names: ID "<name>@example.org", display name <name>.
func Member(name string) bot.Member { return bot.Member{ID: name + "@example.org", Name: name} }

// Say sends text as the named member and returns the texts of everything the bot said.
func (r *Room) Say(t testing.TB, who, text string) []string {
	t.Helper()
	return Texts(r.SayAs(t, Member(who), text))
}

// SayOne sends text and returns the bot's single answer, failing the test otherwise.
func (r *Room) SayOne(t testing.TB, who, text string) string {
	t.Helper()
	got := r.Say(t, who, text)
	if len(got) != 1 {
		t.Fatalf("%s says %q: want one answer, got %d: %q", who, text, len(got), got)
	}
	return got[0]
}

// SayAs sends text as any member and returns everything the bot said.
func (r *Room) SayAs(t testing.TB, m bot.Member, text string) []Posted {
	t.Helper()
	return r.deliver(m, text, false)
}

// SayPrivately sends text as a private message within the room and returns everything the
// bot said; like XMPP, it marks the message as addressed to the bot, so no prefix is needed.
func (r *Room) SayPrivately(t testing.TB, m bot.Member, text string) []Posted {
	t.Helper()
	return r.deliver(m, text, true)
}

// React puts the named member's reaction key (an emoji) on the message with ID to, as a
// network delivers it, and returns everything the bot said.
func (r *Room) React(t testing.TB, who, to, key string) []Posted {
	t.Helper()
	return r.handle(bot.Message{Room: r.Room, Sender: Member(who), Reaction: &bot.Reaction{To: to, Key: key}})
}

func (r *Room) deliver(m bot.Member, text string, private bool) []Posted {
	return r.handle(bot.Message{Room: r.Room, Sender: m, Text: text, Private: private, Mentioned: private})
}

// handle gives the runtime one event of the room, with the next ID and the clock's time.
func (r *Room) handle(msg bot.Message) []Posted {
	r.kit.seq++
	msg.ID, msg.Time = r.kit.idPrefix+"m"+strconv.Itoa(r.kit.seq), r.kit.Clock.Now()
	r.kit.App.Bot.Deliver(context.Background(), r.kit.via, msg)
	r.kit.App.Bot.Flush(context.Background()) // what the handling queued, as the runtime's loop would
	return r.kit.Transport.Take()
}

// Speaks sets the room's language (a shipped language's tag), as !lang would.
func (r *Room) Speaks(t testing.TB, tag string) {
	t.Helper()
	if err := facts.SetRoomLanguage(context.Background(), r.kit.App.DB, r.Room, tag, r.kit.Clock.Now()); err != nil {
		t.Fatal(err)
	}
}

// Admin makes the named member a room admin.
func (r *Room) Admin(name string) { r.kit.Transport.SetAdmin(r.Room, Member(name).ID, true) }

// Texts extracts the plain texts.
func Texts(ps []Posted) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Reply.Text()
	}
	return out
}

// Contains reports whether any text contains every one of the parts.
func Contains(texts []string, parts ...string) bool {
	for _, s := range texts {
		all := true
		for _, p := range parts {
			if !strings.Contains(s, p) {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}
