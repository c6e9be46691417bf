-- a draw's parity: the group its seats are shared with, and the candidates on the group's
-- side (all of them show their membership: a draw posts its candidates)
ALTER TABLE draws ADD COLUMN parity TEXT NOT NULL DEFAULT '';
ALTER TABLE draws ADD COLUMN group_side TEXT NOT NULL DEFAULT '';
