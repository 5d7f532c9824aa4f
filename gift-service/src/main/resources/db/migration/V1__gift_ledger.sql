-- The gift ledger: every paid gift with its dense per-room sequence, the per-room counter that
-- hands out those sequences, the anchor's ack cursor, and the outbox columns for the room publish.

CREATE TABLE IF NOT EXISTS room_counter (
    room_id      VARCHAR(64) PRIMARY KEY,
    last_seq     BIGINT      NOT NULL DEFAULT 0,
    gift_count   BIGINT      NOT NULL DEFAULT 0,   -- gifts recorded (orders)
    item_count   BIGINT      NOT NULL DEFAULT 0,   -- sum of count
    total_value  BIGINT      NOT NULL DEFAULT 0    -- sum of count * unit_value
);

CREATE TABLE IF NOT EXISTS gift (
    order_id          VARCHAR(64)  PRIMARY KEY,
    room_id           VARCHAR(64)  NOT NULL,
    seq               BIGINT       NOT NULL,
    from_user_id      VARCHAR(64)  NOT NULL,
    from_nickname     VARCHAR(64)  NOT NULL DEFAULT '',
    gift_id           VARCHAR(64)  NOT NULL,
    gift_name         VARCHAR(128) NOT NULL DEFAULT '',
    item_count        INTEGER      NOT NULL,
    unit_value        BIGINT       NOT NULL,
    total_value       BIGINT       NOT NULL,
    created_at_ms     BIGINT       NOT NULL,
    -- outbox: published to room-service yet? retried with back-off until it is
    published         BOOLEAN      NOT NULL DEFAULT FALSE,
    msg_id            BIGINT       NOT NULL DEFAULT 0,
    publish_attempts  INTEGER      NOT NULL DEFAULT 0,
    next_publish_ms   BIGINT       NOT NULL DEFAULT 0,
    CONSTRAINT gift_room_seq UNIQUE (room_id, seq)
);

CREATE INDEX IF NOT EXISTS gift_outbox ON gift (next_publish_ms) WHERE NOT published;

CREATE TABLE IF NOT EXISTS anchor_cursor (
    room_id         VARCHAR(64) PRIMARY KEY,
    acked_seq       BIGINT      NOT NULL DEFAULT 0,
    anchor_user_id  VARCHAR(64) NOT NULL DEFAULT '',
    updated_at_ms   BIGINT      NOT NULL DEFAULT 0
);
