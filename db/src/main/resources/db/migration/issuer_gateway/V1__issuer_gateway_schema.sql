-- Issuer gateway schema: tenants (issuers) and their API keys. Later migrations add invitations,
-- connections and the credential outbox. Owned by issuer-gateway only.

CREATE TABLE tenants (
    id          UUID PRIMARY KEY,
    did         TEXT        NOT NULL UNIQUE,
    name        TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE tenants IS 'Issuers served by this gateway.';
COMMENT ON COLUMN tenants.id IS 'Tenant id used in the REST API.';
COMMENT ON COLUMN tenants.did IS 'The issuer DID registered in the key registry and at the connector.';
COMMENT ON COLUMN tenants.name IS 'Display name shown to holders.';
COMMENT ON COLUMN tenants.created_at IS 'When the tenant was created.';

CREATE TABLE api_keys (
    key_hash    BYTEA PRIMARY KEY,
    tenant_id   UUID        NOT NULL REFERENCES tenants (id),
    created_at  TIMESTAMPTZ NOT NULL,
    revoked_at  TIMESTAMPTZ
);
COMMENT ON TABLE api_keys IS 'Per-tenant API keys, stored as SHA-256 hashes only.';
COMMENT ON COLUMN api_keys.key_hash IS 'SHA-256 of the API key as sent in the X-Api-Key header.';
COMMENT ON COLUMN api_keys.tenant_id IS 'The tenant the key authenticates.';
COMMENT ON COLUMN api_keys.created_at IS 'When the key was issued.';
COMMENT ON COLUMN api_keys.revoked_at IS 'When the key stopped working; NULL while valid.';
