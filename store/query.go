package store

import (
	"context"
	"fmt"
)

// Scanner is a row being read.
type Scanner interface{ Scan(dest ...any) error }

// All runs a query and reads every row with scan; what names the rows in errors.
func All[T any](ctx context.Context, q Querier, what string, scan func(Scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", what, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", what, err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// First runs a query and reads its first row with scan, or returns none when there is no row.
func First[T any](ctx context.Context, q Querier, what string, scan func(Scanner) (T, error), none error, query string, args ...any) (T, error) {
	all, err := All(ctx, q, what, scan, query, args...)
	if err != nil || len(all) == 0 {
		var zero T
		if err == nil {
			err = none
		}
		return zero, err
	}
	return all[0], nil
}
