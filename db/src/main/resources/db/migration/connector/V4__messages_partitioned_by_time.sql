-- Messages partitioned by receive time (docs/CONNECTOR.md "Retention and partitions", decision
-- 0030-retention-partitions). Retention drops whole partitions instead of deleting rows: no dead
-- tuples, no vacuum debt, no long-running DELETE.
--
-- The existing table is not copied: it becomes the first partition, messages_p_v3, covering
-- everything received before the end of the current UTC day (attaching scans it once to check the
-- bound). New daily partitions follow. The retention job drops messages_p_v3 like any other
-- partition once its upper bound is older than the retention.
--
-- Changes that partitioning forces:
-- * The primary key must contain the partition key: (id, received_at). Message ids are random
--   UUIDs, so they stay unique; lookups by id alone probe the (id, received_at) index of each
--   partition that survives pruning.
-- * A unique index must contain the partition key too, so (sender_id, client_message_id) can no
--   longer be unique across partitions: idempotency records move to message_client_ids, a small
--   table without content, whose rows are purged in bounded batches after the retention.
-- * The foreign key to connections is dropped: attaching or dropping a partition with a foreign key
--   locks connections too. The send path checks the connection row itself (FOR SHARE, in the same
--   transaction), and connection rows with messages are never deleted (only expired INVITED
--   tokens are, which never had messages).

ALTER TABLE messages RENAME TO messages_p_v3;
ALTER TABLE messages_p_v3 DROP CONSTRAINT messages_pkey;
ALTER TABLE messages_p_v3 DROP CONSTRAINT messages_connection_id_fkey;
ALTER INDEX messages_recipient_page_idx RENAME TO messages_p_v3_recipient_page_idx;

CREATE TABLE message_client_ids (
    sender_id          TEXT        NOT NULL,
    client_message_id  TEXT        NOT NULL,
    message_id         UUID        NOT NULL,
    connection_id      UUID        NOT NULL,
    content_sha256     BYTEA       NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (sender_id, client_message_id)
);
COMMENT ON TABLE message_client_ids IS 'Idempotency records of sends with a client message id, unique per sender; kept for the message retention, then purged in bounded batches.';
COMMENT ON COLUMN message_client_ids.sender_id IS 'Sender identity: participant DID or holder key id.';
COMMENT ON COLUMN message_client_ids.client_message_id IS 'Sender-chosen idempotency id.';
COMMENT ON COLUMN message_client_ids.message_id IS 'Id of the message stored under it (the message may be gone: acknowledged or expired).';
COMMENT ON COLUMN message_client_ids.connection_id IS 'Connection the message was sent on; a repeat on another connection is a reuse.';
COMMENT ON COLUMN message_client_ids.content_sha256 IS 'SHA-256 of the message content; a repeat with other content is a reuse.';
COMMENT ON COLUMN message_client_ids.created_at IS 'When the message was stored; the record is purged once this is older than the retention.';
CREATE INDEX message_client_ids_created_idx ON message_client_ids (created_at);

INSERT INTO message_client_ids (sender_id, client_message_id, message_id, connection_id, content_sha256, created_at)
SELECT sender_id, client_message_id, id, connection_id, content_sha256, received_at
FROM messages_p_v3 WHERE client_message_id IS NOT NULL;
DROP INDEX messages_client_id_idx;

CREATE TABLE messages (
    LIKE messages_p_v3 INCLUDING DEFAULTS INCLUDING STORAGE INCLUDING COMMENTS,
    PRIMARY KEY (id, received_at)
) PARTITION BY RANGE (received_at);
COMMENT ON TABLE messages IS 'Opaque messages (serialized AtalaMessage bytes) waiting for their recipient, partitioned by received_at (messages_p<yyyymmdd_hhmi>, UTC). Never parsed beyond the outer envelope, never logged.';
COMMENT ON COLUMN messages.client_message_id IS 'Optional sender-chosen idempotency id (unique per sender through message_client_ids).';
CREATE INDEX messages_recipient_page_idx ON messages (recipient_id, received_at, id);
CREATE INDEX messages_connection_idx ON messages (connection_id);

-- Own names for the old table's new indexes, so that every partition's index is <partition>_<role>.
ALTER TABLE messages_p_v3 ADD CONSTRAINT messages_p_v3_pkey PRIMARY KEY (id, received_at);
CREATE INDEX messages_p_v3_connection_idx ON messages_p_v3 (connection_id);
COMMENT ON TABLE messages_p_v3 IS 'Partition of messages: everything received before migration V4 and until the end of that UTC day.';

-- Creates and attaches the partition [from_at, to_at) with its indexes, named after from_at (UTC);
-- returns its name; does nothing if that partition exists. Attaching an empty table takes SHARE
-- UPDATE EXCLUSIVE on messages (reads and writes go on) and checks nothing but the empty table.
CREATE FUNCTION create_messages_partition(from_at timestamptz, to_at timestamptz) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  partition_name text := 'messages_p' || to_char(from_at AT TIME ZONE 'UTC', 'YYYYMMDD"_"HH24MI');
BEGIN
  IF to_regclass(format('connector.%I', partition_name)) IS NOT NULL THEN
    RETURN partition_name;
  END IF;
  EXECUTE format('CREATE TABLE connector.%I (LIKE connector.messages INCLUDING DEFAULTS '
                 || 'INCLUDING STORAGE INCLUDING COMMENTS) WITH (toast_tuple_target = 8160)',
                 partition_name);
  EXECUTE format('COMMENT ON TABLE connector.%I IS %L', partition_name,
                 format('Partition of messages: received_at in [%s, %s).', from_at, to_at));
  EXECUTE format('ALTER TABLE connector.%I ADD CONSTRAINT %I PRIMARY KEY (id, received_at)',
                 partition_name, partition_name || '_pkey');
  EXECUTE format('CREATE INDEX %I ON connector.%I (recipient_id, received_at, id)',
                 partition_name || '_recipient_page_idx', partition_name);
  EXECUTE format('CREATE INDEX %I ON connector.%I (connection_id)',
                 partition_name || '_connection_idx', partition_name);
  EXECUTE format('ALTER TABLE connector.messages ATTACH PARTITION connector.%I FOR VALUES FROM (%L) TO (%L)',
                 partition_name, from_at, to_at);
  RETURN partition_name;
END $$;
COMMENT ON FUNCTION create_messages_partition(timestamptz, timestamptz) IS 'Creates and attaches one messages partition; called by migration V4 and the connector''s PartitionMaintenanceJob.';

-- The old table becomes the partition up to the end of the current UTC day, then two daily
-- partitions follow; the connector's PartitionMaintenanceJob keeps
-- connector.messages.retention.create-ahead from then on.
DO $$
DECLARE
  upper_bound timestamptz := date_trunc('day',
      greatest(now(), (SELECT max(received_at) FROM messages_p_v3)) AT TIME ZONE 'UTC')
      AT TIME ZONE 'UTC' + interval '1 day';
BEGIN
  EXECUTE format('ALTER TABLE messages ATTACH PARTITION messages_p_v3 FOR VALUES FROM (MINVALUE) TO (%L)',
                 upper_bound);
  PERFORM create_messages_partition(upper_bound, upper_bound + interval '1 day');
  PERFORM create_messages_partition(upper_bound + interval '1 day', upper_bound + interval '2 days');
END $$;

-- Connections whose messages were removed after revocation (MessageRetentionJob).
ALTER TABLE connections ADD COLUMN messages_removed_at TIMESTAMPTZ;
COMMENT ON COLUMN connections.messages_removed_at IS 'When the retention job removed the last messages of this REVOKED connection; NULL while some may remain.';
CREATE INDEX connections_revoked_pending_idx ON connections (revoked_at) WHERE state = 'REVOKED' AND messages_removed_at IS NULL;
CREATE INDEX connections_invited_expiry_idx ON connections (token_expires_at) WHERE state = 'INVITED';
