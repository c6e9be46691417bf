-- a delegate's mandate toward a council (!mandate … --to <council>): the council's room key,
-- '' for a mandate within the assembly
ALTER TABLE mandates ADD COLUMN council TEXT NOT NULL DEFAULT '';
CREATE INDEX mandates_council ON mandates (council, ended_at);
