-- draws: sortition anyone can check (package draw). The seed stays secret until the draw;
-- the commitment (its SHA-256) and the candidates are posted when the draw is announced.
CREATE TABLE draws (
    id          INTEGER PRIMARY KEY,
    room        TEXT    NOT NULL,
    number      INTEGER NOT NULL,
    seats       INTEGER NOT NULL,
    source      TEXT    NOT NULL,           -- "members", or "pool:" and a role's name
    purpose     TEXT    NOT NULL DEFAULT '',
    candidates  TEXT    NOT NULL,           -- member IDs, one per line, sorted
    seed        TEXT    NOT NULL,
    commitment  TEXT    NOT NULL,
    draw_at     INTEGER NOT NULL,           -- unix ms
    opened_by   TEXT    NOT NULL,
    opened_at   INTEGER NOT NULL,
    state       TEXT    NOT NULL DEFAULT 'open', -- open, drawn, cancelled
    draw_order  TEXT    NOT NULL DEFAULT '',     -- after the draw: every candidate, one per line
    drawn_at    INTEGER,
    UNIQUE (room, number)
);

-- what members added before the draw, in the order they added it; one each
CREATE TABLE draw_salts (
    draw   INTEGER NOT NULL REFERENCES draws (id),
    seq    INTEGER NOT NULL,
    member TEXT    NOT NULL,
    text   TEXT    NOT NULL,
    at     INTEGER NOT NULL,
    PRIMARY KEY (draw, seq),
    UNIQUE (draw, member)
);

-- drawn members who declined, in the order they did: each passes the seat to the next
CREATE TABLE draw_declines (
    draw   INTEGER NOT NULL REFERENCES draws (id),
    seq    INTEGER NOT NULL,
    member TEXT    NOT NULL,
    at     INTEGER NOT NULL,
    PRIMARY KEY (draw, seq),
    UNIQUE (draw, member)
);
