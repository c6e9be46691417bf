package xmpp_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"folkmoot/app"
	"folkmoot/app/host"
	"folkmoot/bot/xmpp"
	"folkmoot/store"
	"folkmoot/store/storetest"
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
	waitUntil(opened.Add(17 * time.Second))
	killed := time.Now()
	first.kill(t)
	alice.WaitBot(room, true, 10*time.Second)
	carol.Say(t, room, "!whoami") // said while no folkmoot is in the room

	// The standby takes the lease within 30 s (here, with expire 4 s, within seconds).
	var took store.LeaseState
	xmpp.WaitFor(t, 30*time.Second, "the standby taking the lease", func() bool {
		took = f.holder()
		return second.holds(took)
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
	third := startProcess(t, f.bin, f.cfg, "first, again")
	third.waitLog(t, 30*time.Second, "waiting as a standby")
	if h := f.holder(); !second.holds(h) {
		t.Fatalf("after the old process came back the lease is held by %q, want the second (pid %d)", h.Holder, second.pid())
	}
	// A clean stop releases the lease: the one that came back takes it at its next look.
	stopped := time.Now()
	second.stop(t)
	alice.WaitBot(room, true, 20*time.Second)
	xmpp.WaitFor(t, 30*time.Second, "the restarted process taking the released lease", func() bool {
		return third.holds(f.holder())
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
	code := f.first.wait(t, 30*time.Second)
	if code == 0 {
		t.Errorf("the process that lost its lease exited 0, want non-zero")
	}
	f.first.waitLog(t, time.Second, "lost the lease")
	waitUntil(opened.Add(11 * time.Second)) // the close falls due while the database is away
	f.resumePostgres(t)
	away := time.Since(gone)

	xmpp.WaitFor(t, 30*time.Second, "the standby taking the lease", func() bool { return f.second.holds(f.holder()) })
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
	first, second     *process
}

func newFailover(t *testing.T, prefix string) *failover {
	t.Helper()
	srv := xmpp.ProsodyServer(t)
	url := failoverDatabase(t)
	f := &failover{bin: buildFolkmoot(t), room: srv.NewRoomJID(prefix)}
	f.alice = srv.Connect(t, "alice")
	f.alice.CreateRoom(f.room, "alice", "anyone")
	f.bob = srv.Connect(t, "bob")
	f.bob.Join(f.room, "bob")
	f.carol = srv.Connect(t, "carol")
	f.carol.Join(f.room, "carol")
	f.cfg = failoverConfig(t, srv, url, f.room)
	f.holder = leaseReader(t, url)

	f.first = startProcess(t, f.bin, f.cfg, "first")
	f.alice.WaitBot(f.room, false, 30*time.Second)
	f.second = startProcess(t, f.bin, f.cfg, "second")
	f.second.waitLog(t, 30*time.Second, "waiting as a standby")
	if h := f.holder(); !f.first.holds(h) {
		t.Fatalf("the lease is held by %q, want the first process (pid %d)", h.Holder, f.first.pid())
	}
	return f
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

// failoverDatabase is a fresh schema of the test PostgreSQL (scripts/postgres.sh), which the
// test requires: skipped without it, failed under FOLKMOOT_REQUIRE_SERVERS=1.
func failoverDatabase(t *testing.T) string {
	t.Helper()
	base := os.Getenv(storetest.EnvURL)
	if base == "" {
		base = os.Getenv("FOLKMOOT_TEST_POSTGRES_URL")
	}
	if base == "" {
		if os.Getenv("FOLKMOOT_REQUIRE_SERVERS") == "1" {
			t.Fatal("FOLKMOOT_TEST_POSTGRES_URL is not set: run scripts/postgres.sh start and source its env file")
		}
		t.Skip("no PostgreSQL: run scripts/postgres.sh start and source ${FOLKMOOT_TESTENV}/postgres.env")
	}
	t.Setenv(storetest.EnvURL, base)
	return storetest.DatabaseURL(t, t.TempDir())
}

// buildFolkmoot builds the folkmoot binary, as it is deployed.
func buildFolkmoot(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "folkmoot")
	cmd := exec.Command("go", "build", "-tags", "goolm", "-o", bin, "folkmoot/cmd/folkmoot")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
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
	path := filepath.Join(t.TempDir(), "folkmoot.yaml")
	if err := os.WriteFile(path, []byte(raw), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// process is one `folkmoot run` of the test, its JSON log kept line by line.
type process struct {
	name string
	cmd  *exec.Cmd
	done chan error
	mu   sync.Mutex
	log  []map[string]any
}

// startProcess runs `folkmoot run --config cfg` in a data dir of its own (another machine's),
// until it is killed, stopped or the test ends.
func startProcess(t *testing.T, bin, cfg, name string) *process {
	t.Helper()
	p := &process{name: name, done: make(chan error, 1)}
	p.cmd = exec.Command(bin, "run", "--config", cfg)
	p.cmd.Dir = t.TempDir()
	p.cmd.Env = append(os.Environ(), "FOLKMOOT_XMPP_PASSWORD="+xmpp.ProsodyServer(t).Password(), "FOLKMOOT_DATABASE_URL=")
	stderr, err := p.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	read := make(chan struct{})
	go func() {
		defer close(read)
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			var line map[string]any
			if json.Unmarshal(sc.Bytes(), &line) != nil {
				line = map[string]any{"message": sc.Text()}
			}
			p.mu.Lock()
			p.log = append(p.log, line)
			p.mu.Unlock()
		}
	}()
	go func() {
		<-read
		p.done <- p.cmd.Wait()
	}()
	t.Cleanup(func() {
		_ = p.cmd.Process.Kill()
		<-p.done
		p.done <- nil
		if t.Failed() {
			p.dump(t)
		}
	})
	return p
}

func (p *process) pid() int { return p.cmd.Process.Pid }

// holds reports whether the lease names this process.
func (p *process) holds(s store.LeaseState) bool {
	parts := strings.Split(s.Holder, ":")
	return len(parts) == 3 && parts[1] == strconv.Itoa(p.pid())
}

// waitLog waits for a log line whose message contains msg.
func (p *process) waitLog(t *testing.T, timeout time.Duration, msg string) {
	t.Helper()
	xmpp.WaitFor(t, timeout, p.name+" logging "+strconv.Quote(msg), func() bool {
		p.mu.Lock()
		defer p.mu.Unlock()
		for _, l := range p.log {
			if m, _ := l["message"].(string); strings.Contains(m, msg) {
				return true
			}
		}
		return false
	})
}

// kill ends the process as a crash or a lost machine does: SIGKILL, nothing cleaned up.
func (p *process) kill(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatalf("kill %s: %v", p.name, err)
	}
	<-p.done
	p.done <- nil
}

// stop ends the process as systemd does (SIGTERM) and waits for its clean exit.
func (p *process) stop(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("stop %s: %v", p.name, err)
	}
	select {
	case err := <-p.done:
		p.done <- nil
		if err != nil {
			t.Errorf("%s exited with %v after SIGTERM", p.name, err)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("%s did not stop within 30 s of SIGTERM", p.name)
	}
}

// wait waits for the process to exit by itself and returns its exit code.
func (p *process) wait(t *testing.T, timeout time.Duration) int {
	t.Helper()
	select {
	case <-p.done:
		p.done <- nil
	case <-time.After(timeout):
		t.Fatalf("%s did not exit within %v", p.name, timeout)
	}
	return p.cmd.ProcessState.ExitCode()
}

// dump puts the process's log into the test's output.
func (p *process) dump(t *testing.T) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var b strings.Builder
	for _, l := range p.log {
		raw, _ := json.Marshal(l)
		b.Write(raw)
		b.WriteByte('\n')
	}
	t.Logf("log of %s (pid %d):\n%s", p.name, p.pid(), b.String())
}

// leaseReader reads the lease's row of the test's database.
func leaseReader(t *testing.T, url string) func() store.LeaseState {
	t.Helper()
	db, err := host.OpenStore(context.Background(), url, app.Features())
	if err != nil {
		t.Fatalf("open the test database: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return func() store.LeaseState {
		s, _, err := store.ReadLease(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
}

// waitUntil waits until the moment at, a point of the test's timeline (the vote's close is
// set in real time).
func waitUntil(at time.Time) {
	if d := time.Until(at); d > 0 {
		time.Sleep(d)
	}
}
