-- who votes (vote.Body): '' the room's members; in a council 'assemblies' (each linked
-- assembly decides in its own room, its result its voice) or 'delegates' (the standing
-- delegates toward the council)
ALTER TABLE votes ADD COLUMN body TEXT NOT NULL DEFAULT '';

-- A ballot no member typed: an assembly's result as its voice in its council's vote
-- ('assembly'), or a delegate's ballot withdrawn as their mandate ends ('mandate'). SQLite
-- cannot change a CHECK in place, so the table is copied.
CREATE TABLE ballots_new (
	id INTEGER PRIMARY KEY,
	vote INTEGER NOT NULL REFERENCES votes (id) ON DELETE CASCADE,
	member TEXT NOT NULL,
	name TEXT NOT NULL DEFAULT '',
	choices TEXT NOT NULL,
	reason TEXT NOT NULL DEFAULT '',
	via TEXT NOT NULL DEFAULT 'command' CHECK (via IN ('command', 'poll', 'assembly', 'mandate')),
	cast_at INTEGER NOT NULL,
	current INTEGER NOT NULL DEFAULT 1
);
INSERT INTO ballots_new (id, vote, member, name, choices, reason, via, cast_at, current)
	SELECT id, vote, member, name, choices, reason, via, cast_at, current FROM ballots;
DROP TABLE ballots;
ALTER TABLE ballots_new RENAME TO ballots;
CREATE UNIQUE INDEX ballots_current ON ballots (vote, member) WHERE current = 1;
CREATE INDEX ballots_history ON ballots (vote, member, id);
