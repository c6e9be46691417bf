-- a quorum of "majority": more than half of the eligible members must vote (recalls)
ALTER TABLE votes ADD COLUMN quorum_majority INTEGER NOT NULL DEFAULT 0;
