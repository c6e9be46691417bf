package matrix_test

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"folkmoot/app/failovertest"
	"folkmoot/bot/matrix/matrixtest"
)

// BenchmarkIntegrationRoomsCost measures what a command costs folkmoot on a real homeserver
// with many encrypted rooms, beside the floor every Matrix bot pays: the echo bot
// (matrixtest/echobot: the same mautrix, goolm and SQLite, nothing else). Both run as their
// own processes on one Dendrite, each in FOLKMOOT_BENCH_ROOMS encrypted rooms (1,000 unless
// set) with one member. After a warm-up command in every room (the Olm and Megolm sessions),
// the member says one command in each of a bot's rooms at once and waits for every answer:
// the bot's CPU time (user and system, from /proc) per command, and its resident memory at
// the peak of the burst; before it, in all its rooms; and idle, logged in and in no room.
// `make bench-rooms` starts a throwaway Dendrite and runs it; by hand, against a started server
// (scripts/dendrite.sh start, then source its env file):
//
//	go test -tags goolm -run '^$' -bench BenchmarkIntegrationRoomsCost -benchtime 1x -timeout 60m ./bot/matrix/
func BenchmarkIntegrationRoomsCost(b *testing.B) {
	srv := matrixtest.Dendrite(b)
	rooms := 1000
	if n, err := strconv.Atoi(os.Getenv("FOLKMOOT_BENCH_ROOMS")); err == nil && n > 0 {
		rooms = n
	}
	folkAcct, echoAcct := srv.NewAccount(b, "folkmoot"), srv.NewAccount(b, "echo")
	cfg := failovertest.WriteConfig(b, fmt.Sprintf(`data_dir: %q
log: {level: info, format: json}
limits: {command_burst: 1000}
matrix:
  homeserver: %q
  user_id: %q
  encryption: true
  autojoin_from: ["@*:%s"]
`, b.TempDir(), srv.URL, folkAcct.ID, folkAcct.ID.Homeserver()))
	folk := failovertest.Start(b, failovertest.Build(b), cfg, "folkmoot",
		"FOLKMOOT_MATRIX_PASSWORD="+folkAcct.Password, "FOLKMOOT_PICKLE_KEY=bench pickle key")
	folk.WaitLog(b, 60*time.Second, "logged in")
	echo := startEchoBot(b, srv, echoAcct)

	member := srv.Connect(b, "member")
	seen := newWatcher()
	member.SetHook(seen.see)
	bots := []struct {
		name    string
		id      id.UserID
		pid     int
		command string
		rooms   []id.RoomID
	}{
		{name: "folkmoot", id: folkAcct.ID, pid: folk.Pid(), command: "!whoami"},
		{name: "echo", id: echoAcct.ID, pid: echo, command: "!echo hello"},
	}
	// Idle: logged in and syncing, in no room yet.
	idle := []int64{procStatus(b, folk.Pid(), "VmRSS"), procStatus(b, echo, "VmRSS")}
	for i := range bots {
		bots[i].rooms = createRooms(b, member, seen, bots[i].id, rooms)
		burst(b, member, seen, bots[i].id, bots[i].rooms, bots[i].command) // warm-up
	}
	b.ResetTimer()
	perCommand := make([]time.Duration, len(bots))
	for i, bt := range bots {
		resident := procStatus(b, bt.pid, "VmRSS")
		resetPeak(b, bt.pid)
		before := cpuTime(b, bt.pid)
		burst(b, member, seen, bt.id, bt.rooms, bt.command)
		perCommand[i] = (cpuTime(b, bt.pid) - before) / time.Duration(len(bt.rooms))
		peak := procStatus(b, bt.pid, "VmHWM")
		b.ReportMetric(float64(perCommand[i])/float64(time.Millisecond), bt.name+"-cpu-ms/cmd")
		b.ReportMetric(float64(peak)/(1<<20), bt.name+"-peak-MiB")
		b.ReportMetric(float64(resident)/(1<<20), bt.name+"-rooms-MiB")
		b.ReportMetric(float64(idle[i])/(1<<20), bt.name+"-idle-MiB")
	}
	b.ReportMetric(float64(perCommand[0])/float64(perCommand[1]), "cpu-ratio")
	b.ReportMetric(0, "ns/op") // the wall time of a fixed workload says nothing
}

// startEchoBot builds and starts the echo bot for acct and returns its process ID once it
// syncs.
func startEchoBot(b *testing.B, srv matrixtest.Server, acct matrixtest.Account) int {
	b.Helper()
	bin := filepath.Join(b.TempDir(), "echobot")
	build := exec.Command("go", "build", "-tags", "goolm", "-o", bin, "folkmoot/bot/matrix/matrixtest/echobot")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("go build echobot: %v\n%s", err, out)
	}
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), "ECHOBOT_HOMESERVER="+srv.URL, "ECHOBOT_USER="+acct.ID.String(),
		"ECHOBOT_PASSWORD="+acct.Password, "ECHOBOT_DB="+filepath.Join(b.TempDir(), "echobot.db"))
	stderr, err := cmd.StderrPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stderr)
		once := sync.OnceFunc(func() { close(ready) })
		for sc.Scan() {
			if strings.Contains(sc.Text(), "logged in") {
				once()
			}
		}
	}()
	select {
	case <-ready:
	case <-time.After(60 * time.Second):
		b.Fatal("the echo bot did not log in within a minute")
	}
	return cmd.Process.Pid
}

// createRooms has the member create n encrypted rooms with the bot, a few at a time, and
// waits until the bot joined each.
func createRooms(b *testing.B, member *matrixtest.Person, seen *watcher, bot id.UserID, n int) []id.RoomID {
	b.Helper()
	out := make([]id.RoomID, n)
	inParallel(n, 8, func(i int) {
		out[i] = member.CreateRoom(true, bot)
		room := out[i]
		seen.wait(b, fmt.Sprintf("%s to join %s", bot, room), func() bool { return seen.joined[room][bot] })
	})
	return out
}

// burst says the command once in every room, a few senders at once, and waits until the bot
// answered in each.
func burst(b *testing.B, member *matrixtest.Person, seen *watcher, bot id.UserID, rooms []id.RoomID, command string) {
	b.Helper()
	seen.mu.Lock()
	want := seen.said[bot] + len(rooms)
	seen.mu.Unlock()
	inParallel(len(rooms), 16, func(i int) { member.Say(b, rooms[i], command) })
	seen.wait(b, fmt.Sprintf("%d answers from %s", len(rooms), bot), func() bool { return seen.said[bot] >= want })
}

// inParallel runs do(0) … do(n-1), workers at a time, and returns when all are done.
func inParallel(n, workers int, do func(i int)) {
	work := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				do(i)
			}
		}()
	}
	for i := range n {
		work <- i
	}
	close(work)
	wg.Wait()
}

// watcher keeps what the member's client saw of the bots: who joined which room, and how
// many encrypted messages each bot said. A test client's own wait scans every event it received, too
// slow over thousands of rooms.
type watcher struct {
	mu      sync.Mutex
	joined  map[id.RoomID]map[id.UserID]bool
	said    map[id.UserID]int
	changed chan struct{} // closed and replaced at every change: every waiter wakes
}

func newWatcher() *watcher {
	return &watcher{joined: map[id.RoomID]map[id.UserID]bool{}, said: map[id.UserID]int{}, changed: make(chan struct{})}
}

func (w *watcher) see(evt *event.Event) {
	if evt.Mautrix.EventSource&event.SourceTimeline == 0 {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	switch {
	case evt.Type == event.EventMessage && evt.Mautrix.WasEncrypted:
		w.said[evt.Sender]++ // a reply in plaintext does not count: it cost its bot no encryption
	case evt.Type == event.StateMember && evt.Content.AsMember().Membership == event.MembershipJoin:
		if w.joined[evt.RoomID] == nil {
			w.joined[evt.RoomID] = map[id.UserID]bool{}
		}
		w.joined[evt.RoomID][id.UserID(evt.GetStateKey())] = true
	default:
		return
	}
	close(w.changed)
	w.changed = make(chan struct{})
}

// wait waits, up to ten minutes, until cond (called with the lock held) holds.
func (w *watcher) wait(b *testing.B, what string, cond func() bool) {
	b.Helper()
	deadline := time.After(10 * time.Minute)
	for {
		w.mu.Lock()
		done, changed := cond(), w.changed
		w.mu.Unlock()
		if done {
			return
		}
		select {
		case <-changed:
		case <-deadline:
			b.Fatalf("timed out waiting for %s", what)
		}
	}
}

// cpuTime is the user and system CPU time a process spent so far (/proc/PID/stat, in the
// kernel's 100 ticks a second).
func cpuTime(b *testing.B, pid int) time.Duration {
	b.Helper()
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		b.Fatal(err)
	}
	// The command name, in parentheses, may hold spaces: count the fields after it.
	fields := strings.Fields(string(raw[strings.LastIndexByte(string(raw), ')')+1:]))
	utime, _ := strconv.ParseInt(fields[11], 10, 64)
	stime, _ := strconv.ParseInt(fields[12], 10, 64)
	return time.Duration(utime+stime) * 10 * time.Millisecond
}

// procStatus reads one memory line of /proc/PID/status, in bytes.
func procStatus(b *testing.B, pid int, key string) int64 {
	b.Helper()
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if rest, ok := strings.CutPrefix(line, key+":"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10
		}
	}
	b.Fatalf("no %s in /proc/%d/status", key, pid)
	return 0
}

// resetPeak starts the process's peak resident memory (VmHWM) again from now.
func resetPeak(b *testing.B, pid int) {
	b.Helper()
	if err := os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0); err != nil {
		b.Fatal(err)
	}
}
