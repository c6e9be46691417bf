package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

const (
	kvGet    = `SELECT value FROM kv WHERE namespace = ? AND key = ?`
	kvSet    = `INSERT INTO kv (namespace, key, value) VALUES (?, ?, ?) ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value`
	kvDelete = `DELETE FROM kv WHERE namespace = ? AND key = ?`
	kvList   = `SELECT key, value FROM kv WHERE namespace = ?`
)

// Get implements bot.KV.
func (db *DB) Get(ctx context.Context, namespace, key string) (string, bool, error) {
	return GetKV(ctx, db, namespace, key)
}

// Set implements bot.KV.
func (db *DB) Set(ctx context.Context, namespace, key, value string) error {
	return SetKV(ctx, db, namespace, key, value)
}

// Delete implements bot.KV.
func (db *DB) Delete(ctx context.Context, namespace, key string) error {
	return DeleteKV(ctx, db, namespace, key)
}

// GetKV reads a key-value entry through q (the database or a transaction).
func GetKV(ctx context.Context, q Querier, namespace, key string) (string, bool, error) {
	var v string
	err := q.QueryRowContext(ctx, kvGet, namespace, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("kv get %s/%s: %w", namespace, key, err)
	}
	return v, true, nil
}

// SetKV writes a key-value entry through q.
func SetKV(ctx context.Context, q Querier, namespace, key, value string) error {
	if _, err := q.ExecContext(ctx, kvSet, namespace, key, value); err != nil {
		return fmt.Errorf("kv set %s/%s: %w", namespace, key, err)
	}
	return nil
}

// DeleteKV removes a key-value entry through q.
func DeleteKV(ctx context.Context, q Querier, namespace, key string) error {
	if _, err := q.ExecContext(ctx, kvDelete, namespace, key); err != nil {
		return fmt.Errorf("kv delete %s/%s: %w", namespace, key, err)
	}
	return nil
}

// List implements bot.KV.
func (db *DB) List(ctx context.Context, namespace string) (map[string]string, error) {
	rows, err := db.QueryContext(ctx, kvList, namespace)
	if err != nil {
		return nil, fmt.Errorf("kv list %s: %w", namespace, err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, fmt.Errorf("kv list %s: %w", namespace, err)
		}
		out[k] = v
	}
	return out, rows.Err()
}
