package archive

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"folkmoot/bot"
	"folkmoot/store"
)

// publicNamespace keeps, in the key-value table beside the room's other small settings, the
// rooms that opted into the public archive; a room absent is private, the default.
const publicNamespace = "archive-public"

// builtNamespace keeps when the archive was last written (key builtKey, Unix milliseconds),
// so that the jobs of several public rooms due at one time write it once.
const (
	builtNamespace = "archive-built"
	builtKey       = "at"
)

// IsPublic reports whether a room opted into the public archive.
func IsPublic(ctx context.Context, q store.Querier, room bot.Room) (bool, error) {
	_, ok, err := store.GetKV(ctx, q, publicNamespace, room.Key())
	return ok, err
}

// setPublic opts a room in or out.
func setPublic(ctx context.Context, q store.Querier, room bot.Room, public bool, at time.Time) error {
	if !public {
		return store.DeleteKV(ctx, q, publicNamespace, room.Key())
	}
	return store.SetKV(ctx, q, publicNamespace, room.Key(), strconv.FormatInt(at.UnixMilli(), 10))
}

// kvList lists a namespace of the key-value table.
const kvList = `SELECT key FROM kv WHERE namespace = ? ORDER BY key`

// PublicRooms lists the rooms that opted into the public archive, by key.
func PublicRooms(ctx context.Context, q store.Querier) ([]bot.Room, error) {
	keys, err := store.All(ctx, q, "public rooms", func(s store.Scanner) (string, error) {
		var k string
		return k, s.Scan(&k)
	}, kvList, publicNamespace)
	if err != nil {
		return nil, err
	}
	var out []bot.Room
	for _, k := range keys {
		if r, ok := bot.ParseRoomKey(k); ok {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b bot.Room) int { return strings.Compare(a.Key(), b.Key()) })
	return out, nil
}

// lastBuilt is when the archive was last written; zero when never.
func lastBuilt(ctx context.Context, q store.Querier) (time.Time, error) {
	v, ok, err := store.GetKV(ctx, q, builtNamespace, builtKey)
	if err != nil || !ok {
		return time.Time{}, err
	}
	ms, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return time.Time{}, nil
	}
	return time.UnixMilli(ms), nil
}

// markBuilt records when the archive was written.
func markBuilt(ctx context.Context, q store.Querier, at time.Time) error {
	return store.SetKV(ctx, q, builtNamespace, builtKey, strconv.FormatInt(at.UnixMilli(), 10))
}
