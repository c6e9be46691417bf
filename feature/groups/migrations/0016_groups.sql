-- groups: the groups a room defines and the members who declare themselves in them (for
-- parity in rotation). Only a member declares or leaves their own membership; it is shown
-- only as a count unless the member chooses to show it.
CREATE TABLE member_groups (
    room       TEXT    NOT NULL,
    key        TEXT    NOT NULL,   -- the name folded (case, accents), as it is found
    name       TEXT    NOT NULL,   -- as it was first written
    added_by   TEXT    NOT NULL,
    added_at   INTEGER NOT NULL,
    PRIMARY KEY (room, key)
);

CREATE TABLE member_group_members (
    room       TEXT    NOT NULL,
    key        TEXT    NOT NULL,
    member     TEXT    NOT NULL,
    shown      INTEGER NOT NULL DEFAULT 0,
    joined_at  INTEGER NOT NULL,
    PRIMARY KEY (room, key, member),
    FOREIGN KEY (room, key) REFERENCES member_groups (room, key) ON DELETE CASCADE
);
