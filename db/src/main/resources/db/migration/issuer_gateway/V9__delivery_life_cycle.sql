-- Delivery life cycle (issue 18 items 2, 3, 5): a deadline per credential delivery (EXPIRED once it
-- passes), a stable machine-readable failure code beside the free-text reason, and resend (a new
-- delivery linked to the FAILED or EXPIRED one it re-issues).

ALTER TABLE deliveries DROP CONSTRAINT deliveries_status_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_status_check CHECK (status IN
    ('ACCEPTED', 'WAITING_FOR_HANDSHAKE', 'SENT', 'FAILED', 'EXPIRED'));
COMMENT ON COLUMN deliveries.status IS 'ACCEPTED (queued), WAITING_FOR_HANDSHAKE (connection not yet VERIFIED), SENT (acknowledged by the connector), FAILED (refused for good, see failure_code), EXPIRED (deadline_at passed before the connector acknowledged it).';

ALTER TABLE deliveries ADD COLUMN failure_code TEXT;
COMMENT ON COLUMN deliveries.failure_code IS 'Stable machine-readable code (DeliveryFailureCode) of failure_reason: why the delivery FAILED or EXPIRED, or why its last attempt did not succeed; NULL once SENT.';

ALTER TABLE deliveries ADD COLUMN deadline_at TIMESTAMPTZ;
COMMENT ON COLUMN deliveries.deadline_at IS 'CREDENTIAL only: if the connector has not acknowledged the delivery by then it becomes EXPIRED (default created_at + 7 days; per tenant and per request; at most gateway.delivery.max-deadline). NULL for internal kinds, which have none.';
-- Credentials queued before this version get the default deadline from their acceptance.
UPDATE deliveries SET deadline_at = created_at + INTERVAL '7 days'
WHERE kind = 'CREDENTIAL' AND status IN ('ACCEPTED', 'WAITING_FOR_HANDSHAKE');

ALTER TABLE deliveries ADD COLUMN resend_of UUID REFERENCES deliveries (id);
COMMENT ON COLUMN deliveries.resend_of IS 'The FAILED or EXPIRED delivery this one re-issues (POST /api/v1/deliveries/{id}/resend); NULL for a first delivery.';
CREATE UNIQUE INDEX deliveries_resend_of_unique ON deliveries (resend_of) WHERE resend_of IS NOT NULL;
COMMENT ON INDEX deliveries_resend_of_unique IS 'A delivery is re-issued at most once (a resend that fails again is resent itself); also serves "which delivery re-issued this one?".';

CREATE INDEX deliveries_deadline_idx ON deliveries (deadline_at)
    WHERE status IN ('ACCEPTED', 'WAITING_FOR_HANDSHAKE') AND deadline_at IS NOT NULL;
COMMENT ON INDEX deliveries_deadline_idx IS 'Serves the expiry job (unfinished deliveries whose deadline passed).';

DROP INDEX deliveries_erasable_idx;
CREATE INDEX deliveries_erasable_idx ON deliveries (finished_at)
    WHERE payload_erased_at IS NULL AND status IN ('SENT', 'FAILED', 'EXPIRED');
COMMENT ON INDEX deliveries_erasable_idx IS 'Serves the retention purge of finished deliveries.';

