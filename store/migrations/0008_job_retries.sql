-- scheduled jobs remember failed tries: how many, the last error, and when to try again
ALTER TABLE jobs ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN last_error TEXT NOT NULL DEFAULT '';
ALTER TABLE jobs ADD COLUMN retry_at INTEGER;                -- unix milliseconds; NULL = at due_at
CREATE INDEX jobs_next ON jobs (state, coalesce(retry_at, due_at), id);
