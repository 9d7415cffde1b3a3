-- Acknowledged delivery (docs/PROTOCOL.md §5.9, decision 0029-ack-acknowledged-delivery): AcknowledgeMessages deletes
-- the acknowledged rows of connector.messages at once (by recipient and id, so it works on a
-- partitioned messages table too). Deleting a recipient's newest messages must not let a later
-- message sort before them: a live stream keeps the (received_at, id) of the last message it
-- delivered in memory and reads "after" it, and a replica whose clock is behind would otherwise
-- give the next message an earlier received_at. So the store remembers, per recipient, the
-- newest received_at it has deleted by acknowledgement, and new messages are received after it.

CREATE TABLE acknowledged_positions (
    recipient_id     TEXT PRIMARY KEY,
    last_received_at TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE acknowledged_positions IS 'Per recipient, the newest received_at among its messages deleted by acknowledgement; new messages to the recipient are received after it, so delivery order never goes backwards when the newest messages were deleted.';
COMMENT ON COLUMN acknowledged_positions.recipient_id IS 'Recipient identity: participant DID or holder key id (as messages.recipient_id).';
COMMENT ON COLUMN acknowledged_positions.last_received_at IS 'The largest received_at of the recipient''s messages deleted by AcknowledgeMessages; only ever grows.';
