package schedule

import (
	"strings"
	"testing"

	"folkmoot/store/storetest"
)

// TestQueriesSearchTheirIndex reads the plan SQLite makes for each of the scheduler's
// queries: none may scan the table, and the ones for a room (or one object) must search by
// room, or a room's !status, !reminders and timezone move read every pending job of every
// room (jobsPending walked jobs_due (state) until migration 10 gave it jobs_room).
func TestQueriesSearchTheirIndex(t *testing.T) {
	tests := []struct {
		name, query string
		by          string // what the search must be keyed on
		sorts       bool   // whether a sort of the rows found is acceptable
	}{
		{"jobsPending", jobsPending, "(room=? AND state=?)", false},
		{"jobsTroubled", jobsTroubled, "(room=? AND state=?)", false},
		// One object's jobs are a handful: sorting them is cheaper than walking an index in order.
		{"jobsPendingFor", jobsPendingFor, "(room=? AND kind=? AND ref=?)", true},
		{"jobCancel", jobCancel, "(room=? AND kind=? AND ref=?)", false},
		{"jobsDue", jobsDue, "(state=? AND <expr><?)", false},
		{"jobNext", jobNext, "(state=?)", false},
		{"jobClaim", jobClaim, "(rowid=?)", false},
	}
	db := storetest.Open(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			all := storetest.Plan(t, db, tt.query)
			if strings.Contains(all, "SCAN") || !strings.Contains(all, "SEARCH jobs USING") || !strings.Contains(all, tt.by) {
				t.Errorf("plan %q; want a search of jobs by %s", all, tt.by)
			}
			if !tt.sorts && strings.Contains(all, "TEMP B-TREE") {
				t.Errorf("plan %q sorts; want the index's order", all)
			}
		})
	}
}
