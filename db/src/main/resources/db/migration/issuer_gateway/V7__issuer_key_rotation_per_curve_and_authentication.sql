-- Issuer key rotation per curve and of the authentication key (issue 16, item 1;
-- docs/PROTOCOL.md sections 7.6 and 7.7): an announcement names which of the issuer's keys it
-- replaces, and the gateway remembers per connection which issuer authentication key the holder has
-- pinned, next to the communication key.

ALTER TABLE deliveries ADD COLUMN announced_key_usage TEXT;
UPDATE deliveries SET announced_key_usage = 'COMMUNICATION' WHERE kind = 'KEY_ROTATION';
ALTER TABLE deliveries ADD CONSTRAINT deliveries_announced_key_usage_known
    CHECK (announced_key_usage IN ('COMMUNICATION', 'AUTHENTICATION'));
COMMENT ON COLUMN deliveries.announced_key_usage IS 'KEY_ROTATION only: usage of the issuer key the announcement names (COMMUNICATION or AUTHENTICATION); NULL for other kinds.';

ALTER TABLE connections ADD COLUMN issuer_auth_kid TEXT;
COMMENT ON COLUMN connections.issuer_auth_kid IS 'The issuer authentication key the holder has pinned as far as the gateway knows: the key of the handshake reply, then the key of the latest authentication-key rotation announcement the connector acknowledged; NULL for connections verified before V7 or not yet VERIFIED.';

-- Before V7 the handshake recorded the X25519 key as the pinned issuer key also on connections of
-- P-256 holders, whose reply carried the tenant's P-256 key: correct those to the ACTIVE P-256 key.
UPDATE connections c SET issuer_comm_kid = k.kid
    FROM tenant_keys k
    WHERE k.tenant_id = c.tenant_id AND k.usage = 'COMMUNICATION' AND k.curve = 'P_256'
      AND k.status = 'ACTIVE' AND c.issuer_comm_kid IS NOT NULL
      AND c.pinned_comm_jwk::jsonb ->> 'crv' = 'P-256';
