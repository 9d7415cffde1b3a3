-- Key registry schema: key owners (DIDs and holder connections), keys, the signed hash-chained key
-- event log, request nonces. Owned by key-registry-service only.

CREATE TABLE key_owners (
    owner_id       TEXT PRIMARY KEY,
    owner_type     TEXT        NOT NULL CHECK (owner_type IN ('DID', 'CONNECTION')),
    created_at     TIMESTAMPTZ NOT NULL,
    head_sequence  BIGINT      NOT NULL,
    head_hash      TEXT        NOT NULL
);
COMMENT ON TABLE key_owners IS 'A DID or a holder connection that owns keys; its row is locked to serialise key changes.';
COMMENT ON COLUMN key_owners.owner_id IS 'The DID, or the connector connection id.';
COMMENT ON COLUMN key_owners.owner_type IS 'DID or CONNECTION.';
COMMENT ON COLUMN key_owners.created_at IS 'When the owner was registered.';
COMMENT ON COLUMN key_owners.head_sequence IS 'Sequence number of the latest key event of this owner.';
COMMENT ON COLUMN key_owners.head_hash IS 'base64url SHA-256 hash of the latest key event (the log head).';

CREATE TABLE keys (
    key_id          TEXT        NOT NULL,
    owner_id        TEXT        NOT NULL REFERENCES key_owners (owner_id),
    usage           TEXT        NOT NULL CHECK (usage IN ('COMMUNICATION', 'AUTHENTICATION')),
    curve           TEXT        NOT NULL CHECK (curve IN ('X25519', 'P-256', 'Ed25519', 'secp256k1')),
    public_jwk      TEXT        NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    revoked_at      TIMESTAMPTZ,
    replaces_key_id TEXT,
    -- The primary key index also carries revoked_at, the only column that ever changes, so the
    -- status check of one kid (GetKey, the connector's hot path) is an index-only scan.
    CONSTRAINT keys_pkey PRIMARY KEY (key_id) INCLUDE (revoked_at)
);
COMMENT ON TABLE keys IS 'Public keys of DIDs and holder connections. A key is ACTIVE until revoked_at, REVOKED from then on.';
COMMENT ON COLUMN keys.key_id IS 'kid of the JWK (RFC 7638 thumbprint by default); globally unique.';
COMMENT ON COLUMN keys.owner_id IS 'The DID or connection id owning the key.';
COMMENT ON COLUMN keys.usage IS 'COMMUNICATION (key agreement) or AUTHENTICATION (request signing).';
COMMENT ON COLUMN keys.curve IS 'JWK crv: X25519 or P-256 for communication, Ed25519 or secp256k1 for authentication.';
COMMENT ON COLUMN keys.public_jwk IS 'The public JWK as JSON text (no private members).';
COMMENT ON COLUMN keys.created_at IS 'When the key became ACTIVE.';
COMMENT ON COLUMN keys.revoked_at IS 'When the key is or was revoked (may be in the future during a rotation grace period); NULL while ACTIVE.';
COMMENT ON COLUMN keys.replaces_key_id IS 'The key this one replaced by rotation.';
-- Covers "ACTIVE keys of an owner (by usage)": an index-only scan, no heap access.
CREATE INDEX keys_owner_usage_idx ON keys (owner_id, usage) INCLUDE (key_id, revoked_at);

CREATE TABLE key_events (
    owner_id         TEXT        NOT NULL REFERENCES key_owners (owner_id),
    sequence         BIGINT      NOT NULL,
    event_type       TEXT        NOT NULL CHECK (event_type IN ('ADDED', 'ROTATED', 'REVOKED')),
    key_id           TEXT        NOT NULL,
    usage            TEXT        NOT NULL,
    public_jwk       TEXT        NOT NULL,
    replaced_key_id  TEXT,
    replaced_key_revoked_at TIMESTAMPTZ,
    occurred_at      TIMESTAMPTZ NOT NULL,
    previous_hash    TEXT        NOT NULL,
    event_hash       TEXT        NOT NULL,
    signer_key_id    TEXT        NOT NULL,
    signed_method    TEXT        NOT NULL,
    signed_nonce     TEXT        NOT NULL,
    signed_at_millis BIGINT      NOT NULL,
    signed_payload   BYTEA       NOT NULL,
    signature        BYTEA       NOT NULL,
    PRIMARY KEY (owner_id, sequence)
);
COMMENT ON TABLE key_events IS 'Append-only, hash-chained, signed log of key changes per owner. Rows are never updated or deleted.';
COMMENT ON COLUMN key_events.owner_id IS 'The DID or connection id whose log this is.';
COMMENT ON COLUMN key_events.sequence IS '1, 2, 3, ... per owner with no gaps.';
COMMENT ON COLUMN key_events.event_type IS 'ADDED, ROTATED or REVOKED.';
COMMENT ON COLUMN key_events.key_id IS 'The key added, rotated in, or revoked.';
COMMENT ON COLUMN key_events.usage IS 'Usage of that key.';
COMMENT ON COLUMN key_events.public_jwk IS 'Public JWK of that key.';
COMMENT ON COLUMN key_events.replaced_key_id IS 'For ROTATED: the key that was replaced.';
COMMENT ON COLUMN key_events.replaced_key_revoked_at IS 'For ROTATED: when the replaced key becomes REVOKED (occurred_at plus the grace period).';
COMMENT ON COLUMN key_events.occurred_at IS 'When the change was committed.';
COMMENT ON COLUMN key_events.previous_hash IS 'event_hash of the previous event; empty for sequence 1.';
COMMENT ON COLUMN key_events.event_hash IS 'base64url SHA-256 of the canonical event bytes (docs/PROTOCOL.md).';
COMMENT ON COLUMN key_events.signer_key_id IS 'kid of the authentication key that authorised the change, or "operator" for an operator revocation.';
COMMENT ON COLUMN key_events.signed_method IS 'gRPC full method name covered by the signature (empty for a key binding proof, "operator-revocation" for an operator revocation).';
COMMENT ON COLUMN key_events.signed_nonce IS 'Nonce covered by the signature.';
COMMENT ON COLUMN key_events.signed_at_millis IS 'Timestamp covered by the signature, Unix epoch ms.';
COMMENT ON COLUMN key_events.signed_payload IS 'Request bytes (or key binding bytes) exactly as signed.';
COMMENT ON COLUMN key_events.signature IS 'The signature, verifiable with the signer key (empty for an operator revocation).';

-- Append-only in the database too: the service never updates or deletes events, and this trigger
-- refuses it for every other client that lacks the privilege to disable triggers. A client that pinned
-- a log head detects what someone with that privilege does anyway (KeyHistoryVerifier).
CREATE FUNCTION key_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'key_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
COMMENT ON FUNCTION key_events_refuse_change() IS 'Refuses UPDATE and DELETE on key_events.';
CREATE TRIGGER key_events_append_only BEFORE UPDATE OR DELETE ON key_events
    FOR EACH ROW EXECUTE FUNCTION key_events_refuse_change();

CREATE TABLE request_nonces (
    nonce       TEXT PRIMARY KEY,
    expires_at  TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE request_nonces IS 'Nonces of signed requests seen within the time window (single use); rows past expires_at are purged.';
COMMENT ON COLUMN request_nonces.nonce IS 'The signer key id, a space, and the x-credrelay-nonce value (kids never contain spaces).';
COMMENT ON COLUMN request_nonces.expires_at IS 'After this instant the timestamp check alone refuses the request, so the row can go.';
CREATE INDEX request_nonces_expiry_idx ON request_nonces (expires_at);
