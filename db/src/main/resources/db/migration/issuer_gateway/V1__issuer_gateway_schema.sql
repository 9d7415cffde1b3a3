-- Issuer gateway schema: issuers (tenants) with their keys and API keys, invitations and the
-- connections made from them, the credential outbox, handshake JWT ids and message stream cursors.
-- Owned by issuer-gateway only; no foreign key leaves this schema.
--
-- Secrets are never stored in plaintext: private keys, invitation URIs (they carry the invitation
-- secret) and credential documents are AES-256-GCM ciphertexts under the key-encryption key, with
-- the row id and purpose as associated data (a ciphertext copied to another row does not decrypt).

CREATE TABLE tenants (
    id                       UUID PRIMARY KEY,
    name                     TEXT        NOT NULL,
    did                      TEXT        NOT NULL UNIQUE,
    did_derived              BOOLEAN     NOT NULL,
    oauth_issuer             TEXT        UNIQUE,
    registry_registered_at   TIMESTAMPTZ,
    connector_registered_at  TIMESTAMPTZ,
    registration_error       TEXT,
    created_at               TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE tenants IS 'Issuers served by this gateway (one row per tenant).';
COMMENT ON COLUMN tenants.id IS 'Tenant id (UUID) used by the REST API and every tenant-owned row.';
COMMENT ON COLUMN tenants.name IS 'Display name shown to holders (1-64 characters), registered at the connector.';
COMMENT ON COLUMN tenants.did IS 'The issuer DID registered in the key registry and at the connector.';
COMMENT ON COLUMN tenants.did_derived IS 'True if the DID is the did:key derived from the authentication key; false if given at creation.';
COMMENT ON COLUMN tenants.oauth_issuer IS 'Value of the configured JWT claim (default iss) that maps an OAuth2 bearer token to this tenant; NULL = API keys only.';
COMMENT ON COLUMN tenants.registry_registered_at IS 'When RegisterDid succeeded at the key registry; NULL until then.';
COMMENT ON COLUMN tenants.connector_registered_at IS 'When RegisterParticipant succeeded at the connector; NULL until then.';
COMMENT ON COLUMN tenants.registration_error IS 'Reason of the last failed registration attempt (gRPC status, no secrets); NULL once registered.';
COMMENT ON COLUMN tenants.created_at IS 'When the tenant was created.';

CREATE TABLE tenant_keys (
    id                      UUID PRIMARY KEY,
    tenant_id               UUID        NOT NULL REFERENCES tenants (id),
    usage                   TEXT        NOT NULL CHECK (usage IN ('AUTHENTICATION', 'COMMUNICATION')),
    kid                     TEXT        NOT NULL,
    public_jwk              TEXT        NOT NULL,
    private_jwk_ciphertext  BYTEA       NOT NULL,
    status                  TEXT        NOT NULL CHECK (status IN ('PENDING', 'ACTIVE', 'RETIRED')),
    created_at              TIMESTAMPTZ NOT NULL,
    activated_at            TIMESTAMPTZ,
    retired_at              TIMESTAMPTZ,
    CONSTRAINT tenant_keys_kid_unique UNIQUE (tenant_id, kid)
);
COMMENT ON TABLE tenant_keys IS 'Key pairs of each tenant: one ACTIVE per usage, PENDING during a rotation, RETIRED ones kept for the record.';
COMMENT ON COLUMN tenant_keys.id IS 'Row id; part of the associated data of private_jwk_ciphertext.';
COMMENT ON COLUMN tenant_keys.tenant_id IS 'Owning tenant.';
COMMENT ON COLUMN tenant_keys.usage IS 'AUTHENTICATION (Ed25519, signs requests) or COMMUNICATION (X25519, authcrypt sender key).';
COMMENT ON COLUMN tenant_keys.kid IS 'Key id: RFC 7638 thumbprint of the public key, as registered in the key registry.';
COMMENT ON COLUMN tenant_keys.public_jwk IS 'Public JWK JSON (no private members).';
COMMENT ON COLUMN tenant_keys.private_jwk_ciphertext IS 'Private JWK encrypted with the key-encryption key (AES-256-GCM, AAD = purpose + row id). Never logged or returned.';
COMMENT ON COLUMN tenant_keys.status IS 'PENDING (generated, rotation not yet confirmed by the registry), ACTIVE, RETIRED (replaced; kept for the record).';
COMMENT ON COLUMN tenant_keys.created_at IS 'When the key pair was generated.';
COMMENT ON COLUMN tenant_keys.activated_at IS 'When the key became ACTIVE; NULL while PENDING.';
COMMENT ON COLUMN tenant_keys.retired_at IS 'When the key was replaced; NULL unless RETIRED.';
CREATE UNIQUE INDEX tenant_keys_one_active_idx ON tenant_keys (tenant_id, usage) WHERE status = 'ACTIVE';
COMMENT ON INDEX tenant_keys_one_active_idx IS 'At most one ACTIVE key per tenant and usage; serves the active key lookup.';

CREATE TABLE api_keys (
    key_hash    BYTEA PRIMARY KEY,
    tenant_id   UUID        NOT NULL REFERENCES tenants (id),
    created_at  TIMESTAMPTZ NOT NULL,
    revoked_at  TIMESTAMPTZ
);
COMMENT ON TABLE api_keys IS 'Per-tenant API keys, stored as SHA-256 hashes only (the key itself is shown once at creation).';
COMMENT ON COLUMN api_keys.key_hash IS 'SHA-256 of the API key as sent in the X-Api-Key header.';
COMMENT ON COLUMN api_keys.tenant_id IS 'The tenant the key authenticates.';
COMMENT ON COLUMN api_keys.created_at IS 'When the key was issued.';
COMMENT ON COLUMN api_keys.revoked_at IS 'When the key stopped working; NULL while valid.';

CREATE TABLE invitations (
    id                          UUID PRIMARY KEY,
    tenant_id                   UUID        NOT NULL REFERENCES tenants (id),
    connector_connection_id     TEXT        NOT NULL,
    token                       TEXT        NOT NULL,
    uri_ciphertext              BYTEA,
    label                       TEXT,
    expires_at                  TIMESTAMPTZ NOT NULL,
    created_at                  TIMESTAMPTZ NOT NULL,
    cancelled_at                TIMESTAMPTZ,
    uri_erased_at               TIMESTAMPTZ,
    CONSTRAINT invitations_connection_unique UNIQUE (tenant_id, connector_connection_id)
);
COMMENT ON TABLE invitations IS 'Out-of-band invitations (token + secret + DID + expiry); same id as the connection made from it.';
COMMENT ON COLUMN invitations.id IS 'Invitation id = id of its connection in the REST API.';
COMMENT ON COLUMN invitations.tenant_id IS 'Owning tenant.';
COMMENT ON COLUMN invitations.connector_connection_id IS 'Connection id the connector returned with the token (connector-assigned, untrusted; unique per tenant).';
COMMENT ON COLUMN invitations.token IS 'Connection token from GenerateConnectionToken (the connector knows it; not a secret).';
COMMENT ON COLUMN invitations.uri_ciphertext IS 'The invitation URI including its 256-bit secret, encrypted with the key-encryption key (AAD = purpose + id); NULL once erased after the handshake, cancellation or expiry.';
COMMENT ON COLUMN invitations.label IS 'Free text of the issuer portal (e.g. its own reference), at most 200 characters; never sent to the connector.';
COMMENT ON COLUMN invitations.expires_at IS 'When the invitation (and the connector token) expires.';
COMMENT ON COLUMN invitations.created_at IS 'When the invitation was created.';
COMMENT ON COLUMN invitations.cancelled_at IS 'When the issuer cancelled it (connection revoked at the connector); NULL otherwise.';
COMMENT ON COLUMN invitations.uri_erased_at IS 'When uri_ciphertext was erased; NULL while the URI is available.';
CREATE INDEX invitations_tenant_page_idx ON invitations (tenant_id, created_at DESC, id DESC);
COMMENT ON INDEX invitations_tenant_page_idx IS 'Serves the paginated invitation list of a tenant, newest first.';

CREATE TABLE connections (
    id                          UUID PRIMARY KEY REFERENCES invitations (id),
    tenant_id                   UUID        NOT NULL REFERENCES tenants (id),
    connector_connection_id     TEXT        NOT NULL,
    state                       TEXT        NOT NULL CHECK (state IN
                                    ('INVITED', 'ACCEPTED', 'VERIFIED', 'KEY_MISMATCH', 'EXPIRED', 'REVOKED')),
    holder_key_id               TEXT,
    pinned_auth_jwk             TEXT,
    pinned_comm_jwk             TEXT,
    pinned_comm_kid             TEXT,
    safety_number               TEXT,
    handshake_failures          INTEGER     NOT NULL DEFAULT 0,
    last_failure                TEXT,
    created_at                  TIMESTAMPTZ NOT NULL,
    accepted_at                 TIMESTAMPTZ,
    verified_at                 TIMESTAMPTZ,
    closed_at                   TIMESTAMPTZ,
    updated_at                  TIMESTAMPTZ NOT NULL,
    CONSTRAINT connections_connector_unique UNIQUE (tenant_id, connector_connection_id)
);
COMMENT ON TABLE connections IS 'Connections of a tenant with holders, their state and the holder keys pinned by the handshake.';
COMMENT ON COLUMN connections.id IS 'Connection id in the REST API (= invitation id).';
COMMENT ON COLUMN connections.tenant_id IS 'Owning tenant.';
COMMENT ON COLUMN connections.connector_connection_id IS 'The connector''s connection id (used on the wire; unique per tenant).';
COMMENT ON COLUMN connections.state IS 'INVITED, ACCEPTED (holder accepted at the connector), VERIFIED (handshake succeeded), KEY_MISMATCH (a delivered key disagreed with the pinned/proven one), EXPIRED, REVOKED.';
COMMENT ON COLUMN connections.holder_key_id IS 'Holder authentication key id as reported by the connector (ConnectionInfo.holder_key_id).';
COMMENT ON COLUMN connections.pinned_auth_jwk IS 'Holder authentication key (public JWK) proven by the handshake; NULL until VERIFIED.';
COMMENT ON COLUMN connections.pinned_comm_jwk IS 'Holder communication key (public JWK) proven by the handshake; credentials are encrypted only to it.';
COMMENT ON COLUMN connections.pinned_comm_kid IS 'kid of pinned_comm_jwk (EncryptedMessage.key_id).';
COMMENT ON COLUMN connections.safety_number IS '60-digit safety number over both parties'' keys, for an out-of-band comparison; NULL until VERIFIED.';
COMMENT ON COLUMN connections.handshake_failures IS 'How many holder handshake messages were refused on this connection.';
COMMENT ON COLUMN connections.last_failure IS 'Reason of the last refused handshake or key check (no secrets).';
COMMENT ON COLUMN connections.created_at IS 'When the connection (invitation) was created.';
COMMENT ON COLUMN connections.accepted_at IS 'When the gateway learned that the holder accepted at the connector.';
COMMENT ON COLUMN connections.verified_at IS 'When the handshake succeeded.';
COMMENT ON COLUMN connections.closed_at IS 'When the connection became REVOKED, EXPIRED or KEY_MISMATCH.';
COMMENT ON COLUMN connections.updated_at IS 'Last change of this row.';
CREATE INDEX connections_tenant_page_idx ON connections (tenant_id, created_at DESC, id DESC);
COMMENT ON INDEX connections_tenant_page_idx IS 'Serves the paginated connection list of a tenant, newest first.';
CREATE INDEX connections_open_idx ON connections (created_at) WHERE state IN ('INVITED', 'ACCEPTED');
COMMENT ON INDEX connections_open_idx IS 'Serves the state synchronisation of not yet verified connections.';

CREATE TABLE deliveries (
    id                      UUID PRIMARY KEY,
    tenant_id               UUID        NOT NULL REFERENCES tenants (id),
    connection_id           UUID        NOT NULL REFERENCES connections (id),
    kind                    TEXT        NOT NULL CHECK (kind IN ('CREDENTIAL', 'HANDSHAKE_REPLY')),
    credential_id           UUID,
    idempotency_key         TEXT,
    item_index              INTEGER,
    request_hash            BYTEA,
    status                  TEXT        NOT NULL CHECK (status IN ('ACCEPTED', 'WAITING_FOR_HANDSHAKE', 'SENT', 'FAILED')),
    failure_reason          TEXT,
    payload_ciphertext      BYTEA,
    message                 BYTEA,
    recipient_key_id        TEXT,
    attempts                INTEGER     NOT NULL DEFAULT 0,
    next_attempt_at         TIMESTAMPTZ NOT NULL,
    lease_owner             TEXT,
    lease_until             TIMESTAMPTZ,
    connector_message_id    TEXT,
    created_at              TIMESTAMPTZ NOT NULL,
    sent_at                 TIMESTAMPTZ,
    finished_at             TIMESTAMPTZ,
    payload_erased_at       TIMESTAMPTZ,
    updated_at              TIMESTAMPTZ NOT NULL,
    CONSTRAINT deliveries_idempotency_unique UNIQUE (tenant_id, idempotency_key, item_index)
);
COMMENT ON TABLE deliveries IS 'Transactional outbox: every accepted credential (and each handshake reply) until the connector acknowledged it.';
COMMENT ON COLUMN deliveries.id IS 'Delivery id returned with 202; also the connector client_message_id, so a resend is deduplicated.';
COMMENT ON COLUMN deliveries.tenant_id IS 'Owning tenant.';
COMMENT ON COLUMN deliveries.connection_id IS 'Gateway connection the message goes to.';
COMMENT ON COLUMN deliveries.kind IS 'CREDENTIAL (listed in the REST API) or HANDSHAKE_REPLY (the issuer confirm JWT; internal).';
COMMENT ON COLUMN deliveries.credential_id IS 'CredentialMessage.credential_id (stable across retries); NULL for handshake replies.';
COMMENT ON COLUMN deliveries.idempotency_key IS 'Idempotency-Key header of the issuing request; NULL for handshake replies.';
COMMENT ON COLUMN deliveries.item_index IS 'Position in the issuing request (0 for a single credential, 0..n-1 in a batch).';
COMMENT ON COLUMN deliveries.request_hash IS 'SHA-256 of the canonical issuing request; a reused Idempotency-Key with another hash is refused.';
COMMENT ON COLUMN deliveries.status IS 'ACCEPTED (queued), WAITING_FOR_HANDSHAKE (connection not yet VERIFIED), SENT (acknowledged by the connector), FAILED (see failure_reason).';
COMMENT ON COLUMN deliveries.failure_reason IS 'Why the delivery FAILED, or why the last attempt did not succeed (no secrets, no content).';
COMMENT ON COLUMN deliveries.payload_ciphertext IS 'Credential document encrypted with the key-encryption key (AAD = purpose + id); erased (NULL) after SENT/FAILED plus the configured retention.';
COMMENT ON COLUMN deliveries.message IS 'The exact serialized AtalaMessage to send once built (an authcrypt JWE for credentials, so ciphertext): retries send identical bytes.';
COMMENT ON COLUMN deliveries.recipient_key_id IS 'Pinned holder communication kid the envelope is encrypted to.';
COMMENT ON COLUMN deliveries.attempts IS 'How many times a worker claimed this delivery.';
COMMENT ON COLUMN deliveries.next_attempt_at IS 'Earliest time of the next attempt (exponential backoff).';
COMMENT ON COLUMN deliveries.lease_owner IS 'Worker currently holding the delivery; NULL when none.';
COMMENT ON COLUMN deliveries.lease_until IS 'Until when lease_owner holds it; after that another worker may claim it.';
COMMENT ON COLUMN deliveries.connector_message_id IS 'Message id the connector acknowledged with.';
COMMENT ON COLUMN deliveries.created_at IS 'When the credential was accepted (also CredentialMessage.issued_at_millis).';
COMMENT ON COLUMN deliveries.sent_at IS 'When the connector acknowledged it.';
COMMENT ON COLUMN deliveries.finished_at IS 'When the delivery reached SENT or FAILED.';
COMMENT ON COLUMN deliveries.payload_erased_at IS 'When payload_ciphertext and message were erased.';
COMMENT ON COLUMN deliveries.updated_at IS 'Last change of this row.';
CREATE INDEX deliveries_due_idx ON deliveries (next_attempt_at) WHERE status IN ('ACCEPTED', 'WAITING_FOR_HANDSHAKE');
COMMENT ON INDEX deliveries_due_idx IS 'Serves the worker claim (due, unfinished deliveries in next_attempt_at order).';
CREATE INDEX deliveries_tenant_page_idx ON deliveries (tenant_id, created_at, id) WHERE kind = 'CREDENTIAL';
COMMENT ON INDEX deliveries_tenant_page_idx IS 'Serves the keyset-paginated delivery list of a tenant.';
CREATE INDEX deliveries_connection_idx ON deliveries (connection_id, kind, status);
COMMENT ON INDEX deliveries_connection_idx IS 'Serves per-connection lookups (handshake reply sent? waiting credentials to wake).';
CREATE INDEX deliveries_erasable_idx ON deliveries (finished_at) WHERE payload_erased_at IS NULL AND status IN ('SENT', 'FAILED');
COMMENT ON INDEX deliveries_erasable_idx IS 'Serves the retention purge of finished deliveries.';

CREATE TABLE handshake_jtis (
    jti         TEXT PRIMARY KEY,
    expires_at  TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE handshake_jtis IS 'Ids (jti) of accepted holder handshake JWTs, so none is accepted twice (replay).';
COMMENT ON COLUMN handshake_jtis.jti IS 'The JWT id as sent by the holder.';
COMMENT ON COLUMN handshake_jtis.expires_at IS 'After this instant the JWT has expired and the row may be purged.';
CREATE INDEX handshake_jtis_expiry_idx ON handshake_jtis (expires_at);
COMMENT ON INDEX handshake_jtis_expiry_idx IS 'Serves the purge of expired ids.';

CREATE TABLE stream_cursors (
    tenant_id             UUID PRIMARY KEY REFERENCES tenants (id),
    last_seen_message_id  TEXT        NOT NULL,
    updated_at            TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE stream_cursors IS 'Per tenant, the id of the last connector message processed from its message stream.';
COMMENT ON COLUMN stream_cursors.tenant_id IS 'The tenant whose stream this is.';
COMMENT ON COLUMN stream_cursors.last_seen_message_id IS 'Connector message id to resume GetMessageStream after.';
COMMENT ON COLUMN stream_cursors.updated_at IS 'When the cursor last moved.';
