package store

import (
	"context"
	"strings"
	"testing"
)

// planOf is SQLite's plan for query, its steps joined by "; ".
func planOf(t *testing.T, db *DB, query string) string {
	t.Helper()
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
		must(t, rows.Scan(&id, &parent, &unused, &detail))
		plan = append(plan, detail)
	}
	must(t, rows.Err())
	return strings.Join(plan, "; ")
}

// The outbox's queries search an index and never sort: a flush read every due item and
// sorted them all again for each batch of 100 (10,000 queued notices took 100 sorts of
// up to 10,000), and each reply scanned the outbox for its room's queued messages.
func TestOutboxQueriesSearchTheirIndex(t *testing.T) {
	tests := []struct{ name, query, want string }{
		{"pending", outboxPending[SQLite], "SEARCH o USING INDEX outbox_order (protocol=?)"},
		{"pending's older message", outboxPending[SQLite], "SEARCH w USING INDEX outbox_due (protocol=? AND retry_at>?)"},
		{"next retry", outboxNextRetry, "SEARCH outbox USING COVERING INDEX outbox_due (protocol=? AND retry_at>?)"},
		{"prune handled", handledPrune, "SEARCH handled USING COVERING INDEX handled_at (at<?)"},
		{"sent", outboxSent, "SEARCH outbox USING INTEGER PRIMARY KEY (rowid=?)"},
		{"failed", outboxFailed, "SEARCH outbox USING INTEGER PRIMARY KEY (rowid=?)"},
	}
	skipOnPostgres(t, "SQLite's query plans")
	db := openTest(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan := planOf(t, db, tt.query)
			if !strings.Contains(plan, tt.want) || strings.Contains(plan, "SCAN o") || strings.Contains(plan, "SCAN w") ||
				strings.Contains(plan, "SCAN outbox") || strings.Contains(plan, "TEMP B-TREE") {
				t.Errorf("plan %q; want %q, no scan, no sort", plan, tt.want)
			}
		})
	}
}

// A reply queued due at once enters only the outbox's own order: each index it entered was one
// more page written when it was queued and again when it was sent (outbox_room, which no
// query read, and outbox_due, which only needs the items that wait for a retry).
func TestAQueuedReplyEntersOneIndex(t *testing.T) {
	skipOnPostgres(t, "SQLite's query plans")
	db := openTest(t)
	rows, err := db.QueryContext(context.Background(),
		`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'outbox' AND sql NOT LIKE '%WHERE retry_at > 0%' ORDER BY name`)
	must(t, err)
	defer rows.Close()
	var names []string
	for rows.Next() {
		var name string
		must(t, rows.Scan(&name))
		names = append(names, name)
	}
	must(t, rows.Err())
	if strings.Join(names, ",") != "outbox_order" {
		t.Errorf("a queued reply enters the indexes %q, want only outbox_order", names)
	}
}
