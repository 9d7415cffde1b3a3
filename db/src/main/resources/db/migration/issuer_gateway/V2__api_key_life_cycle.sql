-- API key life cycle (issue 14, item 4): every key gets a public key id (also embedded in new keys,
-- "crgw_<key id>_<secret>", so a leaked key can be named in logs without its secret), an optional
-- label, scopes and the time it was last used. Keys issued before this migration keep working (they
-- are still found by their SHA-256); they get a random key id and both scopes, which is what they
-- could do before.

ALTER TABLE api_keys ADD COLUMN key_id TEXT;
UPDATE api_keys SET key_id = substr(replace(gen_random_uuid()::text, '-', ''), 1, 16);
ALTER TABLE api_keys ALTER COLUMN key_id SET NOT NULL;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_key_id_unique UNIQUE (key_id);
ALTER TABLE api_keys ADD COLUMN label TEXT;
ALTER TABLE api_keys ADD COLUMN scopes TEXT[] NOT NULL DEFAULT ARRAY['issue', 'admin-keys'];
ALTER TABLE api_keys ALTER COLUMN scopes DROP DEFAULT;
ALTER TABLE api_keys ADD COLUMN last_used_at TIMESTAMPTZ;

-- Listing a tenant's keys and counting its active ones.
CREATE INDEX api_keys_tenant ON api_keys (tenant_id, created_at);

COMMENT ON COLUMN api_keys.key_id IS 'Public id of the key (16 lowercase hex characters), part of keys issued since V2; safe to log and show.';
COMMENT ON COLUMN api_keys.label IS 'Free text the tenant gave the key (at most 100 characters); may be NULL.';
COMMENT ON COLUMN api_keys.scopes IS 'What the key may do: issue (invitations, credentials, reads) and/or admin-keys (list, mint, revoke API keys).';
COMMENT ON COLUMN api_keys.last_used_at IS 'When the key last authenticated a request, updated at most once a minute; NULL if never used.';
