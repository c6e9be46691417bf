// Command echobot is the floor folkmoot's cost in Matrix rooms is measured against
// (BenchmarkIntegrationRoomsCost in bot/matrix): a bare mautrix client with the same mautrix,
// goolm and SQLite (modernc) as folkmoot, mautrix's own state and crypto stores in one file,
// that joins every room it is invited to and answers each message with its text, nothing
// else. Its settings come from the environment:
//
//	ECHOBOT_HOMESERVER, ECHOBOT_USER, ECHOBOT_PASSWORD, ECHOBOT_DB (the SQLite file)
//
// It logs "logged in" on stderr once it syncs, and runs until it is killed.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/rs/zerolog"
	"go.mau.fi/util/dbutil"
	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/crypto/cryptohelper"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"
	"maunium.net/go/mautrix/sqlstatestore"

	_ "modernc.org/sqlite" // the stores, without cgo
)

func main() {
	if err := run(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, "echobot:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	user := id.UserID(os.Getenv("ECHOBOT_USER"))
	cli, err := mautrix.NewClient(os.Getenv("ECHOBOT_HOMESERVER"), user, "")
	if err != nil {
		return err
	}
	// The same SQLite settings as folkmoot's own file (store.DSN), written out: importing
	// folkmoot's store would put its code, PostgreSQL's driver included, in the bare bot.
	db, err := dbutil.NewWithDialect("file:"+os.Getenv("ECHOBOT_DB")+"?_txlock=immediate&_pragma=foreign_keys(1)"+
		"&_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=synchronous(NORMAL)", "sqlite")
	if err != nil {
		return err
	}
	state := sqlstatestore.NewSQLStateStore(db, dbutil.ZeroLogger(zerolog.Nop()), false)
	if err := state.Upgrade(ctx); err != nil {
		return err
	}
	cli.StateStore = state
	// The state store learns each room's encryption from the sync (the crypto helper adds
	// this handler only to a state store of its own): without it, replies go out in plaintext.
	cli.Syncer.(mautrix.ExtensibleSyncer).OnEvent(cli.StateStoreSyncHandler)
	ch, err := cryptohelper.NewCryptoHelper(cli, []byte("echobot pickle"), db)
	if err != nil {
		return err
	}
	ch.LoginAs = &mautrix.ReqLogin{
		Type:             mautrix.AuthTypePassword,
		Identifier:       mautrix.UserIdentifier{Type: mautrix.IdentifierTypeUser, User: user.String()},
		Password:         os.Getenv("ECHOBOT_PASSWORD"),
		StoreCredentials: true,
	}
	if err := ch.Init(ctx); err != nil {
		return err
	}
	cli.Crypto = ch
	syncer := cli.Syncer.(mautrix.ExtensibleSyncer)
	syncer.OnEventType(event.StateMember, func(ctx context.Context, evt *event.Event) {
		if evt.GetStateKey() == user.String() && evt.Mautrix.EventSource&event.SourceInvite != 0 &&
			evt.Content.AsMember().Membership == event.MembershipInvite {
			go func() { _, _ = cli.JoinRoomByID(ctx, evt.RoomID) }()
		}
	})
	syncer.OnEventType(event.EventMessage, func(ctx context.Context, evt *event.Event) {
		if evt.Sender == user || evt.Mautrix.EventSource&event.SourceTimeline == 0 {
			return
		}
		body := evt.Content.AsMessage().Body
		go func() {
			_, _ = cli.SendMessageEvent(ctx, evt.RoomID, event.EventMessage, &event.MessageEventContent{
				MsgType: event.MsgText, Body: body, RelatesTo: (&event.RelatesTo{}).SetReplyTo(evt.ID),
			})
		}()
	})
	fmt.Fprintln(os.Stderr, `{"message":"logged in"}`)
	return cli.SyncWithContext(ctx)
}
