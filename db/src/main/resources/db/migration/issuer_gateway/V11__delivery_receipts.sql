-- Delivery receipts (issue 18 item 1, docs/PROTOCOL.md "Delivery receipts"): a credential delivery
-- becomes DELIVERED when the holder's wallet reports, in a receipt sealed with its pinned key, that
-- it saved the credential.

ALTER TABLE deliveries DROP CONSTRAINT deliveries_status_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_status_check CHECK (status IN
    ('ACCEPTED', 'WAITING_FOR_HANDSHAKE', 'SENT', 'DELIVERED', 'FAILED', 'EXPIRED'));
COMMENT ON COLUMN deliveries.status IS 'ACCEPTED (queued), WAITING_FOR_HANDSHAKE (connection not yet VERIFIED), SENT (acknowledged by the connector), DELIVERED (SENT, and the holder''s wallet sent a sealed receipt: it saved the credential), FAILED (refused for good, see failure_code), EXPIRED (deadline_at passed before the connector acknowledged it).';

ALTER TABLE deliveries ADD COLUMN delivered_at TIMESTAMPTZ;
COMMENT ON COLUMN deliveries.delivered_at IS 'CREDENTIAL only: when the holder''s receipt for it arrived (status DELIVERED). Set before SENT only when the receipt overtook the connector''s acknowledgement; the delivery then becomes DELIVERED right after SENT. NULL without a receipt.';

DROP INDEX deliveries_erasable_idx;
CREATE INDEX deliveries_erasable_idx ON deliveries (finished_at)
    WHERE payload_erased_at IS NULL AND status IN ('SENT', 'DELIVERED', 'FAILED', 'EXPIRED');
COMMENT ON INDEX deliveries_erasable_idx IS 'Serves the retention purge of finished deliveries.';
