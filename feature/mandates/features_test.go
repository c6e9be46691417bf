package mandates_test

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"folkmoot/commands"
	"folkmoot/feature"
	"folkmoot/feature/mandates"
	"folkmoot/hooks"
	"folkmoot/vote"
)

// features is what these tests run: the mandates feature alone. A recall's vote and what
// its close does are the votes feature's, tested with it in app (app/recall_test.go).
func features() []feature.Feature {
	return []feature.Feature{mandates.Feature(openNoVote, mandates.Hooks{})}
}

// openNoVote stands in for the votes feature, which these tests do not run: a recall that
// gets as far as opening its vote fails, so a test that reaches it cannot pass unnoticed.
func openNoVote(*commands.Env) hooks.OpenVote {
	return func(context.Context, *sql.Tx, hooks.LinkedVote, time.Time) (vote.Vote, string, error) {
		return vote.Vote{}, "", errors.New("no votes feature in the mandates tests")
	}
}
