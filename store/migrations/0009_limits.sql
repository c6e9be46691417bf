-- limits: indexes to count what a member and a room have made (open tasks and reminders, stories and readings), and the mass mentions each member had posted
CREATE INDEX tasks_creator ON tasks (created_by, state);
CREATE INDEX stories_teller ON stories (told_by, told_at);
CREATE INDEX measures_taker ON measures (taken_by, taken_at);
CREATE INDEX reminders_open ON reminders (room, ended_at);
CREATE INDEX reminders_creator ON reminders (created_by, ended_at);
ALTER TABLE reminders ADD COLUMN often INTEGER NOT NULL DEFAULT 0;  -- 1: set by facilitator-level with --often

CREATE TABLE mass_mentions (
	member TEXT NOT NULL,                -- who had the bot mention everyone (!vote remind)
	room TEXT NOT NULL,                  -- "protocol:id", see bot.Room.Key
	at INTEGER NOT NULL                  -- unix milliseconds
);
CREATE INDEX mass_mentions_member ON mass_mentions (member, at);
CREATE INDEX mass_mentions_at ON mass_mentions (at);
