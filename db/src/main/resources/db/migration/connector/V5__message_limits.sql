-- Quotas, rate limits and queue status (issue 17 items 3 and 4; docs/decisions/0031-limits-shared-state.md).
-- Works on the plain and on the time-partitioned messages table (V4): both statements below are
-- applied to every partition by PostgreSQL.

-- The size of each message, kept by PostgreSQL itself, so that quotas and queue status read it from
-- an index instead of the (possibly TOASTed) content. No writer has to set it.
ALTER TABLE messages ADD COLUMN content_size INTEGER GENERATED ALWAYS AS (octet_length(content)) STORED;
COMMENT ON COLUMN messages.content_size IS 'Length of content in bytes (generated); summed for queue quotas and queue status.';

-- Serves the per-recipient queue quota (count and bytes of the recipient's waiting messages, read
-- under the recipient's advisory lock on every send) and GetQueueStatus (per connection: count,
-- bytes, oldest) as index-only scans filtered by recipient; and the periodic queue gauges.
-- Each existing partition gets its column comment and its index under the partition naming of V4
-- (<partition>_recipient_queue_idx) first; the partitioned index then attaches those indexes.
DO $$
DECLARE
  partition_name text;
BEGIN
  FOR partition_name IN
    SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'connector.messages'::regclass
  LOOP
    EXECUTE format('COMMENT ON COLUMN connector.%I.content_size IS %L', partition_name,
                   'Length of content in bytes (generated); summed for queue quotas and queue status.');
    EXECUTE format('CREATE INDEX %I ON connector.%I (recipient_id, connection_id, received_at) INCLUDE (content_size)',
                   partition_name || '_recipient_queue_idx', partition_name);
  END LOOP;
END $$;
CREATE INDEX messages_recipient_queue_idx ON messages (recipient_id, connection_id, received_at) INCLUDE (content_size);

-- Partitions created from now on copy the generated column (INCLUDING GENERATED: PostgreSQL refuses
-- to attach a partition whose content_size is a plain column) and get the queue index by name.
CREATE OR REPLACE FUNCTION create_messages_partition(from_at timestamptz, to_at timestamptz) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  partition_name text := 'messages_p' || to_char(from_at AT TIME ZONE 'UTC', 'YYYYMMDD"_"HH24MI');
BEGIN
  IF to_regclass(format('connector.%I', partition_name)) IS NOT NULL THEN
    RETURN partition_name;
  END IF;
  EXECUTE format('CREATE TABLE connector.%I (LIKE connector.messages INCLUDING DEFAULTS '
                 || 'INCLUDING GENERATED INCLUDING STORAGE INCLUDING COMMENTS) '
                 || 'WITH (toast_tuple_target = 8160)',
                 partition_name);
  EXECUTE format('COMMENT ON TABLE connector.%I IS %L', partition_name,
                 format('Partition of messages: received_at in [%s, %s).', from_at, to_at));
  EXECUTE format('ALTER TABLE connector.%I ADD CONSTRAINT %I PRIMARY KEY (id, received_at)',
                 partition_name, partition_name || '_pkey');
  EXECUTE format('CREATE INDEX %I ON connector.%I (recipient_id, received_at, id)',
                 partition_name || '_recipient_page_idx', partition_name);
  EXECUTE format('CREATE INDEX %I ON connector.%I (connection_id)',
                 partition_name || '_connection_idx', partition_name);
  EXECUTE format('CREATE INDEX %I ON connector.%I (recipient_id, connection_id, received_at) INCLUDE (content_size)',
                 partition_name || '_recipient_queue_idx', partition_name);
  EXECUTE format('ALTER TABLE connector.messages ATTACH PARTITION connector.%I FOR VALUES FROM (%L) TO (%L)',
                 partition_name, from_at, to_at);
  RETURN partition_name;
END $$;

-- Token buckets of the send rate limits, in the layout of Bucket4j's PostgreSQL backend
-- (PostgreSQLSelectForUpdateBasedProxyManager): shared by every connector replica.
CREATE TABLE rate_limit_buckets (
    id          TEXT PRIMARY KEY,
    state       BYTEA,
    expires_at  BIGINT
);
COMMENT ON TABLE rate_limit_buckets IS 'Bucket4j token buckets of the send rate limits (per sender, per holder connection); rows of full buckets expire and are purged.';
COMMENT ON COLUMN rate_limit_buckets.id IS 'Bucket key: "sender:" + sender id (DID or holder key id), or "connection:" + connection id.';
COMMENT ON COLUMN rate_limit_buckets.state IS 'Bucket4j''s serialized bucket state (tokens left, last refill); NULL right after the row is created.';
COMMENT ON COLUMN rate_limit_buckets.expires_at IS 'Epoch milliseconds after which the bucket is full again and the row may be deleted.';
CREATE INDEX rate_limit_buckets_expiry_idx ON rate_limit_buckets (expires_at);
