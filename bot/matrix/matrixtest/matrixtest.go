// Package matrixtest lends the test Dendrite and real Matrix clients (goolm crypto, modernc
// SQLite) to tests in any package: the Matrix adapter's own, and tests that need Matrix beside
// another network, such as the cross-protocol councils test in bot/xmpp. It never imports
// bot/matrix, so the adapter's internal tests can use it too.
package matrixtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/id"
	"maunium.net/go/mautrix/synapseadmin"

	"folkmoot/bot/bottest"
)

// Server is the test Dendrite that scripts/dendrite.sh start wrote into the environment.
type Server struct {
	URL, ServerName, Secret, Script string
}

// Dendrite returns the test server, or skips (fails with FOLKMOOT_REQUIRE_SERVERS=1) when
// the test script did not start one.
func Dendrite(tb testing.TB) Server {
	tb.Helper()
	s := Server{
		URL:        os.Getenv("FOLKMOOT_TEST_DENDRITE_URL"),
		ServerName: os.Getenv("FOLKMOOT_TEST_DENDRITE_SERVER_NAME"),
		Secret:     os.Getenv("FOLKMOOT_TEST_DENDRITE_SHARED_SECRET"),
		Script:     os.Getenv("FOLKMOOT_TEST_DENDRITE_SCRIPT"),
	}
	if s.URL == "" || s.Secret == "" {
		msg := "no Dendrite: run scripts/dendrite.sh start and source ${FOLKMOOT_TESTENV:-/tmp/folkmoot-testenv}/dendrite.env"
		if os.Getenv("FOLKMOOT_REQUIRE_SERVERS") == "1" {
			tb.Fatal(msg)
		}
		tb.Skip(msg)
	}
	if s.ServerName == "" {
		s.ServerName = "localhost"
	}
	return s
}

// Account is a registered Matrix user.
type Account struct {
	ID       id.UserID
	Password string
}

// NewAccount makes a fresh user whose localpart starts with prefix, with the shared secret,
// so every test has its own people and bot and runs can repeat against the same server.
func (s Server) NewAccount(tb testing.TB, prefix string) Account {
	tb.Helper()
	local := prefix + "-" + RandHex(4)
	pass := RandHex(12)
	cli, err := mautrix.NewClient(s.URL, "", "")
	if err != nil {
		tb.Fatal(err)
	}
	admin := synapseadmin.Client{Client: cli}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	resp, err := admin.SharedSecretRegister(ctx, s.Secret, synapseadmin.ReqSharedSecretRegister{
		Username: local, Password: pass, InhibitLogin: true,
	})
	if err != nil {
		tb.Fatalf("register %s: %v", local, err)
	}
	return Account{ID: resp.UserID, Password: pass}
}

// Register is NewAccount returning the user ID and password as strings, as a config wants them.
func (s Server) Register(tb testing.TB, prefix string) (userID, password string) {
	tb.Helper()
	a := s.NewAccount(tb, prefix)
	return a.ID.String(), a.Password
}

// Connect registers a person and logs them in with encryption for the rest of the test.
func (s Server) Connect(tb testing.TB, prefix string) *Person {
	tb.Helper()
	return s.Login(tb, s.NewAccount(tb, prefix), true)
}

// RandHex is n random bytes in hex.
func RandHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Logger writes a log into the test output until the test ends (FOLKMOOT_TEST_LOG=debug
// shows more). With capture, every line down to debug also goes to capture as JSON, so a
// test can check what the bot logged.
func Logger(tb testing.TB, capture io.Writer) zerolog.Logger {
	level := zerolog.InfoLevel
	if l, err := zerolog.ParseLevel(os.Getenv("FOLKMOOT_TEST_LOG")); err == nil && l != zerolog.NoLevel {
		level = l
	}
	shown := zerolog.ConsoleWriter{Out: Writer(tb), NoColor: true, TimeFormat: "15:04:05.000"}
	if capture == nil {
		return zerolog.New(shown).Level(level).With().Timestamp().Logger()
	}
	out := zerolog.MultiLevelWriter(&zerolog.FilteredLevelWriter{Writer: zerolog.LevelWriterAdapter{Writer: shown}, Level: level}, capture)
	return zerolog.New(out).Level(min(level, zerolog.DebugLevel)).With().Timestamp().Logger()
}

// LogLines keeps log lines (give it to Logger as capture) so that tests can count them.
type LogLines = bottest.LogLines

// Writer writes each line to the test log until the test ends: goroutines that outlive the
// test must not call t.Log.
func Writer(tb testing.TB) io.Writer {
	w := &testWriter{tb: tb}
	tb.Cleanup(w.close)
	return w
}

type testWriter struct {
	mu     sync.Mutex
	tb     testing.TB
	closed bool
}

func (w *testWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.closed {
		w.tb.Log(string(p[:len(p)-min(1, len(p))]))
	}
	return len(p), nil
}

func (w *testWriter) close() {
	w.mu.Lock()
	w.closed = true
	w.mu.Unlock()
}

// WaitFor polls cond until it holds, failing the test after timeout (never a fixed sleep).
func WaitFor(tb testing.TB, timeout time.Duration, what string, cond func() bool) {
	tb.Helper()
	deadline := time.After(timeout)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		select {
		case <-deadline:
			tb.Fatalf("timed out after %s waiting for %s", timeout, what)
		case <-tick.C:
		}
	}
}
