-- Connector schema: participants, connections, holder identities, opaque messages, request nonces.
-- Owned by connector-service only; no foreign keys to other services' schemas.

CREATE TABLE participants (
    did         TEXT PRIMARY KEY,
    name        TEXT        NOT NULL,
    role        TEXT        NOT NULL CHECK (role IN ('ISSUER', 'VERIFIER')),
    created_at  TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE participants IS 'Issuers and verifiers registered at the connector, identified by DID.';
COMMENT ON COLUMN participants.did IS 'DID of the participant (DID core syntax); its keys live in the key registry.';
COMMENT ON COLUMN participants.name IS 'Display name shown to holders by GetConnectionTokenInfo.';
COMMENT ON COLUMN participants.role IS 'ISSUER or VERIFIER.';
COMMENT ON COLUMN participants.created_at IS 'When the participant registered.';

CREATE TABLE holders (
    key_id      TEXT PRIMARY KEY,
    public_jwk  TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE holders IS 'Holders, identified by the authentication key they presented when accepting a connection; used to verify their signed requests.';
COMMENT ON COLUMN holders.key_id IS 'RFC 7638 thumbprint of the holder authentication key (the kid in request metadata).';
COMMENT ON COLUMN holders.public_jwk IS 'Public authentication JWK (Ed25519 or secp256k1) as JSON text.';
COMMENT ON COLUMN holders.created_at IS 'When the key was first presented.';

CREATE TABLE connections (
    id                 UUID PRIMARY KEY,
    token              TEXT        NOT NULL UNIQUE,
    participant_did    TEXT        NOT NULL,
    holder_key_id      TEXT,
    state              TEXT        NOT NULL CHECK (state IN ('INVITED', 'CONNECTED', 'REVOKED')),
    created_at         TIMESTAMPTZ NOT NULL,
    token_expires_at   TIMESTAMPTZ NOT NULL,
    connected_at       TIMESTAMPTZ,
    revoked_at         TIMESTAMPTZ,
    refused_accepts    INTEGER     NOT NULL DEFAULT 0,
    last_refused_at    TIMESTAMPTZ
);
COMMENT ON TABLE connections IS 'One row per connection token; the connection it starts moves INVITED -> CONNECTED -> REVOKED.';
COMMENT ON COLUMN connections.id IS 'Connection id handed to both sides.';
COMMENT ON COLUMN connections.token IS 'Single-use connection token (>= 128 bits from a CSPRNG, base64url).';
COMMENT ON COLUMN connections.participant_did IS 'DID of the participant that generated the token (no FK: participants may be re-registered).';
COMMENT ON COLUMN connections.holder_key_id IS 'Holder authentication key id once accepted; NULL while INVITED.';
COMMENT ON COLUMN connections.state IS 'INVITED, CONNECTED or REVOKED; EXPIRED is derived from token_expires_at.';
COMMENT ON COLUMN connections.created_at IS 'When the token was generated; first key of the connection pagination order.';
COMMENT ON COLUMN connections.token_expires_at IS 'After this instant the token is refused.';
COMMENT ON COLUMN connections.connected_at IS 'When the holder accepted.';
COMMENT ON COLUMN connections.revoked_at IS 'When either side revoked.';
COMMENT ON COLUMN connections.refused_accepts IS 'How many acceptances of this token were refused (used or expired): visible to the issuer.';
COMMENT ON COLUMN connections.last_refused_at IS 'When the last acceptance was refused.';
CREATE INDEX connections_participant_page_idx ON connections (participant_did, created_at, id);
CREATE INDEX connections_holder_page_idx ON connections (holder_key_id, created_at, id) WHERE holder_key_id IS NOT NULL;

CREATE TABLE messages (
    id                 UUID PRIMARY KEY,
    connection_id      UUID        NOT NULL REFERENCES connections (id),
    sender_id          TEXT        NOT NULL,
    recipient_id       TEXT        NOT NULL,
    received_at        TIMESTAMPTZ NOT NULL,
    content            BYTEA       NOT NULL,
    content_sha256     BYTEA       NOT NULL,
    client_message_id  TEXT
);
COMMENT ON TABLE messages IS 'Opaque messages (serialized AtalaMessage bytes) waiting for or delivered to their recipient. Never parsed beyond the outer envelope, never logged.';
COMMENT ON COLUMN messages.id IS 'Message id (UUID); second key of the delivery order.';
COMMENT ON COLUMN messages.connection_id IS 'Connection the message was sent on.';
COMMENT ON COLUMN messages.sender_id IS 'Sender identity: participant DID or holder key id.';
COMMENT ON COLUMN messages.recipient_id IS 'Recipient identity: participant DID or holder key id.';
COMMENT ON COLUMN messages.received_at IS 'Server time the message was stored; first key of the delivery order.';
COMMENT ON COLUMN messages.content IS 'The serialized AtalaMessage exactly as sent (ciphertext for EncryptedMessage).';
COMMENT ON COLUMN messages.content_sha256 IS 'SHA-256 of content, to answer an idempotent retry without comparing whole payloads.';
COMMENT ON COLUMN messages.client_message_id IS 'Optional sender-chosen idempotency id, unique per sender.';
CREATE INDEX messages_recipient_page_idx ON messages (recipient_id, received_at, id);
CREATE UNIQUE INDEX messages_client_id_idx ON messages (sender_id, client_message_id) WHERE client_message_id IS NOT NULL;

CREATE TABLE request_nonces (
    nonce       TEXT PRIMARY KEY,
    expires_at  TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE request_nonces IS 'Nonces of signed requests seen within the time window (single use); rows past expires_at are purged.';
COMMENT ON COLUMN request_nonces.nonce IS 'The x-credrelay-nonce value, prefixed by the signer key id.';
COMMENT ON COLUMN request_nonces.expires_at IS 'After this instant the timestamp check alone refuses the request, so the row can go.';
CREATE INDEX request_nonces_expiry_idx ON request_nonces (expires_at);
