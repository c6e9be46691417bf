package matrix

import (
	"context"
	"database/sql"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"folkmoot/bot"
	"folkmoot/bot/bottest"
	"folkmoot/bot/matrix/matrixtest"
	"folkmoot/config"
	"folkmoot/store"
)

// dendriteEnv is what scripts/dendrite.sh start wrote into the environment.
type dendriteEnv = matrixtest.Server

// needDendrite returns the test server, or skips (fails with FOLKMOOT_REQUIRE_SERVERS=1)
// when the test script did not start one.
func needDendrite(tb testing.TB) dendriteEnv {
	tb.Helper()
	return matrixtest.Dendrite(tb)
}

// account is a registered Matrix user.
type account = matrixtest.Account

// register makes a fresh user with the shared secret, so every test has its own people and
// bot and runs can repeat against the same server.
func register(tb testing.TB, env dendriteEnv, prefix string) account {
	tb.Helper()
	return env.NewAccount(tb, prefix)
}

func randHex(n int) string { return matrixtest.RandHex(n) }

// testLogger writes to the test log until the test ends (goroutines that outlive it must not
// call t.Log). FOLKMOOT_TEST_LOG=debug shows more.
func testLogger(tb testing.TB, also ...io.Writer) zerolog.Logger {
	level := zerolog.InfoLevel
	if l, err := zerolog.ParseLevel(os.Getenv("FOLKMOOT_TEST_LOG")); err == nil && l != zerolog.NoLevel {
		level = l
	}
	out := append([]io.Writer{zerolog.ConsoleWriter{Out: matrixtest.Writer(tb), NoColor: true, TimeFormat: "15:04:05.000"}}, also...)
	return zerolog.New(zerolog.MultiLevelWriter(out...)).Level(level).With().Timestamp().Logger()
}

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
	matrixtest.WaitFor(tb, timeout, what, cond)
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
