package commands

import (
	"context"
	"errors"
)

// Timed votes. (Placeholder until the votes feature lands.)

func voteCommands() []*Command { return nil }

func voteJobKinds() []JobKind { return nil }

func statusVotes(context.Context, *Request) ([]string, error) { return nil, nil }

// openLinkedVote opens a majority vote tied to another object (a recall vote tied to a
// mandate) and returns the text announcing it.
func openLinkedVote(ctx context.Context, r *Request, question string, link VoteLink) (string, error) {
	return "", errors.New("votes are not available yet")
}
