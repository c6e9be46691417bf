package storetest

import (
	"context"
	"strings"
	"testing"

	"folkmoot/store"
)

// Plan is SQLite's plan for query, its steps joined by "; ": a test checks that a query
// searches its index rather than scanning or sorting. Every parameter is bound to "x".
func Plan(t testing.TB, db *store.DB, query string) string {
	t.Helper()
	SkipOnPostgres(t, "SQLite's query plans")
	args := make([]any, strings.Count(query, "?"))
	for i := range args {
		args[i] = "x"
	}
	rows, err := db.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(plan, "; ")
}
