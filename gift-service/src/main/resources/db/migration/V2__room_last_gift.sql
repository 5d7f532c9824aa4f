-- When a room last recorded a gift: the re-push loop resumes after a restart only rooms whose gifts
-- are recent enough to still be owed a push (older ones wait for the anchor's pull).
ALTER TABLE room_counter ADD COLUMN IF NOT EXISTS last_gift_ms BIGINT NOT NULL DEFAULT 0;
