-- listening rounds, the speaking queue and silences: each room's state, its finished turns and round summaries
-- Every time is unix milliseconds; members are IDs (Matrix user ID or bare JID).

-- One row per room: round.State as JSON, and the due time of its pending round.tick job
-- (0 when nothing is timed), so a change knows whether the job must move.
CREATE TABLE rounds (
	room TEXT PRIMARY KEY,               -- "protocol:id", see bot.Room.Key
	state TEXT NOT NULL,
	next_at INTEGER NOT NULL DEFAULT 0,
	updated_at INTEGER NOT NULL
);

-- Each stretch someone spoke (or took part with no time: signed up, passed, raised a hand),
-- for !stats by period.
CREATE TABLE round_turns (
	id INTEGER PRIMARY KEY,
	room TEXT NOT NULL,
	member TEXT NOT NULL,
	name TEXT NOT NULL DEFAULT '',
	ms INTEGER NOT NULL,                 -- speaking time, milliseconds
	turns INTEGER NOT NULL DEFAULT 0,    -- turns finished (0 for a pass or a sign-up)
	at INTEGER NOT NULL,
	source TEXT NOT NULL CHECK (source IN ('round', 'queue'))
);
CREATE INDEX round_turns_room ON round_turns (room, at);

-- The summary of each finished round (round.Report as JSON), for the minutes.
CREATE TABLE round_reports (
	id INTEGER PRIMARY KEY,
	room TEXT NOT NULL,
	at INTEGER NOT NULL,
	report TEXT NOT NULL
);
CREATE INDEX round_reports_room ON round_reports (room, at);
