-- Credential revocation notices (issue 18 item 4; docs/ISSUER-GATEWAY.md "Credential revocation"):
-- POST /api/v1/credentials/{id}/revocation records that the issuer revoked a delivered credential
-- and queues one CREDENTIAL_REVOCATION delivery in the outbox: an AtalaMessage{credential_revoked}
-- authcrypted, like a credential, from the issuer's communication key to the pinned holder key, on
-- the connection the credential was delivered on. One row per credential makes the call idempotent.

-- Widen the kind check by appending to whatever list it holds now (other migrations of the same
-- release widen it too; re-listing the kinds here would silently drop theirs).
DO $$
DECLARE
    old_definition TEXT;
    new_definition TEXT;
BEGIN
    SELECT pg_get_constraintdef(oid) INTO old_definition FROM pg_constraint
    WHERE conrelid = 'deliveries'::regclass AND conname = 'deliveries_kind_check';
    new_definition := replace(old_definition, '::text]', '::text, ''CREDENTIAL_REVOCATION''::text]');
    IF new_definition IS NULL OR new_definition = old_definition THEN
        RAISE EXCEPTION 'unexpected deliveries_kind_check: %', old_definition;
    END IF;
    ALTER TABLE deliveries DROP CONSTRAINT deliveries_kind_check;
    EXECUTE 'ALTER TABLE deliveries ADD CONSTRAINT deliveries_kind_check ' || new_definition;
END $$;
COMMENT ON COLUMN deliveries.kind IS 'CREDENTIAL (listed in the REST API), HANDSHAKE_REPLY (the issuer confirm JWT; internal), HANDSHAKE_REFUSAL (the issuer''s refusal of a hello; internal), KEY_ROTATION (a key rotation announcement, authcrypted from the previous issuer key; internal) or CREDENTIAL_REVOCATION (a revocation notice, authcrypted like a credential; shown through its credential_revocations row).';

CREATE INDEX deliveries_credential_idx ON deliveries (tenant_id, credential_id) WHERE kind = 'CREDENTIAL';
COMMENT ON INDEX deliveries_credential_idx IS 'Serves the lookup of a tenant''s credential by its credential id (revocation).';

CREATE TABLE credential_revocations (
    credential_id           UUID        PRIMARY KEY,
    tenant_id               UUID        NOT NULL REFERENCES tenants (id),
    connection_id           UUID        NOT NULL REFERENCES connections (id),
    credential_delivery_id  UUID        NOT NULL REFERENCES deliveries (id),
    notice_delivery_id      UUID        NOT NULL UNIQUE REFERENCES deliveries (id),
    reason                  TEXT        NOT NULL,
    revoked_at              TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE credential_revocations IS 'Credentials the issuer revoked after delivery: one row per credential (a repeated revocation request answers this row and sends nothing).';
COMMENT ON COLUMN credential_revocations.credential_id IS 'The revoked credential (CredentialMessage.credential_id as the holder knows it).';
COMMENT ON COLUMN credential_revocations.tenant_id IS 'Owning tenant (the issuer of the credential).';
COMMENT ON COLUMN credential_revocations.connection_id IS 'Gateway connection the credential was delivered on; the notice goes there.';
COMMENT ON COLUMN credential_revocations.credential_delivery_id IS 'The CREDENTIAL delivery that brought the credential to the holder (SENT when revoked).';
COMMENT ON COLUMN credential_revocations.notice_delivery_id IS 'The CREDENTIAL_REVOCATION delivery carrying the notice to the holder; its status is the notice''s.';
COMMENT ON COLUMN credential_revocations.reason IS 'The issuer''s reason as sent to the holder (CredentialRevokedMessage.reason), at most 1024 characters; empty if none was given.';
COMMENT ON COLUMN credential_revocations.revoked_at IS 'When the issuer revoked it (CredentialRevokedMessage.revoked_at_millis).';
