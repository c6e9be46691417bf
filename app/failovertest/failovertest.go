// Package failovertest runs `folkmoot run` processes of the built binary on the test
// PostgreSQL for the failover tests of each network (bot/xmpp, bot/matrix): build the binary
// once, give it a fresh schema, start, kill and stop processes, keep their JSON logs, and read
// the lease's row. The Matrix cost benchmark runs its folkmoot process with it too.
package failovertest

import (
	"bufio"
	"context"
	"encoding/json"
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
	"folkmoot/store"
	"folkmoot/store/storetest"
)

// Database is a fresh schema of the test PostgreSQL (scripts/postgres.sh), which a failover
// test requires: skipped without it, failed under FOLKMOOT_REQUIRE_SERVERS=1.
func Database(t testing.TB) string {
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

// Build builds the folkmoot binary, as it is deployed.
func Build(t testing.TB) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "folkmoot")
	cmd := exec.Command("go", "build", "-tags", "goolm", "-o", bin, "folkmoot/cmd/folkmoot")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// WriteConfig writes a configuration file for the test's processes and returns its path.
func WriteConfig(t testing.TB, raw string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "folkmoot.yaml")
	if err := os.WriteFile(path, []byte(raw), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// Process is one `folkmoot run` of the test, its JSON log kept line by line.
type Process struct {
	name string
	cmd  *exec.Cmd
	done chan error
	mu   sync.Mutex
	log  []map[string]any
}

// Start runs `folkmoot run --config cfg` in a data dir of its own (another machine's), with
// env added to the test's environment (FOLKMOOT_DATABASE_URL emptied, so the config's
// database_url counts), until it is killed, stopped or the test ends.
func Start(t testing.TB, bin, cfg, name string, env ...string) *Process {
	t.Helper()
	p := &Process{name: name, done: make(chan error, 1)}
	p.cmd = exec.Command(bin, "run", "--config", cfg)
	p.cmd.Dir = t.TempDir()
	p.cmd.Env = append(append(os.Environ(), "FOLKMOOT_DATABASE_URL="), env...)
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
			p.Dump(t)
		}
	})
	return p
}

// Pid is the process's ID.
func (p *Process) Pid() int { return p.cmd.Process.Pid }

// Holds reports whether the lease names this process.
func (p *Process) Holds(s store.LeaseState) bool {
	parts := strings.Split(s.Holder, ":")
	return len(parts) == 3 && parts[1] == strconv.Itoa(p.Pid())
}

// WaitLog waits for a log line whose message contains msg.
func (p *Process) WaitLog(t testing.TB, timeout time.Duration, msg string) {
	t.Helper()
	WaitFor(t, timeout, p.name+" logging "+strconv.Quote(msg), func() bool { return p.Logged(msg) > 0 })
}

// Logged counts the log lines whose message contains msg.
func (p *Process) Logged(msg string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, l := range p.log {
		if m, _ := l["message"].(string); strings.Contains(m, msg) {
			n++
		}
	}
	return n
}

// LogField is the field key of the first log line whose message contains msg ("" if none).
func (p *Process) LogField(msg, key string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, l := range p.log {
		if m, _ := l["message"].(string); strings.Contains(m, msg) {
			v, _ := l[key].(string)
			return v
		}
	}
	return ""
}

// Kill ends the process as a crash or a lost machine does: SIGKILL, nothing cleaned up.
func (p *Process) Kill(t testing.TB) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatalf("kill %s: %v", p.name, err)
	}
	<-p.done
	p.done <- nil
}

// Stop ends the process as systemd does (SIGTERM) and waits for its clean exit.
func (p *Process) Stop(t testing.TB) {
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

// Wait waits for the process to exit by itself and returns its exit code.
func (p *Process) Wait(t testing.TB, timeout time.Duration) int {
	t.Helper()
	select {
	case <-p.done:
		p.done <- nil
	case <-time.After(timeout):
		t.Fatalf("%s did not exit within %v", p.name, timeout)
	}
	return p.cmd.ProcessState.ExitCode()
}

// Dump puts the process's log into the test's output.
func (p *Process) Dump(t testing.TB) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var b strings.Builder
	for _, l := range p.log {
		raw, _ := json.Marshal(l)
		b.Write(raw)
		b.WriteByte('\n')
	}
	t.Logf("log of %s (pid %d):\n%s", p.name, p.Pid(), b.String())
}

// LeaseReader reads the lease's row of the test's database.
func LeaseReader(t testing.TB, url string) func() store.LeaseState {
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

// Status runs `folkmoot status --config cfg` with env added, as Start does (it checks the
// config, secrets included), and returns what it printed.
func Status(t testing.TB, bin, cfg string, env ...string) string {
	t.Helper()
	cmd := exec.Command(bin, "status", "--config", cfg)
	cmd.Dir = t.TempDir()
	cmd.Env = append(append(os.Environ(), "FOLKMOOT_DATABASE_URL="), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("folkmoot status: %v\n%s", err, out)
	}
	return string(out)
}

// WaitUntil waits until the moment at, a point of the test's timeline (a vote's close is set
// in real time, in another process).
func WaitUntil(t testing.TB, at time.Time) {
	t.Helper()
	WaitFor(t, time.Until(at)+10*time.Second, "the moment "+at.Format(time.TimeOnly), func() bool { return !time.Now().Before(at) })
}

// WaitFor polls cond until it holds, failing the test after timeout.
func WaitFor(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	if !Eventually(timeout, cond) {
		t.Fatalf("timed out after %s waiting for %s", timeout, what)
	}
}

// Eventually polls cond every 50 ms until it holds, and reports whether it did within timeout.
func Eventually(timeout time.Duration, cond func() bool) bool {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		select {
		case <-deadline.C:
			return cond()
		case <-tick.C:
		}
	}
	return true
}
