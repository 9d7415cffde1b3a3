-- An upper bound of each recipient's waiting messages, kept by the send statement (MessageStore),
-- so that the queue quota is checked without counting the queue on every send: the count is
-- taken only when the bound, with the new messages, would exceed the quota, when the bound is
-- older than connector.messages.limits.queue.recount-interval, or when there is none (decision
-- 0052-queuebound). Every send to a recipient holds its advisory lock and adds what it stores;
-- acknowledgements, removals and expiry only lower the true count, so the bound stays an upper
-- bound without being touched by them.
CREATE TABLE recipient_queue_bounds (
    recipient_id TEXT        PRIMARY KEY,
    messages     BIGINT      NOT NULL,
    bytes        BIGINT      NOT NULL,
    counted_at   TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE recipient_queue_bounds IS 'Upper bound of each recipient''s waiting messages (count and bytes) for the queue quota; rows older than the recount interval are recounted on the next send and purged by the cleanup job.';
COMMENT ON COLUMN recipient_queue_bounds.recipient_id IS 'The recipient (participant DID or holder key id), as connector.messages.recipient_id.';
COMMENT ON COLUMN recipient_queue_bounds.messages IS 'Waiting messages counted at counted_at plus every message stored for the recipient since: never below the true count.';
COMMENT ON COLUMN recipient_queue_bounds.bytes IS 'As messages, in bytes of content.';
COMMENT ON COLUMN recipient_queue_bounds.counted_at IS 'When the recipient''s queue was last counted (application clock).';
