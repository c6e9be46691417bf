package matrix

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/rs/zerolog"
	"go.mau.fi/util/dbutil"
	"maunium.net/go/mautrix/crypto"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"
	"maunium.net/go/mautrix/sqlstatestore"

	"folkmoot/store"
	"folkmoot/store/storetest"
)

// TestCryptoStoreMovesToPostgres: the bot's device (its Olm account, pickled under the pickle
// key), a member's device, a room's outbound and inbound Megolm sessions and the state store's
// membership, power levels and encryption, written by mautrix into folkmoot's SQLite file, are
// read back by mautrix from PostgreSQL after store.CopyToPostgres: SQLite's 0/1, text times,
// JSON text and blobs land in PostgreSQL's boolean, timestamp, jsonb, bytea and enum columns
// that mautrix's own upgrades make there. The bot keeps its device and keys: no new device
// for the members to verify, no lost room keys.
func TestCryptoStoreMovesToPostgres(t *testing.T) {
	target := storetest.PostgresURL(t)
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), store.FileName)
	fdb, err := store.Open(ctx, file)
	if err != nil {
		t.Fatal(err)
	}
	fdb.Close()
	if err := PrepareDatabase(ctx, file); err != nil {
		t.Fatal(err)
	}

	const account, device = "@folkmoot:example.org", id.DeviceID("FOLKMOOTDEV")
	pickle := []byte("a pickle key of the installation")
	room := id.RoomID("!assembly:example.org")
	ana := id.UserID("@ana:example.org")
	log := dbutil.ZeroLogger(zerolog.Nop())

	lite, err := openDB(file)
	if err != nil {
		t.Fatal(err)
	}
	cs := crypto.NewSQLCryptoStore(lite, log, account, device, pickle)
	acct := crypto.NewOlmAccount()
	acct.Shared = true
	must(t, cs.PutAccount(ctx, acct))
	must(t, cs.PutNextBatch(ctx, "s72594_4483_1934"))
	anaKeys := crypto.NewOlmAccount()
	sign, ident := anaKeys.Keys()
	must(t, cs.PutDevices(ctx, ana, map[id.DeviceID]*id.Device{"ANAPHONE": {UserID: ana, DeviceID: "ANAPHONE",
		IdentityKey: ident, SigningKey: sign, Trust: id.TrustStateVerified, Name: "Zoë 🌻 رێزان"}}))
	must(t, cs.MarkTrackedUsersOutdated(ctx, []id.UserID{ana}))
	out, err := crypto.NewOutboundGroupSession(room, &event.EncryptionEventContent{Algorithm: id.AlgorithmMegolmV1}, nil)
	must(t, err)
	out.Shared = true
	must(t, cs.AddOutboundGroupSession(ctx, out))
	shared := true
	in, err := crypto.NewInboundGroupSession(id.SenderKey(acct.IdentityKey()), acct.SigningKey(), room, out.Internal.Key(), 0, 0, &shared, false)
	must(t, err)
	must(t, cs.PutGroupSession(ctx, in))
	if ok, err := cs.ValidateMessageIndex(ctx, in.ID(), "$event1", 0, 1764061200000); err != nil || !ok {
		t.Fatalf("message index: %v %v", ok, err)
	}
	ss := sqlstatestore.NewSQLStateStore(lite, log, false)
	must(t, ss.SetMembership(ctx, room, ana, event.MembershipJoin))
	must(t, ss.SetPowerLevels(ctx, room, &event.PowerLevelsEventContent{Users: map[id.UserID]int{ana: 100}}))
	must(t, ss.SetEncryptionEvent(ctx, room, &event.EncryptionEventContent{Algorithm: id.AlgorithmMegolmV1}))
	lite.Close()

	rep, err := store.CopyToPostgres(ctx, file, target, PrepareDatabase)
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]int64{}
	for _, tr := range rep.Tables {
		rows[tr.Name] = tr.Rows
	}
	for _, tbl := range []string{"crypto_account", "crypto_device", "crypto_tracked_user", "crypto_megolm_outbound_session",
		"crypto_megolm_inbound_session", "crypto_message_index", "mx_user_profile", "mx_room_state", "crypto_version", "mx_version"} {
		if rows[tbl] == 0 {
			t.Errorf("%s: no rows copied (%v)", tbl, rows)
		}
	}

	pg, err := openDB(target)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	pcs := crypto.NewSQLCryptoStore(pg, log, account, device, pickle)
	if got, err := pcs.FindDeviceID(ctx); err != nil || got != device {
		t.Errorf("device on PostgreSQL: %q, %v; want %q", got, err, device)
	}
	got, err := pcs.GetAccount(ctx)
	if err != nil || got == nil {
		t.Fatalf("account on PostgreSQL: %v", err)
	}
	if got.IdentityKey() != acct.IdentityKey() || got.SigningKey() != acct.SigningKey() || !got.Shared {
		t.Errorf("the account's keys changed: %s/%s shared %v, want %s/%s", got.IdentityKey(), got.SigningKey(), got.Shared, acct.IdentityKey(), acct.SigningKey())
	}
	if batch, _ := pcs.GetNextBatch(ctx); batch != "s72594_4483_1934" {
		t.Errorf("sync token: %q", batch)
	}
	if d, err := pcs.GetDevice(ctx, ana, "ANAPHONE"); err != nil || d == nil || d.Name != "Zoë 🌻 رێزان" || d.Trust != id.TrustStateVerified || d.IdentityKey != ident {
		t.Errorf("ana's device: %+v, %v", d, err)
	}
	if users, err := pcs.GetOutdatedTrackedUsers(ctx); err != nil || len(users) != 1 || users[0] != ana {
		t.Errorf("tracked users: %v, %v", users, err)
	}
	if o, err := pcs.GetOutboundGroupSession(ctx, room); err != nil || o == nil || o.ID() != out.ID() || !o.Shared {
		t.Errorf("outbound session: %+v, %v", o, err)
	}
	if i, err := pcs.GetGroupSession(ctx, room, in.ID()); err != nil || i == nil || i.SharedHistory == nil || !*i.SharedHistory {
		t.Errorf("inbound session: %+v, %v", i, err)
	}
	if ok, err := pcs.ValidateMessageIndex(ctx, in.ID(), "$event2", 0, 1764061300000); err != nil || ok {
		t.Errorf("a replayed message index passes on PostgreSQL: %v %v", ok, err)
	}
	pss := sqlstatestore.NewSQLStateStore(pg, log, false)
	if m, err := pss.GetMembership(ctx, room, ana); err != nil || m != event.MembershipJoin {
		t.Errorf("membership: %q, %v", m, err)
	}
	if pl, err := pss.GetPowerLevels(ctx, room); err != nil || pl == nil || pl.GetUserLevel(ana) != 100 {
		t.Errorf("power levels: %+v, %v", pl, err)
	}
	if enc, err := pss.IsEncrypted(ctx, room); err != nil || !enc {
		t.Errorf("encrypted: %v, %v", enc, err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
