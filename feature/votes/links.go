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

// voteClosed runs, inside the closing transaction, the handler of a closed vote's link (if it
// has one), then the handler of every vote.
func (f *votesFeature) voteClosed(ctx context.Context, env *commands.Env, tx *sql.Tx, c hooks.VoteClosed) error {
	links := map[string]hooks.LinkHandler{}
	if f.hooks.Links != nil {
		links = f.hooks.Links(env)
	}
	if c.Link.Kind == linkCouncilVote {
		if err := assemblyDecided(ctx, env, tx, c); err != nil {
			return err
		}
		c.Link.Kind = "" // handled: the handler of every vote still runs
	}
	if c.Link.Kind != "" {
		h := links[c.Link.Kind]
		if h == nil {
			return fmt.Errorf("vote %d: unknown link kind %q", c.Vote.Number, c.Link.Kind)
		}
		if err := h(ctx, tx, c); err != nil {
			return err
		}
	}
	if every := links[hooks.EveryVote]; every != nil {
		return every(ctx, tx, c)
	}
	return nil
}
