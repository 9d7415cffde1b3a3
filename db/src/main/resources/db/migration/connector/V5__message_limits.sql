-- Quotas, rate limits and queue status (issue 17 items 3 and 4; docs/decisions/0025-limits-*.md).
-- Works on the plain and on the time-partitioned messages table (V4): both statements below are
-- applied to every partition by PostgreSQL.

-- The size of each message, kept by PostgreSQL itself, so that quotas and queue status read it from
-- an index instead of the (possibly TOASTed) content. No writer has to set it.
ALTER TABLE messages ADD COLUMN content_size INTEGER GENERATED ALWAYS AS (octet_length(content)) STORED;
COMMENT ON COLUMN messages.content_size IS 'Length of content in bytes (generated); summed for queue quotas and queue status.';

-- Serves the per-recipient queue quota (count and bytes of the recipient's waiting messages, read
-- under the recipient's advisory lock on every send) and GetQueueStatus (per connection: count,
-- bytes, oldest) as index-only scans filtered by recipient; and the periodic queue gauges.
CREATE INDEX messages_recipient_queue_idx ON messages (recipient_id, connection_id, received_at) INCLUDE (content_size);

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
