-- open votes by closing time (votes_closing): a closing-soon notice asks which open votes of its room close in the same minute, and which of them closes last, without reading every open vote of the room
CREATE INDEX votes_closing ON votes (room, closes_at, number) WHERE closed_at IS NULL;
