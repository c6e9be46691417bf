package matrix_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"folkmoot/app/failovertest"
	"folkmoot/bot/matrix"
	"folkmoot/bot/matrix/matrixtest"
)

// Issue 25's standby on Matrix, end to end: two `folkmoot run` processes of the real binary
// share one PostgreSQL database (folkmoot's tables and mautrix's state and crypto stores) and
// one access token, so one device. The active one is killed (SIGKILL) just before a vote
// closes, in the middle of a listening round's turn. The standby takes the lease, syncs from
// the stored token and carries on in the encrypted room with the same Olm account and Megolm
// sessions: the vote's result is said once, the round's next turn announced once, a command
// said while no process ran is answered once, nothing is said twice, and the members decrypt
// every message. The killed process, started again, waits as a standby.
//
// Real time is unavoidable across processes: the lease's timings are short (renew 1 s,
// expire 4 s) and every wait polls with a deadline.
func TestIntegrationFailoverMatrix(t *testing.T) {
	srv := matrix.DendriteServer(t)
	url := failovertest.Database(t)
	bin := failovertest.Build(t)
	holder := failovertest.LeaseReader(t, url)

	botAcct := srv.NewAccount(t, "folkmoot")
	token := accessToken(t, srv, botAcct)
	cfg := failovertest.WriteConfig(t, fmt.Sprintf(`database_url: %q
log: {level: debug, format: json}
lease: {renew: 1s, expire: 4s}
limits: {command_burst: 1000}
matrix:
  homeserver: %q
  user_id: %q
  device_name: folkmoot failover
  encryption: true
  autojoin_from: ["@*:%s"]
`, url, srv.URL, botAcct.ID, botAcct.ID.Homeserver()))
	// Both processes run with the same secrets, as two machines of one deployment do.
	env := []string{"FOLKMOOT_MATRIX_ACCESS_TOKEN=" + token, "FOLKMOOT_MATRIX_PASSWORD=", "FOLKMOOT_PICKLE_KEY=failover pickle key"}

	first := failovertest.Start(t, bin, cfg, "first", env...)
	first.WaitLog(t, 60*time.Second, "logged in")
	alice := srv.Connect(t, "alice")
	bob := srv.Connect(t, "bob")
	carol := srv.Connect(t, "carol")
	room := alice.CreateRoom(true, botAcct.ID, bob.ID(), carol.ID())
	bob.Join(room)
	carol.Join(room)
	for _, p := range []*matrix.Person{alice, bob, carol} {
		p.WaitJoined(room, botAcct.ID)
		p.WaitJoined(room, bob.ID())
		p.WaitJoined(room, carol.ID())
	}
	ms := newMatrixSeen(room, botAcct.ID, alice, bob, carol)
	second := failovertest.Start(t, bin, cfg, "second", env...)
	second.WaitLog(t, 30*time.Second, "waiting as a standby")
	if h := holder(); !first.Holds(h) {
		t.Fatalf("the lease is held by %q, want the first process (pid %d)", h.Holder, first.Pid())
	}

	ask := func(p *matrix.Person, text string) string {
		t.Helper()
		evt := p.ReplyTo(t, botAcct.ID, p.Say(t, room, text))
		body := evt.Content.AsMessage().Body
		t.Logf("%s: %s\n-> %s", p.ID().Localpart(), text, body)
		return body
	}
	mustContain(t, "!whoami", ask(alice, "!whoami"), "You are")
	opened := time.Now()
	mustContain(t, "!vote new", ask(alice, `!vote new "Paint the door?" --closes in 20 seconds`), "is open")
	mustContain(t, "!agree", ask(bob, "!agree"), "#1")
	// The first floor is the answer to the command.
	mustContain(t, "!round", ask(alice, "!round budget --each 20s --pause 1s --with "+bob.ID().String()+" "+carol.ID().String()),
		"🎙 "+bob.ID().Localpart()+" has the floor")

	// Just before the close (and in the middle of bob's turn): the active process dies.
	failovertest.WaitUntil(t, opened.Add(17*time.Second))
	killed := time.Now()
	first.Kill(t)
	missed := carol.Say(t, room, "!whoami") // said while no folkmoot runs

	var took = holder()
	failovertest.WaitFor(t, 30*time.Second, "the standby taking the lease", func() bool {
		took = holder()
		return second.Holds(took)
	})
	takeover := time.Since(killed)
	if took.Epoch != 2 {
		t.Errorf("epoch after the takeover = %d, want 2", took.Epoch)
	}

	second.WaitLog(t, 30*time.Second, "logged in")
	if d1, d2 := first.LogField("logged in", "device_id"), second.LogField("logged in", "device_id"); d1 == "" || d1 != d2 {
		t.Errorf("the standby logged in as device %q, the first process as %q: want one device", d2, d1)
	}

	// It carries on: the overdue close, the end of bob's turn, the missed command.
	ms.waitBot(t, alice, 30*time.Second, "the vote's result", hasText("is closed"))
	back := time.Since(killed)
	ms.waitBot(t, carol, 30*time.Second, "carol's floor", floorOf(carol.ID()))
	carol.ReplyTo(t, botAcct.ID, missed)

	// A room's replies go out in order: once every member has the answer to a new command,
	// everything queued before it has been sent and received.
	status := alice.Say(t, room, "!status")
	for _, p := range []*matrix.Person{alice, bob, carol} {
		p.ReplyTo(t, botAcct.ID, status)
	}
	for _, c := range []struct {
		what  string
		match func(*event.MessageEventContent) bool
	}{
		{"the vote's opening", hasText("is open")},
		{"the vote's result", hasText("is closed")},
		{"bob's floor", floorOf(bob.ID())},
		{"the end of bob's turn", func(c *event.MessageEventContent) bool {
			return strings.Contains(c.Body, "thank you") && strings.Contains(c.Body, bob.ID().Localpart())
		}},
		{"carol's floor", floorOf(carol.ID())},
	} {
		if n := ms.countBot(alice, c.match); n != 1 {
			t.Errorf("%s was said %d times, want once", c.what, n)
		}
	}
	if n := alice.Count(matrixtest.IsReplyTo(botAcct.ID, missed)); n != 1 {
		t.Errorf("the command said while no folkmoot ran was answered %d times, want once", n)
	}
	if !strings.Contains(ms.bodies(alice), "1 agree") {
		t.Errorf("the result does not count bob's agreement:\n%s", ms.bodies(alice))
	}
	if n := alice.Count(func(evt *event.Event) bool {
		return evt.RoomID == room && evt.Sender == botAcct.ID && evt.Type == event.EventUnstablePollEnd
	}); n != 1 {
		t.Errorf("the native poll was ended %d times, want once", n)
	}
	ms.checkOnceAndDecrypted(t)
	if n := ms.sessionCount(); n != 1 {
		t.Errorf("the bot's events came in %d Megolm sessions, want one: the standby carries on the active one's", n)
	}

	// The killed one comes back: it waits as a standby while the second holds the lease.
	third := failovertest.Start(t, bin, cfg, "first, again", env...)
	third.WaitLog(t, 30*time.Second, "waiting as a standby")
	if h := holder(); !second.Holds(h) {
		t.Fatalf("after the old process came back the lease is held by %q, want the second (pid %d)", h.Holder, second.Pid())
	}
	if out := failovertest.Status(t, bin, cfg, env...); !strings.Contains(out, ":"+strconv.Itoa(second.Pid())+":") {
		t.Errorf("folkmoot status does not name the second process (pid %d) as active:\n%s", second.Pid(), out)
	}
	mustContain(t, "!whoami after the restart", ask(bob, "!whoami"), "You are")
	if third.Logged("logged in") != 0 {
		t.Error("the process that came back as a standby logged in to Matrix")
	}
	t.Logf("the bot said, as alice received it:\n%s", ms.bodies(alice))
	t.Logf("failover: lease taken %v after the kill, the vote's result %v after it", takeover.Round(time.Millisecond), back.Round(time.Millisecond))
}

// accessToken logs the bot's account in once: both processes share the token, so they are
// one device, whose keys live in the shared database.
func accessToken(t *testing.T, srv matrix.Server, acct matrixtest.Account) string {
	t.Helper()
	cli, err := mautrix.NewClient(srv.URL, "", "")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	resp, err := cli.Login(ctx, &mautrix.ReqLogin{
		Type:                     mautrix.AuthTypePassword,
		Identifier:               mautrix.UserIdentifier{Type: mautrix.IdentifierTypeUser, User: acct.ID.String()},
		Password:                 acct.Password,
		InitialDeviceDisplayName: "folkmoot failover",
	})
	if err != nil {
		t.Fatal(err)
	}
	return resp.AccessToken
}

// hasText matches a message whose body contains s.
func hasText(s string) func(*event.MessageEventContent) bool {
	return func(c *event.MessageEventContent) bool { return strings.Contains(c.Body, s) }
}

// floorOf matches the message giving who the floor (shown by their localpart: the test's
// people set no display name), which mentions them.
func floorOf(who id.UserID) func(*event.MessageEventContent) bool {
	return func(c *event.MessageEventContent) bool {
		return strings.Contains(c.Body, "🎙 "+who.Localpart()+" has the floor") && c.Mentions != nil && c.Mentions.Has(who)
	}
}

// matrixSeen watches what the members' clients receive from the bot in one room: every
// encrypted event as it came (by event ID), beside the decrypted events the Person keeps.
type matrixSeen struct {
	room   id.RoomID
	bot    id.UserID
	people []*matrix.Person

	mu        sync.Mutex
	encrypted map[id.UserID]map[id.EventID]bool
	sessions  map[id.SessionID]bool // the Megolm sessions of the bot's events
}

func newMatrixSeen(room id.RoomID, bot id.UserID, people ...*matrix.Person) *matrixSeen {
	ms := &matrixSeen{room: room, bot: bot, people: people, encrypted: map[id.UserID]map[id.EventID]bool{},
		sessions: map[id.SessionID]bool{}}
	for _, p := range people {
		ms.encrypted[p.ID()] = map[id.EventID]bool{}
		p.SetHook(func(evt *event.Event) {
			if evt.RoomID == room && evt.Sender == bot && evt.Type == event.EventEncrypted &&
				evt.Mautrix.EventSource&event.SourceTimeline != 0 {
				ms.mu.Lock()
				ms.encrypted[p.ID()][evt.ID] = true
				ms.sessions[evt.Content.AsEncrypted().SessionID] = true
				ms.mu.Unlock()
			}
		})
	}
	return ms
}

// sessionCount is how many Megolm sessions the bot's events were encrypted in.
func (ms *matrixSeen) sessionCount() int {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	return len(ms.sessions)
}

// isBot matches the bot's messages in the room.
func (ms *matrixSeen) isBot(match func(*event.MessageEventContent) bool) func(*event.Event) bool {
	return func(evt *event.Event) bool {
		return evt.RoomID == ms.room && evt.Sender == ms.bot && evt.Type == event.EventMessage && match(evt.Content.AsMessage())
	}
}

// waitBot waits for a message of the bot that matches, as p's client decrypted it.
func (ms *matrixSeen) waitBot(t *testing.T, p *matrix.Person, timeout time.Duration, what string, match func(*event.MessageEventContent) bool) {
	t.Helper()
	evt := p.WaitEvent(t, timeout, what, ms.isBot(match))
	t.Logf("bot: %s", evt.Content.AsMessage().Body)
}

// countBot counts the bot's messages that match, as p's client received them.
func (ms *matrixSeen) countBot(p *matrix.Person, match func(*event.MessageEventContent) bool) int {
	return p.Count(ms.isBot(match))
}

// bodies is everything the bot said in the room, as p's client received it.
func (ms *matrixSeen) bodies(p *matrix.Person) string {
	var b []string
	p.Count(func(evt *event.Event) bool {
		if ms.isBot(func(*event.MessageEventContent) bool { return true })(evt) {
			b = append(b, evt.Content.AsMessage().Body)
		}
		return false
	})
	return strings.Join(b, "\n---\n")
}

// checkOnceAndDecrypted checks, for every member, that every event the bot sent into the
// room came encrypted and was decrypted (the standby encrypts with the same device and
// sessions, read from the database), and that no message of the bot came twice. A client
// decrypts an event just after it received it, so it waits a little for the last ones.
func (ms *matrixSeen) checkOnceAndDecrypted(t *testing.T) {
	t.Helper()
	for _, p := range ms.people {
		undecrypted := func() (missing []id.EventID) {
			ms.mu.Lock()
			defer ms.mu.Unlock()
			for evtID := range ms.encrypted[p.ID()] {
				if p.Find(func(evt *event.Event) bool { return evt.ID == evtID }) == nil {
					missing = append(missing, evtID)
				}
			}
			return missing
		}
		failovertest.Eventually(10*time.Second, func() bool { return len(undecrypted()) == 0 })
		for _, evtID := range undecrypted() {
			t.Errorf("%s could not decrypt the bot's event %s", p.ID(), evtID)
		}
		said := map[string]int{}
		p.Count(func(evt *event.Event) bool {
			if evt.RoomID != ms.room || evt.Sender != ms.bot || evt.Type.Class != event.MessageEventType {
				return false
			}
			if evt.Mautrix.EventSource&event.SourceDecrypted == 0 {
				t.Errorf("%s received a %s of the bot in clear: %s", p.ID(), evt.Type.Type, evt.Content.AsMessage().Body)
				return false
			}
			if evt.Type == event.EventMessage {
				said[evt.Content.AsMessage().Body]++
			}
			return false
		})
		for body, n := range said {
			if n > 1 {
				t.Errorf("%s received %d times:\n%s", p.ID(), n, body)
			}
		}
	}
}
