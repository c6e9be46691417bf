-- rooms, key-value state, the outbox of undelivered replies, and the scheduler's jobs
CREATE TABLE rooms (
	room TEXT PRIMARY KEY,               -- "protocol:id", see bot.Room.Key
	timezone TEXT NOT NULL,
	created_at INTEGER NOT NULL          -- unix milliseconds
);

CREATE TABLE members (
	room TEXT NOT NULL,
	member TEXT NOT NULL,                -- Matrix user ID or bare JID: the identity
	name TEXT NOT NULL DEFAULT '',       -- display name or nick, only for showing
	last_seen INTEGER NOT NULL,          -- unix milliseconds
	PRIMARY KEY (room, member)
);

CREATE TABLE kv (
	namespace TEXT NOT NULL,
	key TEXT NOT NULL,
	value TEXT NOT NULL,
	PRIMARY KEY (namespace, key)
);

CREATE TABLE outbox (
	id INTEGER PRIMARY KEY,
	room TEXT NOT NULL,
	protocol TEXT NOT NULL,
	reply TEXT NOT NULL,                 -- JSON of bot.Reply
	attempts INTEGER NOT NULL DEFAULT 0,
	retry_at INTEGER NOT NULL            -- unix milliseconds
);
CREATE INDEX outbox_due ON outbox (protocol, retry_at, id);

CREATE TABLE jobs (
	id INTEGER PRIMARY KEY,
	room TEXT NOT NULL,
	kind TEXT NOT NULL,                  -- which handler fires it
	ref TEXT NOT NULL DEFAULT '',        -- the domain object it belongs to (a vote id ...)
	title TEXT NOT NULL DEFAULT '',      -- what people call it, for "missed" reports
	payload TEXT NOT NULL DEFAULT '',
	due_at INTEGER NOT NULL,             -- unix milliseconds
	spec TEXT NOT NULL DEFAULT '',       -- recurrence (timeparse canonical form); '' = once
	timezone TEXT NOT NULL DEFAULT '',   -- where the recurrence is computed
	state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'missed', 'failed', 'cancelled')),
	fired_at INTEGER
);
CREATE INDEX jobs_due ON jobs (state, due_at, id);
CREATE INDEX jobs_ref ON jobs (room, kind, ref);
