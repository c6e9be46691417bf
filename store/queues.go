package store

import (
	"context"
	"fmt"
	"time"
)

// Queues are the lengths of folkmoot's queues in the database, for `folkmoot status`.
type Queues struct {
	// Outbox is how many replies wait to be sent, Retrying how many of them wait for a retry
	// after a failed send.
	Outbox, Retrying int
	// Jobs is how many scheduled jobs are pending, Due how many of them are due (or past due)
	// now, Failing how many have failed at least once and wait for another try.
	Jobs, Due, Failing int
}

const queueLengths = `SELECT
	(SELECT COUNT(*) FROM outbox),
	(SELECT COUNT(*) FROM outbox WHERE retry_at > ?),
	(SELECT COUNT(*) FROM jobs WHERE state = 'pending'),
	(SELECT COUNT(*) FROM jobs WHERE state = 'pending' AND coalesce(retry_at, due_at) <= ?),
	(SELECT COUNT(*) FROM jobs WHERE state = 'pending' AND attempts > 0)`

// QueueLengths counts the outbox's and the scheduler's pending items at now.
func QueueLengths(ctx context.Context, q Querier, now time.Time) (Queues, error) {
	var qs Queues
	ms := now.UnixMilli()
	if err := q.QueryRowContext(ctx, queueLengths, ms, ms).Scan(&qs.Outbox, &qs.Retrying, &qs.Jobs, &qs.Due, &qs.Failing); err != nil {
		return Queues{}, fmt.Errorf("count the queues: %w", err)
	}
	return qs, nil
}
