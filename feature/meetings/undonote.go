package meetings

import (
	"context"

	"folkmoot/commands"
	"folkmoot/meeting"
	"folkmoot/store"
	"folkmoot/words"
)

// nothingToUndo answers !undo when no item is left to take back. Dissent is named only when
// the meeting has some: it is never taken back, and a note about it would puzzle a meeting
// that recorded nothing.
func nothingToUndo(ctx context.Context, l *words.Lang, q store.Querier, mid int64) error {
	items, err := MeetingItems(ctx, q, mid)
	if err != nil {
		return err
	}
	for _, it := range items {
		if it.Kind == meeting.ItemDissent {
			return commands.Userf("%s", l.Say("meetings.undo.only_dissent"))
		}
	}
	return commands.Userf("%s", l.Say("meetings.undo.nothing"))
}
