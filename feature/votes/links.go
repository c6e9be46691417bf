package votes

import (
	"context"
	"database/sql"
	"fmt"

	"folkmoot/bot"
	"folkmoot/commands"
)

// VoteLink ties a vote to another object whose fate it decides: a recall vote to a mandate.
// The votes feature stores it with the vote; when the vote closes it calls the link's
// handler inside the closing transaction, so the decision and its effect commit together.
type VoteLink struct {
	Kind string // "mandate"
	ID   string
}

// LinkedVoteClosed is what a link handler learns when its vote closes.
type LinkedVoteClosed struct {
	Room   bot.Room
	Link   VoteLink
	VoteID string
	Passed bool
	Result string // the result text as posted in the room
}

// LinkHandler is what happens, inside the closing transaction, when a linked vote closes.
type LinkHandler func(ctx context.Context, env *commands.Env, tx *sql.Tx, c LinkedVoteClosed) error

// linkedVoteClosed runs the handler of a closed vote's link.
func (f *feature) linkedVoteClosed(ctx context.Context, env *commands.Env, tx *sql.Tx, c LinkedVoteClosed) error {
	h, ok := f.links[c.Link.Kind]
	if !ok {
		return fmt.Errorf("vote %s: unknown link kind %q", c.VoteID, c.Link.Kind)
	}
	return h(ctx, env, tx, c)
}
