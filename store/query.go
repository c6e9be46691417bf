package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
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

// Text reads a row of one text column, for All and First.
func Text(row Scanner) (string, error) {
	var s string
	return s, row.Scan(&s)
}

// Changed turns an UPDATE's result into whether it changed a row.
func Changed(res sql.Result, err error) (bool, error) {
	if err != nil {
		return false, fmt.Errorf("update: %w", err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// Count runs a COUNT query; what names the rows in errors.
func Count(ctx context.Context, q Querier, what, query string, args ...any) (int, error) {
	var n int
	if err := q.QueryRowContext(ctx, query, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count %s: %w", what, err)
	}
	return n, nil
}

// TimeOrZero reads a nullable time column of unix milliseconds; NULL is the zero time.
func TimeOrZero(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return time.UnixMilli(v.Int64)
}

// MillisOrNull writes a time to a nullable column of unix milliseconds; the zero time is NULL.
func MillisOrNull(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.UnixMilli(), Valid: true}
}

// ExecEach runs each statement with the same arguments, in order, and names what failed
// with what: the steps of one change that touches several tables.
func ExecEach(ctx context.Context, q Querier, what string, statements []string, args ...any) error {
	for _, s := range statements {
		if _, err := q.ExecContext(ctx, s, args...); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
	}
	return nil
}
