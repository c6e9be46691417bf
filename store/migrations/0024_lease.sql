-- the lease: which of several folkmoot processes on one PostgreSQL database is active (one row, name 'run'); epoch is the fencing token, one more at every take
CREATE TABLE lease (
	name TEXT PRIMARY KEY,
	holder TEXT NOT NULL,            -- hostname:pid:random of the active process; '' when released
	epoch INTEGER NOT NULL,          -- one more at every take; each write checks it is still its own
	acquired_at INTEGER NOT NULL,    -- unix milliseconds, the taker's clock
	renewed_at INTEGER NOT NULL      -- unix milliseconds of the last heartbeat, the holder's clock
);
