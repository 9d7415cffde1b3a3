-- The gateway verifies a connection's key event log on every holder-key check (every few seconds
-- for a busy connection) but writes the verified head only when it moved, so verified_at is when
-- the current head was first verified, no longer the last check.
COMMENT ON COLUMN holder_key_histories.verified_at IS
    'When the current head was first verified (the log is verified on every check; an unchanged head is not written again).';
