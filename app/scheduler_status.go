package app

import (
	"context"
	"fmt"

	"folkmoot/commands"
	"folkmoot/phrase"
	"folkmoot/timeparse"
)

// stuckJobs is a !status section of the scheduler's own: a job that failed and waits for
// another try (a vote that could not close yet) is said out loud until it runs.
func stuckJobs() commands.Feature {
	return commands.Feature{Name: "scheduler", Status: statusStuck}
}

func statusStuck(ctx context.Context, r *commands.Request) ([]string, error) {
	if r.Sched == nil {
		return nil, nil
	}
	jobs, err := r.Sched.Troubled(ctx, r.DB, r.Room)
	if err != nil {
		return nil, err
	}
	var lines []string
	for _, j := range jobs {
		lines = append(lines, fmt.Sprintf("• Delayed: %s (ref job %d, due %s) failed %s; next try %s.",
			phrase.Clip(j.Name(), 80), j.ID, timeparse.Format(j.Due, r.At, r.Loc), phrase.Plural(j.Attempts, "time", ""), timeparse.Format(j.RetryAt, r.At, r.Loc)))
	}
	return lines, nil
}
