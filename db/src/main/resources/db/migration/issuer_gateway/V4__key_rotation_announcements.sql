-- Key rotation with continuity (issue 16, items 1 and 2; docs/decisions/0028-rotation-announcements.md):
-- a rotation of the issuer's communication key queues one KEY_ROTATION announcement per VERIFIED
-- connection in the outbox (sealed from the key the holder has pinned), and the gateway remembers
-- per connection which issuer key the holder has been told to pin.

ALTER TABLE deliveries DROP CONSTRAINT deliveries_kind_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_kind_check
    CHECK (kind IN ('CREDENTIAL', 'HANDSHAKE_REPLY', 'HANDSHAKE_REFUSAL', 'KEY_ROTATION'));
ALTER TABLE deliveries ADD COLUMN announced_key_id TEXT;
COMMENT ON COLUMN deliveries.kind IS 'CREDENTIAL (listed in the REST API), HANDSHAKE_REPLY (the issuer confirm JWT; internal), HANDSHAKE_REFUSAL (the issuer''s refusal of a hello; internal) or KEY_ROTATION (a key rotation announcement, authcrypted from the previous issuer key; internal).';
COMMENT ON COLUMN deliveries.announced_key_id IS 'KEY_ROTATION only: kid of the new issuer key the announcement names; NULL for other kinds.';

ALTER TABLE connections ADD COLUMN issuer_comm_kid TEXT;
ALTER TABLE connections ADD COLUMN issuer_comm_kid_at TIMESTAMPTZ;
ALTER TABLE connections ADD COLUMN holder_comm_rotated_at TIMESTAMPTZ;
COMMENT ON COLUMN connections.issuer_comm_kid IS 'The issuer communication key the holder has pinned as far as the gateway knows: the key of the handshake reply, then the key of the latest rotation announcement the connector acknowledged; NULL for connections verified before V4 or not yet VERIFIED.';
COMMENT ON COLUMN connections.issuer_comm_kid_at IS 'When issuer_comm_kid was last set (handshake reply queued, or announcement acknowledged).';
COMMENT ON COLUMN connections.holder_comm_rotated_at IS 'When the gateway last re-pinned the holder communication key after a verified holder rotation announcement; NULL if never.';

-- Per-connection ordering: a credential waits while an announcement of its connection is unsent.
CREATE INDEX deliveries_unsent_rotation_idx ON deliveries (connection_id, created_at)
    WHERE kind = 'KEY_ROTATION' AND status IN ('ACCEPTED', 'WAITING_FOR_HANDSHAKE');
COMMENT ON INDEX deliveries_unsent_rotation_idx IS 'Serves the check "is a key rotation announcement of this connection still unsent?" before a credential or a later announcement is sealed.';
