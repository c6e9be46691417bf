-- the runtime's ledger of handled events (handled): one row per event of any network, written in the transaction of the event's change and replies, so an event delivered again after a restart is never run twice; it replaces the Matrix adapter's and the command engine's records in kv, and the "replying" records, which that one transaction makes needless
CREATE TABLE handled (
    key TEXT PRIMARY KEY,
    at  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX handled_at ON handled (at);
INSERT INTO handled (key, at)
    SELECT key, CAST(value AS INTEGER) FROM kv WHERE namespace = 'handled-commands'
    ON CONFLICT (key) DO NOTHING;
DELETE FROM kv WHERE namespace IN ('handled-commands', 'matrix_handled', 'replying');
