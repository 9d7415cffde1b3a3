-- One communication key per supported curve (issue 16, item 3): a tenant holds an ACTIVE
-- communication key on X25519 and one on P-256, and seals to each holder with the key on the curve
-- of the holder's pinned key. Keys created before this migration get their curve from their public
-- JWK. Existing tenants receive the P-256 key lazily: the gateway generates it, registers it in the
-- key registry (AddDidKey) and activates it the first time a holder needs it, or when the tenant
-- is next registered.

ALTER TABLE tenant_keys ADD COLUMN curve TEXT;
UPDATE tenant_keys SET curve = CASE public_jwk::jsonb ->> 'crv'
    WHEN 'X25519' THEN 'X25519'
    WHEN 'P-256' THEN 'P_256'
    WHEN 'Ed25519' THEN 'ED25519'
    WHEN 'secp256k1' THEN 'SECP256K1'
END;
ALTER TABLE tenant_keys ALTER COLUMN curve SET NOT NULL;
ALTER TABLE tenant_keys ADD CONSTRAINT tenant_keys_curve_known
    CHECK (curve IN ('X25519', 'P_256', 'ED25519', 'SECP256K1'));
COMMENT ON COLUMN tenant_keys.curve IS 'Curve of the key: X25519 or P_256 (COMMUNICATION), ED25519 or SECP256K1 (AUTHENTICATION).';

DROP INDEX tenant_keys_one_active_idx;
CREATE UNIQUE INDEX tenant_keys_one_active_idx ON tenant_keys (tenant_id, usage, curve) WHERE status = 'ACTIVE';
COMMENT ON INDEX tenant_keys_one_active_idx IS 'At most one ACTIVE key per tenant, usage and curve; serves the active key lookup.';
CREATE UNIQUE INDEX tenant_keys_one_pending_idx ON tenant_keys (tenant_id, usage, curve) WHERE status = 'PENDING';
COMMENT ON INDEX tenant_keys_one_pending_idx IS 'At most one PENDING key per tenant, usage and curve, so two replicas that add the same curve at once store one key.';
COMMENT ON TABLE tenant_keys IS 'Key pairs of each tenant: one ACTIVE per usage and curve, PENDING during a rotation or while a new curve is registered, RETIRED ones kept for the record.';

-- The refusal of a holder's handshake hello (issue 16, item 5) is queued and sent like the reply.
ALTER TABLE deliveries DROP CONSTRAINT deliveries_kind_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_kind_check
    CHECK (kind IN ('CREDENTIAL', 'HANDSHAKE_REPLY', 'HANDSHAKE_REFUSAL'));
COMMENT ON COLUMN deliveries.kind IS 'CREDENTIAL (listed in the REST API), HANDSHAKE_REPLY (the issuer confirm JWT; internal) or HANDSHAKE_REFUSAL (a HandshakeRefused reason code sent to a holder whose hello was refused; internal).';
