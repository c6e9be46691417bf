-- meetings with their items, raw log, attendance and the files their minutes were written to
-- Every time is unix milliseconds; members are IDs (Matrix user ID or bare JID).
CREATE TABLE meetings (
	id INTEGER PRIMARY KEY,
	room TEXT NOT NULL,                  -- "protocol:id", see bot.Room.Key
	number INTEGER NOT NULL,             -- per-room number people type: !minutes 3
	title TEXT NOT NULL DEFAULT '',
	started_by TEXT NOT NULL,
	started_by_name TEXT NOT NULL DEFAULT '',
	started_at INTEGER NOT NULL,
	ended_at INTEGER,                    -- NULL while it runs
	files TEXT NOT NULL DEFAULT '',      -- the minutes' path without extension, under digests.dir
	UNIQUE (room, number)
);
-- One meeting at a time per room, enforced by the database as well as by the command.
CREATE UNIQUE INDEX meetings_running ON meetings (room) WHERE ended_at IS NULL;
CREATE INDEX meetings_started ON meetings (room, started_at);

-- What was recorded: topics, notes, ideas, links, decisions, dissent and actions. !undo
-- marks an item removed (dissent never); the row stays for the record.
CREATE TABLE meeting_items (
	id INTEGER PRIMARY KEY,
	meeting INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('topic', 'note', 'idea', 'link', 'decision', 'dissent', 'action')),
	text TEXT NOT NULL,
	url TEXT NOT NULL DEFAULT '',
	by_id TEXT NOT NULL,
	by_name TEXT NOT NULL DEFAULT '',
	owner_id TEXT NOT NULL DEFAULT '',   -- action: who took it on
	owner_name TEXT NOT NULL DEFAULT '',
	due_at INTEGER,                      -- action: NULL when no due date
	task TEXT NOT NULL DEFAULT '',       -- action: the id of the task it created, if any
	at INTEGER NOT NULL,
	removed INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX meeting_items_meeting ON meeting_items (meeting, id);

-- Every message said during a meeting, in order.
CREATE TABLE meeting_log (
	id INTEGER PRIMARY KEY,
	meeting INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	member TEXT NOT NULL,
	name TEXT NOT NULL DEFAULT '',
	text TEXT NOT NULL,
	at INTEGER NOT NULL
);
CREATE INDEX meeting_log_meeting ON meeting_log (meeting, id);

-- Who was present and how many lines each said; kept as the log grows, so the minutes
-- need not count a long log.
CREATE TABLE meeting_present (
	meeting INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	member TEXT NOT NULL,
	name TEXT NOT NULL DEFAULT '',
	lines INTEGER NOT NULL DEFAULT 0,
	first_at INTEGER NOT NULL,
	PRIMARY KEY (meeting, member)
);
