package tools_test

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"folkmoot/commands"
	"folkmoot/feature"
	"folkmoot/feature/tools"
	"folkmoot/hooks"
	"folkmoot/vote"
)

// features is what these tests run: the tools feature alone. A review's votes, and the tasks
// its verdicts become, are other features'; app/tools_review_test.go tests them together.
func features() []feature.Feature { return []feature.Feature{tools.Feature(openNoVote)} }

// openNoVote stands in for the votes feature, which these tests do not run: a review that
// gets as far as opening a vote fails, so a test that reaches it cannot pass unnoticed.
func openNoVote(*commands.Env) hooks.OpenVote {
	return func(context.Context, *sql.Tx, hooks.LinkedVote, time.Time) (vote.Vote, string, error) {
		return vote.Vote{}, "", errors.New("no votes feature in the tools tests")
	}
}
