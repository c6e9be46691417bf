-- jobs: an index for a room's pending jobs, so listing them (!status, !reminders, a timezone move) reads that room's alone and not every pending job; jobs_due, which no query uses since jobs_next, goes
CREATE INDEX jobs_room ON jobs (room, state, due_at, id);
DROP INDEX jobs_due;
