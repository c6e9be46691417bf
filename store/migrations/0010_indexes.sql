-- indexes that keep reads linear: a room's pending jobs (jobs_room, for !status, !reminders and a timezone move, which walked every pending job of every room), the outbox in order (outbox_order: a flush sorted every due item again for each batch of 100) and by room (outbox_room: each reply asks whether its room has messages queued); jobs_due, which no query uses since jobs_next, goes
CREATE INDEX jobs_room ON jobs (room, state, due_at, id);
DROP INDEX jobs_due;
CREATE INDEX outbox_order ON outbox (protocol, id);
CREATE INDEX outbox_room ON outbox (room);
