-- tasks, reminders, the register of digital tools, stories and measures
CREATE TABLE tasks (
	id INTEGER PRIMARY KEY,
	room TEXT NOT NULL,                  -- "protocol:id", see bot.Room.Key
	number INTEGER NOT NULL,             -- per-room number people type: #3
	text TEXT NOT NULL,
	owner TEXT NOT NULL DEFAULT '',      -- member ID; '' while nobody has taken it
	owner_name TEXT NOT NULL DEFAULT '',
	created_by TEXT NOT NULL,
	created_by_name TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,         -- unix milliseconds
	due_at INTEGER,                      -- NULL: no due time
	source TEXT NOT NULL DEFAULT '',     -- where it was decided ("meeting 4"), '' for a command
	state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done', 'dropped')),
	closed_at INTEGER,
	closed_by TEXT NOT NULL DEFAULT '',
	note TEXT NOT NULL DEFAULT '',       -- the done note or the drop reason
	UNIQUE (room, number)
);
CREATE INDEX tasks_open ON tasks (room, state, due_at);
CREATE INDEX tasks_created ON tasks (room, created_at);

CREATE TABLE reminders (
	id INTEGER PRIMARY KEY,
	room TEXT NOT NULL,
	number INTEGER NOT NULL,
	text TEXT NOT NULL,
	member TEXT NOT NULL DEFAULT '',     -- who "!remind me" mentions; '' reminds the room
	member_name TEXT NOT NULL DEFAULT '',
	created_by TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	spec TEXT NOT NULL DEFAULT '',       -- recurrence (timeparse canonical form); '' = once
	ended_at INTEGER,                    -- cancelled or fired (a one-shot); NULL while pending
	UNIQUE (room, number)
);

CREATE TABLE tools (
	room TEXT NOT NULL,
	name TEXT NOT NULL,
	key TEXT NOT NULL,                   -- the name folded for lookup
	controller TEXT NOT NULL,            -- who controls it: "our co-op", "a company abroad"
	added_by TEXT NOT NULL,
	added_at INTEGER NOT NULL,
	removed INTEGER NOT NULL DEFAULT 0,  -- 1: taken off the register (kept so folkmoot's own entry stays off)
	PRIMARY KEY (room, key)
);

CREATE TABLE stories (
	id INTEGER PRIMARY KEY,
	room TEXT NOT NULL,
	text TEXT NOT NULL,
	told_by TEXT NOT NULL,
	told_by_name TEXT NOT NULL DEFAULT '',
	told_at INTEGER NOT NULL
);
CREATE INDEX stories_time ON stories (room, told_at);

CREATE TABLE measures (
	id INTEGER PRIMARY KEY,
	room TEXT NOT NULL,
	name TEXT NOT NULL,                  -- folded: lower case
	value REAL NOT NULL,
	unit TEXT NOT NULL DEFAULT '',
	taken_by TEXT NOT NULL,
	taken_at INTEGER NOT NULL
);
CREATE INDEX measures_name ON measures (room, name, taken_at);
