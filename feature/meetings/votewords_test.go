package meetings_test

import (
	"testing"

	"folkmoot/app/apptest"
)

// TestUndoWithNothingToUndo: !undo in a meeting that recorded nothing says so, without a
// word about dissent it does not have.
func TestUndoWithNothingToUndo(t *testing.T) {
	m := newMeeting(t)
	m.one(t, "ana", "!meeting start")
	got := m.one(t, "ana", "!undo", "There is nothing to take back: nothing has been recorded in this meeting yet.")
	apptest.Lacks(t, "undo", got, "dissent")
}
