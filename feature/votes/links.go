package votes

import (
	"context"
	"database/sql"
	"fmt"

	"folkmoot/commands"
	"folkmoot/hooks"
)

// Links are what closing a linked vote does, by link kind (a recall vote ends a mandate),
// given the environment of the close: the features that open linked votes bring the
// handlers, and app gathers them, so votes names none of those features.
type Links func(env *commands.Env) map[string]hooks.LinkHandler

// linkedVoteClosed runs the handler of a closed vote's link, inside the closing transaction.
func (f *votesFeature) linkedVoteClosed(ctx context.Context, env *commands.Env, tx *sql.Tx, c hooks.VoteClosed) error {
	var h hooks.LinkHandler
	if f.links != nil {
		h = f.links(env)[c.Link.Kind]
	}
	if h == nil {
		return fmt.Errorf("vote %d: unknown link kind %q", c.Vote.Number, c.Link.Kind)
	}
	return h(ctx, tx, c)
}
