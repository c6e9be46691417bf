package app

import (
	"context"
	"fmt"

	"folkmoot/commands"
	"folkmoot/feature"
	"folkmoot/phrase"
	"folkmoot/schedule"
	"folkmoot/timeparse"
)

// stuckJobs is a !status section of the scheduler's own: a job that failed and waits for
// another try (a vote that could not close yet) is said out loud until it runs.
func stuckJobs() feature.Feature {
	return feature.Feature{Name: "scheduler", Status: statusStuck}
}

func statusStuck(ctx context.Context, r *commands.Request) ([]string, error) {
	jobs, err := schedule.Troubled(ctx, r.Tx, r.Room)
	if err != nil {
		return nil, err
	}
	var lines []string
	for _, j := range jobs {
		lines = append(lines, fmt.Sprintf("• Delayed: %s (ref job %d, due %s) failed %s; next try %s.",
			phrase.Clip(j.Name(), 80), j.ID, timeparse.Format(r.Lang, j.Due, r.At, r.Loc), phrase.Plural(j.Attempts, "time", ""), timeparse.Format(r.Lang, j.RetryAt, r.At, r.Loc)))
	}
	return lines, nil
}
