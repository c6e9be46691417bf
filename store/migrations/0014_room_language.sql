-- a room's language (a shipped language's tag, see words.Shipped); '' speaks the configured default
ALTER TABLE rooms ADD COLUMN language TEXT NOT NULL DEFAULT '';
