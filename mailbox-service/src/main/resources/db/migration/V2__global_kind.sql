-- Broadcasts to every connection get a mailbox kind of their own (mailbox id `global`), with their own
-- retention (roomcast.mailbox.retention.global-days): daily RANGE partitions are made by PartitionMaintenance.
CREATE TABLE IF NOT EXISTS mailbox.message_global PARTITION OF mailbox.message FOR VALUES IN ('global')
    PARTITION BY RANGE (created_at);
