package app

import (
	"context"

	"folkmoot/commands"
	"folkmoot/feature"
	"folkmoot/phrase"
	"folkmoot/schedule"
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
		lines = append(lines, r.Lang.Count("schedule.status_delayed", j.Attempts, "Job", phrase.Clip(j.NameIn(r.Lang), 80), "ID", j.ID,
			"Due", r.Time(j.Due), "Next", r.Time(j.RetryAt)))
	}
	return lines, nil
}
