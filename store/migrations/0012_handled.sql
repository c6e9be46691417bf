-- the runtime's ledger of handled events (handled): one row per event of any network, written in the transaction of the event's change and replies, so an event delivered again after a restart is never run twice; it replaces the Matrix adapter's and the command engine's records in kv, and the "replying" records, which that one transaction makes needless
CREATE TABLE handled (
    key TEXT PRIMARY KEY,
    at  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX handled_at ON handled (at);
-- sqlite only: the records it moves are in databases from before this step, always SQLite
INSERT INTO handled (key, at)
    SELECT key, CAST(value AS INTEGER) FROM kv WHERE namespace = 'handled-commands'
    ON CONFLICT (key) DO NOTHING;
-- sqlite only: the XMPP adapter's record of the messages it had seen in each room, so the first rejoin's
-- history does not run them again
INSERT INTO handled (key, at)
    SELECT 'xmpp:' || kv.key || '|' || j.value, CAST(strftime('%s', 'now') AS INTEGER) * 1000
    FROM kv, json_each(kv.value, '$.ids') AS j
    WHERE kv.namespace = 'xmpp.seen' AND json_valid(kv.value) AND j.value <> ''
    ON CONFLICT (key) DO NOTHING;
DELETE FROM kv WHERE namespace IN ('handled-commands', 'matrix_handled', 'replying');
