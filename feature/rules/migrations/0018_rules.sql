-- rules: who changed which of a room's rules, when, and how (a command, a vote, or an
-- emergency change awaiting its confirming vote), and the proposals put to a vote.
CREATE TABLE rule_changes (
    id        INTEGER PRIMARY KEY,
    room      TEXT    NOT NULL,
    rule      TEXT    NOT NULL,
    value     TEXT    NOT NULL,
    previous  TEXT    NOT NULL,
    how       TEXT    NOT NULL,            -- command, vote, emergency
    by        TEXT    NOT NULL,            -- member ID
    at        INTEGER NOT NULL,            -- unix ms
    vote      INTEGER,                     -- the number of the vote that decided or confirms it
    state     TEXT    NOT NULL DEFAULT 'in force' -- in force, pending (emergency), lapsed
);
CREATE INDEX rule_changes_latest ON rule_changes (room, rule, id);

CREATE TABLE rule_proposals (
    id        INTEGER PRIMARY KEY,
    room      TEXT    NOT NULL,
    rule      TEXT    NOT NULL,
    value     TEXT    NOT NULL,
    by        TEXT    NOT NULL,
    at        INTEGER NOT NULL,
    vote      INTEGER NOT NULL DEFAULT 0,  -- its vote's number
    state     TEXT    NOT NULL DEFAULT 'open' -- open, passed, failed
);
CREATE UNIQUE INDEX rule_proposals_open ON rule_proposals (room, rule) WHERE state = 'open';
