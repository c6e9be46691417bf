package commands

import (
	"context"
	"database/sql"
	"fmt"

	"folkmoot/bot"
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

// linkHandlers maps a link kind to what happens when its vote closes.
func linkHandlers() map[string]func(ctx context.Context, env *Env, tx *sql.Tx, c LinkedVoteClosed) error {
	return map[string]func(ctx context.Context, env *Env, tx *sql.Tx, c LinkedVoteClosed) error{
		"mandate": onRecallClosed,
	}
}

// linkedVoteClosed runs the handler of a closed vote's link.
func linkedVoteClosed(ctx context.Context, env *Env, tx *sql.Tx, c LinkedVoteClosed) error {
	h, ok := linkHandlers()[c.Link.Kind]
	if !ok {
		return fmt.Errorf("vote %s: unknown link kind %q", c.VoteID, c.Link.Kind)
	}
	return h(ctx, env, tx, c)
}
