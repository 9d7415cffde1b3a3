-- Every take of a bucket (RateLimitBucketStore) updates tokens, refilled_at and expires_at. With an
-- index on expires_at no such update could be HOT: each take of a busy sender's bucket added an
-- entry to the primary key and to the expiry index, and the next take's ON CONFLICT probe walked
-- past the dead entries of the same key (measured: 181 of 3,999 updates HOT, the one-row table at
-- 15 pages, decision 0056-conndb). Without it the update changes no indexed column and stays on its
-- page (HOT); fillfactor 50 leaves the room on the page for the new row versions.
--
-- The purge (RateLimitBucketPurgeJob, every purge interval) finds expired rows by a scan of the
-- table instead: it holds one row per bucket used within its refill time plus 10 s, small next to
-- the sends that take from it.
DROP INDEX rate_limit_buckets_expiry_idx;
ALTER TABLE rate_limit_buckets SET (fillfactor = 50);
