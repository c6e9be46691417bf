package commands

import (
	"context"
	"database/sql"
)

// Mandates of delegates. (Placeholder until the mandates feature lands.)

func mandateCommands() []*Command { return nil }

func mandateJobKinds() []JobKind { return nil }

// onRecallClosed ends a mandate whose recall vote passed; it runs in the vote's closing
// transaction.
func onRecallClosed(ctx context.Context, env *Env, tx *sql.Tx, c LinkedVoteClosed) error { return nil }
