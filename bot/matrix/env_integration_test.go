package matrix

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/id"
	"maunium.net/go/mautrix/synapseadmin"

	"folkmoot/bot"
	"folkmoot/bot/bottest"
	"folkmoot/config"
	"folkmoot/store"
)

// dendriteEnv is what scripts/dendrite.sh start wrote into the environment.
type dendriteEnv struct {
	URL, ServerName, Secret, Script string
}

// needDendrite returns the test server, or skips (fails with FOLKMOOT_REQUIRE_SERVERS=1)
// when the test script did not start one.
func needDendrite(tb testing.TB) dendriteEnv {
	tb.Helper()
	env := dendriteEnv{
		URL:        os.Getenv("FOLKMOOT_TEST_DENDRITE_URL"),
		ServerName: os.Getenv("FOLKMOOT_TEST_DENDRITE_SERVER_NAME"),
		Secret:     os.Getenv("FOLKMOOT_TEST_DENDRITE_SHARED_SECRET"),
		Script:     os.Getenv("FOLKMOOT_TEST_DENDRITE_SCRIPT"),
	}
	if env.URL == "" || env.Secret == "" {
		msg := "no Dendrite: run scripts/dendrite.sh start and source ${FOLKMOOT_TESTENV:-/tmp/folkmoot-testenv}/dendrite.env"
		if os.Getenv("FOLKMOOT_REQUIRE_SERVERS") == "1" {
			tb.Fatal(msg)
		}
		tb.Skip(msg)
	}
	if env.ServerName == "" {
		env.ServerName = "localhost"
	}
	return env
}

// account is a registered Matrix user.
type account struct {
	ID       id.UserID
	Password string
}

// register makes a fresh user with the shared secret, so every test has its own people and
// bot and runs can repeat against the same server.
func register(tb testing.TB, env dendriteEnv, prefix string) account {
	tb.Helper()
	local := prefix + "-" + randHex(4)
	pass := randHex(12)
	cli, err := mautrix.NewClient(env.URL, "", "")
	if err != nil {
		tb.Fatal(err)
	}
	admin := synapseadmin.Client{Client: cli}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	resp, err := admin.SharedSecretRegister(ctx, env.Secret, synapseadmin.ReqSharedSecretRegister{
		Username: local, Password: pass, InhibitLogin: true,
	})
	if err != nil {
		tb.Fatalf("register %s: %v", local, err)
	}
	return account{ID: resp.UserID, Password: pass}
}

func randHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// testLogger writes to the test log until the test ends (goroutines that outlive it must not
// call t.Log). FOLKMOOT_TEST_LOG=debug shows more.
func testLogger(tb testing.TB, also ...io.Writer) zerolog.Logger {
	level := zerolog.InfoLevel
	if l, err := zerolog.ParseLevel(os.Getenv("FOLKMOOT_TEST_LOG")); err == nil && l != zerolog.NoLevel {
		level = l
	}
	w := &testWriter{tb: tb}
	tb.Cleanup(w.close)
	out := append([]io.Writer{zerolog.ConsoleWriter{Out: w, NoColor: true, TimeFormat: "15:04:05.000"}}, also...)
	return zerolog.New(zerolog.MultiLevelWriter(out...)).Level(level).With().Timestamp().Logger()
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

var _ io.Writer = (*testWriter)(nil)

// runningBot is the adapter under test, driven by the core runtime and a handler.
type runningBot struct {
	tr     *Transport
	db     *store.DB
	cancel context.CancelFunc
	done   chan error
}

// botSetup is what a bot instance needs; the same setup started twice is a restart. The bot
// shares one SQLite file with folkmoot's store (its KV), as in production.
type botSetup struct {
	acct    account
	dbPath  string
	handler bot.Handler
	polls   chan bot.Message // the poll answers the runtime was handed
	cfg     func(*config.Matrix)
	logs    *bottest.LogLines
	now     func() time.Time // the bot's clock; time.Now when nil
}

// newBotSetup registers a bot account with an empty database.
func newBotSetup(tb testing.TB, env dendriteEnv) *botSetup {
	return &botSetup{
		acct:    register(tb, env, "bot"),
		dbPath:  filepath.Join(tb.TempDir(), "folkmoot.db"),
		handler: newTestHandler(),
		polls:   make(chan bot.Message, 16),
		logs:    &bottest.LogLines{},
	}
}

// start runs the bot until the test ends or stop is called.
func (s *botSetup) start(tb testing.TB, env dendriteEnv) *runningBot {
	tb.Helper()
	enc := true
	cfg := &config.Matrix{
		Homeserver:   env.URL,
		UserID:       s.acct.ID.String(),
		Password:     s.acct.Password,
		DeviceName:   "folkmoot test",
		Encryption:   &enc,
		PickleKey:    "test pickle key",
		AutojoinFrom: []string{"@member-*:" + env.ServerName},
	}
	if s.cfg != nil {
		s.cfg(cfg)
	}
	log := testLogger(tb, s.logs)
	db, err := store.Open(context.Background(), s.dbPath)
	if err != nil {
		tb.Fatal(err)
	}
	now := s.now
	if now == nil {
		now = time.Now
	}
	tr, err := New(cfg, s.dbPath, db, log, now)
	if err != nil {
		tb.Fatal(err)
	}
	polls, handler := s.polls, s.handler
	answers := bot.HandlerFunc(func(ctx context.Context, tx *sql.Tx, t bot.Transport, msg bot.Message) ([]bot.Reply, error) {
		if msg.Invitation {
			// As the app answers: autojoin_from decides.
			accept := slices.ContainsFunc(cfg.AutojoinFrom, func(glob string) bool {
				ok, _ := path.Match(glob, msg.Sender.ID)
				return ok
			})
			return []bot.Reply{{Join: &bot.JoinAnswer{Accept: accept, InvitedBy: msg.Sender.ID}, Notice: true}}, nil
		}
		if msg.Poll != nil {
			polls <- msg
			return nil, nil
		}
		return handler.Handle(ctx, tx, t, msg)
	})
	core := bot.New(answers, db, log, now)
	catchUp := cfg.CatchUp.Duration
	if catchUp == 0 {
		catchUp = 10 * time.Minute // what reading the config sets
	}
	core.Add(tr, catchUp)
	ctx, cancel := context.WithCancel(context.Background())
	rb := &runningBot{tr: tr, db: db, cancel: cancel, done: make(chan error, 1)}
	go func() { rb.done <- core.Run(ctx) }()
	tb.Cleanup(rb.stop)
	waitFor(tb, 60*time.Second, "the bot to log in", func() bool { return tr.ready.Load() })
	return rb
}

// stop ends Run and closes the database; safe to call twice.
func (rb *runningBot) stop() {
	if rb.cancel == nil {
		return
	}
	rb.cancel()
	rb.cancel = nil
	select {
	case <-rb.done:
	case <-time.After(30 * time.Second):
		panic("the bot did not stop within 30 s")
	}
	_ = rb.tr.Close()
	_ = rb.db.Close()
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(tb testing.TB, timeout time.Duration, what string, cond func() bool) {
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

// restartDendrite restarts the homeserver through the test script.
func restartDendrite(tb testing.TB, env dendriteEnv) {
	tb.Helper()
	if env.Script == "" {
		tb.Fatal("FOLKMOOT_TEST_DENDRITE_SCRIPT is not set")
	}
	cmd := exec.Command(env.Script, "restart")
	// Restart the server the env file describes, not the one of the default (or inherited)
	// FOLKMOOT_TESTENV: the pid file lives in ${FOLKMOOT_TESTENV}/dendrite/.
	if pidfile := os.Getenv("FOLKMOOT_TEST_DENDRITE_PIDFILE"); pidfile != "" {
		cmd.Env = append(os.Environ(), "FOLKMOOT_TESTENV="+filepath.Dir(filepath.Dir(pidfile)))
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		tb.Fatalf("restart dendrite: %v\n%s", err, out)
	}
}
