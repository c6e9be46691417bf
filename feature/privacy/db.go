package privacy

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"folkmoot/bot"
	"folkmoot/store"
)

// The key of the pseudonyms: made once per installation, kept in the key-value table, so a
// member always gets the same pseudonym and nobody can find whose it is by hashing the IDs
// they know.
const (
	kvNamespace = "privacy"
	kvKey       = "pseudonym-key"
)

const (
	memberSeen   = `SELECT name, last_seen FROM members WHERE room = ? AND member = ?`
	memberForget = `DELETE FROM members WHERE room = ? AND member = ?`
)

// pseudonym is the member's stable pseudonym: "member-" and 8 hex digits of an HMAC of their
// ID under the installation's key.
func pseudonym(ctx context.Context, q store.Querier, member string) (string, error) {
	key, ok, err := store.GetKV(ctx, q, kvNamespace, kvKey)
	if err != nil {
		return "", err
	}
	if !ok {
		raw := make([]byte, 32)
		if _, err := rand.Read(raw); err != nil {
			return "", fmt.Errorf("make the pseudonym key: %w", err)
		}
		key = hex.EncodeToString(raw)
		if err := store.SetKV(ctx, q, kvNamespace, kvKey, key); err != nil {
			return "", err
		}
	}
	mac := hmac.New(sha256.New, []byte(key))
	mac.Write([]byte(member))
	return "member-" + hex.EncodeToString(mac.Sum(nil))[:8], nil
}

// seen is the name the room knows a member by and when it last saw them; ok is false for a
// member it has never seen.
func seen(ctx context.Context, q store.Querier, room bot.Room, member string) (name string, last time.Time, ok bool, err error) {
	rows, err := store.All(ctx, q, "member", func(row store.Scanner) (time.Time, error) {
		var at int64
		err := row.Scan(&name, &at)
		return time.UnixMilli(at), err
	}, memberSeen, room.Key(), member)
	if err != nil || len(rows) == 0 {
		return "", time.Time{}, false, err
	}
	return name, rows[0], true, nil
}

// forgetSeen drops the room's record of the member (their name and when it last saw them).
func forgetSeen(ctx context.Context, q store.Querier, room bot.Room, member string) error {
	if _, err := q.ExecContext(ctx, memberForget, room.Key(), member); err != nil {
		return fmt.Errorf("forget member: %w", err)
	}
	return nil
}
