package xmpp_test

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"folkmoot/app/failovertest"
	"folkmoot/bot/xmpp"
	"folkmoot/store"
)

// Issue 25's standby, end to end: two `folkmoot run` processes of the real binary share one
// PostgreSQL database and one XMPP account; one is active, the other waits. The active one is
// killed (SIGKILL) just before a vote closes and during a listening round's turn. The standby
// takes the lease, joins the room and carries on: the vote's result is said once, the round's
// next turn is announced once, a command said while no process was in the room is answered
// once, and nothing said before the kill is said again. The killed process, started again,
// waits as a standby, and takes over at once when the active one stops cleanly.
//
// Real time is unavoidable across processes: the lease's timings are short (renew 1 s,
// expire 4 s) and every wait polls with a deadline.
func TestIntegrationFailover(t *testing.T) {
	f := newFailover(t, "failover")
	room, alice, bob, carol := f.room, f.alice, f.bob, f.carol
	first, second := f.first, f.second

	alice.Ask(t, room, "!whoami", "You are alice@localhost")
	opened := time.Now()
	alice.Ask(t, room, `!vote new "Paint the door?" --closes in 20 seconds`, "is open")
	bob.Say(t, room, "!agree")
	alice.Say(t, room, "!round budget --each 20s --pause 1s --with bob@localhost carol@localhost")
	bob.WaitFromBot(t, room, "bob has the floor", 15*time.Second)

	// Just before the close (and in the middle of bob's turn): the active process dies.
	failovertest.WaitUntil(t, opened.Add(17*time.Second))
	killed := time.Now()
	first.Kill(t)
	alice.WaitBot(room, true, 10*time.Second)
	carol.Say(t, room, "!whoami") // said while no folkmoot is in the room

	// The standby takes the lease within 30 s (here, with expire 4 s, within seconds).
	var took store.LeaseState
	xmpp.WaitFor(t, 30*time.Second, "the standby taking the lease", func() bool {
		took = f.holder()
		return second.Holds(took)
	})
	takeover := time.Since(killed)
	alice.WaitBot(room, false, 30*time.Second)
	back := time.Since(killed)
	if took.Epoch != 2 {
		t.Errorf("epoch after the takeover = %d, want 2", took.Epoch)
	}

	// It carries on: the overdue close, the end of bob's turn, the missed command.
	alice.WaitFromBot(t, room, "is closed", 30*time.Second)
	carol.WaitFromBot(t, room, "🎙 carol has the floor", 30*time.Second)
	xmpp.WaitFor(t, 30*time.Second, "the answer to the command said during the failover", func() bool {
		return carol.CountFromBot(room, "You are carol@localhost") > 0
	})
	f.saidOnce(t, "You are alice@localhost", "is open", "agree on #1 recorded", "🎙 bob has the floor", // before the kill
		"is closed", "thank you, bob", "🎙 carol has the floor", "You are carol@localhost") // after
	if !strings.Contains(strings.Join(alice.FromBot(room), "\n"), "1 agree") {
		t.Errorf("the result does not count bob's agreement:\n%s", strings.Join(alice.FromBot(room), "\n---\n"))
	}

	// The killed one comes back: it waits as a standby while the second holds the lease.
	third := f.start(t, "first, again")
	third.WaitLog(t, 30*time.Second, "waiting as a standby")
	if h := f.holder(); !second.Holds(h) {
		t.Fatalf("after the old process came back the lease is held by %q, want the second (pid %d)", h.Holder, second.Pid())
	}
	// A clean stop releases the lease: the one that came back takes it at its next look.
	stopped := time.Now()
	second.Stop(t)
	alice.WaitBot(room, true, 20*time.Second)
	xmpp.WaitFor(t, 30*time.Second, "the restarted process taking the released lease", func() bool {
		return third.Holds(f.holder())
	})
	handover := time.Since(stopped)
	alice.WaitBot(room, false, 30*time.Second)
	alice.Ask(t, room, "!whoami", "You are alice@localhost")
	if n := alice.CountFromBot(room, "You are alice@localhost"); n != 2 {
		t.Errorf("alice's two !whoami were answered %d times in all, want 2", n)
	}
	t.Logf("failover: lease taken %v after the kill, back in the room after %v; clean handover %v",
		takeover.Round(time.Millisecond), back.Round(time.Millisecond), handover.Round(time.Millisecond))
}

// The database goes away while folkmoot runs, across a vote's close and a command: the active
// process, whose heartbeat cannot get through, stops acting and exits non-zero (a standby may
// take over meanwhile); once the database is back, the standby takes the lease, the close that
// waited fires once, and the command said meanwhile is answered once.
func TestIntegrationFailoverDatabaseGoesAway(t *testing.T) {
	f := newFailover(t, "dbaway")
	room, alice, bob := f.room, f.alice, f.bob
	opened := time.Now()
	alice.Ask(t, room, `!vote new "Fix the gate?" --closes in 10 seconds`, "is open")
	bob.Say(t, room, "!agree")
	bob.WaitFromBot(t, room, "agree on #1 recorded", 15*time.Second)

	f.pausePostgres(t)
	gone := time.Now()
	alice.Say(t, room, "!whoami") // the active process cannot record it
	// The first process stops acting: it leaves the room and exits non-zero.
	alice.WaitBot(room, true, 30*time.Second)
	code := f.first.Wait(t, 30*time.Second)
	if code == 0 {
		t.Errorf("the process that lost its lease exited 0, want non-zero")
	}
	f.first.WaitLog(t, time.Second, "lost the lease")
	failovertest.WaitUntil(t, opened.Add(11*time.Second)) // the close falls due while the database is away
	f.resumePostgres(t)
	away := time.Since(gone)

	xmpp.WaitFor(t, 30*time.Second, "the standby taking the lease", func() bool { return f.second.Holds(f.holder()) })
	alice.WaitBot(room, false, 30*time.Second)
	alice.WaitFromBot(t, room, "is closed", 30*time.Second)
	xmpp.WaitFor(t, 30*time.Second, "the answer to the command said while the database was away", func() bool {
		return alice.CountFromBot(room, "You are alice@localhost") > 0
	})
	f.saidOnce(t, "is open", "agree on #1 recorded", "is closed: PASSED", "You are alice@localhost")
	t.Logf("database away for %v; the first process exited %d; back %v after the database", away.Round(time.Millisecond), code,
		time.Since(gone.Add(away)).Round(time.Millisecond))
}

// failover is the setting of a failover test: a room of alice (its owner), bob and carol on
// the test Prosody, a fresh schema of the test PostgreSQL, and two `folkmoot run` processes
// of the real binary with the same configuration: the first active in the room, the second
// waiting as a standby.
type failover struct {
	room              string
	alice, bob, carol *xmpp.Person
	bin, cfg          string
	holder            func() store.LeaseState
	first, second     *failovertest.Process
}

func newFailover(t *testing.T, prefix string) *failover {
	t.Helper()
	srv := xmpp.ProsodyServer(t)
	url := failovertest.Database(t)
	f := &failover{bin: failovertest.Build(t), room: srv.NewRoomJID(prefix)}
	f.alice = srv.Connect(t, "alice")
	f.alice.CreateRoom(f.room, "alice", "anyone")
	f.bob = srv.Connect(t, "bob")
	f.bob.Join(f.room, "bob")
	f.carol = srv.Connect(t, "carol")
	f.carol.Join(f.room, "carol")
	f.cfg = failoverConfig(t, srv, url, f.room)
	f.holder = failovertest.LeaseReader(t, url)

	f.first = f.start(t, "first")
	f.alice.WaitBot(f.room, false, 30*time.Second)
	f.second = f.start(t, "second")
	f.second.WaitLog(t, 30*time.Second, "waiting as a standby")
	if h := f.holder(); !f.first.Holds(h) {
		t.Fatalf("the lease is held by %q, want the first process (pid %d)", h.Holder, f.first.Pid())
	}
	return f
}

// start runs one more `folkmoot run` of the test's binary and configuration, with the bot's
// XMPP password in its environment.
func (f *failover) start(t *testing.T, name string) *failovertest.Process {
	t.Helper()
	return failovertest.Start(t, f.bin, f.cfg, name, "FOLKMOOT_XMPP_PASSWORD="+xmpp.ProsodyServer(t).Password())
}

// saidOnce checks that the bot said each text exactly once in the room. A room's replies go
// out in order, so it first asks for !status and waits for the answer: everything queued
// before it has been sent by then.
func (f *failover) saidOnce(t *testing.T, texts ...string) {
	t.Helper()
	f.alice.Ask(t, f.room, "!status", "Status of this room")
	for _, once := range texts {
		if n := f.alice.CountFromBot(f.room, once); n != 1 {
			t.Errorf("%q was said %d times, want once; the bot said:\n%s", once, n, strings.Join(f.alice.FromBot(f.room), "\n---\n"))
		}
	}
}

// pausePostgres stops the test PostgreSQL as a crash does, until resumePostgres (or the end
// of the test: the server is shared with the other tests).
func (f *failover) pausePostgres(t *testing.T) {
	t.Helper()
	postgresCtl(t, "pause")
	t.Cleanup(func() { postgresCtl(t, "resume") })
}

func (f *failover) resumePostgres(t *testing.T) {
	t.Helper()
	postgresCtl(t, "resume")
}

// postgresCtl runs scripts/postgres.sh on the server the env file describes.
func postgresCtl(t *testing.T, cmd string) {
	t.Helper()
	script, env := os.Getenv("FOLKMOOT_TEST_POSTGRES_SCRIPT"), os.Getenv("FOLKMOOT_TEST_POSTGRES_ENV")
	if script == "" || env == "" {
		t.Fatal("FOLKMOOT_TEST_POSTGRES_SCRIPT and _ENV are not set: start the server with scripts/postgres.sh start")
	}
	c := exec.Command(script, cmd)
	c.Env = append(os.Environ(), "FOLKMOOT_TESTENV="+env)
	if out, err := c.CombinedOutput(); err != nil {
		t.Fatalf("postgres.sh %s: %v\n%s", cmd, err, out)
	}
}

// failoverConfig writes the one configuration both processes run with: the same database,
// the same XMPP account and room, short lease timings.
func failoverConfig(t *testing.T, srv xmpp.Server, url, room string) string {
	t.Helper()
	raw := fmt.Sprintf(`database_url: %q
log: {level: debug, format: json}
lease: {renew: 1s, expire: 4s}
limits: {command_burst: 1000}
xmpp:
  jid: %q
  server: %q
  tls: none
  rooms:
    - jid: %q
`, url, srv.JID(botAccount), srv.Addr(), room)
	return failovertest.WriteConfig(t, raw)
}
