-- the outbox's indexes cost each reply less: outbox_due keeps only the items that wait for a retry (a reply is queued with retry_at 0, so queuing and sending one no longer write it), and outbox_room goes (no query reads it since the outbox holds a room's later items back through outbox_due)
DROP INDEX outbox_due;
CREATE INDEX outbox_due ON outbox (protocol, retry_at, id) WHERE retry_at > 0;
DROP INDEX outbox_room;
