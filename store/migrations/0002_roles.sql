-- roles, the rotation pool, terms and mandates
-- Every time is unix milliseconds; members are IDs (Matrix user ID or bare JID).

-- A room's roles. A removed role keeps its row (active = 0) so that, added again, it keeps
-- its history; a room without any row has the four default roles.
CREATE TABLE roles (
	room TEXT NOT NULL,                  -- "protocol:id", see bot.Room.Key
	name TEXT NOT NULL,                  -- lower-case, e.g. "facilitator"
	seats INTEGER NOT NULL DEFAULT 1 CHECK (seats >= 1),
	schedule TEXT NOT NULL DEFAULT '',   -- scheduled rotation, timeparse canonical form; '' = by hand
	active INTEGER NOT NULL DEFAULT 1,
	position INTEGER NOT NULL,           -- order of listing: the order the roles were added
	PRIMARY KEY (room, name)
);

-- Each stretch a member spent in a role's pool: joined, and left (NULL while in).
CREATE TABLE role_pool (
	id INTEGER PRIMARY KEY,
	room TEXT NOT NULL,
	role TEXT NOT NULL,
	member TEXT NOT NULL,
	joined_at INTEGER NOT NULL,
	left_at INTEGER
);
CREATE UNIQUE INDEX role_pool_open ON role_pool (room, role, member) WHERE left_at IS NULL;
CREATE INDEX role_pool_room ON role_pool (room, role);

-- Times a member is away from a room's rotation; !back moves until to the moment of return.
CREATE TABLE role_away (
	id INTEGER PRIMARY KEY,
	room TEXT NOT NULL,
	member TEXT NOT NULL,
	since INTEGER NOT NULL,
	until INTEGER NOT NULL,
	reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX role_away_room ON role_away (room, until);

-- Each time a role was filled by rotation: the term number seeds the draw, and the
-- explanation at the time of the choice answers !why.
CREATE TABLE role_picks (
	id INTEGER PRIMARY KEY,
	room TEXT NOT NULL,
	role TEXT NOT NULL,
	number INTEGER NOT NULL,             -- 1, 2, 3 ... per room and role
	picked_at INTEGER NOT NULL,
	seed INTEGER NOT NULL,
	outgoing TEXT NOT NULL DEFAULT '',   -- holders before the pick, newline-separated
	declined TEXT NOT NULL DEFAULT '',   -- who declined this pick, newline-separated
	why TEXT NOT NULL DEFAULT '',        -- rotation.Why of the latest choice, with names
	UNIQUE (room, role, number)
);

-- Terms: one seat of a role held by one member, from a rotation, a swap or a mandate.
CREATE TABLE role_terms (
	id INTEGER PRIMARY KEY,
	room TEXT NOT NULL,
	role TEXT NOT NULL,                  -- "delegate" for mandates
	member TEXT NOT NULL,
	via TEXT NOT NULL CHECK (via IN ('rotation', 'swap', 'mandate')),
	pick INTEGER REFERENCES role_picks (id),
	started_at INTEGER NOT NULL,
	ended_at INTEGER,                    -- NULL while held
	consent_until INTEGER,               -- while the holder may still !decline; NULL once it stands
	-- held: a term (running or past); declined: refused within the window, not a term;
	-- handed: handed over by a swap, which counts for the member who took it instead
	state TEXT NOT NULL DEFAULT 'held' CHECK (state IN ('held', 'declined', 'handed')),
	note TEXT NOT NULL DEFAULT ''        -- the reason given for declining, or who it was handed to
);
CREATE INDEX role_terms_room ON role_terms (room, role, started_at);
CREATE INDEX role_terms_current ON role_terms (room, ended_at);

-- Swaps offered with !swap, waiting for the other member's !accept or !decline.
CREATE TABLE role_swaps (
	id INTEGER PRIMARY KEY,
	room TEXT NOT NULL,
	term INTEGER NOT NULL REFERENCES role_terms (id),
	from_member TEXT NOT NULL,
	to_member TEXT NOT NULL,
	offered_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'accepted', 'declined'))
);
CREATE INDEX role_swaps_to ON role_swaps (room, to_member, state);

-- Delegates' mandates; each is also a term of the role "delegate", for !history.
CREATE TABLE mandates (
	id INTEGER PRIMARY KEY,
	room TEXT NOT NULL,
	number INTEGER NOT NULL,             -- per-room number people type: #3
	member TEXT NOT NULL,
	member_name TEXT NOT NULL DEFAULT '',
	scope TEXT NOT NULL,
	given_by TEXT NOT NULL,
	starts_at INTEGER NOT NULL,
	ends_at INTEGER NOT NULL,            -- when it ends by itself
	ended_at INTEGER,                    -- when it did end; NULL while active
	end_reason TEXT NOT NULL DEFAULT '' CHECK (end_reason IN ('', 'expired', 'ended', 'recalled')),
	ended_by TEXT NOT NULL DEFAULT '',
	term INTEGER NOT NULL REFERENCES role_terms (id),
	UNIQUE (room, number)
);
CREATE INDEX mandates_active ON mandates (room, ended_at);
