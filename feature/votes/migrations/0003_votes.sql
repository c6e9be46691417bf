-- votes, their options and ballots, electorates, results and each room's vote policy
CREATE TABLE votes (
	id INTEGER PRIMARY KEY,
	room TEXT NOT NULL,                  -- "protocol:id", see bot.Room.Key
	number INTEGER NOT NULL,             -- per-room number people type: #3
	question TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('consensus', 'majority', 'choice')),
	max_choices INTEGER NOT NULL DEFAULT 1,
	quorum INTEGER NOT NULL DEFAULT 0,   -- 0 = none
	quorum_percent INTEGER NOT NULL DEFAULT 0, -- 1: quorum is a percentage of eligible members
	secret INTEGER NOT NULL DEFAULT 0,
	hide_results INTEGER NOT NULL DEFAULT 0,
	opened_by TEXT NOT NULL,             -- member ID
	opened_by_name TEXT NOT NULL DEFAULT '',
	opened_at INTEGER NOT NULL,          -- unix milliseconds
	closes_at INTEGER NOT NULL,
	closed_at INTEGER,                   -- NULL while open
	link_kind TEXT NOT NULL DEFAULT '',  -- what the vote decides the fate of ("mandate"), '' for none
	link_id TEXT NOT NULL DEFAULT '',
	poll_id TEXT NOT NULL DEFAULT '',    -- the native poll's ID, '' when none was posted
	poll_state TEXT NOT NULL DEFAULT '' CHECK (poll_state IN ('', 'open', 'ending', 'ended')),
	-- the result, set once at the close, for the room and the minutes
	outcome TEXT NOT NULL DEFAULT '',    -- vote.Outcome: passed, blocked, rejected, decided, tied, no_decision
	voters INTEGER NOT NULL DEFAULT 0,
	eligible INTEGER NOT NULL DEFAULT 0,
	result TEXT NOT NULL DEFAULT '',     -- the result text as posted
	UNIQUE (room, number)
);
CREATE INDEX votes_open ON votes (room, closed_at);
CREATE INDEX votes_poll ON votes (room, poll_id);
CREATE INDEX votes_closed ON votes (room, closed_at, id) WHERE closed_at IS NOT NULL;

CREATE TABLE vote_options (
	vote INTEGER NOT NULL REFERENCES votes (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	key TEXT NOT NULL,                   -- agree, yes, 1 ...: also the native poll's option ID
	label TEXT NOT NULL,
	final_count INTEGER,                 -- NULL until the close
	PRIMARY KEY (vote, key)
);

-- Every ballot is kept; a member's latest one is current and counts. A secret vote's
-- ballots are here to be counted and are never shown.
CREATE TABLE ballots (
	id INTEGER PRIMARY KEY,
	vote INTEGER NOT NULL REFERENCES votes (id) ON DELETE CASCADE,
	member TEXT NOT NULL,                -- the stable ID: one current ballot per identity
	name TEXT NOT NULL DEFAULT '',
	choices TEXT NOT NULL,               -- option keys separated by spaces; '' = withdrawn
	reason TEXT NOT NULL DEFAULT '',
	via TEXT NOT NULL DEFAULT 'command' CHECK (via IN ('command', 'poll')),
	cast_at INTEGER NOT NULL,
	current INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX ballots_current ON ballots (vote, member) WHERE current = 1;
CREATE INDEX ballots_history ON ballots (vote, member, id);

-- The members a transport listed when the vote opened, so scheduled reminders and the
-- quorum at the close know them without asking the transport.
CREATE TABLE vote_electorate (
	vote INTEGER NOT NULL REFERENCES votes (id) ON DELETE CASCADE,
	member TEXT NOT NULL,
	name TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (vote, member)
);

CREATE TABLE vote_policy (
	room TEXT PRIMARY KEY,
	opens TEXT NOT NULL CHECK (opens IN ('members', 'facilitators'))
);
