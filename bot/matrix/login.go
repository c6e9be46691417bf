package matrix

import (
	"context"
	"errors"
	"fmt"

	"go.mau.fi/util/dbutil"
	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/crypto/cryptohelper"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"
	"maunium.net/go/mautrix/sqlstatestore"
)

// errPermanent marks failures that retrying cannot fix (a wrong password, a revoked token,
// an access token for another account): Run gives up and says so.
var errPermanent = errors.New("matrix: permanent failure")

// setupClient wires the syncer, the stores and the crypto helper. Nothing here touches the
// network, so New works while the homeserver is down.
func (t *Transport) setupClient() error {
	ctx := t.log.WithContext(context.Background())
	t.syncer = newSyncer(t)
	t.cli.Syncer = t.syncer
	t.cli.Store = &kvSyncStore{t: t}
	t.state = sqlstatestore.NewSQLStateStore(t.db,
		dbutil.ZeroLogger(t.log.With().Str("db_section", "matrix_state").Logger()), false)
	if err := t.state.Upgrade(ctx); err != nil {
		return fmt.Errorf("matrix: state store: %w", err)
	}
	t.cli.StateStore = t.state
	// The state store must see every state event (encryption, power levels, members) before
	// the handlers below look at it; global listeners run first.
	t.syncer.OnEvent(t.cli.StateStoreSyncHandler)
	if t.cfg.EncryptionOn() {
		// Passing the *dbutil.Database (not a path) keeps mautrix off the cgo-only driver.
		ch, err := cryptohelper.NewCryptoHelper(t.cli, []byte(t.cfg.PickleKey), t.db)
		if err != nil {
			return fmt.Errorf("matrix: crypto: %w", err)
		}
		ch.DecryptErrorCallback = func(evt *event.Event, err error) {
			t.log.Warn().Err(err).Str("room", evt.RoomID.String()).Str("event_id", evt.ID.String()).
				Str("sender", evt.Sender.String()).Msg("could not decrypt a message")
		}
		t.crypto = ch
		t.cli.Crypto = ch
	}
	t.syncer.OnEventType(event.EventMessage, t.onMessage)
	t.syncer.OnEventType(event.StateMember, t.onMember)
	t.syncer.OnEventType(event.EventReaction, t.onReaction)
	for _, typ := range pollResponseTypes {
		t.syncer.OnEventType(typ, t.onPollResponse)
	}
	return nil
}

// connect logs in (or checks the access token) and, the first time, loads the crypto
// account. It is safe to call again after a failure.
func (t *Transport) connect(ctx context.Context) error {
	usePassword := t.cfg.AccessToken == ""
	if usePassword {
		if t.crypto != nil && !t.ready.Load() {
			// The crypto helper logs in itself, reusing the device ID from its store, so a
			// restart keeps the same device and keys.
			t.crypto.LoginAs = t.loginRequest(ctx)
			if err := t.crypto.Init(ctx); err != nil {
				return classify(fmt.Errorf("crypto login: %w", err))
			}
		} else if err := t.login(ctx); err != nil {
			return err
		}
	} else {
		if err := t.whoami(ctx); err != nil {
			return err
		}
		if t.crypto != nil && !t.ready.Load() {
			if err := t.crypto.Init(ctx); err != nil {
				return classify(fmt.Errorf("crypto init: %w", err))
			}
		}
	}
	if usePassword {
		if err := t.kv.Set(ctx, kvNamespace, "device_id:"+t.userID.String(), t.cli.DeviceID.String()); err != nil {
			return fmt.Errorf("matrix: store device ID: %w", err)
		}
	}
	t.ready.Store(true)
	t.log.Info().Str("device_id", t.cli.DeviceID.String()).Bool("encryption", t.crypto != nil).Msg("logged in")
	return nil
}

// loginRequest is a password login that reuses the stored device ID.
func (t *Transport) loginRequest(ctx context.Context) *mautrix.ReqLogin {
	req := &mautrix.ReqLogin{
		Type:                     mautrix.AuthTypePassword,
		Identifier:               mautrix.UserIdentifier{Type: mautrix.IdentifierTypeUser, User: t.userID.String()},
		Password:                 t.cfg.Password,
		InitialDeviceDisplayName: t.cfg.DeviceName,
		StoreCredentials:         true,
	}
	if t.cli.DeviceID != "" {
		req.DeviceID = t.cli.DeviceID
	} else if dev, ok, err := t.kv.Get(ctx, kvNamespace, "device_id:"+t.userID.String()); err == nil && ok {
		req.DeviceID = id.DeviceID(dev)
	}
	return req
}

// login is the plain password login: without encryption, and again after the server
// forgot our token.
func (t *Transport) login(ctx context.Context) error {
	resp, err := t.cli.Login(ctx, t.loginRequest(ctx))
	if err != nil {
		return classify(fmt.Errorf("login: %w", err))
	}
	if resp.UserID != t.userID {
		return fmt.Errorf("%w: logged in as %s, configured as %s", errPermanent, resp.UserID, t.userID)
	}
	return nil
}

// whoami checks an access token and learns its device.
func (t *Transport) whoami(ctx context.Context) error {
	resp, err := t.cli.Whoami(ctx)
	if err != nil {
		return classify(fmt.Errorf("check access token: %w", err))
	}
	if resp.UserID != t.userID {
		return fmt.Errorf("%w: the access token belongs to %s, configured as %s", errPermanent, resp.UserID, t.userID)
	}
	if t.crypto != nil && resp.DeviceID == "" {
		return fmt.Errorf("%w: the access token has no device; encryption needs one", errPermanent)
	}
	t.cli.DeviceID = resp.DeviceID
	return nil
}

// classify marks authentication failures as permanent; everything else (network, 5xx) is
// worth retrying.
func classify(err error) error {
	if errors.Is(err, mautrix.MForbidden) || errors.Is(err, mautrix.MUnknownToken) ||
		errors.Is(err, mautrix.MUserDeactivated) || errors.Is(err, mautrix.MMissingToken) {
		return fmt.Errorf("%w: %w", errPermanent, err)
	}
	return err
}

// kvSyncStore keeps the sync token and filter ID in folkmoot's KV. mautrix saves the token
// before it processes a batch; we only commit it after the batch is handled (see
// syncer.ProcessResponse), so a crash replays the batch rather than losing it, and the
// handled-event records stop the replay from answering twice.
type kvSyncStore struct {
	t *Transport
}

// filterVersion changes when the sync filter does, so a stored filter ID is not reused.
const filterVersion = "v1"

func (s *kvSyncStore) SaveFilterID(ctx context.Context, userID id.UserID, filterID string) error {
	return s.t.kv.Set(ctx, kvNamespace, "filter_id:"+filterVersion+":"+userID.String(), filterID)
}

func (s *kvSyncStore) LoadFilterID(ctx context.Context, userID id.UserID) (string, error) {
	v, _, err := s.t.kv.Get(ctx, kvNamespace, "filter_id:"+filterVersion+":"+userID.String())
	return v, err
}

// SaveNextBatch only stages the token; commitToken writes it once the batch is handled.
func (s *kvSyncStore) SaveNextBatch(_ context.Context, _ id.UserID, token string) error {
	s.t.syncer.stage(token)
	return nil
}

func (s *kvSyncStore) LoadNextBatch(ctx context.Context, userID id.UserID) (string, error) {
	v, _, err := s.t.kv.Get(ctx, kvNamespace, "next_batch:"+userID.String())
	return v, err
}

// commitToken persists a handled batch's token.
func (s *kvSyncStore) commitToken(ctx context.Context, token string) error {
	return s.t.kv.Set(ctx, kvNamespace, "next_batch:"+s.t.userID.String(), token)
}
