-- councils: links between an assembly room and a council room (bot.Room.Key on each side),
-- made with both sides' consent: invited by the council, joined by the assembly.
CREATE TABLE council_links (
    council     TEXT    NOT NULL,
    assembly    TEXT    NOT NULL,
    state       TEXT    NOT NULL,           -- invited, linked
    invited_by  TEXT    NOT NULL,
    invited_at  INTEGER NOT NULL,
    joined_by   TEXT    NOT NULL DEFAULT '',
    joined_at   INTEGER,
    PRIMARY KEY (council, assembly)
);
CREATE INDEX council_links_assembly ON council_links (assembly);
