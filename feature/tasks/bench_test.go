package tasks_test

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"syscall"
	"testing"
	"time"

	"folkmoot/app/apptest"
	"folkmoot/bot"
	"folkmoot/config"
	"folkmoot/facts"
	"folkmoot/feature/tasks"
	"folkmoot/task"
)

// unlimited lifts the caps on open tasks, so one member can seed a benchmark's burst.
func unlimited(c *config.Config) {
	c.Limits.OpenTasksPerMember, c.Limits.OpenTasksPerRoom = 1<<30, 1<<30
}

// seedTasks adds n tasks, each for bo and all due at the same moment a week ahead, in one
// transaction, and returns that due time. The room has set its timezone, as most do: each
// reminder words its task's due time in it.
func seedTasks(tb testing.TB, kit *apptest.Kit, room bot.Room, n int) time.Time {
	tb.Helper()
	ctx := context.Background()
	now := kit.Clock.Now()
	due := now.Add(7 * 24 * time.Hour)
	err := kit.App.DB.InTx(ctx, func(tx *sql.Tx) error {
		if err := facts.SetRoomTimezone(ctx, tx, room, "Europe/Lisbon", now); err != nil {
			return err
		}
		for i := range n {
			nt := task.Draft{Text: fmt.Sprintf("carry chair %d", i), Owner: apptest.Member("bo"), Due: due, CreatedBy: apptest.Member("ana")}
			if _, err := tasks.Add(ctx, env(kit), tx, room, nt, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return due
}

// cpuTime is the CPU time this process has used so far, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkTaskReminders fires the day-before reminders of n tasks that are all due at
// once, then delivers their notices: each op is the whole burst. It reports the CPU time
// of the firing (the scheduler's claims, the handlers, the commits) and of the delivery
// (the outbox); 1k and 10k side by side show the cost is linear (it was quadratic: every
// firing read every pending reminder of the room, and 10,000 took minutes).
func BenchmarkTaskReminders(b *testing.B) {
	for _, n := range []int{1_000, 10_000} {
		b.Run(fmt.Sprintf("%dk", n/1000), func(b *testing.B) {
			var fire, deliver time.Duration
			for b.Loop() {
				b.StopTimer()
				kit := apptest.NewWith(b, b.TempDir(), apptest.Start, unlimited, features()...)
				room := kit.Room("assembly")
				room.Say(b, "bo", "hello") // a task is for a member of the room
				due := seedTasks(b, kit, room.Room, n)
				kit.Clock.Set(due.Add(-24 * time.Hour))
				ctx := context.Background()
				runtime.GC() // the seeding's garbage is not the firing's to collect
				b.StartTimer()
				start := cpuTime()
				fired, err := kit.App.Sched.FireDue(ctx)
				mid := cpuTime()
				kit.App.Bot.Flush(ctx)
				end := cpuTime()
				b.StopTimer()
				fire, deliver = fire+mid-start, deliver+end-mid
				if got := kit.Transport.Take(); err != nil || fired != n || len(got) != n {
					b.Fatalf("fired %d (%v), delivered %d; want %d", fired, err, len(got), n)
				}
				kit.Close()
				b.StartTimer()
			}
			b.ReportMetric(fire.Seconds()/float64(b.N), "cpu-s-fire/op")
			b.ReportMetric(deliver.Seconds()/float64(b.N), "cpu-s-deliver/op")
		})
	}
}

// Task reminders due together cost the same each however many there are (they cost n²
// when each read every pending reminder of the room): counted in heap allocations, which do
// not depend on how busy the machine is.
func TestTaskRemindersCostLinearTime(t *testing.T) {
	perReminder := func(n int) float64 {
		kit := apptest.NewWith(t, t.TempDir(), apptest.Start, unlimited, features()...)
		room := kit.Room("assembly")
		room.Say(t, "bo", "hello")
		due := seedTasks(t, kit, room.Room, n)
		kit.Clock.Set(due.Add(-24 * time.Hour))
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		fired, err := kit.App.Sched.FireDue(context.Background())
		runtime.ReadMemStats(&after)
		if err != nil || fired != n {
			t.Fatalf("fired %d reminders (%v), want %d", fired, err, n)
		}
		return float64(after.Mallocs-before.Mallocs) / float64(n)
	}
	few, many := perReminder(100), perReminder(400)
	t.Logf("%.0f allocations per reminder among 100, %.0f among 400", few, many)
	if many > 1.5*few {
		t.Fatalf("%.0f allocations per reminder among 400, %.0f among 100: the cost per reminder grows with their number", many, few)
	}
}
