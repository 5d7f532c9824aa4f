-- The mailbox timeline: one row per (mbox_id, msg_id). Two-level partitioning:
--   LIST (kind)            so that each mailbox kind (room, gift, user) has its own retention;
--   RANGE (created_at)     daily partitions, created ahead by the service, dropped whole on expiry.
-- A partitioned table's unique key must contain the partition columns, so the key is
-- (mbox_id, msg_id, created_at, kind). Kind is derived from mbox_id and created_at is part of the
-- message itself, so a retried append of the same message hits the same key (idempotent).
CREATE TABLE mailbox.message (
    kind              text        NOT NULL,
    mbox_id           text        NOT NULL,
    msg_id            bigint      NOT NULL,
    room_id           text        NOT NULL DEFAULT '',
    type              smallint    NOT NULL,
    priority          smallint    NOT NULL,
    sender_id         text        NOT NULL DEFAULT '',
    sender_level      smallint    NOT NULL DEFAULT 0,
    sender_anonymous  boolean     NOT NULL DEFAULT false,
    sender_nickname   text        NOT NULL DEFAULT '',
    body              text        NOT NULL,
    conflate_key      text        NOT NULL DEFAULT '',
    aggregate_count   integer     NOT NULL DEFAULT 0,
    target_user_id    text        NOT NULL DEFAULT '',
    created_at        timestamptz NOT NULL,
    expire_at         timestamptz NOT NULL,
    PRIMARY KEY (mbox_id, msg_id, created_at, kind)
) PARTITION BY LIST (kind);

CREATE TABLE mailbox.message_room PARTITION OF mailbox.message FOR VALUES IN ('room') PARTITION BY RANGE (created_at);
CREATE TABLE mailbox.message_gift PARTITION OF mailbox.message FOR VALUES IN ('gift') PARTITION BY RANGE (created_at);
CREATE TABLE mailbox.message_user PARTITION OF mailbox.message FOR VALUES IN ('user') PARTITION BY RANGE (created_at);
