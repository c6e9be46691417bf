package meetings

import (
	"context"

	"folkmoot/commands"
	"folkmoot/meeting"
	"folkmoot/store"
)

// nothingToUndo answers !undo when no item is left to take back. Dissent is named only when
// the meeting has some: it is never taken back, and a note about it would puzzle a meeting
// that recorded nothing.
func nothingToUndo(ctx context.Context, q store.Querier, mid int64) error {
	items, err := MeetingItems(ctx, q, mid)
	if err != nil {
		return err
	}
	for _, it := range items {
		if it.Kind == meeting.ItemDissent {
			return commands.Userf("There is nothing left to take back: dissent stays in the minutes and is never taken back.")
		}
	}
	return commands.Userf("There is nothing to take back: nothing has been recorded in this meeting yet.")
}
