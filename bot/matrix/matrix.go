// Package matrix connects folkmoot to Matrix through mautrix: password or access-token login,
// end-to-end encryption (goolm, no cgo) with its stores in folkmoot's SQLite file, an
// exactly-once sync loop, and the optional powers the core asks for (reactions, admin lookup,
// file upload, native polls).
//
// Only this package imports mautrix; everything it hands to the core is a bot type.
package matrix

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver dbutil opens on PostgreSQL
	"github.com/rs/zerolog"
	"go.mau.fi/util/dbutil"
	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/crypto/cryptohelper"
	"maunium.net/go/mautrix/id"
	"maunium.net/go/mautrix/sqlstatestore"
	_ "modernc.org/sqlite" // the "sqlite" driver dbutil opens, pure Go

	"folkmoot/bot"
	"folkmoot/config"
	"folkmoot/store"
)

// The optional capabilities this transport offers the core.
var (
	_ bot.Transport     = (*Transport)(nil)
	_ bot.Reactor       = (*Transport)(nil)
	_ bot.AdminChecker  = (*Transport)(nil)
	_ bot.Uploader      = (*Transport)(nil)
	_ bot.Poller        = (*Transport)(nil)
	_ bot.MemberLister  = (*Transport)(nil)
	_ bot.PrivateSender = (*Transport)(nil)
)

// kvNamespace holds this transport's small state in the core's KV: the sync token, the
// filter ID and the device ID without encryption.
const kvNamespace = "matrix"

// errNotConnected is returned by Send before the first successful login.
var errNotConnected = errors.New("matrix: not connected yet")

// Transport is the Matrix connection: one bot account on one homeserver.
type Transport struct {
	cfg    *config.Matrix
	kv     bot.KV
	log    zerolog.Logger
	now    func() time.Time
	db     *dbutil.Database
	cli    *mautrix.Client
	state  *sqlstatestore.SQLStateStore
	crypto *cryptohelper.CryptoHelper
	syncer *syncer
	conn   connState

	userID id.UserID
	ready  atomic.Bool

	mu        sync.Mutex
	encrypted map[id.RoomID]bool // rooms whose state this process fetched: encrypted or not
	fetching  map[id.RoomID]bool // rooms whose state is being fetched aside (powerLevels)
	in        bot.Inbox
	runCtx    context.Context

	// mayAct, when the runtime sets it (bot.Fenced), must hold before a sync batch is
	// processed: decrypting it and uploading keys write the crypto store, which the database's
	// fence on folkmoot's own transactions does not cover.
	mayAct func() bool

	// directMu serialises opening direct rooms, so two private replies never open two.
	directMu    sync.Mutex
	directRooms directRoomSet // the rooms opened for private replies
}

// New prepares the transport without touching the network: it opens its own connection to
// folkmoot's SQLite file at dbPath, or to its PostgreSQL database when dbPath is a postgres://
// URL (mautrix keeps its crypto and state tables there, beside but separate from folkmoot's),
// and builds the client. Run logs in and syncs.
func New(cfg *config.Matrix, dbPath string, kv bot.KV, log zerolog.Logger, now func() time.Time) (*Transport, error) {
	if cfg == nil {
		return nil, errors.New("matrix: no configuration")
	}
	db, err := openDB(dbPath)
	if err != nil {
		return nil, fmt.Errorf("matrix: open database: %w", err)
	}
	registerPollTypes()
	c := *cfg // config.Parse fills these; a hand-made config (tests) may not
	if c.CatchUp.Duration <= 0 {
		c.CatchUp.Duration = 10 * time.Minute
	}
	if c.AdminPowerLevel == 0 {
		c.AdminPowerLevel = 50
	}
	if c.DeviceName == "" {
		c.DeviceName = "folkmoot"
	}
	t := &Transport{
		cfg:       &c,
		kv:        kv,
		log:       log,
		now:       now,
		db:        db,
		userID:    id.UserID(cfg.UserID),
		encrypted: map[id.RoomID]bool{},
		fetching:  map[id.RoomID]bool{},
		runCtx:    context.Background(),
	}
	t.conn = connState{log: log}
	t.cli, err = mautrix.NewClient(cfg.Homeserver, t.userID, cfg.AccessToken)
	if err == nil {
		t.cli.Log = log.With().Str("component", "mautrix").Logger()
		t.cli.Client = &http.Client{Timeout: t.cli.Client.Timeout, Transport: keptConnections()}
		err = t.setupClient()
	}
	if err != nil {
		_ = db.Close()
		return nil, err
	}
	return t, nil
}

// openDB opens mautrix's connections to folkmoot's database. On PostgreSQL it is pgx's
// database/sql driver, which dbutil reads as the "postgres" dialect (ParseDialect takes
// "pgx"); its upgrades then run their PostgreSQL variants. The URL's search_path, if any,
// puts its tables in the same schema as folkmoot's. On SQLite it is a pool like the store's
// own (store.SQLitePool): the same settings, so both share the file without "database is
// locked", and prepared statements kept, which mautrix would otherwise parse anew for every
// message it decrypts or encrypts.
func openDB(dbPath string) (*dbutil.Database, error) {
	if strings.HasPrefix(dbPath, "postgres://") || strings.HasPrefix(dbPath, "postgresql://") {
		db, err := dbutil.NewWithDialect(dbPath, "pgx")
		if err == nil {
			db.RawDB.SetMaxIdleConns(store.IdleConnections)
		}
		return db, err
	}
	pool, err := store.SQLitePool(dbPath)
	if err != nil {
		return nil, err
	}
	return dbutil.NewWithDB(pool, "sqlite")
}

// Protocol names the network.
func (t *Transport) Protocol() bot.Protocol { return bot.Matrix }

// UserID is the bot's Matrix user ID.
func (t *Transport) UserID() string { return string(t.userID) }

// DeviceID is the bot's device after login ("" before).
func (t *Transport) DeviceID() string { return string(t.cli.DeviceID) }

// Close releases the database connection. Call after Run has returned.
func (t *Transport) Close() error {
	return t.db.Close()
}

// roomsAtOnce is how many rooms the outbox sends to side by side (bot.ParallelSender): enough
// that a notice due in a hundred rooms at once does not wait for a hundred round trips in a
// row, few enough to spare a small homeserver.
const roomsAtOnce = 8

// RoomsAtOnce implements bot.ParallelSender: each send is a request of its own.
func (t *Transport) RoomsAtOnce() int { return roomsAtOnce }

// keptConnections is Go's default HTTP transport keeping enough idle connections to the
// homeserver for the sync and the sends side by side: the default keeps two, and each send
// beyond them would open (and, over TLS, handshake) a connection of its own.
func keptConnections() *http.Transport {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = roomsAtOnce + 2
	return tr
}
