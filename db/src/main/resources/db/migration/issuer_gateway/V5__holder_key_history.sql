-- Verified key history of pinned holder keys (issue 16 item 4, threat model S8): before sealing to a
-- connection's pinned holder key the gateway fetches the connection's key event log from the key
-- registry, verifies it (hash chain, key binding proof and signatures, transitions, reported head)
-- and that it extends the head verified before. A log that does not (rewritten, truncated, rolled
-- back, a retired key active again) closes the connection as KEY_HISTORY_INVALID.

ALTER TABLE connections DROP CONSTRAINT connections_state_check;
ALTER TABLE connections ADD CONSTRAINT connections_state_check CHECK (state IN
    ('INVITED', 'ACCEPTED', 'VERIFIED', 'KEY_MISMATCH', 'KEY_HISTORY_INVALID', 'EXPIRED', 'REVOKED'));
COMMENT ON COLUMN connections.state IS 'INVITED, ACCEPTED (holder accepted at the connector), VERIFIED (handshake succeeded), KEY_MISMATCH (a delivered key disagreed with the pinned/proven one), KEY_HISTORY_INVALID (the key registry served a key history of the holder that is rewritten, truncated, rolled back or reactivates a retired key), EXPIRED, REVOKED.';

CREATE TABLE holder_key_histories (
    connection_id   UUID        PRIMARY KEY REFERENCES connections (id),
    head_sequence   BIGINT      NOT NULL,
    head_hash       TEXT        NOT NULL,
    verified_at     TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE holder_key_histories IS 'The head of the holder key event log (owner: the connector connection id) last verified for a connection; every later log must extend it.';
COMMENT ON COLUMN holder_key_histories.connection_id IS 'The gateway connection whose pinned holder keys the log covers.';
COMMENT ON COLUMN holder_key_histories.head_sequence IS 'Sequence number of the last verified event.';
COMMENT ON COLUMN holder_key_histories.head_hash IS 'base64url SHA-256 event hash of that event.';
COMMENT ON COLUMN holder_key_histories.verified_at IS 'When the log was last fetched and verified.';
