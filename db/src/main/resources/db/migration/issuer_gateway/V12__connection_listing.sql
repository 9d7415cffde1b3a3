-- Connection listing for the portal (issue 18 item 5): a stable machine-readable code of the last
-- error beside the free-text last_failure, and indexes for the keyset listing (oldest first, as the
-- delivery listing) and the counts by state.

ALTER TABLE connections ADD COLUMN last_error_code TEXT CHECK (last_error_code IN
    ('HANDSHAKE_REFUSED', 'HOLDER_KEY_ROTATION_REFUSED', 'KEY_MISMATCH', 'KEY_HISTORY_INVALID',
     'EXPIRED', 'REVOKED'));
COMMENT ON COLUMN connections.last_error_code IS 'Stable machine-readable code (ConnectionErrorCode) of the last error: the closed state (KEY_MISMATCH, KEY_HISTORY_INVALID, EXPIRED, REVOKED) once closed, else HANDSHAKE_REFUSED or HOLDER_KEY_ROTATION_REFUSED when last_failure says so; NULL when nothing went wrong.';
-- Rows written before this version: the code follows from the state and the prefix of last_failure.
UPDATE connections SET last_error_code = CASE
    WHEN state IN ('KEY_MISMATCH', 'KEY_HISTORY_INVALID', 'EXPIRED', 'REVOKED') THEN state
    WHEN last_failure LIKE 'HANDSHAKE_FAILED:%' THEN 'HANDSHAKE_REFUSED'
    WHEN last_failure IS NOT NULL THEN 'HOLDER_KEY_ROTATION_REFUSED'
  END;

DROP INDEX connections_tenant_page_idx;
CREATE INDEX connections_tenant_page_idx ON connections (tenant_id, created_at, id);
COMMENT ON INDEX connections_tenant_page_idx IS 'Serves the keyset listing of a tenant''s connections in (created_at, id) order, with or without a time filter.';
CREATE INDEX connections_tenant_state_idx ON connections (tenant_id, state, created_at, id);
COMMENT ON INDEX connections_tenant_state_idx IS 'Serves the keyset listing of a tenant''s connections in one state, and their counts by state.';
