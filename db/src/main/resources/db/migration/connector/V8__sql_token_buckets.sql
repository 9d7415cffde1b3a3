-- Send-rate token buckets kept by one SQL statement per take (RateLimitBucketStore) instead of
-- Bucket4j's lock-read-write-commit round trips: the bucket row of a sender is then locked only
-- for the statement itself, not for three client round trips (decision 0045-connperf).
ALTER TABLE rate_limit_buckets
    ADD COLUMN tokens      DOUBLE PRECISION,
    ADD COLUMN refilled_at BIGINT;
COMMENT ON TABLE rate_limit_buckets IS 'Token buckets of the send rate limits (per sender, per holder connection), one row per bucket; rows of full buckets expire and are purged.';
COMMENT ON COLUMN rate_limit_buckets.state IS 'Unused since V8 (was Bucket4j''s serialized state); a row with tokens NULL counts as a full bucket.';
COMMENT ON COLUMN rate_limit_buckets.tokens IS 'Tokens left at refilled_at (fractional: refill is continuous); NULL = full.';
COMMENT ON COLUMN rate_limit_buckets.refilled_at IS 'Epoch nanoseconds (application clock) at which tokens was computed.';
