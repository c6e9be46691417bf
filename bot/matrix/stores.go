package matrix

import (
	"context"
	"fmt"

	"github.com/rs/zerolog"
	"go.mau.fi/util/dbutil"
	"maunium.net/go/mautrix/crypto"
	"maunium.net/go/mautrix/sqlstatestore"
)

// PrepareDatabase makes (or brings up to date) the tables of mautrix's state and crypto
// stores in folkmoot's database at location, a SQLite file or a postgres:// URL, as the
// transport does when it starts, without a homeserver. folkmoot migrate makes them on
// PostgreSQL before it copies a SQLite file's rows into them: the same tables in PostgreSQL's
// types (boolean, bytea, timestamp, jsonb, an enum), made by mautrix's own upgrades.
func PrepareDatabase(ctx context.Context, location string) error {
	db, err := openDB(location)
	if err != nil {
		return fmt.Errorf("matrix stores: %w", err)
	}
	defer db.Close()
	log := dbutil.ZeroLogger(zerolog.Nop())
	if err := sqlstatestore.NewSQLStateStore(db, log, false).Upgrade(ctx); err != nil {
		return fmt.Errorf("matrix: state store: %w", err)
	}
	// The account and device are not needed to make the tables.
	if err := crypto.NewSQLCryptoStore(db, log, "", "", nil).DB.Upgrade(ctx); err != nil {
		return fmt.Errorf("matrix: crypto store: %w", err)
	}
	return nil
}
